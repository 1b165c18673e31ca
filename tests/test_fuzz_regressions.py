"""What the fuzzers found (tools/fuzz_segment.py, fuzz_glossary.py, fuzz_po.py, fuzz_fix.py), kept as regressions.

Fuzzing runs outside CI; each input it broke an invariant with is saved, minimised, in
tests/data/fuzz/<target>/ and run here through the same invariant (tools/fuzz_targets.py). An input
whose fix belongs to a module outside the fuzzing work is listed in OPEN and expected to fail, with the
exception it raises today, until that fix lands (strict: the day it passes, its entry must go).
"""
import subprocess
import sys
from pathlib import Path

import pytest

from fuzz_targets import fix_target, glossary_target, po_target, segment_target

ROOT = Path(__file__).resolve().parent.parent
FINDINGS = ROOT / "tests" / "data" / "fuzz"
TARGETS = {"segment": segment_target, "glossary": glossary_target, "po": po_target, "fix": fix_target}
OPEN: dict[str, tuple[type, str]] = {  # "<target>/<file>": (what it raises today, why)
    "fix/t004-chinese-term-restated-in-english-catalogue.txt": (
        AssertionError, "in an en catalogue T004's fix leaves 诱导多能干细胞 (iPSC), whose bracketed acronym is dropped "
                        "as a restatement of a Chinese term en does not count, so T001 finds no ipsc "
                        "(i18n/checks/model.py: keep a restatement whose first hit does not count)"),
    "fix/s002-word-glued-to-a-widened-opening-bracket.txt": (
        AssertionError, "S002 takes e( in e(干) for code (a function call), and once P001 widens the bracket reports e: "
                        "judging tokens in the text as P001 leaves it would, but then reports setlocale() in "
                        "setlocale()识别 too (i18n/checks/rules/script.py)"),
}


def findings():
    for target in TARGETS:
        for path in sorted((FINDINGS / target).glob("*")):
            name = f"{target}/{path.name}"
            marks = [pytest.mark.xfail(strict=True, raises=OPEN[name][0], reason=OPEN[name][1])] if name in OPEN else []
            yield pytest.param(target, path, marks=marks, id=name)


@pytest.mark.parametrize("target, path", list(findings()))
def test_fuzz_finding_keeps_the_invariant(target, path):
    TARGETS[target](path.read_bytes())


def test_every_open_finding_is_saved():
    assert all((FINDINGS / name).is_file() for name in OPEN)


# Paragraphs the segmenter takes quadratic time on. The fuzzer's inputs (4 KB) cost it a fraction of a
# second, so these are too long to find that way and are built here rather than saved: in linear time each
# takes well under a second, in quadratic time minutes. A child process, as a regex cannot be interrupted.
HANG_SECONDS = 8
SLOW_PARAGRAPHS = [  # each was quadratic until fixed in i18n/segment.py
    pytest.param("." * 60_000 + "x", id="full-stops-before-a-letter"),  # the sentence-end regex from every stop
    pytest.param("(" * 25_000 + "]" * 25_000, id="openers-then-other-closers"),  # a stack search per closer
    pytest.param("() a. " * 25_000, id="sentence-ends-among-brackets"),  # every end against every pair
]


@pytest.mark.parametrize("paragraph", SLOW_PARAGRAPHS)
def test_segmenter_takes_linear_time(paragraph):
    script = "import sys; from fuzz_targets import segment_target; segment_target(sys.stdin.buffer.read())"
    subprocess.run([sys.executable, "-c", script], input=(paragraph + "\n").encode(), cwd=ROOT / "tools",
                   timeout=HANG_SECONDS, check=True)
