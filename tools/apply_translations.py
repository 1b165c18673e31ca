"""Fill msgstr of one catalogue from a JSON object {msgid: msgstr}; the file is rewritten as msgcat would.

Usage: python tools/apply_translations.py locales/zh_Hans/LC_MESSAGES/<article>.po translations.json

Entries whose msgid is not in the JSON are left as they are; msgids in the JSON that the catalogue
does not hold are listed, so a typo in a key is not silently ignored.
"""
import json
import sys
from dataclasses import replace

from i18n.files import read_utf8, write_atomic
from i18n.po import read_catalog, write_catalog


def main(po_path: str, json_path: str) -> int:
    catalog = read_catalog(read_utf8(po_path), po_path)
    translations = json.loads(read_utf8(json_path))
    known = {m.msgid for m in catalog.active()}
    for msgid in sorted(set(translations) - known):
        print(f"not in {po_path}: {msgid[:70]}", file=sys.stderr)
    messages = tuple(
        replace(m, msgstr=translations[m.msgid], flags=tuple(f for f in m.flags if f != "fuzzy"))
        if not m.obsolete and m.msgid in translations else m
        for m in catalog.messages
    )
    write_atomic(po_path, write_catalog(replace(catalog, messages=messages)))
    done = sum(1 for m in messages if not m.obsolete and m.msgstr)
    print(f"{po_path}: {done} of {len(known)} entries translated")
    return 1 if set(translations) - known else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
