#!/usr/bin/env python3
"""Fuzz `i18n check --fix`: entries -> a zh_Hans and an en catalogue -> i18n.checks.check -> i18n.checks.fix.

Invariants (fix_target in tools/fuzz_targets.py): only I18nError escapes, and only from reading the
entries; the fixed catalogue writes (whole, and spliced into the file as --fix does) and reads back
unchanged; a second check and fix changes nothing more; no entry gets a finding of a rule that did not
fire on it before; each fix changes only what its rule is about (P001, P002: punctuation and single
blanks; T002: forbidden variants; T004: repetitions) and keeps line breaks. Input: UTF-8, NUL between
source and translation and between entries (a lone field is a translation); \\x1f between plural forms.

Run from the repository root, in the project's venv (atheris is for fuzzing only, not a dependency):

    .venv/bin/pip install atheris
    .venv/bin/python tools/fuzz_fix.py tools/fuzz_corpus/fix -dict=tools/fuzz_corpus/fix.dict -max_total_time=300

A plain run stops at its first failing input, and the open findings (tests/test_fuzz_regressions.py, OPEN)
come up within seconds; -fork=1 -ignore_crashes=1 keeps going and saves each (the worker is the script run
as a program, so with the venv first on PATH: PATH=.venv/bin:$PATH). Other libFuzzer options, where
findings go and how they become regression tests: tools/fuzz_targets.py.
"""
import sys

import atheris

with atheris.instrument_imports(include=["i18n"]):  # coverage feedback from the toolkit's code only
    from fuzz_targets import fix_target

if __name__ == "__main__":
    atheris.Setup(sys.argv, fix_target)
    atheris.Fuzz()
