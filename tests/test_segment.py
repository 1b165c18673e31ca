"""Sentences, spans and classes, against hand-made gold labellings and rule by rule."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from segeval import load_gold, score

from i18n.document import parse_document, read_document
from i18n.langid import HAN_RE
from i18n.segment import sentence_ends, segment_document

DATA = Path(__file__).parent / "data"


def _segments(text):
    return list(segment_document(parse_document(text)))


def _sentences(text):
    ends = [0, *sentence_ends(text)]
    if ends[-1] < len(text):
        ends.append(len(text))
    return [text[a:b].strip() for a, b in zip(ends, ends[1:])]


def _gold_cases():
    yield Path("source_texts/stem-cell-therapy-overview.txt"), DATA / "gold/stem-cell-therapy-overview.jsonl"
    for folder in ("heldout", "heldout2"):
        for text in sorted((DATA / folder).glob("*.txt")):
            yield text, text.with_suffix(".jsonl")


@pytest.mark.parametrize("text_path, gold_path", list(_gold_cases()), ids=lambda p: Path(p).stem)
def test_segmentation_matches_the_gold(root, text_path, gold_path):
    document = read_document(root / text_path)
    result = score(load_gold(gold_path, document.text), list(segment_document(document)))
    assert result.boundary_f1 >= 0.98
    assert result.class_accuracy >= 0.98
    assert result.kind_accuracy >= 0.98
    assert result.letter_accuracy >= 0.995


def test_the_mixed_article_is_labelled_exactly_as_its_gold(root):
    document = read_document(root / "source_texts/stem-cell-therapy-overview.txt")
    result = score(load_gold(DATA / "gold/stem-cell-therapy-overview.jsonl", document.text),
                   list(segment_document(document)))
    assert (result.boundary_f1, result.class_accuracy, result.kind_accuracy, result.letter_accuracy) == (1, 1, 1, 1)


@pytest.mark.parametrize("text, expected", [
    ("One. Two? Three! Four", ["One.", "Two?", "Three!", "Four"]),
    ("多发性硬化。干细胞！真的？是的", ["多发性硬化。", "干细胞！", "真的？", "是的"]),
    ("Dr. Smith met Mr. Lee vs. Ms. Roe, e.g. today, i.e. now.", ["Dr. Smith met Mr. Lee vs. Ms. Roe, e.g. today, i.e. now."]),
    ("Kornberg, M.D., Ph.D. and Smith et al. reported it. Next.", ["Kornberg, M.D., Ph.D. and Smith et al. reported it.", "Next."]),
    ("The U.S. and No. 5 helped. J. Smith agreed.", ["The U.S. and No. 5 helped.", "J. Smith agreed."]),
    ("Take 2.5 mg of version 1.0.9 daily. Done.", ["Take 2.5 mg of version 1.0.9 daily.", "Done."]),
    ("It works (see Fig. 2. It is clear.) and more. Next.", ["It works (see Fig. 2. It is clear.) and more.", "Next."]),
    ("He said “it works.” Then left.", ["He said “it works.”", "Then left."]),
    ("“好。”然后（括号。里）结束。", ["“好。”", "然后（括号。里）结束。"]),
    ("Unmatched ( bracket. Still splits.", ["Unmatched ( bracket.", "Still splits."]),
    ("Wait... What?! Yes.", ["Wait...", "What?!", "Yes."]),
])
def test_sentence_rules(text, expected):
    assert _sentences(text) == expected


def test_headings_list_items_and_credits_are_one_segment_each():
    segs = _segments("A Heading. Not Split\nBody one. Body two.\n- Item one. Item two.\nSource: A. B. C")
    assert [s.text for s in segs] == ["A Heading. Not Split", "Body one.", "Body two.", "Item one. Item two.",
                                      "Source: A. B. C"]


@pytest.mark.parametrize("text, lang", [
    ("多发性硬化（MS）是一种慢性病。", "zh"),
    ("间充质干细胞（MSCs）和iPSC都可以用。", "zh"),
    ("干细胞治疗 for MS offers benefits.", "mixed"),
    ("The Chinese term 干细胞 means stem cell.", "mixed"),
    ("Stem cells (MSC) work.", "en"),
    ("2023", "en"),
])
def test_segment_class(text, lang):
    assert [s.lang for s in _segments(text + "\n")] == [lang]


@pytest.mark.parametrize("text, spans", [
    ("干细胞治疗 has emerged as a strategy for MS.", [("干细胞治疗", "zh-Hans"), ("has emerged as a strategy for MS", "en")]),
    ("In Taiwan 自體造血幹細胞移植 is used.", [("In Taiwan", "en"), ("自體造血幹細胞移植", "zh-Hant"), ("is used", "en")]),
    ("多发性硬化（MS）是", [("多发性硬化", "zh-Hans"), ("MS", "en"), ("是", "zh-Hans")]),
    ("“La thérapie cellulaire est une piste très prometteuse pour les patients.”",
     [("La thérapie cellulaire est une piste très prometteuse pour les patients", "fr")]),
    ("A standard MS protocol", [("A standard MS protocol", "en")]),
    ("Greek α-helix and ひらがな", [("Greek", "en"), ("α", "und-Grek"), ("helix and", "en"), ("ひらがな", "ja")]),
])
def test_span_languages(text, spans):
    (segment,) = _segments(text + "\n")
    assert [(segment.text[s.start - segment.start:s.end - segment.start], s.lang) for s in segment.spans] == spans


def test_langdetect_is_deterministic():
    text = "Der Patient erhielt eine Stammzelltherapie in einer spezialisierten Klinik.\n"
    assert {tuple(s.lang for s in _segments(text)[0].spans) for _ in range(5)} == {("de",)}


_alphabet = st.sampled_from(list("ab Z.?!。！？,，()（）“”\n\r 12MS干细胞幹é-") + ["Dr.", "e.g.", "- ", "1. ", "\t"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join))
def test_offsets_cover_the_text_exactly(text):
    document = parse_document(text)
    previous_end = 0
    for segment in segment_document(document):
        assert text[segment.start:segment.end] == segment.text
        assert segment.text == segment.text.strip() and segment.text
        assert "\n" not in segment.text and "\r" not in segment.text
        assert segment.start >= previous_end
        previous_end = segment.end
        covered = set()
        for span in segment.spans:
            assert segment.start <= span.start < span.end <= segment.end
            assert text[span.start].isalpha() and text[span.end - 1].isalpha()
            covered.update(range(span.start, span.end))
        letters = {i for i in range(segment.start, segment.end) if text[i].isalpha()}
        assert letters <= covered


def test_summary_counts_han_share(root):
    from i18n.segment import summarize

    document = read_document(root / "source_texts/stem-cell-therapy-overview.txt")
    summary = summarize(list(segment_document(document)))
    assert summary.segments == 57 and summary.langs == {"en": 26, "zh": 3, "mixed": 28}
    han = len(HAN_RE.findall(document.text))
    assert summary.han_letters == han and 0.05 < summary.han_share < 0.15
