"""[tool.i18n] of pyproject.toml: good settings load, every bad value is one I18nError naming the table, key,
value and what is expected, at the key's line when it sits at the start of a line under its table header."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n.cli import cli
from i18n.config import CheckSettings, Config, load_config
from i18n.errors import I18nError

PROJECT = '[project]\nname = "demo"\n\n'  # lines 1-3: the [tool...] text of a case starts on line 4


def write_pyproject(folder: Path, tool: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(PROJECT + tool, encoding="utf-8")
    return path


BAD = [
    ('[tool.i18n]\nbuild_dir = 42\n', 5, "[tool.i18n] build_dir must be a string (a path), not 42"),
    ('[tool.i18n]\nsource_dir = ["a"]\n', 5, '[tool.i18n] source_dir must be a string (a path), not ["a"]'),
    ('[tool.i18n]\nmax_input_mb = "big"\n', 5, '[tool.i18n] max_input_mb must be an integer, not "big"'),
    ('[tool.i18n]\nmax_input_mb = true\n', 5, "[tool.i18n] max_input_mb must be an integer, not true"),
    ('[tool.i18n]\nmax_input_mb = -1\n', 5, "[tool.i18n] max_input_mb must be a positive number of MiB, not -1"),
    ('[tool.i18n]\nmax_input_mb = 0\n', 5, "[tool.i18n] max_input_mb must be a positive number of MiB, not 0"),
    ('[tool.i18n]\nencoding = 5\n', 5, "[tool.i18n] encoding must be a string, not 5"),
    ('[tool.i18n]\nencoding = "gb-nonsense"\n', 5,
     '[tool.i18n] encoding must be an encoding Python knows, like gb18030, not "gb-nonsense"'),
    ('[tool.i18n]\nlanguages = "en"\n', 5, '[tool.i18n] languages must be a list of strings, not "en"'),
    ('[tool.i18n]\nlanguages = []\n', 5, "[tool.i18n] languages must be a list of at least one language, not []"),
    ('[tool.i18n]\nlanguages = ["en", 5]\n', 5, '[tool.i18n] languages must be a list of strings, not ["en", 5]'),
    ('[tool.i18n]\nlanguages = ["en", "zh-Hans"]\n', 5,
     '[tool.i18n] languages must be locale codes babel knows, like en or zh_Hans, not "zh-Hans"'),
    ('[tool.i18n]\nlanguages = ["en", "../zh_Hans"]\n', 5,
     '[tool.i18n] languages must be locale codes babel knows, like en or zh_Hans, not "../zh_Hans"'),
    ('[tool.i18n]\nlanguages = ["en", "zh_Hans", "en"]\n', 5, '[tool.i18n] languages must be locale codes named once each, not "en"'),
    ('[tool.i18n]\nlanguages = ["en", "xx"]\n', 5,
     '[tool.i18n] languages must be locale codes babel knows, like en or zh_Hans, not "xx"'),
    ('[tool.i18n]\nlocales_dir = "locales"\nbogus = 1\n', 6, "unknown key(s) in [tool.i18n]: bogus"),
    ('[tool.i18n]\ncheck = 3\n', 5, "[tool.i18n] check must be a table, not 3"),
    ('[tool.i18n.check]\nselect = "T"\n', 5, '[tool.i18n.check] select must be a list of strings, not "T"'),
    ('[tool.i18n.check]\nignore = "T001"\n', 5, '[tool.i18n.check] ignore must be a list of strings, not "T001"'),
    ('[tool.i18n.check]\nallowed_latin = "MS"\n', 5,
     '[tool.i18n.check] allowed_latin must be a list of strings, not "MS"'),
    ('[tool.i18n.check]\nseverity = "error"\n', 5, '[tool.i18n.check] severity must be a table, not "error"'),
    ('[tool.i18n.check]\nfail_on = "always"\n', 5,
     '[tool.i18n.check] fail_on must be error, warning or never, not "always"'),
    ('[tool.i18n.check.severity]\nT001 = "info"\n"term-missing" = "fatal"\n', 6,
     '[tool.i18n.check.severity] term-missing must be error, warning or info, not "fatal"'),
    ('[tool]\ni18n = "x"\n', 5, '[tool] i18n must be a table, not "x"'),
    # the same key in another table is not the bad one's line
    ('[tool.other]\nbuild_dir = 1\n\n[tool.i18n]\nbuild_dir = 42\n', 8,
     "[tool.i18n] build_dir must be a string (a path), not 42"),
    # set in a way the line scan does not follow (a dotted key): the file without a line
    ('[tool]\ni18n.build_dir = 42\n', None, "[tool.i18n] build_dir must be a string (a path), not 42"),
    # a key of an inline table: the line of the key that holds it
    ('[tool.i18n.check]\nseverity = { T001 = "fatal" }\n', 5,
     '[tool.i18n.check.severity] T001 must be error, warning or info, not "fatal"'),
]


@pytest.mark.parametrize("tool, line, message", BAD, ids=[tool.splitlines()[-1] for tool, _, _ in BAD])
def test_a_bad_value_is_one_error_at_its_key(tmp_path, tool, line, message):
    pyproject = write_pyproject(tmp_path, tool)
    with pytest.raises(I18nError) as caught:
        load_config(tmp_path)
    assert (caught.value.message, caught.value.path, caught.value.line) == (message, str(pyproject.resolve()), line)


def test_every_key_set_well_loads(tmp_path):
    write_pyproject(tmp_path, (
        '[tool.i18n]\nsource_dir = "texts"\nlocales_dir = "po"\nbuild_dir = "out"\nglossary = "terms.csv"\n'
        'languages = ["en", "zh_Hant_TW"]\nencoding = "gb18030"\nmax_input_mb = 1\n\n'
        '[tool.i18n.check]\nselect = ["T"]\nignore = ["T002"]\nfail_on = "warning"\nallowed_latin = ["MS"]\n\n'
        '[tool.i18n.check.severity]\nterm-missing = "info"\nT001 = "warning"\n'))
    assert load_config(tmp_path) == Config(
        root=tmp_path.resolve(), pyproject=tmp_path.resolve() / "pyproject.toml", source_dir="texts",
        locales_dir="po", build_dir="out", glossary="terms.csv",
        languages=("en", "zh_Hant_TW"), encoding="gb18030", max_input_mb=1,
        check=CheckSettings(select=("T",), ignore=("T002",), fail_on="warning",
                            severity=(("T001", "warning"), ("term-missing", "info")), allowed_latin=("MS",)))


def test_no_table_means_the_defaults(tmp_path, root):
    write_pyproject(tmp_path, "")
    assert load_config(tmp_path) == Config(root=tmp_path.resolve(), pyproject=tmp_path.resolve() / "pyproject.toml")
    assert load_config(root) == Config(root=root, pyproject=root / "pyproject.toml")  # the project's own settings are the defaults


def test_the_command_line_prints_one_line_and_touches_nothing(tmp_path, monkeypatch):
    """`languages = []` once made `i18n build` delete every published edition and exit 0."""
    write_pyproject(tmp_path, '[tool.i18n]\nlanguages = []\n')
    edition = tmp_path / "build" / "en" / "article.txt"
    edition.parent.mkdir(parents=True)
    edition.write_text("published\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("i18n: ") and result.stderr.count("\n") == 1
    assert result.stderr.endswith(
        "pyproject.toml:5: [tool.i18n] languages must be a list of at least one language, not []\n")
    assert "Traceback" not in result.output
    assert edition.read_text(encoding="utf-8") == "published\n"
