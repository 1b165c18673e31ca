"""Sentences, spans and classes, against hand-made gold labellings and rule by rule."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from segeval import load_gold, score

from i18n.document import parse_document, read_document
from i18n import langid
from i18n.langid import HAN_CHARS, HAN_RE, LATIN_CHARS, RUN_RE
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
    ("Unmatched ( open [inside. still] and. Next.", ["Unmatched ( open [inside. still] and.", "Next."]),
    ("A ( b (c. d) [e. f] g. H.", ["A ( b (c. d) [e. f] g.", "H."]),
    ("Wait... What?! Yes.", ["Wait...", "What?!", "Yes."]),
])
def test_sentence_rules(text, expected):
    assert _sentences(text) == expected


# Each stop and each opener alone in its paragraph, as each is looked for by a test of its own.
@pytest.mark.parametrize("stop", list("?!…。！？"))
def test_every_stop_ends_a_sentence_on_its_own(stop):
    assert _sentences(f"One{stop} Two.") == [f"One{stop}", "Two."]


@pytest.mark.parametrize("opener, closer", [("(", ")"), ("[", "]"), ("（", "）"), ("【", "】")])
def test_no_sentence_ends_inside_any_bracket_on_its_own(opener, closer):
    assert _sentences(f"A {opener}b. c{closer} d. E.") == [f"A {opener}b. c{closer} d.", "E."]


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


@pytest.mark.parametrize("text, expected", [
    # every terminator kind in one paragraph, not only "."
    ("Dr. Smith? Yes! Mr. Lee… agreed. 好。再见", ["Dr. Smith?", "Yes!", "Mr. Lee… agreed.", "好。", "再见"]),
    # an ellipsis before a lower-case word is a pause; before a capital, an end
    ("The results... were good. It rained... Then sun. Wait… iPSCs grew.",
     ["The results... were good.", "It rained...", "Then sun.", "Wait…", "iPSCs grew."]),
    ("Meet at 5 p.m. or 9 a.m. in Washington D.C. today. E.g. this one. I.e. that one.",
     ["Meet at 5 p.m. or 9 a.m. in Washington D.C. today.", "E.g. this one.", "I.e. that one."]),
    ("He has a Ph.D. He left. See Fig. 3. Done.", ["He has a Ph.D. He left.", "See Fig. 3.", "Done."]),
    ("She said “Wait…” and left. (Really.) Yes.", ["She said “Wait…”", "and left.", "(Really.) Yes."]),
    ("It rose 2.5 times (vs. 1.0 before). Next.", ["It rose 2.5 times (vs. 1.0 before).", "Next."]),
    ("第一句。第二句！第三句？“引号。”结束", ["第一句。", "第二句！", "第三句？", "“引号。”", "结束"]),
])
def test_sentence_rules_with_several_terminator_kinds(text, expected):
    assert _sentences(text) == expected


@pytest.mark.parametrize("text, spans", [
    ('"2023: 5 patients improved."', [("patients improved", "en")]),
    ("2023 — 45%", []),
    ("Café au lait is nice.", [("Café au lait is nice", "en")]),
    # function words between dashes and brackets, without accents: still found, still foreign
    ("Pacientes —y— familia —del— hospital (para) medicos siempre.",
     [("Pacientes —y— familia —del— hospital (para) medicos siempre", "es")]),
    ("Der Patient und die Familie—mit dem Arzt—ist nicht sicher, ob das hilft.",
     [("Der Patient und die Familie—mit dem Arzt—ist nicht sicher, ob das hilft", "de")]),
    ("The patient saw Dr Le at the clinic today and she was fine.",
     [("The patient saw Dr Le at the clinic today and she was fine", "en")]),
])
def test_span_languages_of_latin_runs(text, spans):
    (segment,) = _segments(text + "\n")
    assert [(segment.text[s.start - segment.start:s.end - segment.start], s.lang) for s in segment.spans] == spans


@pytest.mark.parametrize("text, lang", [
    ("干细胞 a 治疗", "mixed"),
    ("eGFR 和 HSCT 都是缩写。", "zh"),
])
def test_segment_class_of_short_latin_words(text, lang):
    assert [s.lang for s in _segments(text + "\n")] == [lang]


_LATIN_LETTER_RE = re.compile(f"[{LATIN_CHARS}]")
_mixed_scripts = st.sampled_from(
    list("ab Z.?。，()（）“”’—-12_é干細胞αひ\t") + [" le ", " la ", " et ", "MS", "iPSCs", "Dr."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_mixed_scripts, max_size=80).map("".join))
def test_spans_hold_one_script_and_han_and_latin_runs_are_maximal(text):
    def script(span):
        letters = {"han" if HAN_RE.match(c) else "latin" if _LATIN_LETTER_RE.match(c) else "other"
                   for c in text[span.start:span.end] if c.isalpha()}
        assert len(letters) == 1
        return letters.pop()

    for segment in segment_document(parse_document(text)):
        scripts = [script(span) for span in segment.spans]
        for span, kind in zip(segment.spans, scripts):
            assert span.lang.startswith("zh") if kind == "han" else not span.lang.startswith("zh")
        # only non-letters lie between two spans, so two Han or two Latin spans in a row would be one run
        assert all(a != b or a == "other" for a, b in zip(scripts, scripts[1:]))


# RUN_RE is written for the regex engine's speed; its runs are those of the plain alternation of the three
# scripts, also next to characters of the two scripts' ranges that are no letters, digits, "_" and letters
# of other scripts, numbers among them.
_PLAIN_RUN_RE = re.compile(
    rf"(?P<han>[{HAN_CHARS}](?:[{HAN_CHARS}\W\d_]*[{HAN_CHARS}])?)"
    rf"|(?P<latin>[{LATIN_CHARS}](?:[{LATIN_CHARS}\W\d_]*[{LATIN_CHARS}])?)"
    rf"|(?P<other>[^\W\d_{HAN_CHARS}{LATIN_CHARS}]+)"
)
_run_chars = st.sampled_from(list("ab Z.,’é干細〇々12_²½Ⅰαひ\t\u0378\ua720\ua7e7\ufada\U0002a6e0"))


@settings(max_examples=500, deadline=None)
@given(st.lists(_run_chars, max_size=40).map("".join))
def test_runs_are_those_of_the_plain_alternation(text):
    assert ([(match.span(), match.lastgroup) for match in RUN_RE.finditer(text)]
            == [(match.span(), match.lastgroup) for match in _PLAIN_RUN_RE.finditer(text)])


_FOREIGN_PHRASES = [
    ("La thérapie cellulaire est une piste très prometteuse pour les patients", "fr"),
    ("Der Patient erhielt eine Stammzelltherapie in einer spezialisierten Klinik", "de"),
    ("Los pacientes con esclerosis múltiple recibieron células madre en el hospital", "es"),
    ("Il trattamento è stato approvato dopo anni di studi clinici in Europa e negli Stati Uniti", "it"),
    ("De behandeling met stamcellen is een nieuwe hoop voor patiënten met multiple sclerose", "nl"),
    ("A terapia com células-tronco é uma esperança para muitos pacientes com esclerose", "pt"),
    ("Pacjenci ze stwardnieniem rozsianym otrzymali przeszczep komórek macierzystych w szpitalu", "pl"),
]


@pytest.mark.parametrize("phrase, lang", _FOREIGN_PHRASES)
def test_langdetect_on_latin_script_profiles_answers_as_with_all_of_them(phrase, lang):
    """Leaving out the profiles of languages not written in Latin script changes no answer on Latin text."""
    from langdetect import DetectorFactory, detect_langs

    from i18n import langid

    DetectorFactory.seed = 0
    assert (detect_langs(phrase)[0].lang, langid._langdetect.__wrapped__(phrase)) == (lang, lang)


def _long_latin_runs(root) -> list[str]:
    """Every Latin run of six words or more in the articles and held-out texts, and the foreign phrases."""
    texts = [read_document(path).text for path in sorted((root / "source_texts").glob("*.txt"))
             + sorted((root / "tests" / "data").glob("heldout*/*.txt"))]
    runs = {match.group() for text in texts for match in RUN_RE.finditer(text)
            if match.lastgroup == "latin" and match.group().count(" ") + 1 >= langid.LANGDETECT_MIN_WORDS}
    return sorted(runs) + [phrase for phrase, _ in _FOREIGN_PHRASES] + [
        "Le traitement a été bien toléré par la plupart des participants de l'étude",
        "Nous avons observé une amélioration de la mobilité après six mois de suivi",
        "Bei den meisten Patienten traten keine schweren Nebenwirkungen auf",
        "Die Ergebnisse wurden in einer renommierten Fachzeitschrift veröffentlicht",
        "Los resultados del ensayo clínico fueron publicados el año pasado",
        "La mayoría de los participantes mostraron una mejoría en la movilidad",
        "I pazienti sono stati seguiti per due anni dopo il trapianto",
        "Gli effetti collaterali più comuni sono stati febbre e stanchezza",
        "De meeste patiënten hadden geen ernstige bijwerkingen na de transplantatie",
        "Le Page and colleagues reported en bloc resection in a small cohort of patients",
        "The results were published in La Presse Médicale and discussed at the conference",
        "Dr. Da Silva and Dr. Van der Berg led the study at the university hospital"]


def test_langdetect_with_fewer_trials_answers_as_with_its_default(root):
    """LANGDETECT_TRIALS (4) instead of langdetect's 7 changes no answer on the runs langdetect may get."""
    runs = _long_latin_runs(root)
    assert len(runs) > 150

    def seven_trials(run: str) -> str:
        detector = langid._latin_detector_factory().create()
        detector.append(run)
        best = detector.get_probabilities()[0]
        return best.lang if best.prob >= langid.LANGDETECT_MIN_PROBABILITY else "en"

    assert [(run, langid._langdetect.__wrapped__(run)) for run in runs] == [(run, seven_trials(run)) for run in runs]


def test_langdetect_weighs_the_latin_script_languages_only():
    from i18n import langid

    langs = set(langid._latin_detector_factory().langlist)
    assert {"en", "fr", "de", "es", "it", "nl", "pt", "pl", "vi", "tr"} <= langs
    assert not {"zh-cn", "zh-tw", "ja", "ko", "ru", "ar", "el", "hi"} & langs


def test_a_foreign_sentence_in_an_english_paragraph_keeps_its_language():
    """The whole-paragraph quick test must not hide a foreign sentence behind English ones."""
    text = "Stem cells help many patients. Der Patient und die Familie mit dem Arzt ist nicht sicher, ob das hilft.\n"
    assert [[span.lang for span in segment.spans] for segment in _segments(text)] == [["en"], ["de"]]


_words = st.sampled_from(["The", "patients", "and", "of", "the", "stem", "cells", "MS", "la", "et", "le", "und", "Der",
                          "y", "los", "avec", "pour", "thérapie", "für", "2", "2la", "la_", ".", ",", "(", ")", "—",
                          "“", "”", "干细胞", "\n", "- ", "1. "])


@settings(max_examples=200, deadline=None)
@given(st.lists(_words, max_size=40).map(" ".join))
def test_latin_spans_have_the_language_of_their_run(text):
    """However a block is tested first, each Latin span gets what the rule gives its run alone."""
    from i18n.langid import latin_lang

    for segment in segment_document(parse_document(text)):
        for span in segment.spans:
            run = text[span.start:span.end]
            if _LATIN_LETTER_RE.match(run):
                assert span.lang == latin_lang(run)
