"""Script: the characters a translation may hold in its language."""
from __future__ import annotations

import re
from typing import Iterator

from ...document import invisible_characters
from ...markup import markup_masked
from ...glossary import FORBIDDEN
from ...langid import ACRONYM_RE, HAN_RE, LATIN_CHARS, LATIN_WORD_RE, traditional_re
from ..model import EN, ERROR, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import rule

# Units and symbols Chinese medical text writes in Latin letters.
UNITS = frozenset({"mg", "g", "kg", "μg", "ug", "ml", "mL", "L", "dL", "cm", "mm", "μm", "um", "nm", "km",
                   "kDa", "h", "min", "s", "ms", "mmHg", "mol", "mmol", "IU", "Hz", "kHz", "MHz", "T", "x"})

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
    strftime codes (``%Y``), HTML/XML tags with their attributes, ``<code>`` and reST roles and literals,
    URLs and e-mail addresses. Neither is code, which stays verbatim: a token that starts with ``-`` or
    ``+`` (``--no-clobber``, ``[-d]``) or holds a digit or a character of code (``math.isclose``, ``id=``,
    ``u+rwx``), and the keyword that opens an indented help line as in the source. Names of the source stay
    too: a CamelCase word (SELinux, NumPy), or a Capitalized one the source holds capitalized where no
    sentence starts or before another Capitalized word (``Brian Fox``). A lowercase word is reported even
    when the source holds it (``tty``, ``stat``): a software project lists its jargon in ``allowed_latin``.

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
    if words:  # rare in a translation: only then the dearer look at code and the source's names
        names = _names(entry.source)
        words = [w for w in LATIN_WORD_RE.findall(_code_masked(_words_only(entry), entry.source))
                 if w in words and w not in names]
    if words:
        yield Defect(entry, f"Latin-script word(s) {', '.join(dict.fromkeys(words))} in a Chinese translation")


def _code_masked(text: str, source: str) -> str:
    """The text with its code tokens blanked out (offsets keep): options, identifiers, format keys, and the
    keyword opening an indented help line that opens one in the source (``  nofollow  不跟随符号链接``)."""
    text = _TOKEN_RE.sub(lambda match: " " * len(match.group()) if _is_code(match.group()) else match.group(), text)
    if text.startswith((" ", "\t")) or "\n " in text:
        columns = {keyword for _, keyword in _HELP_COLUMN_RE.findall(source)}
        text = _HELP_COLUMN_RE.sub(lambda match: match.group(1) + (" " * len(match.group(2)) if match.group(2) in columns
                                                                   else match.group(2)), text)
    return text


def _is_code(token: str) -> bool:
    if token[0] in ")]:":  # a mark that closes or follows the text before, glued to the word: 干细胞:myelin
        token = token[1:]
    core = token.rstrip(".,;:!?)]\"'").lstrip("([\"'")
    return core.startswith(("-", "+")) or _CODE_CHARACTER_RE.search(core) is not None


def _names(source: str) -> set[str]:
    """Words the source writes as names: CamelCase (SELinux, OpenSSL), or Capitalized where no sentence
    starts (``by Brian Fox``, after an initial) or before another Capitalized word (``Brian Fox``)."""
    names = set()
    for match in _CAPITALIZED_RE.finditer(source):
        word = match.group()
        before = source[:match.start()].rstrip()
        if (any(c.isupper() for c in word[1:]) or (before and before[-1] not in ".!?:\"'")
                or _INITIAL_RE.search(before)
                or _NEXT_CAPITALIZED_RE.match(source, match.end())):
            names.add(word)
    return names


# A token: a run of characters that are neither spaces, nor Han, nor CJK or full-width punctuation.
_TOKEN_RE = re.compile(r"[^\s\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_CODE_CHARACTER_RE = re.compile(r"[\d_./:=`'\"<>\[\]{}()$\\|@#*%+]")
_HELP_COLUMN_RE = re.compile(r"(?m)(^[ \t]+)(\S+)(?=[ \t]{2,}|\t)")
_CAPITALIZED_RE = re.compile(rf"(?<![{LATIN_CHARS}])[A-Z][{LATIN_CHARS}]*[a-z][{LATIN_CHARS}]*")
_NEXT_CAPITALIZED_RE = re.compile(r"[ \t]+[A-Z]")
_INITIAL_RE = re.compile(r"\b[A-Z]\.$")  # David M. Ihnat


@rule("S003", "invisible-character", "invisible", ERROR, (EN, ZH_HANS, ZH_HANT))
def invisible_character(entry: Entry) -> Iterator[Defect]:
    """Bidirectional control, invisible or control characters in the translation.

    Why: bidi overrides reorder what readers see against what the file holds (Trojan Source,
    CVE-2021-42574); zero-width spaces and joiners hide inside words and break search, term matching and
    line breaking; control characters other than tab and line ends (ESC, BEL, a CR alone) act on the
    terminal or printer that shows the text and vanish from a web page. None has a use in English or
    Chinese text, and an edition built from it would carry them.

    Example: ``MS`` → ``多发性\\u200b硬化`` (a zero-width space inside the term).
    """
    found = dict.fromkeys(name for _, name in invisible_characters(entry.translation))
    if found:
        yield Defect(entry, f"invisible or control character(s): {', '.join(found)}")
