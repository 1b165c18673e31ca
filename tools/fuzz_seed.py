"""Build the fuzzers' seed corpora in tools/fuzz_corpus/<target>/ from the project's real files.

Run from the repository root, in the project's venv: ``.venv/bin/python tools/fuzz_seed.py``.

Seeds are cut small (about CHUNK characters, at line or entry boundaries) because a fuzzer runs each
input thousands of times and mutates small inputs far faster: source texts in runs of lines, the
glossary CSV in runs of rows under its header, the same rows exported as TBX, and every catalogue
(locales/, tests/data/check/) as its header plus a run of entries. Files are named ``seed-*``; the
inputs the fuzzers add beside them are named by their SHA-1.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from i18n.files import read_utf8, write_atomic
from i18n.glossary import Glossary, read_csv, write_tbx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tools/fuzz_corpus"
CHUNK = 1500
TBX_CONCEPTS = 4  # a TBX concept is about ten times the size of its CSV row


def runs(pieces: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    """Consecutive pieces grouped until a group reaches ``size`` characters."""
    group: list[str] = []
    for piece in pieces:
        group.append(piece)
        if sum(map(len, group)) >= size:
            yield group
            group = []
    if group:
        yield group


def seeds() -> Iterator[tuple[str, str]]:
    """(path under the corpus directory, text) of every seed."""
    for path in sorted((ROOT / "source_texts").glob("*.txt")):
        for number, lines in enumerate(runs(read_utf8(path).splitlines(keepends=True))):
            yield f"segment/seed-{path.stem}-{number}.txt", "".join(lines)
    header, *rows = read_utf8(ROOT / "locales/glossary.csv").splitlines(keepends=True)
    for number, group in enumerate(runs(rows)):
        yield f"glossary/seed-glossary-{number}.csv", header + "".join(group)
    concepts = read_csv(read_utf8(ROOT / "locales/glossary.csv")).concepts
    for start in range(0, len(concepts), TBX_CONCEPTS):
        tbx = write_tbx(Glossary(concepts[start:start + TBX_CONCEPTS]))
        yield f"glossary/seed-glossary-{start // TBX_CONCEPTS}.tbx", tbx
    catalogues = [*(ROOT / "locales").glob("**/*.po"), *(ROOT / "locales").glob("*.pot"),
                  *(ROOT / "tests/data/check").glob("**/*.po")]
    for path in sorted(catalogues):
        name = "-".join(path.relative_to(ROOT).with_suffix("").parts[1:])
        header, *entries = read_utf8(path).split("\n\n")
        for number, group in enumerate(runs(entry + "\n\n" for entry in entries)):
            yield f"po/seed-{name}-{number}{path.suffix}", header + "\n\n" + "".join(group)


if __name__ == "__main__":
    for name, text in seeds():
        write_atomic(CORPUS / name, text)
