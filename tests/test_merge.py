"""`i18n update`'s merge: fuzzy candidates per context, msgmerge's choice of fuzzy match, malformed
catalogues refused before anything is written, and every written catalogue accepted by msgfmt."""
import random
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n import catalog as cat
from i18n.cli import cli
from i18n.document import parse_document
from i18n.files import LOCK_NAME
from i18n.po import Catalog, Message, read_catalog, write_catalog
from i18n.segment import segment_document

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
needs_msgmerge = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")


def _pot(text):
    return cat.template("demo", "source_texts/demo.txt", segment_document(parse_document(text)))


def _translated(pot, translations):
    po = cat.merge(pot, None, "zh_Hans").catalog
    return replace(po, messages=tuple(replace(m, msgstr=translations[m.key]) for m in po.messages))


def test_a_sentence_that_only_gains_or_loses_its_context_keeps_its_reviewed_translation():
    """A list item repeating a paragraph's sentence gives both a msgctxt; the paragraph's text and kind did
    not change, so its translation stays, not fuzzy, and again when the list item goes."""
    text = "Stem Cells\nThe results are promising.\nThe end.\n"
    old = _translated(_pot(text), {(None, "Stem Cells"): "干细胞", (None, "The results are promising."): "结果令人鼓舞。",
                                   (None, "The end."): "完。"})
    repeated = cat.merge(_pot(text + "- The results are promising.\n"), old, "zh_Hans")
    active = {m.key: m for m in repeated.catalog.messages if not m.obsolete}
    paragraph = active["paragraph", "The results are promising."]
    assert (paragraph.msgstr, paragraph.fuzzy) == ("结果令人鼓舞。", False)
    assert active["list-item", "The results are promising."].fuzzy  # a new block: msgmerge's fuzzy match
    assert (repeated.kept, repeated.fuzzy) == (3, 1)
    back = cat.merge(_pot(text), repeated.catalog, "zh_Hans")
    sentence = {m.key: m for m in back.catalog.messages if not m.obsolete}[None, "The results are promising."]
    assert (sentence.msgstr, sentence.fuzzy, back.kept) == ("结果令人鼓舞。", False, 3)


def test_a_msgid_in_two_contexts_keeps_one_fuzzy_candidate_per_context():
    old = _translated(_pot("Stem Cells\nThey repair myelin.\n- Stem Cells\n- Bone marrow\nThe end.\n"), {
        ("heading", "Stem Cells"): "干细胞（标题）", ("list-item", "Stem Cells"): "干细胞（列表项）",
        (None, "They repair myelin."): "它们修复髓鞘。", (None, "Bone marrow"): "骨髓", (None, "The end."): "完。"})
    result = cat.merge(_pot("Stem cells\nThey repair myelin.\n- Stem cells\n- Bone marrow\nThe end.\n"), old, "zh_Hans")
    active = {m.key: m for m in result.catalog.messages if not m.obsolete}
    heading, item = active["heading", "Stem cells"], active["list-item", "Stem cells"]
    assert (heading.msgstr, heading.previous_msgctxt, heading.previous_msgid) == ("干细胞（标题）", "heading", "Stem Cells")
    assert (item.msgstr, item.previous_msgctxt, item.previous_msgid) == ("干细胞（列表项）", "list-item", "Stem Cells")
    assert heading.fuzzy and item.fuzzy
    obsolete = {m.key: m.msgstr for m in result.catalog.messages if m.obsolete}
    assert obsolete == {("heading", "Stem Cells"): "干细胞（标题）", ("list-item", "Stem Cells"): "干细胞（列表项）"}
    assert (result.kept, result.fuzzy, result.new, result.obsolete) == (3, 2, 0, 2)


def test_a_fuzzy_match_may_come_from_an_entry_kept_elsewhere_as_msgmerge_allows():
    old = _translated(_pot("Stem cells repair damaged myelin.\nThe end.\n"),
                      {(None, "Stem cells repair damaged myelin."): "干细胞修复受损的髓鞘。", (None, "The end."): "完。"})
    result = cat.merge(_pot("Stem cells repair damaged myelin.\nStem cells repair the damaged myelin.\nThe end.\n"),
                       old, "zh_Hans")
    messages = {m.msgid: m for m in result.catalog.messages}
    assert messages["Stem cells repair damaged myelin."].msgstr == "干细胞修复受损的髓鞘。"
    assert not messages["Stem cells repair damaged myelin."].fuzzy
    added = messages["Stem cells repair the damaged myelin."]
    assert added.fuzzy and added.previous_msgid == "Stem cells repair damaged myelin."
    assert result.obsolete == 0


# Edits a writer makes to the bundled articles' sentences, applied in turn to every third entry.
_EDITS = (
    lambda text: re.sub(r"\b(\w{5,})\b", lambda m: m.group(1)[::-1], text, count=1),  # a word changed
    lambda text: text[:-1] + "!" if text[-1:] in ".。" else text + ".",  # punctuation changed
    lambda text: text + " This sentence was added later.",  # a sentence added
    lambda text: text.replace(",", "", 1).replace("，", "", 1) or text,  # a comma dropped
)


def _fuzzy(catalog):
    return {m.key: (m.previous_msgctxt, m.previous_msgid) for m in catalog.active() if m.fuzzy}


def _fuzzy_comments(catalog):
    """The translator comments each fuzzy entry carries (an i18n-ignore among them)."""
    return {m.key: m.comments for m in catalog.active() if m.fuzzy}


def _msgmerge(old, new_pot, folder: Path):
    (folder / "old.po").write_text(write_catalog(old), encoding="utf-8")
    (folder / "new.pot").write_text(write_catalog(new_pot), encoding="utf-8")
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(folder / "msgmerge.po"), str(folder / "old.po"),
                    str(folder / "new.pot")], check=True)
    return read_catalog((folder / "msgmerge.po").read_text(encoding="utf-8"))


@needs_msgmerge
def test_fuzzy_matches_are_the_ones_msgmerge_chooses(root, tmp_path):
    compared = 0
    for po_path in sorted((root / "locales/zh_Hans/LC_MESSAGES").glob("*.po")):
        old = read_catalog(po_path.read_text(encoding="utf-8"), str(po_path))
        template = read_catalog((root / "locales" / f"{po_path.stem}.pot").read_text(encoding="utf-8"))
        edited = [replace(m, msgid=_EDITS[n // 3 % len(_EDITS)](m.msgid)) if n % 3 == 0 else m
                  for n, m in enumerate(template.messages)]
        new_pot = replace(template, messages=tuple({m.key: m for m in edited}.values()))
        merged, theirs = cat.merge(new_pot, old, "zh_Hans").catalog, _msgmerge(old, new_pot, tmp_path)
        ours = _fuzzy(merged)
        assert ours == _fuzzy(theirs), po_path.name
        assert _fuzzy_comments(merged) == _fuzzy_comments(theirs), po_path.name
        compared += len(ours)
    assert compared > 50  # most edited entries found their old translation


@needs_msgmerge
def test_msgmerge_also_gives_each_context_its_own_candidate(tmp_path):
    old = _translated(_pot("Stem Cells\n- Stem Cells\nThe end.\n"), {
        ("heading", "Stem Cells"): "干细胞（标题）", ("list-item", "Stem Cells"): "干细胞（列表项）", (None, "The end."): "完。"})
    new_pot = _pot("Stem cells\n- Stem cells\nThe end.\n")
    ours = _fuzzy(cat.merge(new_pot, old, "zh_Hans").catalog)
    assert ours == _fuzzy(_msgmerge(old, new_pot, tmp_path)) == {
        ("heading", "Stem cells"): ("heading", "Stem Cells"), ("list-item", "Stem cells"): ("list-item", "Stem Cells")}


def _catalogues(old_msgids, new_msgids):
    """An old catalogue with a translation of each of ``old_msgids``, and a template of ``new_msgids``."""
    pot = cat.template("demo", "source_texts/demo.txt", [])
    header = cat.merge(pot, None, "zh_Hans").catalog.header
    old = Catalog(header, tuple(Message(msgid, msgstr=f"译文{n}") for n, msgid in enumerate(old_msgids)))
    return old, replace(pot, messages=tuple(Message(msgid) for msgid in new_msgids))


# (old msgids, new msgid, the old msgid whose translation msgmerge gives it)
_CHOICES = [
    # Hyphenated, past tense, plural: not one word as it was, yet it scores 0.91, and the entry that
    # kept a word only 0.67.
    (["Re-myelination restored functions!", "Remyelination is slow."], "Remyelination restores function.",
     "Re-myelination restored functions!"),
    # Both score 0.67 to a msgid under 4 characters: msgmerge compares those with every old msgid by
    # length, so the shorter comes first and wins, though it is later in the file.
    (["肿一突", "这一"], "肿之一", "这一"),
    # A rule of 600 dashes: a byte far more often in both msgids than the index counts a byte (255).
    (["Stem cells.", "-" * 600 + " Stem cells."], "-" * 600 + " Stem cell.", "-" * 600 + " Stem cells."),
]


@pytest.mark.parametrize("old_msgids, new_msgid, chosen", _CHOICES, ids=["no-word-kept", "short-tie", "long-run"])
def test_a_hard_fuzzy_match_is_the_one_msgmerge_chooses(old_msgids, new_msgid, chosen):
    old, new_pot = _catalogues(old_msgids, [new_msgid])
    assert _fuzzy(cat.merge(new_pot, old, "zh_Hans").catalog) == {(None, new_msgid): (None, chosen)}


@needs_msgmerge
@pytest.mark.parametrize("old_msgids, new_msgid, chosen", _CHOICES, ids=["no-word-kept", "short-tie", "long-run"])
def test_msgmerge_makes_those_hard_choices_too(old_msgids, new_msgid, chosen, tmp_path):
    old, new_pot = _catalogues(old_msgids, [new_msgid])
    assert _fuzzy(_msgmerge(old, new_pot, tmp_path)) == {(None, new_msgid): (None, chosen)}


_WORDS = ("stem cells repair damaged myelin in the brain and spinal cord of patients with multiple sclerosis "
          "trials show that therapy may slow disease progression while risks remain under study").split()


def _alike(rng, size, edited):
    """``size`` old sentences of one small vocabulary, so that hundreds share words with any other, and
    ``edited`` new ones made from them with nearly half their words replaced: weak matches, near 0.6."""
    old = list(dict.fromkeys(" ".join(rng.choices(_WORDS, k=rng.randint(6, 14))).capitalize() + "."
                             for _ in range(size)))
    new = []
    for sentence in rng.sample(old, edited):
        words = [rng.choice(_WORDS) if rng.random() < 0.45 else word for word in sentence[:-1].split()]
        new.append(" ".join(words).capitalize() + "!")
    return _catalogues(old, [sentence for sentence in dict.fromkeys(new) if sentence not in old])


@needs_msgmerge
def test_weak_matches_among_many_alike_entries_are_the_ones_msgmerge_chooses(tmp_path, monkeypatch):
    old, new_pot = _alike(random.Random(0), 1500, 150)
    expected = _fuzzy(_msgmerge(old, new_pot, tmp_path))
    assert len(expected) > 100
    assert _fuzzy(cat.merge(new_pot, old, "zh_Hans").catalog) == expected
    monkeypatch.setattr(cat, "BATCH_BITS", 1 << 12)  # bounded in many small batches: the same choices
    assert _fuzzy(cat.merge(new_pot, old, "zh_Hans").catalog) == expected


# --- through the command, on a copy of the project --------------------------------------------------

ZH_PO = "locales/zh_Hans/LC_MESSAGES/stem-cells-novel-approach.po"  # the last catalogue update reads




def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != LOCK_NAME}


def _unterminated(lines):
    number = next(i for i, line in enumerate(lines) if re.fullmatch(r'msgid ".+"', line))
    lines[number] = lines[number][:-1]
    return number + 1, "unterminated string"


def _duplicate(lines):
    first = next(i for i, line in enumerate(lines) if re.fullmatch(r'msgid ".+"', line))
    lines += [lines[first], 'msgstr "重复"', ""]
    return len(lines) - 2, f"duplicate message definition (first defined at line {first + 1})"


def _charset(lines):
    number = next(i for i, line in enumerate(lines) if "charset=UTF-8" in line)
    lines[number] = lines[number].replace("UTF-8", "ISO-8859-1")
    return lines.index('msgstr ""') + 1, "header declares charset ISO-8859-1"


@pytest.mark.parametrize("spoil", [_unterminated, _duplicate, _charset], ids=["unterminated", "duplicate", "charset"])
def test_a_malformed_catalogue_stops_update_before_anything_is_written(project, spoil):
    # The first article's template changes, so its catalogues would be rewritten if update went on.
    first_pot = project / "locales/how-stem-cell-treatment-works.pot"
    first_pot.write_text(first_pot.read_text(encoding="utf-8").replace("Stem cell", "Stem-cell", 1), encoding="utf-8")
    lines = (project / ZH_PO).read_text(encoding="utf-8").split("\n")
    line, reason = spoil(lines)
    (project / ZH_PO).write_text("\n".join(lines), encoding="utf-8")
    before = _files(project / "locales")
    result = CliRunner().invoke(cli, ["update"])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("i18n: "), result.stderr
    assert f"{ZH_PO}:{line}: " in result.stderr and reason in result.stderr, result.stderr
    assert _files(project / "locales") == before


@needs_msgfmt
def test_msgfmt_check_accepts_every_catalogue_update_writes(project):
    source = project / "source_texts/stem-cells-novel-approach.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace("debilitating", "disabling")  # a word changed
    lines[3] = lines[3].replace(".", "!", 1)  # punctuation changed
    del lines[5]  # a paragraph removed
    lines[6:6] = ["Stem Cells", "Bone marrow and cord blood are sources of stem cells.", "- Stem Cells"]  # contexts
    source.write_text("\n".join(lines), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["extract"]).exit_code == 0
    result = runner.invoke(cli, ["update"])
    assert result.exit_code == 0, result.output
    written = {project / line.split(":")[0]: line for line in result.stdout.splitlines()
               if not line.endswith("(unchanged)")}
    assert {p.name for p in written} == {"stem-cells-novel-approach.po"} and len(written) == 2
    for path, line in written.items():
        counts = re.search(r"(\d+) kept, (\d+) fuzzy, (\d+) new, (\d+) obsolete", line).groups()
        assert all(int(count) > 0 for count in counts), line
        assert 'msgctxt "list-item"' in path.read_text(encoding="utf-8")
        checked = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
