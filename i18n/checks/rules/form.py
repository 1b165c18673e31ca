"""Form: numbers and punctuation, carried and written as the target language writes them."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal
from typing import Iterator

from ...glossary import TermMatcher
from ...normalize import halfwidth_punctuation, punctuation_width
from ..model import EN, ERROR, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import rule
from .script import markup_masked

_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A value, then its percent sign or English scale word, or a Chinese scale right after it (千 not in 千米,
# 千克 and the other metric units)
_NUMBER_RE = re.compile(r"(\d+(?:\.\d+)?)(?:\s*(%|per\s?cent\b|thousand\b|million\b|billion\b)"
                        r"|(万亿|[十百千]?[万亿]|千(?![米克瓦卡焦帕赫伏字])))?", re.IGNORECASE)
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8,
           "十亿": 9, "百亿": 10, "千亿": 11, "万亿": 12}  # powers of ten
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# "May" is a month only before a day or a year: "May 2023", not "MSCs may help".
_MONTH_RE = re.compile(rf"\b({'|'.join(m.title() for m in _MONTHS)})(?=\s+\d)")
_DIGIT_OR_MONTH_RE = re.compile(r"\d|[０-９]")  # a month name only counts before a number
_WIDE_DIGIT_RE = re.compile("[０-９％]")  # full-width digits or percent: NFKC needed


def numbers(text: str) -> list[str]:
    """The numbers of a text, sorted, written one way: 1,000 → 1000, ２０２３ → 2023, 50 percent → 50%,
    1.5 million → 1500000 (as 150万); a range 20–40 is its two ends; an English month name is its number
    (June 2023 ~ 2023年6月)."""
    if _WIDE_DIGIT_RE.search(text):
        text = unicodedata.normalize("NFKC", text)
    if "," in text:
        text = _THOUSANDS_RE.sub("", text)
    found = [_value(value, word, chinese) if word or chinese else value
             for value, word, chinese in _NUMBER_RE.findall(text)]
    found += [str(_MONTHS.index(month.lower()) + 1) for month in _MONTH_RE.findall(text)]
    found.sort()
    return found


def _value(number: str, word: str, chinese_scale: str) -> str:
    power = _SCALES.get(word.lower() or chinese_scale)
    return number + "%" if power is None else format(Decimal(number).scaleb(power).normalize(), "f")


@rule("N001", "number", "number", ERROR, (EN, ZH_HANS, ZH_HANT))
def number(entry: Entry) -> Iterator[Defect]:
    """A number of the source is missing or changed in the translation, or one was added.

    Why: a changed dose, age, year or percentage is the most harmful mistranslation there is, and the
    easiest to check. Digits, decimals, percentages, ranges, years and scaled numbers are compared as
    values: ``20–40`` matches ``20～40岁``, ``2023`` matches ``2023年``, ``1,000`` matches ``1000``,
    ``1.5 million`` matches ``150万`` (thousand, million, billion; 千, 万, 百万, 千万, 亿 right after the
    number). Numbers written in words (two, 两) are not compared, nor the digits of placeholders and
    markup (``%1$s``, ``{0}``, ``<h2>``).

    Example: ``onset before the age of 16`` → ``18岁以前发病``.
    """
    if not (_DIGIT_OR_MONTH_RE.search(entry.source) or _DIGIT_OR_MONTH_RE.search(entry.translation)):
        return
    source, target = numbers(entry.source), numbers(entry.translation)
    if source != target:  # placeholders and markup hold no numbers (%1$s, {0}, <h2>): looked for only here
        source, target = numbers(markup_masked(entry.source)), numbers(markup_masked(entry.translation))
    if source != target:
        source, target = Counter(source), Counter(target)
        missing = ", ".join(sorted((source - target).elements()))
        added = ", ".join(sorted((target - source).elements()))
        parts = [f"missing {missing}" if missing else "", f"not in the source {added}" if added else ""]
        yield Defect(entry, "numbers differ from the source: " + "; ".join(p for p in parts if p))


def _punctuation_width(text: str, matcher: TermMatcher) -> str:
    return punctuation_width(text)


def _halfwidth_punctuation(text: str, matcher: TermMatcher) -> str:
    return halfwidth_punctuation(text)


def _first_difference(before: str, after: str) -> str:
    index = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    return before[max(0, index - 8):index + 8]


@rule("P001", "punctuation-chinese", "punctuation", ERROR, (ZH_HANS, ZH_HANT), fixer=_punctuation_width)
def punctuation_chinese(entry: Entry) -> Iterator[Defect]:
    """Half-width punctuation ``, . : ; ? ! ( )`` or an ellipsis ``...`` touching Chinese text in a Chinese
    translation.

    Why: Chinese typography uses full-width punctuation (，。：；？！（）) and the ellipsis ……; half-width
    marks between Han characters are a sign of machine translation or an English keyboard, and look
    broken. Decimal points, file names (报告.pdf), URLs, the dots of Latin names and abbreviations
    (Nature.com, M.D., e.g.) and emoticons (``:)``) are not touched. Fix (``--fix``): full-width marks,
    mark by mark through a run (``?!`` → ？！), ``...`` or a lone ``…`` → ……, and no space left touching
    any full-width mark of the translation (they carry their own spacing).

    Example: ``干细胞,如间充质干细胞 (MSC),`` → ``干细胞，如间充质干细胞（MSC），``
    """
    fixed = punctuation_width(entry.translation)
    if fixed != entry.translation:
        yield Defect(entry, f"half-width punctuation in Chinese text near '{_first_difference(entry.translation, fixed)}'")


@rule("P002", "punctuation-english", "punctuation", ERROR, (EN,), fixer=_halfwidth_punctuation)
def punctuation_english(entry: Entry) -> Iterator[Defect]:
    """Full-width (CJK) punctuation ``，。：；？！（）、《》`` in an English translation.

    Why: left over from a Chinese source, it renders with wide gaps in English text. Curly quotes are
    English typography and are not reported. Fix (``--fix``): the half-width marks.

    Example: ``干细胞治疗，一种新方法`` → ``Stem cell therapy，a new approach``
    """
    fixed = halfwidth_punctuation(entry.translation)
    if fixed != entry.translation:
        yield Defect(entry, f"full-width punctuation in English text near '{_first_difference(entry.translation, fixed)}'")
