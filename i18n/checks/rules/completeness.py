"""Completeness: every entry translated, no draft left."""
from __future__ import annotations

from typing import Iterator

from ..model import EN, WARNING, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import rule

TRANSLATIONS = (EN, ZH_HANS, ZH_HANT)


@rule("U001", "untranslated", "untranslated", WARNING, TRANSLATIONS, on_drafts=True)
def untranslated(entry: Entry) -> Iterator[Defect]:
    """The entry has no translation.

    Why: an untranslated segment is missing from the published edition. The severity is set per project
    (``[tool.i18n.severity] untranslated = "error"`` for a release branch).

    Example: ``msgstr ""``.
    """
    if not entry.message.fuzzy and not entry.message.translated:
        yield Defect(entry, "not translated")


@rule("U002", "fuzzy", "fuzzy", WARNING, TRANSLATIONS, on_drafts=True)
def fuzzy(entry: Entry) -> Iterator[Defect]:
    """The translation is marked fuzzy: a draft, or the translation of a source that has since changed.

    Why: fuzzy translations are not published; a translator must review them against the current source
    (``#| msgid`` shows the previous one) and remove the flag.

    Example: ``#, fuzzy`` above the entry.
    """
    if entry.message.fuzzy:
        yield Defect(entry, "fuzzy: review the translation against the source and remove the flag")
