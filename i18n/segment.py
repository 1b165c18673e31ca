"""Blocks -> Segments (sentences) with a language for every run of letters.

Offsets are exact from the start: every segment and span is a (start, end) pair into the document
text, found by scanning it, never by searching for a rewritten copy.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator

from . import langid
from .document import PARAGRAPH, Block, Document

EN = "en"
ZH = "zh"
MIXED = "mixed"
SEGMENT_LANGS = (EN, ZH, MIXED)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    line: int
    kind: str
    lang: str
    text: str
    spans: tuple[Span, ...]


_CLOSERS = "”’\"')]）」』》】"
# A candidate sentence end: Latin terminators before whitespace or the end, CJK ones anywhere.
_BOUNDARY_RE = re.compile(rf"[.?!…]+[{re.escape(_CLOSERS)}]*(?=\s|$)|[。！？]+[{re.escape(_CLOSERS)}]*")
_ABBREVIATIONS = ("Dr", "Mr", "Mrs", "Ms", "Prof", "St", "M.D", "Ph.D", "e.g", "i.e", "vs", "U.S", "U.K",
                  "et al", "No", "Fig", "approx", "cf")
_ABBREVIATION_RE = re.compile(
    r"(?:(?<![\w.]))(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r"|[A-Z])\.$"
)
_OPENERS = {"(": ")", "[": "]", "（": "）", "【": "】"}
_CLOSING = {v: k for k, v in _OPENERS.items()}
_LEADING_SPACE_RE = re.compile(r"\s*")


def _bracketed(text: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of matched brackets; unmatched ones are ignored."""
    pairs, stack = [], []
    for index, char in enumerate(text):
        if char in _OPENERS:
            stack.append((char, index))
        elif char in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == _CLOSING[char]:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return pairs


def sentence_ends(text: str) -> Iterator[int]:
    """Indices just past each sentence end in a paragraph's text (rules: docs/segmentation.md)."""
    brackets = _bracketed(text) if any(o in text for o in _OPENERS) else ()
    for match in _BOUNDARY_RE.finditer(text):
        terminator = match.group().rstrip(_CLOSERS)
        # The window is longer than any abbreviation; the lookbehind still sees the character before it.
        if terminator == "." and _ABBREVIATION_RE.search(text, max(0, match.start() - 8), match.start() + 1):
            continue
        if any(open_ < match.start() < close for open_, close in brackets):
            continue
        yield match.end()


def _sentences(block: Block) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentences of a block, relative to its text, without surrounding spaces."""
    text = block.text
    if block.kind != PARAGRAPH:
        yield 0, len(text)
        return
    start = 0
    for end in sentence_ends(text):
        yield start, end
        start = _LEADING_SPACE_RE.match(text, end).end()
    if start < len(text):
        yield start, len(text.rstrip())


def spans_of(text: str, offset: int = 0) -> tuple[Span, ...]:
    """Language runs of a text; offsets are shifted by ``offset``."""
    spans = []
    for match in langid.RUN_RE.finditer(text):
        run = match.group()
        if match.lastgroup == "latin":
            lang = langid.latin_lang(run)
        elif match.lastgroup == "han":
            lang = langid.han_lang(run)
        else:
            lang = langid.other_lang(run)
        spans.append(Span(offset + match.start(), offset + match.end(), lang))
    return tuple(spans)


def classify(text: str, spans: tuple[Span, ...], offset: int = 0) -> str:
    """en, zh or mixed: acronyms alone do not make a Chinese segment mixed."""
    has_han = has_words = False
    for span in spans:
        if span.lang.startswith("zh"):
            has_han = True
        elif not has_words and span.lang not in ("ja", "ko") and langid.has_words(text[span.start - offset:span.end - offset]):
            has_words = True
    if has_han:
        return MIXED if has_words else ZH
    return EN


def segment_block(block: Block) -> Iterator[Segment]:
    for start, end in _sentences(block):
        text = block.text[start:end]
        offset = block.start + start
        spans = spans_of(text, offset)
        yield Segment(offset, offset + len(text), block.line, block.kind, classify(text, spans, offset), text, spans)


def segment_document(document: Document) -> Iterator[Segment]:
    """Segments of a document, in order; lazily, so memory stays that of one document."""
    for block in document.blocks:
        yield from segment_block(block)


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
