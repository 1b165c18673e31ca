"""Terminology: the glossary's concepts carried from source to translation, in approved forms."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator

from ...glossary import ACRONYM, FORBIDDEN
from ...langid import ACRONYM_RE, LATIN_WORD_RE
from ...normalize import replace_forbidden, resolve_duplications
from ..model import EN, ERROR, WARNING, ZH_HANS, ZH_HANT, Defect, Entry
from ..registry import CORPUS, rule

TRANSLATIONS = (EN, ZH_HANS, ZH_HANT)
# Credentials and titles that look like acronyms but are translated (MD → 医学博士, CMO → 首席医疗官).
CREDENTIALS = frozenset({"MD", "DO", "PhD", "CMO", "CEO", "CSO", "RN", "MPH", "MBA", "MSc", "BSc", "FRCP"})


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


def _acronyms(text: str) -> dict[str, str]:
    """Acronyms of a text by their singular form (MSCs → MSC), credentials left out."""
    found = {}
    for word in LATIN_WORD_RE.findall(text):
        if word.islower() or word in CREDENTIALS or not ACRONYM_RE.fullmatch(word):
            continue  # (a word without capitals is no acronym: most words, told without the regex)
        singular = word[:-1] if word.endswith("s") and ACRONYM_RE.fullmatch(word[:-1]) else word
        found.setdefault(singular, word)
    return found


@rule("T004", "acronym", "acronym", ERROR, TRANSLATIONS, fixer=resolve_duplications)
def acronym(entry: Entry) -> Iterator[Defect]:
    """An acronym of the source is dropped or changed in the translation.

    Why: readers meet the acronym in the literature and in later sentences; the style sheet carries every
    acronym the source uses (the plural s goes: MSCs → MSC). Credentials (MD, PhD, CMO) are translated
    and not checked. Fix (``--fix``): a machine-translation duplication ``术语 (术语)`` becomes
    ``术语（ACRONYM）`` where the glossary knows the acronym.

    Example: ``iPSCs can become any cell type.`` → ``诱导多能干细胞 (诱导多能干细胞)可分化为任何细胞。``
    """
    source = _acronyms(entry.source)
    if not source:
        return
    target = _acronyms(entry.translation)
    for singular, form in source.items():
        if singular not in target:
            others = sorted(set(target) - set(source))
            instead = f" (the translation has {', '.join(others)})" if others else ""
            yield Defect(entry, f"acronym {form} of the source is missing from the translation{instead}")


def _chinese_forms(entry: Entry) -> Iterable[tuple[str, str]]:
    """(concept, form) for each Chinese form of a concept in the source text."""
    for hit in entry.source_hits:
        if hit.lang == "zh" and hit.status != ACRONYM and not entry.matcher.glossary[hit.concept].is_name:
            yield hit.concept, hit.term


@rule("T005", "source-variant", "source-variant", WARNING, (EN, ZH_HANS, ZH_HANT, None), scope=CORPUS)
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
            for concept, form in _chinese_forms(entry):
                forms[concept].add(form)
        for entry in file_entries:
            reported = set()
            for concept, form in _chinese_forms(entry):
                approved = entry.matcher.glossary[concept].zh
                if len(forms[concept]) > 1 and form != approved and (concept, form) not in reported:
                    reported.add((concept, form))
                    others = "', '".join(sorted(forms[concept] - {form}))
                    yield Defect(entry, f"{concept}: the source writes '{form}' here and '{others}' elsewhere "
                                        f"in this catalogue; render both as '{approved}'", concept)
