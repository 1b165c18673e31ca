"""``i18n build``: sources and catalogues -> .mo files, monolingual editions and build/manifest.json.

Everything is read and checked first (templates current, catalogues merged and parseable), then
every output is computed in memory, then staged beside its target and moved into place in one go:
a failed build changes nothing. Only the catalogues the completion policy lets through are compiled;
a withheld one keeps the .mo last published for it if the previous manifest vouches for those bytes,
else it has none. The .mo files go to locales/<lang>/LC_MESSAGES/ (for Python in the project) and to
build/locale/ (for the publishing pipeline, also under the POSIX name plain gettext looks for).
Contract of the outputs: docs/publishing.md.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

from babel.core import get_global, parse_locale

from .. import catalog as cat
from .. import project
from ..config import Config
from ..document import Block, decode, parse_document
from ..errors import I18nError
from ..files import read_bytes
from ..glossary import TermMatcher
from ..mo import write_mo
from ..po import Catalog
from ..segment import Segment, segment_block
from . import manifest as mf
from .render import FORMATS, Edition, edition
from .staging import Leftover, Staging, recover

PUBLISHED, DRAFT, WITHHELD = "published", "draft", "withheld"
MANIFEST = "manifest.json"
LOCALE_DIR = "locale"  # build/locale/<locale>/LC_MESSAGES/<article>.mo: a gettext locale directory to deploy


@dataclass(frozen=True)
class EditionStatus:
    """What became of one article in one language."""

    language: str
    article: str
    status: str  # published | draft | withheld
    reason: str | None  # why it was withheld
    translated: float  # percent of the catalogue's entries
    check_errors: int
    omitted: int  # segments left out of a draft
    files: tuple[Path, ...]

    @property
    def forced(self) -> bool:
        """Published although the check found errors (only with ``force``)."""
        return self.status != WITHHELD and self.check_errors > 0


@dataclass(frozen=True)
class BuildResult:
    editions: tuple[EditionStatus, ...]
    written: tuple[Path, ...]  # files created or changed: editions, manifest, .mo
    removed: tuple[Path, ...]  # .mo files in locales/ of withheld catalogues no earlier build vouches for, of
    # languages no longer configured, or of retired articles
    unchanged: tuple[Path, ...]  # outputs already up to date, left untouched
    manifest: Mapping
    leftovers: tuple[Leftover, ...]  # trees of this or earlier builds beside the build directory that could not
    # be removed (permissions): nothing uses them, but they stay until someone who may removes them
    orphans: tuple[Path, ...] = ()  # templates of articles whose source text is gone: not built, their .mo removed

    def having(self, status: str) -> tuple[EditionStatus, ...]:
        return tuple(e for e in self.editions if e.status == status)

    @property
    def forced(self) -> tuple[EditionStatus, ...]:
        return tuple(e for e in self.editions if e.forced)


@dataclass(frozen=True)
class _Compiled:
    """The .mo published for a catalogue: its bytes, and the sha256 of the catalogue they were compiled from
    (the catalogue as it is now, or as it was when the last published .mo of a withheld one was built)."""

    data: bytes
    catalogue_sha256: str


@dataclass(frozen=True)
class _Source:
    article: project.Article
    digest: dict
    blocks: tuple[tuple[Block, tuple[Segment, ...]], ...]
    keys: frozenset


def build(config: Config, matcher: TermMatcher, check_errors: Mapping[Path, int], *, force: bool = False,
          min_translated: float = 100.0, progress: Callable[[str], None] | None = None,
          parsed: Mapping[Path, Catalog] | None = None) -> BuildResult:
    """Compile and publish every article's catalogue and editions that the completion policy lets through.

    ``check_errors`` maps catalogue paths (.po) to their error-severity findings (absent: none).
    An article is published when its catalogue is fully translated and has no errors; with
    ``min_translated`` below 100, one translated at least that far is published as a draft with its
    untranslated segments left out; with ``force``, errors do not withhold it (the manifest says so).
    A withheld catalogue is not compiled: its last published .mo stays if the previous manifest vouches
    for it (not forced, bytes as listed), else its .mo is removed.
    ``progress`` is called with ``"<language>/<article>"`` after each edition: once per article and
    language. ``parsed``: catalogues already read (by the check that decided ``check_errors``), by path,
    used instead of reading those files again. Raises I18nError, before writing anything, on stale
    templates, unmerged, missing or malformed catalogues, unreadable sources, unsafe names and an
    unusable build directory.
    """
    if not 0 <= min_translated <= 100:
        raise I18nError(f"the minimum translated share must be between 0 and 100, not {min_translated}")
    for language in config.languages:
        _check_name(language, "language", config.root / "pyproject.toml")
    build_dir = _build_dir(config)
    leftovers = recover(build_dir, {project.po_path(config, article, language).parent
                                    for article in project.articles(config) for language in config.languages})
    errors = {Path(path).resolve(): count for path, count in check_errors.items()}
    known = {Path(path).resolve(): catalog for path, catalog in (parsed or {}).items()}
    sources = [_source(config, article, matcher) for article in project.articles(config)]
    catalogues = {(language, source.article.domain): _catalog(config, source, language, known)
                  for source in sources for language in config.languages}

    vouched = _vouched(build_dir)
    mo_files: dict[Path, bytes] = {}
    retired: list[Path] = []  # .mo files of withheld catalogues that nothing vouches for
    outputs: dict[str, bytes] = {}
    entries: dict[str, dict[str, dict]] = {language: {} for language in config.languages}
    statuses = []
    for language in config.languages:
        names = locale_names(language, config.languages)
        for source in sources:
            slug = source.article.domain
            po_file, catalog, catalogue = catalogues[language, slug]
            stats = cat.stats(catalog)
            error_count = errors.get(po_file.resolve(), 0)
            result, reason = _edition(source, catalog, language, stats, error_count, force, min_translated)
            mo_paths = [_mo_path(name, slug) for name in names]
            if result is None:  # not compiled: it keeps the .mo last published, if the last build vouches for it
                compiled = _kept(build_dir / mo_paths[0], vouched.get((language, slug)))
            else:
                compiled = _Compiled(write_mo(catalog, str(po_file)), catalogue["sha256"])
            mo_file = po_file.with_suffix(".mo")
            if compiled is None:
                retired.append(mo_file)
            else:
                mo_files[mo_file] = compiled.data
                outputs.update(dict.fromkeys(mo_paths, compiled.data))
            files = _files(result) if result else {}
            outputs.update(files)
            complete = stats.translated == stats.total
            status = EditionStatus(
                language, slug, WITHHELD if result is None else PUBLISHED if complete else DRAFT, reason,
                round(100 * stats.share, 2), error_count, len(result.omitted) if result else 0,
                tuple(build_dir / name for name in files))
            statuses.append(status)
            entries[language][slug] = mf.article_entry(
                status=status.status, reason=reason, title=result.title if result else None,
                translated=status.translated, check_errors=error_count, forced=status.forced, source=source.digest,
                catalogue=catalogue,
                compiled=mf.compiled_record(mo_paths, compiled.data, compiled.catalogue_sha256) if compiled else None,
                files={Path(name).suffix[1:]: mf.file_record(name, data) for name, data in files.items()},
                omitted=result.omitted if result else ())
            if progress:
                progress(f"{language}/{slug}")
    orphans = _orphans(config, sources)
    retired += _unpublished(config, sources, orphans)
    manifest = mf.manifest(entries, force=force, min_translated=min_translated)
    outputs[MANIFEST] = mf.dump(manifest)

    with Staging() as staging:
        written = [path for path, data in mo_files.items() if staging.file(path, data)]
        written += [build_dir / name for name in staging.tree(build_dir, outputs)]
        removed = [path for path in retired if staging.remove(path)]
        leftovers += staging.commit()
    fresh = set(written)
    unchanged = [path for path in (*mo_files, *(build_dir / name for name in outputs)) if path not in fresh]
    return BuildResult(tuple(statuses), tuple(written), tuple(removed), tuple(unchanged), manifest, leftovers,
                       tuple(orphans))


def locale_names(language: str, languages: Sequence[str] = ()) -> tuple[str, ...]:
    """The locale directories of build/locale/ that a language's compiled catalogues are published under.

    Its own name, and for a name with a script but no territory (``zh_Hans``) also the POSIX name that
    glibc and plain ``gettext.find`` look for (``zh_CN``, what ``LANGUAGE=zh_CN`` or ``LANG=zh_CN.UTF-8``
    asks for; Python's gettext also reaches it from ``zh``, which it normalises to ``zh_CN``): the
    language with the territory CLDR's likely subtags give it in that script, provided that territory's
    own likely script is that script (``zh_Hans`` -> ``zh_CN``, ``zh_Hant`` -> ``zh_TW``, ``sr_Latn`` ->
    none: Serbia writes Cyrillic). Never a bare ``zh``: gettext and glibc fall back from ``zh_TW`` to it,
    and a reader of Traditional Chinese is not to be served Simplified as theirs. A name the project
    publishes in its own right (in ``languages``) is never another language's alias.
    """
    code, territory, script = parse_locale(language)[:3]
    if not script or territory:
        return (language,)
    likely = get_global("likely_subtags")
    full = likely.get(f"{code}_{script}") or likely.get(code)
    if full is None:
        return (language,)
    alias = f"{code}_{parse_locale(full)[1]}"
    if parse_locale(likely.get(alias, full))[2] != script or alias in languages:
        return (language,)
    return (language, alias)


def _orphans(config: Config, sources: Sequence[_Source]) -> list[Path]:
    """The templates in locales/ of articles whose source text is gone (a retired article)."""
    locales = config.path("locales_dir")
    articles = {source.article.domain for source in sources}
    return sorted(pot for pot in locales.glob("*.pot") if pot.stem not in articles) if locales.is_dir() else []


def _unpublished(config: Config, sources: Sequence[_Source], orphans: Sequence[Path]) -> list[Path]:
    """The .mo files in locales/ that no catalogue the build publishes compiles to: the articles' of languages
    no longer in ``languages``, and every language's of a retired article (its template an orphan). A .mo
    of any other name is not the build's, and stays."""
    locales = config.path("locales_dir")
    if not locales.is_dir():
        return []
    directories = [path for path in locales.iterdir() if path.is_dir()]
    stale = [(language, source.article.domain) for language in directories if language.name not in config.languages
             for source in sources]
    stale += [(language, pot.stem) for language in directories for pot in orphans]
    return [mo for language, domain in stale if (mo := language / "LC_MESSAGES" / f"{domain}.mo").is_file()]


def _mo_path(locale_name: str, article: str) -> str:
    return f"{LOCALE_DIR}/{locale_name}/LC_MESSAGES/{article}.mo"


def _vouched(build_dir: Path) -> dict[tuple[str, str], tuple[str, str]]:
    try:
        return mf.vouched((build_dir / MANIFEST).read_bytes())
    except OSError:  # no previous build
        return {}


def _kept(published: Path, vouched: tuple[str, str] | None) -> _Compiled | None:
    """A withheld catalogue's last published .mo, if the previous manifest vouches for the bytes there."""
    if vouched is None:
        return None
    try:
        data = published.read_bytes()
    except OSError:
        return None
    return _Compiled(data, vouched[1]) if hashlib.sha256(data).hexdigest() == vouched[0] else None


def _edition(source: _Source, catalog: Catalog, language: str, stats: cat.Stats, error_count: int, force: bool,
             min_translated: float) -> tuple[Edition | None, str | None]:
    """The completion policy: the edition to publish, or None and the reason it is withheld."""
    if error_count and not force:
        return None, f"{error_count} check error(s), which i18n check lists; --force publishes it anyway"
    if stats.translated < stats.total and 100 * stats.share < min_translated:
        return None, f"below the minimum of {min_translated:g}% translated (--min-translated)"
    result = edition(source.article.domain, source.blocks, catalog, language)
    return (result, None) if result.blocks else (None, "nothing translated")


def _files(result: Edition) -> dict[str, bytes]:
    return {f"{result.language}/{result.article}.{extension}": render(result).encode("utf-8")
            for extension, render in FORMATS.items()}


def _relative(config: Config, path: Path) -> str:
    return Path(os.path.relpath(path.resolve(), config.root.resolve())).as_posix()


def _check_name(name: str, what: str, path: Path) -> None:
    """Article and language names become file names under build/: nothing that could leave it."""
    if not name or name.startswith(".") or ".." in name or any(c in name for c in "/\\\0"):
        raise I18nError(f"{what} name {name!r} cannot name a file in the build directory "
                        "(no '/', '\\', '..' or leading dot)", str(path))


def _build_dir(config: Config) -> Path:
    """The build directory, refused if replacing it could destroy anything the build did not make."""
    target = config.path("build_dir").resolve()
    protected = [config.root.resolve(), config.path("source_dir").resolve(), config.path("locales_dir").resolve()]
    if any(target == p or target in p.parents for p in protected):
        raise I18nError("the build directory would replace the project or its sources or catalogues; "
                        "set build_dir in [tool.i18n] to a directory of its own", str(target))
    if target.exists() and not target.is_dir():
        raise I18nError("the build directory is not a directory", str(target))
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise I18nError(f"holds files that `i18n build` did not write (no {MANIFEST}) and would replace them; "
                        "remove them or set build_dir in [tool.i18n]", str(target))
    return target


def _source(config: Config, article: project.Article, matcher: TermMatcher) -> _Source:
    """One article's blocks and segments, after checking that its committed template is current."""
    _check_name(article.domain, "article", article.source)
    data = read_bytes(article.source)
    document = parse_document(decode(data, str(article.source), config.encoding), str(article.source))
    blocks = tuple((block, tuple(segment_block(block))) for block in document.blocks)
    pot_file = project.pot_path(config, article)
    if not pot_file.exists():
        raise I18nError("no template: run `i18n extract`, then `i18n update`", str(pot_file))
    committed = project.load_catalog(pot_file)
    current = project.build_template(config, article, matcher, committed,
                                     segments=(s for _, segs in blocks for s in segs))
    if current.messages != committed.messages:
        # the same entries with other extracted comments: the glossary changed, not the article
        cause = (article.reference if [(m.key, m.references) for m in current.messages]
                 != [(m.key, m.references) for m in committed.messages] else "the glossary (its terms: comments)")
        raise I18nError(f"template out of date with {cause}: run `i18n extract`, then `i18n update`", str(pot_file))
    digest = mf.file_record(article.reference, data)
    return _Source(article, digest, blocks, frozenset(m.key for m in committed.messages))


def _catalog(config: Config, source: _Source, language: str,
             known: Mapping[Path, Catalog]) -> tuple[Path, Catalog, dict]:
    """A language's catalogue of an article: its path, its content and its record (path, sha256, size)."""
    path = project.po_path(config, source.article, language)
    if not path.exists():
        raise I18nError("no catalogue: run `i18n update`", str(path))
    catalog = known.get(path.resolve()) or project.load_catalog(path)
    if {m.key for m in catalog.active()} != source.keys:
        raise I18nError(f"catalogue not merged with {project.pot_path(config, source.article).name}: "
                        "run `i18n update`", str(path))
    return path, catalog, mf.file_record(_relative(config, path), read_bytes(path))
