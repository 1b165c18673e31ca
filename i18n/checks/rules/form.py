"""Form: numbers and punctuation, carried and written as the target language writes them."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Iterator

from ...glossary import TermMatcher
from ...markup import markup_masked
from ...normalize import halfwidth_punctuation, punctuation_width
from ..model import EN, ERROR, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import rule

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
# Small numbers written out: a Chinese numeral that is an ordinal (第三) or counts something (两个, 四位数,
# 十进制, 九点, 双字节), and in the source an English number word, ordinal or month (zero, twice, first, Dec).
_ZH_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                "八": 8, "九": 9, "十": 10}
_ZH_NUMERAL_RE = re.compile("(?<![零〇一二两三四五六七八九十百千万])(?:第([零〇一二三四五六七八九十])"
                            "|([零〇一二两双三四五六七八九十])(?=[个种位次条项倍年月日天号版行列点进份名块段层级周]|字节))"
                            "(?![零〇一二两三四五六七八九十百千万])")
_EN_NUMBERS = {word: str(value) for value, words in enumerate((
    "zero zeros zeroes", "one once first", "two twice second", "three thrice third", "four fourth", "five fifth",
    "six sixth", "seven seventh", "eight eighth", "nine ninth", "ten tenth", "eleven eleventh", "twelve twelfth"))
    for word in words.split()}
_EN_NUMBER_RE = re.compile(rf"\b(?:{'|'.join(sorted(_EN_NUMBERS, key=len, reverse=True))})\b", re.IGNORECASE)
# A month by its name or abbreviation, capitalised (Dec, DECEMBER → 12月): "may" and "march" in lower case
# are verbs, and so is a "May" that starts a sentence.
_EN_MONTHS = {name: str(number) for number, month in enumerate(_MONTHS, 1) for name in (month, month[:3])} | {
    "sept": "9"}
_EN_MONTH_RE = re.compile(rf"\b(?:{'|'.join(sorted(_EN_MONTHS, key=len, reverse=True))})\b", re.IGNORECASE)
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?]\s+)[\"'“‘(]*\Z")
_WIDE_DIGIT_RE = re.compile("[０-９％]")  # full-width digits or percent: NFKC needed
# A decade: 1990s or 1990's (1100s to 2090s: 1000s are thousands), the (early, mid-, late) '90s, 1990年代, 90年代, or
# in its century, 20世纪90年代, and the lists 20世纪80、90年代 and 80至90年代. Not "their 30s" (an age), nor 年 before
# a word that starts with 代 (2020年代表大会, 10年代谢).
_DECADE_RE = re.compile(r"(?<!\d)(1[1-9]\d0|20\d0)['’]?s\b"
                        r"|(?:\bthe\s+(?:(?:early|mid|late)[\s-]*)?['‘’]?|['‘’])(\d0)['’]?s\b"
                        r"|(?<!\d)(?:(\d{1,2})\s*世纪\s*)?((?:\d\d)?\d0(?:\s*[、和与及至到~～–—-]\s*(?:\d\d)?\d0)*)"
                        r"\s*年代(?![表谢替价码理偿言])", re.IGNORECASE)
_DIGITS_RE = re.compile(r"\d+")


def numbers(text: str) -> list[str]:
    """The numbers of a text, sorted, written one way: 1,000 → 1000, ２０２３ → 2023, 50 percent → 50%,
    1.5 million → 1500000 (as 150万); a range 20–40 is its two ends; an English month name is its number
    (June 2023 ~ 2023年6月); a decade is its first year and an s: 1990s, 1990年代, 20世纪90年代 → 1990s;
    the '90s, 90年代 → 90s."""
    if _WIDE_DIGIT_RE.search(text):
        text = unicodedata.normalize("NFKC", text)
    found = []
    if "年代" in text or "0s" in text or "0S" in text or "0'" in text or "0’" in text:  # a decade ends in 0
        found = [decade for match in _DECADE_RE.findall(text) for decade in _decades(*match)]
        text = _DECADE_RE.sub(" ", text)
    if "," in text:
        text = _THOUSANDS_RE.sub("", text)
    found += [_value(_unpadded(value), word, chinese) if word or chinese else _unpadded(value)
              for value, word, chinese in _NUMBER_RE.findall(text)]
    found += [str(_MONTHS.index(month.lower()) + 1) for month in _MONTH_RE.findall(text)]
    found.sort()
    return found


def _decades(year: str, short: str, century: str, chinese: str) -> list[str]:
    """One _DECADE_RE match as decades: 1990s, 90s, and 20世纪80、90年代 → 1980s, 1990s."""
    if year or short:
        return [(year or short) + "s"]
    return [f"{(int(century) - 1) * 100 + int(decade)}s" if century and len(decade) == 2 else decade + "s"
            for decade in _DIGITS_RE.findall(chinese)]


def _same_decades(decades: set[str], other_numbers: list[str], other_text: str) -> set[str]:
    """The decades of one side that the other side writes another way, and those ways: with or without its
    century (1990s ~ 90年代, the '90s ~ 20世纪90年代), or, for a decade ending in 00, as its century (the 1800s ~
    19世纪, early 2000s ~ 21世纪初; the 1800s ~ 18世纪 is a changed number)."""
    same = set()
    for decade in (value for value in decades if value.endswith("s")):
        written = {other for other in other_numbers
                   if other.endswith("s") and len(other) != len(decade) and other[-3:] == decade[-3:]}
        if len(decade) == 5 and decade[2:4] == "00" and re.search(
                rf"(?<!\d){int(decade[:2]) + 1}(?:\s*世纪|(?:st|nd|rd|th)[\s-]+centur)", other_text, re.IGNORECASE):
            written.add(str(int(decade[:2]) + 1))
        if written:
            same |= written | {decade}
    return same


def _month(match: re.Match) -> bool:
    """A month name as a month: capitalised, and a title-case "May" not where a sentence starts."""
    word = match.group()
    if not word[0].isupper():
        return False
    return word.lower() != "may" or word.isupper() or not _SENTENCE_START_RE.search(match.string, 0, match.start())


def _unpadded(number: str) -> str:
    """A date or time field is padded to two digits: 03 is 3 (a longer code, 007 or 0400, keeps its zeros)."""
    return number[1] if len(number) == 2 and number[0] == "0" else number


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
    number). Which numbers count, not how often (a translation may restate one). A number from 0 to 10
    may be written as a Chinese numeral that counts or orders (``2 files`` → ``两个文件``, ``1st`` → ``第一``),
    a source's number word may be a digit of the translation (``zero`` → ``0``, ``Dec`` → ``12月``), a date
    field may be padded (``3`` → ``03``) and a year written in full (``99`` → ``1999``); a 0 or 1 added alone
    is a restatement (``leading zeros`` → ``前导 0``). The digits of placeholders and markup
    (``%1$s``, ``%2$<PRIdMAX>``, ``{0}``, ``<h2>``) are not numbers. A decade is a decade in either language,
    with or without its century (``1990s`` ~ ``20世纪90年代`` ~ ``1990年代`` ~ ``90年代``, ``the '90s`` ~ ``90年代``;
    ``1990`` → ``1990年代`` is a change), and one ending in 00 may be its century (``the 1800s`` ~ ``19世纪``,
    ``early 2000s`` ~ ``21世纪初``).

    Example: ``onset before the age of 16`` → ``18岁以前发病``.
    """
    if not (_DIGIT_OR_MONTH_RE.search(entry.source) or _DIGIT_OR_MONTH_RE.search(entry.translation)):
        return
    source, target = numbers(entry.source), numbers(entry.translation)
    if source != target:  # placeholders and markup hold no numbers (%1$s, {0}, <h2>): looked for only here
        source, target = numbers(markup_masked(entry.source)), numbers(markup_masked(entry.translation))
    if source == target:
        return
    # Which numbers, not how often: a translation may restate a number or say it once for twice.
    missing, added = set(source) - set(target), set(target) - set(source)
    if any(value.endswith("s") for value in missing | added):
        same = _same_decades(missing, target, entry.translation) | _same_decades(added, source, entry.source)
        missing, added = missing - same, added - same
    if missing:
        missing -= {str(_ZH_NUMERALS[first or second])
                    for first, second in _ZH_NUMERAL_RE.findall(entry.translation)}
    if added:
        # a year written in full (12/31/99 → 1999年12月31日)
        in_full = {year for year in added if year[:2] in ("19", "20") and len(year) == 4
                   and _unpadded(year[2:]) in source}
        added -= in_full
        missing -= {_unpadded(year[2:]) for year in in_full}
        words = {_EN_NUMBERS[word.lower()] for word in _EN_NUMBER_RE.findall(entry.source)}
        added -= words | {_EN_MONTHS[month.group().lower()] for month in _EN_MONTH_RE.finditer(entry.source)
                          if _month(month)}
        if not missing and not words:
            # 前导 0, 第 1 个, 置 0: a restatement, where 3项 for "several" and 1次 for "twice" are not
            added -= {"0", "1"}
    if missing or added:
        parts = [f"missing {', '.join(sorted(missing))}" if missing else "",
                 f"not in the source {', '.join(sorted(added))}" if added else ""]
        yield Defect(entry, "numbers differ from the source: " + "; ".join(part for part in parts if part))


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
    (Nature.com, M.D., e.g.) and emoticons (``:)``) are not touched, nor the marks of a program's syntax:
    after a placeholder (``%s: 读取错误``), a token's first character (``.NET``, ``:func:``), option and
    metavariable lists (``-s, --signal=信号, -信号``, ``组1,组2,...,组N``), a mark quoted alone (``以 . 开头``),
    a synopsis's ``...``, escaped brackets (``\\(``). A mark between two Han characters always counts. Fix
    (``--fix``): full-width marks, mark by mark through a run (``?!`` → ？！), ``...`` or a lone ``…`` → ……,
    brackets paired across placeholders (``(多达 %(max_length)s)``) or half full-width, and no single space
    beside a full-width mark; runs of spaces (columns) and indentation stay.

    Example: ``干细胞,如间充质干细胞 (MSC),`` → ``干细胞，如间充质干细胞（MSC），``
    """
    fixed = punctuation_width(entry.translation)
    if fixed != entry.translation:
        what = "a space beside full-width punctuation" if "".join(fixed.split()) == "".join(entry.translation.split()) \
            else "half-width punctuation in Chinese text"
        yield Defect(entry, f"{what} near '{_first_difference(entry.translation, fixed)}'")


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
