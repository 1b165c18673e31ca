"""The ``i18n`` command: options in, one library call, output and exit code out.

Exit codes: 0 clean, 1 findings, 2 bad usage or bad input (one line on stderr, never a traceback).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .config import Config, load_config
from .document import read_document, source_paths
from .errors import I18nError
from .files import write_atomic
from . import glossary as gl
from .segment import Segment, segment_document, summarize
from . import catalog as cat
from . import project

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class _Group(click.Group):
    """Turns the library's I18nError into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except I18nError as exc:
            click.echo(f"i18n: {exc}", err=True)
            ctx.exit(EXIT_BAD_INPUT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="i18n")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """English <-> Simplified Chinese localization toolkit.

    Settings come from [tool.i18n] in the nearest pyproject.toml; options override them.
    """
    ctx.obj = load_config()


def _sources(config: Config, paths: tuple[Path, ...]) -> list[Path]:
    return source_paths(list(paths) or [config.path("source_dir")])


def _segment_json(segment: Segment) -> dict:
    return {
        "start": segment.start,
        "end": segment.end,
        "line": segment.line,
        "kind": segment.kind,
        "lang": segment.lang,
        "text": segment.text,
        "spans": [{"start": s.start, "end": s.end, "lang": s.lang} for s in segment.spans],
    }


SEGMENT_JSON_VERSION = 1


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True,
              help="text: a line per segment and a summary per document; json: one document (versioned "
                   "contract); jsonl: one segment object per line.")
@click.option("--encoding", help="Encoding of the source texts when they are not UTF-8 (e.g. gb18030, big5).")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def segment(config: Config, fmt: str, encoding: str | None, paths: tuple[Path, ...]) -> None:
    """Split source texts into sentences and tag the language of every run of letters.

    PATHS are text files or directories (their *.txt files); default: the project's source_dir.
    """
    config = config.override(encoding=encoding)
    documents = []
    for path in _sources(config, paths):
        document = read_document(path, config.encoding)
        segments = list(segment_document(document))
        if fmt == "text":
            for seg in segments:
                click.echo(f"{document.path}:{seg.line}: {seg.lang:<5} {seg.kind:<9} {seg.text}")
            total = summarize(segments)
            langs = ", ".join(f"{count} {lang}" for lang, count in total.langs.items())
            click.echo(f"{document.path}: {total.segments} segments ({langs}); "
                       f"Han {total.han_share:.1%} of letters")
        elif fmt == "jsonl":
            for seg in segments:
                click.echo(json.dumps({"path": document.path, **_segment_json(seg)}, ensure_ascii=False))
        else:
            documents.append({"path": document.path, "segments": [_segment_json(s) for s in segments]})
    if fmt == "json":
        click.echo(json.dumps({"version": SEGMENT_JSON_VERSION, "documents": documents}, ensure_ascii=False, indent=1))


@cli.command()
@click.pass_obj
def extract(config: Config) -> None:
    """Write locales/<article>.pot from the segments of every source text."""
    for path, changed in project.extract(config):
        click.echo(f"{_shown(path)}: {'written' if changed else 'unchanged'}")


@cli.command()
@click.pass_obj
def update(config: Config) -> None:
    """Create or merge each language's .po from the templates, as msgmerge does.

    Kept translations stay; changed sources get a fuzzy translation with the previous msgid;
    removed entries become obsolete (#~). No translation is ever deleted.
    """
    for item in project.update(config):
        r = item.result
        click.echo(f"{_shown(item.path)}: {r.kept} kept, {r.fuzzy} fuzzy, {r.new} new, {r.obsolete} obsolete"
                   + ("" if item.changed else " (unchanged)"))


@cli.command()
@click.pass_obj
def pretranslate(config: Config) -> None:
    """Fill untranslated entries where it is safe; never overwrite a translation.

    English catalogues take English segments as they are; Chinese catalogues take Chinese segments,
    normalised; mixed segments get a glossary-based draft marked fuzzy.
    """
    for path, result, changed in project.pretranslate(config):
        click.echo(f"{_shown(path)}: {result.filled} filled, {result.drafted} drafted as fuzzy"
                   + ("" if changed else " (unchanged)"))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def stats(config: Config, paths: tuple[Path, ...]) -> None:
    """Translated, fuzzy and untranslated entries and words of each catalogue (like msgfmt --statistics)."""
    for path in project.catalog_files(config, list(paths)):
        s = cat.stats(project.load_catalog(path))
        click.echo(f"{_shown(path)}: {s.translated} translated ({s.translated_words} words), "
                   f"{s.fuzzy} fuzzy ({s.fuzzy_words} words), {s.untranslated} untranslated "
                   f"({s.untranslated_words} words); {s.share:.0%} done")


@cli.group()
def glossary() -> None:
    """Lint the glossary and move it to and from TBX (ISO 30042)."""


@glossary.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.pass_obj
def glossary_check(config: Config, path: Path | None) -> None:
    """Report contradictions in the glossary (default: the project's); exit 1 if there are any."""
    path = path or config.path("glossary")
    problems = gl.lint(project.load_glossary(path))
    for problem in problems:
        click.echo(f"{_shown(path)}:{problem.line}: {problem.concept}: {problem.message}")
    click.echo(f"{len(problems)} problem(s)", err=bool(problems))
    if problems:
        raise SystemExit(EXIT_FINDINGS)


@glossary.command("export")
@click.option("--format", "fmt", type=click.Choice(["tbx", "csv"]), default="tbx", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here instead of standard output.")
@click.pass_obj
def glossary_export(config: Config, fmt: str, output: Path | None) -> None:
    """Write the project's glossary as TBX-Basic (or CSV)."""
    terms = project.load_glossary(config.path("glossary"))
    text = gl.write_tbx(terms) if fmt == "tbx" else gl.write_csv(terms)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@glossary.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="CSV file to write (default: the project's glossary).")
@click.pass_obj
def glossary_import(config: Config, source: Path, output: Path | None) -> None:
    """Read a TBX file (2008 or v3) and write it as the project's CSV glossary."""
    terms = project.load_glossary(source)
    target = output or config.path("glossary")
    write_atomic(target, gl.write_csv(terms))
    click.echo(f"{_shown(target)}: {len(terms.concepts)} concepts from {source}")


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main() -> None:
    cli.main(prog_name="i18n")


if __name__ == "__main__":
    sys.exit(main())
