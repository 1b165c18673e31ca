"""Runs the registered rules over catalogues: entries in, findings out; and applies the safe fixes."""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import defaultdict, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Iterable, Iterator, Mapping, Sequence

from babel import Locale, UnknownLocaleError

from ..errors import I18nError
from ..glossary import TermMatcher
from ..langid import chinese_script
from ..po import Catalog, Message
from . import rules  # noqa: F401  (registers every rule)
from .model import EN, SEVERITIES, ZH_HANS, ZH_HANT, Context, Defect, Entry, Finding
from .registry import CORPUS, RULES, Rule, known, selected


@dataclass(frozen=True)
class Options:
    """What to check: rule selectors (code prefixes or names), severity overrides, the Latin allowlist; and
    in how many processes."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)  # rule code or name -> error|warning|info
    allowed_latin: frozenset[str] = frozenset()
    processes: int = 1  # a large check shares its entries among this many (where the system can fork); 0: a CPU each

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
    locale = locale_of(catalog, path)
    return None if locale is None else _script_family(locale)


def _script_family(locale: Locale) -> str | None:
    if locale.language == "en":
        return EN
    if locale.language == "zh":
        return ZH_HANT if chinese_script(locale.script, locale.territory) == "Hant" else ZH_HANS
    return None


def locale_of(catalog: Catalog, path: str = "") -> Locale | None:
    """The catalogue's locale: its header's Language, else one in its path."""
    return _parsed(catalog.metadata.get("Language", "")) or _path_locale(path)


def _path_locale(path: str) -> Locale | None:
    return next(filter(None, map(_parsed, _path_locales(PurePath(path)))), None)


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
            locale = locale_of(catalog, path)
            notices.append(Notice(path, None, "not checked: " + (
                f"language {locale} has no rules (en, zh_Hans and zh_Hant have them)" if locale
                else "no Language in its header or locale in its path")))
        placed = _path_locale(path)
        if target is not None and placed is not None and _script_family(placed) not in (None, target):
            notices.append(Notice(path, None, f"checked as {target}, as its header's Language "
                                              f"{catalog.metadata['Language'].strip()} says, but its path says {placed}"))
        entries.extend(Entry(path, m, target, context) for m in catalog.active())
    chosen = selected(options.select, options.ignore)
    run = _Run(entries, [r for r in chosen if r.scope != CORPUS], [r for r in chosen if r.scope == CORPUS], options)
    findings = run.in_processes(options.processes)
    for rule in run.corpus_rules:
        findings += run.findings(rule, rule.check([e for e in entries if rule.applies(e)]))
    findings.sort(key=lambda f: (files.index(f.path), f.line, f.rule))
    notices += (notice for entry in entries if entry.message.comments for notice in _suppression_notices(entry))
    return Report(tuple(findings), len(entries), tuple(files), tuple(notices))


def _suppression_notices(entry: Entry) -> Iterator[Notice]:
    """A suppression naming no rule, or none at all (``# i18n-ignore:``): a typo leaves the rule switched on."""
    for selector in sorted(entry.suppressed):
        if not known(selector):
            yield Notice(entry.path, entry.message.line, f"i18n-ignore names no rule: {selector}")
    if not entry.suppressed and any("i18n-ignore" in comment for comment in entry.message.comments):
        yield Notice(entry.path, entry.message.line, "i18n-ignore names no rule: write # i18n-ignore: CODE reason")


MIN_ENTRIES_PER_PROCESS = 5_000  # below this a process costs more to start than it saves
MAX_DEFAULT_PROCESSES = 4  # each holds its own copy of what it computes: ~70-140 MiB per 50,000 entries


@dataclass(frozen=True)
class _Run:
    """One check's entries and rules: the entry rules' findings and the corpus rules' facts, computed for
    a share of the entries, in one process or shared among several."""

    entries: list[Entry]
    entry_rules: list[Rule]
    corpus_rules: list[Rule]
    options: Options

    def findings(self, rule: Rule, defects: Iterable[Defect]) -> list[Finding]:
        found = []
        severity = self.options.severity_of(rule)
        fixed, fix = None, None
        for defect in defects:
            entry = defect.entry
            if any(rule.matches(s) for s in entry.suppressed):
                continue
            if entry is not fixed:  # a rule's defects come entry by entry: its fix is computed once an entry
                fixed, fix = entry, rule.fixer(entry.translation, entry.matcher) if rule.fixer else None
            found.append(Finding(rule.code, rule.name, rule.kind, severity, entry.path, entry.message.line,
                                 entry.message.msgctxt, entry.source, defect.message, defect.concept,
                                 fix if fix != entry.translation else None))
        return found

    def share(self, indices: Sequence[int]) -> list[Finding]:
        """The entry rules' findings on the entries at these indices."""
        share = [self.entries[index] for index in indices]
        found = []
        applicable: dict[tuple[frozenset, bool], list[Entry]] = {}  # rules differ in only a few ways
        for rule in self.entry_rules:
            key = rule.targets, rule.on_drafts
            if key not in applicable:
                applicable[key] = [e for e in share if rule.applies(e)]
            found += self.findings(rule, (d for e in applicable[key] for d in rule.check(e)))
        return found

    def facts(self, indices: Sequence[int]) -> Iterator[tuple[int, str, object]]:
        """(index, name, value) for each fact a corpus rule will read of the entries at these indices, computed
        (and so cached on the entry) as it is yielded: what a forked process hands back."""
        for index in indices:
            entry = self.entries[index]
            for rule in self.corpus_rules:
                if rule.facts and rule.applies(entry):
                    yield from ((index, name, getattr(entry, name)) for name in rule.facts)

    def shares(self, count: int) -> list[list[int]]:
        """The entries' indices in count shares, the entries of one source in one share: a source recurs in
        each language's catalogue, and its terms are then matched by one process only."""
        shares: list[list[int]] = [[] for _ in range(count)]
        sources: dict[str, int] = {}  # each source's number, in order of first appearance
        for index, entry in enumerate(self.entries):
            shares[sources.setdefault(entry.source, len(sources)) % count].append(index)
        return shares

    def in_processes(self, processes: int) -> list[Finding]:
        """The entry rules' findings on every entry, each process taking a share and this one the first; the
        facts the others computed are stored on the entries, as if computed here."""
        count = min(processes or min(usable_cpus(), MAX_DEFAULT_PROCESSES),
                    len(self.entries) // MIN_ENTRIES_PER_PROCESS)
        if count < 2 or "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
            return self.share(range(len(self.entries)))
        first, *others = self.shares(count)
        freezing = gc.get_freeze_count() == 0  # (a heap the caller froze stays frozen)
        if freezing:
            gc.freeze()  # the forked processes then leave the inherited heap's pages shared
        try:
            # the run goes to each process as its initializer's argument: inherited through fork, not pickled,
            # and never a module global another thread's check could overwrite
            with ProcessPoolExecutor(count - 1, multiprocessing.get_context("fork"), _adopt,
                                     (self, os.getpid())) as pool:
                done = pool.map(_forked_share, others)
                findings = self.share(first)
                deque(self.facts(first), maxlen=0)  # its own facts, while the others still work
                for found, facts in done:
                    findings += found
                    for index, name, value in facts:
                        self.entries[index].__dict__[name] = value
        except BrokenProcessPool:
            raise I18nError("a process checking a share of the entries stopped unexpectedly; check with one "
                            "process (processes=1, the command's --jobs 1)") from None
        except OSError:  # no fork allowed (a process limit): one process does it all
            return self.share(range(len(self.entries)))
        finally:
            if freezing:
                gc.unfreeze()
        return findings


def usable_cpus() -> int:
    """The CPUs this process may run on (Python 3.13's os.process_cpu_count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on macOS or Windows
        return os.cpu_count() or 1


_RUN: "_Run | None" = None  # set only in a forked process: the run it checks a share of


def _adopt(run: _Run, parent: int) -> None:
    """A forked process's start: the run it checks a share of; Ctrl-C is the parent's, SIGTERM ends it; and it
    ends when the parent does (killed, its results would wait on a pipe no one reads)."""
    global _RUN
    _RUN = run
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # (the command's handler is for its own process)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _forked_share(indices: list[int]) -> tuple[list[Finding], list[tuple[int, str, object]]]:
    return _RUN.share(indices), list(_RUN.facts(indices))


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


MAX_FIX_ROUNDS = 5  # each round settles what the last one's fixes left; a fix that keeps undoing another stops here


def fix(catalog: Catalog, path: str, findings: Iterable[Finding], matcher: TermMatcher,
        options: Options = Options()) -> tuple[Catalog, list[Fixed]]:
    """The catalogue with its safe fixes applied until none is left, and what changed where: one fix can
    leave work for another (T004's removal of 干细胞（干细胞）疗法's repetition writes the forbidden 干细胞疗法
    for T002), so the entries a round changed are checked again by the fixing rules, and fixed again."""
    fixing = tuple(rule.code for rule in selected(options.select, options.ignore) if rule.fixer)
    catalog, fixed = apply_fixes(catalog, findings, matcher)
    rules_at = {change.line: set(change.rules) for change in fixed}
    for _ in range(MAX_FIX_ROUNDS - 1):
        if not (fixing and fixed):
            break
        lines = {change.line for change in fixed}
        changed = replace(catalog, messages=tuple(m for m in catalog.messages if m.line in lines))
        catalog, fixed = apply_fixes(catalog, check([(path, changed)], matcher, replace(options, select=fixing,
                                                                                         processes=1)).findings,
                                     matcher)
        for change in fixed:
            rules_at.setdefault(change.line, set()).update(change.rules)
    return catalog, [Fixed(line, tuple(sorted(codes))) for line, codes in sorted(rules_at.items())]


def _fixed(text: str, codes: list[str], by_rule: dict[str, Rule], matcher: TermMatcher) -> str:
    """A translation (one plural form) after the rules' fixes, in code order."""
    for code in codes:
        text = by_rule[code].fixer(text, matcher)
    return text
