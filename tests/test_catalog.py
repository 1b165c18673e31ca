"""Templates, msgmerge-style updates that never lose a translation, pretranslation, statistics,
and the bundled catalogues themselves."""
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n import catalog as cat
from i18n.config import load_config
from i18n.document import parse_document
from i18n.glossary import TermMatcher, read_csv
from i18n.po import format_header, parse_header, read_catalog, write_catalog
from i18n import project
from i18n.segment import segment_document

needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")


def _pot(text, previous=None):
    return cat.template("demo", "source_texts/demo.txt", segment_document(parse_document(text)), previous=previous)


def test_template_merges_identical_texts_and_adds_context_only_when_needed():
    pot = _pot("Stem Cells\nStem Cells are here.\n- Stem Cells\nIntro.\nStem Cells are here.\nEnd.")
    keys = [(m.msgctxt, m.msgid, m.references) for m in pot.messages]
    assert keys == [
        ("heading", "Stem Cells", ("source_texts/demo.txt:1",)),
        (None, "Stem Cells are here.", ("source_texts/demo.txt:2", "source_texts/demo.txt:5")),
        ("list-item", "Stem Cells", ("source_texts/demo.txt:3",)),
        (None, "Intro.", ("source_texts/demo.txt:4",)),
        (None, "End.", ("source_texts/demo.txt:6",)),
    ]
    assert pot.messages[1].extracted == ("paragraph, en",)


def test_update_keeps_every_field_of_the_translators_header_as_msgmerge_does():
    """Poedit's X-Poedit-SearchPath-0 (its "Update from source"), X-Generator and the translator's own
    fields stay; the template's POT-Creation-Date replaces the old one; Language and Plural-Forms are right."""
    pot = _pot("Stem cells.")
    old = cat.merge(pot, None, "zh_Hans").catalog
    fields = {**parse_header(old.header.msgstr), "POT-Creation-Date": "2020-01-01 00:00+0000",
              "Project-Id-Version": "demo 2", "Last-Translator": "Li Wei <li@example.org>",
              "X-Generator": "Poedit 3.4.2", "X-Poedit-SearchPath-0": "source_texts", "Plural-Forms": "wrong"}
    old = replace(old, header=replace(old.header, msgstr=format_header(fields)))
    header = parse_header(cat.merge(pot, old, "zh_Hans").catalog.header.msgstr)
    assert header == {**fields, "POT-Creation-Date": parse_header(pot.header.msgstr)["POT-Creation-Date"],
                      "Plural-Forms": "nplurals=1; plural=0;"}


def test_template_is_deterministic_when_nothing_changed():
    first = _pot("Title\nBody.")
    again = _pot("Title\nBody.", previous=read_catalog(write_catalog(first)))
    assert write_catalog(again) == write_catalog(first)


def test_merge_keeps_fuzzes_and_obsoletes_like_msgmerge_but_loses_nothing():
    old_pot = _pot("Title\nStem cells repair damaged myelin in the brain.\nThis sentence goes away.")
    translations = {"Title": "标题", "Stem cells repair damaged myelin in the brain.": "干细胞修复脑内受损的髓鞘。",
                    "This sentence goes away.": "这句话将被删除。"}
    old = cat.merge(old_pot, None, "zh_Hans").catalog
    old = replace(old, messages=tuple(replace(m, msgstr=translations[m.msgid]) for m in old.messages))
    new_pot = _pot("Title\nStem cells repair the damaged myelin in the brain.\nA new sentence.")
    result = cat.merge(new_pot, old, "zh_Hans")
    by_id = {(m.msgid, m.obsolete): m for m in result.catalog.messages}
    assert by_id[("Title", False)].msgstr == "标题" and not by_id[("Title", False)].fuzzy
    changed = by_id[("Stem cells repair the damaged myelin in the brain.", False)]
    assert changed.fuzzy and changed.msgstr == "干细胞修复脑内受损的髓鞘。"
    assert changed.previous_msgid == "Stem cells repair damaged myelin in the brain."
    assert by_id[("A new sentence.", False)].msgstr == ""
    assert by_id[("This sentence goes away.", True)].msgstr == "这句话将被删除。"
    assert by_id[("Stem cells repair damaged myelin in the brain.", True)].msgstr == "干细胞修复脑内受损的髓鞘。"
    assert (result.kept, result.fuzzy, result.new, result.obsolete) == (1, 1, 1, 2)
    assert result.catalog.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert result.catalog.metadata["Language"] == "zh_Hans"


_sentences = st.sampled_from([
    "Stem cells repair myelin.", "MS is a chronic disease.", "Clinical trials are ongoing.",
    "Mesenchymal stem cells (MSCs) come from bone marrow.", "HSCT resets the immune system.",
    "干细胞治疗有前景。", "Patients need informed consent.", "Remyelination restores function.",
])
_edits = st.lists(st.tuples(st.sampled_from(["add", "remove", "change"]), _sentences, st.integers(0, 20)), max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentences, min_size=1, max_size=6, unique=True), st.lists(_edits, min_size=1, max_size=4))
def test_no_translation_is_ever_lost_over_random_edit_sequences(initial, rounds):
    lines = list(initial)
    po = None
    everything = set()
    for edits in [[]] + rounds:
        for action, sentence, position in edits:
            if action == "add":
                lines.insert(position % (len(lines) + 1), sentence)
            elif action == "remove" and lines:
                lines.pop(position % len(lines))
            elif lines:
                index = position % len(lines)
                lines[index] = lines[index].replace(".", " today.", 1) if "today" not in lines[index] else sentence
        pot = _pot("\n".join(lines) + "\n")
        po = read_catalog(write_catalog(cat.merge(pot, po, "zh_Hans").catalog))
        # the translator translates whatever is untranslated, uniquely
        messages = []
        for m in po.messages:
            if not m.msgstr and not m.obsolete:
                m = replace(m, msgstr=f"译文{len(everything)}：{m.msgid}")
                everything.add(m.msgstr)
            messages.append(m)
        po = read_catalog(write_catalog(replace(po, messages=tuple(messages))))
    kept = {m.msgstr for m in po.messages}
    assert everything <= kept


def test_pretranslate_fills_safely_and_never_overwrites(request):
    glossary = read_csv((request.config.rootpath / "locales/glossary.csv").read_text(encoding="utf-8"))
    pot = _pot("Stem Cells Work\n多发性硬化症 (多发性硬化症) 是一种疾病.\n干细胞治疗 for MS is promising.\nDone here.")
    zh = cat.merge(pot, None, "zh_Hans").catalog
    zh = replace(zh, messages=tuple(replace(m, msgstr="已完成。") if m.msgid == "Done here." else m for m in zh.messages))
    matcher = TermMatcher(glossary)
    result = cat.pretranslate(zh, "zh_Hans", matcher)
    out = {m.msgid: m for m in result.catalog.messages}
    assert out["多发性硬化症 (多发性硬化症) 是一种疾病."].msgstr == "多发性硬化症（MS）是一种疾病。"
    draft = out["干细胞治疗 for MS is promising."]
    assert draft.fuzzy and draft.msgstr.startswith("干细胞治疗")
    assert out["Done here."].msgstr == "已完成。" and out["Stem Cells Work"].msgstr == ""
    en = cat.pretranslate(cat.merge(pot, None, "en").catalog, "en", matcher).catalog
    en_out = {m.msgid: m for m in en.messages}
    assert en_out["Stem Cells Work"].msgstr == "Stem Cells Work"
    assert en_out["多发性硬化症 (多发性硬化症) 是一种疾病."].msgstr == ""
    assert en_out["干细胞治疗 for MS is promising."].msgstr == "Stem cell therapy for MS is promising."


@pytest.mark.parametrize("source, language, draft", [
    # spaces Chinese did not need, between a term and a word or another term
    ("The trial treated patients with 患者来源造血干细胞移植 successfully.", "en",
     "The trial treated patients with patient-derived hematopoietic stem cell transplantation successfully."),
    ("多发性硬化（MS）是 a disease.", "en", "Multiple sclerosis (MS) 是 a disease."),  # a capital at a sentence start
    ("诱导多能干细胞 are studied.", "en", "Induced pluripotent stem cell are studied."),
    # an acronym stays an acronym; a term with its acronym keeps it, in full-width brackets
    ("In 120 patients (MS) with 干细胞治疗.", "zh_Hans", "In 120 patients (MS) with 干细胞治疗。"),
    ("Patients with multiple sclerosis (MS) received 干细胞治疗.", "zh_Hans", "Patients with 多发性硬化（MS）received 干细胞治疗。"),
])
def test_a_mixed_segment_is_drafted_as_a_translator_would_start(request, source, language, draft):
    matcher = TermMatcher(read_csv((request.config.rootpath / "locales/glossary.csv").read_text(encoding="utf-8")))
    result = cat.pretranslate(cat.merge(_pot(source), None, language).catalog, language, matcher)
    (entry,) = result.catalog.messages
    assert (entry.msgstr, entry.fuzzy) == (draft, True)


def test_a_forbidden_variant_whose_replacement_would_double_a_word_is_left_to_a_translator(request):
    """干细胞疗法 → 干细胞治疗 is safe, but not before 治疗: 接受了干细胞治疗治疗 is no Chinese. The entry is
    drafted as fuzzy with the variant in it, and check --fix offers no fix for it either."""
    matcher = TermMatcher(read_csv((request.config.rootpath / "locales/glossary.csv").read_text(encoding="utf-8")))
    pot = _pot("患者接受了 干细胞疗法 治疗.\n干细胞疗法 有效.")
    result = cat.pretranslate(cat.merge(pot, None, "zh_Hans").catalog, "zh_Hans", matcher)
    out = {m.msgid: m for m in result.catalog.messages}
    assert (out["患者接受了 干细胞疗法 治疗."].msgstr, out["患者接受了 干细胞疗法 治疗."].fuzzy) == ("患者接受了干细胞疗法治疗。", True)
    assert (out["干细胞疗法 有效."].msgstr, out["干细胞疗法 有效."].fuzzy) == ("干细胞治疗有效。", False)
    assert (result.filled, result.drafted) == (1, 1)


def test_chinese_in_the_other_script_is_a_draft_and_japanese_is_left_alone(request):
    """A Traditional segment in a Simplified catalogue is converted (OpenCC, by phrase) and drafted as fuzzy,
    never filled as finished; a Japanese one (kana), which is no Chinese, is not filled at all."""
    matcher = TermMatcher(read_csv((request.config.rootpath / "locales/glossary.csv").read_text(encoding="utf-8")))
    pot = _pot("幹細胞治療在臺灣很普遍。\n東京大学の研究チームが発表した。\n干细胞治疗有效。")
    result = cat.pretranslate(cat.merge(pot, None, "zh_Hans").catalog, "zh_Hans", matcher)
    out = {m.msgid: (m.msgstr, m.fuzzy) for m in result.catalog.messages}
    assert out == {"幹細胞治療在臺灣很普遍。": ("干细胞治疗在台湾很普遍。", True), "東京大学の研究チームが発表した。": ("", False),
                   "干细胞治疗有效。": ("干细胞治疗有效。", False)}
    hant = cat.pretranslate(cat.merge(pot, None, "zh_Hant").catalog, "zh_Hant", matcher).catalog
    assert {m.msgid: m.fuzzy for m in hant.messages}["干细胞治疗有效。"]


def test_stats_count_entries_and_words():
    pot = _pot("One two three.\n干细胞。\nFour.")
    po = cat.merge(pot, None, "zh_Hans").catalog
    messages = list(po.messages)
    messages[0] = replace(messages[0], msgstr="一二三。")
    messages[1] = replace(messages[1], msgstr="干细胞。", flags=("fuzzy",))
    s = cat.stats(replace(po, messages=tuple(messages)))
    assert (s.translated, s.fuzzy, s.untranslated) == (1, 1, 1)
    assert (s.translated_words, s.fuzzy_words, s.untranslated_words) == (3, 4, 1)


# --- the bundled catalogues ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def config(request):
    return load_config(request.config.rootpath)


def _bundled(config):
    for article in project.articles(config):
        for language in config.languages:
            path = project.po_path(config, article, language)
            yield language, path, project.load_catalog(path)


def test_bundled_templates_are_current_with_the_sources(config):
    matcher = TermMatcher(project.load_glossary(config.path("glossary")))
    for article in project.articles(config):
        path = project.pot_path(config, article)
        committed = path.read_text(encoding="utf-8")
        rebuilt = project.build_template(config, article, matcher, project.load_catalog(path))
        assert write_catalog(rebuilt) == committed, f"{path}: run `i18n extract`"


def test_bundled_catalogues_are_complete(config):
    for language, path, po in _bundled(config):
        s = cat.stats(po)
        assert (s.fuzzy, s.untranslated) == (0, 0), path
        assert all(m.msgstr != "" for m in po.active())


def test_english_catalogues_hold_no_han_and_chinese_no_stray_latin(config):
    glossary = project.load_glossary(config.path("glossary"))
    names = [c.en for c in glossary.concepts if c.is_name]
    for language, path, po in _bundled(config):
        for m in po.active():
            if language == "en":
                assert not re.search(r"[\u3400-\u9fff]", m.msgstr), (path, m.msgid)
            else:
                text = m.msgstr
                for name in names:
                    text = text.replace(name, "")
                words = re.findall(r"[A-Za-z]+", text)
                assert all(re.fullmatch(r"[ie]?[A-Z][A-Z0-9]*s?|[A-Z]", w) for w in words), (path, m.msgid, words)


@needs_gettext
def test_bundled_catalogues_pass_msgfmt_check_and_are_msgcat_identical(config):
    for _, path, _ in _bundled(config):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True, capture_output=True)
        printed = subprocess.run(["msgcat", str(path)], check=True, capture_output=True, text=True).stdout
        assert printed == path.read_text(encoding="utf-8"), path
