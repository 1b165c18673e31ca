"""Safe, mechanical repairs of Chinese text: punctuation width, lost-acronym duplications, and
forbidden terms with one approved replacement. Used by pretranslation and by `check --fix`.
"""
from __future__ import annotations

import re

from .glossary import FORBIDDEN, TermMatcher

_HAN = r"\u3400-\u9fff"
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
# Half-width punctuation touching Han text (spaces around it go too); "." only at a sentence end.
_PUNCT_AFTER_HAN_RE = re.compile(rf"(?<=[{_HAN}）”])\s*([,:;?!])\s*|(?<=[{_HAN}）”])\s*\.(?=\s|$)\s*")
_PUNCT_BEFORE_HAN_RE = re.compile(rf"\s*([,:;?!])\s*(?=[{_HAN}])")
_BRACKETS_RE = re.compile(r"\s*\(([^()]*)\)")
_HAN_CHAR_RE = re.compile(f"[{_HAN}]")
_SPACE_BETWEEN_HAN_RE = re.compile(rf"(?<=[{_HAN}，。：；？！（）、“”])[ \t]+(?=[{_HAN}，。：；？！（）、“”])")
_DUPLICATION_RE = re.compile(rf"([{_HAN}]+)\s*[(（]\s*\1\s*[)）]")


def punctuation_width(text: str) -> str:
    """Half-width , . : ; ? ! ( ) next to Han characters become full-width; spaces between Han go."""
    text = _PUNCT_AFTER_HAN_RE.sub(lambda m: _FULL_WIDTH[m.group(1) or "."], text)
    text = _PUNCT_BEFORE_HAN_RE.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    text = _BRACKETS_RE.sub(_bracket, text)
    return _SPACE_BETWEEN_HAN_RE.sub("", text)


def _bracket(match: re.Match) -> str:
    inner = match.group(1)
    after_han = match.start() > 0 and _HAN_CHAR_RE.match(match.string, match.start() - 1)
    if _HAN_CHAR_RE.search(inner) or after_han:
        return f"（{inner.strip()}）"
    return match.group()


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
    return punctuation_width(replace_forbidden(resolve_duplications(text, matcher), matcher))
