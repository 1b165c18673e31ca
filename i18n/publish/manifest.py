"""``build/manifest.json``: what the publishing pipeline pulls, per language and article (docs/publishing.md).

Version 2. Same inputs, same bytes: no timestamps, keys sorted, two-space indent, a final newline.
"""
from __future__ import annotations

import hashlib
import json
from typing import Mapping, Sequence

from .. import __version__
from .render import Omission, html_lang

MANIFEST_VERSION = 2
TOOLKIT = "zhen-l10n"


def file_record(path: str, data: bytes) -> dict:
    """A file as the manifest names it: its path, the sha256 of its bytes and its size."""
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def compiled_record(paths: Sequence[str], data: bytes, catalogue_sha256: str) -> dict:
    """A published .mo file: the record of its first path, the other paths holding the same bytes, and
    the sha256 of the catalogue (.po) it was compiled from."""
    return {**file_record(paths[0], data), "aliases": list(paths[1:]), "catalogue_sha256": catalogue_sha256}


def article_entry(*, status: str, reason: str | None, title: str | None, translated: float, check_errors: int,
                  forced: bool, source: dict, catalogue: dict, compiled: dict | None, files: Mapping[str, dict],
                  omitted: Sequence[Omission]) -> dict:
    return {
        "status": status,
        "draft": status == "draft",
        "reason": reason,
        "title": title,
        "translated": translated,
        "check_errors": check_errors,
        "forced": forced,
        "source": source,
        "catalogue": catalogue,
        "compiled": compiled,
        "files": dict(files),
        "omitted": [{"line": o.line, "kind": o.kind, "msgid": o.msgid} for o in omitted],
    }


def manifest(articles: Mapping[str, Mapping[str, dict]], *, force: bool, min_translated: float) -> dict:
    """The manifest of a build: ``articles`` maps a language to its article entries by slug."""
    return {
        "version": MANIFEST_VERSION,
        "toolkit": {"name": TOOLKIT, "version": __version__},
        "policy": {"force": force, "min_translated": min_translated},
        "languages": {language: {"tag": html_lang(language), "articles": dict(entries)}
                      for language, entries in articles.items()},
    }


def vouched(data: bytes) -> dict[tuple[str, str], tuple[str, str]]:
    """What a previous manifest vouches for: ``{(language, article): (sha256 of the .mo, sha256 of the
    catalogue it was compiled from)}`` for each compiled catalogue it lists that was not forced past
    the check. Nothing from a manifest of another version or one that cannot be read."""
    try:
        previous = json.loads(data)
        if previous["version"] != MANIFEST_VERSION:
            return {}
        return {(language, article): (entry["compiled"]["sha256"], entry["compiled"]["catalogue_sha256"])
                for language, value in previous["languages"].items()
                for article, entry in value["articles"].items() if entry["compiled"] and not entry["forced"]}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def dump(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
