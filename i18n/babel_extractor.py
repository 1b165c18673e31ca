"""A Babel extractor for the source texts: ``pybabel extract -F babel.cfg`` gives the entries of ``i18n extract``.

Registered as the ``i18n`` method of the ``babel.extractors`` entry point; babel.cfg maps the texts to it:

    [i18n: **.txt]

and ``pybabel extract -F babel.cfg -o messages.pot source_texts`` writes one POT for all the texts.
The entries are those of the template (``i18n.catalog.template``) of each text: the same msgids,
references (Babel writes the path it was given, so run it from the project root) and extracted
comments (segment class, glossary terms), and the msgctxt where a text stands as two kinds of block.
Babel takes a context only from a keyword whose spec names one, so the context travels as a
``pgettext`` call; with ``--no-default-keywords`` and no ``-k pgettext`` it is lost.

Options (``name = value`` lines under the mapping) override the project's ``[tool.i18n]``:
``glossary`` (path from the project root; ``none`` for no term comments) and ``encoding``.
"""
from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import IO, Any

from . import catalog as cat
from .config import load_config
from .document import decode, parse_document
from .glossary import TermMatcher
from .project import load_glossary, term_notes
from .segment import segment_document

CONTEXT_KEYWORD = "pgettext"  # Babel's default spec for it: ((1, 'c'), 2), context first


@cache
def _matcher(glossary: Path) -> TermMatcher:
    """One matcher per glossary for the whole run: Babel calls the extractor once per file."""
    return TermMatcher(load_glossary(glossary))


def extract(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[tuple[int, str | None, str | tuple[str, str], list[str]]]:
    """Babel's extractor protocol: (line, keyword, message, extracted comments) per entry and line.

    ``comment_tags`` does not apply: the comments are the template's, not comments in the text.
    """
    name = getattr(fileobj, "name", "<text>")
    config = load_config(Path(name).resolve().parent if name != "<text>" else None)
    encoding = options.get("encoding") or config.encoding
    glossary = options.get("glossary", config.glossary)
    notes = None if glossary.lower() == "none" else term_notes(_matcher((config.root / glossary).resolve()))
    document = parse_document(decode(fileobj.read(), name, encoding), name)
    pot = cat.template(Path(name).stem, "", segment_document(document), notes)
    for message in pot.messages:
        keyword, text = None, message.msgid
        if message.msgctxt is not None and CONTEXT_KEYWORD in keywords:
            keyword, text = CONTEXT_KEYWORD, (message.msgctxt, message.msgid)
        for reference in message.references:  # ":<line>", the template being given no path
            yield int(reference.rpartition(":")[2]), keyword, text, list(message.extracted)
