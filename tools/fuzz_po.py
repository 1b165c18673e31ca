#!/usr/bin/env python3
"""Fuzz the catalogue reading path: text -> i18n.po.read_catalog, then write_catalog and i18n.checks.check.

Invariants (po_target in tools/fuzz_targets.py): only I18nError escapes; a catalogue that reads comes
back unchanged through write_catalog -> read_catalog; check() with the project's glossary takes it.

Run from the repository root, in the project's venv (atheris is for fuzzing only, not a dependency):

    .venv/bin/pip install atheris
    .venv/bin/python tools/fuzz_po.py tools/fuzz_corpus/po -max_total_time=300

Add ``-dict=tools/fuzz_corpus/po.dict`` to feed the mutations tokens that random bytes rarely become.
Other libFuzzer options, where findings go and how they become regression tests: tools/fuzz_targets.py.
"""
import sys

import atheris

with atheris.instrument_imports(include=["i18n"]):  # coverage feedback from the toolkit's code only
    from fuzz_targets import po_target

if __name__ == "__main__":
    atheris.Setup(sys.argv, po_target)
    atheris.Fuzz()
