"""`i18n check` on repeated terms (T004: ``术语 (术语)``, ``MS（MS）``, ``术语术语``) and their safe fix, and the
consistency rules' treatment of msgctxt (both compare across contexts: here a msgctxt is a kind of block)."""
import json

import pytest
from click.testing import CliRunner

from i18n import catalog as cat
from i18n.checks import apply_fixes, check
from i18n.cli import cli
from i18n.document import parse_document
from i18n.glossary import TermMatcher
from i18n.normalize import resolve_duplications
from i18n.po import read_catalog, write_catalog
from i18n.segment import segment_document

HEADERS = {"zh_Hans": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}


def po(language, *entries):
    """A catalogue read from .po text: entries are (msgid, msgstr) or (msgctxt, msgid, msgstr)."""
    header = (f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Plural-Forms: {HEADERS[language]}\\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n')
    blocks = []
    for entry in entries:
        *context, msgid, msgstr = entry
        blocks.append("".join(f'msgctxt "{c}"\n' for c in context) + f'msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    return read_catalog("\n".join([header, *blocks]))


def findings(matcher, *catalogues):
    return check([(f"c{i}.po", c) for i, c in enumerate(catalogues)], matcher).findings


# (language, source, translation with a repeated term, what --fix makes of it)
REPEATED = [
    ("zh_Hans", "Unveiling the Potential of Stem Cell Therapy", "揭示干细胞治疗 (干细胞治疗) 的潜力", "揭示干细胞治疗的潜力"),
    ("zh_Hans", "Unveiling the Potential of Stem Cell Therapy", "揭示干细胞治疗（干细胞治疗）的潜力", "揭示干细胞治疗的潜力"),
    ("zh_Hans", "Unveiling the Potential of Stem Cell Therapy", "揭示干细胞治疗 （干细胞治疗）的潜力", "揭示干细胞治疗的潜力"),
    ("zh_Hans", "Stem cell therapy holds promise for MS treatment.", "干细胞治疗在MS（MS）治疗中前景广阔。",
     "干细胞治疗在MS治疗中前景广阔。"),
    ("zh_Hans", "Stem cell therapy holds promise for MS treatment.", "干细胞治疗在MS (MS)治疗中前景广阔。",
     "干细胞治疗在MS治疗中前景广阔。"),
    ("zh_Hans", "Multiple sclerosis (MS) is a disease.", "多发性硬化（多发性硬化）是一种疾病。", "多发性硬化（MS）是一种疾病。"),
    ("zh_Hans", "Multiple sclerosis (MS) is a disease.", "多发性硬化 (多发性硬化) 是一种疾病。", "多发性硬化（MS）是一种疾病。"),
    ("zh_Hans", "Stem cell therapy is still experimental.", "干细胞治疗干细胞治疗仍处于试验阶段。", "干细胞治疗仍处于试验阶段。"),
    ("en", "骨髓是干细胞的来源。", "Bone marrow (bone marrow) is a source of stem cells.",
     "Bone marrow is a source of stem cells."),
    ("en", "多发性硬化是一种疾病。", "Multiple sclerosis (multiple sclerosis) is a disease.",
     "Multiple sclerosis (MS) is a disease."),
    ("en", "MSCs 可以迁移到炎症部位。", "MSCs (MSCs) can migrate to sites of inflammation.",
     "MSCs can migrate to sites of inflammation."),
]


@pytest.mark.parametrize("language, source, translation, fixed", REPEATED,
                         ids=["half-width", "full-width", "space-full-width", "acronym-full-width",
                              "acronym-half-width", "term-with-acronym", "term-with-acronym-half-width",
                              "twice-in-a-row", "english", "english-with-acronym", "english-acronym"])
def test_repeated_term_is_reported_by_t004_and_fixed_once(matcher, language, source, translation, fixed):
    before = po(language, (source, translation))
    report = findings(matcher, before)
    (repeated,) = [f for f in report if f.rule == "T004"]
    assert repeated.kind == "acronym" and "twice" in repeated.message
    after, changes = apply_fixes(before, report, matcher)
    assert after.messages[0].msgstr == fixed
    assert "T004" in changes[0].rules
    assert findings(matcher, after) == ()


def test_repetition_standing_for_a_missing_acronym_is_one_finding(matcher):
    (finding,) = findings(matcher, po("zh_Hans", ("Multiple sclerosis (MS) is a disease.", "多发性硬化（多发性硬化）是一种疾病。")))
    assert finding.concept == "ms" and finding.message.endswith("write '多发性硬化（MS）'")
    assert finding.fix == "多发性硬化（MS）是一种疾病。"


# (source, translation) with a bracket or a second term that is no repetition
NOT_REPEATED = [
    ("Multiple sclerosis (MS) is a disease.", "多发性硬化（MS）是一种疾病。"),
    ("Mesenchymal stem cells (MSCs) reduce inflammation.", "间充质干细胞（MSC）可减轻炎症。"),
    ("MSCs (mesenchymal stem cells) reduce inflammation.", "MSC（间充质干细胞）可减轻炎症。"),
    ("Mesenchymal stem cells, a type of stem cell, are found in bone marrow.", "间充质干细胞（一种干细胞）存在于骨髓中。"),
    ("Hematopoietic stem cells (stem cells of the blood) make blood cells.", "造血干细胞（干细胞）可生成血细胞。"),
    ("Mesenchymal stem cells from bone marrow were given.", "给予了骨髓间充质干细胞。"),
    ("Stem cells and more stem cells.", "干细胞以及更多干细胞。"),
    ("The study (2023) enrolled 40 patients (40 in total).", "该研究（2023）纳入了40名患者（共40名）。"),
]


@pytest.mark.parametrize("source, translation", NOT_REPEATED,
                         ids=["acronym", "acronym-plural-source", "acronym-then-term",
                              "other-words-ending-with-the-term", "shorter-concept-inside-a-longer-one",
                              "two-terms-in-a-row", "term-twice-apart", "numbers"])
def test_brackets_and_terms_that_repeat_nothing_stay_quiet(matcher, source, translation):
    assert findings(matcher, po("zh_Hans", (source, translation))) == ()


def test_gloss_in_another_script_is_a_foreign_word_not_a_repetition(matcher):
    report = findings(matcher, po("zh_Hans", ("Stem cells are capable of self-renewal.", "干细胞（stem cell）具有自我更新能力。")))
    assert [f.rule for f in report] == ["S002"]


def test_plural_forms_are_not_read_as_one_repeated_text(matcher):
    plural = read_catalog(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "%d patient with MS"\nmsgid_plural "MS in %d patients"\n'
        'msgstr[0] "%d patient with MS"\nmsgstr[1] "MS in %d patients"\n')
    assert [f.rule for f in findings(matcher, plural)] == []


def test_user_repro_is_reported_fixed_and_then_clean(project):
    """The user's test: a half-width term repetition and a full-width acronym repetition in a bundled catalogue."""
    path = project / "locales" / "zh_Hans" / "LC_MESSAGES" / "stem-cells-novel-approach.po"
    text = path.read_text(encoding="utf-8")
    seeded = text.replace('msgstr "揭示干细胞治疗的潜力"', 'msgstr "揭示干细胞治疗 (干细胞治疗) 的潜力"')
    seeded = seeded.replace("因此在MS治疗中前景广阔。", "因此在MS（MS）治疗中前景广阔。")
    assert seeded.count("(干细胞治疗)") == 1 and seeded.count("MS（MS）") == 1
    path.write_text(seeded, encoding="utf-8")
    runner = CliRunner()

    result = runner.invoke(cli, ["check", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 1
    t004 = [f for f in json.loads(result.output)["findings"] if f["rule"] == "T004"]
    assert [(f["kind"], f["fix"]) for f in t004] == [("acronym", "揭示干细胞治疗的潜力"),
                                                    ("acronym", "干细胞治疗能够针对该病的根本发病机制，因此在MS治疗中前景广阔。")]

    fixed = runner.invoke(cli, ["check", "--fix"], catch_exceptions=False)
    assert fixed.exit_code == 0, fixed.output
    assert path.read_text(encoding="utf-8") == text  # both repetitions gone, nothing else touched
    assert fixed.output.endswith("0 error(s), 0 warning(s), 0 info in 444 entries of 10 file(s)\n")


def test_pretranslation_resolves_repetitions_and_its_output_checks_clean(matcher):
    source = "揭示干细胞治疗（干细胞治疗）的潜力\n多发性硬化 (多发性硬化) 影响中枢神经系统（CNS）。\n因此在MS（MS）治疗中前景广阔。"
    pot = cat.template("demo", "source_texts/demo.txt", segment_document(parse_document(source)))
    zh = cat.pretranslate(cat.merge(pot, None, "zh_Hans").catalog, "zh_Hans", matcher).catalog
    assert [m.msgstr for m in zh.messages] == ["揭示干细胞治疗的潜力", "多发性硬化（MS）影响中枢神经系统（CNS）。",
                                               "因此在MS治疗中前景广阔。"]
    assert [f.rule for f in findings(matcher, read_catalog(write_catalog(zh)))] == []
    mixed = cat.template("demo", "source_texts/demo.txt", segment_document(parse_document(
        "多发性硬化 (多发性硬化) is common in young adults.\nMS（MS） patients benefit from 干细胞治疗 (干细胞治疗).")))
    en = cat.pretranslate(cat.merge(mixed, None, "en").catalog, "en", matcher).catalog
    assert [m.msgstr for m in en.messages] == ["Multiple sclerosis (MS) is common in young adults.",
                                               "MS patients benefit from stem cell therapy."]


def test_same_msgid_under_another_msgctxt_translated_differently_names_that_context(matcher):
    contexts = po("zh_Hans", ("heading", "Hematopoietic Stem Cell Transplantation", "造血干细胞移植"),
                  ("list-item", "Hematopoietic Stem Cell Transplantation", "造血干细胞移植术"))
    [finding] = findings(matcher, contexts)
    assert (finding.rule, finding.msgctxt) == ("C001", "list-item")
    assert finding.message == "translated differently at c0.po:8 (msgctxt 'heading'): '造血干细胞移植'"


def test_same_msgid_in_two_catalogues_must_agree_whatever_its_msgctxt(matcher):
    first = po("zh_Hans", ("heading", "Source: Pexels", "来源：Pexels"), ("Source: Pexels", "来源：Pexels"))
    second = po("zh_Hans", ("heading", "Source: Pexels", "图片来源：Pexels"), ("Source: Pexels", "来源：Pexels"),
                ("", "Source: Pexels", "图片：Pexels"))
    report = findings(matcher, first, second)
    assert [(f.path, f.rule, f.msgctxt) for f in report] == [("c1.po", "C001", "heading"), ("c1.po", "C001", "")]


def test_different_sources_under_different_msgctxt_still_share_no_translation(matcher):
    """A msgctxt tells two translations of one source apart, never two sources: C002 compares across contexts."""
    copied = po("zh_Hans", ("heading", "Stem cell types", "干细胞的类型"),
                ("list-item", "Sources of stem cells", "干细胞的类型"),
                ("table header", "Stem cell types", "干细胞的类型"))
    report = findings(matcher, copied)
    assert [(f.rule, f.msgid, f.msgctxt) for f in report] == [("C002", "Sources of stem cells", "list-item")]



# Real entries of GNU coreutils and wget zh_CN (tests/.. /tmp/fp6 review): placeholders in brackets are two
# arguments, not a term written twice; --fix must keep both.
PLACEHOLDERS_IN_BRACKETS = [(", %s (%s) remaining", "，剩余 %s (%s)"), ("Packaged by %s (%s)\\n", "由 %s (%s) 打包\\n"),
                            ("Cannot write to %s (%s).\\n", "无法写入 %s (%s)。\\n"), ("%(a)s (%(a)s)", "{0}（{0}）")]


@pytest.mark.parametrize("source, translation", PLACEHOLDERS_IN_BRACKETS)
def test_placeholders_in_brackets_are_no_repetition_and_fix_keeps_them(matcher, source, translation):
    assert [f for f in findings(matcher, po("zh_Hans", (source, translation))) if f.rule == "T004"] == []
    assert resolve_duplications(translation, matcher) == translation


# (source, translation): all-capitals English words and metavariables, translated as GNU's zh_CN team does
TRANSLATED_CAPITALS = [
    ("OK", "成功"), ("EXIT", "退出"), ("IDLE", "空闲"), ("NO WARRANTY", "不提供任何担保"),
    ("      --backup=CONTROL        make a backup of def.po\\n", "      --backup=控制        为 def.po 创建备份\\n"),
    ("      --output-delimiter=STR  separate columns with STR\\n", "      --output-delimiter=字符串  用字符串分隔各列\\n"),
    ("  -I[FMT], --iso-8601[=FMT]  output date/time in ISO 8601 format.\\n", "  -I[格式], --iso-8601[=格式]  以 ISO 8601 格式输出日期/时间。\\n"),
    ("   quit CHAR     CHAR will send a quit signal\\n", "   quit 字符     字符 将发送 SIGQUIT 信号\\n"),
    ("  -n[SEP[DIGITS]]  number lines, then SEP (TAB)\\n", "  -n[分隔符[位数]]  为行编号，然后是分隔符（制表符）\\n"),
]


@pytest.mark.parametrize("source, translation", TRANSLATED_CAPITALS)
def test_translated_english_capitals_and_metavariables_are_no_acronyms(matcher, source, translation):
    assert [f for f in findings(matcher, po("zh_Hans", (source, translation))) if f.rule == "T004"] == []


# (source, translation, the acronym reported): no vowel, defined by the source, or changed into another token
DROPPED_OR_CHANGED = [
    ("       --crl-file=FILE             file with bundle of CRLs\\n",
     "       --ca-certificate=文件       包含一组 CA 证书的文件\\n", "CRLs"),
    ("warning: ignoring --context; it requires an SELinux/SMACK-enabled kernel",
     "警告：忽略 --context；它需要一个启用了 SELinux/SMARK 的内核", "SMACK"),
    ("The Expanded Disability Status Scale (EDSS) rose.", "扩展残疾状态量表（EDS）上升。", "EDSS"),
    ("The Expanded Disability Status Scale (EDSS) rose.", "扩展残疾状态量表上升。", "EDSS"),
    ("PML is a rare infection.", "PLM是一种罕见感染。", "PML"),
    ("iPSCs can become any cell type.", "诱导多能干细胞可分化为任何细胞。", "iPSCs"),
    ("HSCT resets the immune system.", "移植可重置免疫系统。", "HSCT"),
]


@pytest.mark.parametrize("source, translation, lost", DROPPED_OR_CHANGED)
def test_acronym_dropped_or_changed_is_reported(matcher, source, translation, lost):
    t004 = [f for f in findings(matcher, po("zh_Hans", (source, translation))) if f.rule == "T004"]
    assert [f.message.split()[1] for f in t004] == [lost]


def test_sources_differing_in_number_case_quotes_or_abbreviation_may_share_a_translation(matcher):
    """Chinese has no grammatical number, and this register no short weekday or month names (Django, coreutils)."""
    shared = po("zh_Hans", ("%(from)s-%(to)s relationship", "%(from)s-%(to)s关系"),
                ("%(from)s-%(to)s relationships", "%(from)s-%(to)s关系"),
                ("input file is", "输入文件为"), ("input files are", "输入文件为"),
                ("Monday", "星期一"), ("Mon", "星期一"), ("January", "一月"), ("Jan.", "一月"),
                ("September", "九月"), ("Sept.", "九月"), ("cannot open `%s'", "无法打开 %s"), ("cannot open '%s'", "无法打开 %s"))
    assert [f for f in findings(matcher, shared) if f.rule == "C002"] == []


def test_different_sources_with_one_translation_stay_reported(matcher):
    """wget's OpenSSL/GnuTLS and expired/revoked entries: a name or another word is no plural."""
    copied = po("zh_Hans", ("Your GnuTLS version is too old to support TLS 1.3\\n", "您的 GnuTLS 版本太旧，无法支持 TLS 1.3\\n"),
                ("Your OpenSSL version is too old to support TLS 1.3\\n", "您的 GnuTLS 版本太旧，无法支持 TLS 1.3\\n"),
                ("The certificate of %s has been revoked.\\n", "%s 的证书已被吊销。\\n"),
                ("The certificate of %s has expired.\\n", "%s 的证书已被吊销。\\n"),
                ("Edit", "编辑"), ("Editor", "编辑"))
    assert [(f.rule, f.msgid) for f in findings(matcher, copied) if f.rule == "C002"] == [
        ("C002", "Your OpenSSL version is too old to support TLS 1.3\n"), ("C002", "The certificate of %s has expired.\n"),
        ("C002", "Editor")]  # a word and a longer one it starts are two sources


def test_a_single_letter_in_brackets_and_an_acronym_defined_after_a_space(matcher):
    """A（A） labels an option; 量表 (EDSS) defines EDSS, which the translation must then keep."""
    labelled = po("zh_Hans", ("Option A (A) works.", "选项A（A）有效。"),
                  ("The Expanded Disability Status Scale (EDSS) measures disability.", "扩展残疾状态量表 (EDSS) 用于衡量残疾程度。"),
                  ("The EDSS rose.", "扩展残疾状态量表评分上升。"))
    assert [(f.rule, f.msgid) for f in findings(matcher, labelled) if f.rule == "T004"] == []
    dropped = po("zh_Hans", ("扩展残疾状态量表 (EDSS) 用于衡量残疾程度。", "扩展残疾状态量表用于衡量残疾程度。"))
    assert [f.rule for f in findings(matcher, dropped) if f.rule == "T004"] == ["T004"]


# (language, source, translation with one term written again and again, the finding, what --fix makes of it)
RUNS = [
    ("zh_Hans", "Stem cells can differentiate.", "干细胞" * 50 + "可分化。",
     "'干细胞' written 50 times in a row; write '干细胞'", "干细胞可分化。"),
    ("zh_Hans", "Stem cells can differentiate.", "干细胞 干细胞\u3000干细胞可以分化。",
     "'干细胞' written 3 times in a row; write '干细胞'", "干细胞可以分化。"),
    ("en", "干细胞可以自我更新。", "Stem cells stem cells Stem cells can renew themselves.",
     "'Stem cells' written 3 times in a row; write 'Stem cells'", "Stem cells can renew themselves."),
]


@pytest.mark.parametrize("language, source, translation, message, fixed", RUNS, ids=["fifty", "spaced", "english"])
def test_a_run_of_one_term_is_one_finding_saying_how_often_and_is_fixed_to_one(matcher, language, source,
                                                                                translation, message, fixed):
    before = po(language, (source, translation))
    report = findings(matcher, before)
    (run,) = [f for f in report if f.rule == "T004"]
    assert (run.message, run.fix) == (message, fixed)
    after, _ = apply_fixes(before, report, matcher)
    assert after.messages[0].msgstr == fixed


def test_a_repetition_the_source_writes_too_is_faithful(matcher):
    report = findings(matcher, po("en", ("MSCs MSCs, again.", "MSCs MSCs, again."), ("MSCs, again.", "MSCs MSCs, again.")))
    assert [(f.msgid, f.rule) for f in report if f.rule == "T004"] == [("MSCs, again.", "T004")]


def test_spaces_inside_the_brackets_are_no_part_of_the_repeated_term(matcher):
    report = findings(matcher, po("zh_Hans", ("Multiple sclerosis (MS) is a disease.", "多发性硬化（ 多发性硬化\u3000）是一种疾病。")))
    (finding,) = [f for f in report if f.rule == "T004"]  # (P001 reports the spaces)
    assert finding.message == "'多发性硬化（ 多发性硬化\u3000）' writes '多发性硬化' twice; write '多发性硬化（MS）'"
    assert finding.fix == "多发性硬化（MS）是一种疾病。"


def test_checking_and_fixing_a_run_matches_terms_as_often_however_long_the_run(matcher, monkeypatch):
    """Each text is matched a fixed number of times, not once a repetition (the fix was once computed for
    each of a run's N - 1 findings, quadratic in N): the work grows with the text, not with its square."""
    scanned = []
    find = TermMatcher.find

    def counting_find(self, text):
        scanned.append(text)
        return find(self, text)

    monkeypatch.setattr(TermMatcher, "find", counting_find)
    calls = []
    for times in (10, 2000):
        scanned.clear()
        before = po("zh_Hans", ("Stem cells.", "干细胞" * times))
        report = findings(matcher, before)
        after, _ = apply_fixes(before, report, matcher)
        assert after.messages[0].msgstr == "干细胞"
        calls.append(len(scanned))
    assert calls[0] == calls[1]
