"""Safe, mechanical repairs of Chinese text: punctuation width, lost-acronym duplications, and
forbidden terms with one approved replacement. Used by pretranslation and by `check --fix`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from itertools import pairwise
from operator import attrgetter
from typing import Sequence

from .glossary import ACRONYM, FORBIDDEN, Glossary, TermHit, TermMatcher
from .langid import HAN_CHARS, HAN_RE
from .markup import markup_masked

_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", ".": "。"}
_ELLIPSIS = "……"  # Chinese writes two U+2026, six dots
# A mark of a run of half-width punctuation: an ellipsis (two or more dots, or a lone "…"), , ? ! and a
# colon or semicolon that is not an emoticon's eyes (":)", ";-)", a ":(" that no ")" closes).
_MARK = r"\.{2,}+|(?<!…)…(?!…)|[,?!]|[:;](?!-?\)|-?\((?![^()]*\)))"
# A run touching Han text, with the spaces around it. A lone "." counts only after Han, and not before a
# digit or a small letter: a decimal point, a file name (报告.pdf), an abbreviation (e.g.中文) stay.
_PUNCT_RUN_RE = re.compile(rf"(?<=[{HAN_CHARS}）”])\s*((?:{_MARK}|\.(?![a-z\d]))+)\s*|\s*((?:{_MARK})+)\s*(?=[{HAN_CHARS}])")
_RUN_MARK_RE = re.compile(r"\.{2,}|…|[,.:;?!]")
_HALF_WIDTH_MARK_RE = re.compile(r"[,.:;?!…]")
# Marks that are a program's syntax, not the text's punctuation (see _is_syntax).
_SYNTAX_BEFORE = frozenset("[]{}>=#")  # --pages=首页[:末页], %s}:, [选项]..., <文件>..., #: 文件名
_HAN_THEN_ALNUM_RE = re.compile(rf"([{HAN_CHARS}]+)[A-Za-z\d]+\Z")  # 组1 of 组1,组2,...,组N
_ALNUM_RE = re.compile(r"[A-Za-z\d]")
_OPTION_AFTER_RE = re.compile(r"\s*--?[^\s\d-]")  # -s, --signal=信号, -信号
_LINE_END_AFTER_RE = re.compile(r"[ \t]*(?:\n|\Z)")
_COLUMN_AFTER_RE = re.compile(r"[ \t]{2,}\S")
_USAGE_LINE_RE = re.compile(r"[ \t\u3000]*(?:用法|或)")
_LITERALS = frozenset((".", "..", ":", "?", "!"))  # 以 . 开头, @ 和 : 修饰符, ! 表达式
# A bracket pair (the spaces before it kept apart), not an escaped one (\( 和 \)), or a pair half full-width.
_BRACKETS_RE = re.compile(r"(\s*)(?:(?<!\\)\(([^()]*)(?<!\\)\)|（([^（）()\n]*)\)|\(([^（）()\n]*)）)")
_SPACE_BETWEEN_HAN_RE = re.compile(rf"(?<=[{HAN_CHARS}，。：；？！（）、“”])[ \t]+(?=[{HAN_CHARS}，。：；？！（）、“”])")
_FULL_WIDTH_MARKS = "，。、；：？！（）《》〈〉【】「」『』〔〕～"
# One space beside a full-width mark (or ……), after it or between it and text: runs (column alignment) and a
# space that starts a line (indentation) are layout, and one beside dots left half-width (用法：%s 名称... …).
_SPACE_MARKS = _FULL_WIDTH_MARKS + "…"
_NEAR_LITERAL = _SPACE_MARKS + ",.:;?!"  # marks whose space goes, now or once they are full-width
_WORD_AFTER_RE = re.compile(rf"[ \t]+[^\s{_NEAR_LITERAL}]")
_LONE_SPACE_AT_FULL_WIDTH_RE = re.compile(  # the space first: a lookbehind at every character is slow
    rf"[ \t\u00a0\u3000](?:(?<=[^\s.].)(?=[{_SPACE_MARKS}])|(?<=[{_SPACE_MARKS}].)(?![ \t\u00a0\u3000.]))")


def punctuation_width(text: str) -> str:
    """Half-width , . : ; ? ! ( ) next to Han characters become full-width, mark by mark through a run
    (?! → ？！), an ellipsis (... or a lone …) becomes ……, and a single space beside a full-width mark goes:
    the mark carries its own spacing. Left alone: marks of a program's syntax (see _is_syntax), escaped
    brackets, runs of spaces and the spaces that start a line (layout)."""
    # Brackets first, so that a mark after one sees it full-width (（MSC）。); again while an outer pair
    # closes only once the inner one is full-width: 干细胞(间充质干细胞(MSC)). Placeholders are blanked
    # out while brackets are paired: the ( of %(name)s opens none.
    while "(" in text or ")" in text:
        masked = markup_masked(text)
        pieces, last = [], 0
        for match in _BRACKETS_RE.finditer(masked):
            if (bracketed := _bracket(text, match)) is not None:
                start, full_width = bracketed
                pieces += [text[last:start], full_width]
                last = match.end()
        if not pieces:
            break
        text = "".join(pieces) + text[last:]
    if _HALF_WIDTH_MARK_RE.search(text):  # most Chinese text has none: a charset scan instead of the runs'
        masked = markup_masked(text)
        text = _PUNCT_RUN_RE.sub(lambda match: _full_width_run(match, masked), text)
    return _LONE_SPACE_AT_FULL_WIDTH_RE.sub("", text)


def _full_width_run(match: re.Match, masked: str) -> str:
    group = 1 if match.group(1) is not None else 2
    start, end = match.span(group)
    if _is_syntax(match.string, masked, start, end):
        return match.group()
    marks = _RUN_MARK_RE.sub(lambda mark: _FULL_WIDTH.get(mark.group(), _ELLIPSIS), match.group(group))
    return match.string[match.start():start] + marks + match.string[end:match.end()]


def _is_syntax(text: str, masked: str, start: int, end: int) -> bool:
    """Whether the marks text[start:end] belong to a program's syntax rather than to the Chinese text: part
    of markup or right after a placeholder where no Han follows (%s: 读取错误, :func:`round`); the start of a token (.NET, -o) or a
    mark inside one (（默认）,prepend); right after a syntax character ([:末页], %s}:, [选项]...); a list of
    metavariables (组1,组2,...,组N) or of options (信号, -信号); a mark quoted alone between words (以 . 开头)
    or reST's literal-block marker (写为 ::); the "repeatable" dots of a usage synopsis (用法：%s 名称...)."""
    run = text[start:end]
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    if masked[start] != text[start]:
        return True
    if start and masked[start - 1] != before:  # right after a placeholder
        line_start = text.rfind("\n", 0, start) + 1
        if run[0] == ":" and not masked[line_start:start].strip(" \t:"):
            return True  # a diagnostic's "%s: " prefix (%s:%lu: too), which programs parse
        placeholders = start
        while placeholders > line_start and masked[placeholders - 1] != text[placeholders - 1]:
            placeholders -= 1
        glued = placeholders > line_start and (text[placeholders - 1].isascii()
                                               and (text[placeholders - 1].isalnum() or text[placeholders - 1] in "-+/_"))
        # a token's (-%s%c...), or, where Han follows past the spaces, the sentence's: %s,再见, %s, 请检查
        return glued or not HAN_RE.match(text[end:].lstrip(" \t")[:1])
    if "!" <= after <= "~" and run[0] != "…" and not run.startswith("..") and not HAN_RE.match(before):
        return True
    if before in _SYNTAX_BEFORE:
        return True
    # (not after a mark whose space goes: the run would no longer stand alone)
    if before.isspace() and not (start > 1 and text[start - 2] in _NEAR_LITERAL):
        if run in _LITERALS and _WORD_AFTER_RE.match(text, end):
            return True
        if run == "::" and _LINE_END_AFTER_RE.match(text, end):
            return True
    if run == "," and _OPTION_AFTER_RE.match(text, end):
        return True
    if (enumerated := _HAN_THEN_ALNUM_RE.search(text, max(0, start - 12), start)) and \
            _ALNUM_RE.match(text, end + len(enumerated.group(1))) and text.startswith(enumerated.group(1), end):
        return True
    # a synopsis: 用法：%s 名称..., or a help column's 文件 ...      输入文件
    return run == "..." and bool(_USAGE_LINE_RE.match(text, text.rfind("\n", 0, start) + 1)
                                 or _COLUMN_AFTER_RE.match(text, end))


def _bracket(text: str, match: re.Match) -> tuple[int, str] | None:
    """Where the bracket pair match found (in text with its placeholders blanked out) starts, with the spaces
    before it, and its full-width form; None where it stays: half-width brackets that hold no Han and touch
    none (``见 Nature (2023)``). The blanks inside stay: a single one beside the marks goes with the others,
    runs and line breaks are layout."""
    before = text[match.start(1):match.end(1)]  # blank in the masked text: spaces, or a placeholder and spaces
    spaces = before[len(before.rstrip()):]
    start = match.end(1) - len(spaces)
    inner_start, inner_end = next(match.span(group) for group in (2, 3, 4) if match.group(group) is not None)
    inner = text[inner_start:inner_end]
    if match.group(2) is not None:
        touches_han = ((start > 0 and HAN_RE.match(text, start - 1)) or HAN_RE.match(text, match.end()))
        if not (HAN_RE.search(inner) or touches_han):
            return None
    return start, f"{spaces}（{inner}）"


_HALF_WIDTH = {"，": ",", "。": ".", "：": ":", "；": ";", "？": "?", "！": "!", "、": ","}
_FULL_WIDTH_MARK_RE = re.compile(r"(\s*)([，。：；？！、]+)(\s*)")  # a run (？！, 。。。): one English run
# Brackets one by one, not in pairs: nested (（MSC）干细胞）, crossed or lone ones are all English in one pass.
_FULL_WIDTH_BRACKET_RE = re.compile(r"(\s*)(?:（(\s*)|）)")
# Title marks go round a title (English italicises it); a lone one, or a pair round nothing, is a quote: the
# fix never leaves a translation empty.
_TITLE_OR_LENTICULAR_RE = re.compile(r"《([^《》\n]+)》|[《》【】]")
_LENTICULAR = {"【": "[", "】": "]", "《": '"', "》": '"'}


def _spaced(blanks: str, english: str) -> str:
    """The blanks beside a mark as English spaces them, unless they break the line: that is layout."""
    return blanks if "\n" in blanks else english


def _english_title(match: re.Match) -> str:
    """A title without its marks, a space kept from the Latin text it touches (《Nature》MSC → Nature MSC); a
    lone mark as a quote, a lenticular bracket as a square one."""
    title = match.group(1)
    if title is None:
        return _LENTICULAR[match.group()]
    before = " " if _LATIN_OR_DIGIT_RE.match(match.string[match.start() - 1:match.start()]) else ""
    return before + title + (" " if _LATIN_OR_DIGIT_RE.match(match.string, match.end()) else "")


def _english_bracket(match: re.Match) -> str:
    """A full-width bracket as English writes it: a space before an opening one (not after another), none
    inside the pair."""
    before, inside = match.group(1), match.group(2)
    if inside is None:
        return _spaced(before, "") + ")"
    after_opening = match.string[match.start() - 1:match.start()] in "(（"
    return _spaced(before, "" if after_opening else " ") + "(" + _spaced(inside, "")


def halfwidth_punctuation(text: str) -> str:
    """Full-width punctuation left in English text becomes its English form, spaced as English is; the
    text's own leading and trailing blanks (a help text's final newline) and its line breaks stay."""
    body = text.strip()
    if not body:
        return text
    body = _TITLE_OR_LENTICULAR_RE.sub(_english_title, body)
    body = _FULL_WIDTH_BRACKET_RE.sub(_english_bracket, body)
    body = _FULL_WIDTH_MARK_RE.sub(lambda m: _spaced(m.group(1), "") + "".join(map(_HALF_WIDTH.get, m.group(2)))
                                   + _spaced(m.group(3), " "), body)
    return text[:len(text) - len(text.lstrip())] + body.strip() + text[len(text.rstrip()):]


# A bracket and what it holds (the spaces inside are no part of it, stripped after the match: spaces matched
# on both sides of a lazy group backtrack cubically); nothing spans a line break, as the checks join plural
# forms with one.
_INLINE_SPACES = " \t\u3000"
_BRACKETED_RE = re.compile(r"[(（]([^()（）\n]*+)[)）]")
_INLINE_SPACES_RE = re.compile(f"[{_INLINE_SPACES}]*")
_LATIN_OR_DIGIT_RE = re.compile(r"[A-Za-z0-9]")
_CJK_RE = re.compile(f"[{HAN_CHARS}{_FULL_WIDTH_MARKS}]")
_SPACES_BEFORE_CJK_RE = re.compile(rf"[{_INLINE_SPACES}]+(?={_CJK_RE.pattern})")


@dataclass(frozen=True)
class Duplication:
    """A repeated term: ``text[start:end]`` (the repetitions, from the end of the first occurrence) is to
    become ``replacement`` (the concept's acronym in brackets, or nothing)."""

    start: int
    end: int
    term: str  # what is written again, as first written
    replacement: str
    concept: str | None  # None for words the glossary does not know
    times: int = 2  # how many times term is written: twice, or more in a run (术语术语术语)


def duplications(text: str, hits: Sequence[TermHit], glossary: Glossary) -> list[Duplication]:
    """Where text writes a term again in brackets right after it (``术语 (术语)``, ``MS（MS）``; any words so,
    the same but for the case of the first letter, unless the first occurrence starts inside a longer term:
    ``造血干细胞（干细胞）`` names two concepts) or twice or more in a row (``术语术语``, one duplication a run;
    glossary terms only, as Chinese doubles words on purpose: 常常). hits: the text's term hits in text order,
    a bracketed restatement dropped or not. Time O(n log n) in the length of text."""
    found = _repeated_in_brackets(text, hits, glossary)
    if len(hits) > 1:
        found += _repeated_in_a_row(text, hits)
    if len(found) < 2:
        return found  # the usual case, nothing to order (the checks run this on every translation)
    kept: list[Duplication] = []
    for duplication in sorted(found, key=lambda duplication: duplication.start):
        if not kept or duplication.start >= kept[-1].end:
            kept.append(duplication)
    return kept


def _repeated_in_brackets(text: str, hits: Sequence[TermHit], glossary: Glossary) -> list[Duplication]:
    found = []
    for match in _BRACKETED_RE.finditer(text):
        term = match.group(1).strip(_INLINE_SPACES)
        end = match.start()
        while end and text[end - 1] in _INLINE_SPACES:
            end -= 1
        start = end - len(term)
        if not (term and start >= 0 and text.endswith(term[1:], start + 1, end)
                and text[start].lower() == term[0].lower() and _repeatable(term)):
            continue
        if start and _LATIN_OR_DIGIT_RE.match(term) and _LATIN_OR_DIGIT_RE.match(text, start - 1):
            continue  # the end of a longer word
        index = bisect_left(hits, start, key=attrgetter("start"))
        if index and hits[index - 1].end > start:
            continue  # the first occurrence starts inside a longer term
        first = hits[index] if index < len(hits) and hits[index].start == start else None
        found.append(_bracketed(text, start, end, match.end(), first, glossary))
    return found


def _repeatable(term: str) -> bool:
    """Words can be written twice by mistake; placeholders cannot: ``%s (%s)`` and ``{0}（{0}）`` are two
    arguments, and deleting one breaks the format string; nor can a list's label, ``A（A）``. So a term
    holds a letter and no placeholder, and is more than one Latin letter."""
    return (not ("%" in term or "{" in term) and any(c.isalpha() for c in term)
            and (len(term) > 1 or bool(HAN_RE.match(term))))  # A（A）, a list's label, is no repetition


def _bracketed(text: str, start: int, end: int, closed: int, first: TermHit | None,
               glossary: Glossary) -> Duplication:
    """The repetition of text[start:end] in the brackets that close at closed: the concept's acronym in
    brackets where the glossary knows one and the term is not itself an acronym, else nothing. first: the
    term hit that starts at start, if any. The brackets are full-width after a Chinese term or where the
    repetition's were (multiple sclerosis（multiple sclerosis）治疗, Chinese text): Chinese typography."""
    # (MS（MS） is one hit, an acronym with its acronym in brackets; 多发性硬化（多发性硬化） is two)
    acronyms = glossary[first.concept].en_acronyms if first and first.end == end and first.status != ACRONYM else ()
    term = text[start:end]
    full_width = HAN_RE.search(term) or text[closed - 1] == "）"
    replacement = "" if not acronyms else f"（{acronyms[0]}）" if full_width else f" ({acronyms[0]})"
    if (not replacement and _LATIN_OR_DIGIT_RE.match(term[-1]) and _LATIN_OR_DIGIT_RE.match(text, closed)
            and not text.startswith(term, closed)):
        replacement = " "  # MS（MS）Cohort → MS Cohort, not MSCohort (but not MS（MS）MS → MS MS, a new run)
    spaces = _SPACES_BEFORE_CJK_RE.match(text, closed) if _CJK_RE.match((replacement or term)[-1]) else None
    # spaces after the brackets go where Chinese text or marks stand on both sides
    return Duplication(end, spaces.end() if spaces else closed, term, replacement, first.concept if first else None)


def _repeated_in_a_row(text: str, hits: Sequence[TermHit]) -> list[Duplication]:
    """One duplication a run of one term written again and again, spaces between at most: from the end of
    its first occurrence to the end of its last."""
    found: list[Duplication] = []
    for previous, hit in pairwise(hits):
        if (hit.concept == previous.concept and hit.form.casefold() == previous.form.casefold()
                and not text[previous.end:hit.start].strip(_INLINE_SPACES)):
            if found and found[-1].end == previous.end:  # the run goes on
                found[-1] = replace(found[-1], end=hit.end, times=found[-1].times + 1)
            else:
                found.append(Duplication(previous.end, hit.end, previous.form, "", previous.concept))
    return found


def resolve_duplications(text: str, matcher: TermMatcher) -> str:
    """Each repeated term written once: ``术语 (术语)``, where machine translation replaced an acronym by its
    term, becomes ``术语（ACRONYM）`` when the glossary knows the acronym, else ``术语``; ``MS（MS）`` and
    ``术语术语`` (or a longer run) become ``MS`` and ``术语``. Time O(n log n) in the length of text."""
    pieces, last = [], 0
    for duplication in duplications(text, matcher.find(text), matcher.glossary):
        pieces += [text[last:duplication.start], duplication.replacement]
        last = duplication.end
    return "".join(pieces) + text[last:]


def replace_forbidden(text: str, matcher: TermMatcher) -> str:
    """Forbidden Chinese variants replaced by their concept's approved term, where that is unambiguous:
    not where the approved term's last word would then stand twice (接受了干细胞疗法治疗 would become
    干细胞治疗治疗, which only a translator can mend), nor the term itself, the variant standing beside it
    or restated in brackets (肝细胞干细胞, 间质干细胞（间充质干细胞）: one of them is to go)."""
    pieces, last = [], 0
    for hit in matcher.find(text):
        approved = matcher.glossary[hit.concept].zh
        if (hit.status == FORBIDDEN and hit.lang == "zh" and approved
                and not text.startswith(approved[-2:], _INLINE_SPACES_RE.match(text, hit.end).end())
                and not _beside(text, hit.start, hit.end, approved)):
            pieces += [text[last:hit.start], approved]
            last = hit.end
    return "".join(pieces) + text[last:]


def _beside(text: str, start: int, end: int, term: str) -> bool:
    """Whether term stands right before or after text[start:end], blanks between at most, or in brackets
    that it opens or that hold it alone (looking past blanks without copying: a text may hold many hits)."""
    after = _INLINE_SPACES_RE.match(text, end).end()
    bracketed = _BRACKETED_RE.match(text, after)
    if text.startswith(term, after) or (bracketed and bracketed.group(1).strip(_INLINE_SPACES) == term):
        return True
    before = start
    while before and text[before - 1] in _INLINE_SPACES:
        before -= 1
    if before and text[before - 1] in "(（" and text.startswith((")", "）"), after):
        before -= 1
        while before and text[before - 1] in _INLINE_SPACES:
            before -= 1
    return text.endswith(term, 0, before)


def normalize_chinese(text: str, matcher: TermMatcher) -> str:
    """Every safe repair at once, and no spaces between Chinese characters and marks."""
    text = punctuation_width(replace_forbidden(resolve_duplications(text, matcher), matcher))
    return _SPACE_BETWEEN_HAN_RE.sub("", text)
