"""The project's files, stage by stage: which articles, where their catalogues live, and the
commands' work on them (extract, update, stats). Every write is atomic.
"""
from __future__ import annotations

import functools
import os
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from . import catalog as cat
from . import glossary as gl
from .config import Config
from .document import read_document, source_paths
from .errors import I18nError
from . import checks
from .files import display_path, locked, read_utf8, write_atomic
from .po import Catalog, read_catalog, rewrite_translations, write_catalog
from .segment import Segment, segment_document


@dataclass(frozen=True)
class Article:
    domain: str
    source: Path
    reference: str  # the source's path as references name it: relative to the project root


def articles(config: Config) -> list[Article]:
    root = config.root
    found = []
    for path in source_paths([config.path("source_dir")]):
        reference = path.resolve().relative_to(root.resolve()).as_posix()
        found.append(Article(path.stem, path, reference))
    return found


def pot_path(config: Config, article: Article) -> Path:
    return config.path("locales_dir") / f"{article.domain}.pot"


def po_path(config: Config, article: Article, language: str) -> Path:
    return config.path("locales_dir") / language / "LC_MESSAGES" / f"{article.domain}.po"


def load_catalog(path: Path) -> Catalog:
    return read_catalog(read_utf8(path), str(path))


def load_optional(path: Path) -> Catalog | None:
    return load_catalog(path) if path.exists() else None


def load_glossary(path: Path) -> gl.Glossary:
    """The glossary in the project's CSV form, or a TBX file (by its extension)."""
    text = read_utf8(path)
    if path.suffix.lower() in (".tbx", ".xml"):
        return gl.read_tbx(text, str(path))
    return gl.read_csv(text, str(path))


def term_notes(matcher: gl.TermMatcher):
    """Extracted comments naming the glossary terms a text holds, with their approved renderings."""

    def notes(text: str) -> list[str]:
        ids = list(dict.fromkeys(hit.concept for hit in matcher.find(text)))
        return [f"terms: {'; '.join(matcher.glossary[i].rendering() for i in ids)}"] if ids else []

    return notes


def writes_locales(command):
    """The command reads and writes locales/ under its lock, so two runs never interleave their files."""

    @functools.wraps(command)
    def run(config: Config, *args, **kwargs):
        with locked(config.path("locales_dir")):
            return command(config, *args, **kwargs)

    return run


def build_template(config: Config, article: Article, matcher: gl.TermMatcher | None,
                   previous: Catalog | None = None, segments: Iterable[Segment] | None = None) -> Catalog:
    """The article's template; its segments are read from the source unless the caller has them."""
    if segments is None:
        segments = segment_document(read_document(article.source, config.encoding))
    notes = term_notes(matcher) if matcher else None
    return cat.template(article.domain, article.reference, segments, notes, previous)


@writes_locales
def extract(config: Config) -> list[tuple[Path, bool]]:
    """Write every article's POT; returns (path, whether it changed). Every source and template is read
    before anything is written, so a bad one leaves all templates as they were."""
    matcher = gl.TermMatcher(load_glossary(config.path("glossary")))  # compiled once for all articles
    templates = [(pot_path(config, article), article) for article in articles(config)]
    texts = [(path, write_catalog(build_template(config, article, matcher, load_optional(path))))
             for path, article in templates]
    return [(path, write_atomic(path, text)) for path, text in texts]


@dataclass(frozen=True)
class Update:
    path: Path
    changed: bool
    result: cat.MergeResult


@writes_locales
def update(config: Config) -> list[Update]:
    """Merge each POT into each language's catalogue (all inputs are read before anything is written)."""
    plans = []
    for article in articles(config):
        pot_file = pot_path(config, article)
        if not pot_file.exists():
            raise I18nError("no template: run `i18n extract` first", str(pot_file))
        pot = load_catalog(pot_file)
        for language in config.languages:
            path = po_path(config, article, language)
            plans.append((path, cat.merge(pot, load_optional(path), language)))
    return [Update(path, write_atomic(path, write_catalog(result.catalog)), result) for path, result in plans]


def catalog_files(config: Config, paths: list[Path] | None = None) -> list[Path]:
    """The .po files named (directories: every .po below them), or all of the project's."""
    roots = paths or [config.path("locales_dir")]
    found: dict[Path, Path] = {}  # resolved -> as named: a file named twice (itself and its directory) is read once
    for root in roots:
        if root.is_dir():
            catalogues = sorted(root.rglob("*.po"))
            if not catalogues:
                raise I18nError("directory holds no .po files", str(root))
        elif root.exists() or root.is_symlink():  # (a symlink loop or a dangling link: reading says which)
            catalogues = [root]
        else:
            raise I18nError("no such file or directory", str(root))
        for path in catalogues:
            found.setdefault(os.path.realpath(path), path)  # (never raises, as a symlink loop makes resolve())
    return list(found.values())


@writes_locales
def pretranslate(config: Config) -> list[tuple[Path, cat.Pretranslation, bool]]:
    """Pretranslate every language's catalogue of every article (all read before any is written)."""
    matcher = gl.TermMatcher(load_glossary(config.path("glossary")))  # compiled once for all catalogues
    plans = []
    for article in articles(config):
        for language in config.languages:
            path = po_path(config, article, language)
            if not path.exists():
                raise I18nError("no catalogue: run `i18n update` first", str(path))
            plans.append((path, cat.pretranslate(load_catalog(path), language, matcher)))
    return [(path, result, write_atomic(path, write_catalog(result.catalog))) for path, result in plans]


@dataclass(frozen=True)
class CheckRun:
    report: checks.Report
    catalogues: tuple[tuple[Path, Catalog], ...]
    matcher: gl.TermMatcher


def check_options(config: Config, select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> checks.Options:
    """The project's [tool.i18n.check] settings with the command line's selectors on top, as Ruff layers
    them: a ``select`` starts the selection afresh (the project's ignore goes with the project's select),
    an ``ignore`` alone adds to the project's. A setting naming no rule is refused at its line."""
    settings = config.check
    for key, selectors in (("select", settings.select), ("ignore", settings.ignore)):
        for selector in selectors:
            if not checks.known(selector):
                raise config.setting_error("tool.i18n.check", key, checks.no_rule_matches(selector))
    codes_and_names = {name for rule in checks.RULES for name in (rule.code, rule.name)}
    for key, _ in settings.severity:
        if key not in codes_and_names:
            raise config.setting_error("tool.i18n.check.severity", key,
                                       "not a rule's code or name (see i18n check --list-rules)")
    chosen = (select, ignore) if select else (settings.select, settings.ignore + ignore)
    return checks.Options(*chosen, dict(settings.severity), frozenset(settings.allowed_latin))


def check(config: Config, options: checks.Options, paths: list[Path] | None = None,
          glossary: Path | None = None) -> CheckRun:
    """Check the catalogues named (default: the project's) against the glossary (default: the project's)."""
    if glossary is None and not config.path("glossary").exists():
        raise I18nError("no glossary here: pass --glossary FILE (CSV or TBX), or set glossary in [tool.i18n]",
                        str(config.path("glossary")))
    matcher = gl.TermMatcher(load_glossary(glossary or config.path("glossary")))
    catalogues = tuple((path, load_catalog(path)) for path in catalog_files(config, paths))
    report = checks.check(((display_path(p), c) for p, c in catalogues), matcher, options)
    return CheckRun(report, catalogues, matcher)


def fix(config: Config, options: checks.Options, paths: list[Path] | None = None,
        glossary: Path | None = None) -> tuple[list[tuple[Path, list[checks.Fixed]]], CheckRun]:
    """Apply the safe fixes of a check (each changed catalogue rewritten atomically), then check again.
    The project's catalogues are fixed under its lock; files elsewhere (a pre-commit run in another
    repository) get no lock file put beside them."""
    locales = config.path("locales_dir").resolve()
    files = catalog_files(config, paths)  # found once: the checks below read these
    in_project = any(path.resolve().is_relative_to(locales) for path in files)
    with locked(locales) if in_project else nullcontext():
        return _fix(config, options, files, glossary)


def _fix(config: Config, options: checks.Options, paths: list[Path],
         glossary: Path | None) -> tuple[list[tuple[Path, list[checks.Fixed]]], CheckRun]:
    run = check(config, options, paths, glossary)
    plans = []
    for path, catalog in run.catalogues:
        shown = display_path(path)
        fixed_catalog, fixed = checks.fix(catalog, shown, (f for f in run.report.findings if f.path == shown),
                                          run.matcher, options)
        if fixed:
            plans.append((path, catalog, fixed_catalog, fixed))
    texts = []
    for path, checked, fixed_catalog, _ in plans:  # read again (a catalogue keeps no text), all before writing
        text = read_utf8(path)
        current = read_catalog(text, str(path))
        if current != checked:  # saved by an editor while the check ran
            raise I18nError("changed while it was being checked; nothing fixed: run the fix again", str(path))
        texts.append((path, rewrite_translations(text, current, fixed_catalog, str(path))))
    for path, text in texts:
        write_atomic(path, text)
    return [(path, fixed) for path, _, _, fixed in plans], check(config, options, paths, glossary)
