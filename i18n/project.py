"""The project's files, stage by stage: which articles, where their catalogues live, and the
commands' work on them (extract, update, stats). Every write is atomic.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalog as cat
from . import glossary as gl
from .config import Config
from .document import read_document, source_paths
from .errors import I18nError
from .files import read_utf8, write_atomic
from .po import Catalog, read_catalog, write_catalog
from .segment import segment_document


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


def build_template(config: Config, article: Article, matcher: gl.TermMatcher | None,
                   previous: Catalog | None = None) -> Catalog:
    document = read_document(article.source, config.encoding)
    notes = term_notes(matcher) if matcher else None
    return cat.template(article.domain, article.reference, segment_document(document), notes, previous)


def extract(config: Config) -> list[tuple[Path, bool]]:
    """Write every article's POT; returns (path, whether it changed)."""
    matcher = gl.TermMatcher(load_glossary(config.path("glossary")))  # compiled once for all articles
    written = []
    for article in articles(config):
        path = pot_path(config, article)
        pot = build_template(config, article, matcher, load_optional(path))
        written.append((path, write_atomic(path, write_catalog(pot))))
    return written


@dataclass(frozen=True)
class Update:
    path: Path
    changed: bool
    result: cat.MergeResult


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
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(sorted(root.rglob("*.po")))
        elif root.exists():
            found.append(root)
        else:
            raise I18nError("no such file or directory", str(root))
    return found


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
