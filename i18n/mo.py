"""Compiled catalogues: the GNU MO format, written in linear time, byte for byte as ``msgfmt`` writes it.

babel's ``write_mo`` and polib's ``save_as_mofile`` build the string block by repeated concatenation,
which is quadratic (minutes at 100,000 entries). This writer follows gettext's write-mo.c instead:

- the entries ``msgfmt`` keeps without ``--use-fuzzy``: the header (fuzzy or not) unless its msgstr is
  empty, less its first ``POT-Creation-Date:`` line (msgfmt drops it since 0.20 so that rebuilding
  from an unchanged catalogue gives the same file), and every active, non-fuzzy entry whose first
  translation (``msgstr``, or ``msgstr[0]`` of a plural entry, the other forms unchecked, as msgfmt
  does) is not empty;
- originals as ``msgctxt\\x04msgid``, a plural entry's as ``msgid\\0msgid_plural``, its translations
  ``msgstr[0]\\0msgstr[1]...``, sorted by their bytes up to the first NUL (msgfmt's ``strcmp``);
- a 28-byte header, the two tables of (length, offset), the hash table, then the originals and the
  translations, each NUL-terminated, unpadded (msgfmt's default ``--alignment=1``);
- the hash table: ``hashpjw`` of each original up to its first NUL, open addressing with double
  hashing, of the size gettext's ``next_prime`` gives for 4/3 of the number of entries.

msgfmt's one check without ``-c`` is made too: a compiled entry whose msgid begins (or ends) with a
newline and a msgid_plural or translation that does not, or the reverse, is refused (``I18nError``
with the entry's line), as msgfmt refuses the file. ``read_catalog`` refuses such a file already; the
check here is for catalogues built in code.

Two deliberate differences from msgfmt: numbers are always little-endian (msgfmt writes the host's
byte order; the same on x86 and ARM, and one byte order keeps builds reproducible across machines),
and a catalogue with nothing to compile still gives a valid, empty MO file where msgfmt writes none.
C-format strings with ``<inttypes.h>`` macros (``%<PRId64>``), which make msgfmt write the
system-dependent revision 1 layout, are not supported: the project's catalogues have no ``c-format``.
"""
from __future__ import annotations

import re
import struct

from .errors import I18nError
from .po import Catalog, newline_mismatch

MAGIC = 0x950412DE
HEADER_SIZE = 28  # seven 32-bit words: magic, revision, count and the offsets of the three tables
CONTEXT_SEPARATOR = "\x04"
_POT_CREATION_DATE_RE = re.compile(r"^POT-Creation-Date:.*\n?", re.M)  # the line, as msgl-header.c finds it


def hashpjw(keys: list[bytes]) -> list[int]:
    """P. J. Weinberger's hash of each key, as gettext's hash-string.c computes it on 32 bits.

    The hash of one key is a loop over its bytes::

        value = ((value << 4) + byte) & 0xFFFFFFFF   # a carry past bit 31 is dropped
        value = (value & 0x0FFFFFFF) ^ ((value >> 24) & 0xF0)   # fold the top nibble into bits 4-7

    Run byte by byte in Python that is most of a compile, so keys of similar length are hashed side
    by side instead: each one a 40-bit lane of one big integer (room for the carry), one column of
    bytes added to all lanes per step, the masks repeated per lane so that no lane spills into the
    next. Keys are padded with NULs on the left, which leave the hash at 0.
    """
    hashes = [0] * len(keys)
    by_length = sorted(range(len(keys)), key=lambda i: len(keys[i]))
    start = 0
    while start < len(by_length):
        shortest = len(keys[by_length[start]])
        end = start + 1  # a group: keys within a quarter of the shortest one's length (little padding)
        while (end < len(by_length) and end - start < _GROUP
               and len(keys[by_length[end]]) <= shortest * 1.25 + 8):
            end += 1
        group = by_length[start:end]
        for number, value in zip(group, _lane_hashes([keys[i] for i in group])):
            hashes[number] = value
        start = end
    return hashes


_LANE = 5  # bytes per key in the big integer: 32 bits of hash, 8 for the carry
_GROUP = 4096  # keys per big integer: bigger ones cost more per operation than they save in steps


def _lane_hashes(keys: list[bytes]) -> list[int]:
    count, width = len(keys), len(keys[-1])
    shifted = int.from_bytes(b"\xf0\xff\xff\xff\x00" * count, "little")  # bits 4-31 of each lane
    top = int.from_bytes(b"\x00\x00\x00\xf0\x00" * count, "little")  # bits 28-31
    low32 = int.from_bytes(b"\xff\xff\xff\xff\x00" * count, "little")
    rows = b"".join(key.rjust(width, b"\0") for key in keys)
    column = bytearray(count * _LANE)
    value = 0
    for index in range(width):
        column[0::_LANE] = rows[index::width]
        value = ((value << 4) & shifted) + int.from_bytes(column, "little")
        nibble = value & top
        value ^= (nibble >> 24) ^ nibble
    packed = (value & low32).to_bytes(count * _LANE, "little")
    return [int.from_bytes(packed[i:i + 4], "little") for i in range(0, count * _LANE, _LANE)]


def _is_prime(candidate: int) -> bool:
    # gettext's is_prime, quirks included: it tries 3 as a divisor first, so 3 itself "is not prime".
    divisor = 3
    while divisor * divisor < candidate and candidate % divisor:
        divisor += 2
    return candidate % divisor != 0


def hash_table_size(count: int) -> int:
    """The hash table size msgfmt picks for ``count`` strings: next_prime(4n/3), at least 3."""
    size = (count * 4 // 3) | 1
    while not _is_prime(size):
        size += 2
    return max(size, 3)


def _entry(original: str, translation: str) -> tuple[bytes, bytes, bytes]:
    """(lookup key, original, translation): the key is what gettext hashes and msgfmt sorts by, the
    original up to its first NUL (a plural entry's msgid_plural is stored after it, not looked up)."""
    encoded = original.encode("utf-8")
    return encoded.partition(b"\0")[0], encoded, translation.encode("utf-8")


def _compiled_entries(catalog: Catalog, path: str) -> list[tuple[bytes, bytes, bytes]]:
    header = catalog.header.msgstr
    entries = [_entry("", _POT_CREATION_DATE_RE.sub("", header, count=1))] if header else []
    for message in catalog.messages:
        if message.compiled:
            problem = newline_mismatch(message)
            if problem:
                raise I18nError(problem, path, message.line or None)
            original = message.msgid
            if message.msgctxt is not None:
                original = message.msgctxt + CONTEXT_SEPARATOR + original
            if message.msgid_plural is None:
                entries.append(_entry(original, message.msgstr))
            else:
                entries.append(_entry(f"{original}\0{message.msgid_plural}", "\0".join(message.msgstr_plural)))
    entries.sort()
    for first, second in zip(entries, entries[1:]):
        if first[0] == second[0]:
            raise I18nError(f"duplicate message definition: {first[0].decode('utf-8')!r}", path)
    return entries


def _hash_table(keys: list[bytes]) -> list[int]:
    size = hash_table_size(len(keys))
    table = [0] * size
    for number, value in enumerate(hashpjw(keys), 1):
        index = value % size
        if table[index]:
            step = 1 + value % (size - 2)
            while table[index]:
                index = (index + step) % size
        table[index] = number
    return table


def write_mo(catalog: Catalog, path: str = "<catalog>") -> bytes:
    """The MO file of a catalogue, as ``msgfmt --endianness=little -o - catalogue.po`` writes it.

    ``path`` names the catalogue in the ``I18nError`` raised for an entry msgfmt would refuse.
    """
    entries = _compiled_entries(catalog, path)
    count = len(entries)
    table = _hash_table([key for key, _, _ in entries])
    strings = [original for _, original, _ in entries] + [translation for _, _, translation in entries]
    offset = HEADER_SIZE + 16 * count + 4 * len(table)  # where the strings begin
    descriptors = []
    for string in strings:
        descriptors += (len(string), offset)
        offset += len(string) + 1
    header = (MAGIC, 0, count, HEADER_SIZE, HEADER_SIZE + 8 * count, len(table), HEADER_SIZE + 16 * count)
    numbers = (*header, *descriptors, *table)
    # Every string is followed by its NUL; the empty last item gives the last one its own.
    return struct.pack(f"<{len(numbers)}I", *numbers) + b"\0".join([*strings, b""])
