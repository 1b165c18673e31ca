"""Precision and recall of `i18n check` on labelled catalogues with seeded defects.

tests/data/check/seeded: the corpus the checker was built against (precision and recall must be 1.0);
tests/data/check/heldout: written blind to the checker by another author (both must be >= 0.95).
Each corpus has labels.json: every active entry with the kinds of finding it must produce.
"""
import json
from pathlib import Path

import pytest

from i18n.checks import check
from i18n.glossary import TermMatcher
from i18n.po import read_catalog
from i18n.project import load_glossary

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


@pytest.fixture(scope="module")
def matcher(root):
    return TermMatcher(load_glossary(root / "locales" / "glossary.csv"))


@pytest.mark.parametrize("corpus, floor", [("seeded", 1.0), ("heldout", 0.95)])
def test_precision_and_recall(matcher, corpus, floor):
    if not (DATA / corpus / "labels.json").exists():
        pytest.fail(f"missing corpus {corpus}")
    precision, recall, false_positives, false_negatives = score(DATA / corpus, matcher)
    assert (precision, recall) >= (floor, floor) and min(precision, recall) >= floor, (
        f"precision {precision:.3f}, recall {recall:.3f}\nfalse positives: {sorted(false_positives)}\n"
        f"false negatives: {sorted(false_negatives)}")
