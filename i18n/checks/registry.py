"""The one registry of check rules: code, kebab-case name, kind, default severity, and the docstring
that is the rule's documentation (``i18n check --list-rules``, the README's rule table)."""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..errors import I18nError
from ..glossary import TermMatcher
from .model import Defect, Entry

ENTRY, CORPUS = "entry", "corpus"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str  # the JSON report's "kind": what family of defect
    severity: str
    scope: str  # entry: sees one entry; corpus: sees every entry of every catalogue checked
    targets: frozenset[str | None]  # target languages the rule applies to
    check: Callable[..., Iterator[Defect]]
    fixer: Callable[[str, TermMatcher], str] | None = None  # the safe fix: translation in, repaired out
    on_drafts: bool = False  # runs on fuzzy and untranslated entries too (the others see translations only)
    # a corpus rule's per-entry inputs (cached properties of Entry), computed with the entry rules,
    # in the processes that share a large check: the rule then only compares them
    facts: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        return " ".join(self.doc.split("\n\n", 1)[0].split())

    def applies(self, entry: Entry) -> bool:
        return entry.target in self.targets and (self.on_drafts or entry.checked_as_translation)

    def matches(self, selector: str) -> bool:
        """A selector is a code prefix (``T``, ``T00``, ``T001``), the rule's name or its kind."""
        return self.code.startswith(selector.upper()) or selector.lower() in (self.name, self.kind)


RULES: list[Rule] = []


def rule(code: str, name: str, kind: str, severity: str, targets: Iterable[str | None], scope: str = ENTRY,
         fixer: Callable[[str, TermMatcher], str] | None = None, on_drafts: bool = False,
         facts: tuple[str, ...] = ()):
    """Register a rule: ``check(entry)`` (scope entry) or ``check(entries)`` (scope corpus) yields Defects."""

    def register(check: Callable[..., Iterator[Defect]]) -> Callable[..., Iterator[Defect]]:
        if any(r.code == code or r.name == name for r in RULES):
            raise ValueError(f"rule {code} {name} registered twice")
        RULES.append(Rule(code, name, kind, severity, scope, frozenset(targets), check, fixer, on_drafts, facts))
        RULES.sort(key=lambda r: r.code)
        return check

    return register


def known(selector: str) -> bool:
    return any(r.matches(selector) for r in RULES)


def no_rule_matches(selector: str) -> str:
    """What is wrong with a selector that is not ``known``, wherever it was given."""
    return f"no rule matches {selector!r} (see i18n check --list-rules)"


def selected(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules chosen by select (all when empty) minus ignore; unknown selectors are an error."""
    select, ignore = list(select), list(ignore)
    for selector in (*select, *ignore):
        if not known(selector):
            raise I18nError(no_rule_matches(selector))
    return [r for r in RULES
            if (not select or any(r.matches(s) for s in select)) and not any(r.matches(s) for s in ignore)]

