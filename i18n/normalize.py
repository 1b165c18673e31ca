"""Safe, mechanical repairs of Chinese text: punctuation width, lost-acronym duplications, and
forbidden terms with one approved replacement. Used by pretranslation and by `check --fix`.
"""
from __future__ import annotations

import re

from .glossary import FORBIDDEN, TermMatcher

_HAN = r"\u3400-\u9fff"
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
# Half-width punctuation touching Han text (spaces around it go too); "." only after Han, never a decimal point.
_PUNCT_AFTER_HAN_RE = re.compile(rf"(?<=[{_HAN}）”])\s*([,:;?!])\s*|(?<=[{_HAN}）”])\s*\.(?!\d)\s*")
_PUNCT_BEFORE_HAN_RE = re.compile(rf"\s*([,:;?!])\s*(?=[{_HAN}])")
_BRACKETS_RE = re.compile(r"\s*\(([^()]*)\)")
_HAN_CHAR_RE = re.compile(f"[{_HAN}]")
_SPACE_BETWEEN_HAN_RE = re.compile(rf"(?<=[{_HAN}，。：；？！（）、“”])[ \t]+(?=[{_HAN}，。：；？！（）、“”])")
_FULL_WIDTH_MARKS = "，。、；：？！（）《》〈〉【】「」『』〔〕～"
_SPACES = r"[ \t\u00a0\u3000]+"
_SPACE_AT_FULL_WIDTH_RE = re.compile(rf"{_SPACES}(?=[{_FULL_WIDTH_MARKS}])|(?<=[{_FULL_WIDTH_MARKS}]){_SPACES}")
_DUPLICATION_RE = re.compile(rf"([{_HAN}]+)\s*[(（]\s*\1\s*[)）]")


def punctuation_width(text: str) -> str:
    """Half-width , . : ; ? ! ( ) next to Han characters become full-width, and no space is left beside
    a full-width mark, whatever stands on its other side: the mark carries its own spacing."""
    text = _PUNCT_AFTER_HAN_RE.sub(lambda m: _FULL_WIDTH[m.group(1) or "."], text)
    text = _PUNCT_BEFORE_HAN_RE.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    return _SPACE_AT_FULL_WIDTH_RE.sub("", _BRACKETS_RE.sub(_bracket, text))


def _bracket(match: re.Match) -> str:
    inner, text = match.group(1), match.string
    touches_han = ((match.start() > 0 and _HAN_CHAR_RE.match(text, match.start() - 1))
                   or _HAN_CHAR_RE.match(text, match.end()))
    if _HAN_CHAR_RE.search(inner) or touches_han:
        return f"（{inner.strip()}）"
    return match.group()


_HALF_WIDTH = {"，": ",", "。": ".", "：": ":", "；": ";", "？": "?", "！": "!", "、": ","}
_FULL_WIDTH_MARK_RE = re.compile(r"\s*([，。：；？！、])\s*")
_FULL_WIDTH_PAIR_RE = re.compile(r"\s*（\s*([^（）]*?)\s*）|[《》【】]")
_PAIRS = {"【": "[", "】": "]", "《": "", "》": ""}


def halfwidth_punctuation(text: str) -> str:
    """Full-width punctuation left in English text becomes its English form, spaced as English is."""
    text = _FULL_WIDTH_PAIR_RE.sub(lambda m: f" ({m.group(1)})" if m.group(1) is not None else _PAIRS[m.group()], text)
    text = _FULL_WIDTH_MARK_RE.sub(lambda m: _HALF_WIDTH[m.group(1)] + " ", text)
    return text.strip()


def resolve_duplications(text: str, matcher: TermMatcher) -> str:
    """``术语 (术语)``, where machine translation replaced an acronym by its term: ``术语（ACRONYM）``."""

    def repair(match: re.Match) -> str:
        term = match.group(1)
        hits = matcher.find(term)
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(term):
            acronyms = matcher.glossary[hits[0].concept].en_acronyms
            if acronyms:
                return f"{term}（{acronyms[0]}）"
        return term

    return _DUPLICATION_RE.sub(repair, text)


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
