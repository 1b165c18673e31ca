"""A source document and a language's catalogue -> a monolingual edition, and its txt, md and html forms.

The edition is rebuilt from the source's blocks: every block keeps its kind, order and list marker,
and its text is the translations of its segments, joined without spaces in Chinese and with one
space otherwise. A segment with no translation is never filled with the (possibly mixed) source:
it is left out and listed in ``Edition.omitted``; only an English segment in the English edition
stands for itself, as msgen would have filled it. Rules: docs/publishing.md.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..document import CREDIT, HEADING, LIST_ITEM, Block
from ..po import Catalog, Message
from ..segment import EN, Segment


@dataclass(frozen=True)
class EditionBlock:
    kind: str
    text: str
    marker: str  # the source's list bullet or heading number, e.g. "- " or "1. "
    line: int  # of the source block


@dataclass(frozen=True)
class Omission:
    """A source segment the edition leaves out because its catalogue has no translation for it."""

    line: int
    kind: str
    msgid: str


@dataclass(frozen=True)
class Edition:
    language: str
    article: str
    title: str
    blocks: tuple[EditionBlock, ...]
    omitted: tuple[Omission, ...]


def is_chinese(language: str) -> bool:
    return language.startswith("zh")


def html_lang(language: str) -> str:
    """The BCP 47 tag of a catalogue language: ``zh_Hans`` -> ``zh-Hans``."""
    return language.replace("_", "-")


def edition(article: str, blocks: Iterable[tuple[Block, Sequence[Segment]]], catalog: Catalog,
            language: str) -> Edition:
    """The edition of one article in ``language`` from its segmented blocks and that language's catalogue.

    A segment is looked up under its block kind as msgctxt first (the template adds one only where a
    text stands as two kinds), then without.
    """
    messages = {m.key: m for m in catalog.active()}
    joiner = "" if is_chinese(language) else " "
    rendered, omitted = [], []
    for block, segments in blocks:
        pieces = []
        for segment in segments:
            message = messages.get((segment.kind, segment.text)) or messages.get((None, segment.text))
            text = _translation(message, segment, language)
            if text is None:
                omitted.append(Omission(segment.line, segment.kind, segment.text))
            else:
                pieces.append(text)
        if pieces:
            rendered.append(EditionBlock(block.kind, joiner.join(pieces), block.marker, block.line))
    title = next((b.text for b in rendered if b.kind == HEADING), rendered[0].text if rendered else "")
    return Edition(language, article, title, tuple(rendered), tuple(omitted))


def _translation(message: Message | None, segment: Segment, language: str) -> str | None:
    if message is not None and message.translated:
        # A line break typed into a translation is wrapping, not structure: joined like sentences.
        lines = [line.strip() for line in message.msgstr.splitlines()]
        return ("" if is_chinese(language) else " ").join(line for line in lines if line)
    if segment.lang == EN and not is_chinese(language):
        return segment.text
    return None


def _runs(blocks: Sequence[EditionBlock]) -> list[list[EditionBlock]]:
    """Blocks grouped so that consecutive list items of the same list type (bullet or numbered) share a run."""
    runs: list[list[EditionBlock]] = []
    for block in blocks:
        previous = runs[-1][-1] if runs else None
        if (previous is not None and block.kind == LIST_ITEM and previous.kind == LIST_ITEM
                and _numbered(block) == _numbered(previous)):
            runs[-1].append(block)
        else:
            runs.append([block])
    return runs


def _numbered(block: EditionBlock) -> bool:
    return block.marker[:1].isdigit()


def _is_title(edition_: Edition, block: EditionBlock) -> bool:
    """The first block, when it is a heading, is the article's title (h1); other headings are h2."""
    return block is edition_.blocks[0] and block.kind == HEADING


# --- plain text ----------------------------------------------------------------------------------

def to_text(edition_: Edition) -> str:
    """One line per block, as the sources are written: markers kept, a blank line between blocks
    except between the items of one list."""
    return "\n\n".join("\n".join(b.marker + b.text for b in run) for run in _runs(edition_.blocks)) + "\n"


# --- Markdown ------------------------------------------------------------------------------------

# Backslash escapes (CommonMark allows one before any ASCII punctuation) for the characters that
# start inline markup anywhere, and for an entity reference such as &amp;.
_MD_INLINE_RE = re.compile(r"[\\`*_\[\]<>|~]|&(?=#?\w+;)")
# What would turn a line into a heading, quote, list item, thematic break or setext underline.
_MD_LINE_START_RE = re.compile(r"^(?:[#>+=-]|\d+[.)])")


def markdown_escape(text: str) -> str:
    escaped = _MD_INLINE_RE.sub(lambda m: "\\" + m.group(), text)
    return _MD_LINE_START_RE.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], escaped)


def _markdown_block(edition_: Edition, block: EditionBlock) -> str:
    text = markdown_escape(block.marker + block.text if block.kind == HEADING else block.text)
    if block.kind == HEADING:
        return ("# " if _is_title(edition_, block) else "## ") + text
    if block.kind == LIST_ITEM:
        return (block.marker.strip() if _numbered(block) else "-") + " " + text
    if block.kind == CREDIT:
        return f"*{text}*"
    return text


def to_markdown(edition_: Edition) -> str:
    """CommonMark: ATX headings, ``-`` and numbered lists, credits in emphasis, markup characters escaped."""
    return "\n\n".join("\n".join(_markdown_block(edition_, b) for b in run) for run in _runs(edition_.blocks)) + "\n"


# --- HTML ----------------------------------------------------------------------------------------

# Chinese pages name the CJK fonts of macOS, Linux (Noto/Source Han) and Windows first: with a Latin
# font first, the quotation marks “” shared by both scripts would be drawn narrow, in Latin style.
# Chinese reads best with more leading, a shorter measure and justified lines.
STYLE = """\
body { margin: 0 auto; max-width: 40rem; padding: 2rem 1.25rem; color: #1f2328; background: #fff;
  font: 1.0625rem/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: break-word; }
html:lang(zh) body { max-width: 38rem; line-height: 1.85; text-align: justify;
  font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
  "WenQuanYi Micro Hei", sans-serif; }
h1, h2 { line-height: 1.3; text-align: start; }
h1 { font-size: 1.75rem; }
h2 { font-size: 1.3rem; margin-top: 2em; }
li { margin: .25em 0; }
.credit { color: #57606a; font-size: .875em; }"""


def _html_block(edition_: Edition, block: EditionBlock) -> str:
    text = html.escape(block.text)
    if block.kind == HEADING:
        tag = "h1" if _is_title(edition_, block) else "h2"
        return f"<{tag}>{html.escape(block.marker)}{text}</{tag}>"
    if block.kind == LIST_ITEM:
        return f"<li>{text}</li>"
    if block.kind == CREDIT:
        return f'<p class="credit">{text}</p>'
    return f"<p>{text}</p>"


def _html_run(edition_: Edition, run: list[EditionBlock]) -> list[str]:
    if run[0].kind != LIST_ITEM:
        return [_html_block(edition_, block) for block in run]
    if not _numbered(run[0]):
        return ["<ul>", *(_html_block(edition_, b) for b in run), "</ul>"]
    first = int(re.match(r"\d+", run[0].marker).group())
    opening = "<ol>" if first == 1 else f'<ol start="{first}">'
    return [opening, *(_html_block(edition_, b) for b in run), "</ol>"]


def to_html(edition_: Edition) -> str:
    """A complete HTML5 document (also well-formed XML): lang, charset, viewport, title, escaped text."""
    body = [line for run in _runs(edition_.blocks) for line in _html_run(edition_, run)]
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{html_lang(edition_.language)}">',
        "<head>",
        '<meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f"<title>{html.escape(edition_.title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<article>",
        *body,
        "</article>",
        "</body>",
        "</html>",
    ]) + "\n"


FORMATS = {"txt": to_text, "md": to_markdown, "html": to_html}
