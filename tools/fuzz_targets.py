"""The invariants the fuzzers try to break, one function per target: bytes in, nothing out.

Each target feeds the bytes to a reading path as a command would. An I18nError there is a clear refusal
and passes; anything else raises: an exception of another type, an AssertionError naming the broken
invariant, or an I18nError from re-reading what the toolkit itself wrote.

tools/fuzz_segment.py, fuzz_glossary.py, fuzz_po.py and fuzz_fix.py hand these to atheris (``pip install
atheris``, for fuzzing only). Arguments after the corpus directory are libFuzzer's: -max_total_time=SECONDS,
-timeout=20, -dict=FILE, -artifact_prefix=DIR/. Inputs that reach new code are added to the corpus directory
(tools/fuzz_corpus/<target>/; tools/fuzz_seed.py rebuilds its seed-* files); a failing input is saved as
crash-<sha1>, in the current directory unless -artifact_prefix says otherwise. libFuzzer shrinks it by
running the script as a program, so with the venv first on PATH:

    PATH=.venv/bin:$PATH tools/fuzz_po.py -minimize_crash=1 -runs=10000 crash-<sha1>

Saved in tests/data/fuzz/<target>/, a finding runs in CI through tests/test_fuzz_regressions.py.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from i18n.checks import check, fix
from i18n.checks.model import Finding
from i18n.document import decode, parse_document
from i18n.errors import I18nError
from i18n.glossary import FORBIDDEN, TermMatcher, lint, read_csv, read_tbx, write_csv, write_tbx
from i18n.po import (Catalog, Message, _parse_tokens, _read_entries, read_catalog,  # the two parsers, compared
                     rewrite_translations, write_catalog)
from i18n.project import load_glossary
from i18n.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
PATH = "<fuzz>"


def _utf8(data: bytes) -> str | None:
    """The text a command reads from a file holding ``data`` (as i18n.files.read_utf8), or None."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def segment_target(data: bytes) -> None:
    """Source bytes -> Document -> Segments: exact offsets, spans inside their segment, every letter in a span."""
    try:
        document = parse_document(decode(data, PATH), PATH)
        segments = list(segment_document(document))
    except I18nError:
        return
    text = document.text
    covered = set()
    for segment in segments:
        assert text[segment.start:segment.end] == segment.text, f"segment at {segment.start} is not the text it indexes"
        for span in segment.spans:
            assert segment.start <= span.start < span.end <= segment.end, f"span {span} outside {segment}"
            covered.update(range(span.start, span.end))
    stray = [index for index, char in enumerate(text) if char.isalpha() and index not in covered]
    assert not stray, f"letters outside every span at {stray[:5]}: {[text[i] for i in stray[:5]]}"


def glossary_target(data: bytes) -> None:
    """A glossary text read as CSV and as TBX: each glossary that reads survives both round trips, and the
    lint and the term matcher take it."""
    text = _utf8(data)
    if text is None:
        return
    for reader in (read_csv, read_tbx):
        try:
            glossary = reader(text, PATH)
        except I18nError:
            continue
        # The CSV is written sorted by domain and id, so only the concepts, not their order, must come back.
        assert Counter(read_csv(write_csv(glossary), PATH).concepts) == Counter(glossary.concepts), "CSV round trip"
        assert read_tbx(write_tbx(glossary), PATH).concepts == glossary.concepts, "TBX round trip"
        lint(glossary)
        TermMatcher(glossary).find(text)


@lru_cache(maxsize=1)
def project_matcher() -> TermMatcher:
    return TermMatcher(load_glossary(ROOT / "locales/glossary.csv"))


def po_target(data: bytes) -> None:
    """A catalogue that reads is written and read back unchanged, and `i18n check` takes it; where the
    entry-at-a-time reader takes a text, the token parser reads the same messages at the same lines."""
    text = _utf8(data)
    if text is None:
        return
    entries = _read_entries(text, PATH)
    if entries is not None:
        assert [(m, m.line) for m, _ in entries] == [(m, m.line) for m, _ in _parse_tokens(text, PATH)], \
            "the two PO parsers disagree"
    try:
        catalog = read_catalog(text, PATH)
    except I18nError:
        return
    assert read_catalog(write_catalog(catalog), PATH) == catalog, "write_catalog -> read_catalog changed the catalogue"
    check([(PATH, catalog)], project_matcher())


# fix_target: the bytes as entries of two catalogues, one zh_Hans and one en, then `i18n check --fix`.
_FIELD, _PLURAL_FORM = "\0", "\x1f"  # field separator (source, translation, source, ...); plural forms
_HEADER = ("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
           "Plural-Forms: nplurals=2; plural=(n != 1);\n")
_FIX_PATHS = {"zh_Hans": "zh_Hans/LC_MESSAGES/fuzz.po", "en": "en/LC_MESSAGES/fuzz.po"}
# What each fix may change besides blanks: punctuation marks, written half- or full-width (folded to one
# form for the comparison); P002 drops title marks (English has none) or writes a lone one as a quote.
_MARKS_FOLDED = str.maketrans("，。：；？！（）、【】…", ",.:;?!(),[].")
_DOTS_RE = re.compile(r"\.+")
_LAYOUT_RE = re.compile("\n[ \t\u00a0\u3000]*|[ \t\u00a0\u3000]{2,}")  # line breaks, indentation, runs of spaces
_BRACKETS_AND_BLANKS_RE = re.compile(r"[\s()（）]+")


def _messages(text: str) -> tuple[Message, ...]:
    """Fields alternate source and translation; a translation holding \\x1f is a plural entry's two forms."""
    fields = text.split(_FIELD)
    if len(fields) % 2:
        fields.insert(0, "source")  # a lone field is a translation
    messages: dict[str, Message] = {}
    for source, translation in zip(fields[0::2], fields[1::2]):
        source = source or "source"
        if _PLURAL_FORM in translation:
            forms = (translation.split(_PLURAL_FORM) + [""])[:2]
            message = Message(source, msgid_plural=source + " (plural)", msgstr_plural=tuple(forms))
        else:
            message = Message(source, msgstr=translation)
        messages.setdefault(source, message)
    return tuple(messages.values())


def _punctuation_folded(text: str, titles: bool) -> str:
    """The text but its blanks, marks in one width, a run of dots (an ellipsis) one dot; title marks kept
    or dropped."""
    text = "".join(text.split()).translate(_MARKS_FOLDED)
    return _DOTS_RE.sub(".", text if titles else re.sub(r'[《》"]', "", text))


def _only_punctuation(before: str, after: str, rule: str) -> None:
    assert _punctuation_folded(before, rule == "P001") == _punctuation_folded(after, rule == "P001"), \
        f"{rule}: the fix changed more than punctuation and blanks"
    layout = (lambda t: _LAYOUT_RE.findall(t)) if rule == "P001" else (lambda t: t.count("\n"))
    assert layout(before) == layout(after), f"{rule}: the fix changed line breaks or runs of blanks"


def _only_forbidden(before: str, after: str, matcher: TermMatcher) -> None:
    """after is before with some forbidden Chinese variants replaced by their concept's approved term."""
    pattern, last = [], 0
    for hit in matcher.find(before):
        approved = matcher.glossary[hit.concept].zh
        if hit.status == FORBIDDEN and hit.lang == "zh" and approved:
            pattern += [re.escape(before[last:hit.start]), f"(?:{re.escape(before[hit.start:hit.end])}|"
                                                           f"{re.escape(approved)})"]
            last = hit.end
    assert re.fullmatch("".join(pattern) + re.escape(before[last:]), after, re.DOTALL), \
        "T002: the fix changed more than forbidden variants"


def _only_repetitions(before: str, after: str, matcher: TermMatcher) -> None:
    """after is before (brackets and blanks aside) with repetitions of what stands right beside them
    removed, and the glossary's acronyms put in."""
    assert before.count("\n") == after.count("\n"), "T004: the fix changed line breaks"
    acronyms = {acronym for concept in matcher.glossary.concepts for acronym in concept.en_acronyms}
    old, new = (_BRACKETS_AND_BLANKS_RE.sub("", t) for t in (before, after))
    assert _edited_so(old, new, acronyms), "T004: the fix changed more than repetitions"


def _edited_so(old: str, new: str, acronyms: set[str]) -> bool:
    """Whether new is old with pieces deleted that repeat (case aside) what stands right before or after them,
    and acronyms inserted. A search over (position in old, position in new) that edits only where the two
    differ: a deletion or insertion can always be slid there."""
    folded, stack, seen = old.casefold(), [(0, 0)], set()
    while stack:
        i, j = state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        if i < len(old) and j < len(new) and old[i] == new[j]:
            stack.append((i + 1, j + 1))
            continue
        if i == len(old) and j == len(new):
            return True
        stack += [(i, j + len(acronym)) for acronym in acronyms if new.startswith(acronym, j)]
        for size in range(1, len(old) - i + 1):  # delete copies of piece, one beside them left in place
            piece, copies = folded[i:i + size], 1
            while folded.startswith(piece, i + (copies - 1) * size):
                if folded.endswith(piece, 0, i) or folded.startswith(piece, i + copies * size):
                    stack.append((i + copies * size, j))
                copies += 1
    return False


def _fix_changes_only_its_own(finding: Finding, before: str, matcher: TermMatcher) -> None:
    if finding.rule in ("P001", "P002"):
        _only_punctuation(before, finding.fix, finding.rule)
    elif finding.rule == "T002":
        _only_forbidden(before, finding.fix, matcher)
    elif finding.rule == "T004":
        _only_repetitions(before, finding.fix, matcher)


def _rules_by_entry(findings: Iterable[Finding]) -> dict[tuple[str, str | None, str], set[str]]:
    rules: dict[tuple[str, str | None, str], set[str]] = defaultdict(set)
    for finding in findings:
        rules[finding.path, finding.msgctxt, finding.msgid].add(finding.rule)
    return rules


def fix_target(data: bytes) -> None:
    """Entries that make a zh_Hans and an en catalogue, checked and fixed as `i18n check --fix` does: the
    fixed catalogue writes (whole, and spliced into the file) and reads back unchanged; a second check
    finds nothing more to fix; no entry gets a finding of a rule that did not fire on it before; each
    rule's fix changes only what the rule is about (punctuation and single blanks; forbidden variants;
    repetitions) and keeps line breaks."""
    text = _utf8(data)
    if text is None:
        return
    matcher = project_matcher()
    catalogues = []
    for language, path in _FIX_PATHS.items():
        header = Message("", msgstr=f"Language: {language}\n" + _HEADER)
        try:
            written = write_catalog(Catalog(header, _messages(text)))
            catalogues.append((path, written, read_catalog(written, path)))
        except I18nError:
            return
    report = check([(path, catalog) for path, _, catalog in catalogues], matcher)
    translations = {(path, m.msgctxt, m.msgid): m for path, _, catalog in catalogues for m in catalog.messages}
    for finding in report.findings:
        if finding.fix is not None:
            message = translations[finding.path, finding.msgctxt, finding.msgid]
            _fix_changes_only_its_own(finding, "\n".join(message.translations), matcher)
    fixed = []
    for path, written, catalog in catalogues:
        repaired, _ = fix(catalog, path, (f for f in report.findings if f.path == path), matcher)
        assert read_catalog(write_catalog(repaired), path) == repaired, "the fixed catalogue does not read back"
        assert read_catalog(rewrite_translations(written, catalog, repaired, path), path) == repaired, \
            "the fixed catalogue, spliced into the file, does not read back"
        fixed.append((path, repaired))
    again = check(fixed, matcher)
    for path, repaired in fixed:
        refixed = fix(repaired, path, (f for f in again.findings if f.path == path), matcher)[1]
        assert not refixed, f"fixing is not idempotent: a second --fix applies {', '.join(refixed[0].rules)} in {path}"
    before = _rules_by_entry(report.findings)
    # The rules comparing entries (C001-C003) are left out: a documented fix can rightly make them fire. T002
    # writes the approved term where another entry writes an admitted variant (C003); P001 and P002 make two
    # translations that differed in punctuation alone the same (C002).
    for entry, rules in _rules_by_entry(f for f in again.findings if not f.rule.startswith("C")).items():
        assert rules <= before[entry], f"the fix brought {', '.join(sorted(rules - before[entry]))} on {entry}"
