"""Placeholders: the format directives of a program's strings, carried into the translation as the program
will fill them (the entries xgettext flags c-format, python-format or python-brace-format)."""
from __future__ import annotations

import re
from string import Formatter
from typing import Iterator

from babel.messages.catalog import PYTHON_FORMAT, TranslationError
from babel.messages.catalog import Message as BabelMessage
from babel.messages.checkers import python_format

from ..model import EN, ERROR, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import rule

# A printf(3) directive: argument number, flags, width, precision, length and conversion, or in the
# conversion's place an <inttypes.h> macro as xgettext writes it (%<PRId64>).
_C_DIRECTIVE_RE = re.compile(r"%(?:([1-9]\d*)\$)?[-+ #0'I]*(\*(?:[1-9]\d*\$)?|\d+)?(?:\.(\*(?:[1-9]\d*\$)?|\d*))?"
                             r"(hh|h|ll|l|L|q|j|z|Z|t)?([diouxXeEfFgGaAcCsSpnm%]|<PRI[diouxX]\w*>)")
# What a conversion takes from the arguments: two directives that take the same are interchangeable.
_C_ARGUMENTS = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned"),
                **dict.fromkeys("eEfFgGaA", "double"), "c": "char", "C": "wchar", "s": "string", "S": "wstring",
                "p": "pointer", "n": "count"}


def c_arguments(text: str) -> tuple[str, ...] | None:
    """What a C format string takes, argument by argument (a ``*`` width or precision takes an int before
    its value); None if it mixes numbered (``%1$s``) and unnumbered directives, which printf forbids."""
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []
    for match in _C_DIRECTIVE_RE.finditer(text):
        number, width, precision, length, conversion = match.groups()
        if conversion in "%m":  # no argument (%m: glibc's strerror(errno))
            continue
        if conversion.startswith("<"):  # <PRIu64>: an unsigned of 64 bits
            kind = ("unsigned" if conversion[4] in "ouxX" else "int") + conversion[5:-1]
        else:
            kind = (length or "") + _C_ARGUMENTS[conversion]
        stars = [star for star in (width, precision) if star and star.startswith("*")]
        if number:
            numbered[int(number)] = kind
            numbered.update((int(star[1:-1]), "int") for star in stars if len(star) > 1)
        else:
            unnumbered += ["int"] * len(stars) + [kind]
    if numbered and unnumbered:
        return None
    return tuple(numbered[n] for n in sorted(numbered)) if numbered else tuple(unnumbered)


def brace_fields(text: str) -> frozenset[str] | None:
    """The fields a str.format string names (``{0}``, ``{name.attr}``), the automatic ones numbered as Python
    numbers them (``{} of {}`` names 0 and 1, as ``{1}中的{0}`` does); None if it does not parse (a single ``}``)."""
    try:
        fields = [field for _, field, _, _ in Formatter().parse(text) if field is not None]
    except ValueError:
        return None
    automatic = iter(range(len(fields)))
    return frozenset(f"{next(automatic)}{field}" if field[:1] in ("", ".", "[") else field for field in fields)


def _c_format(source: str, translation: str, partial: bool) -> str | None:
    wanted, given = c_arguments(source), c_arguments(translation)
    if given is None:
        return "the translation mixes numbered (%1$s) and unnumbered directives"
    if wanted is None or given == wanted or (partial and given == wanted[:len(given)]):
        return None
    return f"the source has {_directives(source)}, the translation {_directives(translation)}"


def _directives(text: str) -> str:
    return ", ".join(m.group() for m in _C_DIRECTIVE_RE.finditer(text) if m.group(5) not in "%m") or "none"


def _python_brace_format(source: str, translation: str, partial: bool) -> str | None:
    wanted, given = brace_fields(source), brace_fields(translation)
    if given is None:
        return "the translation's braces do not parse (a single { or })"
    if wanted is None or given == wanted or (partial and given <= wanted):
        return None
    return _differences(wanted, given, "{%s}")


def _python_format(source: str, translation: str, partial: bool) -> str | None:
    """babel's checker (types, kinds, names the source lacks), and as msgfmt, no named argument left out."""
    try:
        python_format(None, BabelMessage(source, translation, flags=("python-format",)))
    except TranslationError as exc:
        return str(exc)
    names = {text: {name for name, _, _ in PYTHON_FORMAT.findall(text) if name} for text in (source, translation)}
    if partial or names[translation] >= names[source]:
        return None
    return _differences(names[source], names[translation], "%%(%s)")


def _differences(wanted: set[str] | frozenset[str], given: set[str] | frozenset[str], shown: str) -> str:
    parts = [f"missing {', '.join(shown % name for name in sorted(wanted - given))}" if wanted - given else "",
             f"not in the source {', '.join(shown % name for name in sorted(given - wanted))}" if given - wanted else ""]
    return "; ".join(part for part in parts if part)


_COMPARISONS = {"c-format": _c_format, "python-format": _python_format, "python-brace-format": _python_brace_format}


@rule("F001", "placeholder", "placeholder", ERROR, (EN, ZH_HANS, ZH_HANT))
def placeholder(entry: Entry) -> Iterator[Defect]:
    """A format directive of the source is missing, changed or added in the translation of an entry flagged
    ``c-format``, ``python-format`` or ``python-brace-format``.

    Why: the program fills the translation with the source's arguments: a missing ``%s`` drops a value, a
    ``%d`` for ``%s`` or an unknown ``%(nom)s`` or ``{cnt}`` crashes it or prints garbage. ``msgfmt
    --check`` refuses such a catalogue, and this reports what it refuses. C directives compare by what
    they take (``%i`` for ``%d``, reordered as ``%2$s %1$s``); python-format by babel's checker, and no
    named placeholder left out; python-brace-format by the fields named (``{} of {}`` as ``{1}中的{0}``).
    The first of several plural forms (English's, for one) may leave the last arguments out (``one file``
    for ``%d files``); Chinese's one form stands for every number and may not.

    Example: ``Cannot open %s: %s`` → ``无法打开%d``.
    """
    message = entry.message
    # As msgfmt, every plural form against msgid_plural; the first of several (English's one, for n = 1)
    # may leave arguments out. Chinese's one form stands for every n.
    source = message.msgid if message.msgid_plural is None else message.msgid_plural
    forms = message.translations
    for flag, compare in _COMPARISONS.items():
        if flag in message.flags:
            problem = next(filter(None, (compare(source, translation, index == 0 and len(forms) > 1)
                                         for index, translation in enumerate(forms))), None)
            if problem:
                yield Defect(entry, f"{flag}: {problem}")
