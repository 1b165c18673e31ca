"""Benchmark of i18n's segmenter against language-identification anchors: speed, peak memory, accuracy.

Run from the repository root, in the project's venv:

    pip install lingua-language-detector pycld2   # benchmark-only anchors; a missing one is skipped
    python tools/bench_segment.py                  # 10 MiB corpus, Markdown table on stdout (~3 min)
    python tools/bench_segment.py --size-mb 1 --json /tmp/bench.json   # quick run, numbers also as JSON
    python tools/bench_segment.py --profile --size-mb 1                # where i18n's time goes (cProfile)

The corpus is the five source texts and the held-out texts, concatenated over and over into documents
of about ``--doc-kb`` thousand characters until ``--size-mb`` MiB of characters. It is generated and
processed one document at a time, so memory is that of one document. Every method labels the same
documents with spans (start, end, language); letters outside every span have no language:

- i18n: ``segment_document(parse_document(text))``, the spans of its segments. i18n memoises its
  langdetect calls (``langid._langdetect``, an lru_cache), and this corpus repeats a few texts, so
  after the first document every call is a cache hit, which text never seen before does not get.
  It is therefore measured twice: "unseen text" with the memo bypassed (every call paid, as on new
  text) and "warm cache" as it is (the repeated corpus). The goals are judged for both.
- langdetect / lingua (English + Chinese only): one call per sentence, every letter of the sentence
  gets the answer; the sentences are i18n's (its sentence splitter is part of their time);
- pycld2: one call per document, its byte-offset vectors turned into character spans;
- bare regex: one pass of a Han-run / Latin-run regex, Han as zh-Hans and Latin as en (the floor).
  Its runs go on across non-letters up to the next letter of their script, as i18n's runs do.

Throughput is characters per second of CPU time (``time.process_time``: this process's own, so that
other work on the 2 shared cores does not count against whichever method ran while it did) spent
inside the method, after a warm-up (the accuracy run: models and tables loaded), the best of
``--repeat`` passes over the corpus (as timeit takes the best: slower passes are the machine's noise,
which one pass leaves in, a few percent either way). langdetect is measured on a prefix
(``--langdetect-kb``) and its rate extrapolated. Peak memory is tracemalloc's peak in passes separate
from the timing (tracemalloc slows allocation down), restarted for every method, on the corpus and
on a smaller one (``--small-mb``) to show whether it grows with the corpus; it sees Python
allocations only, not the native buffers of lingua (Rust) or cld2 (C). Accuracy is per letter on the
gold labellings (tests/data/gold, tests/data/heldout), all their letters together: plain, and
balanced (mean recall over the gold languages).
"""
from __future__ import annotations

import argparse
import cProfile
import importlib
import itertools
import json
import pstats
import re
import sys
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from segeval import load_gold

from i18n import langid
from i18n.document import parse_document, read_document
from i18n.segment import Span, segment_document, sentence_bounds

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MIB = 1 << 20
GROWTH_TOLERANCE = 1.1  # a peak on the full corpus above this many times the small corpus's grows

Labeller = Callable[[str], list[Span]]  # document text -> language spans


# --- the methods: same signature, text -> spans ------------------------------------------------------

def label_i18n(text: str) -> list[Span]:
    return [span for segment in segment_document(parse_document(text)) for span in segment.spans]


@contextmanager
def _langdetect_memo_bypassed() -> Iterator[None]:
    memoised = langid._langdetect
    langid._langdetect = getattr(memoised, "__wrapped__", memoised)
    try:
        yield
    finally:
        langid._langdetect = memoised


def label_i18n_unseen(text: str) -> list[Span]:
    """i18n as on text it has never seen: every langdetect call paid, none answered from its memo."""
    with _langdetect_memo_bypassed():
        return label_i18n(text)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of i18n's sentences (its segments' bounds), without its language work."""
    for block in parse_document(text).blocks:
        for start, end in sentence_bounds(block):
            yield block.start + start, block.start + end


def _per_sentence(text: str, decide: Callable[[str], str | None]) -> list[Span]:
    """One span per sentence, with the language ``decide`` gives the sentence's text."""
    spans = []
    for start, end in sentences(text):
        lang = decide(text[start:end])
        if lang is not None:
            spans.append(Span(start, end, lang))
    return spans


_LANGDETECT_TAGS = {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant"}


@cache
def _langdetect():
    import langdetect

    langdetect.DetectorFactory.seed = 0  # langdetect is random unless seeded
    return langdetect


def _langdetect_lang(sentence: str) -> str | None:
    langdetect = _langdetect()
    try:
        code = langdetect.detect(sentence)
    except langdetect.LangDetectException:  # no letters to go on
        return None
    return _LANGDETECT_TAGS.get(code, code)


def label_langdetect(text: str) -> list[Span]:
    return _per_sentence(text, _langdetect_lang)


@cache
def _lingua():
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.CHINESE).build()
    return detector, {Language.ENGLISH: "en", Language.CHINESE: "zh-Hans"}


def _lingua_lang(sentence: str) -> str | None:
    detector, tags = _lingua()
    language = detector.detect_language_of(sentence)
    return None if language is None else tags[language]


def label_lingua(text: str) -> list[Span]:
    return _per_sentence(text, _lingua_lang)


_CLD2_TAGS = {"zh": "zh-Hans"}  # zh-Hant, en and the rest (un = unknown) are kept as cld2 gives them
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


def _chars_in(utf8: bytes) -> int:
    return len(utf8.translate(None, _CONTINUATION_BYTES))


def label_pycld2(text: str) -> list[Span]:
    import pycld2

    data = text.encode("utf-8")
    try:
        vectors = pycld2.detect(data, isPlainText=True, returnVectors=True)[3]
    except pycld2.error:  # text cld2 refuses (invalid UTF-8 to it): no language anywhere
        return []
    spans, byte, char = [], 0, 0
    for offset, length, _name, code in vectors:  # in order, byte offsets into ``data``
        start = char + _chars_in(data[byte:offset])
        char, byte = start + _chars_in(data[offset:offset + length]), offset + length
        spans.append(Span(start, char, _CLD2_TAGS.get(code, code)))
    return spans


_NON_LETTERS = r"[\W\d_]+"
_HAN = f"[{langid.HAN_CHARS}]+"
_LATIN = f"[{langid.LATIN_CHARS}]+"
_SCRIPT_RUN_RE = re.compile(rf"(?P<han>{_HAN}(?:{_NON_LETTERS}{_HAN})*)|{_LATIN}(?:{_NON_LETTERS}{_LATIN})*")


def label_regex(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "zh-Hans" if m.lastgroup == "han" else "en")
            for m in _SCRIPT_RUN_RE.finditer(text)]


@dataclass(frozen=True)
class Method:
    name: str
    label: Labeller
    ours: bool = False  # i18n itself rather than an anchor
    module: str | None = None  # module an anchor needs beyond i18n's own dependencies
    package: str | None = None  # what to pip install for it
    prefix_only: bool = False  # too slow for the whole corpus: measured on a prefix, extrapolated

    def missing(self) -> str | None:
        """Why the method cannot run, or None."""
        if self.module is None:
            return None
        try:
            importlib.import_module(self.module)
        except ImportError as error:
            return f"cannot import {self.module} ({error}); pip install {self.package}"
        return None


I18N = "i18n, unseen text"
I18N_WARM = "i18n, warm cache"
LANGDETECT = "langdetect per sentence"
LINGUA = "lingua en+zh per sentence"
PYCLD2 = "pycld2 vectors"
REGEX = "bare regex (floor)"
METHODS = (
    Method(I18N, label_i18n_unseen, ours=True),
    Method(I18N_WARM, label_i18n, ours=True),
    Method(LANGDETECT, label_langdetect, module="langdetect", package="langdetect", prefix_only=True),
    Method(LINGUA, label_lingua, module="lingua", package="lingua-language-detector"),
    Method(PYCLD2, label_pycld2, module="pycld2", package="pycld2"),
    Method(REGEX, label_regex),
)


# --- corpus --------------------------------------------------------------------------------------

def corpus_texts() -> list[str]:
    paths = sorted((ROOT / "source_texts").glob("*.txt")) + sorted((DATA / "heldout").glob("*.txt"))
    return [text if text.endswith("\n") else text + "\n" for text in (read_document(p).text for p in paths)]


def documents(total_chars: int, doc_chars: int, texts: list[str]) -> Iterator[str]:
    """Documents of at least ``doc_chars`` characters, the texts in turn, until ``total_chars``; lazily."""
    cycle, produced = itertools.cycle(texts), 0
    while produced < total_chars:
        parts, size = [], 0
        while size < doc_chars:
            parts.append(next(cycle))
            size += len(parts[-1]) + 1
        document = "\n".join(parts)
        produced += len(document)
        yield document


@dataclass(frozen=True)
class Corpus:
    total_chars: int
    doc_chars: int
    texts: list[str] = field(repr=False)

    def __iter__(self) -> Iterator[str]:
        return documents(self.total_chars, self.doc_chars, self.texts)

    def resized(self, total_chars: int) -> Corpus:
        return Corpus(total_chars, self.doc_chars, self.texts)

    def size(self) -> tuple[int, int]:
        """Characters and documents actually produced (the last document overshoots the target)."""
        lengths = [len(document) for document in self]
        return sum(lengths), len(lengths)


# --- measurements ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Speed:
    chars: int
    seconds: float

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else float("inf")


def measure_speed(label: Labeller, corpus: Iterable[str], repeat: int) -> Speed:
    """Time inside ``label`` only, the best of ``repeat`` passes; making the documents is not counted."""
    passes = []
    for _ in range(repeat):
        chars, seconds = 0, 0.0
        for document in corpus:
            start = time.process_time()
            label(document)
            seconds += time.process_time() - start
            chars += len(document)
        passes.append(Speed(chars, seconds))
    return min(passes, key=lambda speed: speed.seconds)


def measure_peak(label: Labeller, corpus: Iterable[str]) -> int:
    """Peak bytes allocated (and not yet freed) during the run: the document in flight and the work on it."""
    tracemalloc.start()
    try:
        for document in corpus:
            label(document)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def gold_cases() -> list[tuple[Path, Path]]:
    cases = [(ROOT / "source_texts/stem-cell-therapy-overview.txt", DATA / "gold/stem-cell-therapy-overview.jsonl")]
    cases += [(text, text.with_suffix(".jsonl")) for text in sorted((DATA / "heldout").glob("*.txt"))]
    return cases


@dataclass(frozen=True)
class Accuracy:
    per_file: dict[str, float]
    recall: dict[str, float]  # per gold language
    letters: int
    right: int

    @property
    def letter(self) -> float:
        return self.right / self.letters if self.letters else 1.0

    @property
    def balanced(self) -> float:
        return sum(self.recall.values()) / len(self.recall) if self.recall else 1.0


def measure_accuracy(label: Labeller) -> Accuracy:
    """Letters labelled as the gold labels them, on the union of the gold files' letters."""
    total, right, per_file = Counter(), Counter(), {}
    for text_path, gold_path in gold_cases():
        text = read_document(text_path).text
        predicted = {index: span.lang for span in label(text) for index in range(span.start, span.end)}
        file_total = file_right = 0
        for segment in load_gold(gold_path, text):
            for index, lang in segment.letters.items():
                hit = predicted.get(index) == lang
                total[lang] += 1
                right[lang] += hit
                file_total += 1
                file_right += hit
        per_file[text_path.stem] = file_right / file_total if file_total else 1.0
    recall = {lang: right[lang] / total[lang] for lang in sorted(total)}
    return Accuracy(per_file, recall, sum(total.values()), sum(right.values()))


@dataclass(frozen=True)
class Result:
    method: Method
    speed: Speed
    peak: int  # bytes, on the corpus (langdetect: on its prefix)
    small_peak: int | None  # bytes, on the small corpus (None for prefix-only methods)
    accuracy: Accuracy

    @property
    def grows(self) -> bool | None:
        return None if self.small_peak is None else self.peak > GROWTH_TOLERANCE * self.small_peak


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def benchmark(method: Method, corpus: Corpus, small: Corpus, prefix: Corpus, repeat: int) -> Result:
    measured = prefix if method.prefix_only else corpus
    progress(f"{method.name}: accuracy and warm-up")
    accuracy = measure_accuracy(method.label)
    progress(f"{method.name}: speed on {measured.total_chars:,} characters, best of {repeat}")
    speed = measure_speed(method.label, measured, repeat)
    progress(f"{method.name}: memory on {measured.total_chars:,} characters"
             + ("" if method.prefix_only else f" and on {small.total_chars:,}"))
    peak = measure_peak(method.label, measured)
    small_peak = None if method.prefix_only else measure_peak(method.label, small)
    return Result(method, speed, peak, small_peak, accuracy)


# --- goals ----------------------------------------------------------------------------------------

Goal = tuple[str, bool | None, str]  # what, holds (None: its anchor was skipped), the numbers


def _speed_goal(what: str, ours: Result, results: dict[str, Result], anchor_name: str, factor: float,
                strict: bool = False) -> Goal:
    """``ours`` at least (or, strict, more than) ``factor`` times the anchor's rate."""
    anchor = results.get(anchor_name)
    if anchor is None:
        return what, None, f"{anchor_name} skipped"
    rate, other = ours.speed.chars_per_s, anchor.speed.chars_per_s
    needed = factor * other
    holds = rate > needed if strict else rate >= needed
    shortfall = "" if holds else f", {needed / rate:,.1f}x short"
    return what, holds, f"{rate:,.0f} chars/s, needs {'>' if strict else '>='} {needed:,.0f}{shortfall}"


def _accuracy_goal(ours: Result, anchors: list[Result]) -> Goal:
    what = "more accurate than every anchor (letter and balanced)"
    if not anchors:
        return what, None, "no anchor ran"
    letter = max(anchors, key=lambda r: r.accuracy.letter)
    balanced = max(anchors, key=lambda r: r.accuracy.balanced)
    holds = ours.accuracy.letter > letter.accuracy.letter and ours.accuracy.balanced > balanced.accuracy.balanced
    return what, holds, (f"{ours.accuracy.letter:.2%} / {ours.accuracy.balanced:.2%}; best anchors "
                         f"{letter.method.name} {letter.accuracy.letter:.2%} letter, "
                         f"{balanced.method.name} {balanced.accuracy.balanced:.2%} balanced")


def _memory_goal(ours: Result) -> Goal:
    return (f"memory does not grow with the corpus (peak <= {GROWTH_TOLERANCE}x the small corpus's)",
            not ours.grows, f"{ours.small_peak / MIB:.2f} MiB -> {ours.peak / MIB:.2f} MiB")


def goals(ours: Result, results: dict[str, Result]) -> list[Goal]:
    anchors = [result for result in results.values() if not result.method.ours]
    return [
        _speed_goal(">= 50x langdetect per sentence", ours, results, LANGDETECT, 50),
        _speed_goal("faster than lingua", ours, results, LINGUA, 1, strict=True),
        _speed_goal("within 5x of the bare regex pass (>= regex / 5)", ours, results, REGEX, 1 / 5),
        _accuracy_goal(ours, anchors),
        _memory_goal(ours),
    ]


# --- report ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    results: dict[str, Result]
    skipped: dict[str, str]  # method -> why
    corpus_chars: int
    documents: int
    doc_chars: int
    small_chars: int
    repeat: int

    def ours(self) -> list[Result]:
        return [result for result in self.results.values() if result.method.ours]


def _ratio(value: float, reference: Result | None) -> str:
    return "n/a" if reference is None else f"{value / reference.speed.chars_per_s:,.2f}x"


def table(results: dict[str, Result]) -> str:
    rows = ["| method | chars/s | vs langdetect | vs bare regex | peak MiB | letter accuracy | balanced accuracy |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for result in results.values():
        rate = result.speed.chars_per_s
        rows.append(
            f"| {result.method.name} | {rate:,.0f}{' *' if result.method.prefix_only else ''} "
            f"| {_ratio(rate, results.get(LANGDETECT))} | {_ratio(rate, results.get(REGEX))} "
            f"| {result.peak / MIB:.2f} | {result.accuracy.letter:.2%} | {result.accuracy.balanced:.2%} |"
        )
    return "\n".join(rows)


def _memory_line(result: Result) -> str:
    if result.small_peak is None:
        return f"{result.method.name} {result.peak / MIB:.2f} (prefix only)"
    trend = "GROWS" if result.grows else "flat"
    return f"{result.method.name} {result.small_peak / MIB:.2f} -> {result.peak / MIB:.2f} ({trend})"


def _verdict(holds: bool | None) -> str:
    return "n/a" if holds is None else "yes" if holds else "NO"


def report(run: Run) -> str:
    accuracy = next(iter(run.results.values())).accuracy
    lines = [table(run.results), ""]
    if LANGDETECT in run.results:
        lines.append(f"\\* langdetect measured on the first {run.results[LANGDETECT].speed.chars:,} characters "
                     "and its rate extrapolated to the whole corpus.")
    lines += [f"Skipped: {name}: {why}." for name, why in run.skipped.items()]
    lines += [
        f"Corpus: {run.corpus_chars:,} characters ({run.corpus_chars / MIB:.2f} MiB of characters) in "
        f"{run.documents} documents of ~{run.doc_chars:,} characters, streamed one at a time; "
        f"every method but langdetect ran on all of it; chars/s: CPU time, the best of {run.repeat} passes.",
        f"{I18N}: its langdetect memo bypassed, as on text never seen; {I18N_WARM}: memo kept, "
        "so the repeated corpus is answered from it.",
        "Per-sentence anchors use i18n's sentences; splitting them is part of their time.",
        "Peak MiB: tracemalloc, Python allocations only (not lingua's or cld2's native memory), "
        "in passes separate from the timing.",
        f"Peak MiB on {run.small_chars:,} -> {run.corpus_chars:,} characters: "
        + "; ".join(_memory_line(result) for result in run.results.values()) + ".",
        f"Accuracy: the {accuracy.letters:,} letters of {', '.join(accuracy.per_file)} together; "
        f"balanced = mean recall over {', '.join(accuracy.recall)}.",
    ]
    for ours in run.ours():
        lines += ["", f"Goals, {ours.method.name}:"]
        lines += [f"- {what}: {_verdict(holds)} ({detail})" for what, holds, detail in goals(ours, run.results)]
    return "\n".join(lines)


def to_json(run: Run) -> dict:
    def method(result: Result) -> dict:
        return {"chars": result.speed.chars, "seconds": result.speed.seconds,
                "chars_per_s": result.speed.chars_per_s, "extrapolated": result.method.prefix_only,
                "peak_bytes": result.peak, "small_corpus_peak_bytes": result.small_peak,
                "letter_accuracy": result.accuracy.letter, "balanced_accuracy": result.accuracy.balanced,
                "letters": result.accuracy.letters, "per_file_letter_accuracy": result.accuracy.per_file,
                "per_language_recall": result.accuracy.recall}

    return {
        "corpus_chars": run.corpus_chars,
        "documents": run.documents,
        "small_corpus_chars": run.small_chars,
        "passes": run.repeat,
        "methods": {name: method(result) for name, result in run.results.items()},
        "skipped": run.skipped,
        "goals": {ours.method.name: [{"goal": what, "holds": holds, "detail": detail}
                                     for what, holds, detail in goals(ours, run.results)] for ours in run.ours()},
    }


# --- entry points ---------------------------------------------------------------------------------

def profile(corpus: Corpus, label: Labeller, top: int) -> None:
    """cProfile of i18n over the corpus, after a warm-up: the ``top`` functions by own time."""
    label("\n".join(corpus.texts))
    profiler = cProfile.Profile()
    profiler.enable()
    for document in corpus:
        label(document)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("tottime").print_stats(top)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=10, help="corpus size, MiB of characters (default 10)")
    parser.add_argument("--doc-kb", type=int, default=64, help="document size, thousands of characters (default 64)")
    parser.add_argument("--langdetect-kb", type=int, default=300,
                        help="prefix langdetect is measured on, thousands of characters (default 300)")
    parser.add_argument("--small-mb", type=float, help="smaller corpus for the memory check (default size/5)")
    parser.add_argument("--repeat", type=int, default=3, help="passes per method, the best counts (default 3)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--profile", nargs="?", const="unseen", choices=("unseen", "warm"),
                        help="only profile i18n (unseen text, or warm cache) on --size-mb and print the top lines")
    parser.add_argument("--top", type=int, default=10, help="lines of the profile (default 10)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    corpus = Corpus(int(args.size_mb * MIB), args.doc_kb * 1000, corpus_texts())
    if args.profile:
        profile(corpus, label_i18n_unseen if args.profile == "unseen" else label_i18n, args.top)
        return 0
    prefix = corpus.resized(min(args.langdetect_kb * 1000, corpus.total_chars))
    small = corpus.resized(int((args.small_mb if args.small_mb is not None else args.size_mb / 5) * MIB))

    results, skipped = {}, {}
    for method in METHODS:
        if (why := method.missing()) is not None:
            progress(f"SKIPPED {method.name}: {why}")
            skipped[method.name] = why
        else:
            results[method.name] = benchmark(method, corpus, small, prefix, args.repeat)

    run = Run(results, skipped, *corpus.size(), corpus.doc_chars, small.size()[0], args.repeat)
    print(report(run))
    print(f"\nWall time: {time.perf_counter() - started:,.1f} s")
    if args.json:
        args.json.write_text(json.dumps(to_json(run), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
