"""Decoding and block structure of source texts."""
import codecs

import pytest

from i18n.document import CREDIT, HEADING, LIST_ITEM, PARAGRAPH, decode, parse_document, read_document
from i18n.errors import I18nError

ZH = "多发性硬化是一种影响中枢神经系统的慢性自身免疫病。幹細胞"


def test_each_article_parses_into_the_expected_blocks(root):
    kinds = {p.stem: [b.kind for b in read_document(p).blocks] for p in (root / "source_texts").glob("*.txt")}
    assert kinds["stem-cells-novel-approach"] == [HEADING, PARAGRAPH] * 12
    breakthrough = kinds["ms-stem-cell-breakthrough"]
    assert breakthrough.count(CREDIT) == 4 and breakthrough.count(LIST_ITEM) == 7
    assert kinds["stem-cell-therapy-effectiveness"] == [HEADING] + [PARAGRAPH] * 8
    assert kinds["how-stem-cell-treatment-works"] == [HEADING, HEADING, PARAGRAPH] + [HEADING, PARAGRAPH] * 6


def test_numbered_headings_keep_their_number_as_marker(root):
    blocks = read_document(root / "source_texts/how-stem-cell-treatment-works.txt").blocks
    numbered = [(b.marker, b.text) for b in blocks if b.marker]
    assert numbered[0] == ("1. ", "Targeting Damaged Nerve Tissue")
    assert [m for m, _ in numbered] == ["1. ", "2. ", "3. ", "4. ", "5. "]


def test_list_items_keep_marker_outside_text_and_offsets_exact():
    text = "Symptoms include:\n- fatigue;\n-  muscle weakness;\n1. one\n2. two\nEnd."
    doc = parse_document(text)
    items = [b for b in doc.blocks if b.kind == LIST_ITEM]
    assert [(b.marker, b.text) for b in items] == [("- ", "fatigue;"), ("-  ", "muscle weakness;"), ("1. ", "one"), ("2. ", "two")]
    assert all(text[b.start:b.end] == b.text for b in doc.blocks)
    assert [b.line for b in items] == [2, 3, 4, 5]


def test_credits_and_attributions():
    doc = parse_document("“A quoted sentence that ends.”\nDr. Jane Roe, MD\nSource: Pexels\nImage credit: X\nBody text.")
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, CREDIT, CREDIT, CREDIT, PARAGRAPH]


def test_headings_need_body_after_them_and_no_final_period():
    doc = parse_document("Title Line\nWhat is MS?\nA sentence.\nShort line ending with a period.\nLast short line")
    assert [b.kind for b in doc.blocks] == [HEADING, HEADING, PARAGRAPH, PARAGRAPH, PARAGRAPH]


def test_a_short_quoted_paragraph_is_not_a_heading():
    assert parse_document("“It works.”\nNext.").blocks[0].kind == PARAGRAPH


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + ZH.encode("utf-8"),
    codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"),
    ZH.encode("utf-32"),
])
def test_utf_with_bom_decodes_and_drops_the_bom(data):
    assert decode(data, "x.txt") == ZH


@pytest.mark.parametrize("codec", ["gb18030", "big5"])
def test_legacy_chinese_encodings_are_named_in_the_error(codec):
    text = "多發性硬化是一種影響中樞神經系統的疾病。" if codec == "big5" else "多发性硬化是一种影响中枢神经系统的疾病。"
    with pytest.raises(I18nError) as caught:
        decode(("Title\n" + text).encode(codec), "x.txt")
    assert str(caught.value) == f"x.txt:2: not UTF-8 (looks like {codec}); pass --encoding {codec}"
    assert decode(text.encode(codec), "x.txt", codec) == text


def test_latin1_is_guessed_as_cp1252():
    with pytest.raises(I18nError, match="looks like cp1252"):
        decode("La thérapie cellulaire".encode("latin-1"), "x.txt")


def test_binary_and_bad_explicit_encoding():
    with pytest.raises(I18nError, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "x.png")
    with pytest.raises(I18nError, match="^x.txt:2: cannot be decoded as ascii"):
        decode("ok\n\xe9".encode("latin-1"), "x.txt", "ascii")
    with pytest.raises(I18nError, match="unknown encoding"):
        decode(b"x", "x.txt", "no-such-codec")


def test_explicit_encoding_is_for_the_files_that_are_not_utf8():
    """One project can hold UTF-8 texts and a GB18030 one: the encoding given reads only what UTF-8 cannot
    (and text with NUL bytes, UTF-16 without a byte-order mark)."""
    assert decode(ZH.encode("utf-8"), "x.txt", "gb18030") == ZH
    assert decode(ZH.encode("gb18030"), "x.txt", "gb18030") == ZH
    assert decode("MS".encode("utf-16-le"), "x.txt", "utf-16-le") == "MS"


def test_crlf_lone_cr_and_empty():
    doc = parse_document("Heading\r\nBody one.\rBody two.\r\n")
    assert [(b.kind, b.text, b.line) for b in doc.blocks] == [(HEADING, "Heading", 1), (PARAGRAPH, "Body one.", 2),
                                                             (PARAGRAPH, "Body two.", 3)]
    assert parse_document("").blocks == ()
    assert parse_document("\n \n\t\n").blocks == ()


@pytest.mark.parametrize("line, kind", [
    ("MS affects millions of people. Can stem cells help?", "paragraph"),
    ("研究结果令人鼓舞。这是否意味着治愈？", "paragraph"),
    ("Wait... really? Yes!", "paragraph"),
    ("Hope or Hype? What the Science Says", "heading"),
    ("Stem Cells vs. Drugs: Which Works?", "heading"),
    ("What Is MS?", "heading"),
    ("Dr. Smith Asks: Can Cells Repair Myelin?", "heading"),
    ("Prof. Smith: Can Stem Cells Repair Myelin?", "heading"),
    ("Approx. Half of Patients Improve: Is That Enough?", "heading"),
    ("Is It Safe? Is It Effective?", "heading"),
    ("干细胞疗法真的有效吗？专家这样说！", "heading"),
    ("希望？还是炒作？", "heading"),
    ("Over 2.8 million people have MS. Can stem cells help?", "paragraph"),
    ("研究结果令人鼓舞。 这是否意味着治愈？", "paragraph"),
])
def test_a_short_line_of_sentences_is_a_paragraph_not_a_heading(line, kind):
    (_, block, _) = parse_document(f"Title\n{line}\nThe body follows here.\n").blocks
    assert (block.kind, block.text) == (kind, line)
