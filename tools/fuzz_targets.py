"""The invariants the fuzzers try to break, one function per target: bytes in, nothing out.

Each target feeds the bytes to a reading path as a command would. An I18nError there is a clear refusal
and passes; anything else raises: an exception of another type, an AssertionError naming the broken
invariant, or an I18nError from re-reading what the toolkit itself wrote.

tools/fuzz_segment.py, fuzz_glossary.py and fuzz_po.py hand these to atheris (``pip install atheris``, for
fuzzing only). Arguments after the corpus directory are libFuzzer's: -max_total_time=SECONDS, -timeout=20,
-dict=FILE, -artifact_prefix=DIR/. Inputs that reach new code are added to the corpus directory
(tools/fuzz_corpus/<target>/; tools/fuzz_seed.py rebuilds its seed-* files); a failing input is saved as
crash-<sha1>, in the current directory unless -artifact_prefix says otherwise. libFuzzer shrinks it by
running the script as a program, so with the venv first on PATH:

    PATH=.venv/bin:$PATH tools/fuzz_po.py -minimize_crash=1 -runs=10000 crash-<sha1>

Saved in tests/data/fuzz/<target>/, a finding runs in CI through tests/test_fuzz_regressions.py.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from i18n.checks import check
from i18n.document import decode, parse_document
from i18n.errors import I18nError
from i18n.glossary import TermMatcher, lint, read_csv, read_tbx, write_csv, write_tbx
from i18n.po import _parse_tokens, _read_entries, read_catalog, write_catalog  # the two parsers, compared
from i18n.project import load_glossary
from i18n.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
PATH = "<fuzz>"


def _utf8(data: bytes) -> str | None:
    """The text a command reads from a file holding ``data`` (as i18n.files.read_utf8), or None."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def segment_target(data: bytes) -> None:
    """Source bytes -> Document -> Segments: exact offsets, spans inside their segment, every letter in a span."""
    try:
        document = parse_document(decode(data, PATH), PATH)
        segments = list(segment_document(document))
    except I18nError:
        return
    text = document.text
    covered = set()
    for segment in segments:
        assert text[segment.start:segment.end] == segment.text, f"segment at {segment.start} is not the text it indexes"
        for span in segment.spans:
            assert segment.start <= span.start < span.end <= segment.end, f"span {span} outside {segment}"
            covered.update(range(span.start, span.end))
    stray = [index for index, char in enumerate(text) if char.isalpha() and index not in covered]
    assert not stray, f"letters outside every span at {stray[:5]}: {[text[i] for i in stray[:5]]}"


def glossary_target(data: bytes) -> None:
    """A glossary text read as CSV and as TBX: each glossary that reads survives both round trips, and the
    lint and the term matcher take it."""
    text = _utf8(data)
    if text is None:
        return
    for reader in (read_csv, read_tbx):
        try:
            glossary = reader(text, PATH)
        except I18nError:
            continue
        # The CSV is written sorted by domain and id, so only the concepts, not their order, must come back.
        assert Counter(read_csv(write_csv(glossary), PATH).concepts) == Counter(glossary.concepts), "CSV round trip"
        assert read_tbx(write_tbx(glossary), PATH).concepts == glossary.concepts, "TBX round trip"
        lint(glossary)
        TermMatcher(glossary).find(text)


@lru_cache(maxsize=1)
def project_matcher() -> TermMatcher:
    return TermMatcher(load_glossary(ROOT / "locales/glossary.csv"))


def po_target(data: bytes) -> None:
    """A catalogue that reads is written and read back unchanged, and `i18n check` takes it; where the
    entry-at-a-time reader takes a text, the token parser reads the same messages at the same lines."""
    text = _utf8(data)
    if text is None:
        return
    entries = _read_entries(text, PATH)
    if entries is not None:
        assert [(m, m.line) for m, _ in entries] == [(m, m.line) for m, _ in _parse_tokens(text, PATH)], \
            "the two PO parsers disagree"
    try:
        catalog = read_catalog(text, PATH)
    except I18nError:
        return
    assert read_catalog(write_catalog(catalog), PATH) == catalog, "write_catalog -> read_catalog changed the catalogue"
    check([(PATH, catalog)], project_matcher())
