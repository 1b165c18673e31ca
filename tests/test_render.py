"""Editions rendered from a small document and catalogue: joining, kinds, untranslated segments, escaping."""
from dataclasses import replace
from html.parser import HTMLParser
import xml.etree.ElementTree as ET

import pytest

from i18n import catalog as cat
from i18n.document import CREDIT, HEADING, LIST_ITEM, PARAGRAPH, parse_document
from i18n.publish.render import edition, markdown_escape, to_html, to_markdown, to_text
from i18n.segment import segment_block

SOURCE = """\
Stem Cells & You
Stem cells divide. They also renew themselves.
- Rest.
- Sleep well.
1. First step
2. Second step
Rest.
Source: Example Press
干细胞治疗 for MS offers several potential benefits.
"""

CHINESE = {
    "Stem Cells & You": "干细胞与你",
    "Stem cells divide.": "干细胞会分裂。",
    "They also renew themselves.": "它们还能自我更新。",
    ("list-item", "Rest."): "休息",
    ("paragraph", "Rest."): "休息。",
    "Sleep well.": "睡好",
    "First step": "第一步",
    "Second step": "第二步",
    "Source: Example Press": "来源：Example Press",
    "干细胞治疗 for MS offers several potential benefits.": "MS的干细胞治疗具有多方面的潜在益处。",
}


class HtmlBlocks(HTMLParser):
    """The blocks of an HTML edition by kind, its lang and title; fails on any tag closed out of order."""

    KINDS = {"h1": HEADING, "h2": HEADING, "p": PARAGRAPH, "li": LIST_ITEM}
    VOID = {"meta", "link", "br", "img", "hr", "input"}  # a browser's DOM serializes these without "/>"

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.lang = self.title = None
        self.feed(html)
        self.close()
        assert self.open == [], f"unclosed: {self.open}"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in self.KINDS:
            self.kinds.append(CREDIT if attrs.get("class") == "credit" else self.KINDS[tag])
            self.texts.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        assert self.open and self.open.pop() == tag, f"</{tag}> closes {self.open[-1:] or 'nothing'}"

    def handle_data(self, data):
        if self.open and self.open[-1] == "title":
            self.title = data
        elif self.open and self.open[-1] in self.KINDS:
            self.texts[-1] += data


def _blocks(text: str):
    return [(block, tuple(segment_block(block))) for block in parse_document(text).blocks]


def _catalog(text: str, translations: dict):
    blocks = _blocks(text)
    pot = cat.template("demo", "demo.txt", [s for _, segments in blocks for s in segments])
    messages = tuple(replace(m, msgstr=translations.get((m.msgctxt, m.msgid), translations.get(m.msgid, "")))
                     for m in pot.messages)
    return replace(pot, messages=messages)


def _edition(language: str, translations: dict, text: str = SOURCE):
    return edition("demo", _blocks(text), _catalog(text, translations), language)


def test_blocks_keep_kind_order_and_marker_and_chinese_joins_without_spaces():
    zh = _edition("zh_Hans", CHINESE)
    assert [(b.kind, b.marker, b.text) for b in zh.blocks] == [
        (HEADING, "", "干细胞与你"),
        (PARAGRAPH, "", "干细胞会分裂。它们还能自我更新。"),
        (LIST_ITEM, "- ", "休息"),
        (LIST_ITEM, "- ", "睡好"),
        (LIST_ITEM, "1. ", "第一步"),
        (LIST_ITEM, "2. ", "第二步"),
        (PARAGRAPH, "", "休息。"),  # the same msgid under the other msgctxt
        (CREDIT, "", "来源：Example Press"),
        (PARAGRAPH, "", "MS的干细胞治疗具有多方面的潜在益处。"),
    ]
    assert zh.title == "干细胞与你" and zh.omitted == ()


def test_english_sentences_join_with_one_space_and_line_breaks_in_a_translation_are_wrapping():
    english = {"Stem cells divide.": "Stem cells\n divide.", "They also renew themselves.": "They renew."}
    en = _edition("en", english)
    assert en.blocks[1].text == "Stem cells divide. They renew."
    zh = _edition("zh_Hans", {**CHINESE, "Stem cells divide.": "干细胞\n会分裂。"})
    assert zh.blocks[1].text == "干细胞会分裂。它们还能自我更新。"


def test_untranslated_segments_are_left_out_never_filled_with_the_source():
    partial = {k: v for k, v in CHINESE.items() if k not in ("They also renew themselves.", "Sleep well.")}
    zh = _edition("zh_Hans", partial)
    assert [o.msgid for o in zh.omitted] == ["They also renew themselves.", "Sleep well."]
    assert [o.line for o in zh.omitted] == [2, 4]
    assert zh.blocks[1].text == "干细胞会分裂。"
    assert len(zh.blocks) == 8  # the list item with nothing translated is gone, not left empty
    assert "renew" not in to_text(zh) and "Sleep" not in to_html(zh)


def test_english_edition_takes_an_untranslated_english_segment_as_it_is_but_never_a_mixed_one():
    en = _edition("en", {})
    texts = [b.text for b in en.blocks]
    assert texts[1] == "Stem cells divide. They also renew themselves."
    assert [o.msgid for o in en.omitted] == ["干细胞治疗 for MS offers several potential benefits."]
    assert not any("干" in t for t in texts)


def test_text_edition_reads_back_as_the_same_blocks():
    zh = _edition("zh_Hans", CHINESE)
    reread = parse_document(to_text(zh)).blocks
    assert [(b.kind, b.marker, b.text) for b in reread] == [(b.kind, b.marker, b.text) for b in zh.blocks]
    assert to_text(zh).startswith("干细胞与你\n\n干细胞会分裂。它们还能自我更新。\n\n- 休息\n- 睡好\n\n1. 第一步\n2. 第二步\n\n")


def test_markdown_edition():
    en = _edition("en", {"Stem Cells & You": "Stem *Cells* & <You>", "First step": "1. first"})
    assert to_markdown(en) == (
        "# Stem \\*Cells\\* & \\<You\\>\n\n"
        "Stem cells divide. They also renew themselves.\n\n"
        "- Rest.\n- Sleep well.\n\n"
        "1. 1\\. first\n2. Second step\n\n"
        "Rest.\n\n"
        "*Source: Example Press*\n"  # the mixed last paragraph has no translation: left out
    )


@pytest.mark.parametrize("text, escaped", [
    ("plain words, e.g. 2.5 mg", "plain words, e.g. 2.5 mg"),
    ("a*b_c `d` [e](f) <g> h|i ~j~", "a\\*b\\_c \\`d\\` \\[e\\](f) \\<g\\> h\\|i \\~j\\~"),
    ("AT&T &amp; &#169;", "AT&T \\&amp; \\&#169;"),
    ("# not a heading", "\\# not a heading"),
    ("- not a list", "\\- not a list"),
    ("12. not a list", "12\\. not a list"),
    ("3) nor this", "3\\) nor this"),
    ("> nor a quote", "\\> nor a quote"),
    ("5-year follow-up", "5-year follow-up"),
    ("back\\slash", "back\\\\slash"),
    ("干细胞（MSC）：*重要*", "干细胞（MSC）：\\*重要\\*"),
])
def test_markdown_escape(text, escaped):
    assert markdown_escape(text) == escaped


def test_html_edition_is_a_complete_escaped_document():
    hostile = {**CHINESE, "Stem Cells & You": '<script>alert("x")</script> & 你', "First step": "第一步 & 2 < 3"}
    zh = _edition("zh_Hans", hostile)
    page = to_html(zh)
    root = ET.fromstring(page)  # well-formed: every element closed, every & escaped
    assert root.get("lang") == "zh-Hans"
    assert root.find("head/title").text == '<script>alert("x")</script> & 你'
    assert root.find("head/meta").get("charset") == "utf-8"
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 你" in page
    parsed = HtmlBlocks(page)
    assert "script" not in parsed.tags
    assert parsed.kinds == [b.kind for b in zh.blocks]
    assert parsed.texts[4] == "第一步 & 2 < 3"
    article = root.find("body/article")
    assert [child.tag for child in article] == ["h1", "p", "ul", "ol", "p", "p", "p"]
    assert root.find("body/article/p[@class='credit']").text == "来源：Example Press"


def test_html_numbered_list_keeps_its_first_number_and_headings_below_the_title_are_h2():
    text = "Title\nIntro paragraph here.\n3. third\n4. fourth\nA heading\nClosing words here.\n"
    page = to_html(_edition("en", {}, text))
    assert '<ol start="3">\n<li>third</li>\n<li>fourth</li>\n</ol>' in page
    assert "<h1>Title</h1>" in page and "<h2>A heading</h2>" in page
    assert "<title>Title</title>" in page
