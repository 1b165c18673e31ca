"""Precision and recall of `i18n check` on labelled catalogues with seeded defects.

tests/data/check/seeded: the corpus the checker was built against (precision and recall must be 1.0);
tests/data/check/heldout: written blind to the checker by another author (both must be >= 0.95).
Each corpus has labels.json: every active entry with the kinds of finding it must produce.
"""
import gc
import json
import os
from pathlib import Path

import pytest

from i18n.checks import Options, check, engine
from i18n.checks.model import Context, Entry
from i18n.errors import I18nError
from i18n.glossary import TermMatcher
from i18n.po import read_catalog

DATA = Path(__file__).parent / "data" / "check"


def score(corpus: Path, matcher: TermMatcher) -> tuple[float, float, set, set]:
    """(precision, recall, false positives, false negatives) over (file, msgctxt, msgid, kind)."""
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))["entries"]
    files = sorted(corpus.rglob("*.po"))
    catalogues = [(p.relative_to(corpus).as_posix(), read_catalog(p.read_text(encoding="utf-8"), str(p))) for p in files]
    report = check(catalogues, matcher)
    found = {(f.path, f.msgctxt, f.msgid, f.kind) for f in report.findings}
    expected = {(e["file"], e["msgctxt"], e["msgid"], kind) for e in labels for kind in e["kinds"]}
    labelled = {(e["file"], e["msgctxt"], e["msgid"]) for e in labels}
    active = {(path, m.msgctxt, m.msgid) for path, c in catalogues for m in c.active()}
    assert labelled == active, "labels.json must list every active entry"
    hits = found & expected
    return len(hits) / max(len(found), 1), len(hits) / max(len(expected), 1), found - expected, expected - found


@pytest.mark.parametrize("corpus, floor", [("seeded", 1.0), ("heldout", 0.95)])
def test_precision_and_recall(matcher, corpus, floor):
    if not (DATA / corpus / "labels.json").exists():
        pytest.fail(f"missing corpus {corpus}")
    precision, recall, false_positives, false_negatives = score(DATA / corpus, matcher)
    assert (precision, recall) >= (floor, floor) and min(precision, recall) >= floor, (
        f"precision {precision:.3f}, recall {recall:.3f}\nfalse positives: {sorted(false_positives)}\n"
        f"false negatives: {sorted(false_negatives)}")


def test_a_check_shared_among_processes_reports_what_one_process_does(root, matcher, monkeypatch):
    """Each process checks a share of the entries and computes the facts the corpus rules compare
    (C003's and T005's terms) for it: the report is the one-process report, finding for finding."""
    monkeypatch.setattr(engine, "MIN_ENTRIES_PER_PROCESS", 1)
    paths = sorted((DATA / "seeded").rglob("*.po")) + sorted((root / "locales").rglob("*.po"))
    catalogues = [(str(p), read_catalog(p.read_text(encoding="utf-8"), str(p))) for p in paths]
    alone = check(catalogues, matcher)
    shared = check(catalogues, matcher, Options(processes=3))
    assert {"C003", "T005"} <= {f.rule for f in shared.findings}
    assert shared == alone


def test_shares_keep_each_source_in_one_process_and_are_even(root, matcher):
    """A source recurs in each language's catalogue: its entries go to one process, which matches its terms
    once; sources are dealt out in turn, so the shares hold about as many entries each."""
    paths = sorted((root / "locales").rglob("*.po"))
    context = Context(matcher)
    entries = [Entry(str(p), m, None, context) for p in paths
               for m in read_catalog(p.read_text(encoding="utf-8"), str(p)).active()]
    shares = engine._Run(entries, [], [], Options()).shares(3)
    assert sorted(index for share in shares for index in share) == list(range(len(entries)))
    sources = [{entries[index].source for index in share} for share in shares]
    assert not (sources[0] & sources[1] or sources[0] & sources[2] or sources[1] & sources[2])
    assert len(entries) == 2 * len(set().union(*sources))  # en and zh_Hans: each source twice
    assert max(map(len, shares)) - min(map(len, shares)) <= 0.1 * len(entries)


def test_a_process_that_dies_is_one_clear_error_and_leaves_the_heap_unfrozen(root, matcher, monkeypatch):
    monkeypatch.setattr(engine, "MIN_ENTRIES_PER_PROCESS", 1)
    share = engine._Run.share
    monkeypatch.setattr(engine._Run, "share", lambda self, indices: os._exit(1) if indices[0] else share(self, indices))
    paths = sorted((DATA / "seeded").rglob("*.po"))
    catalogues = [(str(p), read_catalog(p.read_text(encoding="utf-8"), str(p))) for p in paths]
    with pytest.raises(I18nError, match="stopped unexpectedly"):
        check(catalogues, matcher, Options(processes=2))
    assert gc.get_freeze_count() == 0
