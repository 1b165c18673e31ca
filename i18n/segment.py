"""Blocks -> Segments (sentences) with a language for every run of letters.

Offsets are exact from the start: every segment and span is a (start, end) pair into the document
text, found by scanning it, never by searching for a rewritten copy.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, fields
from itertools import chain
from typing import Iterator

from . import langid
from .document import PARAGRAPH, Block, Document

EN = "en"
ZH = "zh"
MIXED = "mixed"
SEGMENT_LANGS = (EN, ZH, MIXED)


# Span and Segment set their fields straight through their slots, several times faster than the
# __init__ a frozen dataclass generates, which goes through object.__setattr__ for each field; a document
# has thousands of them.

@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    lang: str

    def __init__(self, start: int, end: int, lang: str) -> None:
        _set_span_start(self, start)
        _set_span_end(self, end)
        _set_span_lang(self, lang)


_set_span_start, _set_span_end, _set_span_lang = (getattr(Span, field.name).__set__ for field in fields(Span))


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    line: int
    kind: str
    lang: str
    text: str
    spans: tuple[Span, ...]

    def __init__(self, start: int, end: int, line: int, kind: str, lang: str, text: str,
                 spans: tuple[Span, ...]) -> None:
        _set_segment_start(self, start)
        _set_segment_end(self, end)
        _set_segment_line(self, line)
        _set_segment_kind(self, kind)
        _set_segment_lang(self, lang)
        _set_segment_text(self, text)
        _set_segment_spans(self, spans)


(_set_segment_start, _set_segment_end, _set_segment_line, _set_segment_kind, _set_segment_lang, _set_segment_text,
 _set_segment_spans) = (getattr(Segment, field.name).__set__ for field in fields(Segment))


_CLOSERS = "”’\"')]）」』》】"
_ABBREVIATIONS = ("Dr", "Mr", "Mrs", "Ms", "Prof", "St", "M.D", "Ph.D", "e.g", "E.g", "i.e", "I.e", "vs", "U.S",
                  "U.K", "D.C", "a.m", "p.m", "et al", "No", "Fig", "approx", "cf")
_LATIN_STOPS, _CJK_STOPS = ".?!…", "。！？"
# Just past a lone "." that follows an initial or an abbreviation not glued to a word or a dot: one
# lookbehind per width, as a lookbehind must have a fixed width. Two quick tests come first, as most dots
# follow neither: all of them end with an ASCII letter, and are glued if the characters before the dot,
# one more than the longest, are all word characters or dots.
_GLUING = max(map(len, _ABBREVIATIONS)) + 1
_PAST_ABBREVIATION = (
    rf"(?<=[A-Za-z]\.)(?<![\w.]{{{_GLUING}}}\.)(?![{_LATIN_STOPS}])(?:(?<=(?<![\w.])[A-Z]\.)|"
    + "|".join(rf"(?<=(?<![\w.])(?:{'|'.join(re.escape(a) for a in _ABBREVIATIONS if len(a) == width)})\.)"
               for width in sorted({len(a) for a in _ABBREVIATIONS}))
    + ")"
)


def _boundary_re(first: str) -> re.Pattern:
    """A sentence end that starts with one of ``first``: Latin terminators before whitespace or the end
    (not a lone "." after an abbreviation), or CJK ones anywhere; then the whitespace before the next
    sentence. It starts with a character class, or a literal, so the regex engine skips quickly to the
    next candidate; a lookbehind in front would be tried at every character instead."""
    return re.compile(  # only from the first stop of a run: a run of n stops is tried once, not n times
        rf"[{re.escape(first)}](?<![{_LATIN_STOPS}{_CJK_STOPS}].)"
        rf"(?:(?<=[{_LATIN_STOPS}])(?!{_PAST_ABBREVIATION})[{_LATIN_STOPS}]*[{re.escape(_CLOSERS)}]*(?=\s|$)"
        rf"(?!(?:(?<=\.\.\.)|(?<=…))\s+[a-z]+(?![\w-]))"  # an ellipsis before a lower-case word is a pause
        rf"|(?<=[{_CJK_STOPS}])[{_CJK_STOPS}]*[{re.escape(_CLOSERS)}]*)"
        rf"(?P<gap>\s*)"
    )


_BOUNDARY_RE = _boundary_re(_LATIN_STOPS + _CJK_STOPS)
# Most paragraphs end their sentences with "." alone; a literal "." is found several times faster.
_DOT_BOUNDARY_RE = _boundary_re(".")
_OPENERS = {"(": ")", "[": "]", "（": "）", "【": "】"}
_CLOSING = {v: k for k, v in _OPENERS.items()}
_BRACKET_RE = re.compile(f"[{re.escape(''.join(_OPENERS) + ''.join(_CLOSING))}]")


def _bracketed(text: str) -> list[tuple[int, int]]:
    """The outermost (open, close) index pairs of matched brackets, in order; unmatched ones are ignored.
    A pair is recorded at its close, after the pairs inside it, which it then replaces; an unmatched
    opener still open around it does not hide it. Linear: a closer whose opener is not open is skipped
    without searching the stack."""
    pairs, stack = [], []
    open_kinds = dict.fromkeys(_OPENERS, 0)
    for match in _BRACKET_RE.finditer(text):
        char, index = match.group(), match.start()
        if char in _OPENERS:
            stack.append((char, index))
            open_kinds[char] += 1
        elif open_kinds[_CLOSING[char]]:
            while True:
                opener, start = stack.pop()
                open_kinds[opener] -= 1
                if opener == _CLOSING[char]:
                    break
            while pairs and pairs[-1][0] > start:
                pairs.pop()
            pairs.append((start, index))
    return pairs


# The stops but "." and the opening brackets, each tested with `in` and spelled out: a loop over them, a
# generator or a regex costs more than the tests themselves (tests try each character alone).
def _holds_stop_but_dot(text: str) -> bool:
    return "?" in text or "!" in text or "…" in text or "。" in text or "！" in text or "？" in text


def _holds_opener(text: str) -> bool:
    return "(" in text or "[" in text or "（" in text or "【" in text


def _boundaries(text: str) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) in a paragraph's text (rules: docs/segmentation.md)."""
    boundary_re = _BOUNDARY_RE if _holds_stop_but_dot(text) else _DOT_BOUNDARY_RE
    if not _holds_opener(text):
        return [match.span("gap") for match in boundary_re.finditer(text)]
    ends = list(boundary_re.finditer(text))
    # Only a sentence end between the first opener and the last closer can be inside brackets; in most
    # paragraphs with brackets none is, and pairing them (a Python loop) is spared.
    first_open = min(at for at in map(text.find, _OPENERS) if at >= 0)
    last_close = max(map(text.rfind, _CLOSING))
    if any(first_open < match.start() < last_close for match in ends):
        brackets = _bracketed(text)
        opens = [open_ for open_, _ in brackets]
        ends = [match for match in ends if not _inside(brackets, opens, match.start())]
    return [match.span("gap") for match in ends]


def _inside(brackets: list[tuple[int, int]], opens: list[int], index: int) -> bool:
    """Whether index lies inside one of the outermost bracket pairs (found by bisection)."""
    at = bisect_left(opens, index) - 1
    return at >= 0 and index < brackets[at][1]


def sentence_ends(text: str) -> list[int]:
    """Indices just past each sentence end in a paragraph's text (rules: docs/segmentation.md)."""
    return [end for end, _ in _boundaries(text)]


def sentence_bounds(block: Block) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a block, relative to its text, without surrounding spaces."""
    text = block.text
    if block.kind != PARAGRAPH:
        return [(0, len(text))]
    bounds, start = [], 0
    for end, next_start in _boundaries(text):
        bounds.append((start, end))
        start = next_start
    if start < len(text):
        bounds.append((start, len(text.rstrip())))
    return bounds


# Every letter of ASCII text is Latin, so its one run goes from its first letter to its last: the text
# stripped of the other characters (cheaper than a regex search).
_ASCII_NON_LETTERS = "".join(char for char in map(chr, range(128)) if not char.isalpha())


def _spans_and_lang(text: str, offset: int, english: bool) -> tuple[tuple[Span, ...], str]:
    """The language runs of a segment's text, shifted by ``offset``, and the segment's class:
    en, zh or mixed (acronyms alone do not make a Chinese segment mixed). ``english``: every Latin run
    is known to be English."""
    if text.isascii():
        end = len(text.rstrip(_ASCII_NON_LETTERS))
        if not end:
            return (), EN
        start = 0 if text[0].isalpha() else len(text) - len(text.lstrip(_ASCII_NON_LETTERS))
        return (Span(offset + start, offset + end, EN if english else langid.latin_lang(text[start:end])),), EN
    spans, latin_runs = [], []
    has_han = False
    for match in langid.RUN_RE.finditer(text):
        script, run = match.lastgroup, match.group()
        if script == "latin":
            lang = EN if english else langid.latin_lang(run)
            latin_runs.append(run)
        elif script == "han":
            lang, has_han = langid.han_lang(run), True
        else:
            lang = langid.other_lang(run)
        start, end = match.span()
        spans.append(Span(offset + start, offset + end, lang))
    if not has_han:
        return tuple(spans), EN
    return tuple(spans), MIXED if any(map(langid.has_words, latin_runs)) else ZH


def segment_block(block: Block) -> list[Segment]:
    """Segments of a block, in order (a list: cheaper than a generator for the few of one block)."""
    text, offset, line, kind = block.text, block.start, block.line, block.kind
    # One quick test of a whole ASCII block spares one per run when none of its runs can be foreign. Other
    # blocks are tested run by run: much of their text is Han, and as a whole they were no faster.
    english = text.isascii() and not langid.may_be_foreign(text)
    if kind != PARAGRAPH:  # one segment: the whole block
        spans, lang = _spans_and_lang(text, offset, english)
        return [Segment(offset, block.end, line, kind, lang, text, spans)]
    segments = []
    for start, end in sentence_bounds(block):
        sentence = text[start:end]
        spans, lang = _spans_and_lang(sentence, offset + start, english)
        segments.append(Segment(offset + start, offset + end, line, kind, lang, sentence, spans))
    return segments


def segment_document(document: Document) -> Iterator[Segment]:
    """Segments of a document, in order; lazily, so memory stays that of one document."""
    # chained in C: a generator here would be resumed once per segment
    return chain.from_iterable(map(segment_block, document.blocks))


@dataclass(frozen=True)
class Summary:
    segments: int
    langs: dict[str, int]
    han_letters: int
    letters: int

    @property
    def han_share(self) -> float:
        return self.han_letters / self.letters if self.letters else 0.0


def summarize(segments: list[Segment]) -> Summary:
    langs = Counter({lang: 0 for lang in SEGMENT_LANGS})
    han = letters = 0
    for segment in segments:
        langs[segment.lang] += 1
        letters += sum(1 for char in segment.text if char.isalpha())
        han += len(langid.HAN_RE.findall(segment.text))
    return Summary(len(segments), dict(langs), han, letters)
