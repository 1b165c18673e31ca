"""write_mo writes, byte for byte, the MO file GNU msgfmt writes for the same catalogue."""
import gettext
import io
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n import project as i18n_project
from i18n.config import load_config
from i18n.errors import I18nError
from i18n.glossary import TermMatcher
from i18n.mo import hashpjw, write_mo
from i18n.po import Catalog, Message, format_header, read_catalog, write_catalog
from i18n.publish import build

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(ROOT.glob("locales/*/LC_MESSAGES/*.po"))

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")


def msgfmt(po_path: Path) -> bytes:
    # msgfmt writes the host's byte order; write_mo always writes little-endian.
    return subprocess.run(["msgfmt", "--endianness=little", "-o", "-", str(po_path)],
                          capture_output=True, check=True).stdout


def lookups(mo: bytes, messages) -> list[str]:
    """What Python's gettext gives for each message (plural ones for n = 0..3), through this MO file."""
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    results = []
    for message in messages:
        if message.msgid_plural is None:
            results.append(translations.gettext(message.msgid) if message.msgctxt is None
                           else translations.pgettext(message.msgctxt, message.msgid))
        else:
            for n in range(4):
                results.append(translations.ngettext(message.msgid, message.msgid_plural, n) if message.msgctxt is None
                               else translations.npgettext(message.msgctxt, message.msgid, message.msgid_plural, n))
    return results


@needs_msgfmt
@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_bundled_catalogue_compiles_as_msgfmt_does(path):
    catalog = read_catalog(path.read_text(encoding="utf-8"), str(path))
    ours, theirs = write_mo(catalog), msgfmt(path)
    assert ours == theirs
    # The same, as a program sees it: every translated entry is found, the others fall back to msgid.
    assert lookups(ours, catalog.active()) == lookups(theirs, catalog.active())
    singular = [m for m in catalog.active() if m.msgid_plural is None]
    assert lookups(ours, singular) == [m.msgstr if m.translated else m.msgid for m in singular]


def test_bundled_catalogues_are_found():
    languages = {path.parent.parent.name for path in BUNDLED}
    assert languages == {"en", "zh_Hans"}
    assert len(BUNDLED) == 2 * len(list(ROOT.glob("locales/*.pot")))


# Generated catalogues: contexts (empty ones too), plurals, fuzzy, untranslated and obsolete entries,
# a fuzzy header, non-ASCII (Chinese, accents, a 4-byte emoji), escapes, empty strings, and long
# strings of high bytes, on which the 32-bit hash overflows. Newlines stay inside the strings here:
# msgfmt refuses a msgid and translation that differ in a leading or trailing one (tested below).
_pieces = ["stem ", "cell", "a", "b", "干细胞", "多发性硬化症（MS）", "é", "ÿ", "😀", "\t", '"', "\\", "x" * 70,
           "细" * 40, "ÿ" * 30]
inner_texts = st.lists(st.sampled_from([*_pieces, "a\nb"]), max_size=6).map("".join)
edge_texts = st.lists(st.sampled_from(["a", "细", "\n"]), max_size=3).map("".join)
contexts = st.one_of(st.none(), st.sampled_from(["", "heading", "paragraph", "干细胞", "a\nb"]))
flags = st.sampled_from([(), ("fuzzy",), ("fuzzy", "c-format"), ("no-wrap",)])
headers = st.builds(
    lambda fuzzy, creation: Message("", format_header({
        "Project-Id-Version": "test", **({"POT-Creation-Date": "2026-01-01 00:00+0000"} if creation else {}),
        "PO-Revision-Date": "2026-01-02 00:00+0000", "Language": "zh_Hans", "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);"}), flags=("fuzzy",) if fuzzy else ()),
    st.booleans(), st.booleans(),
)


def messages(texts):
    singulars = st.builds(Message, msgid=texts, msgstr=texts, msgctxt=contexts, flags=flags, obsolete=st.booleans())
    plurals = st.builds(
        lambda msgid, plural, forms, msgctxt, flags: Message(msgid, msgctxt=msgctxt, msgid_plural=plural,
                                                             msgstr_plural=tuple(forms), flags=flags),
        texts, texts, st.lists(texts, min_size=2, max_size=2), contexts, flags,
    )
    return st.one_of(singulars, plurals)


@st.composite
def catalogs(draw, texts, max_size):
    unique = {}
    for message in draw(st.lists(messages(texts), max_size=max_size)):
        if message.msgid or message.msgctxt is not None:  # msgid "" without a context is the header
            unique.setdefault(message.key, message)
    return Catalog(draw(headers), tuple(unique.values()))


@needs_msgfmt
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(inner_texts, max_size=40))
def test_generated_catalogue_compiles_as_msgfmt_does(tmp_path_factory, catalog):
    path = tmp_path_factory.mktemp("mo") / "generated.po"
    path.write_text(write_catalog(catalog), encoding="utf-8")
    assert write_mo(catalog) == msgfmt(path)


@needs_msgfmt
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(edge_texts, max_size=3))
def test_leading_and_trailing_newlines_are_checked_as_msgfmt_checks_them(tmp_path_factory, catalog):
    path = tmp_path_factory.mktemp("mo") / "newlines.po"
    path.write_text(write_catalog(catalog), encoding="utf-8")
    result = subprocess.run(["msgfmt", "--endianness=little", "-o", "-", str(path)], capture_output=True)
    if result.returncode == 0:
        assert write_mo(catalog) == result.stdout
        assert write_mo(read_catalog(path.read_text(encoding="utf-8"), str(path))) == result.stdout
    else:
        with pytest.raises(I18nError) as caught:
            write_mo(catalog)
        # msgfmt's first complaint, "'msgid' and 'msgstr[1]' entries do not both end with '\n'", in our words
        field, edge = re.search(r"'msgid' and '(\S+)' entries do not both (begin|end) with",
                                result.stderr.decode("utf-8")).groups()
        assert caught.value.message.startswith(f"msgid and {field} disagree on a "
                                               f"{'leading' if edge == 'begin' else 'trailing'} \\n:")
        with pytest.raises(I18nError) as read:  # and the reader refuses the file, in the same words
            read_catalog(path.read_text(encoding="utf-8"), str(path))
        assert read.value.message == caught.value.message


def test_newline_mismatch_names_the_entry():
    catalog = Catalog(Message("", "Content-Type: text/plain; charset=UTF-8\n"),
                      (Message("One.", "一。"), Message("Two.\n", "二。", line=7)))
    with pytest.raises(I18nError) as caught:
        write_mo(catalog, "x.po")
    assert str(caught.value) == ("x.po:7: msgid and msgstr disagree on a trailing \\n: "
                                 "one ends with a newline, the other does not")


@needs_msgfmt
@pytest.mark.parametrize("count", [1, 2, 3, 4, 10, 1000])
def test_hash_table_of_many_entries(tmp_path, count):
    # Sizes around gettext's next_prime quirks (3 counts as composite) and a table full of collisions.
    header = Message("", format_header({"Content-Type": "text/plain; charset=UTF-8"}))
    catalog = Catalog(header, tuple(Message(f"entry {i} 干细胞 {'ÿ' * (i % 50)}", f"条目 {i}") for i in range(count)))
    path = tmp_path / "many.po"
    path.write_text(write_catalog(catalog), encoding="utf-8")
    assert write_mo(catalog) == msgfmt(path)


def one_hashpjw(key: bytes) -> int:
    """gettext's hash-string.c, one byte at a time: the definition the lane-parallel hashpjw follows."""
    value = 0
    for byte in key:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        value = (value & 0x0FFFFFFF) ^ ((value >> 24) & 0xF0)
    return value


# Keys whose hash carries past bit 31 on their last byte (found by a random search): the carry is
# dropped, as in msgfmt's 32-bit hash value.
CARRYING_KEYS = [b"%#uozVu1=d_?", b"=)m-)j.#"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=300).map(lambda b: b.replace(b"\0", b"")), max_size=60))
def test_hashpjw_of_all_keys_at_once_is_the_byte_loop(keys):
    keys += CARRYING_KEYS
    assert hashpjw(keys) == [one_hashpjw(key) for key in keys]


def test_hashpjw_groups_keys_of_very_different_lengths():
    keys = [b"x" * length + bytes([length % 251 + 1]) for length in (0, 1, 2, 50, 51, 400, 5000, 3, 7000)] * 1500
    assert hashpjw(keys) == [one_hashpjw(key) for key in keys]


@needs_msgfmt
def test_keys_whose_hash_carries_compile_as_msgfmt_does(tmp_path):
    header = Message("", format_header({"Content-Type": "text/plain; charset=UTF-8"}))
    for filler in (3, 5, 11, 40):  # table sizes where a kept carry (2**32 + h) would land elsewhere
        messages = [Message(key.decode(), "译" + key.decode()) for key in CARRYING_KEYS]
        catalog = Catalog(header, (*messages, *(Message(f"filler {i}", f"填充 {i}") for i in range(filler))))
        path = tmp_path / f"carry{filler}.po"
        path.write_text(write_catalog(catalog), encoding="utf-8")
        assert write_mo(catalog) == msgfmt(path)


@needs_msgfmt
def test_nothing_to_compile_gives_an_empty_catalogue(tmp_path):
    catalog = Catalog(Message(""), (Message("untranslated"), Message("fuzzy", "模糊", flags=("fuzzy",))))
    path = tmp_path / "empty.po"
    path.write_text(write_catalog(catalog), encoding="utf-8")
    assert msgfmt(path) == b""  # msgfmt writes no file at all
    translations = gettext.GNUTranslations(io.BytesIO(write_mo(catalog)))  # write_mo a valid, empty one
    assert translations.gettext("fuzzy") == "fuzzy"
    assert translations.info() == {}


def test_duplicate_entries_are_refused():
    catalog = Catalog(Message(""), (Message("a", "1", msgctxt="x"), Message("a", "2", msgctxt="x")))
    with pytest.raises(I18nError, match="duplicate message definition"):
        write_mo(catalog)


@pytest.mark.parametrize("where", ["on disk", "already read"])
def test_build_names_the_catalogue_it_cannot_compile(project, where):
    """An entry msgfmt refuses stops `i18n build` before it writes anything, with an error naming the
    .po file and the entry's line: from the reader when the build reads the file, from the MO writer when
    the build is handed the catalogue already read (as the CLI hands it what `i18n check` read)."""
    po_path = project / "locales" / "zh_Hans" / "LC_MESSAGES" / "stem-cells-novel-approach.po"
    catalog = i18n_project.load_catalog(po_path)
    target = next(m for m in catalog.messages if m.compiled)
    spoilt = replace(catalog, messages=tuple(replace(m, msgstr=m.msgstr + "\n") if m is target else m
                                             for m in catalog.messages))
    if where == "on disk":
        po_path.write_text(write_catalog(spoilt), encoding="utf-8")
    config = load_config(project)
    matcher = TermMatcher(i18n_project.load_glossary(config.path("glossary")))
    with pytest.raises(I18nError) as caught:
        build(config, matcher, {}, parsed={po_path: spoilt} if where == "already read" else None)
    assert str(caught.value) == (f"{po_path}:{target.line}: msgid and msgstr disagree on a trailing \\n: "
                                 "one ends with a newline, the other does not")
    assert not (project / "build").exists() and not list((project / "locales").rglob("*.mo"))
