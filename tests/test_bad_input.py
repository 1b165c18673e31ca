"""The bad-input matrix: every command fed what it must refuse (or legitimately handle).

Each case runs one command on a copy of the project with one input spoiled, as its console script runs
it (i18n.cli.main, which picks the exit code), and asserts the exit code, one clear line on stderr naming
the file as the user would type it (and line where one exists), no traceback, and every file under the
project byte-identical to before unless the command succeeded. README: "Troubleshooting".
"""
import errno
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from i18n.cli import cli, main
from i18n.files import LOCK_NAME

ZH_PO = "locales/zh_Hans/LC_MESSAGES/stem-cells-novel-approach.po"
SOURCE = "source_texts/stem-cells-novel-approach.txt"
TBX_HEAD = '<?xml version="1.0"?>\n'
TBX_BODY = ('<martif type="TBX" xml:lang="en"><text><body><termEntry id="msc"><langSet xml:lang="en"><tig>'
            '<term>mesenchymal stem cell</term></tig></langSet><langSet xml:lang="zh-CN"><tig><term>间充质干细胞</term>'
            '</tig></langSet></termEntry></body></text></martif>\n')


def write(path: str, data: bytes | str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def edit_po(old: str, new: str, path: str = ZH_PO) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        target = project / path
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def truncate(path: str, fraction: float) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        data = (project / path).read_bytes()
        cut = int(len(data) * fraction)
        while data[cut - 1:cut] != b"\xe6" and cut < len(data):  # stop inside a Chinese character's bytes
            cut += 1
        (project / path).write_bytes(data[:cut])
    return apply


def unwritable(path: str) -> Callable[[Path], None]:
    """A file where the command needs a directory: even root cannot write below it."""
    def apply(project: Path) -> None:
        shutil.rmtree(project / path)
        (project / path).write_text("not a directory\n")
    return apply


@dataclass
class Case:
    name: str
    args: list[str]
    setup: Callable[[Path], None] | None
    exit_code: int
    message: str = ""  # what the one line on stderr holds (file, line, reason)


ARTICLE_ZH = "干细胞治疗为多发性硬化患者带来希望。\n"

# Catalogues the PO reader refuses, each read by `i18n check x.po`: (case, text, what stderr says after
# "i18n: ", whether `msgfmt --check` refuses it too). The few msgfmt takes are refused on purpose: gettext
# would silently read something else than their author wrote.
PO_HEAD = ('msgid ""\nmsgstr ""\n"Language: zh_Hans\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
           '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n')  # entries start on line 7
PO_ENTRY = 'msgid "Stem cells."\nmsgstr "干细胞。"\n'
PO_REFUSED = [
    ("a comment between msgid and msgstr", PO_HEAD + PO_ENTRY.replace("\nmsgstr", "\n# note\nmsgstr"),
     "x.po:8: malformed PO: a comment after msgid, inside an entry", True),
    ("a comment after the msgid on its line", PO_HEAD + PO_ENTRY.replace("\nmsgstr", " # note\nmsgstr"),
     "x.po:7: malformed PO: a comment after msgid, inside an entry", True),
    ("a previous msgctxt without a previous msgid", PO_HEAD + '#, fuzzy\n#| msgctxt "heading"\n' + PO_ENTRY,
     "x.po:9: malformed PO: msgid cannot follow #| msgctxt", True),
    ("a previous msgid after msgctxt", PO_HEAD + '#, fuzzy\nmsgctxt "heading"\n#| msgid "Stem cell."\n' + PO_ENTRY,
     "x.po:9: malformed PO: #| msgid cannot follow msgctxt", True),
    ("a previous msgid continued without its prefix", PO_HEAD + '#, fuzzy\n#| msgid ""\n"Stem cell."\n' + PO_ENTRY,
     "x.po:9: malformed PO: inconsistent use of #| within one entry", True),
    ("an obsolete entry continued without its prefix", PO_HEAD + '#~ msgid ""\n"Stem cells."\n#~ msgstr "干细胞。"\n',
     "x.po:8: malformed PO: inconsistent use of #~ within one entry", True),
    ("plural forms out of order", PO_HEAD.replace("nplurals=1; plural=0", "nplurals=2; plural=n != 1")
     + 'msgid "cell"\nmsgid_plural "cells"\nmsgstr[1] "细胞"\nmsgstr[0] "细胞"\n',
     "x.po:7: malformed PO: a plural entry needs msgstr[0], msgstr[1], ... in that order", True),
    ("U+0004 in a string", PO_HEAD + PO_ENTRY.replace("。", "\x04"),
     "x.po:8: malformed PO: a string holds U+0004 (EOT), which gettext keeps to separate msgctxt from msgid", True),
    ("U+0004 escaped", PO_HEAD + PO_ENTRY.replace("。", "\\004"), "x.po:8: malformed PO: a string holds U+0004", True),
    ("a NUL escape", PO_HEAD + PO_ENTRY.replace("。", "\\0"),
     "x.po:8: malformed PO: a string holds a NUL character, where gettext would cut it short", False),
    ("an escape beyond a byte", PO_HEAD + PO_ENTRY.replace("。", "\\x41b"),
     "x.po:8: malformed PO: escape \\x41b is not a byte", False),
    ("a comment line ending in a backslash", PO_HEAD + "# see C:\\docs\\\n" + PO_ENTRY,
     "x.po:7: malformed PO: a comment line ends with a backslash", True),
    ("a comment on a previous-field line", PO_HEAD + "#| # note\n" + PO_ENTRY,
     "x.po:7: malformed PO: a comment after #|, which makes gettext read the next line as a #| line too", True),
    ("CR line ends and comments", ("# Chinese translation.\n" + PO_HEAD + "#: a.txt:1\n" + PO_ENTRY).replace("\n", "\r"),
     "x.po:1: malformed PO: a carriage return (CR) inside a comment", True),
    ("a domain directive", PO_HEAD + 'domain "other"\n' + PO_ENTRY,
     "x.po:7: malformed PO: a domain directive: one catalogue per file is supported", True),
    ("an unknown keyword", PO_HEAD + PO_ENTRY.replace("msgstr", "msgtsr"), 'x.po:8: malformed PO: unknown keyword "msgtsr"',
     True),
    ("a no-break space after a keyword", PO_HEAD + PO_ENTRY.replace("msgid ", "msgid\u00a0"),
     "x.po:7: malformed PO: not a keyword or string: U+00A0", True),
]
CASES = [
    Case("gb18030 source", ["segment", "x.txt"], write("x.txt", ARTICLE_ZH.encode("gb18030")), 2,
         "x.txt:1: not UTF-8 (looks like gb18030); pass --encoding gb18030"),
    Case("big5 source", ["segment", "x.txt"], write("x.txt", "幹細胞治療為多發性硬化患者帶來希望。\n".encode("big5")), 2,
         "x.txt:1: not UTF-8 (looks like big5); pass --encoding big5"),
    Case("gb18030 with --encoding", ["segment", "--encoding", "gb18030", "x.txt"],
         write("x.txt", ARTICLE_ZH.encode("gb18030")), 0),
    Case("utf-16 with BOM", ["segment", "x.txt"], write("x.txt", ARTICLE_ZH.encode("utf-16")), 0),
    Case("latin-1 source", ["segment", "x.txt"], write("x.txt", "Café thérapie.\n".encode("latin-1")), 2,
         "x.txt:1: not UTF-8 (looks like cp1252)"),
    Case("invalid utf-8", ["segment", "x.txt"], write("x.txt", b"Stem cells\n\xff\xfe\xfa broken\n"), 2, "x.txt:2: not UTF-8"),
    Case("utf-8 BOM", ["segment", "x.txt"], write("x.txt", "\ufeffStem cells work.\n".encode()), 0),
    Case("CRLF and lone CR", ["segment", "x.txt"], write("x.txt", b"Title\r\nOne. Two.\rThree.\r\n"), 0),
    Case("NUL bytes", ["segment", "x.txt"], write("x.txt", b"Stem\x00cells\n"), 2, "x.txt: binary file (NUL bytes)"),
    Case("binary file", ["segment", "x.txt"], write("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 2, "x.txt: binary file"),
    Case("empty file", ["segment", "x.txt"], write("x.txt", b""), 0),
    Case("50 MB single line", ["segment", "x.txt"], write("x.txt", b"a" * (50 * 2**20)), 2,
         "x.txt: file is 50.0 MiB, over the 32 MiB limit"),
    Case("missing path", ["segment", "nowhere.txt"], None, 2, "nowhere.txt: no such file"),
    Case("directory without texts", ["segment", "locales"], None, 2, "locales: directory holds no *.txt files"),
    Case("extract: undecodable source", ["extract"], write(SOURCE, ARTICLE_ZH.encode("gb18030")), 2,
         f"{SOURCE}:1: not UTF-8 (looks like gb18030)"),
    Case("extract: bad source after a changed one", ["extract"],
         lambda p: (edit_po("therapy work in", "therapy works in", "source_texts/how-stem-cell-treatment-works.txt")(p),
                    write(SOURCE, ARTICLE_ZH.encode("gb18030"))(p)), 2, f"{SOURCE}:1: not UTF-8"),
    Case("extract: gb18030 source with --encoding", ["extract", "--encoding", "gb18030"],
         write(SOURCE, ARTICLE_ZH.encode("gb18030")), 0),
    Case("update: unterminated string", ["update"], edit_po('msgid "Stem Cells', 'msgid "Stem Cells\n"'), 2, ZH_PO),
    Case("update: duplicate msgid", ["update"],
         lambda p: (p / ZH_PO).write_text((p / ZH_PO).read_text(encoding="utf-8")
                                          + '\nmsgid "Stem Cells for MS: A Novel Treatment Approach"\nmsgstr "x"\n',
                                          encoding="utf-8"), 2, f"{ZH_PO}:"),
    Case("update: plural entry without Plural-Forms", ["update"],
         lambda p: (p / ZH_PO).write_text((p / ZH_PO).read_text(encoding="utf-8").replace(
             '"Plural-Forms: nplurals=1; plural=0;\\n"\n', "")
             + '\nmsgid "one cell"\nmsgid_plural "%d cells"\nmsgstr[0] "%d个细胞"\n', encoding="utf-8"),
         2, f"{ZH_PO}:"),
    Case("update: bad header charset", ["update"], edit_po("charset=UTF-8", "charset=KOI8-R"), 2, f"{ZH_PO}:"),
    Case("update: stray text", ["update"], edit_po("#. paragraph, en", "stray words here\n#. paragraph, en"), 2,
         f"{ZH_PO}:"),
    Case("update: truncated at a random byte", ["update"], truncate(ZH_PO, 0.6), 2, f"{ZH_PO}:"),
    Case("pretranslate: malformed catalogue", ["pretranslate"],
         edit_po("#. paragraph, en", "stray words here\n#. paragraph, en"), 2, f"{ZH_PO}:"),
    Case("check: malformed catalogue", ["check"], edit_po("charset=UTF-8", "charset=KOI8-R"), 2, f"{ZH_PO}:"),
    Case("check: missing path", ["check", "missing.po"], None, 2, "missing.po: no such file or directory"),
    Case("check: UTF-16 catalogue", ["check", "x.po"], write("x.po", 'msgid ""\nmsgstr ""\n'.encode("utf-16")), 2,
         "x.po:1: UTF-16 or UTF-32 text (its byte-order mark), not UTF-8: save it as UTF-8"),
    *(Case(f"check: {name}", ["check", "x.po"], write("x.po", text), 2, message)
      for name, text, message, _ in PO_REFUSED),
    Case("check: keywords indented, strings side by side, a comment after a string", ["check", "x.po"],
         write("x.po", PO_HEAD + '#: a.txt:1\n\tmsgid "Stem " "cells."\n  msgstr "干细胞。" # note\n\n'
               'msgid ""\n  "Stem cells " "work."\nmsgstr "干细胞有效。"\n'), 0),
    Case("check: symlink loop", ["check", "loop.po"], lambda p: (p / "loop.po").symlink_to("loop.po"), 2,
         "loop.po: cannot read: Too many levels of symbolic links"),
    Case("segment: dangling symlink", ["segment", "gone.txt"], lambda p: (p / "gone.txt").symlink_to("nowhere.txt"), 2,
         "gone.txt: no such file"),
    Case("check: directory without catalogues", ["check", "source_texts"], None, 2,
         "source_texts: directory holds no .po files"),
    Case("check: broken TBX glossary", ["check", "--glossary", "g.tbx"], write("g.tbx", TBX_HEAD + "<martif><text>"),
         2, "g.tbx:2: not well-formed XML"),
    Case("glossary: broken row", ["glossary", "check"], edit_po("\n", '\n"broken,row\n', "locales/glossary.csv"), 2,
         "locales/glossary.csv:"),
    Case("glossary: duplicate concept", ["glossary", "check"],
         lambda p: (p / "locales/glossary.csv").write_text((p / "locales/glossary.csv").read_text() +
                                                           "msc,term,cell,extra stem cell,,,额外干细胞,,,\n"), 2,
         "locales/glossary.csv:"),
    Case("glossary: TBX not well-formed", ["glossary", "import", "g.tbx", "-o", "out.csv"],
         write("g.tbx", TBX_HEAD + "<martif><text></martif>"), 2, "g.tbx:2: not well-formed XML"),
    Case("glossary: XML that is not TBX", ["glossary", "import", "g.tbx", "-o", "out.csv"],
         write("g.tbx", TBX_HEAD + "<html><body/></html>"), 2, "g.tbx:1: not TBX"),
    Case("glossary: TBX that contradicts itself", ["glossary", "import", "g.tbx", "-o", "out.csv"],
         write("g.tbx", TBX_HEAD + TBX_BODY.replace("</body>", TBX_BODY[TBX_BODY.index("<termEntry"):TBX_BODY.index(
             "</body>")].replace('id="msc"', 'id="msc-again"') + "</body>")), 2, "g.tbx:2: msc-again: "),
    Case("glossary: external entity (XXE)", ["glossary", "import", "g.tbx", "-o", "out.csv"],
         write("g.tbx", TBX_HEAD + '<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + TBX_BODY), 2,
         "g.tbx:2: TBX declares XML entities; refused"),
    Case("glossary: entity expansion bomb", ["glossary", "import", "g.tbx", "-o", "out.csv"],
         write("g.tbx", TBX_HEAD + '<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
               + TBX_BODY), 2, "g.tbx:2: TBX declares XML entities; refused"),
    Case("glossary: DOCTYPE naming a DTD is read without fetching it",
         ["glossary", "import", "g.tbx", "-o", "out.csv"],
         write("g.tbx", TBX_HEAD + '<!DOCTYPE martif SYSTEM "http://example.invalid/TBXcoreStructV02.dtd">\n' + TBX_BODY), 0),
    Case("update: unwritable output directory", ["update"], unwritable("locales/en"), 2, "locales/en"),
    Case("build: stale template", ["build"], edit_po("Stem Cells for MS", "Stem Cells for Multiple Sclerosis",
                                                     SOURCE), 2, "locales/stem-cells-novel-approach.pot: template out of date"),
    Case("build: missing catalogue", ["build"], lambda p: (p / ZH_PO).unlink(), 2, f"{ZH_PO}: no catalogue"),
    Case("build: malformed catalogue", ["build"], edit_po("#. paragraph, en", "stray words\n#. paragraph, en"), 2,
         f"{ZH_PO}:"),
    Case("build: undecodable source", ["build"], write(SOURCE, ARTICLE_ZH.encode("gb18030")), 2,
         f"{SOURCE}:1: not UTF-8"),
    Case("build: output directory is a file", ["build"], write("build", "not a directory\n"), 2, "build"),
]


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".venv" not in p.parts and p.name != LOCK_NAME}




def run_i18n(args: list[str], capsys) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of the command as its console script runs it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", ["i18n", *args])
        with pytest.raises(SystemExit) as stop:
            main()
    captured = capsys.readouterr()
    return stop.value.code, captured.out, captured.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(project, case, capsys):
    if case.setup:
        case.setup(project)
    before = snapshot(project)
    code, out, err = run_i18n(case.args, capsys)
    assert code == case.exit_code, (out, err)
    if case.exit_code == 2:
        assert err.count("\n") == 1 and err.startswith(f"i18n: {case.message}"), err
        assert snapshot(project) == before


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("name, text, message, msgfmt_refuses", PO_REFUSED, ids=[case[0] for case in PO_REFUSED])
def test_msgfmt_check_refuses_the_same_catalogues(tmp_path, name, text, message, msgfmt_refuses):
    """So that PO_REFUSED cannot drift from what GNU gettext decides."""
    path = tmp_path / "x.po"
    path.write_bytes(text.encode("utf-8"))
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True)
    assert result.returncode == (1 if msgfmt_refuses else 0), result.stderr


def test_console_script_exit_codes(project):
    """The installed command itself (a process, as CI runs it): 0 clean, 1 findings, 2 bad input or usage."""
    def exit_code(*args: str) -> int:
        return subprocess.run([sys.executable, "-c", "from i18n.cli import main; main()", *args],
                              capture_output=True, timeout=120).returncode

    (project / "bad.po").write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    assert [exit_code("--version"), exit_code("check", "--select", "U", "--fail-on", "warning", "bad.po"),
            exit_code("check", "nowhere.po"), exit_code("check", "--no-such-option")] == [0, 2, 2, 2]
    (project / "bad.po").write_text('msgid ""\nmsgstr "Language: zh_Hans\\n"\n\nmsgid "x"\nmsgstr ""\n',
                                    encoding="utf-8")
    assert exit_code("check", "--fail-on", "warning", "bad.po") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [["check", "--format", "sarif"], ["segment", "--format", "json", SOURCE]])
def test_output_to_a_full_disk_is_one_line_and_exit_2(project, args):
    """A report CI could not write (and would upload truncated) is no finding: exit 2, not 1."""
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-c", "from i18n.cli import main; main()", *args],
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (2, "i18n: standard output: cannot write: No space left on device\n")


def test_full_disk_leaves_every_catalogue_whole(project, monkeypatch):
    pot = project / "locales" / "stem-cells-novel-approach.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace("Numerous clinical trials", "Many clinical trials"),
                   encoding="utf-8")
    before = snapshot(project)

    def no_space(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    result = CliRunner().invoke(cli, ["update"])
    assert result.exit_code == 2
    assert result.stderr.endswith(": cannot write: No space left on device\n") and result.stderr.count("\n") == 1
    assert snapshot(project) == before


def test_readme_troubleshooting_lists_every_case(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    for case in CASES:
        assert f"| {case.name} | `i18n {' '.join(case.args)}` |" in readme, case.name
