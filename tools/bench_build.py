"""Benchmark of `i18n build` (the library call the command makes) and of .mo compilation against msgfmt.

Run from the repository root, in the project's venv (GNU gettext's msgfmt on PATH):

    python tools/bench_build.py               # bundled corpus and one 100 times its size (~2 min)
    python tools/bench_build.py --scale 10    # a quicker run

Everything happens on copies in a temporary directory (pyproject.toml, source_texts/, locales/):

- full build: no build/ and no .mo files yet. "cold" is the first build in a fresh interpreter
  (lazy tables loaded, langdetect's memo empty: what `i18n build` pays on a clean checkout), timed
  around the call and, separately, with the interpreter's start and the imports; "warm" is the best
  of ``--repeat`` later builds in one process after deleting the outputs again.
- incremental: one translation of one catalogue changed, then built (best of ``--repeat``; each run
  changes the entry to a new text, so every run rewrites one catalogue's .mo (in locales/ and its two
  copies in build/locale/), three editions and the manifest).
- large corpus: every article copied ``--scale`` times under new slugs (``<article>-NNN``) with its two
  catalogues; the templates and catalogues are made by the library's extract and update on the copy,
  so they are current. The copies repeat the same sentences, so langdetect's memo makes their
  segmentation cheaper than that of as much new text.
- compilation: the same catalogues compiled by i18n (PO parsing plus ``write_mo``, and ``write_mo``
  alone) and by ``msgfmt`` (one process per catalogue, as a Makefile runs it), and one catalogue of
  every entry of the large corpus with distinct msgids, where process start-up does not count.
  The MO bytes are compared with ``msgfmt --endianness=little`` for that catalogue.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from i18n import project
from i18n.config import load_config
from i18n.glossary import TermMatcher
from i18n.mo import write_mo
from i18n.po import Catalog, read_catalog, write_catalog
from i18n.publish import build

ROOT = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", target)
    shutil.copytree(ROOT / "source_texts", target / "source_texts")
    shutil.copytree(ROOT / "locales", target / "locales", ignore=shutil.ignore_patterns("*.mo"))
    return target


def enlarge(root: Path, scale: int) -> None:
    """``scale`` copies of every article under new slugs, with current templates and catalogues."""
    config = load_config(root)
    originals = project.articles(config)
    for article in originals:
        text = article.source.read_bytes()
        for number in range(1, scale):
            slug = f"{article.domain}-{number:03d}"
            (article.source.parent / f"{slug}.txt").write_bytes(text)
            for language in config.languages:
                source_po = project.po_path(config, article, language)
                shutil.copy(source_po, source_po.with_name(f"{slug}.po"))
    project.extract(config)
    project.update(config)


def clean(root: Path) -> None:
    shutil.rmtree(root / "build", ignore_errors=True)
    for mo in (root / "locales").rglob("*.mo"):
        mo.unlink()


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(call) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of a call, its child processes' CPU included (msgfmt's).
    On a shared machine the CPU time is the steadier of the two."""
    wall, cpu = time.perf_counter(), _cpu()
    call()
    return time.perf_counter() - wall, _cpu() - cpu


def shown(times: tuple[float, float]) -> str:
    return f"{times[0]:.3f} s ({times[1]:.3f})"


COLD = """
import time
start, start_cpu = time.perf_counter(), time.process_time()
from i18n import project
from i18n.config import load_config
from i18n.glossary import TermMatcher
from i18n.publish import build
config = load_config()
matcher = TermMatcher(project.load_glossary(config.path("glossary")))
ready, ready_cpu = time.perf_counter(), time.process_time()
build(config, matcher, {})
print(time.perf_counter() - ready, time.process_time() - ready_cpu,
      time.perf_counter() - start, time.process_time() - start_cpu)
"""


def cold_build(root: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """(build call, imports + glossary + build) of a fresh interpreter, each as (wall, CPU)."""
    clean(root)
    done = subprocess.run([sys.executable, "-c", COLD], cwd=root, capture_output=True, text=True, check=True)
    call, call_cpu, inside, inside_cpu = map(float, done.stdout.split())
    return (call, call_cpu), (inside, inside_cpu)


def bench_builds(root: Path, repeat: int) -> dict:
    config = load_config(root)
    matcher = TermMatcher(project.load_glossary(config.path("glossary")))
    call, inside = cold_build(root)
    build(config, matcher, {})  # warm this process up
    warm = []
    for _ in range(repeat):
        clean(root)
        warm.append(timed(lambda: build(config, matcher, {})))
    target = project.po_path(config, project.articles(config)[0], config.languages[-1])
    incremental = []
    for run in range(repeat):
        catalog = project.load_catalog(target)
        first = next(m for m in catalog.messages if m.msgstr)
        changed = replace(catalog, messages=tuple(
            replace(m, msgstr=f"{m.msgstr}（{run}）") if m is first else m for m in catalog.messages))
        target.write_text(write_catalog(changed), encoding="utf-8")
        results = []
        incremental.append(timed(lambda: results.append(build(config, matcher, {}))))
        # the .mo in locales/ and build/locale/zh_Hans, zh_CN; three editions; the manifest
        assert len(results[0].written) == 7, results[0].written
    articles = len(project.articles(config))
    return {"articles": articles, "catalogues": articles * len(config.languages), "cold_call": call,
            "cold_with_imports": inside, "warm": min(warm), "incremental": min(incremental)}


def bench_compile(root: Path, work: Path) -> dict:
    config = load_config(root)
    paths = [project.po_path(config, a, lang) for a in project.articles(config) for lang in config.languages]
    texts = [(p, p.read_text(encoding="utf-8")) for p in paths]
    catalogs = []
    parse = timed(lambda: catalogs.extend(read_catalog(text, str(p)) for p, text in texts))
    compile_only = timed(lambda: [write_mo(c) for c in catalogs])
    out = work / "msgfmt.mo"
    msgfmt = timed(lambda: [subprocess.run(["msgfmt", "-o", str(out), str(p)], check=True) for p in paths])

    # One catalogue of every entry, msgids made distinct by the number of their catalogue.
    messages = tuple(replace(m, msgid=f"{n} {m.msgid}", references=(), extracted=())
                     for n, c in enumerate(catalogs) for m in c.active())
    big = work / "big.po"
    big.write_text(write_catalog(Catalog(catalogs[0].header, messages)), encoding="utf-8")
    big_text = big.read_text(encoding="utf-8")
    parsed, ours = [], []
    big_parse = timed(lambda: parsed.append(read_catalog(big_text, str(big))))
    big_compile = timed(lambda: ours.append(write_mo(parsed[0])))
    big_msgfmt = timed(lambda: subprocess.run(["msgfmt", "--endianness=little", "-o", str(out), str(big)], check=True))
    return {"catalogues": len(paths), "parse": parse, "write_mo": compile_only, "msgfmt": msgfmt,
            "big_entries": len(messages), "big_parse": big_parse, "big_write_mo": big_compile,
            "big_msgfmt": big_msgfmt, "big_identical": ours[0] == out.read_bytes()}


def added(first: tuple[float, float], second: tuple[float, float]) -> tuple[float, float]:
    return first[0] + second[0], first[1] + second[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="size of the large corpus, in bundled corpora")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the best is shown)")
    options = parser.parse_args()
    if shutil.which("msgfmt") is None:
        print("msgfmt (GNU gettext) is needed for the comparison", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-build-") as folder:
        work = Path(folder)
        rows = [("bundled", bench_builds(copy_project(work / "bundled"), options.repeat),
                 bench_compile(work / "bundled", work))]
        large = copy_project(work / "large")
        made = timed(lambda: enlarge(large, options.scale))
        print(f"large corpus: {options.scale}x, made in {shown(made)} (extract + update)", file=sys.stderr)
        rows.append((f"{options.scale}x", bench_builds(large, options.repeat), bench_compile(large, work)))
    print("Seconds, wall-clock (CPU in brackets).\n")
    print("| corpus | articles | cold build: call | cold: imports + call | warm full build | incremental |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, b, _ in rows:
        print(f"| {name} | {b['articles']} | {shown(b['cold_call'])} | {shown(b['cold_with_imports'])} | "
              f"{shown(b['warm'])} | {shown(b['incremental'])} |")
    print()
    print("| catalogues | i18n: parse + write_mo | write_mo alone | msgfmt, a process each | ratio (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for name, _, c in rows:
        ours = added(c["parse"], c["write_mo"])
        print(f"| {c['catalogues']} ({name}) | {shown(ours)} | {shown(c['write_mo'])} | {shown(c['msgfmt'])} | "
              f"{ours[1] / c['msgfmt'][1]:.2f}x |")
    print()
    print("| one catalogue | i18n: parse + write_mo | write_mo alone | msgfmt | ratio, all / write_mo (CPU) | same bytes |")
    print("|---|---:|---:|---:|---:|---|")
    for name, _, c in rows:
        ours = added(c["big_parse"], c["big_write_mo"])
        print(f"| {c['big_entries']:,} entries ({name}) | {shown(ours)} | {shown(c['big_write_mo'])} | "
              f"{shown(c['big_msgfmt'])} | {ours[1] / c['big_msgfmt'][1]:.2f}x / "
              f"{c['big_write_mo'][1] / c['big_msgfmt'][1]:.2f}x | {'yes' if c['big_identical'] else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
