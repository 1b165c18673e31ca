"""The catalogue model and its PO form: polib reads, and the writer prints what GNU msgcat prints.

msgcat wraps strings at 79 columns by display width at Unicode line-break opportunities (libunistring);
polib and babel wrap differently, which shows up as diff noise each time a tool rewrites a file.
The writer below follows gettext's write-po.c: the break opportunities come from
unicode-segmentation-rs (UAX #14), and the greedy fill is libunistring's ``ulc_width_linebreaks``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

import polib
import unicode_segmentation_rs as useg

from .errors import I18nError

PAGE_WIDTH = 79


@dataclass(frozen=True)
class Message:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()  # translator comments, "# "
    extracted: tuple[str, ...] = ()  # "#. "
    references: tuple[str, ...] = ()  # "#: " file:line
    flags: tuple[str, ...] = ()  # "#, "
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)  # line of the msgid in the file it was read from

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        strings = self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)
        return not self.fuzzy and not self.obsolete and all(strings)

    def with_flag(self, flag: str, on: bool = True) -> "Message":
        flags = tuple(f for f in self.flags if f != flag)
        return replace(self, flags=(flag, *flags) if on else flags)


@dataclass(frozen=True)
class Catalog:
    header: Message
    messages: tuple[Message, ...] = field(default=())

    @property
    def metadata(self) -> dict[str, str]:
        return parse_header(self.header.msgstr)

    def active(self) -> Iterable[Message]:
        return (m for m in self.messages if not m.obsolete)


def parse_header(text: str) -> dict[str, str]:
    fields = {}
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip()] = value.strip()
    return fields


def format_header(fields: dict[str, str]) -> str:
    return "".join(f"{name}: {value}\n" for name, value in fields.items())


# --- reading -------------------------------------------------------------------------------------

_POLIB_LINE_RE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")
_CHARSET_RE = re.compile(r"charset=([^\s;]+)", re.I)


# polib silently accepts an unterminated string; every keyword or string line is checked first.
_STRING_LINE_RE = re.compile(
    r'\s*(?:#~\|?\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+)?"(?:[^"\\]|\\.)*"\s*'
)


def _check_lines(text: str, path: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or (line.startswith("#") and not line.startswith("#~")):
            continue
        if line.startswith("#~") and not line[2:].strip():
            continue
        if _STRING_LINE_RE.fullmatch(line) is None:
            problem = "unterminated string" if line.count('"') % 2 else "not a keyword or string"
            raise I18nError(f"malformed PO: {problem}: {line.strip()[:40]}", path, number)


def read_catalog(text: str, path: str = "<catalog>") -> Catalog:
    """Parse PO text. Syntax errors, duplicates and a non-UTF-8 charset raise I18nError with a line."""
    _check_lines(text, path)
    try:
        entries = polib.pofile(text, wrapwidth=PAGE_WIDTH)
    except (OSError, ValueError) as exc:
        found = _POLIB_LINE_RE.search(str(exc))
        detail = (found.group(2) or "syntax error") if found else str(exc)
        raise I18nError(f"malformed PO: {detail}", path, int(found.group(1)) if found else None) from None
    lines = text.split("\n")
    header = Message(
        "",
        format_header(entries.metadata),  # in file order: ordered_metadata() would reorder the fields
        comments=tuple(entries.header.split("\n")) if entries.header else (),
        flags=("fuzzy",) if entries.metadata_is_fuzzy else (),
    )
    charset = _CHARSET_RE.search(entries.metadata.get("Content-Type", ""))
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise I18nError(f"header declares charset {charset.group(1)}; only UTF-8 catalogues are supported",
                        path, _line_of(lines, 0, 'msgstr ""'))
    messages, seen = [], {}
    for entry in entries:
        line = _line_of(lines, (entry.linenum or 1) - 1, "msgid", "#~ msgid")
        if entry.msgid == "" and not entry.obsolete:
            continue
        message = Message(
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural or None,
            msgstr_plural=tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)),
            comments=tuple(entry.tcomment.split("\n")) if entry.tcomment else (),
            extracted=tuple(entry.comment.split("\n")) if entry.comment else (),
            references=tuple(f"{f}:{n}" if n else f for f, n in entry.occurrences),
            flags=tuple(entry.flags),
            previous_msgctxt=entry.previous_msgctxt,
            previous_msgid=entry.previous_msgid,
            obsolete=bool(entry.obsolete),
            line=line,
        )
        if message.msgid_plural is not None and not message.msgstr_plural:
            raise I18nError("plural entry without msgstr[n]", path, line)
        if not message.obsolete:
            if message.key in seen:
                raise I18nError(f"duplicate message definition (first defined at line {seen[message.key]})", path, line)
            seen[message.key] = line
        messages.append(message)
    return Catalog(header, tuple(messages))


def _line_of(lines: list[str], start: int, *keywords: str) -> int:
    """1-based number of the first line at or after ``start`` that begins with a keyword."""
    for index in range(start, len(lines)):
        if lines[index].startswith(keywords):
            return index + 1
    return start + 1


# --- writing -------------------------------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
            "\t": "\\t", "\v": "\\v"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_NEEDS_ESCAPE_RE = re.compile(r'[\\"\a\b\f\n\r\t\v]')


def _escaped_portions(value: str) -> list[tuple[str, set[int]]]:
    """The string cut after each newline, escaped, with the indices where no break may fall."""
    portions = []
    for raw in re.findall(r"[^\n]*\n|[^\n]+", value) or [""]:
        escaped = raw.translate(_ESCAPE_TABLE)
        prohibited = set()
        if _NEEDS_ESCAPE_RE.search(raw):
            index = 0
            for char in raw:
                if char in _ESCAPES:
                    prohibited.add(index + 1)  # never between the backslash and its letter
                    index += 2
                else:
                    index += 1
        if raw.endswith("\n"):
            prohibited.add(len(escaped) - 2)  # nor just before the final \n
        portions.append((escaped, prohibited))
    return portions


_WIDE_BRACKET_BREAK_RE = re.compile(
    r"(?<=[A-Za-z0-9])(?=[（［｛｟「『【〔〖〘〚〈《])|(?<=[）］｝｠」』】〕〗〙〛〉》])(?=[A-Za-z0-9])"
)


def _width(text: str) -> int:
    return len(text) if text.isascii() else useg.text_width(text)


def _breaks(portion: str, width: int, startcol: int, prohibited: set[int]) -> list[int]:
    """Indices where a line break goes (libunistring's greedy fill over UAX #14 opportunities)."""
    if startcol + _width(portion) <= width and not prohibited:
        return []
    encoded = portion.encode("utf-8")
    opportunities = []
    if portion.isascii():
        opportunities = [b for b, mandatory in useg.line_breaks(portion) if b < len(encoded)]
    else:
        char_at = {}
        offset = 0
        for index, char in enumerate(portion):
            char_at[offset] = index
            offset += len(char.encode("utf-8"))
        opportunities = [char_at[b] for b, _ in useg.line_breaks(portion) if b < len(encoded)]
    # libunistring allows a break between a letter or digit and a full-width bracket (UAX #14 LB30
    # as of Unicode 9); the unicode-linebreak crate does not.
    opportunities = sorted({*opportunities, *(m.start() for m in _WIDE_BRACKET_BREAK_RE.finditer(portion))})
    chosen = []
    column = startcol
    last = None  # last opportunity not yet taken
    previous = 0
    for point in opportunities:
        if point in prohibited or point == 0:
            continue
        piece = _width(portion[previous:point])
        if last is not None and column + piece > width:
            chosen.append(last)
            column = 0
        column += piece
        last, previous = point, point
    if last is not None and column + _width(portion[previous:]) > width:
        chosen.append(last)
    return chosen


def _field(keyword: str, value: str, prefix: str = "") -> list[str]:
    """Lines of one keyword and its string, wrapped as msgcat wraps them."""
    # As write-po.c: columns count from after the prefix and opening quote of a continuation line,
    # and one column is kept for the closing quote.
    indent = len(prefix) + 1
    width = PAGE_WIDTH - 1 - indent
    lines: list[str] = []
    portions = _escaped_portions(value)
    first = True
    for number, (portion, prohibited) in enumerate(portions):
        is_last = number == len(portions) - 1
        startcol = len(keyword) + 1 if first else 0
        breaks = _breaks(portion, width, startcol, prohibited)
        if first and portion and (not is_last or startcol > width or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            startcol = 0
            breaks = _breaks(portion, width, startcol, prohibited)
        head = f"{prefix}{keyword} " if first else prefix
        cuts = [0, *breaks, len(portion)]
        for index, (start, end) in enumerate(zip(cuts, cuts[1:])):
            lines.append(f'{head if index == 0 else prefix}"{portion[start:end]}"')
        first = False
    return lines


def _references(references: tuple[str, ...]) -> list[str]:
    lines, current = [], "#:"
    for reference in references:
        if len(current) > 2 and len(current) + 1 + len(reference) > PAGE_WIDTH:
            lines.append(current)
            current = "#:"
        current += " " + reference
    if len(current) > 2:
        lines.append(current)
    return lines


def _message_lines(message: Message) -> list[str]:
    lines = [f"# {c}" if c else "#" for c in message.comments]
    if not message.obsolete:
        lines += [f"#. {c}" if c else "#." for c in message.extracted]
        lines += _references(message.references)
    flags = message.flags
    if message.msgid and not any(message.msgstr_plural or (message.msgstr,)):
        flags = tuple(f for f in flags if f != "fuzzy")  # msgcat drops fuzzy from an empty translation
    if flags:
        lines.append("#, " + ", ".join(flags))
    prefix, previous = ("#~ ", "#~| ") if message.obsolete else ("", "#| ")
    if message.previous_msgctxt is not None:
        lines += _field("msgctxt", message.previous_msgctxt, previous)
    if message.previous_msgid is not None:
        lines += _field("msgid", message.previous_msgid, previous)
    if message.msgctxt is not None:
        lines += _field("msgctxt", message.msgctxt, prefix)
    lines += _field("msgid", message.msgid, prefix)
    if message.msgid_plural is not None:
        lines += _field("msgid_plural", message.msgid_plural, prefix)
        for index, text in enumerate(message.msgstr_plural):
            lines += _field(f"msgstr[{index}]", text, prefix)
    else:
        lines += _field("msgstr", message.msgstr, prefix)
    return lines


def write_catalog(catalog: Catalog) -> str:
    """The PO text of a catalogue, byte for byte as ``msgcat`` would print it."""
    blocks = ["\n".join(_message_lines(catalog.header))]
    blocks += ["\n".join(_message_lines(m)) for m in catalog.messages]
    return "\n\n".join(blocks) + "\n"
