"""The glossary: CSV and TBX forms, lint, and the term matcher."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n.errors import I18nError
from i18n.files import read_utf8
from i18n.glossary import TermMatcher, lint, read_csv, read_tbx, write_csv, write_tbx

HEADER = "id,type,domain,en,en_variants,en_acronyms,zh,zh_variants,forbidden,note\n"


@pytest.fixture(scope="module")
def bundled(request):
    root = request.config.rootpath
    return read_csv(read_utf8(root / "locales/glossary.csv"), "locales/glossary.csv")


def test_bundled_glossary_is_clean_and_covers_the_articles(bundled):
    assert lint(bundled) == []
    ids = {c.id for c in bundled.concepts}
    for wanted in ("ms", "stem-cell", "stem-cell-therapy", "msc", "hsc", "hsct", "ipsc", "opc", "myelin",
                   "remyelination", "cns", "neuroprotection", "immunomodulation", "dmt", "gvhd", "bone-marrow",
                   "intrathecal-injection", "clinical-trial", "informed-consent", "mri", "the-lancet"):
        assert wanted in ids, wanted
    therapy = bundled["stem-cell-therapy"]
    assert therapy.zh == "干细胞治疗" and "干细胞疗法" in therapy.forbidden
    assert "stem cell treatment" in therapy.en_variants


def test_csv_writes_back_byte_identical(bundled, request):
    assert write_csv(bundled) == read_utf8(request.config.rootpath / "locales/glossary.csv")


def test_tbx_round_trip_is_lossless(bundled):
    assert read_tbx(write_tbx(bundled)).concepts == bundled.concepts


def test_tbx_concepts_carry_the_line_of_their_entry(bundled):
    text = write_tbx(bundled)
    lines = text.splitlines()
    concepts = read_tbx(text).concepts
    assert [lines[c.line - 1].strip() for c in concepts] == [f'<termEntry id="{c.id}">' for c in bundled.concepts]


# The two forms read, as (root element, entry, language set, term block).
TBX_FORMS = {
    "TBX 2008": ('<martif type="TBX-Basic" xml:lang="en">', "termEntry", "langSet", "tig"),
    "TBX v3": ('<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">',
               "conceptEntry", "langSec", "termSec"),
}


def tbx(form, *entries, root=None):
    """A TBX document: line 1 the XML declaration, line 2 the root, then per entry a line for the entry element,
    one for each (xml:lang, term, administrativeStatus or None) language set, and one for its end."""
    root_open, entry_tag, set_tag, term_tag = TBX_FORMS[form]
    root_open = root or root_open
    body = []
    for concept_id, terms in entries:
        body.append(f'<{entry_tag} id="{concept_id}">')
        for lang, term, status in terms:
            note = f'<termNote type="administrativeStatus">{status}</termNote>' if status else ""
            body.append(f'<{set_tag} xml:lang="{lang}"><{term_tag}><term>{term}</term>{note}</{term_tag}></{set_tag}>')
        body.append(f"</{entry_tag}>")
    name = root_open[1:].split()[0]
    return "\n".join(['<?xml version="1.0"?>', root_open + "<text><body>", *body, f"</body></text></{name}>"]) + "\n"


STEM_CELL = ("stem-cell", [("en", "stem cell", None), ("zh-Hans", "干细胞", None)])


def refusal(text):
    with pytest.raises(I18nError) as caught:
        read_tbx(text, "g.tbx")
    return caught.value.line, caught.value.message


@pytest.mark.parametrize("form", TBX_FORMS)
@pytest.mark.parametrize("tag", ["zh", "zh-Hans", "zh-hans", "zh-CN", "zh_CN", "zh-SG", "zh-Hans-CN", "zh-Hans-HK"])
def test_tbx_reads_simplified_chinese_tags(form, tag):
    (concept,) = read_tbx(tbx(form, ("stem-cell", [("en", "stem cell", None), (tag, "干细胞", None)]))).concepts
    assert concept.zh == "干细胞"


@pytest.mark.parametrize("form", TBX_FORMS)
@pytest.mark.parametrize("tag", ["zh-TW", "zh-Hant", "zh-HK", "zh-MO", "zh-Hant-TW", "zh_hant", "zh-Hant-CN"])
def test_tbx_skips_traditional_chinese(form, tag):
    both = ("stem-cell", [("en", "stem cell", None), ("zh-Hans", "干细胞", None), (tag, "幹細胞", None)])
    (concept,) = read_tbx(tbx(form, both)).concepts
    assert (concept.zh, concept.zh_variants, concept.forbidden) == ("干细胞", (), ())
    traditional_only = ("stem-cell", [("en", "stem cell", None), (tag, "幹細胞", None)])
    assert refusal(tbx(form, traditional_only)) == (3, "term 'stem-cell' has no Chinese term")


EXPECTED_ROOT = "expected <martif> without namespace (TBX 2008) or <tbx> in namespace urn:iso:std:iso:30042:ed-2 (TBX v3)"


@pytest.mark.parametrize("form, root, found", [
    ("TBX 2008", '<martif xmlns="http://example.com/foo" type="TBX-Basic">', "<martif> in namespace http://example.com/foo"),
    ("TBX 2008", '<martif xmlns="urn:iso:std:iso:30042:ed-2">', "<martif> in namespace urn:iso:std:iso:30042:ed-2"),
    ("TBX v3", '<tbx xmlns="urn:iso:std:iso:30042:ed-9" style="dca">', "<tbx> in namespace urn:iso:std:iso:30042:ed-9"),
    ("TBX v3", '<tbx type="TBX-Basic" style="dca">', "<tbx> without namespace"),
    ("TBX v3", '<t:tbx xmlns:t="urn:iso:std:iso:30042:ed-2">', None),
])
def test_tbx_root_must_be_in_its_namespace(form, root, found):
    text = tbx(form, STEM_CELL, root=root)
    if found is None:  # a prefix instead of a default namespace is the same element
        assert [c.id for c in read_tbx(text.replace("</tbx>", "</t:tbx>")).concepts] == ["stem-cell"]
    else:
        assert refusal(text) == (1, f"not TBX: the root element is {found}; {EXPECTED_ROOT}")


@pytest.mark.parametrize("form", TBX_FORMS)
def test_tbx_content_errors_name_the_entry_line(form):
    no_english = ("adipose-tissue", [("zh-Hans", "脂肪组织", None)])
    no_chinese = ("adipose-tissue", [("en", "adipose tissue", None), ("fr", "tissu adipeux", None)])
    bad_id = ("Adipose!", [("en", "adipose tissue", None), ("zh-Hans", "脂肪组织", None)])
    assert refusal(tbx(form, STEM_CELL, no_english)) == (7, "entry 'adipose-tissue' has no English term")
    assert refusal(tbx(form, STEM_CELL, no_chinese)) == (7, "term 'adipose-tissue' has no Chinese term")
    assert refusal(tbx(form, STEM_CELL, bad_id)) == (
        7, "concept id 'Adipose!' must be lowercase ASCII letters, digits and hyphens")


@pytest.mark.parametrize("form", TBX_FORMS)
def test_tbx_unknown_administrative_status_is_named(form):
    bogus = ("stem-cell", [("en", "stem cell", "preferredTerm-admn-sts"), ("zh-Hans", "干细胞", "bogusTerm-admn-sts")])
    assert refusal(tbx(form, bogus)) == (5, "unknown administrativeStatus 'bogusTerm-admn-sts' (expected "
                                            "preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts "
                                            "or supersededTerm-admn-sts)")
    statuses = ("stem-cell", [("en", "stem cell", "preferred"), ("en", "stem-cell", "admittedTerm-admn-sts"),
                              ("en", "stemcell", "supersededTerm-admn-sts"), ("zh-Hans", "干细胞", "preferredTerm"),
                              ("zh-Hans", "幹细胞", "deprecated"), ("zh-Hans", "干细包", "forbidden")])
    (concept,) = read_tbx(tbx(form, statuses)).concepts
    assert (concept.en, concept.en_variants, concept.zh, concept.forbidden) == (
        "stem cell", ("stem-cell",), "干细胞", ("stemcell", "幹细胞", "干细包"))


@pytest.mark.parametrize("form", TBX_FORMS)
def test_tbx_duplicate_concept_id_is_refused(form):
    again = ("stem-cell", [("en", "stem cells", None), ("zh-Hans", "干细胞", None)])
    assert refusal(tbx(form, STEM_CELL, again)) == (
        7, "duplicate concept id 'stem-cell' (first at line 3)")


@pytest.mark.parametrize("form", TBX_FORMS)
def test_tbx_without_concepts_is_refused(form):
    assert refusal(tbx(form)) == (1, "TBX holds no concepts (no termEntry or conceptEntry)")
    header_only = tbx(form).replace("<text><body>", "<text><body><p>no entries</p>")
    assert refusal(header_only) == (1, "TBX holds no concepts (no termEntry or conceptEntry)")


def test_tbx_v3_and_language_tags_are_read():
    tbx = """<?xml version="1.0"?><!DOCTYPE tbx SYSTEM "TBXcoreStructV03.dtd">
    <tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic"><text><body>
    <conceptEntry id="msc"><descrip type="subjectField">cell</descrip>
      <langSec xml:lang="en-US"><termSec><term>mesenchymal stem cell</term>
        <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>MSC</term><termNote type="termType">acronym</termNote></termSec></langSec>
      <langSec xml:lang="zh_CN"><termSec><term>间充质干细胞</term></termSec>
        <termSec><term>间质干细胞</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec></conceptEntry></body></text></tbx>"""
    (concept,) = read_tbx(tbx).concepts
    assert (concept.id, concept.en, concept.en_acronyms, concept.zh, concept.forbidden) == (
        "msc", "mesenchymal stem cell", ("MSC",), "间充质干细胞", ("间质干细胞",))


def test_tbx_v3_dct_style_data_categories_are_read_as_the_dca_ones():
    """TBX v3's DCT style writes a data category as an element of its module (<basic:administrativeStatus>),
    where the DCA style writes <termNote type="administrativeStatus">: a deprecated term is forbidden in either."""
    dct = """<?xml version="1.0"?>
    <tbx xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic" type="TBX-Basic" style="dct"
         xml:lang="en"><text><body>
    <conceptEntry id="msc"><basic:subjectField>cell</basic:subjectField>
      <langSec xml:lang="en"><termSec><term>mesenchymal stem cell</term>
        <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
        <termSec><term>MSC</term><basic:termType>acronym</basic:termType></termSec></langSec>
      <langSec xml:lang="zh"><termSec><term>间充质干细胞</term></termSec>
        <termSec><term>间质干细胞</term><basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus>
      </termSec></langSec></conceptEntry></body></text></tbx>"""
    (concept,) = read_tbx(dct).concepts
    assert (concept.domain, concept.en, concept.en_acronyms, concept.zh, concept.zh_variants, concept.forbidden) == (
        "cell", "mesenchymal stem cell", ("MSC",), "间充质干细胞", (), ("间质干细胞",))


@pytest.mark.parametrize("text, line, words", [
    (HEADER + "msc,term,cell,mesenchymal stem cell,,MSC,间充质干细胞,,,\nbad,term,cell,x\n", 3, "row has 4 fields"),
    (HEADER + "MSC!,term,cell,x,,,间,,,\n", 2, "concept id"),
    (HEADER + "msc,term,cell,mesenchymal stem cell,,,,,,\n", 2, "has no Chinese term"),
    ("id,en\nmsc,x\n", 1, "header lacks column(s)"),
    (HEADER + 'msc,term,cell,"unterminated,,,,,,,\n', 2, "row has"),
    # a term would be looked up in the other concept of that id (and TBX refuses it)
    (HEADER + "a,term,cell,stem cell,,,干细胞,,,\n\na,term,cell,bone marrow,,,骨髓,,,\n", 4,
     "duplicate concept id 'a' (first at line 2)"),
])
def test_broken_rows_are_named(text, line, words):
    with pytest.raises(I18nError) as caught:
        read_csv(text, "g.csv")
    assert caught.value.line == line and words in caught.value.message


@pytest.mark.parametrize("text, words", [
    ("<martif><text><body><termEntry", "not well-formed XML"),
    ("<html><body/></html>", "not TBX"),
    ('<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>', "declares XML entities"),
    ('<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd"><martif>&x;</martif>', "undefined entity &x;"),
])
def test_bad_tbx_is_refused(text, words):
    with pytest.raises(I18nError, match=words):
        read_tbx(text, "g.tbx")


def test_lint_finds_contradictions():
    glossary = read_csv(HEADER
                        + "a,term,cell,stem cell,,,干细胞,,幹細胞,\n"
                        + "b,term,cell,stem cell,,,間充質幹細胞,,,\n"
                        + "c,term,cell,cord blood,,,脐带血,,脐带血,\n"
                        + "d,term,cell,marrow,,,髓,,干细胞,\n"
                        + "e,term,cell,dee cell,Dee cell,,迪细胞,迪细胞,,\n"
                        + "f,term,disease,COVID-19,,,新型冠状病毒肺炎,COVID-19,,\n", "g.csv")
    messages = [(p.line, p.message) for p in lint(glossary)]
    assert (3, "term 'stem cell' is also approved in concept 'a'") in messages
    assert (3, "Traditional characters in approved Chinese term '間充質幹細胞'") in messages
    assert (4, "term '脐带血' is both approved and forbidden") in messages
    assert (5, "forbidden term '干细胞' is approved in concept 'a'") in messages
    assert (6, "term 'Dee cell' is in both en and en_variants") in messages
    assert (6, "term '迪细胞' is in both zh and zh_variants") in messages
    assert not [m for line, m in messages if line == 7]  # the same form in both languages is no duplicate


def test_a_semicolon_separated_glossary_is_named_as_such():
    with pytest.raises(I18nError) as caught:
        read_csv(HEADER.replace(",", ";") + "a;term;cell;stem cell;;;干细胞;;;\n", "g.csv")
    assert caught.value.message.endswith("(the columns are separated by semicolons: save the file as comma-separated "
                                         "CSV)")


def _hits(matcher, text):
    return [(h.concept, h.form, h.status) for h in matcher.find(text)]


def test_matcher_longest_match_plurals_acronyms_case(bundled):
    m = TermMatcher(bundled)
    assert _hits(m, "Mesenchymal stem cells (MSCs) and stem cells") == [
        ("msc", "Mesenchymal stem cells (MSCs)", "approved"), ("stem-cell", "stem cells", "approved")]
    assert _hits(m, "间充质干细胞（MSC）来源于骨髓，干细胞疗法") == [
        ("msc", "间充质干细胞（MSC）", "approved"), ("bone-marrow", "骨髓", "approved"),
        ("stem-cell-therapy", "干细胞疗法", "forbidden")]
    assert _hits(m, "MS patients; ms is not an acronym; iPSC-based therapy") == [
        ("ms", "MS", "acronym"), ("ipsc", "iPSC", "acronym")]
    assert _hits(m, "MSC患者") == [("msc", "MSC", "acronym")]
    assert _hits(m, "Stem Cell Therapy works") == [("stem-cell-therapy", "Stem Cell Therapy", "approved")]
    assert _hits(m, "stemcells cellular") == []
    assert [(h.start, h.form) for h in m.find("İ STEM CELLS")] == [(2, "STEM CELLS")]  # İ lower-cases to two


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_matcher_skips_only_texts_a_pattern_cannot_match(bundled, data):
    """A pattern runs only on texts holding one of its forms' first characters; dropping that test
    (first characters that match anything) finds the same hits, case folding (ſ, K, İ) included; every
    hit is where it says, though English forms are matched in the lower-cased text."""
    matcher = TermMatcher(bundled)
    forms = sorted({*matcher.english, *matcher.acronyms, *matcher.chinese})
    pieces = st.one_of(st.sampled_from(forms), st.sampled_from(forms).map(str.upper),
                       st.sampled_from([" ", "（", "）", "(", ")", "ſ", "\u212a", "\u0130", "s", "K", "，", "-", "2", "的"]))
    text = "".join(data.draw(st.lists(pieces, max_size=12)))
    unfiltered = TermMatcher(bundled)
    unfiltered._patterns = [(re.compile(""), *rest) for _, *rest in unfiltered._patterns]
    hits = matcher.find(text)
    assert hits == unfiltered.find(text)
    assert all(text.startswith(hit.form, hit.start) and hit.end == hit.start + len(hit.form) for hit in hits)


def test_matcher_scales_to_100k_forms():
    rows = "".join(f"c{i},term,cell,term number {i},,,术语{i:05d}号,,,\n" for i in range(100_000))
    m = TermMatcher(read_csv(HEADER + rows))
    assert _hits(m, "see term number 99999 and 术语00042号") == [
        ("c99999", "term number 99999", "approved"), ("c42", "术语00042号", "approved")]
