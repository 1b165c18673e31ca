"""What the checks work on and what they produce: entries in, findings out."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..glossary import ACRONYM, TermHit, TermMatcher
from ..po import Message

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)  # most severe first

EN, ZH_HANS, ZH_HANT = "en", "zh-Hans", "zh-Hant"

# "i18n-ignore: T003, C003 the reason": comma-separated codes or names, then the reason.
_SUPPRESSION_RE = re.compile(r"i18n-ignore:\s*([A-Za-z][\w-]*(?:\s*,\s*[A-Za-z][\w-]*)*)")
_BRACKETED_AFTER_RE = re.compile(r"\s*[(（]\s*$")


class cached_property:  # noqa: N801  (functools' name and use, without its lock)
    """functools.cached_property as of Python 3.12: 3.11's takes a lock on each first access, which
    was a tenth of a 100,000-entry check."""

    def __init__(self, compute):
        self.compute, self.name, self.__doc__ = compute, compute.__name__, compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass(frozen=True)
class Finding:
    """One defect, where it is and what would fix it; the JSON report is this record."""

    rule: str  # code, e.g. T001
    name: str  # kebab-case rule name
    kind: str
    severity: str
    path: str
    line: int
    msgctxt: str | None
    msgid: str
    message: str
    concept: str | None = None
    fix: str | None = None  # the whole msgstr after the rule's safe fix, where one exists


@dataclass(frozen=True)
class Defect:
    """What a rule yields: the engine adds the rule's code, severity and the entry's place."""

    entry: "Entry"
    message: str
    concept: str | None = None
    fix: str | None = None


@dataclass(frozen=True)
class Context:
    """What every entry of one check run shares: the glossary's matcher and the project's allowlist."""

    matcher: TermMatcher
    allowed_latin: frozenset[str] = frozenset()  # Latin words a Chinese translation may hold
    found: dict[str, tuple[TermHit, ...]] = field(default_factory=dict, compare=False, repr=False)

    def hits(self, text: str) -> tuple[TermHit, ...]:
        """The glossary terms of a text, a bracketed restatement dropped; each text matched once a run,
        as every source recurs in each language's catalogue."""
        hits = self.found.get(text)
        if hits is None:
            hits = self.found[text] = tuple(_restatements_dropped(text, self.matcher.find(text)))
        return hits


@dataclass(frozen=True, eq=False)
class Entry:
    """One active catalogue entry with what every rule asks of it, computed once."""

    path: str
    message: Message
    target: str | None  # en | zh-Hans | zh-Hant | None (a template, or a language the glossary lacks)
    context: Context

    @property
    def matcher(self) -> TermMatcher:
        return self.context.matcher

    @cached_property  # (read a million times in a large check: an attribute once computed)
    def source(self) -> str:
        return self.message.msgid

    @cached_property
    def translation(self) -> str:
        message = self.message
        return message.msgstr if message.msgid_plural is None else "\n".join(message.msgstr_plural)

    @cached_property
    def source_hits(self) -> tuple[TermHit, ...]:
        return self.context.hits(self.source)

    @cached_property
    def target_hits(self) -> tuple[TermHit, ...]:
        return self.context.hits(self.translation)

    @cached_property
    def source_counts(self) -> Counter[str]:
        return Counter(hit.concept for hit in self.source_hits)

    @cached_property
    def target_counts(self) -> Counter[str]:
        """Occurrences of each concept in a form the target language allows (forbidden forms count:
        they are reported as forbidden, not as missing)."""
        return Counter(hit.concept for hit in self.target_hits if self.counts_in_target(hit))

    @cached_property
    def term_balance(self) -> tuple[Counter[str], Counter[str]]:
        """Concepts the translation holds fewer times than the source (missing), and target occurrences
        of concepts the source lacks (extra). A longer term of the translation stands for a shorter
        concept it contains (干细胞治疗 for "therapy with stem cells"), so that neither is reported."""
        if sorted(h.concept for h in self.source_hits) == sorted(
                h.concept for h in self.target_hits if self.counts_in_target(h)):
            return Counter(), Counter()  # the usual case, without building the counters
        needed, present = self.source_counts, self.target_counts
        missing = Counter({c: needed[c] - present[c] for c in needed if needed[c] > present[c]})
        extra = Counter({c: present[c] - needed[c] for c in present if present[c] > needed[c]})
        nested = self.matcher.nested
        for outer in list(extra):
            for inner in nested.get(outer, ()):
                while missing[inner] > 0 and extra[outer] > 0:
                    missing[inner] -= 1
                    extra[outer] -= 1
        return +missing, +extra

    def counts_in_target(self, hit: TermHit) -> bool:
        if self.target == EN:
            return hit.lang == "en"
        concept = self.matcher.glossary[hit.concept]
        if hit.lang == "zh" or hit.status == ACRONYM:
            return True
        return concept.is_name and not concept.zh  # a do-not-translate name stays in Latin script

    @cached_property
    def source_chinese_terms(self) -> tuple[tuple[str, str, str], ...]:
        """(concept, form, status) of each Chinese term of the source: what source-variant compares."""
        return self._chinese_terms(self.source_hits)

    @cached_property
    def target_chinese_terms(self) -> tuple[tuple[str, str, str], ...]:
        """(concept, form, status) of each Chinese term of the translation: what inconsistent-term compares."""
        return self._chinese_terms(self.target_hits)

    def _chinese_terms(self, hits: tuple[TermHit, ...]) -> tuple[tuple[str, str, str], ...]:
        """Acronyms and do-not-translate names left out: they have one form."""
        glossary = self.matcher.glossary
        return tuple((hit.concept, hit.term, hit.status) for hit in hits
                     if hit.lang == "zh" and hit.status != ACRONYM and not glossary[hit.concept].is_name)

    @cached_property
    def suppressed(self) -> frozenset[str]:
        """Rule codes or names listed in ``# i18n-ignore: CODE[, CODE] reason`` translator comments."""
        codes = set()
        for comment in self.message.comments:
            for match in _SUPPRESSION_RE.finditer(comment):
                codes.update(c.strip() for c in match.group(1).split(",") if c.strip())
        return frozenset(codes)

    @cached_property
    def checked_as_translation(self) -> bool:
        """Fuzzy and untranslated entries get only their own finding: a draft is not yet a translation."""
        return self.target is not None and self.message.translated


def _restatements_dropped(text: str, hits: list[TermHit]) -> list[TermHit]:
    """``多发性硬化症 (多发性硬化症)`` and ``multiple sclerosis (多发性硬化)`` name the concept once."""
    kept: list[TermHit] = []
    for hit in hits:
        if (kept and kept[-1].concept == hit.concept
                and _BRACKETED_AFTER_RE.fullmatch(text, kept[-1].end, hit.start)
                and text[hit.end:hit.end + 1] in (")", "）")):
            continue
        kept.append(hit)
    return kept

