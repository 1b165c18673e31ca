"""`i18n check` S002 (Latin-script words in a Chinese translation) on real entries of GNU coreutils, wget,
gettext, Django and the Python docs (zh_CN, human-reviewed): code and names stay verbatim, untranslated
English is still reported."""
import pytest

from i18n.checks import check
from i18n.po import read_catalog


def s002(matcher, source, translation):
    po = ('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          f'msgid "{source}"\nmsgstr "{translation}"\n')
    return [f.message for f in check([("c.po", read_catalog(po))], matcher).findings if f.rule == "S002"]


VERBATIM = {
    "option": ("-ef does not accept -l", "-ef 不能与 -l 同时使用"),
    "option-in-brackets": ("waiting for %s [-d]", "等待 %s [-d]"),
    "long-option": ("      --no-clobber  do not overwrite an existing file\\n", "      --no-clobber  不覆盖已存在的文件\\n"),
    "mode": ("  u+rwx   set the permissions\\n", "  u+rwx   设置权限\\n"),
    "key": ("id=", "id="),
    "key-placeholder": ("uid=%s", "uid=%s"),
    "dotted": ("p.m.", "p.m."),
    "python-name": ("use math.isclose() to compare", "使用 math.isclose() 进行比较"),
    "rest-role": ("Alternatively, the :func:`round` function can be used",
                  "或者，也可以使用 :func:`round` 函数"),
    "code-element": ("run <code>python manage.py startapp</code>", "运行 <code>python manage.py startapp</code>"),
    "strftime": ("%b %e  %Y", "%Y年%b%e日"),
    "keyword-column": ("  nofollow  do not follow symlinks\\n", "  nofollow  不跟随符号链接\\n"),
    "personal-name": ("Brian Fox", "Brian Fox"),
    "initial": ("David M. Ihnat", "David M. Ihnat"),
    "product-camel-case": ("preserve SELinux security context", "保留 SELinux 安全上下文"),
    "product-capitalized": ("Your GnuTLS version is too old", "您的 GnuTLS 版本太旧"),
    "library": ("NumPy arrays hold floats", "NumPy 数组保存浮点数"),
}


@pytest.mark.parametrize("source, translation", VERBATIM.values(), ids=VERBATIM.keys())
def test_code_and_names_kept_from_the_source_are_not_foreign_words(matcher, source, translation):
    assert s002(matcher, source, translation) == []


RESIDUE = {
    "the-issue": ("Stem cells may repair myelin.", "干细胞可能修复myelin。", "myelin"),
    "before-a-period": ("Stem cells may repair myelin.", "干细胞可能修复myelin.", "myelin"),
    "lowercase-from-the-source": ("not a tty", "不是一个 tty", "tty"),
    "sentence-start": ("Mobility often improves after treatment.", "Mobility 在治疗后常有改善。", "Mobility"),
    "phrase": ("“%c” may not start a field name", "“%c”不可以field name 开始", "field, name"),
    "not-in-the-source": ("Enter a valid email address.", "输入一个有效的 Email 地址。", "Email"),
    "beside-a-code-token": ("      --base16   hex encoding (RFC4648 section 8)\\n",
                            "      --base16   十六进制编码 (RFC4648 section 8)\\n", "section"),
    "keyword-column-not-in-source": ("  nofollow  do not follow symlinks\\n", "  不跟随  follow symlinks\\n",
                                     "follow, symlinks"),
}


@pytest.mark.parametrize("source, translation, words", RESIDUE.values(), ids=RESIDUE.keys())
def test_untranslated_english_is_still_reported(matcher, source, translation, words):
    assert s002(matcher, source, translation) == [f"Latin-script word(s) {words} in a Chinese translation"]
