"""Runs the registered rules over catalogues: entries in, findings out; and applies the safe fixes."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Iterable, Mapping

from babel import Locale, UnknownLocaleError

from ..glossary import TermMatcher
from ..langid import chinese_script
from ..po import Catalog, Message
from . import rules  # noqa: F401  (registers every rule)
from .model import EN, SEVERITIES, ZH_HANS, ZH_HANT, Context, Entry, Finding
from .registry import CORPUS, RULES, Rule, known, selected


@dataclass(frozen=True)
class Options:
    """What to check: rule selectors (code prefixes or names), severity overrides, the Latin allowlist."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)  # rule code or name -> error|warning|info
    allowed_latin: frozenset[str] = frozenset()

    def severity_of(self, rule: Rule) -> str:
        return self.severity.get(rule.code) or self.severity.get(rule.name) or rule.severity


@dataclass(frozen=True)
class Notice:
    """Something about the run itself, not a defect of an entry: a .po no rule could check, a suppression
    naming no rule (a typo leaves the rule switched on). Reported with the findings, not counted in them."""

    path: str
    line: int | None
    message: str


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    entries: int
    files: tuple[str, ...]
    notices: tuple[Notice, ...] = ()  # what the user should know that is no finding of a rule

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def at_or_above(self, severity: str) -> list[Finding]:
        rank = SEVERITIES.index(severity)
        return [f for f in self.findings if SEVERITIES.index(f.severity) <= rank]


def target_of(catalog: Catalog, path: str = "") -> str | None:
    """The translation's script family from the header's Language (zh_CN → zh-Hans), or, where the header
    names none, from a locale in the path (``zh_CN/LC_MESSAGES/app.po``, ``po/zh_CN.po``); None for a
    template or a language the checks have no rules for."""
    locale = _parsed(catalog.metadata.get("Language", "")) or next(
        filter(None, map(_parsed, _path_locales(PurePath(path)))), None)
    if locale is None:
        return None
    if locale.language == "en":
        return EN
    if locale.language == "zh":
        return ZH_HANT if chinese_script(locale.script, locale.territory) == "Hant" else ZH_HANS
    return None


def _parsed(code: str) -> Locale | None:
    try:
        return Locale.parse(code.strip().replace("-", "_")) if code.strip() else None
    except (ValueError, UnknownLocaleError):
        return None


def _path_locales(path: PurePath) -> list[str]:
    """Where catalogue layouts put the locale: gettext's <locale>/LC_MESSAGES/, a file named for it, or a
    directory named for it (a template, .pot, has none)."""
    if path.suffix.lower() != ".po":
        return []
    if path.parent.name == "LC_MESSAGES":
        return [path.parent.parent.name]
    return [path.stem, path.parent.name]


def check(catalogues: Iterable[tuple[str, Catalog]], matcher: TermMatcher, options: Options = Options()) -> Report:
    """Every selected rule over every active entry of the catalogues, suppressions honoured."""
    context = Context(matcher, options.allowed_latin)
    entries: list[Entry] = []
    files = []
    notices: list[Notice] = []
    for path, catalog in catalogues:
        files.append(path)
        target = target_of(catalog, path)
        if target is None and path.lower().endswith(".po"):
            notices.append(Notice(path, None, "not checked: no Language in its header or locale in its path, or a "
                                              "language without rules (en, zh_Hans and zh_Hant have them)"))
        entries.extend(Entry(path, m, target, context) for m in catalog.active())
    findings = []
    translations = [e for e in entries if e.checked_as_translation]
    for rule in selected(options.select, options.ignore):
        severity = options.severity_of(rule)
        applicable = [e for e in (entries if rule.on_drafts else translations) if e.target in rule.targets]
        defects = rule.check(applicable) if rule.scope == CORPUS else (
            d for e in applicable for d in rule.check(e))
        for defect in defects:
            entry = defect.entry
            if any(rule.matches(s) for s in entry.suppressed):
                continue
            fix = rule.fixer(entry.translation, matcher) if rule.fixer else None
            findings.append(Finding(rule.code, rule.name, rule.kind, severity, entry.path, entry.message.line,
                                    entry.message.msgctxt, entry.source, defect.message, defect.concept,
                                    fix if fix != entry.translation else None))
    findings.sort(key=lambda f: (files.index(f.path), f.line, f.rule))
    notices += (Notice(e.path, e.message.line, f"i18n-ignore names no rule: {selector}")
                for e in entries if e.message.comments for selector in sorted(e.suppressed) if not known(selector))
    return Report(tuple(findings), len(entries), tuple(files), tuple(notices))


@dataclass(frozen=True)
class Fixed:
    line: int
    rules: tuple[str, ...]


def apply_fixes(catalog: Catalog, findings: Iterable[Finding], matcher: TermMatcher) -> tuple[Catalog, list[Fixed]]:
    """The catalogue with each entry's safe fixes applied in rule order, and what changed where."""
    by_rule = {r.code: r for r in RULES}
    wanted: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for finding in findings:
        if finding.fix is not None:
            wanted[finding.msgctxt, finding.msgid].add(finding.rule)
    fixed: list[Fixed] = []
    messages: list[Message] = []
    for message in catalog.messages:
        codes = sorted(wanted.get(message.key, ())) if not message.obsolete else []
        if codes:
            repaired = replace(message, msgstr=_fixed(message.msgstr, codes, by_rule, matcher),
                               msgstr_plural=tuple(_fixed(form, codes, by_rule, matcher)
                                                   for form in message.msgstr_plural))
            if repaired != message:
                fixed.append(Fixed(message.line, tuple(codes)))
                message = repaired
        messages.append(message)
    return replace(catalog, messages=tuple(messages)), fixed


def _fixed(text: str, codes: list[str], by_rule: dict[str, Rule], matcher: TermMatcher) -> str:
    """A translation (one plural form) after the rules' fixes, in code order."""
    for code in codes:
        text = by_rule[code].fixer(text, matcher)
    return text
