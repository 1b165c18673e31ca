"""Terminology: the glossary's concepts carried from source to translation, in approved forms."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterator

from ...glossary import ACRONYM, FORBIDDEN, TermMatcher
from ...langid import ACRONYM_RE, HAN_RE, LATIN_CHARS, LATIN_WORD_RE
from ...normalize import Duplication, duplications, replace_forbidden, resolve_duplications
from ..model import EN, ERROR, WARNING, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import CORPUS, rule

TRANSLATIONS = (EN, ZH_HANS, ZH_HANT)
# Credentials and titles that look like acronyms but are translated (MD → 医学博士, CMO → 首席医疗官).
CREDENTIALS = frozenset({"MD", "DO", "PhD", "CMO", "CEO", "CSO", "RN", "MPH", "MBA", "MSc", "BSc", "FRCP"})
_VOWEL_RE = re.compile("[AEIOU]")
_OPENING_BEFORE_RE = re.compile(r"[(（][ \t]*$")
_CLOSING_AFTER_RE = re.compile(r"[ \t]*[)）]")
_METAVARIABLE_BRACKETS = (("[", "]"), ("<", ">"), ("{", "}"))
# A whole Latin word (a run of letters) that ACRONYM_RE matches: two or more capitals after an optional i or e
# (iPSC, eGFR), then an optional plural s. Found by one pattern that starts only at a capital, i or e, rather
# than by a loop over every word of every source.
_ACRONYM_WORD_RE = re.compile(rf"[ieA-Z](?<![{LATIN_CHARS}][ieA-Z])(?:(?<=[ie])[A-Z]{{2,}}|(?<=[A-Z])[A-Z]+)s?"
                              rf"(?![{LATIN_CHARS}])")


def _expected(entry: Entry, concept_id: str) -> str:
    concept = entry.matcher.glossary[concept_id]
    if entry.target == EN or (concept.is_name and not concept.zh):
        acronyms = f" ({', '.join(concept.en_acronyms)})" if concept.en_acronyms else ""
        return f"'{concept.en}'{acronyms}"
    acronyms = f" or its acronym {', '.join(concept.en_acronyms)}" if concept.en_acronyms else ""
    return f"'{concept.zh}'{acronyms}"


@rule("T001", "term-missing", "term-missing", ERROR, TRANSLATIONS)
def term_missing(entry: Entry) -> Iterator[Defect]:
    """A concept of the source is missing from the translation, or occurs there fewer times.

    Why: the glossary is the contract between writer, translators and readers; a concept the
    translation paraphrases away or renders in an unapproved way breaks it. Counts matter: a concept
    twice in the source and once in the translation is a finding. The approved term, an admitted variant
    or the concept's acronym (``MSC`` for mesenchymal stem cell) satisfy it; a longer approved term that
    contains it (``间充质干细胞`` for "stem cells") does too.

    Example: ``Mesenchymal stem cells reduce inflammation.`` → ``间质细胞可减轻炎症。`` (expected 间充质干细胞).
    """
    missing, _ = entry.term_balance
    if not missing:
        return
    carried = _acronyms(entry.translation)
    for concept_id, short in missing.items():
        if _acronym_dropped(entry, concept_id, carried):
            continue  # the acronym rule reports it: one defect, one finding
        wanted = entry.source_counts[concept_id]
        yield Defect(entry, f"{concept_id}: {wanted}x in the source, {wanted - short}x in the translation; "
                            f"expected {_expected(entry, concept_id)}", concept_id)


def _acronym_dropped(entry: Entry, concept_id: str, carried: dict[str, str]) -> bool:
    """The source names the concept by its bare acronym, and the translation lacks the acronym."""
    return (any(h.concept == concept_id and h.status == ACRONYM for h in entry.source_hits)
            and not any(a in carried for a in entry.matcher.glossary[concept_id].en_acronyms))


@rule("T002", "term-forbidden", "term-forbidden", ERROR, TRANSLATIONS, fixer=replace_forbidden)
def term_forbidden(entry: Entry) -> Iterator[Defect]:
    """A forbidden variant of a concept is used in the translation.

    Why: forbidden variants are renderings the terminologist rejected: wrong (间质干细胞 for mesenchymal
    stem cell), non-preferred (干细胞疗法 where the project says 干细胞治疗) or Traditional forms.
    Fix (``--fix``): the concept's approved Chinese term replaces the variant.

    Example: ``Stem cell therapy for MS`` → ``MS的干细胞疗法`` (use 干细胞治疗).
    """
    for hit in entry.target_hits:
        if hit.status == FORBIDDEN:
            yield Defect(entry, f"{hit.concept}: forbidden variant '{hit.form}'; use {_expected(entry, hit.concept)}",
                         hit.concept)


@rule("T003", "term-extra", "term-extra", WARNING, TRANSLATIONS)
def term_extra(entry: Entry) -> Iterator[Defect]:
    """A glossary term appears in the translation while the source holds no such concept.

    Why: an added term is often a mistranslation (the translator read one concept as another) or an
    addition the writer did not make.

    Example: ``The cells reduce inflammation.`` → ``间充质干细胞可减轻炎症。`` (the source names no MSC).
    """
    _, extra = entry.term_balance
    for concept_id in extra:
        if entry.source_counts[concept_id] == 0:
            forms = "', '".join(dict.fromkeys(h.term for h in entry.target_hits if h.concept == concept_id))
            yield Defect(entry, f"{concept_id}: '{forms}' in the translation, but the source has no such concept",
                         concept_id)


def _repeated(duplication: Duplication) -> str:
    """What a repetition repeats: its concept, or the words as written (case aside)."""
    return duplication.concept or duplication.term.casefold()


def _acronym_words(text: str) -> Iterator[tuple[re.Match, str]]:
    """The all-capitals tokens of a text, each with its singular form (MSCs → MSC), credentials left out."""
    for match in _ACRONYM_WORD_RE.finditer(text):
        word = match.group()
        if word not in CREDENTIALS:
            yield match, word[:-1] if word.endswith("s") and ACRONYM_RE.fullmatch(word[:-1]) else word


def _acronyms(text: str) -> dict[str, str]:
    """All-capitals tokens of a text by their singular form (MSCs → MSC), credentials left out."""
    found: dict[str, str] = {}
    for match, singular in _acronym_words(text):
        found.setdefault(singular, match.group())
    return found


def _source_acronyms(text: str, matcher: TermMatcher) -> set[str]:
    """The all-capitals tokens of a source that are acronyms, by their singular form: a form the glossary
    lists as an acronym, a token whose capitals hold no vowel (MSC, HSCT, iPSC), or one the source defines
    in brackets after the words it abbreviates (``Expanded Disability Status Scale (EDSS)``). A token the
    source writes in metavariable position (after ``=``, inside ``[]``, ``<>``, ``{}``) is none, there or
    elsewhere in the source: ``--output-delimiter=STR  separate columns with STR``."""
    words = list(_acronym_words(text))
    metavariables = {match.group() for match, _ in words if _metavariable(text, match.start())}
    found = set()
    for match, singular in words:
        if match.group() in metavariables:
            continue
        capitals = singular.lstrip("ie")
        if (matcher.acronyms.get(match.group(), (None, None))[1] == ACRONYM or not _VOWEL_RE.search(capitals)
                or _defined(text, match.start(), match.end(), capitals)):
            found.add(singular)
    return found


def _metavariable(text: str, start: int) -> bool:
    if start and text[start - 1] == "=":
        return True
    return any(text.rfind(opening, 0, start) > text.rfind(closing, 0, start)
               for opening, closing in _METAVARIABLE_BRACKETS)


def _defined(text: str, start: int, end: int, capitals: str) -> bool:
    """The token stands alone in brackets after Han text (``多发性硬化（MS）``) or after the words whose initials
    it spells, the last one included (``Expanded Disability Status Scale (EDSS)``)."""
    opening = _OPENING_BEFORE_RE.search(text, max(0, start - 3), start)
    if not (opening and _CLOSING_AFTER_RE.match(text, end)):
        return False
    before = text[max(0, opening.start() - 200):opening.start()]
    if HAN_RE.search(before.rstrip()[-1:]):  # 多发性硬化（MS）, 量表 (EDSS)
        return True
    initials = iter("".join(word[0] for word in LATIN_WORD_RE.findall(before)[-len(capitals) - 2:]).upper())
    return before.rstrip()[-1:].isalpha() and all(capital in initials for capital in capitals) and next(
        initials, None) is None


@rule("T004", "acronym", "acronym", ERROR, TRANSLATIONS, fixer=resolve_duplications)
def acronym(entry: Entry) -> Iterator[Defect]:
    """An acronym of the source is dropped or changed in the translation, or a term is written twice: again in
    brackets (``术语 (术语)``, ``MS（MS）``) or twice in a row.

    Why: readers meet the acronym in the literature and in later sentences; the style sheet carries every
    acronym the source uses (the plural s goes: MSCs → MSC). An acronym is a form the glossary lists as
    one, a token whose capitals hold no vowel (MSC, HSCT, iPSC: no English word is spelt so) or one the
    source defines in brackets (``Expanded Disability Status Scale (EDSS)``). An all-capitals English word
    (``FILE``, ``OK``, ``NO WARRANTY``) and a metavariable (``--backup=CONTROL``, ``[OPTION]``) are words,
    translated like any other; credentials (MD, PhD, CMO) too. Whatever it is, an all-capitals token of
    the source that the translation lacks while it holds one with the same initial that the source lacks
    was changed (``EDSS`` → ``EDS``, ``SMACK`` → ``SMARK``). Machine translation that replaced an acronym
    by its term writes the term twice, ``术语 (术语)``, in half- or full-width brackets. Only the same words written again count:
    ``多发性硬化（MS）``, ``干细胞（stem cell）`` and ``造血干细胞（干细胞）`` (two concepts) are no repetitions,
    nor are placeholders, which are two arguments (``%s (%s)``). A run of one term (``术语术语术语``) is one
    finding that says how many times it is written. A repetition the source writes too is faithful, and not
    reported.
    Fix (``--fix``): the repetition becomes the acronym in brackets where the glossary knows one
    (``术语（ACRONYM）``), else goes (``MS（MS）`` → ``MS``).

    Example: ``iPSCs can become any cell type.`` → ``诱导多能干细胞 (诱导多能干细胞)可分化为任何细胞。``
    """
    text = entry.translation
    repeated = duplications(text, entry.target_hits, entry.matcher.glossary)
    if repeated:  # a repetition the source writes too is faithful (MSCs MSCs → MSC MSC)
        in_source = {_repeated(d) for d in duplications(entry.source, entry.source_hits, entry.matcher.glossary)}
        repeated = [duplication for duplication in repeated if _repeated(duplication) not in in_source]
    for duplication in repeated:
        if duplication.times > 2:  # a run is one defect, and quoting it whole would flood the report
            written = f"'{duplication.term}' written {duplication.times} times in a row"
        else:
            written = (f"'{text[duplication.start - len(duplication.term):duplication.end].strip()}' writes "
                       f"'{duplication.term}' twice")
        yield Defect(entry, f"{written}; write '{duplication.term}{duplication.replacement}'", duplication.concept)
    source = _acronyms(entry.source)
    if not source:
        return
    target = _acronyms(text)
    # an acronym a repetition stands for is reported there: one defect, one finding
    restored = {singular for duplication in repeated for singular in _acronyms(duplication.replacement)}
    missing = [singular for singular in source if singular not in target and singular not in restored]
    if not missing:
        return
    added = set(target) - set(source)
    acronyms = _source_acronyms(entry.source, entry.matcher)
    for singular in missing:
        # a token the translation holds in its place (same initial: EDSS → EDS, SMACK → SMARK) was changed
        changed = sorted(other for other in added if other[0] == singular[0])
        if singular in acronyms or changed:
            instead = f" (the translation has {', '.join(changed or sorted(added))})" if added else ""
            yield Defect(entry, f"acronym {source[singular]} of the source is missing from the translation{instead}")


@rule("T005", "source-variant", "source-variant", WARNING, (EN, ZH_HANS, ZH_HANT, None), scope=CORPUS,
      facts=("source_chinese_terms",))
def source_variant(entries: list[Entry]) -> Iterator[Defect]:
    """The source texts render one concept in two different Chinese forms inside one catalogue.

    Why: the mixed article's machine translation wrote 干细胞治疗 in one sentence and 干细胞疗法 in
    another; translators must know that both mean one concept and render it one way. Reported on each
    entry whose source uses a form other than the approved term.

    Example: msgids ``干细胞治疗的风险`` and ``干细胞疗法的未来`` in one catalogue (the second is reported).
    """
    by_file: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_file[entry.path].append(entry)
    for file_entries in by_file.values():
        forms: dict[str, set[str]] = defaultdict(set)
        for entry in file_entries:
            for concept, form, _ in entry.source_chinese_terms:
                forms[concept].add(form)
        for entry in file_entries:
            reported = set()
            for concept, form, _ in entry.source_chinese_terms:
                approved = entry.matcher.glossary[concept].zh
                if len(forms[concept]) > 1 and form != approved and (concept, form) not in reported:
                    reported.add((concept, form))
                    others = "', '".join(sorted(forms[concept] - {form}))
                    yield Defect(entry, f"{concept}: the source writes '{form}' here and '{others}' elsewhere "
                                        f"in this catalogue; render both as '{approved}'", concept)
