"""Script: the characters a translation may hold in its language."""
from __future__ import annotations

import re
from typing import Iterator

from ...document import invisible_characters
from ...glossary import FORBIDDEN
from ...langid import ACRONYM_RE, HAN_RE, LATIN_WORD_RE, traditional_re
from ..model import EN, ERROR, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import rule

# Units and symbols Chinese medical text writes in Latin letters.
UNITS = frozenset({"mg", "g", "kg", "μg", "ug", "ml", "mL", "L", "dL", "cm", "mm", "μm", "um", "nm", "km",
                   "kDa", "h", "min", "s", "ms", "mmHg", "mol", "mmol", "IU", "Hz", "kHz", "MHz", "T", "x"})

# Markup and placeholders, which are neither words nor numbers of a translation: an HTML/XML tag with its
# attributes, a URL (RFC 3986 characters), an e-mail address, a printf placeholder of C or Python (%d,
# %5.2f, %(name)s, %1$s; without the space flag, so that "50% of" stays prose), a str.format field ({0},
# {name}, {count!r:>3}). babel's PYTHON_FORMAT would take the "% o" of "50% of" for one.
_MARKUP_RE = re.compile(
    r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
    r"|(?:[A-Za-z][\w+.-]*://|www\.)[\w\-.~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|%(?:\d+\$|\(\w+\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh?|ll?|[Lqjzt])?[diouxXeEfFgGaAcspr](?![A-Za-z])"
    r"|\{(?:\d+|[A-Za-z_]\w*)?(?:\.[A-Za-z_]\w*|\[\w+\])*(?:![rsa])?(?::[^{}\s]*)?\}", re.ASCII)


def markup_masked(text: str) -> str:
    """The text with its markup and placeholders blanked out by as many spaces (offsets keep)."""
    if not ("%" in text or "{" in text or "<" in text or "@" in text or "://" in text or "www." in text):
        return text  # the usual case, without the regex
    return _MARKUP_RE.sub(lambda match: " " * len(match.group()), text)


@rule("S001", "script-traditional", "script-traditional", ERROR, (ZH_HANS,))
def script_traditional(entry: Entry) -> Iterator[Defect]:
    """Traditional Chinese characters in a Simplified (zh_Hans) translation.

    Why: mainland readers read Simplified script; Traditional characters slip in when text is copied from
    Hong Kong or Taiwan sources or typed with a Traditional input method. The character tables are
    OpenCC's.

    Example: ``Stem cells`` → ``幹細胞`` (use 干细胞).
    """
    found = "".join(dict.fromkeys(traditional_re().findall(entry.translation)))
    if found:
        yield Defect(entry, f"Traditional character(s) {found} in a Simplified translation")


def _words_only(entry: Entry) -> str:
    """The translation with markup, placeholders and do-not-translate names blanked out: they stay in
    Latin script."""
    text = markup_masked(entry.translation)
    for hit in entry.target_hits:
        concept = entry.matcher.glossary[hit.concept]
        if concept.is_name and hit.status != FORBIDDEN and hit.lang == "en":
            text = text[:hit.start] + " " * (hit.end - hit.start) + text[hit.end:]
    return text


@rule("S002", "script-foreign", "script-foreign", ERROR, (EN, ZH_HANS, ZH_HANT))
def script_foreign(entry: Entry) -> Iterator[Defect]:
    """Letters of the other language: Han characters in an English translation, or Latin-script words in
    a Chinese one.

    Why: each edition is monolingual; a left-over English phrase in the Chinese edition (or Chinese in the
    English one) is untranslated text. Allowed in Chinese: acronyms (MRI, iPSC, T细胞), the glossary's
    do-not-translate names (Nature Medicine, Pexels), units (mg, mL) and the ``allowed_latin`` list of
    ``[tool.i18n]``. Placeholders and markup are not words: ``%d``, ``%(name)s``, ``%1$s``, ``{count}``,
    HTML/XML tags with their attributes, URLs and e-mail addresses, with or without a format flag.

    Example: ``Stem cells may repair myelin.`` → ``干细胞可能修复myelin。``
    """
    if entry.target == EN:
        found = "".join(dict.fromkeys(HAN_RE.findall(entry.translation)))
        if found:
            yield Defect(entry, f"Han character(s) {found[:20]} in an English translation")
        return
    if not LATIN_WORD_RE.search(entry.translation):
        return  # the usual case, decided before the names are looked up
    allowed = entry.context.allowed_latin | UNITS
    words = [w for w in LATIN_WORD_RE.findall(_words_only(entry))
             if not (ACRONYM_RE.fullmatch(w) or (len(w) == 1 and w.isupper()) or w in allowed
                     or w in entry.matcher.acronyms)]
    if words:
        yield Defect(entry, f"Latin-script word(s) {', '.join(dict.fromkeys(words))} in a Chinese translation")


@rule("S003", "invisible-character", "invisible", ERROR, (EN, ZH_HANS, ZH_HANT))
def invisible_character(entry: Entry) -> Iterator[Defect]:
    """Bidirectional control or invisible characters in the translation.

    Why: bidi overrides reorder what readers see against what the file holds (Trojan Source,
    CVE-2021-42574); zero-width spaces and joiners hide inside words and break search, term matching and
    line breaking. Neither has a use in English or Chinese text.

    Example: ``MS`` → ``多发性\\u200b硬化`` (a zero-width space inside the term).
    """
    found = dict.fromkeys(name for _, name in invisible_characters(entry.translation))
    if found:
        yield Defect(entry, f"invisible or bidirectional control character(s): {', '.join(found)}")
