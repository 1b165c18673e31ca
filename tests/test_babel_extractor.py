"""`pybabel extract -F babel.cfg` through the i18n extractor gives the entries `i18n extract` writes.

pybabel writes one POT for all texts and i18n one per article, so entries are compared per referenced
file: msgctxt, msgid, line numbers and extracted comments. Babel wraps extracted comments at 76
columns (even with --no-wrap), so a comment's lines are compared joined.
"""
import shutil
from collections import defaultdict
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from click.testing import CliRunner

from i18n.cli import cli
from i18n.po import read_catalog


def _pybabel_extract(project: Path, output: Path, monkeypatch, *options: str) -> Path:
    monkeypatch.chdir(project)
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", *options, "-o", str(output),
                                "source_texts"])
    return output


def _entries_by_file(path: Path) -> dict[str, set]:
    found = defaultdict(set)
    for message in read_catalog(path.read_text(encoding="utf-8"), str(path)).messages:
        lines = defaultdict(list)
        for reference in message.references:
            file, _, line = reference.rpartition(":")
            lines[file].append(int(line))
        for file, numbers in lines.items():
            found[file].add((message.msgctxt, message.msgid, tuple(numbers), " ".join(message.extracted)))
    return found


def test_pybabel_gives_the_entries_of_the_bundled_templates(root, tmp_path, monkeypatch):
    babel = _entries_by_file(_pybabel_extract(root, tmp_path / "messages.pot", monkeypatch))
    templates = sorted((root / "locales").glob("*.pot"))
    assert len(templates) == len(list((root / "source_texts").glob("*.txt")))
    for template in templates:
        ours = _entries_by_file(template)
        assert list(ours) == [f"source_texts/{template.stem}.txt"]
        for file, entries in ours.items():
            assert babel[file] == entries, file
    assert set(babel) == {file for template in templates for file in _entries_by_file(template)}


def _project_with_contexts(root: Path, tmp_path: Path) -> Path:
    """A copy of the project's settings with one text in which the same sentence is two kinds of block."""
    project = tmp_path / "project"
    (project / "locales").mkdir(parents=True)
    (project / "source_texts").mkdir()
    for name in ("pyproject.toml", "babel.cfg", "locales/glossary.csv"):
        shutil.copyfile(root / name, project / name)
    (project / "source_texts" / "contexts.txt").write_text(
        "Stem Cells\nMesenchymal stem cells (MSCs) repair myelin. 干细胞治疗有前景。\n- Stem Cells\n"
        "- Bone marrow\nMesenchymal stem cells (MSCs) repair myelin.\nStem Cells\nThe end of the text.\n",
        encoding="utf-8")
    return project


def test_pybabel_carries_the_context_of_a_text_standing_as_two_kinds_of_block(root, tmp_path, monkeypatch):
    project = _project_with_contexts(root, tmp_path)
    monkeypatch.chdir(project)
    assert CliRunner().invoke(cli, ["extract"], catch_exceptions=False).exit_code == 0
    ours = _entries_by_file(project / "locales" / "contexts.pot")
    babel = _entries_by_file(_pybabel_extract(project, tmp_path / "messages.pot", monkeypatch))
    assert babel == ours
    entries = ours["source_texts/contexts.txt"]
    assert {(c, i, lines) for c, i, lines, _ in entries} >= {
        ("heading", "Stem Cells", (1, 6)), ("list-item", "Stem Cells", (3,)),
        (None, "Mesenchymal stem cells (MSCs) repair myelin.", (2, 5))}
    assert any("terms: 间充质干细胞 = mesenchymal stem cell (MSC)" in comments for *_, comments in entries)


def test_without_a_context_keyword_pybabel_loses_only_the_context(root, tmp_path, monkeypatch):
    project = _project_with_contexts(root, tmp_path)
    babel = _entries_by_file(_pybabel_extract(project, tmp_path / "messages.pot", monkeypatch,
                                              "--no-default-keywords", "-k", "_"))
    entries = {(c, i, lines): comments for c, i, lines, comments in babel["source_texts/contexts.txt"]}
    assert {c for c, *_ in entries} == {None}
    merged = entries[None, "Stem Cells", (1, 3, 6)]  # the heading and the list item are now one entry
    assert "heading, en" in merged and "list-item, en" in merged
