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


@pytest.mark.parametrize("text, line, words", [
    (HEADER + "msc,term,cell,mesenchymal stem cell,,MSC,间充质干细胞,,,\nbad,term,cell,x\n", 3, "row has 4 fields"),
    (HEADER + "MSC!,term,cell,x,,,间,,,\n", 2, "concept id"),
    (HEADER + "msc,term,cell,mesenchymal stem cell,,,,,,\n", 2, "has no Chinese term"),
    ("id,en\nmsc,x\n", 1, "header lacks column(s)"),
    (HEADER + 'msc,term,cell,"unterminated,,,,,,,\n', 2, "row has"),
])
def test_broken_rows_are_named(text, line, words):
    with pytest.raises(I18nError) as caught:
        read_csv(text, "g.csv")
    assert caught.value.line == line and words in caught.value.message


@pytest.mark.parametrize("text, words", [
    ("<martif><text><body><termEntry", "not well-formed XML"),
    ("<html><body/></html>", "not TBX"),
    ('<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif>&x;</martif>', "declares XML entities"),
])
def test_bad_tbx_is_refused(text, words):
    with pytest.raises(I18nError, match=words):
        read_tbx(text, "g.tbx")


def test_lint_finds_contradictions():
    glossary = read_csv(HEADER
                        + "a,term,cell,stem cell,,,干细胞,,幹細胞,\n"
                        + "b,term,cell,stem cell,,,間充質幹細胞,,,\n"
                        + "c,term,cell,cord blood,,,脐带血,,脐带血,\n"
                        + "a,term,cell,bone marrow,,,骨髓,,,\n"
                        + "d,term,cell,marrow,,,髓,,干细胞,\n", "g.csv")
    messages = [(p.line, p.message) for p in lint(glossary)]
    assert (3, "term 'stem cell' is also approved in concept 'a'") in messages
    assert (3, "Traditional characters in approved Chinese term '間充質幹細胞'") in messages
    assert (4, "term '脐带血' is both approved and forbidden") in messages
    assert (5, "duplicate concept id (first at line 2)") in messages
    assert (6, "forbidden term '干细胞' is approved in concept 'a'") in messages


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
