"""Benchmark of `i18n extract` + `i18n update` on a generated catalogue, against GNU msgmerge and Babel.

Run from the repository root, in the project's venv, with GNU gettext installed:

    python tools/bench_catalogue.py                    # 100,000 entries: ~40 min, msgmerge takes most of it
    python tools/bench_catalogue.py --quick            # 5,000 entries, about a minute
    python tools/bench_catalogue.py --entries 20000 --keep /tmp/bench --json /tmp/bench.json

The catalogue: one generated article of ``--entries`` lines, a sentence each (three quarters English,
a quarter Chinese; a tenth of the lines are list items, and short lines without a full stop are
headings). Sentences come from a word Markov chain (English) and a character-pair chain (Chinese)
trained on the bundled articles and their translations, with a share of the words swapped for words
of a Zipf-distributed vocabulary (the articles' own words first, then made-up ones from a letter
chain), so that the catalogue has the vocabulary of a large documentation set, not of five articles.
The new version edits 5% of the lines (a word changed, a few words inserted, a sentence added,
punctuation changed: each edit changes one msgid), removes 1% of them and adds 1% new ones. Every
entry of the old catalogue has a translation of its own, so a translation that goes missing shows.
The chains are trained on the bundled catalogues, so the same seed gives the same catalogue only
as long as they do not change.

Each tool runs in its own process on the same files:

- i18n extract: the ``i18n extract`` command on a generated project (segmenting, glossary terms, POT);
- i18n update: the ``i18n update`` command (reads the POT and the old PO, merges, writes the PO);
- msgmerge: ``msgmerge --previous -o new.po old.po new.pot`` (fuzzy matching on, its default);
- Babel: ``read_po`` of both files, ``Catalog.update(template)`` (fuzzy matching on), ``write_po``.

Wall time is the process's, start-up included; peak memory its maximum resident set (``run_process``).
Babel's update compares each new msgid with every old one through difflib, so its time grows with
the square of the size. It is timed first on a ``--babel-probe``-entry catalogue; if the full size
would take longer than ``--babel-budget`` seconds it runs on the largest size that fits instead,
msgmerge and i18n running again on those same files, and its time at the full size is extrapolated
as t = a·n + b·n² through the two sizes it ran at.

Fuzzy matches are the active entries marked fuzzy with a previous msgid. "same as msgmerge" counts
the entries given the same previous msgid as msgmerge gave them (Babel keeps no previous context);
"msgmerge's found" those msgmerge matched that the tool matched too, with any entry; "true origin" counts
the edited entries matched with the very line they were edited from; "lost" counts old translations
found nowhere in the output, neither in an entry nor among the obsolete ones.
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterable

from i18n import catalog as cat
from i18n.po import read_catalog, write_catalog

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "generated"
LANGUAGE = "zh_Hans"
ENGLISH_SHARE = 0.75
LIST_SHARE = 0.1
SWAP_SHARE = 0.5  # of the English words of 4+ letters (a quarter of the Han pairs) taken from the vocabulary
ENGLISH_VOCABULARY = 30_000
CHINESE_VOCABULARY = 10_000
CHANGED, REMOVED, ADDED = 0.05, 0.01, 0.01  # shares of the lines
EDITS = {"word changed": 40, "words inserted": 20, "sentence added": 15, "punctuation changed": 25}
I18N, MSGMERGE, BABEL = "i18n update", "msgmerge", "Babel Catalog.update"
HAN_RE = re.compile(r"[\u4e00-\u9fff]")


# --- the generated catalogue -----------------------------------------------------------------------

def bundled_sentences() -> tuple[list[str], list[str]]:
    """The translations of the bundled catalogues: the English sentences and the Chinese ones."""
    found = {}
    for language in ("en", "zh_Hans"):
        found[language] = [m.msgstr for path in sorted((ROOT / "locales" / language / "LC_MESSAGES").glob("*.po"))
                           for m in read_catalog(path.read_text(encoding="utf-8"), str(path)).active() if m.msgstr]
    return found["en"], found["zh_Hans"]


Chain = dict[tuple, list]


def markov(sequences: Iterable[list[str]], order: int) -> Chain:
    chain: Chain = defaultdict(list)
    for tokens in sequences:
        padded = [None] * order + tokens + [None]
        for index in range(order, len(padded)):
            chain[tuple(padded[index - order:index])].append(padded[index])
    return chain


def walk(chain: Chain, order: int, rng: random.Random, limit: int) -> list[str]:
    state, tokens = (None,) * order, []
    while len(tokens) < limit:
        token = rng.choice(chain[state])
        if token is None:
            break
        tokens.append(token)
        state = state[1:] + (token,)
    return tokens


class Zipf:
    """Words drawn with probability proportional to 1 / rank."""

    def __init__(self, words: list[str]):
        self.words = words
        self.cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))

    def draw(self, rng: random.Random) -> str:
        return self.words[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


class Generator:
    """Sentences like the bundled articles' with a large vocabulary; edits like a writer's. Seeded."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        english, chinese = bundled_sentences()
        self.english = markov((s.split() for s in english), 1)
        self.chinese = markov((list(s) for s in chinese), 2)
        known = Counter(w.lower() for s in english for w in re.findall(r"[A-Za-z]{4,}", s))
        words = [w for w, _ in known.most_common()]
        letters = markov((list(w) for w in known), 3)
        made_up = set(words)
        while len(words) < ENGLISH_VOCABULARY:
            word = "".join(walk(letters, 3, self.rng, 14))
            if len(word) >= 4 and word not in made_up:
                made_up.add(word)
                words.append(word)
        self.words = Zipf(words)
        pairs = Counter(s[i:i + 2] for s in chinese for i in range(len(s) - 1) if HAN_RE.fullmatch(s[i]) and
                        HAN_RE.fullmatch(s[i + 1]))
        han = sorted({c for s in chinese for c in s if HAN_RE.fullmatch(c)})
        chinese_words = [p for p, _ in pairs.most_common()]
        seen = set(chinese_words)
        while len(chinese_words) < CHINESE_VOCABULARY:
            pair = self.rng.choice(han) + self.rng.choice(han)
            if pair not in seen:
                seen.add(pair)
                chinese_words.append(pair)
        self.chinese_words = Zipf(chinese_words)

    def sentence(self) -> str:
        return self.english_sentence() if self.rng.random() < ENGLISH_SHARE else self.chinese_sentence()

    def english_sentence(self) -> str:
        return " ".join(self._swapped(token) for token in walk(self.english, 1, self.rng, 45))

    def _swapped(self, token: str) -> str:
        word = re.fullmatch(r"([A-Za-z]{4,})(\W*)", token)
        if word is None or self.rng.random() >= SWAP_SHARE:
            return token
        new = self.words.draw(self.rng)
        return (new.capitalize() if word.group(1)[0].isupper() else new) + word.group(2)

    def chinese_sentence(self) -> str:
        text = "".join(walk(self.chinese, 2, self.rng, 90))
        pieces, index = [], 0
        while index < len(text):
            if HAN_RE.fullmatch(text[index]) and self.rng.random() < SWAP_SHARE / 2:
                pieces.append(self.chinese_words.draw(self.rng))
                index += 2
            else:
                pieces.append(text[index])
                index += 1
        return "".join(pieces)

    def lines(self, count: int) -> list[str]:
        """``count`` distinct lines, a sentence each, some as list items."""
        lines, seen = [], set()
        while len(lines) < count:
            sentence = self.sentence().strip()
            if sentence and sentence not in seen:
                seen.add(sentence)
                lines.append(("- " if self.rng.random() < LIST_SHARE else "") + sentence)
        return lines

    def edit(self, line: str) -> str:
        """The line with one edit of a writer's; the sentence stays one sentence."""
        marker, text = ("- ", line[2:]) if line.startswith("- ") else ("", line)
        chinese = HAN_RE.search(text) is not None
        kind = self.rng.choices(list(EDITS), weights=list(EDITS.values()))[0]
        if kind == "word changed":
            if chinese:
                spots = [m.start() for m in re.finditer(r"(?=[\u4e00-\u9fff]{2})", text)]
                if spots:
                    at = self.rng.choice(spots)
                    return marker + text[:at] + self.chinese_words.draw(self.rng) + text[at + 2:]
            words = list(re.finditer(r"[A-Za-z]{2,}", text))
            if words:
                word = self.rng.choice(words)
                return marker + text[:word.start()] + self.words.draw(self.rng) + text[word.end():]
            kind = "words inserted"
        if kind == "words inserted":
            if chinese:
                at = self.rng.randrange(len(text))
                return marker + text[:at] + "".join(walk(self.chinese, 2, self.rng, self.rng.randint(2, 6))) + text[at:]
            words = text.split(" ")
            at = self.rng.randrange(len(words))
            inserted = " ".join(self.words.draw(self.rng) for _ in range(self.rng.randint(1, 3)))
            return marker + " ".join(words[:at] + [inserted] + words[at:])
        if kind == "sentence added":
            added = self.chinese_sentence() if chinese else self.english_sentence()
            if marker or not text.endswith((".", "!", "?", "。", "！", "？")):
                return marker + text + ("" if chinese else " ") + added  # a list item or heading stays one entry
            return marker + text[:-1] + ("；" if chinese else "; ") + added.rstrip(".!?。！？") + text[-1]
        for old, new in ((", ", "; "), ("，", "、"), (": ", " - "), ("。", "！"), (".", "!")):
            if old in text:
                return marker + text.replace(old, new, 1)
        return marker + text + ("！" if chinese else "!")


@dataclass(frozen=True)
class Versions:
    old: list[str]
    new: list[str]
    edited: list[tuple[str, str]]  # (old line, new line)


def versions(entries: int, seed: int) -> Versions:
    generator = Generator(seed)
    old = generator.lines(entries)
    rng = generator.rng
    positions = rng.sample(range(entries), int(entries * (CHANGED + REMOVED)))
    changed, removed = positions[:int(entries * CHANGED)], set(positions[int(entries * CHANGED):])
    new = list(old)
    for position in changed:
        new[position] = generator.edit(old[position])
    existing = set(old) | set(new)
    additions: dict[int, list[str]] = defaultdict(list)
    for line in generator.lines(int(entries * ADDED) * 2):
        if line not in existing and sum(map(len, additions.values())) < int(entries * ADDED):
            additions[rng.randrange(entries)].append(line)
    lines = []
    for position, line in enumerate(new):
        lines += additions.get(position, [])
        if position not in removed:
            lines.append(line)
    return Versions(old, lines, [(old[p], new[p]) for p in changed])


def pseudo_translation(message) -> str:
    """A translation of its own for every entry, so that any lost one can be told apart."""
    return f"〔译〕{message.msgid}"


# --- running the tools --------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    tool: str
    entries: int  # size of the generated catalogue it ran on
    seconds: float
    peak_mib: float
    extrapolated_from: int | None = None  # Babel at the full size: the size it ran at


def run_process(tool: str, entries: int, command: list[str], cwd: Path | None = None) -> Run:
    """Run a command, its output to /dev/null: wall time and the child's peak resident set.

    A child's ru_maxrss starts from this process's own peak (fork and exec carry it over), so when
    it is not above that, the peak is the child's VmHWM, read from /proc every few milliseconds.
    """
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    polled = 0
    started = time.perf_counter()
    with open(os.devnull, "wb") as null, tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, stdout=null, stderr=errors)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            polled = max(polled, _high_water_mark(process.pid))
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{tool} failed ({process.returncode}): {errors.read().decode(errors='replace')[-2000:]}")
    peak = usage.ru_maxrss if usage.ru_maxrss > parent_peak else polled  # KiB on Linux
    return Run(tool, entries, seconds, peak / 1024)


def _high_water_mark(pid: int) -> int:
    """VmHWM of a running process, KiB (0 where /proc does not tell)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) if found else 0


def i18n_command() -> list[str]:
    script = Path(sys.executable).with_name("i18n")
    return [str(script)] if script.exists() else [sys.executable, "-m", "i18n.cli"]


# What the Babel process runs (argv: old PO, POT, output), nothing but Babel imported: read both,
# update with fuzzy matching (its default), write. Babel writes a previous msgid that takes more than
# one line as a broken "#|" line (msgfmt and polib reject the file), so what it matched is also
# written as JSON next to the output, from its catalogue.
BABEL_PROCESS = """
import json, sys
from babel.messages.pofile import read_po, write_po
old_po, pot, output = sys.argv[1:4]
with open(old_po, "rb") as handle:
    catalog = read_po(handle)
with open(pot, "rb") as handle:
    template = read_po(handle)
catalog.update(template)
with open(output, "wb") as handle:
    write_po(handle, catalog, include_previous=True)
active = [m for m in catalog if m.id]
found = {
    "fuzzy": [[m.context, m.id, m.previous_id[0]] for m in active if m.fuzzy and m.previous_id],
    "translations": [m.string for m in active + list(catalog.obsolete.values())],
    "kept": sum(1 for m in active if m.string and not m.fuzzy),
    "untranslated": sum(1 for m in active if not m.string),
    "obsolete": len(catalog.obsolete),
}
with open(output.removesuffix(".po") + ".json", "w", encoding="utf-8") as handle:
    json.dump(found, handle, ensure_ascii=False)
"""


@dataclass(frozen=True)
class Files:
    """One generated catalogue and the tools' outputs, in a folder of its own."""

    folder: Path
    entries: int
    edited: list[tuple[str, str]]

    @property
    def project(self) -> Path:
        return self.folder / "project"

    @property
    def source(self) -> Path:
        return self.project / "source_texts" / f"{DOMAIN}.txt"

    @property
    def pot(self) -> Path:
        return self.project / "locales" / f"{DOMAIN}.pot"

    @property
    def po(self) -> Path:
        return self.project / "locales" / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"

    def output(self, tool: str) -> Path:
        return self.folder / f"{tool.split()[0].lower()}.po"


PYPROJECT = f"""[tool.i18n]
source_dir = "source_texts"
locales_dir = "locales"
glossary = "locales/glossary.csv"
languages = ["{LANGUAGE}"]
max_input_mb = 1024
"""


def prepare(folder: Path, entries: int, seed: int) -> tuple[Files, Run]:
    """The old catalogue, translated, and the new source text; then ``i18n extract`` of it, timed."""
    made = versions(entries, seed)
    shutil.rmtree(folder, ignore_errors=True)  # a kept folder from an earlier run
    files = Files(folder, entries, made.edited)
    files.source.parent.mkdir(parents=True)
    files.po.parent.mkdir(parents=True)
    (files.project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copyfile(ROOT / "locales" / "glossary.csv", files.project / "locales" / "glossary.csv")
    files.source.write_text("\n".join(made.old) + "\n", encoding="utf-8")
    subprocess.run(i18n_command() + ["extract"], cwd=files.project, check=True, capture_output=True)
    old = cat.merge(read_catalog(files.pot.read_text(encoding="utf-8")), None, LANGUAGE).catalog
    old = replace(old, messages=tuple(replace(m, msgstr=pseudo_translation(m)) for m in old.messages))
    files.po.write_text(write_catalog(old), encoding="utf-8")
    shutil.copyfile(files.po, folder / "old.po")
    files.source.write_text("\n".join(made.new) + "\n", encoding="utf-8")
    extract = run_process("i18n extract", entries, i18n_command() + ["extract"], files.project)
    shutil.copyfile(files.pot, folder / "new.pot")
    return files, extract


def update_with(tool: str, files: Files) -> Run:
    old_po, pot, output = files.folder / "old.po", files.folder / "new.pot", files.output(tool)
    if tool == I18N:
        shutil.copyfile(old_po, files.po)
        run = run_process(tool, files.entries, i18n_command() + ["update"], files.project)
        shutil.copyfile(files.po, output)
        return run
    if tool == MSGMERGE:
        return run_process(tool, files.entries, ["msgmerge", "--quiet", "--previous", "-o", str(output),
                                                 str(old_po), str(pot)])
    return run_process(tool, files.entries, [sys.executable, "-c", BABEL_PROCESS, str(old_po), str(pot), str(output)])


# --- what the outputs hold ------------------------------------------------------------------------

Key = tuple[str | None, str]  # msgctxt, msgid


@dataclass(frozen=True)
class Matches:
    fuzzy: dict[Key, str]  # new entry -> the msgid of the old entry whose translation it took
    translations: set[str]  # every msgstr in the file, active or obsolete
    kept: int
    untranslated: int
    obsolete: int


def matches(tool: str, path: Path) -> Matches:
    if tool == BABEL:
        found = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        return Matches({(context, msgid): previous for context, msgid, previous in found["fuzzy"]},
                       set(found["translations"]), found["kept"], found["untranslated"], found["obsolete"])
    catalog = read_catalog(path.read_text(encoding="utf-8"), str(path))
    active = list(catalog.active())
    return Matches({m.key: m.previous_msgid for m in active if m.fuzzy and m.previous_msgid is not None},
                   {m.msgstr for m in catalog.messages}, sum(1 for m in active if m.translated),
                   sum(1 for m in active if not m.msgstr), len(catalog.messages) - len(active))


@dataclass(frozen=True)
class Scores:
    fuzzy: int
    same_as_msgmerge: int
    msgmerge_found: int  # entries msgmerge matched that this tool matched too (with any old entry)
    true_origin: int
    lost: int
    kept: int
    untranslated: int
    obsolete: int


def score(found: Matches, reference: Matches, truth: dict[Key, str], old_translations: set[str]) -> Scores:
    return Scores(
        len(found.fuzzy),
        sum(1 for key, origin in reference.fuzzy.items() if found.fuzzy.get(key) == origin),
        sum(1 for key in reference.fuzzy if key in found.fuzzy),
        sum(1 for key, origin in truth.items() if found.fuzzy.get(key) == origin),
        len(old_translations - found.translations),
        found.kept, found.untranslated, found.obsolete,
    )


def truth_of(files: Files) -> dict[Key, str]:
    """Edited entries and the entries they were edited from, where each line is one entry in both."""
    old = {m.msgid for m in read_catalog((files.folder / "old.po").read_text(encoding="utf-8")).messages}
    new = {m.msgid: m.key for m in read_catalog((files.folder / "new.pot").read_text(encoding="utf-8")).messages}
    strip = lambda line: line[2:] if line.startswith("- ") else line  # noqa: E731
    return {new[strip(after)]: strip(before) for before, after in files.edited
            if strip(after) in new and strip(after) not in old and strip(before) in old}


# --- the run ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    entries: int
    pot_entries: int
    new_msgids: int
    edited: int
    runs: dict[str, Run]
    scores: dict[str, Scores]


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def compare(folder: Path, entries: int, seed: int, tools: list[str]) -> Comparison:
    progress(f"{entries:,} entries: generating, extracting")
    files, extract = prepare(folder, entries, seed)
    runs = {"i18n extract": extract}
    for tool in tools:
        progress(f"{entries:,} entries: {tool}")
        runs[tool] = update_with(tool, files)
    progress(f"{entries:,} entries: {', '.join(f'{t} {r.seconds:,.1f} s' for t, r in runs.items())}; scoring")
    old = read_catalog((folder / "old.po").read_text(encoding="utf-8"))
    pot = read_catalog((folder / "new.pot").read_text(encoding="utf-8"))
    truth = truth_of(files)
    found = {tool: matches(tool, files.output(tool)) for tool in tools}
    reference = found.get(MSGMERGE, Matches({}, set(), 0, 0, 0))
    old_translations = {m.msgstr for m in old.messages}
    scores = {tool: score(found[tool], reference, truth, old_translations) for tool in tools}
    old_keys = {m.key for m in old.messages}
    return Comparison(entries, len(pot.messages), sum(1 for m in pot.messages if m.key not in old_keys),
                      len(truth), runs, scores)


def babel_size(probe: Comparison, budget: float) -> int:
    """The size Babel would update within ``budget`` seconds, its time growing as the square of the size."""
    return int(probe.entries * (budget / probe.runs[BABEL].seconds) ** 0.5)


def extrapolate(runs: list[Run], entries: int) -> Run:
    """Babel's time at ``entries``: t = a·n + b·n² through its two runs, or n² from one (memory: the larger run's)."""
    large = max(runs, key=lambda run: run.entries)
    small = min(runs, key=lambda run: run.entries)
    n1, t1, n2, t2 = small.entries, small.seconds, large.entries, large.seconds
    b = (t2 / n2 - t1 / n1) / (n2 - n1) if n2 > n1 else 0.0
    seconds = (t2 / n2 - b * n2) * entries + b * entries ** 2 if b > 0 else t2 * (entries / n2) ** 2
    return Run(large.tool, entries, seconds, large.peak_mib, extrapolated_from=large.entries)


# --- report ---------------------------------------------------------------------------------------

def table(comparison: Comparison, babel_note: str = "") -> str:
    c = comparison
    rows = [f"{c.entries:,} generated lines: {c.pot_entries:,} entries in the new POT, {c.new_msgids:,} not in "
            f"the old catalogue, {c.edited:,} of them edited from an old entry (true origin known).", "",
            "| tool | wall s | peak MiB | fuzzy | same as msgmerge | msgmerge's found | true origin "
            "| kept | untranslated | obsolete | lost |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    mm = c.scores.get(MSGMERGE)
    for tool, run in c.runs.items():
        s = c.scores.get(tool)
        if s is None:
            estimate = f" (at {run.extrapolated_from:,})" if run.extrapolated_from else ""
            seconds = f"≈{run.seconds:,.0f} (extrapolated)" if run.extrapolated_from else f"{run.seconds:,.1f}"
            rows.append(f"| {tool} | {seconds} | {run.peak_mib:,.0f}{estimate} | | | | | | | | |")
            continue
        rows.append(f"| {tool} | {run.seconds:,.1f} | {run.peak_mib:,.0f} | {s.fuzzy:,} "
                    f"| {s.same_as_msgmerge:,} of {mm.fuzzy if mm else 0:,} | {s.msgmerge_found:,} "
                    f"| {s.true_origin:,} of {c.edited:,} | {s.kept:,} | {s.untranslated:,} | {s.obsolete:,} "
                    f"| {s.lost:,} |")
    return "\n".join(rows + ([babel_note] if babel_note else []))


def goals(comparison: Comparison) -> list[str]:
    ours, theirs = comparison.runs.get(I18N), comparison.runs.get(MSGMERGE)
    if ours is None or theirs is None:
        return []
    s, mm = comparison.scores[I18N], comparison.scores[MSGMERGE]
    return [
        f"- i18n update faster than msgmerge with fuzzy matching: {'yes' if ours.seconds < theirs.seconds else 'NO'} "
        f"({ours.seconds:,.1f} s vs {theirs.seconds:,.1f} s, {theirs.seconds / ours.seconds:,.1f}x)",
        f"- at least msgmerge's fuzzy matches: {'yes' if s.fuzzy >= mm.fuzzy else 'NO'} ({s.fuzzy:,} vs {mm.fuzzy:,}; "
        f"{s.same_as_msgmerge:,} with the same old entry, {mm.fuzzy - s.msgmerge_found:,} of msgmerge's left "
        f"untranslated; true origin {s.true_origin:,} vs {mm.true_origin:,} of {comparison.edited:,})",
        f"- nothing lost: {'yes' if s.lost == 0 else 'NO'} (i18n {s.lost:,}, msgmerge {mm.lost:,} old "
        "translations found nowhere in the output)",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000, help="lines of the generated article (default 100000)")
    parser.add_argument("--quick", action="store_true", help="5,000 entries and a 60 s Babel budget, to try it out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--babel-budget", type=float, default=180, help="seconds Babel may take (default 180)")
    parser.add_argument("--babel-probe", type=int, default=2000, help="entries Babel is first timed on (default 2000)")
    parser.add_argument("--keep", type=Path, help="keep the generated files and outputs in this folder")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    if shutil.which("msgmerge") is None:
        parser.error("GNU msgmerge is not installed (apt-get install gettext)")
    entries, budget = (5000, 60.0) if args.quick else (args.entries, args.babel_budget)
    started = time.perf_counter()
    load = os.getloadavg()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-catalogue-"))
    everything = [I18N, MSGMERGE, BABEL]
    small = None
    try:
        probe_entries = min(args.babel_probe, entries)
        probe = compare(folder / f"entries-{probe_entries}", probe_entries, args.seed, everything)
        affordable = entries if probe_entries == entries else babel_size(probe, budget)
        progress(f"Babel: {probe.runs[BABEL].seconds:,.1f} s at {probe_entries:,} entries, "
                 f"so about {affordable:,} within {budget:,.0f} s")
        if affordable >= entries:
            full = probe if probe_entries == entries else compare(folder / f"entries-{entries}", entries, args.seed,
                                                                  everything)
        else:
            small = probe if affordable < 1.5 * probe_entries else compare(
                folder / f"entries-{affordable}", affordable, args.seed, everything)
            full = compare(folder / f"entries-{entries}", entries, args.seed, [I18N, MSGMERGE])
            babel_runs = [probe.runs[BABEL], small.runs[BABEL]]
            full = replace(full, runs={**full.runs, BABEL: extrapolate(babel_runs, entries)})
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    babel_note = ""
    if small is not None:
        sizes = sorted({probe.entries, small.entries})
        babel_note = (f"\nBabel at {entries:,} entries: {full.runs[BABEL].seconds:,.0f} s extrapolated "
                      + (f"(t = a·n + b·n² through its runs at {sizes[0]:,} and {sizes[1]:,} entries)"
                         if len(sizes) == 2 else f"(t ∝ n² from its run at {sizes[0]:,} entries)")
                      + f", not run: over the {budget:,.0f} s budget. Its peak MiB is at {small.entries:,} entries. "
                      f"All three tools on the same {small.entries:,}-entry files:\n\n" + table(small))
    print(table(full, babel_note))
    print("\nGoals:\n" + "\n".join(goals(full)))
    print(f"\nLoad average when started: {load[0]:.2f} (2 cores shared); total {time.perf_counter() - started:,.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"full": asdict(full), "babel_size": asdict(small) if small else None},
                                        indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
