"""Safe, mechanical repairs of Chinese text: punctuation width, lost-acronym duplications, and
forbidden terms with one approved replacement. Used by pretranslation and by `check --fix`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .glossary import ACRONYM, FORBIDDEN, Glossary, TermHit, TermMatcher
from .langid import HAN_CHARS, HAN_RE

_HAN = r"\u3400-\u9fff"
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", ".": "。"}
_ELLIPSIS = "……"  # Chinese writes two U+2026, six dots
# A mark of a run of half-width punctuation: an ellipsis (two or more dots, or a lone "…"), , ? ! and a
# colon or semicolon that is not an emoticon's eyes (":)", ";-)", a ":(" that no ")" closes).
_MARK = r"\.{2,}+|(?<!…)…(?!…)|[,?!]|[:;](?!-?\)|-?\((?![^()]*\)))"
# A run touching Han text, spaces around it dropped. A lone "." counts only after Han, and not before a
# digit or a small letter: a decimal point, a file name (报告.pdf), an abbreviation (e.g.中文) stay.
_PUNCT_RUN_RE = re.compile(rf"(?<=[{_HAN}）”])\s*((?:{_MARK}|\.(?![a-z\d]))+)\s*|\s*((?:{_MARK})+)\s*(?=[{_HAN}])")
_RUN_MARK_RE = re.compile(r"\.{2,}|…|[,.:;?!]")
_HALF_WIDTH_MARK_RE = re.compile(r"[,.:;?!…]")
_BRACKETS_RE = re.compile(r"\s*\(([^()]*)\)")
_HAN_CHAR_RE = re.compile(f"[{_HAN}]")
_SPACE_BETWEEN_HAN_RE = re.compile(rf"(?<=[{_HAN}，。：；？！（）、“”])[ \t]+(?=[{_HAN}，。：；？！（）、“”])")
_FULL_WIDTH_MARKS = "，。、；：？！（）《》〈〉【】「」『』〔〕～"
_SPACES = r"[ \t\u00a0\u3000]+"
_SPACE_AT_FULL_WIDTH_RE = re.compile(rf"{_SPACES}(?=[{_FULL_WIDTH_MARKS}])|(?<=[{_FULL_WIDTH_MARKS}]){_SPACES}")


def punctuation_width(text: str) -> str:
    """Half-width , . : ; ? ! ( ) next to Han characters become full-width, mark by mark through a run
    (?! → ？！), an ellipsis (... or a lone …) becomes ……, and no space is left beside a full-width mark,
    whatever stands on its other side: the mark carries its own spacing."""
    # Brackets first, so that a mark after one sees it full-width (（MSC）。); again while an outer pair
    # closes only once the inner one is full-width: 干细胞(间充质干细胞(MSC)).
    while "(" in text and (converted := _BRACKETS_RE.sub(_bracket, text)) != text:
        text = converted
    if _HALF_WIDTH_MARK_RE.search(text):  # most Chinese text has none: a charset scan instead of the runs'
        text = _PUNCT_RUN_RE.sub(_full_width_run, text)
    return _SPACE_AT_FULL_WIDTH_RE.sub("", text)


def _full_width_run(match: re.Match) -> str:
    return _RUN_MARK_RE.sub(lambda mark: _FULL_WIDTH.get(mark.group(), _ELLIPSIS), match.group(1) or match.group(2))


def _bracket(match: re.Match) -> str:
    inner, text = match.group(1), match.string
    touches_han = ((match.start() > 0 and _HAN_CHAR_RE.match(text, match.start() - 1))
                   or _HAN_CHAR_RE.match(text, match.end()))
    if _HAN_CHAR_RE.search(inner) or touches_han:
        return f"（{inner.strip()}）"
    return match.group()


_HALF_WIDTH = {"，": ",", "。": ".", "：": ":", "；": ";", "？": "?", "！": "!", "、": ","}
_FULL_WIDTH_MARK_RE = re.compile(r"\s*([，。：；？！、]+)\s*")  # a run (？！, 。。。) is one English run
_FULL_WIDTH_PAIR_RE = re.compile(r"\s*（\s*([^（）]*?)\s*）|[《》【】]")
_PAIRS = {"【": "[", "】": "]", "《": "", "》": ""}


def halfwidth_punctuation(text: str) -> str:
    """Full-width punctuation left in English text becomes its English form, spaced as English is."""
    text = _FULL_WIDTH_PAIR_RE.sub(lambda m: f" ({m.group(1)})" if m.group(1) is not None else _PAIRS[m.group()], text)
    text = _FULL_WIDTH_MARK_RE.sub(lambda m: "".join(_HALF_WIDTH[mark] for mark in m.group(1)) + " ", text)
    return text.strip()


# A bracket and what it holds (the spaces inside are no part of it); nothing spans a line break, as the checks
# join plural forms with one.
_INLINE_SPACES = " \t\u3000"
_BRACKETED_RE = re.compile(rf"[(（][{_INLINE_SPACES}]*([^()（）\n]+?)[{_INLINE_SPACES}]*[)）]")
_LATIN_OR_DIGIT_RE = re.compile(r"[A-Za-z0-9]")
_CJK_RE = re.compile(f"[{HAN_CHARS}{_FULL_WIDTH_MARKS}]")
_SPACES_BEFORE_CJK_RE = re.compile(rf"[{_INLINE_SPACES}]+(?={_CJK_RE.pattern})")


@dataclass(frozen=True)
class Duplication:
    """A repeated term: ``text[start:end]`` (the repetition, from the end of the first occurrence) is to
    become ``replacement`` (the concept's acronym in brackets, or nothing)."""

    start: int
    end: int
    term: str  # what is written twice, as first written
    replacement: str
    concept: str | None  # None for words the glossary does not know


def duplications(text: str, hits: Sequence[TermHit], glossary: Glossary) -> list[Duplication]:
    """Where text writes a term again in brackets right after it (``术语 (术语)``, ``MS（MS）``; any words so,
    the same but for the case of the first letter, unless the first occurrence starts inside a longer term:
    ``造血干细胞（干细胞）`` names two concepts) or twice in a row (``术语术语``; glossary terms only, as Chinese
    doubles words on purpose: 常常). hits: the text's term hits, a bracketed restatement dropped or not."""
    found = _repeated_in_brackets(text, hits, glossary)
    if len(hits) > 1:
        found += _repeated_in_a_row(text, hits)
    if len(found) < 2:
        return found  # the usual case, nothing to order (the checks run this on every translation)
    kept: list[Duplication] = []
    for duplication in sorted(found, key=lambda duplication: duplication.start):
        if not kept or duplication.start >= kept[-1].end:
            kept.append(duplication)
    return kept


def _repeated_in_brackets(text: str, hits: Sequence[TermHit], glossary: Glossary) -> list[Duplication]:
    found = []
    for bracket in "(（":
        opening = text.find(bracket)
        while opening != -1:
            end = opening
            while end and text[end - 1] in _INLINE_SPACES:
                end -= 1
            # the cheap test first (a Chinese text's brackets mostly hold acronyms and references): the last
            # character before the bracket must recur after it
            if end and text.find(text[end - 1], opening) != -1 and (match := _BRACKETED_RE.match(text, opening)):
                term = match.group(1)
                start = end - len(term)
                if (start >= 0 and text[start + 1:end] == term[1:] and text[start].lower() == term[0].lower()
                        and not (start and _LATIN_OR_DIGIT_RE.match(term) and _LATIN_OR_DIGIT_RE.match(text, start - 1))
                        and not any(hit.start < start < hit.end for hit in hits) and any(c.isalpha() for c in term)):
                    found.append(_bracketed(text, start, end, match.end(), hits, glossary))
            opening = text.find(bracket, opening + 1)
    return found


def _bracketed(text: str, start: int, end: int, closed: int, hits: Sequence[TermHit],
               glossary: Glossary) -> Duplication:
    """The repetition of text[start:end] in the brackets that close at closed: the concept's acronym in
    brackets where the glossary knows one and the term is not itself an acronym, else nothing."""
    first = next((hit for hit in hits if hit.start == start), None)
    # (MS（MS） is one hit, an acronym with its acronym in brackets; 多发性硬化（多发性硬化） is two)
    acronyms = glossary[first.concept].en_acronyms if first and first.end == end and first.status != ACRONYM else ()
    term = text[start:end]
    replacement = "" if not acronyms else f"（{acronyms[0]}）" if HAN_RE.search(term) else f" ({acronyms[0]})"
    spaces = _SPACES_BEFORE_CJK_RE.match(text, closed) if _CJK_RE.match((replacement or term)[-1]) else None
    # spaces after the brackets go where Chinese text or marks stand on both sides
    return Duplication(end, spaces.end() if spaces else closed, term, replacement, first.concept if first else None)


def _repeated_in_a_row(text: str, hits: Sequence[TermHit]) -> list[Duplication]:
    return [Duplication(first.end, second.end, first.form, "", first.concept)
            for first, second in zip(hits, hits[1:])
            if first.concept == second.concept and first.form.casefold() == second.form.casefold()
            and not text[first.end:second.start].strip(_INLINE_SPACES)]


def resolve_duplications(text: str, matcher: TermMatcher) -> str:
    """Each repeated term written once: ``术语 (术语)``, where machine translation replaced an acronym by its
    term, becomes ``术语（ACRONYM）`` when the glossary knows the acronym, else ``术语``; ``MS（MS）`` and
    ``术语术语`` become ``MS`` and ``术语``."""
    pieces, last = [], 0
    for duplication in duplications(text, matcher.find(text), matcher.glossary):
        pieces += [text[last:duplication.start], duplication.replacement]
        last = duplication.end
    return "".join(pieces) + text[last:]


def replace_forbidden(text: str, matcher: TermMatcher) -> str:
    """Forbidden Chinese variants replaced by their concept's approved term."""
    pieces, last = [], 0
    for hit in matcher.find(text):
        approved = matcher.glossary[hit.concept].zh
        if hit.status == FORBIDDEN and hit.lang == "zh" and approved:
            pieces += [text[last:hit.start], approved]
            last = hit.end
    return "".join(pieces) + text[last:]


def normalize_chinese(text: str, matcher: TermMatcher) -> str:
    """Every safe repair at once, and no spaces between Chinese characters and marks."""
    text = punctuation_width(replace_forbidden(resolve_duplications(text, matcher), matcher))
    return _SPACE_BETWEEN_HAN_RE.sub("", text)
