"""The catalogue model and its PO form: a strict reader, and a writer that prints what GNU msgcat prints.

msgcat wraps strings at 79 columns by display width at Unicode line-break opportunities (libunistring);
polib and babel wrap differently, which shows up as diff noise each time a tool rewrites a file.
The writer below follows gettext's write-po.c: the break opportunities come from
unicode-segmentation-rs (UAX #14), and the greedy fill is libunistring's ``ulc_width_linebreaks``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from gettext import c2py
from typing import Iterable

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
    def translations(self) -> tuple[str, ...]:
        """The msgstr, or the msgstr[n] of a plural entry."""
        return self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and not self.obsolete and all(self.translations)

    @property
    def compiled(self) -> bool:
        """msgfmt puts it in the MO file: active, not fuzzy, its first translation (msgstr or msgstr[0])
        not empty; the other plural forms are not looked at."""
        strings = self.translations
        return not self.obsolete and not self.fuzzy and bool(strings) and strings[0] != ""

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


def newline_mismatch(message: Message) -> str | None:
    """What msgfmt refuses in an entry it compiles: a msgid and a msgid_plural or translation of which
    one begins (or ends) with a newline and the other does not. None if there is nothing to refuse."""
    if message.msgid == "":
        return None
    if message.msgid_plural is None:
        others = [("msgstr", message.msgstr)]
    else:
        others = [("msgid_plural", message.msgid_plural),
                  *((f"msgstr[{index}]", text) for index, text in enumerate(message.msgstr_plural))]
    for edge, at_edge, verb in (("leading", str.startswith, "begins"), ("trailing", str.endswith, "ends")):
        for name, text in others:
            if at_edge(text, "\n") != at_edge(message.msgid, "\n"):
                return f"msgid and {name} disagree on a {edge} \\n: one {verb} with a newline, the other does not"
    return None


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
#
# A strict reader of the PO grammar (GNU gettext's po-lex/po-gram), lines split on "\n" only. polib, the
# reader until version 0.2, splits on every Unicode line boundary (so a U+2028 or \x1e inside a string
# broke the file), accepted unterminated strings, and took 2.7 s for 100,000 entries. Two parsers, one
# result: an entry at a time for files in msgcat's layout (nearly all: 1.3 s for 100,000 entries), a
# line at a time for any other layout and for the error messages (2.5 s).

# A keyword and its string on one line; strings are "unrolled" (runs of plain characters between escapes),
# which the regex engine matches far faster than an alternation per character.
_KEYWORD_RE = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?[ \t]*"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*')
_STRING_RE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*')
_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))")
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}
_CHARSET_RE = re.compile(r"charset=([^\s;]+)", re.I)


def _unescape(body: str, path: str, number: int) -> str:
    """A PO string's escapes resolved. Octal and hex escapes are bytes, as in C: a run of them is decoded
    as UTF-8 (``\\345\\271\\262`` is 干), and bytes that are not UTF-8 are refused."""
    if "\\" not in body:
        return body
    pieces: list[str] = []
    pending = bytearray()
    last = 0
    for match in _ESCAPE_RE.finditer(body):
        octal, hexadecimal, char = match.groups()
        if match.start() > last or not (octal or hexadecimal):
            pieces.append(_decoded(pending, path, number))
            pieces.append(body[last:match.start()])
        last = match.end()
        if octal or hexadecimal:
            value = int(octal, 8) if octal else int(hexadecimal, 16)
            if value > 0xFF:
                raise I18nError(f"malformed PO: escape {match.group()} is not a byte", path, number)
            pending.append(value)
        elif char in _UNESCAPES:
            pieces.append(_UNESCAPES[char])
        else:
            raise I18nError(f"malformed PO: invalid escape \\{char}", path, number)
    pieces.append(_decoded(pending, path, number))
    pieces.append(body[last:])
    return "".join(pieces)


def _decoded(pending: bytearray, path: str, number: int) -> str:
    """The byte escapes gathered so far, as text (and the buffer emptied)."""
    if not pending:
        return ""
    try:
        return pending.decode("utf-8")
    except UnicodeDecodeError:
        raise I18nError("malformed PO: escaped bytes that are not UTF-8", path, number) from None
    finally:
        pending.clear()


class _Draft:
    """One entry as its lines arrive; fields hold lists of string pieces."""

    __slots__ = ("comments", "fields", "obsolete", "line", "msgstr_line", "field")

    def __init__(self) -> None:
        self.comments = _Comments()
        self.fields: dict[str, list[str]] = {}
        self.obsolete = False
        self.line = 0  # of the msgid
        self.msgstr_line = 0
        self.field: list[str] | None = None  # where a continuation string goes

    @property
    def started(self) -> bool:
        return bool(self.fields)

    @property
    def done(self) -> bool:
        """A msgstr has been read: the next comment or keyword other than msgstr[n] starts a new entry."""
        return "msgstr" in self.fields or "msgstr[0]" in self.fields


class _Comments:
    """The comment lines of one entry, sorted by kind."""

    __slots__ = ("translator", "extracted", "references", "flags")

    def __init__(self) -> None:
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.translator or self.extracted or self.references or self.flags)

    def add(self, line: str) -> None:
        """One line starting with "#" but not "#~" or "#|"."""
        mark = line[1:2]
        if mark == ".":
            self.extracted.append(line[3:] if line.startswith("#. ") else line[2:])
        elif mark == ":":
            self.references.extend(line[2:].split())
        elif mark == ",":
            self.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
        else:
            self.translator.append(line[2:] if line.startswith("# ") else line[1:])


def read_catalog(text: str, path: str = "<catalog>") -> Catalog:
    """Parse PO text. What makes ``msgfmt --check`` refuse the file raises I18nError naming the line:
    syntax errors, a byte-order mark, no header, a charset other than UTF-8, a Plural-Forms that does not
    parse or evaluate, duplicates (obsolete entries too), and in an entry msgfmt compiles, newlines at the
    start or end of the msgid that its translations do not have (or the reverse) or a number of plural
    forms other than nplurals. Its warnings (a missing header field, say) are not errors here either."""
    entries = _read_entries(text, path)
    if entries is None:
        entries = _parse_lines(text, path)
    return _catalog(entries, path)


# An entry as msgcat, msgmerge, Poedit and this writer print it: comment lines in msgcat's order,
# previous fields, keywords each followed by its strings, one prefix per line, blank lines between
# entries. Such files are read with one regex match per entry; anything else (odd spacing, CRLF, a
# syntax error) goes through the line parser below, which gives the same catalogue or the error with
# its line.
_PO_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'


def _entry_pattern(prefix: str, previous: str) -> re.Pattern[str]:
    def strings(name: str, lead: str) -> str:
        return rf"(?P<{name}>{_PO_STRING}(?:\n{re.escape(lead)}{_PO_STRING})*)"

    p, q = re.escape(prefix), re.escape(previous)
    return re.compile(
        r"(?P<translator>(?:#(?: [^\n\r]*)?\n)*)(?P<extracted>(?:#\.(?: [^\n\r]*)?\n)*)"
        r"(?P<references>(?:#:[^\n\r]*\n)*)(?P<flags>(?:#,[^\n\r]*\n)*)"
        rf"(?:{q}msgctxt {strings('previous_msgctxt', previous)}\n)?"
        rf"(?:{q}msgid {strings('previous_msgid', previous)}\n)?"
        rf"(?:{p}msgctxt {strings('msgctxt', prefix)}\n)?"
        rf"{p}msgid {strings('msgid', prefix)}\n"
        rf"(?:{p}msgid_plural {strings('msgid_plural', prefix)}\n"
        rf"(?P<plural>(?:{p}msgstr\[\d+\] {_PO_STRING}(?:\n{p}{_PO_STRING})*(?:\n|\Z))+)"
        rf"|(?P<msgstr_at>){p}msgstr {strings('msgstr', prefix)}(?:\n|\Z))"
        r"\n*")


# (pattern, what joins two strings of a field, of a previous field, obsolete): active entries, then #~ ones
_LAYOUTS = tuple((_entry_pattern(prefix, previous), f'"\n{prefix}"', f'"\n{previous}"', obsolete)
                 for prefix, previous, obsolete in (("", "#| ", False), ("#~ ", "#~| ", True)))
_GROUPS = ("translator", "extracted", "references", "flags", "previous_msgctxt", "previous_msgid", "msgctxt",
           "msgid", "msgid_plural", "plural", "msgstr")
_PLURAL_STRING_RE = re.compile(rf"msgstr\[(\d+)\] ({_PO_STRING}(?:\n(?:#~ )?{_PO_STRING})*)")

_Entry = tuple[Message, int]  # and the line of its msgstr (for the header's charset)


def _read_entries(text: str, path: str) -> list[_Entry] | None:
    """The entries of a PO file in msgcat's layout, or None when it is laid out otherwise."""
    entries: list[_Entry] = []
    position = len(text) - len(text.lstrip("\n"))
    line = 1 + position
    try:
        while position < len(text):
            for pattern, lead, previous, obsolete in _LAYOUTS:
                if match := pattern.match(text, position):
                    break
            else:
                return None
            (translator, extracted, references, flags, previous_msgctxt, previous_msgid, msgctxt, msgid,
             msgid_plural, plural, msgstr) = match.group(*_GROUPS)
            msgid_line = line + text.count("\n", position, match.start("msgid"))
            comments = (_comment_lines(translator, 2), _comment_lines(extracted, 3),
                        tuple(references.replace("\n#:", " ")[2:].split()),
                        tuple(f.strip() for f in flags.replace("\n#,", ",")[2:].split(",") if f.strip()))
            fields = {"msgid": _joined(msgid, lead, path)}
            for name, value, joint in (("previous_msgctxt", previous_msgctxt, previous),
                                       ("previous_msgid", previous_msgid, previous), ("msgctxt", msgctxt, lead),
                                       ("msgid_plural", msgid_plural, lead), ("msgstr", msgstr, lead)):
                if value is not None:
                    fields[name] = _joined(value, joint, path)
            for index, strings in _PLURAL_STRING_RE.findall(plural or ""):
                if f"msgstr[{index}]" in fields:
                    return None  # msgstr[n] twice: the line parser says where
                fields[f"msgstr[{index}]"] = _joined(strings, lead, path)
            msgstr_line = (msgid_line + text.count("\n", match.start("msgid"), match.start("msgstr_at"))
                           if not fields["msgid"] and msgstr is not None else 0)
            entries.append((_message(fields, *comments, obsolete, msgid_line, path), msgstr_line))
            line += text.count("\n", position, match.end())
            position = match.end()
    except I18nError:  # a bad escape or a plural entry out of order: the line parser names its line
        return None
    return entries


def _comment_lines(block: str, prefix_length: int) -> tuple[str, ...]:
    """The texts of comment lines that each begin with their two-character mark and a space (or end)."""
    if not block:
        return ()
    if block.index("\n") == len(block) - 1:  # one line, the usual case
        return (block[prefix_length:-1],)
    return tuple([line[prefix_length:] for line in block[:-1].split("\n")])


def _joined(strings: str, joint: str, path: str) -> str:
    """The value of a field's strings: no raw newline is inside a PO string, so each one is a joint.
    Each string's escapes are its own (``"\\1" "23"`` is not ``\\123``)."""
    body = strings[1:-1]
    if "\\" not in body:
        return body.replace(joint, "")
    return "".join([_unescape(piece, path, 0) for piece in body.split(joint)])


def _parse_lines(text: str, path: str) -> list[_Entry]:
    """The entries of any PO text the grammar allows, one line at a time."""
    if text.startswith("\ufeff"):  # which the entry reader's patterns never match
        raise I18nError("malformed PO: a byte-order mark (U+FEFF) before the first line; msgfmt refuses it, "
                        "so save the file as UTF-8 without BOM", path, 1)
    drafts: list[_Draft] = []
    draft = _Draft()
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")  # CRLF, and a stray CR before it, end the line; a comment keeps none
        if not line or line.isspace():
            continue
        prefix = ""
        if line[0] == "#":
            mark = line[1:2]
            if mark == "~":
                line = line[2:].lstrip(" ")
                if not line:
                    continue
                prefix = "~"
                if line[0] == "|":
                    line, prefix = line[1:].lstrip(" "), "~|"
            elif mark == "|":
                line, prefix = line[2:].lstrip(" "), "|"
            else:
                if draft.done:
                    drafts.append(draft)
                    draft = _Draft()
                draft.comments.add(line)
                draft.field = None
                continue
        if not line:  # "#|" or "#~|" with nothing after it: an empty comment line
            continue
        if line[0] == '"':
            string = _STRING_RE.fullmatch(line)
            if string is None:
                raise I18nError(f"malformed PO: unterminated string: {line.strip()[:40]}", path, number)
            if draft.field is None:
                raise I18nError("malformed PO: a string with no keyword before it", path, number)
            draft.field.append(_unescape(string.group(1), path, number))
            continue
        keyword = _KEYWORD_RE.fullmatch(line)
        if keyword is None:
            problem = "unterminated string" if '"' in line else "not a keyword or string"
            raise I18nError(f"malformed PO: {problem}: {line.strip()[:40]}", path, number)
        name, index, body = keyword.groups()
        if prefix.endswith("|"):
            if name not in ("msgctxt", "msgid", "msgid_plural") or index is not None:
                raise I18nError(f"malformed PO: {name} cannot be a previous (#|) field", path, number)
            name = "previous_" + name
        if (draft.done and name != "msgstr") or (name in ("msgctxt", "msgid") and "msgid" in draft.fields):
            drafts.append(draft)
            draft = _Draft()
        if index is not None:
            if name != "msgstr":
                raise I18nError(f"malformed PO: {name}[{index}] is not a keyword", path, number)
            name = f"msgstr[{index}]"
        if name in draft.fields:
            raise I18nError(f"malformed PO: {name} twice in one entry", path, number)
        if name == "msgid":
            draft.line = number
        elif name == "msgstr":
            draft.msgstr_line = number
        if draft.fields and draft.obsolete != prefix.startswith("~"):
            raise I18nError("malformed PO: inconsistent use of #~ within one entry", path, number)
        draft.obsolete = prefix.startswith("~")
        draft.field = draft.fields[name] = [_unescape(body, path, number)]
    drafts.append(draft)
    entries = []
    for draft in drafts:
        if not draft.started:
            if draft.comments:
                raise I18nError("malformed PO: comments with no entry after them", path, None)
            continue
        fields = {name: "".join(pieces) for name, pieces in draft.fields.items()}
        comments = draft.comments
        message = _message(fields, tuple(comments.translator), tuple(comments.extracted), tuple(comments.references),
                           tuple(comments.flags), draft.obsolete, draft.line, path)
        entries.append((message, draft.msgstr_line))
    return entries


def _message(fields: dict[str, str], translator: tuple[str, ...], extracted: tuple[str, ...],
             references: tuple[str, ...], flags: tuple[str, ...], obsolete: bool, line: int, path: str) -> Message:
    if "msgid" not in fields:
        raise I18nError("malformed PO: an entry without msgid", path, line or None)
    plural = [] if "msgstr[0]" not in fields else sorted(
        (int(name[7:-1]), value) for name, value in fields.items() if name.startswith("msgstr["))
    if "msgid_plural" in fields:
        if not plural or [i for i, _ in plural] != list(range(len(plural))):
            raise I18nError("malformed PO: a plural entry needs msgstr[0], msgstr[1], ...", path, line)
    elif plural:
        raise I18nError("malformed PO: msgstr[n] without msgid_plural", path, line)
    elif "msgstr" not in fields:
        raise I18nError("malformed PO: msgid without msgstr", path, line)
    if "fuzzy" in flags and fields["msgid"] and not any([value for _, value in plural] or [fields.get("msgstr")]):
        flags = tuple(f for f in flags if f != "fuzzy")  # as msgcat: an empty translation is not a draft
    return Message(fields["msgid"], fields.get("msgstr", ""), fields.get("msgctxt"), fields.get("msgid_plural"),
                   tuple(value for _, value in plural), translator, extracted, references, flags,
                   fields.get("previous_msgctxt"), fields.get("previous_msgid"), obsolete, line)


_NO_HEADER = 'no header: a catalogue begins with the entry msgid "" that holds its metadata'


def _catalog(entries: list[_Entry], path: str) -> Catalog:
    """The entries as a catalogue, refused (as ``msgfmt --check`` refuses the file) without a header, with
    a charset other than UTF-8 or a Plural-Forms that does not work, with two entries of one key (obsolete
    ones too), and with an entry msgfmt would compile whose newlines or number of plural forms are wrong."""
    if not entries:
        raise I18nError(_NO_HEADER, path, None)
    header, msgstr_line = entries[0]
    if header.msgid or header.msgctxt is not None or header.obsolete:
        raise I18nError(_NO_HEADER, path, header.line)
    if not header.msgstr:
        raise I18nError('the header entry (msgid "") is empty: it must hold the catalogue\'s metadata',
                        path, msgstr_line)
    metadata = parse_header(header.msgstr)
    _check_charset(metadata, path, msgstr_line)
    plural_forms = metadata.get("Plural-Forms")
    nplurals = None if plural_forms is None else _nplurals(plural_forms, path, msgstr_line)
    messages = [message for message, _ in entries[1:]]
    seen = {header.key: header.line}
    for message in messages:
        key = message.msgctxt, message.msgid
        if key in seen:
            raise I18nError(f"duplicate message definition (first defined at line {seen[key]})", path, message.line)
        seen[key] = message.line
        if message.obsolete:
            continue
        if message.msgid_plural is not None:
            if nplurals is None:
                raise I18nError("plural entry, but the header has no Plural-Forms" if plural_forms is None else
                                "plural entry, but the header's Plural-Forms lacks nplurals= or plural=",
                                path, message.line)
            if message.compiled and len(message.msgstr_plural) != nplurals:
                raise I18nError(f"plural entry with {len(message.msgstr_plural)} msgstr[n], but Plural-Forms "
                                f"says nplurals={nplurals}", path, message.line)
        elif "\n" not in message.msgid and "\n" not in message.msgstr:
            continue  # nearly every entry: no newline, nothing to compare
        problem = newline_mismatch(message) if message.compiled else None
        if problem:
            raise I18nError(problem, path, message.line)
    return Catalog(header, tuple(messages))


def _check_charset(metadata: dict[str, str], path: str, line: int) -> None:
    charset = _CHARSET_RE.search(metadata.get("Content-Type", ""))
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise I18nError(f"header declares charset {charset.group(1)}; only UTF-8 catalogues are supported",
                        path, line)


# The two attributes of Plural-Forms as msgfmt and GNU libintl find them: the text "nplurals=" then a
# number, the text "plural=" then an expression up to ";" or the end of the line. (babel reads the field
# as email-style parameters, which also takes "nplurals = 2" and "NPLURALS=2": neither of them finds those.)
_NPLURALS_RE = re.compile(r"nplurals=[ \t]*([^;\s]*)")
_PLURAL_RE = re.compile(r"plural=([^;\n]*)")


def _nplurals(plural_forms: str, path: str, line: int) -> int | None:
    """The number of plural forms a header's Plural-Forms gives, or None if it lacks nplurals= or plural=.
    What it has must work: nplurals a whole number from 1, plural an expression that gettext can evaluate
    to a form below nplurals (see _plural_problem)."""
    count, expression = _NPLURALS_RE.search(plural_forms), _PLURAL_RE.search(plural_forms)
    nplurals = None
    if count:
        if not (count[1].isascii() and count[1].isdigit() and int(count[1]) > 0):
            raise I18nError(f"Plural-Forms: nplurals must be a whole number from 1, not {count[1]!r}", path, line)
        nplurals = int(count[1])
    if expression:
        problem = _plural_problem(expression[1].strip(), nplurals)
        if problem:
            raise I18nError(f"Plural-Forms: {problem}", path, line)
    return nplurals if expression else None


@lru_cache(maxsize=32)  # a project's catalogues share a handful of Plural-Forms
def _plural_problem(expression: str, nplurals: int | None) -> str | None:
    """What is wrong with a plural expression: gettext cannot parse it (``gettext.c2py``, which Python's
    and babel's translation objects evaluate Plural-Forms with), or, for n from 0 to 1000 as msgfmt
    --check tries, it divides by zero or gives a form number outside 0 .. nplurals-1."""
    try:
        plural = c2py(expression)
    except (ValueError, SyntaxError):  # SyntaxError: a "!" after an operator ("2*!n"), which it cannot translate
        return f"the plural expression {expression!r} is not one gettext can evaluate"
    for n in range(1001):
        try:
            form = plural(n)
        except ZeroDivisionError:
            return f"the plural expression {expression!r} divides by zero for n={n}"
        if nplurals is not None and not 0 <= form < nplurals:
            return f"the plural expression {expression!r} gives form {form} for n={n}, but nplurals={nplurals}"
    return None


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
    # libunistring never breaks after spaces that open the text (nothing precedes them); the crate does.
    leading = len(portion) - len(portion.lstrip(" "))
    opportunities = sorted({*opportunities, *(m.start() for m in _WIDE_BRACKET_BREAK_RE.finditer(portion))}
                           - {leading})
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
    lines += [f"#. {c}" if c else "#." for c in message.extracted]
    lines += _references(message.references)
    flags = message.flags
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
