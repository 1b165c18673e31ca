"""Consistency: one source, one translation; one translation, one source; one concept, one form."""
from __future__ import annotations

import re
from typing import Callable, Hashable, Iterator

from ...glossary import FORBIDDEN
from ..model import EN, WARNING, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import CORPUS, rule

TRANSLATIONS = (EN, ZH_HANS, ZH_HANT)
_TRAILING_MARKS_RE = re.compile(r"[\s.。:：!！?？]+$")
_QUOTES = str.maketrans({"`": "'", "‘": "'", "’": "'", "“": '"', "”": '"'})
# An English plural, or a verb that agrees with one, in a case-folded text: files, classes, entries; are, have.
_PLURAL_RE = re.compile(r"\b(?:(are|were|have)|(\w{2,}(?:ss|sh|ch|x|z))es|(\w+)ies|(\w{2,}[^s\W])s)\b")
_SINGULAR = {"are": "is", "were": "was", "have": "has"}


def _translated(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.checked_as_translation]


def _where(entry: Entry) -> str:
    return f"{entry.path}:{entry.message.line}"


def _first_differing(entries: list[Entry], group: Callable[[Entry], Hashable],
                     same: Callable[[Entry, Entry], bool]) -> Iterator[tuple[Entry, Entry]]:
    """(entry, first of its group) for each entry after the first of its group that is not the same as it."""
    first: dict[Hashable, Entry] = {}
    for entry in entries:
        key = group(entry)
        if key not in first:
            first[key] = entry
        elif not same(entry, first[key]):
            yield entry, first[key]


@rule("C001", "inconsistent-translation", "inconsistent", WARNING, TRANSLATIONS, scope=CORPUS)
def inconsistent_translation(entries: list[Entry]) -> Iterator[Defect]:
    """The same source text is translated differently in two entries or two catalogues of one language.

    Why: a sentence, heading or credit line that recurs (in another article, or under another context)
    should read the same everywhere unless the context demands otherwise, which a translator comment can
    then say (``# i18n-ignore: C001 a table header needs the short form``): this project's msgctxt is the
    kind of block, not a meaning. Reported on each occurrence after the first, naming the other msgctxt
    when it differs.

    Example: ``Source: Pexels`` → ``来源：Pexels`` in one article and ``图片来源：Pexels`` in another.
    """
    for entry, first in _first_differing(_translated(entries), lambda e: (e.target, e.source),
                                         lambda e, first: e.translation == first.translation):
        context = first.message.msgctxt
        under = f" (msgctxt {context!r})" if context != entry.message.msgctxt and context is not None else ""
        yield Defect(entry, f"translated differently at {_where(first)}{under}: '{first.translation}'")


def _source_key(entry: Entry) -> str:
    """Sources that differ only in case, quote characters, final punctuation or English number (``input file
    is``, ``input files are``) are one source: Chinese has no grammatical number."""
    text = _TRAILING_MARKS_RE.sub("", entry.source).casefold().translate(_QUOTES)
    return _PLURAL_RE.sub(_singular, text)


def _singular(match: re.Match) -> str:
    verb, sibilant, y_stem, stem = match.groups()
    return _SINGULAR[verb] if verb else sibilant or (y_stem + "y" if y_stem else stem)


# Month and weekday names and their abbreviations, the pairs a calendar's catalogue translates alike
_CALENDAR = ("january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
             "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABBREVIATED = {name[:length]: name for name in _CALENDAR for length in (3, 4)}


def _same_source(entry: Entry, other: Entry) -> bool:
    """One source, or a month or weekday and its abbreviation (``Mon``, ``Sept.``, ``Monday``, ``September``);
    not any word and a longer one it starts (``Edit``, ``Editor``: two sources, rightly told apart)."""
    key, other_key = _source_key(entry), _source_key(other)
    if key == other_key:
        return True
    short, long = sorted((key.rstrip("."), other_key.rstrip(".")), key=len)
    return _ABBREVIATED.get(short) == long


@rule("C002", "inconsistent-source", "inconsistent", WARNING, TRANSLATIONS, scope=CORPUS)
def inconsistent_source(entries: list[Entry]) -> Iterator[Defect]:
    """Different source texts are given the identical translation.

    Why: two different sentences rarely mean the same; one of the two translations is usually a copy left
    in the wrong entry. Weblate skips this check for Chinese; here it runs for every language. Entries
    whose translation is their source (English taken as it is) are not compared. A msgctxt tells two
    translations of one source apart, never two sources: entries are compared whatever their msgctxt.

    Example: ``Stem cell types`` and ``Sources of stem cells`` both → ``干细胞的类型``.
    """
    candidates = [e for e in _translated(entries) if e.translation != e.source]
    for entry, first in _first_differing(candidates, lambda e: (e.target, e.translation), _same_source):
        yield Defect(entry, f"the same translation as the different source at {_where(first)}: '{first.source}'")


@rule("C003", "inconsistent-term", "inconsistent", WARNING, (ZH_HANS, ZH_HANT), scope=CORPUS,
      facts=("target_chinese_terms",))
def inconsistent_term(entries: list[Entry]) -> Iterator[Defect]:
    """One concept is rendered by different approved variants inside one catalogue.

    Why: an admitted variant is tolerated, but switching between 多发性硬化 and 多发性硬化症 within one
    article makes readers wonder whether two things are meant. Reported on the entries whose form differs
    from the concept's first form in the catalogue.

    Example: ``多发性硬化（MS）是……`` in one entry, ``多发性硬化症患者`` in a later one.
    """
    first_form: dict[tuple[str, str], tuple[str, Entry]] = {}
    for entry in _translated(entries):
        reported = set()
        for concept, form, status in entry.target_chinese_terms:
            if status == FORBIDDEN:
                continue  # term-forbidden reports it
            key = (entry.path, concept)
            chosen, where = first_form.setdefault(key, (form, entry))
            if form != chosen and concept not in reported:
                reported.add(concept)
                yield Defect(entry, f"{concept}: '{form}' here, '{chosen}' at {_where(where)}", concept)
