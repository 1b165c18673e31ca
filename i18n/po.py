"""The catalogue model and its PO form: a strict reader, and a writer that prints what GNU msgcat prints.

msgcat wraps strings at 79 columns by display width at Unicode line-break opportunities (libunistring);
polib and babel wrap differently, which shows up as diff noise each time a tool rewrites a file.
The writer below follows gettext's write-po.c: the break opportunities come from
unicode-segmentation-rs (UAX #14), corrected where libunistring 1.0 (gettext 0.21's) breaks otherwise,
and the greedy fill is libunistring's ``ulc_width_linebreaks``. Still measured or broken otherwise than
msgcat does: the ~270 characters whose width or line-break class changed after Unicode 14 (trigram and
hexagram signs, halfwidth katakana voiced marks, Hangul fillers, some Indic vowel signs, U+2057) and
characters assigned since; gettext releases on libunistring 1.1 or later break by newer rules.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from gettext import c2py
from itertools import accumulate
from typing import Iterable, NamedTuple, Sequence

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
    previous_msgid_plural: str | None = None
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
# A strict reader of the PO grammar as GNU gettext's po-lex.c and po-gram-gen.y define it, which is what
# ``msgfmt --check`` takes. Keywords, strings, the brackets of msgstr[n] and comments are tokens, blanks
# (CR among them) separate them, and the end of a line only ends a comment or a "#~", "#|" or "#~|"
# prefix: so keywords and strings may be indented, one line may hold several strings or a whole entry,
# a comment may follow a string on its line (and then belongs to the next entry), and a backslash at the
# end of a line joins the next line to it, as in C. polib, the reader until version 0.2, split lines on
# every Unicode line boundary (so a U+2028 or \x1e inside a string broke the file), accepted unterminated
# strings, and took 2.7 s for 100,000 entries. Two parsers, one result: an entry at a time for files in
# msgcat's layout (nearly all: 0.8 s of CPU for 100,000 entries), a token at a time for any other layout
# and for the error messages (1.1 s).

_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))")
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}
_CHARSET_RE = re.compile(r"charset=([^\s;]+)", re.I)


def _unescape(body: str, path: str, number: int) -> str:
    """A PO string's value: its escapes resolved, what gettext cannot hold in a string refused.
    Octal and hex escapes are bytes, as in C: a run of them is decoded as UTF-8 (``\\345\\271\\262`` is
    干), and bytes that are not UTF-8 are refused. Refused too, raw or escaped: U+0004, which separates
    msgctxt from msgid in a compiled catalogue (msgfmt refuses it), and NUL, where gettext ends the
    string (msgfmt silently drops the rest)."""
    if "\\" in body:
        body = _resolved(body, path, number)
    if "\x04" in body:
        raise I18nError("malformed PO: a string holds U+0004 (EOT), which gettext keeps to separate msgctxt "
                        "from msgid", path, number)
    if "\x00" in body:
        raise I18nError("malformed PO: a string holds a NUL character, where gettext would cut it short",
                        path, number)
    return body


def _resolved(body: str, path: str, number: int) -> str:
    """The string with its escapes replaced by what they stand for."""
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
            if value > 0xFF:  # gettext reads every hex digit after \x, then keeps the lowest byte
                raise I18nError(f"malformed PO: escape {match.group()} is not a byte (it is {value}; "
                                "msgfmt would keep only its lowest 8 bits)", path, number)
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


_REFERENCE_SEPARATOR_RE = re.compile(r"[ \t\r\n]+")


def _references_in(text: str) -> list[str]:
    """The file:line references of "#:" text, split where gettext splits them: at spaces and tabs, not at
    every character str.split() takes for a space (U+001C-U+001F, U+0085, U+2028 ...)."""
    return [reference for reference in _REFERENCE_SEPARATOR_RE.split(text) if reference]


class _Comments:
    """The comment lines of one entry, sorted by kind."""

    __slots__ = ("translator", "extracted", "references", "flags")

    def __init__(self) -> None:
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []

    def add(self, line: str) -> None:
        """One comment: "#" and the rest of its line."""
        mark = line[1:2]
        if mark == ".":
            self.extracted.append(line[3:] if line.startswith("#. ") else line[2:])
        elif mark == ":":
            self.references.extend(_references_in(line[2:]))
        elif mark == ",":
            self.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
        else:
            self.translator.append(line[2:] if line.startswith("# ") else line[1:])


def read_catalog(text: str, path: str = "<catalog>") -> Catalog:
    """Parse PO text. What makes ``msgfmt --check`` refuse the file raises I18nError naming the line:
    syntax errors, a byte-order mark, no header, a charset other than UTF-8, a Plural-Forms that does not
    parse or evaluate, duplicates (obsolete entries too), and in an entry msgfmt compiles, newlines at the
    start or end of the msgid that its translations do not have (or the reverse) or a number of plural
    forms other than nplurals. Its warnings (a missing header field, say) are not errors here either.
    Refused although msgfmt takes them, as gettext would not read what their author meant: a header that
    is not the first entry, escapes beyond a byte (gettext keeps their lowest byte), NUL in a string
    (gettext cuts the string there), a comment line that ends in a backslash, holds a CR or follows "#|"
    (see _parse_tokens); and a domain directive, which only ``msgfmt -o`` refuses."""
    entries = _read_entries(text, path)
    if entries is None:
        entries = _parse_tokens(text, path)
    return _catalog(entries, path)


# An entry as msgcat, msgmerge, Poedit and this writer print it: comment lines in msgcat's order,
# previous fields, keywords each followed by its strings, one prefix per line, blank lines between
# entries. Such files are read with one regex match per entry; anything else (odd spacing, CRLF, a
# comment line ending in a backslash, U+0004 or NUL in a string, a syntax error) goes through the token
# parser below, which gives the same catalogue or the error with its line.
_PO_STRING = r'"[^"\\\n\x00\x04]*(?:\\.[^"\\\n\x00\x04]*)*"'


def _entry_pattern(prefix: str, previous: str) -> re.Pattern[str]:
    def strings(name: str, lead: str) -> str:
        return rf"(?P<{name}>{_PO_STRING}(?:\n{re.escape(lead)}{_PO_STRING})*)"

    p, q = re.escape(prefix), re.escape(previous)
    return re.compile(
        r"(?P<translator>(?:#(?: [^\n\r]*)?(?<!\\)\n)*)(?P<extracted>(?:#\.(?: [^\n\r]*)?(?<!\\)\n)*)"
        r"(?P<references>(?:#:[^\n\r]*(?<!\\)\n)*)(?P<flags>(?:#,[^\n\r]*(?<!\\)\n)*)"
        rf"(?:(?:{q}msgctxt {strings('previous_msgctxt', previous)}\n)?"
        rf"{q}msgid {strings('previous_msgid', previous)}\n"
        rf"(?:{q}msgid_plural {strings('previous_msgid_plural', previous)}\n)?)?"
        rf"(?:{p}msgctxt {strings('msgctxt', prefix)}\n)?"
        rf"{p}msgid {strings('msgid', prefix)}\n"
        rf"(?:{p}msgid_plural {strings('msgid_plural', prefix)}\n"
        rf"(?P<plural>(?:{p}msgstr\[[0-9]+\] {_PO_STRING}(?:\n{p}{_PO_STRING})*(?:\n|\Z))+)"
        rf"|(?P<msgstr_at>){p}msgstr {strings('msgstr', prefix)}(?:\n|\Z))"
        r"\n*")


# (pattern, what joins two strings of a field, of a previous field, obsolete): active entries, then #~ ones
_LAYOUTS = tuple((_entry_pattern(prefix, previous), f'"\n{prefix}"', f'"\n{previous}"', obsolete)
                 for prefix, previous, obsolete in (("", "#| ", False), ("#~ ", "#~| ", True)))
_GROUPS = ("translator", "extracted", "references", "flags", "previous_msgctxt", "previous_msgid",
           "previous_msgid_plural", "msgctxt", "msgid", "msgid_plural", "plural", "msgstr")
_PLURAL_STRING_RE = re.compile(rf"msgstr\[([0-9]+)\] ({_PO_STRING}(?:\n(?:#~ )?{_PO_STRING})*)")

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
            (translator, extracted, references, flags, previous_msgctxt, previous_msgid, previous_msgid_plural,
             msgctxt, msgid, msgid_plural, plural, msgstr) = match.group(*_GROUPS)
            msgid_line = line + text.count("\n", position, match.start("msgid"))
            comments = (_comment_lines(translator, 2), _comment_lines(extracted, 3),
                        tuple(_references_in(references.replace("\n#:", " ")[2:])) if references else (),
                        tuple(f.strip() for f in flags.replace("\n#,", ",")[2:].split(",") if f.strip())
                        if flags else ())
            fields = {"msgid": _joined(msgid, lead, path)}
            if msgstr is not None:
                fields["msgstr"] = _joined(msgstr, lead, path)
            if previous_msgid is not None or msgctxt is not None or msgid_plural is not None:
                for name, value, joint in (("previous_msgctxt", previous_msgctxt, previous),
                                           ("previous_msgid", previous_msgid, previous),
                                           ("previous_msgid_plural", previous_msgid_plural, previous),
                                           ("msgctxt", msgctxt, lead), ("msgid_plural", msgid_plural, lead)):
                    if value is not None:
                        fields[name] = _joined(value, joint, path)
            for index, strings in _PLURAL_STRING_RE.findall(plural) if plural else ():
                name = f"msgstr[{int(index)}]"  # msgfmt reads msgstr[00] as msgstr[0]
                if name in fields:
                    return None  # msgstr[n] twice: the token parser says where
                fields[name] = _joined(strings, lead, path)
            msgstr_line = (msgid_line + text.count("\n", match.start("msgid"), match.start("msgstr_at"))
                           if not fields["msgid"] and msgstr is not None else 0)
            entries.append((_message(fields, *comments, obsolete, msgid_line, path), msgstr_line))
            line += text.count("\n", position, match.end())
            position = match.end()
    except I18nError:  # a bad escape or a plural entry out of order: the token parser names its line
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


# The tokens of po-lex.c, each after the blanks before it: a line end, a string, a word (a keyword, or
# an unknown one), a "#~", "#|" or "#~|" prefix, a comment up to the line end, the bracket or number of
# msgstr[n]; any other character (a quote that opens no string ending on its line, say) is junk. Blanks
# at the very end match nothing, and are skipped.
_TOKEN_RE = re.compile(
    r'[ \t\r\f\v]*(?:(?P<newline>\n)|"(?P<string>[^"\\\n]*(?:\\.[^"\\\n]*)*)"'
    r"|(?P<word>[A-Za-z_$][A-Za-z0-9_$]*)|(?P<prefix>#~\|?|#\|)|(?P<comment>#[^\n]*)"
    r"|(?P<open>\[)|(?P<number>[0-9]+)|(?P<close>\])|(?P<junk>[^ \t\r\f\v\n]))")
_KEYWORDS = frozenset({"msgctxt", "msgid", "msgid_plural", "msgstr"})
# What may follow each keyword's strings within one entry (po-gram-gen.y); "msgstr[n]" stands for any
# msgstr[n], and a msgstr where msgstr[n] belongs, or the reverse, is let through for _message to name.
# After msgstr or msgstr[n] an entry may end, and one of _STARTS begins the next.
_STARTS = frozenset({"previous_msgctxt", "previous_msgid", "msgctxt", "msgid"})
_ENDS = frozenset({"msgstr", "msgstr[n]"})
_FOLLOWS: dict[str | None, frozenset[str]] = {
    None: _STARTS,
    "previous_msgctxt": frozenset({"previous_msgid"}),
    "previous_msgid": frozenset({"previous_msgid_plural", "msgctxt", "msgid"}),
    "previous_msgid_plural": frozenset({"msgctxt", "msgid"}),
    "msgctxt": frozenset({"msgid"}),
    "msgid": frozenset({"msgid_plural", "msgstr", "msgstr[n]"}),
    "msgid_plural": _ENDS,
    "msgstr": frozenset(),
    "msgstr[n]": frozenset({"msgstr[n]"}),
}


def _shown(keyword: str) -> str:
    """A keyword as the file writes it."""
    return keyword.replace("previous_", "#| ")


class _Draft:
    """One entry as its tokens arrive; fields hold lists of string pieces."""

    __slots__ = ("comments", "fields", "obsolete", "line", "msgstr_line", "last", "last_line")

    def __init__(self) -> None:
        self.comments = _Comments()
        self.fields: dict[str, list[str]] = {}
        self.obsolete = False
        self.line = 0  # of the msgid
        self.msgstr_line = 0
        self.last: str | None = None  # the last keyword read, "msgstr[n]" for any msgstr[n]
        self.last_line = 0


class _Parser:
    """po-gram-gen.y: entries built from the tokens of one text as they arrive, each checked as it ends."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.entries: list[_Entry] = []
        self.draft = _Draft()
        self.field: list[str] | None = None  # where the next string goes
        self.field_previous = False  # whether that is a #| field

    def error(self, problem: str, number: int | None) -> I18nError:
        return I18nError(f"malformed PO: {problem}", self.path, number)

    def keyword(self, name: str, obsolete: bool, number: int) -> None:
        draft = self.draft
        kind = "msgstr[n]" if name.startswith("msgstr[") else name
        if draft.last in _ENDS and kind in _STARTS:
            self.finish()
            draft = self.draft
        if name in draft.fields:
            raise self.error(f"{_shown(name)} twice in one entry", number)
        if kind not in _FOLLOWS[draft.last]:
            if "msgid" in draft.fields:
                self.message()  # raises what the entry lacks (a msgid without msgstr, say), if anything
            raise self.error(f"{_shown(name)} cannot follow {_shown(draft.last)}" if draft.last else
                             f"{_shown(name)} with no msgid before it", number)
        if not draft.fields:
            draft.obsolete = obsolete
        elif obsolete != draft.obsolete:
            raise self.error("inconsistent use of #~ within one entry", number)
        if name == "msgid":
            draft.line = number
        elif name == "msgstr":
            draft.msgstr_line = number
        draft.last, draft.last_line = kind, number
        self.field = draft.fields[name] = []
        self.field_previous = kind.startswith("previous_")

    def string(self, value: str, obsolete: bool, previous: bool, number: int) -> None:
        draft = self.draft
        if self.field is None:
            raise self.error("a string with no keyword before it", number)
        if obsolete != draft.obsolete:
            raise self.error("inconsistent use of #~ within one entry", number)
        if previous != self.field_previous:
            raise self.error("inconsistent use of #| within one entry", number)
        self.field.append(value)

    def comment(self, line: str, number: int) -> None:
        draft = self.draft
        if draft.last in _ENDS:
            self.finish()
            draft = self.draft
        elif draft.last is not None:
            raise self.error(f"a comment after {_shown(draft.last)}, inside an entry: comments go before "
                             "an entry, not inside it", number)
        if "\r" in line:  # gettext ends lines at LF only: in a file with CR line ends, the rest is comment
            raise self.error("a carriage return (CR) inside a comment, which gettext reads as part of the "
                             "comment with the rest of the line: save the file with LF or CRLF line ends", number)
        draft.comments.add(line)
        self.field = None

    def end(self) -> list[_Entry]:
        """The entries, once the text is read; comments after the last one are dropped, as msgcat drops them."""
        draft = self.draft
        if draft.last in _ENDS or "msgid" in draft.fields:
            self.finish()
        elif draft.last is not None:
            raise self.error(f"{_shown(draft.last)} with no msgid after it", draft.last_line)
        return self.entries

    def finish(self) -> None:
        self.entries.append((self.message(), self.draft.msgstr_line))
        self.draft = _Draft()
        self.field = None

    def message(self) -> Message:
        draft = self.draft
        fields = {name: "".join(pieces) for name, pieces in draft.fields.items()}
        comments = draft.comments
        return _message(fields, tuple(comments.translator), tuple(comments.extracted), tuple(comments.references),
                        tuple(comments.flags), draft.obsolete, draft.line, self.path)


def _parse_tokens(text: str, path: str) -> list[_Entry]:
    """The entries of any PO text the grammar allows, a token at a time. Where gettext would read a
    comment other than its author meant, the file is refused: a comment line ending in a backslash (which
    joins the next line to it), a CR inside a comment (a file with CR line ends, which gettext reads as
    one line, its first comment running to the end of the file), and a comment after "#|"."""
    if text.startswith("\ufeff"):  # which the entry reader's patterns never match
        raise I18nError("malformed PO: a byte-order mark (U+FEFF) before the first line; msgfmt refuses it, "
                        "so save the file as UTF-8 without BOM", path, 1)
    text, joins = _spliced(text)
    parser = _Parser(path)
    line, obsolete, previous = 1, False, False
    waiting = ""  # what the last keyword still needs: "string", or for msgstr "msgstr", "index", "]"
    keyword, keyword_line, keyword_obsolete, index = "", 0, False, ""
    for token in _TOKEN_RE.finditer(text):
        kind = token.lastgroup
        if kind == "newline":
            line += 1
            obsolete = previous = False
            continue
        if kind == "prefix":
            obsolete, previous = obsolete or token["prefix"][1] == "~", previous or token["prefix"][-1] == "|"
            continue
        number = line + bisect_right(joins, token.start()) if joins else line
        if kind == "junk":
            char, start, end = token["junk"], token.start(kind), text.find("\n", token.start())
            rest = text[start:end if end >= 0 else None].rstrip()[:40]
            if char == '"':
                raise parser.error(f"unterminated string: {rest}", number)
            shown = rest if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"  # NBSP, say
            raise parser.error(f"not a keyword or string: {shown}", number)
        if kind == "string" and waiting in ("", "string", "msgstr"):
            if waiting == "msgstr":
                parser.keyword("msgstr", keyword_obsolete, keyword_line)
            parser.string(_unescape(token["string"], path, number), obsolete, previous, number)
            waiting = ""
        elif kind == "open" and waiting == "msgstr":
            waiting = "index"
        elif kind == "number" and waiting == "index":
            waiting, index = "]", token["number"]
        elif kind == "close" and waiting == "]":
            keyword = f"msgstr[{int(index)}]"  # msgfmt reads msgstr[00] as msgstr[0]
            parser.keyword(keyword, keyword_obsolete, keyword_line)
            waiting = "string"
        elif waiting in ("index", "]"):
            raise parser.error("msgstr[ must be followed by a number and ]", number)
        elif waiting:
            raise parser.error(f"{_shown(keyword)} with no string after it", keyword_line)
        elif kind == "word":
            keyword = token["word"]
            if keyword not in _KEYWORDS:
                raise parser.error("a domain directive: one catalogue per file is supported" if keyword == "domain"
                                   else f'unknown keyword "{keyword}"', number)
            if previous:
                if keyword == "msgstr":
                    raise parser.error("msgstr cannot be a previous (#|) field", number)
                keyword = "previous_" + keyword
            keyword_line, keyword_obsolete = number, obsolete
            if keyword == "msgstr":
                waiting = "msgstr"
            else:
                parser.keyword(keyword, obsolete, number)
                waiting = "string"
        elif kind == "comment":
            if joins and bisect_left(joins, token.end()) > bisect_right(joins, token.start()):
                raise parser.error("a comment line ends with a backslash, which makes gettext read the next line "
                                   "as part of the comment: remove it or put a space after it", number)
            if previous:  # po-lex.c reads the comment's line end itself, and keeps "#|" on for the next line
                raise parser.error("a comment after #|, which makes gettext read the next line as a #| line too",
                                   number)
            parser.comment(token["comment"].rstrip("\r"), number)
        else:  # a bracket or number outside msgstr[n]
            raise parser.error(f"not a keyword or string: {token[kind]}", number)
    if waiting:
        raise parser.error(f"{_shown(keyword)} with no string after it", keyword_line)
    return parser.end()


def _spliced(text: str) -> tuple[str, list[int]]:
    """The text with each backslash-newline taken out, as gettext's lexer joins the two lines (as C
    does), and the offsets in the new text where a line was joined, to number lines by."""
    if "\\\n" not in text:
        return text, []
    pieces = text.split("\\\n")
    return "".join(pieces), list(accumulate(len(piece) for piece in pieces[:-1]))


def _message(fields: dict[str, str], translator: tuple[str, ...], extracted: tuple[str, ...],
             references: tuple[str, ...], flags: tuple[str, ...], obsolete: bool, line: int, path: str) -> Message:
    """The entry of one msgid's fields, refused if its translations are missing or out of order."""
    if any(reference.endswith("\\") for reference in references):
        raise I18nError("malformed PO: a reference ends with a backslash, which msgcat writes at the end of a "
                        "#: line, where gettext joins the next line to it", path, line)
    plural = "msgid_plural" in fields
    if "msgstr" in fields:
        if plural:
            raise I18nError("malformed PO: a plural entry needs msgstr[0], msgstr[1], ...", path, line)
        forms: tuple[str, ...] = ()
    else:
        names = [name for name in fields if name.startswith("msgstr[")]
        if not plural:
            raise I18nError("malformed PO: msgstr[n] without msgid_plural" if names else
                            "malformed PO: msgid without msgstr", path, line)
        if not names:
            raise I18nError("malformed PO: a plural entry needs msgstr[0], msgstr[1], ...", path, line)
        if names != [f"msgstr[{index}]" for index in range(len(names))]:
            raise I18nError("malformed PO: a plural entry needs msgstr[0], msgstr[1], ... in that order", path, line)
        forms = tuple(fields[name] for name in names)
    if "fuzzy" in flags and fields["msgid"] and not any(forms or [fields["msgstr"]]):
        flags = tuple(f for f in flags if f != "fuzzy")  # as msgcat: an empty translation is not a draft
    return Message(fields["msgid"], fields.get("msgstr", ""), fields.get("msgctxt"), fields.get("msgid_plural"),
                   forms, translator, extracted, references, flags, fields.get("previous_msgctxt"),
                   fields.get("previous_msgid"), fields.get("previous_msgid_plural"), obsolete, line)


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
    messages = [message for message, _ in entries[1:]]
    _check_charset(metadata, path, msgstr_line, template=not any(m.msgstr or any(m.msgstr_plural) for m in messages))
    plural_forms = metadata.get("Plural-Forms")
    nplurals = None if plural_forms is None else _nplurals(plural_forms, path, msgstr_line)
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


def _check_charset(metadata: dict[str, str], path: str, line: int, template: bool) -> None:
    """UTF-8, or in a template (no translations) CHARSET, the placeholder xgettext writes: a translated
    catalogue compiled with it would not load (Python's gettext knows no such encoding)."""
    charset = _CHARSET_RE.search(metadata.get("Content-Type", ""))
    if charset and charset.group(1).lower().replace("_", "-") not in (
            ("utf-8", "utf8", "charset") if template else ("utf-8", "utf8")):
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


# msgcat breaks lines with libunistring 1.0: the pair table of UAX #14 (Unicode 14) and gettext's tweaks.
# unicode-linebreak follows the rules of Unicode 15; the two agree but where _opportunities corrects the
# crate (measured against libunistring itself on every pair and triple of classes, and against msgcat on
# generated catalogues). The sets below hold UAX #14 classes as libunistring 1.0 has them.
_INFIX_SEPARATORS = ",.:;\u037e\u0589\u060c\u060d\u07f8\u2044\ufe10\ufe13\ufe14"  # IS
_WIDE_OPENINGS = ("\u2329\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\u301d\ufe17\ufe35\ufe37\ufe39"
                  "\ufe3b\ufe3d\ufe3f\ufe41\ufe43\ufe47\ufe59\ufe5b\ufe5d\uff08\uff3b\uff5b\uff5f\uff62")  # OP, wide
_LINE_SEPARATORS = "\x85\u2028\u2029"  # BK and NL as a PO string holds them (\n, \r, \v, \f are escaped)
_UNATTACHED = f" \u200b{_LINE_SEPARATORS}"  # a combining mark after these is a letter (LB10)
_INFIX_RE = re.compile(f"[{_INFIX_SEPARATORS}](?! )")
_WIDE_OPENING_RE = re.compile(f"[{_WIDE_OPENINGS}]")
_SPACES_RE = re.compile(r" +(?=[^ !-~])")  # spaces before a character that is not printable ASCII
_LINE_SEPARATOR_RE = re.compile(f"[{_LINE_SEPARATORS}]")


class _ColumnWidths(dict):
    """The columns of each character as libunistring's uc_width counts them in msgcat's line breaking:
    control and format characters take none. A string takes the sum of its characters' columns
    (unicode-width gives an emoji sequence such as 👍🏽 or ❤️ the width of one picture; msgcat does not)."""

    def __missing__(self, char: str) -> int:
        width = self[char] = 0 if unicodedata.category(char) in ("Cc", "Cf") else useg.text_width(char)
        return width


_COLUMNS = _ColumnWidths()


def _width(text: str) -> int:
    return len(text) if text.isascii() and text.isprintable() else sum(map(_COLUMNS.__getitem__, text))


class _Traits(NamedTuple):
    """What the corrections ask of a character's UAX #14 class, as unicode-linebreak classes it."""
    alphanumeric: bool  # AL, HL or NU: a line may break on both sides of it next to an ideograph
    alphabetic: bool  # AL or HL: alphanumeric, and unlike NU a line may break between a hyphen and it
    after_space: bool  # a line may break before it after a letter and a space (not CL, CP, EX, IS, SY, WJ)
    combining: bool  # CM: it takes the class of the character before it, an opening bracket for one


@lru_cache(maxsize=None)
def _traits(char: str) -> _Traits:
    probe = f"\u4e2d{char}\u4e2da-{char} a {char}({char}\u4e2d"  # 中X中a-X a X(X中: ends at 1, 2, 5, 9 and 12
    ends = set(accumulate(map(len, useg.line_break_units(probe))))
    alphanumeric = {1, 2} <= ends
    combining = 1 not in ends and 2 in ends and 12 not in ends
    return _Traits(alphanumeric, alphanumeric and 5 in ends, 9 in ends, combining)


def _class_before(portion: str, index: int) -> str:
    """The character whose class decides a break before ``index``: the one before it, past the combining
    marks that belong to it (LB9); a letter for marks that follow a space, a line separator or nothing."""
    index -= 1
    while portion[index] != " " and _traits(portion[index]).combining:
        if index == 0 or portion[index - 1] in _UNATTACHED:
            return "a"
        index -= 1
    return portion[index]


@lru_cache(maxsize=8)  # _field asks twice for a portion whose first line does not fit
def _opportunities(portion: str) -> tuple[frozenset[int], frozenset[int]]:
    """Where libunistring allows a line break in an escaped portion (indices of the characters a line may
    begin with), and where the portion's line separators are."""
    # libunistring takes U+FFFC (CB) for an ideograph (ID)
    opportunities = set(accumulate(map(len, useg.line_break_units(portion.replace("\ufffc", "\u4e2d")))))
    for match in _INFIX_RE.finditer(portion):  # IS AL: gettext wants "<P>Some sentence.</P>" broken
        end = match.end()
        while end < len(portion) and portion[end] != " " and _traits(portion[end]).combining:
            end += 1
        if end < len(portion) and _traits(portion[end]).alphabetic:
            opportunities.add(end)
    separators = frozenset()
    if not (portion.isascii() and portion.isprintable()):  # what follows needs other characters
        for match in _WIDE_OPENING_RE.finditer(portion):  # AL, HL, NU before a wide OP (LB30 since Unicode 9)
            start = match.start()
            if start and portion[start - 1] not in " \u200d" and _traits(_class_before(portion, start)).alphanumeric:
                opportunities.add(start)
        separators = frozenset(match.start() for match in _LINE_SEPARATOR_RE.finditer(portion))
        for match in _SPACES_RE.finditer(portion):  # after spaces libunistring breaks before a combining mark
            start, end = match.span()  # (UAX #14 keeps OP SP* CM) and, after CP, before NS (LB16 keeps them)
            following = portion[end]
            if (end not in opportunities and start
                    and (following == "\u200d" or _traits(following).combining
                         or _class_before(portion, start) in ")]" and _traits(following).after_space)):
                opportunities.add(end)
    # no break after the spaces that start the portion, or a line, as if nothing came before them
    for start in (-1, *separators):
        opportunities.difference_update((start + 1, len(portion) - len(portion[start + 1:].lstrip(" "))))
    opportunities.discard(len(portion))
    return frozenset(opportunities), separators


@lru_cache(maxsize=8)
def _columns(portion: str) -> Sequence[int]:
    """The widths of the portion's beginnings: of portion[:0], portion[:1], ... and of the portion."""
    if portion.isascii() and portion.isprintable():
        return range(len(portion) + 1)
    return (0, *accumulate(map(_COLUMNS.__getitem__, portion)))


def _breaks(portion: str, width: int, startcol: int, prohibited: set[int]) -> list[int]:
    """Indices where a line break goes: libunistring's ``ulc_width_linebreaks``, a greedy fill over the
    break opportunities, in which a line separator (U+2028, U+2029, U+0085) ends a piece of text and
    starts the count of columns again without breaking the PO line."""
    columns = _columns(portion)
    if startcol + columns[-1] <= width:
        return []
    opportunities, separators = _opportunities(portion)
    chosen = []
    column = startcol
    last = None  # the last opportunity not taken yet
    previous = 0
    for point in sorted(opportunities.difference(prohibited).union(separators)):
        piece = columns[point] - columns[previous]
        if last is not None and column + piece > width:
            chosen.append(last)
            column = 0
        if point in separators:
            column, last, previous = 0, None, point + 1
        else:
            column += piece
            last, previous = point, point
    if last is not None and column + columns[-1] - columns[previous] > width:
        chosen.append(last)
    return chosen


def _field(keyword: str, value: str, prefix: str = "", page_width: int = PAGE_WIDTH) -> list[str]:
    """Lines of one keyword and its string, wrapped as msgcat wraps them (at ``page_width`` columns)."""
    # As write-po.c: columns count from after the prefix and opening quote of a continuation line,
    # and one column is kept for the closing quote.
    indent = len(prefix) + 1
    width = page_width - 1 - indent
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
    page_width = _NO_WRAP if "no-wrap" in flags else PAGE_WIDTH  # as msgcat: the flag turns wrapping off
    fields = [("msgctxt", message.previous_msgctxt, previous), ("msgid", message.previous_msgid, previous),
              ("msgid_plural", message.previous_msgid_plural, previous), ("msgctxt", message.msgctxt, prefix),
              ("msgid", message.msgid, prefix), ("msgid_plural", message.msgid_plural, prefix)]
    if message.msgid_plural is not None:
        fields += [(f"msgstr[{index}]", text, prefix) for index, text in enumerate(message.msgstr_plural)]
    else:
        fields.append(("msgstr", message.msgstr, prefix))
    for keyword, value, lead in fields:
        if value is not None:
            lines += _field(keyword, value, lead, page_width)
    return lines


def rewrite_translations(text: str, before: Catalog, catalog: Catalog, path: str = "<catalog>") -> str:
    """The PO text (which reads as ``before``) with the translations of ``catalog`` (the same entries, in
    the same order, some with another msgstr) put in: only the msgstr lines of the entries that changed are rewritten, as msgcat
    writes them, and every other byte stays (line ends, wrapping, comments), so that a fix is a small diff
    in a file Poedit, Weblate or a Windows editor saved. Where the result would not read back as
    ``catalog`` (a layout the splice cannot see into), the whole text in msgcat's layout, with the file's
    CRLF line ends if it had them."""
    lines = text.split("\n")  # as the reader numbers lines: a CR stays at the end of its line
    page_width = _NO_WRAP if _written_unwrapped(lines) else PAGE_WIDTH
    for old, new in reversed(list(zip(before.messages, catalog.messages))):  # the last first: indices hold
        if old.translations == new.translations or old.obsolete or old.line < 1:
            continue
        start = next((i for i in range(old.line - 1, len(lines)) if lines[i].lstrip().startswith("msgstr")), None)
        if start is None:
            break
        end = start + 1  # past the strings of every msgstr, msgstr[n] and msgstr [n], and lines a \ joins
        while end < len(lines) and (lines[end].lstrip().startswith(('"', "msgstr"))
                                    or lines[end - 1].rstrip("\r").endswith("\\")):
            end += 1
        width = _NO_WRAP if "no-wrap" in new.flags else page_width
        fields = ([_field(f"msgstr[{index}]", form, page_width=width) for index, form in enumerate(new.msgstr_plural)]
                  if new.msgid_plural is not None else [_field("msgstr", new.msgstr, page_width=width)])
        carriage_return = "\r" if lines[start].endswith("\r") else ""
        lines[start:end] = [line + carriage_return for field_lines in fields for line in field_lines]
    else:
        result = "\n".join(lines)
        try:
            if read_catalog(result, path) == catalog:
                return result
        except I18nError:  # a layout the splice cannot see into
            pass
    whole = write_catalog(catalog)
    return whole.replace("\n", "\r\n") if "\r\n" in text else whole


def _written_unwrapped(lines: list[str]) -> bool:
    """Whether a file was written unwrapped (msgcat --no-wrap): more of its string lines are longer than msgcat
    leaves them, where it could have broken them (at a space, or in CJK text; a long URL alone is no sign),
    than are broken where the string holds no newline (a wrapped field). One long translation pasted into a
    wrapped file does not make the file unwrapped."""
    strings = [line.strip() for line in lines if line.lstrip().startswith(('"', "msg"))]
    long = sum(1 for line in strings
               if _width(line) > PAGE_WIDTH + 1 and (" " in line.rstrip('"').rstrip() or not line.isascii()))
    broken = sum(1 for previous, line in zip(strings, strings[1:])
                 if line.startswith('"') and previous.endswith('"') and not previous.endswith(('\\n"', ' ""')))
    return long > broken


_NO_WRAP = 1 << 30


def write_catalog(catalog: Catalog) -> str:
    """The PO text of a catalogue, byte for byte as ``msgcat`` would print it."""
    blocks = ["\n".join(_message_lines(catalog.header))]
    blocks += ["\n".join(_message_lines(m)) for m in catalog.messages]
    return "\n\n".join(blocks) + "\n"
