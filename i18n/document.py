"""Source text -> Document: decoding and the block structure (heading, paragraph, list item, credit).

The rules are documented in docs/segmentation.md; offsets are indices into the decoded text.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import I18nError
from .files import read_bytes

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list-item"
CREDIT = "credit"
BLOCK_KINDS = (HEADING, PARAGRAPH, LIST_ITEM, CREDIT)


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    start: int
    end: int
    line: int
    text: str
    marker: str = ""  # list bullet or heading number ("- ", "1. "), kept outside the text

    # Sets its fields straight through its slots, several times faster than the __init__ a frozen
    # dataclass generates, which goes through object.__setattr__ for each field; a document has thousands.
    def __init__(self, kind: str, start: int, end: int, line: int, text: str, marker: str = "") -> None:
        _set_block_kind(self, kind)
        _set_block_start(self, start)
        _set_block_end(self, end)
        _set_block_line(self, line)
        _set_block_text(self, text)
        _set_block_marker(self, marker)


_set_block_kind, _set_block_start, _set_block_end, _set_block_line, _set_block_text, _set_block_marker = (
    getattr(Block, field.name).__set__ for field in fields(Block))


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    blocks: tuple[Block, ...]


# Bidirectional controls (the Trojan Source class, CVE-2021-42574), invisible characters and the C0 and C1
# control characters but tab and line ends (ESC starts a terminal's escape sequences, BEL rings it, BS
# erases what was printed): none has a use in English or Chinese prose, and all can make text read
# differently from what the file holds.
INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                          "\u2060-\u2064\u2066-\u2069\ufeff]|\r(?!\n)")


def invisible_characters(text: str) -> list[tuple[int, str]]:
    """(line, "U+200B ZERO WIDTH SPACE") for each invisible, bidirectional control or control character."""
    return [(text.count("\n", 0, m.start()) + 1,
             f"U+{ord(m.group()):04X} {unicodedata.name(m.group(), 'CONTROL CHARACTER')}")
            for m in INVISIBLE_RE.finditer(text)]


# UTF-32 BOMs first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """Decode a source file: by its byte-order mark (UTF-8, dropped; UTF-16/32), else as UTF-8, else as
    ``encoding``, the encoding of the files that are not UTF-8 (so one project can hold both).

    Anything else is refused with the encoding it most likely is, so the user can pass it.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise I18nError(f"unknown encoding {encoding!r}", path) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                raise I18nError(f"starts with a {codec} byte-order mark but is not valid {codec}: {exc.reason}", path) from None
    if b"\x00" in data:  # no text but UTF-16/32 holds NUL bytes
        if not encoding:
            raise I18nError("binary file (NUL bytes), not a text", path)
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if not encoding:
                line = data.count(b"\n", 0, exc.start) + 1
                guess = guess_legacy_encoding(data)
                raise I18nError(f"not UTF-8 (looks like {guess}); pass --encoding {guess}", path, line) from None
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise I18nError(f"cannot be decoded as {encoding}: {exc.reason} at byte {exc.start}", path, line) from None


def guess_legacy_encoding(data: bytes) -> str:
    """The likeliest of GB18030, Big5 and cp1252 for bytes that are not UTF-8 (only named in errors)."""
    from .langid import simplified_traditional_balance

    high = [i for i, byte in enumerate(data) if byte >= 0x80]
    isolated = sum(1 for i in high if (i == 0 or data[i - 1] < 0x80) and (i + 1 == len(data) or data[i + 1] < 0x80))
    if isolated * 2 >= len(high):  # accented letters inside Latin words, not two-byte Han characters
        return "cp1252"
    scores = {}
    for codec, sign in (("gb18030", 1), ("big5", -1)):
        try:
            scores[codec] = sign * simplified_traditional_balance(data.decode(codec))
        except UnicodeDecodeError:
            pass
    return max(scores, key=scores.get) if scores else "cp1252"


def read_document(path: str | Path, encoding: str | None = None) -> Document:
    """Read and parse one source file; unreadable or undecodable files raise I18nError."""
    return parse_document(decode(read_bytes(path), str(path), encoding), str(path))


_CREDIT_RE = re.compile(r"(?i)(?:source|sources|image|photo|credit|image credit|photo credit|来源|图片来源)\s*[:：]")
_BULLETS = "-*•·"
_MARKER_RE = re.compile(rf"([{_BULLETS}]|\d{{1,3}}[.)])[ \t\u3000]+(?=\S)")
_OPENING_QUOTES = ("“", '"', "「", "『")
_UNHEADING_ENDS = tuple(".,;:。，；：")
_SENTENCE_ENDS = tuple(".?!。？！…")
MAX_HEADING = 100
_QUESTION_ENDS = tuple("?!…？！")
# A sentence end with more text after it: "." after a lower-case word (not vs., al.), a number or an
# acronym, or ? ! …, then a space and a capital, a quote or a bracket; in Chinese a 。 before more text.
_SENTENCE_INSIDE_RE = re.compile(r"(?:(?:(?<=[a-z]{3})|(?<=[0-9A-Z]{2}))\.|[?!…])[\"'”’)\]]*\s+(?=[A-Z\"“'‘(])")
_CHINESE_SENTENCE_INSIDE_RE = re.compile(r"。[”’」』）]*\s*\S")
_LONG_WORD_RE = re.compile(r"[A-Za-z][a-z]{3,}")  # words of four letters or more: title case capitalises them
MAX_ATTRIBUTION = 120


def _lines(text: str):
    """(line number, start, text) of each non-blank line, without its surrounding whitespace (line ends
    are whitespace, too)."""
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True), 1):
        stripped = raw.strip()
        if stripped:
            yield number, offset + len(raw) - len(raw.lstrip()), stripped
        offset += len(raw)


_CLOSING_MARKS = "”’\"')]）」』》】"


def _heading_like(text: str) -> bool:
    """Short, and not ending as prose does; nor a line of sentences in sentence case that ends in ? or !
    (``MS affects millions of people. Can stem cells help?``), nor Chinese with a 。 inside
    (``研究令人鼓舞。这是否意味着治愈？``). A title-case line stays a heading whatever it holds
    (``Prof. Smith: Can Stem Cells Repair Myelin?``, ``Is It Safe? Is It Effective?``), and so does a
    Chinese one of questions and exclamations (``希望？还是炒作？``)."""
    if len(text) > MAX_HEADING:
        return False
    ending = text.rstrip(_CLOSING_MARKS)
    if ending.endswith(_UNHEADING_ENDS):
        return False
    if not ending.endswith(_QUESTION_ENDS):
        return True
    if _CHINESE_SENTENCE_INSIDE_RE.search(ending):
        return False
    words = _LONG_WORD_RE.findall(ending)
    title_case = sum(word[0].isupper() for word in words) * 2 > len(words)
    return title_case or not _SENTENCE_INSIDE_RE.search(ending)


def parse_document(text: str, path: str = "<text>") -> Document:
    """Split decoded text into blocks (rules: docs/segmentation.md)."""
    lines = list(_lines(text))
    last = len(lines) - 1
    blocks: list[Block] = []
    previous = None
    for index, (number, start, line) in enumerate(lines):
        end, marker_text = start + len(line), ""
        # Cheap tests first, as most lines are neither: a credit has a colon or ends with a bar, a marker
        # starts with a bullet or a digit (\d is str.isdecimal).
        if (
            (":" in line or "：" in line) and _CREDIT_RE.match(line)
            or line[-1] == "|" and line.endswith(" |")
            or (previous is not None and previous.kind == PARAGRAPH and previous.text.startswith(_OPENING_QUOTES)
                and len(line) <= MAX_ATTRIBUTION and not line.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_ENDS))
        ):
            kind = CREDIT
        elif (line[0] in _BULLETS or line[0].isdecimal()) and (marker := _MARKER_RE.match(line)):
            body = line[marker.end():]
            kind = LIST_ITEM
            # A numbered line next to other numbered items is a list; alone among prose, a heading (the lines
            # around are looked at only for a numbered line that could be one).
            if marker.group(1)[0].isdigit() and _heading_like(body) and index != last:
                following = _MARKER_RE.match(lines[index + 1][2])
                in_list = (following is not None and following.group(1)[0].isdigit()) or (
                    previous is not None and previous.kind == LIST_ITEM and previous.marker[:1].isdigit())
                if not in_list:
                    kind = HEADING
            start, line, marker_text = start + marker.end(), body, line[:marker.end()]
        elif index != last and _heading_like(line):
            kind = HEADING
        else:
            kind = PARAGRAPH
        previous = Block(kind, start, end, number, line, marker_text)
        blocks.append(previous)
    return Document(path, text, tuple(blocks))


def source_paths(paths: list[Path]) -> list[Path]:
    """The text files named: a file as it is, a directory as its ``*.txt`` files in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            texts = sorted(path.glob("*.txt"))
            if not texts:
                raise I18nError("directory holds no *.txt files", str(path))
            found.extend(texts)
        elif path.exists() or path.is_symlink():  # (a symlink loop or a dangling link: reading says which)
            found.append(path)
        else:
            raise I18nError("no such file or directory", str(path))
    return found
