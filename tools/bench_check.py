"""Benchmark: `i18n check` on a generated 100,000-entry zh_Hans catalogue with a 200-concept glossary,
against translate-toolkit's `pofilter` (default checks, and with --language=zh_CN) on the same file, in one run;
and `i18n check` with one trivial rule, what start-up, reading and the report cost whatever the rules.

    python tools/bench_check.py [--entries 100000] [--concepts 200] [--skip-pofilter]

Each command runs in its own process; wall time and that process's peak resident memory are reported.
pofilter is a benchmark-only dependency (pip install translate-toolkit).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from i18n.glossary import Concept, Glossary, read_csv, write_csv  # noqa: E402
from i18n.po import Catalog, Message, write_catalog  # noqa: E402

HAN = "病理细胞组织神经免疫炎症治疗试验血液骨髓移植再生修复损伤功能蛋白信号受体分子基因表达调控"
SENTENCES = [  # (English template, Chinese template) with {a} {b} concept slots and {n} a number
    ("{A} and {b} were studied in {n} patients.", "研究纳入{n}名患者，考察了{a}和{b}。"),
    ("In {n}, researchers reported that {a} can affect {b}.", "{n}年，研究人员报告{a}可影响{b}。"),
    ("The role of {a} in {b} remains unclear.", "{a}在{b}中的作用尚不清楚。"),
    ("About {n}% of cases involved {a}.", "约{n}%的病例涉及{a}。"),
]


def glossary(concepts: int) -> Glossary:
    """The project's MS glossary, topped up with generated concepts to the size asked for."""
    own = read_csv((ROOT / "locales" / "glossary.csv").read_text(encoding="utf-8"))
    terms = [c for c in own.concepts if not c.is_name]
    rng = random.Random(7)
    extra = []
    for i in range(max(0, concepts - len(own.concepts))):
        zh = "".join(rng.sample(HAN, 4)) + "因子"
        letters = "".join(chr(97 + (i // 26 ** k) % 26) for k in range(3))  # aaa, baa, ...: no digits
        extra.append(Concept(f"generated-{i}", "term", "generated", f"factor {letters} protein",
                             zh=zh, forbidden=(zh[:-2] + "因數",)))
    return replace(own, concepts=tuple(own.concepts[:concepts]) + tuple(extra)), terms + extra


def catalogue(entries: int, terms: list[Concept]) -> Catalog:
    """Entries built from the templates; about 3% carry a defect (a forbidden variant, a changed number,
    half-width punctuation or an untranslated entry), so the checker does real work."""
    rng = random.Random(11)
    messages = []
    for i in range(entries):
        en, zh = SENTENCES[i % len(SENTENCES)]
        a, b = rng.sample(terms, 2)
        n = 10 + i
        msgid = en.format(A=a.en.capitalize(), a=a.en, b=b.en, n=n) + f" (ref {i})"
        msgstr = zh.format(a=a.zh, b=b.zh, n=n) + f"（参考{i}）"
        defect = rng.random()
        if defect < 0.01 and a.forbidden:
            msgstr = msgstr.replace(a.zh, a.forbidden[0], 1)
        elif defect < 0.02:
            msgstr = msgstr.replace(str(n), str(n + 1), 1)
        elif defect < 0.025:
            msgstr = msgstr.replace("，", ",", 1).replace("。", ".", 1)
        elif defect < 0.03:
            msgstr = ""
        messages.append(Message(msgid, msgstr, references=(f"source_texts/generated.txt:{i + 1}",)))
    header = Message("", "Project-Id-Version: bench\nLanguage: zh_Hans\nMIME-Version: 1.0\n"
                         "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
                         "Plural-Forms: nplurals=1; plural=0;\n")
    return Catalog(header, tuple(messages))


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) of the command's own process, and what it printed."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024); "
             "print(p.stdout or p.stderr, end='')")
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
    timing, _, printed = out.stdout.partition("\n")
    seconds, mib = map(float, timing.split())
    return seconds, mib, printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--concepts", type=int, default=200)
    parser.add_argument("--skip-pofilter", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        terms_glossary, terms = glossary(args.concepts)
        (work / "glossary.csv").write_text(write_csv(terms_glossary), encoding="utf-8")
        po = work / "bench.po"
        po.write_text(write_catalog(catalogue(args.entries, terms)), encoding="utf-8")
        print(f"{args.entries} entries, {len(terms_glossary.concepts)} concepts, {po.stat().st_size / 2**20:.1f} MiB")
        i18n = [str(Path(sys.executable).parent / "i18n"), "check", "--glossary", str(work / "glossary.csv"),
                "--fail-on", "never", "--format", "json", str(po)]
        # one trivial rule: start-up, reading the catalogue and the report, what any set of rules costs at least
        rows = [("i18n check", *measure(i18n)), ("i18n check --select U002", *measure([*i18n, "--select", "U002"]))]
        pofilter = shutil.which("pofilter", path=str(Path(sys.executable).parent)) or shutil.which("pofilter")
        if pofilter and not args.skip_pofilter:
            rows.append(("pofilter (default checks)", *measure([pofilter, "-i", str(po), "-o", str(work / "a.po")])))
            rows.append(("pofilter --language=zh_CN",
                         *measure([pofilter, "--language=zh_CN", "-i", str(po), "-o", str(work / "b.po")])))
        print(f"{'tool':<28} {'seconds':>8} {'peak MiB':>9}  ratio to i18n")
        for name, seconds, mib, _ in rows:
            print(f"{name:<28} {seconds:8.2f} {mib:9.0f}  {seconds / rows[0][1]:6.1f}x")
        print("i18n summary:", json.loads(rows[0][3])["summary"])
        if len(rows) > 2:
            print(f"i18n check is {rows[2][1] / rows[0][1]:.1f}x faster than pofilter's default checks "
                  f"(the goal: 20x, {rows[2][1] / 20:.2f} s, and at 100,000 entries under 2 s)")


if __name__ == "__main__":
    main()
