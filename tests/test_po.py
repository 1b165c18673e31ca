"""The PO writer prints what GNU msgcat prints, and reading what it wrote gives the same catalogue."""
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from i18n.errors import I18nError
from i18n.po import Catalog, Message, format_header, read_catalog, write_catalog

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
    catalog = _catalog(items)
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


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
                          st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
                          st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=10))),
                max_size=8, unique_by=lambda e: (e[2], e[0])))
def test_any_unicode_survives_write_then_read(entries):
    """Quotes, backslashes, tabs, control characters, Unicode line separators (U+2028, \\x1c-\\x1e:
    polib split lines on them), contexts and plurals come back as they went in."""
    messages = tuple(Message(msgid, msgstr, msgctxt) if number % 3 else
                     Message(msgid, "", msgctxt, msgid_plural=msgid + "s", msgstr_plural=(msgstr, msgstr * 2))
                     for number, (msgid, msgstr, msgctxt) in enumerate(entries))
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
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n', 1, "no Plural-Forms"),
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
    from i18n.po import _parse_lines, _read_entries

    def seen(entries):
        return None if entries is None else [(m, m.line) for m, _ in entries] + [entries[0][1]]
    return seen(_read_entries(text, "x.po")), seen(_parse_lines(text, "x.po"))


_LAYOUTS = [
    lambda text: text,
    lambda text: text.replace("\n", "\r\n"),  # CRLF: the line parser's
    lambda text: text.replace('"\n', '" \t\n'),  # blanks after strings
    lambda text: text.replace("msgid ", "msgid\t"),
    lambda text: text.replace("\n\n", "\n  \n"),  # a blank line of spaces between entries
    lambda text: text.replace("\n#:", "\n#:\n#. moved"),  # comments out of msgcat's order
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(messages, st.booleans(), st.booleans()), min_size=1, max_size=10), st.sampled_from(_LAYOUTS))
def test_entry_reader_and_line_parser_agree(items, layout):
    """Files in msgcat's layout are read one regex match an entry; every other layout goes through the
    line parser. Both must give the same messages and the same lines, whatever the layout."""
    plural_header = Message("", HEADER.msgstr + "Plural-Forms: nplurals=2; plural=(n != 1);\n")
    messages_ = []
    for message, obsolete, plural in items:
        if plural:
            message = Message(message.msgid, "", message.msgctxt, message.msgid + "s",
                              (message.msgstr, message.msgstr), extracted=message.extracted)
        messages_.append(Message(**{**message.__dict__, "obsolete": obsolete}))
    written = write_catalog(_catalog_with(plural_header, messages_))
    fast, slow = _both_parsers(written)
    assert fast == slow
    text = layout(written)
    fast, slow = _both_parsers(text)
    assert fast is None or fast == slow
    assert read_catalog(text) == read_catalog(write_catalog(read_catalog(text)))


def _catalog_with(header, items):
    unique = {(m.obsolete, m.key): m for m in items if m.msgstr or m.msgstr_plural or not m.fuzzy}
    return Catalog(header, tuple(unique.values()))
