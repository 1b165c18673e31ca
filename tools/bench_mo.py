"""Benchmark of i18n's MO writer against babel's, polib's and GNU msgfmt, on generated catalogues.

Run from the repository root, in the project's venv:

    python tools/bench_mo.py                        # 10k to 100k entries, Markdown table on stdout (~2 min)
    python tools/bench_mo.py --sizes 1000 10000 --slow-sizes 1000 2000 --json /tmp/bench_mo.json
    python tools/bench_mo.py --slow-sizes 10000 100000   # time babel and polib at 100k too (minutes each)

The catalogues are the translated entries of the bundled catalogues (both languages), cycled and
numbered (``<msgid> [<n>]``) until the wanted size, written as a .po file by i18n's writer. Each
method compiles the same catalogue; the time is CPU time (user + system, the process's own or, for
msgfmt, its child's), so that other work on a shared machine counts less; best of ``--repeat`` runs:

- ``i18n write_mo``: ``i18n.mo.write_mo`` on the parsed catalogue (the bytes, not the file write);
- ``i18n read + write_mo``: ``read_catalog`` of the .po text then ``write_mo``, what a build pays;
- ``babel write_mo``: ``babel.messages.mofile.write_mo`` on a catalogue parsed by babel's ``read_po``,
  into a BytesIO;
- ``polib save_as_mofile``: on a ``polib.pofile`` of the text, to a file;
- ``msgfmt``: ``msgfmt -o out.mo in.po`` as a subprocess: parsing, writing and process start-up.

babel and polib build their string block by repeated concatenation (``bytes +=``, quadratic), so
they are run only at ``--slow-sizes``; at the other sizes their time is extrapolated as
t = a·n + b·n² (per-entry work plus the copying) through the two largest sizes they were run at
(through 10k and 20k the linear part still hides the quadratic one, hence 40k by default).
Each i18n output is also compared with msgfmt's, byte for byte.
"""
from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import polib
from babel.messages.mofile import write_mo as babel_write_mo
from babel.messages.pofile import read_po

from i18n.mo import hashpjw, write_mo
from i18n.po import Catalog, read_catalog, write_catalog

ROOT = Path(__file__).resolve().parent.parent


def generated_catalog(size: int) -> Catalog:
    catalogs = [read_catalog(path.read_text(encoding="utf-8"), str(path))
                for path in sorted(ROOT.glob("locales/*/LC_MESSAGES/*.po"))]
    seeds = [m for catalog in catalogs for m in catalog.messages if m.translated and m.msgctxt is None]
    messages = tuple(replace(seeds[i % len(seeds)], msgid=f"{seeds[i % len(seeds)].msgid} [{i}]") for i in range(size))
    return Catalog(catalogs[0].header, messages)


def children_cpu_time() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_time(run, repeat: int, clock=time.process_time) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        run()
        times.append(clock() - start)
    return min(times)


def measure(size: int, folder: Path, repeat: int, slow: bool) -> dict[str, float | bool]:
    catalog = generated_catalog(size)
    text = write_catalog(catalog)
    po_path, mo_path = folder / f"bench{size}.po", folder / f"bench{size}.mo"
    po_path.write_text(text, encoding="utf-8")
    results: dict[str, float | bool] = {}
    results["i18n write_mo"] = best_time(lambda: write_mo(catalog), repeat)
    keys = [m.msgid.encode("utf-8") for m in catalog.messages]
    results["  of which hashpjw"] = best_time(lambda: hashpjw(keys), repeat)
    results["i18n read + write_mo"] = best_time(lambda: write_mo(read_catalog(text)), repeat)
    results["msgfmt"] = best_time(lambda: subprocess.run(["msgfmt", "-o", str(mo_path), str(po_path)], check=True),
                                  repeat, children_cpu_time)
    msgfmt_output = subprocess.run(["msgfmt", "--endianness=little", "-o", "-", str(po_path)],
                                   capture_output=True, check=True).stdout
    results["identical to msgfmt"] = write_mo(catalog) == msgfmt_output
    if slow:
        babel_catalog = read_po(io.StringIO(text))
        results["babel write_mo"] = best_time(lambda: babel_write_mo(io.BytesIO(), babel_catalog), 1)
        polib_file = polib.pofile(text)
        results["polib save_as_mofile"] = best_time(lambda: polib_file.save_as_mofile(str(mo_path)), 1)
    return results


def _seconds(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.0f}"


def extrapolate(rows: dict[int, dict], method: str) -> dict[int, str]:
    """Measured times as they are; the others from t = a·n + b·n² through the two largest measured."""
    measured = sorted(n for n, row in rows.items() if method in row)
    shown = {n: _seconds(rows[n][method]) for n in measured}
    if len(measured) >= 2:
        (n1, n2) = measured[-2:]
        per_entry1, per_entry2 = rows[n1][method] / n1, rows[n2][method] / n2
        quadratic = max((per_entry2 - per_entry1) / (n2 - n1), 0.0)  # no negative b from timing noise
        linear = per_entry2 - quadratic * n2
        for n in rows:
            if n not in shown:
                shown[n] = f"~{_seconds(linear * n + quadratic * n * n)} (extrapolated)"
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--slow-sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000],
                        help="the sizes at which babel and polib are run (default: 10000 20000 40000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each fast method; the best counts")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    options = parser.parse_args()
    sizes = sorted({*options.sizes, *options.slow_sizes})
    with tempfile.TemporaryDirectory() as folder:
        rows = {n: measure(n, Path(folder), options.repeat, n in options.slow_sizes) for n in sizes}
    methods = ["i18n write_mo", "  of which hashpjw", "i18n read + write_mo", "msgfmt",
               "babel write_mo", "polib save_as_mofile"]
    columns = {method: extrapolate(rows, method) for method in methods}
    print("| method (CPU seconds) | " + " | ".join(f"{n:,} entries" for n in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for method in methods:
        print(f"| {method.replace('  ', '… ')} | "
              + " | ".join(columns[method].get(n, "-") for n in sizes) + " |")
    print()
    print("write_mo output identical to msgfmt --endianness=little: "
          + ", ".join(f"{n:,}: {'yes' if rows[n]['identical to msgfmt'] else 'NO'}" for n in sizes))
    if options.json:
        options.json.write_text(json.dumps({str(n): row for n, row in rows.items()}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
