#!/usr/bin/env python3
"""Fuzz the segmenter: bytes -> i18n.document.decode -> parse_document -> i18n.segment.segment_document.

Invariants (segment_target in tools/fuzz_targets.py): only I18nError escapes; every segment is the text
it indexes (``document.text[s.start:s.end] == s.text``); its spans lie inside it; no letter of the
document is outside a span.

Run from the repository root, in the project's venv (atheris is for fuzzing only, not a dependency):

    .venv/bin/pip install atheris
    .venv/bin/python tools/fuzz_segment.py tools/fuzz_corpus/segment -max_total_time=300

Add ``-dict=tools/fuzz_corpus/segment.dict`` to feed the mutations tokens that random bytes rarely become.
Other libFuzzer options, where findings go and how they become regression tests: tools/fuzz_targets.py.
"""
import sys

import atheris

with atheris.instrument_imports(include=["i18n"]):  # coverage feedback from the toolkit's code only
    from fuzz_targets import segment_target

if __name__ == "__main__":
    atheris.Setup(sys.argv, segment_target)
    atheris.Fuzz()
