#!/usr/bin/env python3
"""Fuzz the glossary readers: text -> i18n.glossary.read_csv and read_tbx.

Invariants (glossary_target in tools/fuzz_targets.py): only I18nError escapes; a glossary that reads
comes back unchanged through write_csv -> read_csv and write_tbx -> read_tbx; lint() and the term
matcher take it.

Run from the repository root, in the project's venv (atheris is for fuzzing only, not a dependency):

    .venv/bin/pip install atheris
    .venv/bin/python tools/fuzz_glossary.py tools/fuzz_corpus/glossary -max_total_time=300

Other libFuzzer options, where findings go and how they become regression tests: tools/fuzz_targets.py.
"""
import sys

import atheris

with atheris.instrument_imports(include=["i18n"]):  # coverage feedback from the toolkit's code only
    from fuzz_targets import glossary_target

if __name__ == "__main__":
    atheris.Setup(sys.argv, glossary_target)
    atheris.Fuzz()
