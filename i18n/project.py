"""The project's files, stage by stage: which articles, where their catalogues live, and the
commands' work on them (extract, update, stats). Every write is atomic.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import catalog as cat
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


def build_template(config: Config, article: Article, previous: Catalog | None = None) -> Catalog:
    document = read_document(article.source, config.encoding)
    return cat.template(article.domain, article.reference, segment_document(document), previous=previous)


def extract(config: Config) -> list[tuple[Path, bool]]:
    """Write every article's POT; returns (path, whether it changed)."""
    written = []
    for article in articles(config):
        path = pot_path(config, article)
        pot = build_template(config, article, load_optional(path))
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
