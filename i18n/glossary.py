"""The terminology glossary: concepts, their CSV and TBX forms, its lint, and the term matcher.

The canonical file is CSV (one concept per row, multiple values separated by " | "); TBX (ISO 30042)
is spoken for exchange with CAT tools: TBX-Basic out, TBX 2008 (martif/termEntry/langSet/tig) and
TBX v3 (conceptEntry/langSec/termSec) in.
"""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Iterator
from xml.parsers import expat

from babel.core import parse_locale

from .errors import I18nError
from .langid import HAN_RE, chinese_script, traditional_re

TERM = "term"
NAME = "name"
COLUMNS = ("id", "type", "domain", "en", "en_variants", "en_acronyms", "zh", "zh_variants", "forbidden", "note")
_LIST_COLUMNS = ("en_variants", "en_acronyms", "zh_variants", "forbidden")
SEPARATOR = " | "
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Concept:
    id: str
    type: str
    domain: str
    en: str
    en_variants: tuple[str, ...] = ()
    en_acronyms: tuple[str, ...] = ()
    zh: str = ""
    zh_variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    line: int = field(default=0, compare=False)

    @property
    def is_name(self) -> bool:
        return self.type == NAME

    def rendering(self) -> str:
        """``间充质干细胞 = mesenchymal stem cell (MSC)``, as catalogue comments show it."""
        english = self.en + (f" ({', '.join(self.en_acronyms)})" if self.en_acronyms else "")
        return f"{self.zh or self.en} = {english}"


@dataclass(frozen=True)
class Glossary:
    concepts: tuple[Concept, ...]
    path: str = "<glossary>"

    def __getitem__(self, concept_id: str) -> Concept:
        return self._by_id[concept_id]

    @cached_property  # built once: every term hit looks its concept up
    def _by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}


# --- CSV -----------------------------------------------------------------------------------------

def read_csv(text: str, path: str = "<glossary>") -> Glossary:
    """Parse the canonical CSV; a broken row raises I18nError naming its line."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise I18nError("empty glossary: expected a header row", path, 1)
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            hint = (" (the columns are separated by semicolons: save the file as comma-separated CSV)"
                    if len(header) == 1 and ";" in header[0] else "")
            raise I18nError(f"header lacks column(s): {', '.join(missing)}{hint}", path, 1)

        def rows() -> Iterator[Concept]:
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise I18nError(f"row has {len(row)} fields, the header has {len(header)}", path, line)
                cells = dict(zip(header, row))
                yield _concept({name: cells[name].split("|") if name in _LIST_COLUMNS else cells[name]
                                for name in COLUMNS}, path, line)

        concepts = list(_unique_ids(rows(), path))
    except csv.Error as exc:
        raise I18nError(f"malformed CSV: {exc}", path, reader.line_num) from None
    if not concepts:  # refused as read_tbx refuses it: its TBX export would not import
        raise I18nError("glossary holds no concepts (no rows after the header)", path, 1)
    return Glossary(tuple(concepts), path)


def _unique_ids(concepts: Iterable[Concept], path: str) -> Iterator[Concept]:
    """The concepts, refused at the second of two with one id (a term would be looked up in the other)."""
    first_lines: dict[str, int] = {}
    for concept in concepts:
        if concept.id in first_lines:
            raise I18nError(f"duplicate concept id {concept.id!r} (first at line {first_lines[concept.id]})",
                            path, concept.line)
        first_lines[concept.id] = concept.line
        yield concept


# The matcher compiles the terms into a trie walked recursively, one level per character: terms stay far
# below Python's recursion limit (a real term is a few words; a sentence is not a term).
MAX_TERM_LENGTH = 200
_TERM_COLUMNS = ("en", "en_variants", "en_acronyms", "zh", "zh_variants", "forbidden")
# Characters XML 1.0 cannot hold: a glossary carrying one would export a TBX that no tool reads.
_NOT_IN_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """A value without surrounding space, each CR or CR LF made a LF (as an XML reader reads them)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _concept(values: dict[str, str | list[str]], path: str, line: int | None) -> Concept:
    """A concept from its column values (the list columns as lists), under the CSV's rules whichever form it
    was read from, so that every glossary that reads is written and read back unchanged in both forms."""
    fields = {name: _clean(values[name]) for name in COLUMNS if name not in _LIST_COLUMNS}
    lists = {name: tuple(v for v in map(_clean, values[name]) if v) for name in _LIST_COLUMNS}
    for name in COLUMNS:
        for value in lists[name] if name in lists else (fields[name],):
            if (char := _NOT_IN_XML_RE.search(value)) is not None:
                raise I18nError(f"{name} {value!r} holds the control character U+{ord(char.group()):04X}", path, line)
            if name in lists and "|" in value:
                raise I18nError(f"{name} {value!r} holds '|', the CSV's list separator", path, line)
            if name in _TERM_COLUMNS and len(value) > MAX_TERM_LENGTH:
                raise I18nError(f"{name} {value[:20]!r}... is longer than {MAX_TERM_LENGTH} characters", path, line)
    if not _ID_RE.fullmatch(fields["id"]):
        raise I18nError(f"concept id {fields['id']!r} must be lowercase ASCII letters, digits and hyphens", path, line)
    if fields["type"] not in (TERM, NAME):
        raise I18nError(f"type must be {TERM!r} or {NAME!r}, not {fields['type']!r}", path, line)
    if not fields["en"]:
        raise I18nError(f"concept {fields['id']!r} has no English term", path, line)
    if fields["type"] == TERM and not fields["zh"]:
        raise I18nError(f"term {fields['id']!r} has no Chinese term", path, line)
    # English forbidden forms first: TBX keeps them in the English language set, apart from the Chinese ones.
    lists["forbidden"] = tuple(sorted(lists["forbidden"], key=lambda form: HAN_RE.search(form) is not None))
    return Concept(line=line or 0, **fields, **lists)


def write_csv(glossary: Glossary) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in sorted(glossary.concepts, key=lambda c: (c.domain, c.id)):
        writer.writerow([SEPARATOR.join(v) if isinstance(v, tuple) else v
                         for v in (getattr(c, name) for name in COLUMNS)])
    return out.getvalue()


# --- TBX -----------------------------------------------------------------------------------------

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_V3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"  # ISO 30042:2019; TBX 2008's martif has no namespace
_PREFERRED, _ADMITTED, _DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
_SUPERSEDED = "supersededTerm-admn-sts"
# administrativeStatus values by their stem (TBX-Basic writes preferredTerm-admn-sts, other tools preferred or
# preferredTerm; Weblate reads obsolete and forbidden too) to where the term goes: approved, variant, forbidden.
_STATUS_ROLES = {"preferred": _PREFERRED, "admitted": _ADMITTED, "deprecated": _DEPRECATED,
                 "superseded": _DEPRECATED, "obsolete": _DEPRECATED, "forbidden": _DEPRECATED}


def write_tbx(glossary: Glossary) -> str:
    """TBX-Basic (the 2008 martif form Weblate, OmegaT and Translate Toolkit read)."""
    martif = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(martif, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "MS stem-cell therapy terminology (zhen-l10n)"
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for concept in glossary.concepts:
        entry = ET.SubElement(body, "termEntry", {"id": concept.id})
        if concept.domain:
            ET.SubElement(entry, "descrip", {"type": "subjectField"}).text = concept.domain
        if concept.note:
            ET.SubElement(entry, "note").text = concept.note
        english = [(concept.en, _PREFERRED, None)] + [(v, _ADMITTED, None) for v in concept.en_variants]
        english += [(a, _ADMITTED, "acronym") for a in concept.en_acronyms]
        english += [(f, _DEPRECATED, None) for f in concept.forbidden if not HAN_RE.search(f)]
        chinese = ([(concept.zh, _PREFERRED, None)] if concept.zh else []) + [(v, _ADMITTED, None) for v in concept.zh_variants]
        chinese += [(f, _DEPRECATED, None) for f in concept.forbidden if HAN_RE.search(f)]
        for lang, terms in (("en", english), ("zh-Hans", chinese)):
            if not terms:
                continue
            lang_set = ET.SubElement(entry, "langSet", {XML_LANG: lang})
            for text, status, term_type in terms:
                tig = ET.SubElement(lang_set, "tig")
                ET.SubElement(tig, "term").text = text
                if term_type:
                    ET.SubElement(tig, "termNote", {"type": "termType"}).text = term_type
                if concept.is_name and status == _PREFERRED and lang == "en":
                    ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = "properNoun"
                ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    ET.indent(martif)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(martif, encoding="unicode") + "\n"


def read_tbx(text: str, path: str = "<tbx>") -> Glossary:
    """Read TBX 2008 (martif/termEntry/langSet/tig|ntig) or TBX v3 (tbx/conceptEntry/langSec/termSec).

    A DOCTYPE naming a DTD is read without fetching it; entity declarations are refused (XXE and
    entity-expansion bombs). Language sets other than English and Simplified Chinese are skipped.
    """
    if "<!ENTITY" in text:
        raise I18nError("TBX declares XML entities; refused (external or expanding entities are unsafe)", path,
                        text[:text.index("<!ENTITY")].count("\n") + 1)
    root, lines = _xml_tree(text, path)
    if root.tag not in ("martif", f"{{{TBX_V3_NAMESPACE}}}tbx"):
        raise I18nError(f"not TBX: the root element is {_described(root.tag)}; expected <martif> without namespace "
                        f"(TBX 2008) or <tbx> in namespace {TBX_V3_NAMESPACE} (TBX v3)", path, 1)
    entries = (e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry"))
    concepts = list(_unique_ids((_tbx_concept(entry, f"concept-{number + 1}", lines, path)
                                 for number, entry in enumerate(entries)), path))
    if not concepts:  # an empty glossary would silently replace the project's
        raise I18nError("TBX holds no concepts (no termEntry or conceptEntry)", path, 1)
    return Glossary(tuple(concepts), path)


def _xml_tree(text: str, path: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document's element tree and the line each element starts on.

    ElementTree's parser tells no lines, so expat builds the tree through ElementTree's TreeBuilder and
    each element's line is read as it starts. An entity the document does not declare is refused, as
    ElementTree refuses it (expat alone would skip it when a DOCTYPE names an external DTD).
    """
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")
    clark = lambda name: "{" + name if "}" in name else name  # noqa: E731  expat's "uri}local" as "{uri}local"

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = builder.start(clark(tag), {clark(name): value for name, value in attributes.items()})
        lines[element] = parser.CurrentLineNumber

    def skipped_entity(name: str, is_parameter_entity: bool) -> None:
        raise I18nError(f"not well-formed XML: undefined entity &{name};", path, parser.CurrentLineNumber)

    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(clark(tag))
    parser.CharacterDataHandler = builder.data
    parser.SkippedEntityHandler = skipped_entity
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise I18nError(f"not well-formed XML: {exc}", path, exc.lineno) from None
    return builder.close(), lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]  # TBX v3 puts its elements in a namespace


def _described(tag: str) -> str:
    """``<martif> in namespace http://example.com/foo`` from ElementTree's ``{http://example.com/foo}martif``."""
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    return f"<{_local(tag)}>" + (f" in namespace {namespace}" if namespace else " without namespace")


def _side(language_tag: str) -> str | None:
    """The glossary side a language set holds: "en", "zh" (Simplified Chinese), or None for any other language,
    Traditional Chinese included. The script is the tag's, else its territory's (zh-TW, zh-HK, zh-MO write
    Traditional), as the checks decide a catalogue's; parse_locale keeps the tag as written, where
    Locale.parse would read zh-Hant-CN as Simplified and refuse zh-Hans-US."""
    try:
        language, territory, script, *_ = parse_locale(language_tag.replace("-", "_"))
    except ValueError:
        return None
    if language == "en":
        return "en"
    if language == "zh" and chinese_script(script, territory) == "Hans":
        return "zh"
    return None


def _tbx_concept(entry: ET.Element, default_id: str, lines: dict[ET.Element, int], path: str) -> Concept:
    """The concept of one termEntry or conceptEntry; errors name the entry's line (or the status note's)."""
    line = lines[entry]
    values = defaultdict(list)
    concept_id = entry.get("id") or default_id
    domain = note = ""
    is_name = False
    for child in entry:
        kind = _local(child.tag)
        if (kind == "descrip" and child.get("type") == "subjectField") or (kind == "subjectField" and _dct(child)):
            domain = _text(child)
        elif kind == "note":
            note = _text(child)
        elif kind in ("langSet", "langSec") and (side := _side(child.get(XML_LANG) or "")) is not None:
            for term_block in child:
                if _local(term_block.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term, notes = _term_of(term_block)
                if not term:
                    continue
                said = {kind: _text(element) for kind, element in notes.items()}
                if "administrativeStatus" not in said:  # the first unmarked term is the preferred one
                    role = _ADMITTED if values[f"{side}_preferred"] else _PREFERRED
                else:
                    status = said["administrativeStatus"]
                    role = _STATUS_ROLES.get(status.removesuffix("-admn-sts").removesuffix("Term"))
                    if role is None:
                        raise I18nError(f"unknown administrativeStatus {status!r} (expected {_PREFERRED}, "
                                        f"{_ADMITTED}, {_DEPRECATED} or {_SUPERSEDED})",
                                        path, lines[notes["administrativeStatus"]])
                if said.get("partOfSpeech") == "properNoun":
                    is_name = True
                if role == _DEPRECATED:
                    values["forbidden"].append(term)
                elif side == "en" and said.get("termType") in ("acronym", "abbreviation"):
                    values["en_acronyms"].append(term)
                elif role == _PREFERRED and not values[f"{side}_preferred"]:
                    values[f"{side}_preferred"].append(term)
                else:
                    values[f"{side}_variants"].append(term)
    if not values["en_preferred"]:
        raise I18nError(f"entry {concept_id!r} has no English term", path, line)
    return _concept({
        "id": concept_id, "type": NAME if is_name else TERM, "domain": domain, "en": values["en_preferred"][0],
        "zh": (values["zh_preferred"] or [""])[0], "note": note, **{name: values[name] for name in _LIST_COLUMNS},
    }, path, line)


def _term_of(block: ET.Element) -> tuple[str, dict[str, ET.Element]]:
    """A tig's (ntig's, termSec's) term and its data categories by name: termNote and descrip elements by
    type (TBX 2008, TBX v3 in the DCA style), or elements named for them in a module's namespace (TBX v3 in
    the DCT style: <basic:administrativeStatus>)."""
    term, notes = "", {}
    for element in block.iter():
        kind = _local(element.tag)
        if kind == "term":
            term = "".join(element.itertext()).strip()
        elif kind in ("termNote", "descrip") and element.get("type"):
            notes[element.get("type")] = element
        elif kind in _DATA_CATEGORIES and _dct(element):
            notes[kind] = element
    return term, notes


_DATA_CATEGORIES = ("administrativeStatus", "termType", "partOfSpeech")  # those a term's role is read from


def _dct(element: ET.Element) -> bool:
    """Whether an element is a DCT-style data category: in a namespace, but not TBX's own."""
    return element.tag.startswith("{") and not element.tag.startswith(f"{{{TBX_V3_NAMESPACE}}}")


def _text(element: ET.Element) -> str:
    return (element.text or "").strip()


# --- lint ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    line: int
    concept: str
    message: str


def lint(glossary: Glossary) -> list[Problem]:
    """Contradictions a translator cannot resolve: shared terms, approved-and-forbidden, Traditional."""
    problems = []
    approved: dict[str, str] = {}
    for concept in glossary.concepts:
        for form in _approved_forms(concept):
            owner = approved.get(form.lower())
            if owner is not None and owner != concept.id:
                problems.append(Problem(concept.line, concept.id, f"term {form!r} is also approved in concept {owner!r}"))
            approved.setdefault(form.lower(), concept.id)
        for form in concept.forbidden:
            if form.lower() in {f.lower() for f in _approved_forms(concept)}:
                problems.append(Problem(concept.line, concept.id, f"term {form!r} is both approved and forbidden"))
        for form in (concept.zh, *concept.zh_variants):
            if form and traditional_re().search(form):
                problems.append(Problem(concept.line, concept.id, f"Traditional characters in approved Chinese term {form!r}"))
        for name in _LIST_COLUMNS:
            values = getattr(concept, name)
            if len(set(values)) != len(values):
                problems.append(Problem(concept.line, concept.id, f"duplicated value in {name}"))
        for columns in (("en", "en_variants", "en_acronyms"), ("zh", "zh_variants")):  # a language's columns
            listed: dict[str, str] = {}  # an approved form, lower-cased -> the first column that holds it
            for name in columns:
                value = getattr(concept, name)
                for form in (value,) if isinstance(value, str) else value:
                    if form and listed.setdefault(form.lower(), name) != name:
                        problems.append(Problem(concept.line, concept.id,
                                                f"term {form!r} is in both {listed[form.lower()]} and {name}"))
    for concept in glossary.concepts:
        for form in concept.forbidden:
            owner = approved.get(form.lower())
            if owner is not None and owner != concept.id:
                problems.append(Problem(concept.line, concept.id,
                                        f"forbidden term {form!r} is approved in concept {owner!r}"))
    return problems


def _approved_forms(concept: Concept) -> tuple[str, ...]:
    return tuple(f for f in (concept.en, *concept.en_variants, *concept.en_acronyms, concept.zh, *concept.zh_variants) if f)


# --- matching ------------------------------------------------------------------------------------

APPROVED, VARIANT, ACRONYM, FORBIDDEN = "approved", "variant", "acronym", "forbidden"


@dataclass(frozen=True)
class TermHit:
    concept: str
    start: int
    end: int
    form: str
    status: str  # approved | variant | acronym | forbidden
    lang: str  # en | zh

    @property
    def term(self) -> str:
        """The form without the acronym in brackets that may follow it (间充质干细胞（MSC） → 间充质干细胞)."""
        return _TRAILING_ACRONYM_RE.sub("", self.form) if self.form[-1] in ")）" else self.form


def english_inflections(term: str) -> tuple[str, ...]:
    """The term with its last word inflected: plural (+s/es, y → ies) and, since glossary variants are
    often verbs (transplant, isolate, reprogram), -ed and -ing forms. Forms no text uses cost nothing."""
    head, _, last = term.rpartition(" ")
    prefix = f"{head} " if head else ""
    if re.search(r"(s|x|z|ch|sh)$", last):
        endings = [last + "es", last + "ed", last + "ing"]
    elif re.search(r"[^aeiou]y$", last):
        endings = [last[:-1] + "ies", last[:-1] + "ied", last + "ing"]
    elif last.endswith("e"):
        endings = [last + "s", last + "d", last[:-1] + "ing"]
    else:
        endings = [last + "s", last + "ed", last + "ing"]
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", last):  # reprogram → reprogrammed
            endings += [last + last[-1] + "ed", last + last[-1] + "ing"]
    return (term, *(prefix + ending for ending in endings))


def _trie_pattern(forms: Iterable[str]) -> str:
    """One regex for many literal strings: a trie, so the engine walks it instead of trying each form;
    greedy, so at each position the longest form wins."""
    trie: dict = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = True

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return pattern(trie)


def _longest_first(hit: TermHit) -> tuple[int, int]:
    return hit.start, hit.start - hit.end


_LATIN_EDGE_BEFORE = r"(?<![A-Za-z0-9])"
_LATIN_EDGE_AFTER = r"(?![A-Za-z0-9])"
_TRAILING_ACRONYM_RE = re.compile(r"\s*[(（][^()（）]*[)）]$")
_PARENTHESIS_RE = re.compile(r"\s*[(（]\s*([^()（）]{1,20}?)\s*[)）]")


class TermMatcher:
    """Finds glossary terms in text: one compiled pattern per kind of form, never a loop over concepts.

    English forms match case-insensitively on word edges with their plurals; acronyms match
    case-sensitively; Chinese forms match by longest match with no word boundaries, so 干细胞 inside
    间充质干细胞 is the longer concept. A term followed by its own acronym in brackets
    (``mesenchymal stem cells (MSCs)``, ``间充质干细胞（MSC）``) is one hit.
    """

    def __init__(self, glossary: Glossary):
        self.glossary = glossary
        self.english: dict[str, tuple[str, str]] = {}
        self.acronyms: dict[str, tuple[str, str]] = {}
        self.chinese: dict[str, tuple[str, str]] = {}
        for c in glossary.concepts:
            for form in c.forbidden:
                if HAN_RE.search(form):
                    self.chinese[form] = (c.id, FORBIDDEN)
                else:
                    self.english[form.lower()] = (c.id, FORBIDDEN)
            for status, forms in ((VARIANT, c.en_variants), (APPROVED, (c.en,))):
                for form in forms:
                    target = self.acronyms if c.is_name and form != form.lower() else self.english
                    for inflected in english_inflections(form) if not c.is_name else (form,):
                        key = inflected if target is self.acronyms else inflected.lower()
                        target[key] = (c.id, status)
            for form in c.en_acronyms:
                for inflected in (form, form + "s"):
                    self.acronyms[inflected] = (c.id, ACRONYM)
            for status, forms in ((VARIANT, c.zh_variants), (APPROVED, (c.zh,))):
                for form in forms:
                    if form:
                        self.chinese[form] = (c.id, status)
        # (first characters, pattern, form -> (concept, status, language of the hit), scan lower-cased):
        # a text without any of a pattern's first characters is not scanned by it (a Chinese sentence
        # by the English pattern, whose lookbehind makes the engine try every position). English forms
        # are matched in the lower-cased text, as lower-case keys: several times faster than IGNORECASE.
        self._patterns = [
            (re.compile("[" + "".join(sorted({re.escape(form[0]) for form in table})) + "]"), pattern,
             {form: (*found, "zh" if chinese or HAN_RE.search(form) else "en") for form, found in table.items()},
             lowered)
            for table, chinese, lowered in ((self.english, False, True), (self.acronyms, False, False),
                                            (self.chinese, True, False))
            if (pattern := self._compile(table, latin=not chinese)) is not None]

    @staticmethod
    def _compile(forms: dict, latin: bool) -> re.Pattern | None:
        if not forms:
            return None
        body = _trie_pattern(forms)
        return re.compile(_LATIN_EDGE_BEFORE + body + _LATIN_EDGE_AFTER if latin else body)

    @cached_property
    def nested(self) -> dict[str, frozenset[str]]:
        """For each concept, the other concepts that one of its forms contains (间充质干细胞 holds
        干细胞; "stem cell therapy" holds "stem cell"): a longer term in a translation can stand for
        a shorter concept of the source. Built on first use; only the checks ask."""
        inner: dict[str, set[str]] = defaultdict(set)
        for table, latin in ((self.chinese, False), (self.english, True)):
            starting: dict[str, list[tuple[str, str]]] = defaultdict(list)  # by first character: not n² tests
            for form, (concept, _) in table.items():
                starting[form[0]].append((form, concept))
            for outer, (owner, _) in table.items():
                for start, char in enumerate(outer):
                    if latin and start and outer[start - 1] != " ":
                        continue  # an English form starts a word
                    for form, concept in starting.get(char, ()):
                        end = start + len(form)
                        if (concept != owner and outer.startswith(form, start)
                                and (not latin or end == len(outer) or outer[end] == " ")):
                            inner[owner].add(concept)
        return {concept: frozenset(ids) for concept, ids in inner.items()}

    def find(self, text: str) -> list[TermHit]:
        """Non-overlapping hits in text order; where hits overlap the longer one wins."""
        hits: list[TermHit] = []
        patterns_hit = 0
        for first, pattern, table, scan_lowered in self._patterns:
            # str.lower() keeps every index but U+0130's, which re's case folding (and so this) takes for "i"
            scanned = text.replace("\u0130", "i").lower() if scan_lowered else text
            if first.search(scanned) is None:
                continue
            before = len(hits)
            for match in pattern.finditer(scanned):
                start, end = match.span()
                concept, status, lang = table[match.group()]
                hits.append(TermHit(concept, start, end, text[start:end], status, lang))
            patterns_hit += len(hits) > before
        if patterns_hit > 1:  # one pattern's hits are in order and do not overlap
            hits.sort(key=_longest_first)
            chosen: list[TermHit] = [hits[0]]
            for hit in hits[1:]:
                if hit.start >= chosen[-1].end:
                    chosen.append(hit)
            hits = chosen
        if len(hits) > 1 and any(hit.status == ACRONYM for hit in hits):
            return self._merge_acronyms(text, hits)
        return hits

    def _merge_acronyms(self, text: str, hits: list[TermHit]) -> list[TermHit]:
        merged: list[TermHit] = []
        index = 0
        while index < len(hits):
            hit = hits[index]
            following = hits[index + 1] if index + 1 < len(hits) else None
            bracket = (following is not None and following.status == ACRONYM and following.concept == hit.concept
                       and _PARENTHESIS_RE.match(text, hit.end))
            if bracket and following.start == bracket.start(1) and following.end == bracket.end(1):
                merged.append(TermHit(hit.concept, hit.start, bracket.end(), text[hit.start:bracket.end()],
                                      hit.status, hit.lang))
                index += 2
                continue
            merged.append(hit)
            index += 1
        return merged
