"""The PO writer prints what GNU msgcat prints, and reading what it wrote gives the same catalogue."""
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from i18n.errors import I18nError
from i18n.po import (Catalog, Message, format_header, newline_mismatch, read_catalog, rewrite_translations,
                     write_catalog)

needs_msgcat = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext not installed")

HEADER = Message("", format_header({"Project-Id-Version": "test", "Language": "zh_Hans",
                                    "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                                    "Content-Transfer-Encoding": "8bit"}),
                 comments=("Test catalogue.",))

# Text that exercises wrapping: Latin words, Chinese runs with full-width punctuation, escapes.
_pieces = st.sampled_from([
    "stem ", "cell ", "therapy ", "multiple sclerosis (MS) ", "chronic-autoimmune ", "disease/condition ",
    "{affects} ", "<b>leading</b> ", "x" * 30, "x" * 85, "多发性硬化症", "是一种影响中枢神经系统的慢性自身免疫性疾病，",
    "间充质干细胞（MSC）", "“引号”：；", "。", '\\"q"', "\t", "\n", " ", "2023 年", "20–40 岁",
    # where libunistring, which msgcat breaks lines with, and UAX #14 as unicode-linebreak has it differ
    "https://example.org/a/index.html", "info@example.org", "e.g.", "0.87", "</p><p>", "→（见图2）",
    "ocrelizumab（奥瑞珠单抗）", "é（", "(MS) ：", "👍🏽", "❤️", "\u2028",
])
texts = st.lists(_pieces, min_size=1, max_size=40).map("".join)
messages = st.builds(
    Message,
    msgid=texts,
    msgstr=st.one_of(st.just(""), texts),
    msgctxt=st.one_of(st.none(), st.sampled_from(["heading", "paragraph"])),
    comments=st.lists(st.sampled_from(["i18n-ignore: ZH001", "translator note"]), max_size=2).map(tuple),
    extracted=st.lists(st.sampled_from(["paragraph, mixed", "terms: 间充质干细胞 = mesenchymal stem cell (MSC)"]),
                       max_size=2).map(tuple),
    references=st.lists(st.sampled_from([f"source_texts/stem-cell-therapy-overview.txt:{n}" for n in range(1, 40)]),
                        max_size=6, unique=True).map(tuple),
    flags=st.sampled_from([(), ("fuzzy",)]),
    previous_msgid=st.one_of(st.none(), texts),
)


def _catalog(items):
    # msgcat drops a fuzzy flag from an empty translation; such messages are not generated.
    unique = {m.key: m for m in items if m.msgstr or not m.fuzzy}
    return Catalog(HEADER, tuple(unique.values()))


def _readable(message: Message) -> bool:
    """Not an entry msgfmt compiles whose newlines at the edges differ (which the reader refuses)."""
    return not (message.compiled and newline_mismatch(message))


@needs_msgcat
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(messages, min_size=1, max_size=12))
def test_writer_is_byte_identical_to_msgcat(tmp_path_factory, items):
    catalog = _catalog(items)
    assume(catalog.messages)  # msgcat prints nothing for a header alone
    written = write_catalog(catalog)
    path = tmp_path_factory.mktemp("po") / "x.po"
    path.write_text(written, encoding="utf-8")
    result = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True)
    assert written == result.stdout


@settings(max_examples=100, deadline=None)
@given(st.lists(messages, min_size=1, max_size=8))
def test_read_back_is_lossless(items):
    catalog = _catalog(filter(_readable, items))
    again = read_catalog(write_catalog(catalog))
    strip = lambda c: [m.__class__(**{**m.__dict__, "line": 0}) for m in c.messages]  # noqa: E731
    assert strip(again) == list(catalog.messages)
    assert again.header.msgstr == catalog.header.msgstr


def test_msgid_line_is_reported():
    text = write_catalog(Catalog(HEADER, (Message("One.", references=("a.txt:1",), extracted=("x",)),)))
    message = read_catalog(text).messages[0]
    assert text.split("\n")[message.line - 1] == 'msgid "One."'


@pytest.mark.parametrize("text, line, words", [
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
     8, "duplicate message definition (first defined at line 5)"),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n', 2, "charset ISO-8859-1"),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a\nmsgstr "b"\n', 5, "malformed PO: unterminated string"),
])
def test_bad_catalogues_name_file_and_line(text, line, words):
    with pytest.raises(I18nError) as caught:
        read_catalog(text, "x.po")
    assert words in str(caught.value)
    assert caught.value.path == "x.po"
    if line is not None:
        assert caught.value.line == line


_EMPTY_COMMENTS = """\
#
# Catalogue title.
#
#, fuzzy
msgid ""
msgstr ""
"Language: zh_Hans\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#
msgid "Alone."
msgstr "单独。"

#
#
# after two empty lines
#
#. paragraph, en
msgid "Leading."
msgstr "开头。"

#
#~ msgid "Obsolete."
#~ msgstr "过时。"
"""


def test_empty_translator_comment_lines_survive_a_round_trip():
    catalog = read_catalog(_EMPTY_COMMENTS)
    assert catalog.header.comments == ("", "Catalogue title.", "")
    assert [m.comments for m in catalog.messages] == [("",), ("", "", "after two empty lines", ""), ("",)]
    assert write_catalog(catalog) == _EMPTY_COMMENTS


@needs_msgcat
def test_empty_translator_comment_lines_are_written_as_msgcat_writes_them(tmp_path):
    path = tmp_path / "empty-comments.po"
    path.write_text(_EMPTY_COMMENTS, encoding="utf-8")
    printed = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
    assert write_catalog(read_catalog(_EMPTY_COMMENTS)) == printed


# Any character a PO string can hold: not NUL, where gettext ends a string, nor U+0004, which separates
# msgctxt from msgid in a compiled catalogue (the reader refuses both: PO_REFUSED in
# test_bad_input.py).
_po_characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(_po_characters, min_size=1, max_size=30), st.text(_po_characters, max_size=30),
                          st.one_of(st.none(), st.text(_po_characters, max_size=10))),
                max_size=8, unique_by=lambda e: (e[2], e[0])))
def test_any_unicode_survives_write_then_read(entries):
    """Quotes, backslashes, tabs, control characters, Unicode line separators (U+2028, \\x1c-\\x1e:
    polib split lines on them), contexts and plurals come back as they went in."""
    messages = tuple(filter(_readable, (
        Message(msgid, msgstr, msgctxt) if number % 3 else
        Message(msgid, "", msgctxt, msgid_plural=msgid + "s", msgstr_plural=(msgstr, msgstr * 2))
        for number, (msgid, msgstr, msgctxt) in enumerate(entries))))
    plural_header = Message("", HEADER.msgstr + "Plural-Forms: nplurals=2; plural=(n != 1);\n", comments=HEADER.comments)
    catalog = Catalog(plural_header, messages)
    assert read_catalog(write_catalog(catalog)).messages == catalog.messages


@pytest.mark.parametrize("text, line, words", [
    ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, "msgstr twice"),
    ('msgid "a"\n', 1, "msgid without msgstr"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 1, "plural entry needs msgstr[0]"),
    ('msgid "a"\nmsgstr[0] "b"\n', 1, "msgstr[n] without msgid_plural"),
    ('msgid "a\\q"\nmsgstr "b"\n', 1, "invalid escape"),
    ('"orphan"\n', 1, "a string with no keyword"),
    ('msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n', 4,
     "no Plural-Forms"),
])
def test_strict_reader_refuses_what_msgfmt_refuses(text, line, words):
    with pytest.raises(I18nError) as caught:
        read_catalog(text, "x.po")
    assert words in caught.value.message and caught.value.line == line


def test_reader_agrees_with_polib_on_the_bundled_catalogues(root):
    """polib, the reader before ours, is the second opinion: on real files both see the same entries."""
    polib = pytest.importorskip("polib")
    for path in sorted((root / "locales").rglob("*.po*")):
        ours = read_catalog(path.read_text(encoding="utf-8"), str(path))
        theirs = polib.pofile(str(path))
        assert [(m.msgctxt, m.msgid, m.msgstr, m.flags, m.references, m.extracted, m.obsolete)
                for m in ours.messages] == [
            (e.msgctxt, e.msgid, e.msgstr, tuple(e.flags), tuple(f"{f}:{n}" for f, n in e.occurrences),
             tuple(e.comment.split("\n")) if e.comment else (), bool(e.obsolete)) for e in theirs if e.msgid]


def _both_parsers(text: str) -> tuple[list | None, list]:
    """What each parser read: messages with their lines, and the line of the header's msgstr."""
    from i18n.po import _parse_tokens, _read_entries

    def seen(entries):
        return None if entries is None else [(m, m.line) for m, _ in entries] + [entries[0][1]]
    return seen(_read_entries(text, "x.po")), seen(_parse_tokens(text, "x.po"))


_LAYOUTS = [
    lambda text: text,
    lambda text: text.replace("\n", "\r\n"),  # CRLF: the token parser's
    lambda text: text.replace('"\n', '" \t\n'),  # blanks after strings
    lambda text: text.replace("msgid ", "msgid\t"),
    lambda text: text.replace("\n\n", "\n  \n"),  # a blank line of spaces between entries
    lambda text: text.replace("\n#:", "\n#:\n#. moved"),  # comments out of msgcat's order
    lambda text: text.replace('"\n\n', '" # after\n\n'),  # a comment after a string: the next entry's
]
_entries = st.lists(st.tuples(messages, st.booleans(), st.booleans()), min_size=1, max_size=10)


def _written(items) -> str:
    """A catalogue of the generated messages, each obsolete or not, plural or not, as msgcat prints it."""
    plural_header = Message("", HEADER.msgstr + "Plural-Forms: nplurals=2; plural=(n != 1);\n")
    messages_ = []
    for message, obsolete, plural in items:
        if plural:
            message = Message(message.msgid, "", message.msgctxt, message.msgid + "s",
                              (message.msgstr, message.msgstr), extracted=message.extracted,
                              previous_msgid=message.previous_msgid,
                              previous_msgid_plural=message.previous_msgid and message.previous_msgid + "s")
        messages_.append(Message(**{**message.__dict__, "obsolete": obsolete}))
    return write_catalog(_catalog_with(plural_header, messages_))


@settings(max_examples=80, deadline=None)
@given(_entries, st.sampled_from(_LAYOUTS))
def test_entry_reader_and_line_parser_agree(items, layout):
    """Files in msgcat's layout are read one regex match an entry; every other layout goes through the
    token parser. Both must give the same messages and the same lines, whatever the layout."""
    written = _written(items)
    fast, slow = _both_parsers(written)
    assert fast == slow
    text = layout(written)
    fast, slow = _both_parsers(text)
    assert fast is None or fast == slow
    assert read_catalog(text) == read_catalog(write_catalog(read_catalog(text)))


# Layouts outside msgcat's that msgfmt --check takes, as po-lex.c reads tokens rather than lines: each
# gives the catalogue of the text msgcat printed, and those that keep every keyword on its line the same
# msgid lines. (Each string line keeps its "#~ ", "#| " or "#~| " prefix: the prefix lasts to the line end.)
_CONTINUATIONS_RE = re.compile(r'"\n(?:#~\|? |#\| )?"')  # a string's end, its field's next string
_TOKEN_LAYOUTS = [  # (layout, whether the msgid lines stay)
    (lambda text: re.sub(r'^(#~\|? |#\| |)(msg|")', "\\1 \t\\2", text, flags=re.M), True),  # indented
    (lambda text: text.replace('msgid "', 'msgid\f"').replace('msgstr "', 'msgstr\v "'), True),  # other blanks
    (lambda text: _CONTINUATIONS_RE.sub('" "', text), False),  # the strings of a field on one line
    (lambda text: re.sub(r'"\n(?:#~ )?msg(?=str|id_plural)', '" msg', text), False),  # msgid and msgstr on one line
    (lambda text: re.sub(r'^(#~\|? |#\| |)(msg\w+(?:\[\d+\])?) "', "\\1\\2\n\\1\"", text, flags=re.M),
     False),  # each keyword on a line of its own, its first string on the next
]


@settings(max_examples=80, deadline=None)
@given(_entries, st.sampled_from(_TOKEN_LAYOUTS))
def test_layouts_msgfmt_takes_give_the_same_catalogue(items, layout):
    written = _written(items)
    change, same_lines = layout
    text = change(written)
    assert text != written
    expected, catalog = read_catalog(written), read_catalog(text)
    assert catalog == expected
    if same_lines:
        assert [m.line for m in catalog.messages] == [m.line for m in expected.messages]


def _catalog_with(header, items):
    # One entry a key, obsolete or not: msgfmt and the reader refuse an obsolete duplicate too.
    unique = {m.key: m for m in items if (m.msgstr or m.msgstr_plural or not m.fuzzy) and _readable(m)}
    return Catalog(header, tuple(unique.values()))


# What GNU ``msgfmt --check`` refuses, the reader refuses: with one line of its own naming the line of the
# msgid (the header's msgstr for the header's faults), the same from both parsers. Each text is read as
# written (msgcat's layout: the entry reader) and with CRLF line ends (the token parser's), and msgfmt is
# asked too, so that the table cannot drift from what GNU gettext decides.
_HEAD = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
         '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')  # entries start on line 6
_PLURAL_FORMS_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {}\\n"\n'
_TRAILING = "msgid and {} disagree on a trailing \\n: one ends with a newline, the other does not"
_LEADING = "msgid and {} disagree on a leading \\n: one begins with a newline, the other does not"
_NO_HEADER = 'no header: a catalogue begins with the entry msgid "" that holds its metadata'


def _msgfmt_check(text: str, folder) -> int | None:
    """The exit code of ``msgfmt --check`` on the text (0 takes it, 1 refuses it); None without GNU gettext."""
    if shutil.which("msgfmt") is None:
        return None
    path = folder / "catalogue.po"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode


def _both_layouts(text: str) -> tuple[str, str]:
    """The text as the entry reader takes it and, with CRLF line ends, as only the token parser does."""
    from i18n.po import _read_entries

    crlf = text.replace("\n", "\r\n")
    assert _read_entries(text, "x.po") is not None or text.startswith("\ufeff")
    assert _read_entries(crlf, "x.po") is None or not text
    return text, crlf


_PLURAL = 'msgid "cell"\nmsgid_plural "cells"\n'
REFUSED = {  # case: (text, line, message)
    "msgid ends with a newline, msgstr not":
        (_HEAD + 'msgid "One.\\n"\nmsgstr "一。"\n', 6, _TRAILING.format("msgstr")),
    "msgstr begins with a newline, msgid not":
        (_HEAD + 'msgid "One."\nmsgstr "\\n一。"\n', 6, _LEADING.format("msgstr")),
    "newline in a later string of the msgid":
        (_HEAD + '#: a.txt:1\nmsgid ""\n"One.\\n"\nmsgstr "一。"\n\nmsgid "Two.\\n"\nmsgstr "二。"\n', 7,
         _TRAILING.format("msgstr")),
    "msgid_plural ends with a newline":
        (_HEAD + 'msgid "cell"\nmsgid_plural "cells\\n"\nmsgstr[0] "a"\nmsgstr[1] "b"\n', 6,
         _TRAILING.format("msgid_plural")),
    "an empty msgstr[1] of a compiled plural entry":
        (_HEAD + 'msgid "cell\\n"\nmsgid_plural "cells\\n"\nmsgstr[0] "a\\n"\nmsgstr[1] ""\n', 6,
         _TRAILING.format("msgstr[1]")),
    "fewer plural forms than nplurals":
        (_HEAD + 'msgid "x"\nmsgstr "y"\n\n' + _PLURAL + 'msgstr[0] "a"\n', 9,
         "plural entry with 1 msgstr[n], but Plural-Forms says nplurals=2"),
    "more plural forms than nplurals":
        (_HEAD + _PLURAL + 'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n', 6,
         "plural entry with 3 msgstr[n], but Plural-Forms says nplurals=2"),
    "an obsolete entry repeating an active one":
        (_HEAD + 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 9,
         "duplicate message definition (first defined at line 6)"),
    "an active entry repeating an obsolete one":
        (_HEAD + '#~ msgid "a"\n#~ msgstr "c"\n\nmsgid "a"\nmsgstr "b"\n', 9,
         "duplicate message definition (first defined at line 6)"),
    "two obsolete entries of one key":
        (_HEAD + '#~ msgctxt "k"\n#~ msgid "a"\n#~ msgstr "c"\n\n#~ msgctxt "k"\n#~ msgid "a"\n#~ msgstr "d"\n', 11,
         "duplicate message definition (first defined at line 7)"),
    "a second header":
        (_HEAD + 'msgid ""\nmsgstr "Language: en\\n"\n', 6, "duplicate message definition (first defined at line 1)"),
    "nplurals not a number":
        (_PLURAL_FORMS_HEAD.format("nplurals=x; plural=foo;"), 2,
         "Plural-Forms: nplurals must be a whole number from 1, not 'x'"),
    "nplurals zero":
        (_PLURAL_FORMS_HEAD.format("nplurals=0; plural=0;"), 2,
         "Plural-Forms: nplurals must be a whole number from 1, not '0'"),
    "xgettext's placeholder":
        (_PLURAL_FORMS_HEAD.format("nplurals=INTEGER; plural=EXPRESSION;"), 2,
         "Plural-Forms: nplurals must be a whole number from 1, not 'INTEGER'"),
    "a plural expression that does not parse":
        (_PLURAL_FORMS_HEAD.format("nplurals=2; plural=(n != 1;"), 2,
         "Plural-Forms: the plural expression '(n != 1' is not one gettext can evaluate"),
    "a plural expression with a word after it":
        (_PLURAL_FORMS_HEAD.format("nplurals=2; plural=n==1 ? 0 : 1 x;"), 2,
         "Plural-Forms: the plural expression 'n==1 ? 0 : 1 x' is not one gettext can evaluate"),
    "a plural form beyond nplurals":
        (_PLURAL_FORMS_HEAD.format("nplurals=2; plural=n;"), 2,
         "Plural-Forms: the plural expression 'n' gives form 2 for n=2, but nplurals=2"),
    "a plural form beyond nplurals only at n=1000":
        (_PLURAL_FORMS_HEAD.format("nplurals=2; plural=n>999 ? 2 : 0;"), 2,
         "Plural-Forms: the plural expression 'n>999 ? 2 : 0' gives form 2 for n=1000, but nplurals=2"),
    "a negative plural form":
        (_PLURAL_FORMS_HEAD.format("nplurals=2; plural=n-5;"), 2,
         "Plural-Forms: the plural expression 'n-5' gives form -5 for n=0, but nplurals=2"),
    "a division by zero":
        (_PLURAL_FORMS_HEAD.format("nplurals=2; plural=(n>1)/(3-n);"), 2,
         "Plural-Forms: the plural expression '(n>1)/(3-n)' divides by zero for n=3"),
    "Plural-Forms with spaces around =, a plural entry":
        (_PLURAL_FORMS_HEAD.format("plural = (n > 1) ; nplurals = 2") + "\n" + _PLURAL
         + 'msgstr[0] "a"\nmsgstr[1] "b"\n', 6, "plural entry, but the header's Plural-Forms lacks nplurals= or plural="),
    "Plural-Forms without plural=, a plural entry":
        (_PLURAL_FORMS_HEAD.format("nplurals=2;") + "\n" + _PLURAL + 'msgstr[0] "a"\nmsgstr[1] "b"\n', 6,
         "plural entry, but the header's Plural-Forms lacks nplurals= or plural="),
    "no header": ('# A comment.\nmsgid "a"\nmsgstr "b"\n', 2, _NO_HEADER),
    "an empty file": ("", None, _NO_HEADER),
    "blank lines only": ("\n\n", None, _NO_HEADER),
    "a header with a context": ('msgctxt "x"\nmsgid ""\nmsgstr "Language: en\\n"\n', 2, _NO_HEADER),
    "an obsolete header": ('#~ msgid ""\n#~ msgstr "Language: en\\n"\n', 1, _NO_HEADER),
    "an empty header":
        ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n', 2,
         'the header entry (msgid "") is empty: it must hold the catalogue\'s metadata'),
    "a UTF-8 byte-order mark":
        ("\ufeff" + _HEAD + 'msgid "a"\nmsgstr "b"\n', 1,
         "malformed PO: a byte-order mark (U+FEFF) before the first line; msgfmt refuses it, "
         "so save the file as UTF-8 without BOM"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_reader_refuses_what_msgfmt_check_refuses(case, tmp_path):
    text, line, message = REFUSED[case]
    for layout in _both_layouts(text):
        with pytest.raises(I18nError) as caught:
            read_catalog(layout, "x.po")
        assert (caught.value.message, caught.value.path, caught.value.line) == (message, "x.po", line)
    assert _msgfmt_check(text, tmp_path) in (1, None)


# What msgfmt --check lets through, at most with a warning, the reader takes too.
ACCEPTED = {
    "a fuzzy entry whose newlines differ": _HEAD + '#, fuzzy\nmsgid "One.\\n"\nmsgstr "一。"\n',
    "an untranslated entry ending with a newline": _HEAD + 'msgid "One.\\n"\nmsgstr ""\n',
    "an obsolete entry whose newlines differ": _HEAD + '#~ msgid "One.\\n"\n#~ msgstr "一。"\n',
    "newlines inside the strings only": _HEAD + 'msgid "One.\\nTwo."\nmsgstr "一。\\n二。"\n',
    "newlines at both edges of both": _HEAD + 'msgid "\\nOne.\\n"\nmsgstr "\\n一。\\n"\n',
    "an empty context whose msgid is empty": _HEAD + 'msgctxt ""\nmsgid ""\nmsgstr "\\n"\n',
    "an untranslated plural entry with one form": _HEAD + _PLURAL + 'msgstr[0] ""\n',
    "a fuzzy plural entry with one form": _HEAD + "#, fuzzy\n" + _PLURAL + 'msgstr[0] "a"\n',
    "an obsolete plural entry with three forms":
        _HEAD + '#~ msgid "cell"\n#~ msgid_plural "cells"\n#~ msgstr[0] "a"\n#~ msgstr[1] "b"\n#~ msgstr[2] "c"\n',
    "a plural entry whose second form is empty": _HEAD + _PLURAL + 'msgstr[0] "a"\nmsgstr[1] ""\n',
    "one msgid in and out of a context, one obsolete":
        _HEAD + 'msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
    "a fuzzy header": "#, fuzzy\n" + _HEAD + 'msgid "a"\nmsgstr "b"\n',
    "a header without Content-Type": 'msgid ""\nmsgstr "Language: zh_Hans\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    "a header alone": _HEAD,
    "Plural-Forms without nplurals, no plural entry": _PLURAL_FORMS_HEAD.format("plural=n != 1;"),
    "Plural-Forms without plural=, no plural entry": _PLURAL_FORMS_HEAD.format("nplurals=2;"),
    "an empty Plural-Forms": _PLURAL_FORMS_HEAD.format(""),
    "Plural-Forms in another order, spaced, no final semicolon":
        _PLURAL_FORMS_HEAD.format("plural=(n > 1) ;  nplurals= 2") + "\n" + _PLURAL + 'msgstr[0] "a"\nmsgstr[1] "b"\n',
    "Plural-Forms without semicolons": _PLURAL_FORMS_HEAD.format("nplurals=1 plural=0"),
    "a plural form used only past n=1000": _PLURAL_FORMS_HEAD.format("nplurals=2; plural=n>1000 ? 2 : 0;"),
    "three forms with the ternary operator":
        _PLURAL_FORMS_HEAD.format("nplurals=3; plural=n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
                                  "? 1 : 2;") + "\n" + _PLURAL + 'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n',
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_reader_takes_what_msgfmt_check_takes(case, tmp_path):
    fast, slow = (read_catalog(layout, "x.po") for layout in _both_layouts(ACCEPTED[case]))
    assert fast == slow
    assert [m.line for m in (fast.header, *fast.messages)] == [m.line for m in (slow.header, *slow.messages)]
    assert _msgfmt_check(ACCEPTED[case], tmp_path) in (0, None)


# Syntax outside msgcat's layout that msgfmt --check takes (po-lex.c reads tokens, not lines), and corners
# of msgcat's own: each with the entries it gives, Message.line (the line of the msgid keyword) included.
# Both parsers are asked (the entry reader declines all but msgcat's layout), msgfmt too, and msgcat
# prints what the writer prints, so that gettext's reading of every case is the reader's.
OTHER_SYNTAX = {  # case: (text, entries)
    "indented keywords": (_HEAD + '\tmsgid "x"\n  msgstr "y"\n', [Message("x", "y", line=6)]),
    "indented continuation strings":
        (_HEAD + 'msgid ""\n  "x"\nmsgstr ""\n\t"y"\n\nmsgid "z"\nmsgstr "w"\n',
         [Message("x", "y", line=6), Message("z", "w", line=11)]),
    "two strings on one line": (_HEAD + 'msgid "a " "b"\nmsgstr "c""d"\n', [Message("a b", "cd", line=6)]),
    "two strings on a continuation line":
        (_HEAD + 'msgid ""\n"a " "b"\nmsgstr ""\n"c"  "d"\n', [Message("a b", "cd", line=6)]),
    "a comment after a string, which belongs to the next entry":
        (_HEAD + 'msgid "x"\nmsgstr "y" # note\n\nmsgid "z"\nmsgstr "w" #, fuzzy\n\nmsgid "v"\nmsgstr ""\n"u"#note\n\n'
         'msgid "t"\nmsgstr "s"\n',
         [Message("x", "y", line=6), Message("z", "w", comments=("note",), line=9),
          Message("v", "u", flags=("fuzzy",), line=12), Message("t", "s", comments=("note",), line=16)]),
    "a comment after the last string": (_HEAD + 'msgid "x"\nmsgstr "y" # dropped\n', [Message("x", "y", line=6)]),
    "a comment at the end, no newline after it":
        (_HEAD + 'msgid "x"\nmsgstr "y"\n\n# dropped', [Message("x", "y", line=6)]),
    "two entries on one line":
        (_HEAD + 'msgid "x" msgstr "y" msgid "z" msgstr "w"\n', [Message("x", "y", line=6), Message("z", "w", line=6)]),
    "keywords and strings on lines of their own":
        (_HEAD + 'msgid\n"x"\nmsgstr\n\n"y"\n\nmsgid "z"\nmsgstr "w"\n',
         [Message("x", "y", line=6), Message("z", "w", line=12)]),
    "msgstr[n] with blanks, and over lines":
        (_HEAD + _PLURAL + 'msgstr[ 0 ] "a"\nmsgstr\n[\n1]\n"b"\n\nmsgid "z"\nmsgstr "w"\n',
         [Message("cell", msgid_plural="cells", msgstr_plural=("a", "b"), line=6), Message("z", "w", line=14)]),
    "msgstr[00]": (_HEAD + _PLURAL + 'msgstr[00] "a"\nmsgstr[01] "b"\n',
                   [Message("cell", msgid_plural="cells", msgstr_plural=("a", "b"), line=6)]),
    "form feed and vertical tab as blanks": (_HEAD + 'msgid\f"x"\nmsgstr\v"y"\n', [Message("x", "y", line=6)]),
    "#~ followed by a tab, or by the keyword":
        (_HEAD + '#~\tmsgid "x"\n#~msgstr "y"\n', [Message("x", "y", obsolete=True, line=6)]),
    "an indented obsolete entry, an empty line inside it":
        (_HEAD + '  #~ msgid "x"\n\n  #~ msgstr ""\n\n#~ "y"\n', [Message("x", "y", obsolete=True, line=6)]),
    "an empty line between msgid and msgstr": (_HEAD + 'msgid "x"\n\nmsgstr "y"\n', [Message("x", "y", line=6)]),
    "comments behind #~":
        (_HEAD + '#~ # note\n#~ #. heading\n#~ msgid "x"\n#~ msgstr "y"\n',
         [Message("x", "y", comments=("note",), extracted=("heading",), obsolete=True, line=8)]),
    "indented comments":
        (_HEAD + '  # note\n\t#: a.txt:1\nmsgid "x"\nmsgstr "y"\n',
         [Message("x", "y", comments=("note",), references=("a.txt:1",), line=8)]),
    "a string after an empty line continues the msgstr":
        (_HEAD + 'msgid "x"\nmsgstr "y"\n\n"z"\n', [Message("x", "yz", line=6)]),
    "a backslash-newline inside a string":
        (_HEAD + 'msgid "a\\\nb"\nmsgstr "c"\n\nmsgid "d"\nmsgstr "e"\n',
         [Message("ab", "c", line=6), Message("d", "e", line=10)]),
    "a backslash-newline inside a keyword and between tokens":
        (_HEAD + 'msg\\\nid \\\n"x"\nmsgstr "y"\n\nmsgid "z"\nmsgstr "w"\n',
         [Message("x", "y", line=6), Message("z", "w", line=11)]),
    "a comment ending in a backslash before an empty line":
        (_HEAD + '# note\\\n\nmsgid "x"\nmsgstr "y"\n', [Message("x", "y", comments=("note",), line=8)]),
    "CR line ends, no comments":
        (_HEAD.replace("\n", "\r") + 'msgid "x"\rmsgstr "y"\r', [Message("x", "y", line=1)]),
    "a raw CR inside a string": (_HEAD + 'msgid "x"\nmsgstr "a\rb"\n', [Message("x", "a\rb", line=6)]),
    "a string continued in the last line, no newline after it":
        (_HEAD + 'msgid "x"\nmsgstr ""\n"y"', [Message("x", "y", line=6)]),
    "msgctxt continued over lines":
        (_HEAD + 'msgctxt ""\n"a"\n"b"\nmsgid "x"\nmsgstr "y"\n', [Message("x", "y", msgctxt="ab", line=9)]),
    "previous fields of an obsolete entry, and its msgctxt":
        (_HEAD + '#~| msgctxt "oc"\n#~| msgid "old"\n#~ msgctxt "c"\n#~ msgid "x"\n#~ msgstr "y"\n',
         [Message("x", "y", msgctxt="c", previous_msgctxt="oc", previous_msgid="old", obsolete=True, line=9)]),
    "a previous msgid_plural":
        (_HEAD + '#, fuzzy\n#| msgid "a cell"\n#| msgid_plural "some cells"\n' + _PLURAL
         + 'msgstr[0] "a"\nmsgstr[1] "b"\n',
         [Message("cell", msgid_plural="cells", msgstr_plural=("a", "b"), flags=("fuzzy",), previous_msgid="a cell",
                  previous_msgid_plural="some cells", line=9)]),
    "escapes":
        (_HEAD + 'msgid "\\a\\b\\f\\v\\t\\r\\\\\\" \\x41\\101 \\x4a\\x4B \\1\\12 \\345\\271\\262"\nmsgstr "ok"\n',
         [Message('\a\b\f\v\t\r\\" AA JK \x01\n 干', "ok", line=6)]),
    "flags with extra blanks and commas":
        (_HEAD + '#,  fuzzy ,c-format,, \nmsgid "x"\nmsgstr "y"\n',
         [Message("x", "y", flags=("fuzzy", "c-format"), line=7)]),
    "empty #| and #~| lines":
        (_HEAD + '#|\nmsgid "x"\nmsgstr "y"\n\n#~|\n#~ msgid "z"\n#~ msgstr "w"\n',
         [Message("x", "y", line=7), Message("z", "w", obsolete=True, line=11)]),
    "raw control characters and U+2028 in strings":
        (_HEAD + 'msgid "a\tb\x7f"\nmsgstr "c\x1bd\x01\u2028"\n', [Message("a\tb\x7f", "c\x1bd\x01\u2028", line=6)]),
    "U+0004 in a comment":
        (_HEAD + '# a\x04b\nmsgid "x"\nmsgstr "y"\n', [Message("x", "y", comments=("a\x04b",), line=7)]),
}


@pytest.mark.parametrize("case", OTHER_SYNTAX)
def test_reader_takes_the_syntax_msgfmt_check_takes(case, tmp_path):
    text, entries = OTHER_SYNTAX[case]
    fast, slow = _both_parsers(text)
    assert fast is None or fast == slow
    catalog = read_catalog(text, "x.po")
    assert [(m, m.line) for m in catalog.messages] == [(m, m.line) for m in entries]
    assert read_catalog(write_catalog(catalog)) == catalog
    assert _msgfmt_check(text, tmp_path) in (0, None)
    if shutil.which("msgcat"):
        (tmp_path / "catalogue.po").write_bytes(text.encode())
        printed = subprocess.run(["msgcat", str(tmp_path / "catalogue.po")], capture_output=True, check=True).stdout
        assert write_catalog(catalog).encode() == printed


def test_a_header_after_other_entries_is_refused_though_msgfmt_takes_it(tmp_path):
    """msgfmt finds the header anywhere; the reader, whose catalogue keeps it apart, wants it first,
    where every gettext tool writes it."""
    text = 'msgid "a"\nmsgstr "b"\n\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
    for layout in _both_layouts(text):
        with pytest.raises(I18nError) as caught:
            read_catalog(layout, "x.po")
        assert (caught.value.message, caught.value.line) == (_NO_HEADER, 1)
    assert _msgfmt_check(text, tmp_path) in (0, None)


def test_each_string_of_a_field_has_its_own_escapes():
    """``"\\1" "23"`` is the byte 1 then "23", not the octal escape \\123 (tests/data/fuzz/po/
    escape-at-string-end.po found it; that file has no header, so the reader now refuses it first)."""
    text = _HEAD + 'msgid "a"\nmsgstr ""\n"\\1"\n"23"\n\nmsgid "b"\nmsgstr ""\n"\\x7"\n"1"\n'
    for layout in _both_layouts(text):
        catalog = read_catalog(layout, "x.po")
        assert [m.msgstr for m in catalog.messages] == ["\x0123", "\x071"]
        assert read_catalog(write_catalog(catalog)) == catalog


def test_references_split_at_spaces_and_tabs_only_and_none_ends_with_a_backslash():
    """gettext splits a #: line at blanks, not at U+001C-U+001F or U+2028, which str.split() takes for
    spaces; a reference ending in a backslash is refused: msgcat would write it at the end of a #: line,
    where gettext joins the next line to it (tests/data/fuzz/po/reference-split-at-a-control-character.po)."""
    text = _HEAD + '#: a.txt:1\tb\x1cc.txt:2 d\u2028e.txt:3\nmsgid "x"\nmsgstr "y"\n'
    for layout in _both_layouts(text):
        assert read_catalog(layout).messages[0].references == ("a.txt:1", "b\x1cc.txt:2", "d\u2028e.txt:3")
    with pytest.raises(I18nError) as caught:
        read_catalog(_HEAD + '#: a.txt:1 b\\ c.txt:2\nmsgid "x"\nmsgstr "y"\n', "x.po")
    assert caught.value.message.startswith("malformed PO: a reference ends with a backslash")


# Lines that msgcat (gettext 0.21, which breaks lines with libunistring 1.0) breaks otherwise than UAX #14 as
# unicode-linebreak has it: each entry as msgcat prints it, asserted as text so that the case holds where
# msgcat is missing, and checked against msgcat where it is installed.
_WRAP_HEADER = Message("", "Content-Type: text/plain; charset=UTF-8\n")
_WRAP_HEAD = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
WRAPPED = {  # case: (message, its entry as msgcat prints it)
    "a full stop before letters breaks, in a URL before Chinese text": (
        Message("See the documentation", "完整文档见 https://example.org/" + "a" * 34 + "/index.html，包括其他内容……"),
        'msgid "See the documentation"\n'
        'msgstr ""\n'
        '"完整文档见 https://example.org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/index."\n'
        '"html，包括其他内容……"\n'),
    "a full stop before letters breaks, in an English URL": (
        Message("See https://example.org/" + "a" * 42 + "/index.html for the full documentation of the stem cell "
                "programme"),
        'msgid ""\n'
        '"See https://example.org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/index."\n'
        '"html for the full documentation of the stem cell programme"\n'
        'msgstr ""\n'),
    "a full stop before letters breaks, in an e-mail address": (
        Message("Write to us", "请将问题发送至 " + "干细胞" * 7 + "研 info@example.org，我们会尽快回复"),
        'msgid "Write to us"\n'
        'msgstr ""\n'
        '"请将问题发送至 干细胞干细胞干细胞干细胞干细胞干细胞干细胞研 info@example."\n'
        '"org，我们会尽快回复"\n'),
    "a full stop before a tag breaks (gettext's exception to UAX #14)": (
        Message("<p>Stem cell Stem cell x therapy resets the immune system.</p><p>It is safe.</p>"),
        'msgid ""\n'
        '"<p>Stem cell Stem cell x therapy resets the immune system.</p><p>It is safe."\n'
        '"</p>"\n'
        'msgstr ""\n'),
    "a decimal point before a digit does not break": (
        Message("Relapses fell very xxx from 0.87 to 0.12 a year and disability from 4.5 to 3.25 points"),
        'msgid ""\n'
        '"Relapses fell very xxx from 0.87 to 0.12 a year and disability from 4.5 to "\n'
        '"3.25 points"\n'
        'msgstr ""\n'),
    "a symbol before a full-width bracket breaks": (
        Message("The steps", "多发性硬化" * 7 + "动员→（采集）"),
        'msgid "The steps"\n'
        'msgstr ""\n'
        '"多发性硬化多发性硬化多发性硬化多发性硬化多发性硬化多发性硬化多发性硬化动员→"\n'
        '"（采集）"\n'),
    "a closing parenthesis and a space before a full-width colon break": (
        Message("Multiple sclerosis (MS): the rest", "多发性硬化" * 6 + "症症症说明 (MS) ：其余内容"),
        'msgid "Multiple sclerosis (MS): the rest"\n'
        'msgstr ""\n'
        '"多发性硬化多发性硬化多发性硬化多发性硬化多发性硬化多发性硬化症症症说明 (MS) "\n'
        '"：其余内容"\n'),
    "an emoji sequence takes the columns of its characters": (
        Message("Very good", "很好" * 9 + "好👍🏽👍🏽❤️ 非常好，这个疗法真的很好"),
        'msgid "Very good"\n'
        'msgstr ""\n'
        '"很好很好很好很好很好很好很好很好很好好👍🏽👍🏽❤️ 非常好，这个疗法真的很好"\n'),
    "a line separator starts the count of columns again without ending the line": (
        Message("First part\u2028second part",
                "第一部分的说明文字\u2028第二部分的文字在行分隔符之后重新计算列数是否正确无误，对吧，" + "是的" * 8),
        'msgid "First part\u2028second part"\n'
        'msgstr ""\n'
        '"第一部分的说明文字\u2028第二部分的文字在行分隔符之后重新计算列数是否正确无误，对吧，是的是的是的是的"\n'
        '"是的是的是的是的"\n'),
    "an entry flagged no-wrap is not wrapped": (
        Message("A long line that msgcat leaves whole because the entry is flagged no-wrap, as a translator asked",
                flags=("no-wrap",)),
        '#, no-wrap\n'
        'msgid "A long line that msgcat leaves whole because the entry is flagged no-wrap, as a translator asked"\n'
        'msgstr ""\n'),
}


@pytest.mark.parametrize("case", WRAPPED)
def test_lines_break_where_msgcat_breaks_them(case):
    message, printed = WRAPPED[case]
    assert write_catalog(Catalog(_WRAP_HEADER, (message,))) == _WRAP_HEAD + printed
    assert read_catalog(_WRAP_HEAD + printed).messages == (message,)


@needs_msgcat
@pytest.mark.parametrize("case", WRAPPED)
def test_the_wrapped_entries_are_what_msgcat_prints(case, tmp_path):
    path = tmp_path / "case.po"
    path.write_text(_WRAP_HEAD + WRAPPED[case][1], encoding="utf-8")
    printed = subprocess.run(["msgcat", str(path)], capture_output=True, text=True, check=True).stdout
    assert printed == _WRAP_HEAD + WRAPPED[case][1]


def test_a_new_translation_of_a_no_wrap_entry_stays_on_one_line():
    text = _WRAP_HEAD + '#, no-wrap\nmsgid "x"\nmsgstr "y"\n'
    before = read_catalog(text)
    translation = "多发性硬化症" * 20
    after = Catalog(before.header, (replace(before.messages[0], msgstr=translation),))
    assert rewrite_translations(text, before, after) == text.replace('"y"', f'"{translation}"')


def test_a_template_xgettext_wrote_is_read_with_its_charset_placeholder():
    """xgettext writes ``charset=CHARSET`` into every template; msgfmt only warns of it."""
    text = ('msgid ""\nmsgstr ""\n"Project-Id-Version: PACKAGE VERSION\\n"\n"MIME-Version: 1.0\\n"\n'
            '"Content-Type: text/plain; charset=CHARSET\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n'
            '#: app.py:3\nmsgid "Stem cells"\nmsgstr ""\n')
    assert [m.msgid for m in read_catalog(text).messages] == ["Stem cells"]
    with pytest.raises(I18nError, match="charset CHARSET"):  # translated, it would not load once compiled
        read_catalog(text.replace('msgstr ""\n', 'msgstr "干细胞"\n').replace('msgstr "干细胞"', 'msgstr ""', 1))
