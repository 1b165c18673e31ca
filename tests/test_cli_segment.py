"""`i18n segment`: exact output, the JSON contract, and one clear line with exit code 2 on bad input."""
import json

import pytest
from click.testing import CliRunner

from i18n.cli import cli


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_text_output_is_a_line_per_segment_and_a_summary(run, tmp_path):
    (tmp_path / "a.txt").write_text("Stem Cells\n干细胞治疗 for MS works. 它有效。\n", encoding="utf-8")
    result = run("segment", "a.txt")
    assert result.exit_code == 0
    assert result.output == (
        "a.txt:1: en    heading   Stem Cells\n"
        "a.txt:2: mixed paragraph 干细胞治疗 for MS works.\n"
        "a.txt:2: zh    paragraph 它有效。\n"
        "a.txt: 3 segments (1 en, 1 zh, 1 mixed); Han 29.6% of letters\n"
    )


def test_json_contract(run, tmp_path):
    text = "\ufeffTitle Here\r\n多发性硬化（MS）是一种疾病。\r\n"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    result = run("segment", "--format", "json", "a.txt")
    assert result.exit_code == 0
    data = json.loads(result.output)
    decoded = text.removeprefix("\ufeff")
    assert data["version"] == 1
    (document,) = data["documents"]
    assert document["path"] == "a.txt"
    assert document["segments"] == [
        {"start": 0, "end": 10, "line": 1, "kind": "heading", "lang": "en", "text": "Title Here",
         "spans": [{"start": 0, "end": 10, "lang": "en"}]},
        {"start": 12, "end": 27, "line": 2, "kind": "paragraph", "lang": "zh", "text": "多发性硬化（MS）是一种疾病。",
         "spans": [{"start": 12, "end": 17, "lang": "zh-Hans"}, {"start": 18, "end": 20, "lang": "en"},
                   {"start": 21, "end": 26, "lang": "zh-Hans"}]},
    ]
    for segment in document["segments"]:
        assert decoded[segment["start"]:segment["end"]] == segment["text"]


def test_jsonl_and_directories(run, tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "b.txt").write_text("Two. Sentences.\n", encoding="utf-8")
    (tmp_path / "texts" / "a.txt").write_text("One.\n", encoding="utf-8")
    (tmp_path / "texts" / "notes.md").write_text("ignored\n", encoding="utf-8")
    result = run("segment", "--format", "jsonl", "texts")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["path"], r["text"]) for r in rows] == [("texts/a.txt", "One."), ("texts/b.txt", "Two."),
                                                      ("texts/b.txt", "Sentences.")]


def test_empty_file_gives_no_segments(run, tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    result = run("segment", "e.txt")
    assert result.exit_code == 0
    assert result.output == "e.txt: 0 segments (0 en, 0 zh, 0 mixed); Han 0.0% of letters\n"


@pytest.mark.parametrize("setup, args, message", [
    (lambda p: None, ["missing.txt"], "i18n: missing.txt: no such file or directory\n"),
    (lambda p: (p / "empty").mkdir(), ["empty"], "i18n: empty: directory holds no *.txt files\n"),
    (lambda p: (p / "bin.txt").write_bytes(b"\x00\x01\x02abc"), ["bin.txt"], "i18n: bin.txt: binary file (NUL bytes), not a text\n"),
    (lambda p: (p / "gb.txt").write_bytes("干细胞治疗".encode("gb18030")), ["gb.txt"],
     "i18n: gb.txt:1: not UTF-8 (looks like gb18030); pass --encoding gb18030\n"),
])
def test_bad_input_is_one_line_and_exit_2(run, tmp_path, setup, args, message):
    setup(tmp_path)
    result = run("segment", *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_encoding_option_decodes_legacy_files(run, tmp_path):
    (tmp_path / "big5.txt").write_bytes("幹細胞移植。".encode("big5"))
    result = run("segment", "--encoding", "big5", "--format", "jsonl", "big5.txt")
    assert result.exit_code == 0
    row = json.loads(result.output)
    assert row["text"] == "幹細胞移植。" and row["spans"][0]["lang"] == "zh-Hant"


def test_bad_usage_exits_2(run):
    result = run("segment", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output
