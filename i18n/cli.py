"""The ``i18n`` command: options in, one library call, output and exit code out.

Exit codes: 0 clean, 1 findings, 2 bad usage or bad input (one line on stderr, never a traceback).
"""
from __future__ import annotations

import gc
import json
import os
import signal
import sys
from contextlib import nullcontext, suppress
from dataclasses import replace
from pathlib import Path

import click

from . import __version__
from .config import Config, load_config
from .document import invisible_characters, read_document, source_paths
from .errors import I18nError
from .files import write_atomic
from . import glossary as gl
from .segment import Segment, segment_document, summarize
from . import catalog as cat
from . import checks
from . import project
from . import publish
from .checks.formats import FORMATS, rule_list
from .files import display_path, locked, set_max_input_mb

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class _Group(click.Group):
    """Turns the library's I18nError into one line on stderr, its file as the user would type it, and exit
    code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except I18nError as exc:
            click.echo(f"i18n: {replace(exc, path=exc.path and display_path(exc.path))}", err=True)
            ctx.exit(EXIT_BAD_INPUT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="i18n")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """English <-> Simplified Chinese localization toolkit.

    Settings come from [tool.i18n] in the nearest pyproject.toml; options override them.
    """
    ctx.obj = load_config()
    set_max_input_mb(ctx.obj.max_input_mb)


ENCODING_OPTION = click.option(
    "--encoding", help="Encoding of the source texts that are not UTF-8 (e.g. gb18030, big5); UTF-8 ones stay "
                       "UTF-8.  [default: [tool.i18n] encoding]")


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
@ENCODING_OPTION
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
        shown = display_path(document.path)  # as typed, or relative to here: the same output in every checkout
        for line, name in invisible_characters(document.text):
            click.echo(f"{shown}:{line}: warning: invisible or control character {name}", err=True)
        segments = list(segment_document(document))
        if fmt == "text":
            for seg in segments:
                click.echo(f"{shown}:{seg.line}: {seg.lang:<5} {seg.kind:<9} {seg.text}")
            total = summarize(segments)
            langs = ", ".join(f"{count} {lang}" for lang, count in total.langs.items())
            click.echo(f"{shown}: {total.segments} segment{'' if total.segments == 1 else 's'} ({langs}); "
                       f"Han {total.han_share:.1%} of letters")
        elif fmt == "jsonl":
            for seg in segments:
                click.echo(json.dumps({"path": shown, **_segment_json(seg)}, ensure_ascii=False))
        else:
            documents.append({"path": shown, "segments": [_segment_json(s) for s in segments]})
    if fmt == "json":
        click.echo(json.dumps({"version": SEGMENT_JSON_VERSION, "documents": documents}, ensure_ascii=False, indent=1))


@cli.command()
@ENCODING_OPTION
@click.pass_obj
def extract(config: Config, encoding: str | None) -> None:
    """Write locales/<article>.pot from the segments of every source text."""
    for path, changed in project.extract(config.override(encoding=encoding)):
        click.echo(f"{display_path(path)}: {'written' if changed else 'unchanged'}")


@cli.command()
@click.pass_obj
def update(config: Config) -> None:
    """Create or merge each language's .po from the templates, as msgmerge does.

    Kept translations stay; changed sources get a fuzzy translation with the previous msgid;
    removed entries become obsolete (#~). No translation is ever deleted.
    """
    for item in project.update(config):
        r = item.result
        click.echo(f"{display_path(item.path)}: {r.kept} kept, {r.fuzzy} fuzzy, {r.new} new, {r.obsolete} obsolete"
                   + ("" if item.changed else " (unchanged)"))


@cli.command()
@click.pass_obj
def pretranslate(config: Config) -> None:
    """Fill untranslated entries where it is safe; never overwrite a translation.

    English catalogues take English segments as they are; Chinese catalogues take Chinese segments,
    normalised; mixed segments get a glossary-based draft marked fuzzy.
    """
    for path, result, changed in project.pretranslate(config):
        click.echo(f"{display_path(path)}: {result.filled} filled, {result.drafted} drafted as fuzzy"
                   + ("" if changed else " (unchanged)"))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def stats(config: Config, paths: tuple[Path, ...]) -> None:
    """Translated, fuzzy and untranslated entries and words of each catalogue (like msgfmt --statistics)."""
    for path in project.catalog_files(config, list(paths)):
        s = cat.stats(project.load_catalog(path))
        click.echo(f"{display_path(path)}: {s.translated} translated ({s.translated_words} words), "
                   f"{s.fuzzy} fuzzy ({s.fuzzy_words} words), {s.untranslated} untranslated "
                   f"({s.untranslated_words} words); {s.share:.0%} done")


def _selectors(context: click.Context, parameter: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """Every code, prefix or name of the option's values (comma-separated, the option given once or more)."""
    selectors = tuple(code.strip() for value in values for code in value.split(",") if code.strip())
    for selector in selectors:
        if not checks.known(selector):
            raise click.BadParameter(checks.no_rule_matches(selector))
    return selectors


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--glossary", "glossary_path", type=click.Path(path_type=Path),
              help="Glossary to check against: the project's CSV form or a TBX file.  [default: the project's]")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@click.option("--select", multiple=True, callback=_selectors,
              help="Comma-separated rule codes, code prefixes or names to run, instead of the project's select "
                   "and ignore; may be repeated.  [default: all, or [tool.i18n.check] select]")
@click.option("--ignore", multiple=True, callback=_selectors,
              help="Comma-separated rule codes, code prefixes or names not to run, added to [tool.i18n.check] "
                   "ignore; may be repeated.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]),
              help="Lowest severity that makes the exit code 1.  [default: error, or [tool.i18n.check] fail_on]")
@click.option("--fix", is_flag=True, help="Apply the safe fixes (punctuation width, forbidden variants, "
                                          "term (term) duplications) in place, then report what is left.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes a large check may share its entries among; 0: one per available CPU.")
@click.option("--list-rules", is_flag=True, help="List the rules with their codes, names and severities (with "
                                                 "--format json or sarif: their documentation too).")
@click.pass_obj
def check(config: Config, paths: tuple[Path, ...], glossary_path: Path | None, fmt: str, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_on: str | None, fix: bool, jobs: int, list_rules: bool) -> None:
    """Check catalogues against the glossary: terms, acronyms, script, numbers, punctuation, consistency.

    With no PATH, the project's catalogues (locales/); directories mean every .po below them.
    Exit code 0 when nothing is at or above --fail-on, 1 when something is, 2 on bad usage or input.
    Suppress a rule on one entry with a translator comment "# i18n-ignore: CODE reason".
    """
    if list_rules:
        click.echo(rule_list(fmt, config.root), nl=False)
        return
    options = replace(project.check_options(config, select, ignore), processes=jobs)
    if fix:
        fixes, run = project.fix(config, options, list(paths) or None, glossary_path)
        for path, changes in fixes:
            for change in changes:
                click.echo(f"{display_path(path)}:{change.line}: fixed {', '.join(change.rules)}", err=True)
    else:
        run = project.check(config, options, list(paths) or None, glossary_path)
    report = run.report
    if fmt == "text":  # (the JSON and SARIF reports carry them)
        for notice in report.notices:
            click.echo(f"i18n: {notice.path}{'' if notice.line is None else f':{notice.line}'}: {notice.message}",
                       err=True)
    # text is coloured with click's styles; SARIF's paths are relative to the project root
    context = {"text": (click.style,), "sarif": (config.root,)}.get(fmt, ())
    # https://no-color.org: a terminal user may ask for no colour at all
    click.echo(FORMATS[fmt](report, *context), nl=False, color=False if os.environ.get("NO_COLOR") else None)
    threshold = fail_on or config.check.fail_on
    if threshold != "never" and report.at_or_above(threshold):
        raise SystemExit(EXIT_FINDINGS)


@cli.command()
@click.option("--force", is_flag=True,
              help="Publish articles whose catalogues fail the check too; the manifest and stderr say which.")
@click.option("--min-translated", type=click.FloatRange(0, 100), default=100.0, show_default=True,
              help="Publish articles translated at least this far (percent) as drafts, untranslated segments left out.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a line per edition and a summary; json: the summary for machines (no progress bar).")
@ENCODING_OPTION
@click.pass_obj
def build(config: Config, force: bool, min_translated: float, fmt: str, encoding: str | None) -> None:
    """Compile the catalogues and publish clean monolingual editions of every article.

    Checks that the templates are current (else: run i18n extract, then i18n update), runs i18n check,
    compiles the catalogues it publishes to locales/<lang>/LC_MESSAGES/<article>.mo and build/locale/ (a
    withheld one keeps its last published .mo), writes build/<lang>/<article>.txt, .md and .html and
    build/manifest.json, all or nothing. Only complete, check-clean articles are published unless
    --min-translated or --force say otherwise. Exit code 1 when an article is withheld.
    """
    config = config.override(encoding=encoding)
    total = len(project.articles(config)) * len(config.languages)
    show_bar = fmt == "text" and sys.stderr.isatty()
    with locked(config.path("locales_dir")):  # the catalogues checked are the catalogues built
        run = project.check(config, replace(project.check_options(config), processes=0))  # (a CPU each, as check)
        errors = {path: sum(1 for f in run.report.findings if f.severity == checks.ERROR and f.path == display_path(path))
                  for path, _ in run.catalogues}
        with click.progressbar(length=total, label="building", file=sys.stderr) if show_bar else nullcontext() as bar:
            result = publish.build(config, run.matcher, errors, force=force, min_translated=min_translated,
                                   progress=(lambda _: bar.update(1)) if show_bar else None,
                                   parsed=dict(run.catalogues))
    withheld = result.having(publish.WITHHELD)
    if fmt == "json":
        click.echo(json.dumps(_build_summary(result), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        for edition in result.editions:
            where = f"{display_path(config.path('build_dir'))}/{edition.language}/{edition.article}"
            detail = f" ({edition.reason})" if edition.reason else ""
            click.echo(f"{where}: {edition.status}, {edition.translated:g}% translated{detail}")
        for path in result.removed:
            click.echo(f"{display_path(path)}: removed (withheld with nothing vouching for it, of a language "
                       "no longer configured, or of an article with no source text)")
        click.echo(f"{len(result.having(publish.PUBLISHED))} published, {len(result.having(publish.DRAFT))} draft(s), "
                   f"{len(withheld)} withheld; {len(result.written)} file(s) written, {len(result.unchanged)} unchanged")
    for edition in result.forced:
        click.echo(f"i18n: WARNING: published {edition.language}/{edition.article} with {edition.check_errors} "
                   "check error(s) (--force)", err=True)
    for orphan in result.orphans:
        click.echo(f"i18n: WARNING: {display_path(orphan)}: no source text {orphan.stem}.txt any more, so not built "
                   "and its .mo files removed; restore the source, or remove the template and its catalogues",
                   err=True)
    for leftover in result.leftovers:
        click.echo(f"i18n: WARNING: could not remove {display_path(leftover.path)} (left by a build, no longer used): "
                   f"{leftover.reason}; remove it by hand", err=True)
    if withheld:
        raise SystemExit(EXIT_FINDINGS)


def _build_summary(result: "publish.BuildResult") -> dict:
    return {"version": 1,
            "editions": [{"language": e.language, "article": e.article, "status": e.status, "reason": e.reason,
                          "translated": e.translated, "check_errors": e.check_errors, "forced": e.forced,
                          "omitted": e.omitted} for e in result.editions],
            "written": [display_path(p) for p in result.written],
            "removed": [display_path(p) for p in result.removed],
            "unchanged": len(result.unchanged)}


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
        click.echo(f"{display_path(path)}:{problem.line}: {problem.concept}: {problem.message}")
    click.echo(f"{len(problems)} problem(s)")
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
    """Read a TBX file (2008 or v3) and write it as the project's CSV glossary (not if it contradicts itself)."""
    terms = project.load_glossary(source)
    problems = gl.lint(terms)
    if problems:  # a glossary `glossary check` would reject is not written
        first = problems[0]
        raise I18nError(f"{first.concept}: {first.message} ({len(problems)} problem(s); nothing written)",
                        str(source), first.line)
    target = output or config.path("glossary")
    write_atomic(target, gl.write_csv(terms))
    click.echo(f"{display_path(target)}: {len(terms.concepts)} concepts from {source}")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Click's own errors fit the exit codes too: bad usage and aborts are 2, never 1 (findings). Outside
    standalone mode click returns the code a command exits with (``ctx.exit``) instead of exiting."""
    # A run builds hundreds of thousands of acyclic records (entries, term hits) and keeps them: at the
    # default threshold the cycle collector rescans that growing heap ~every 700 allocations, a fifth
    # of a 100,000-entry check.
    gc.set_threshold(100_000, 50, 100)
    signal.signal(signal.SIGTERM, _interrupt)  # a cancelled CI job: staged output is discarded, as after Ctrl-C
    try:
        code = cli.main(prog_name="i18n", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_BAD_INPUT)
    except (click.Abort, KeyboardInterrupt):
        click.echo("i18n: aborted", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except OSError as exc:  # the library's reads and writes fail as I18nErrors: this is the output (a full disk)
        with suppress(OSError, ValueError):  # (a test runner's stdout has no file descriptor)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # what is still buffered cannot fail again
        click.echo(f"i18n: {exc.filename or 'standard output'}: cannot write: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    sys.exit(main())
