"""``[tool.i18n]`` of pyproject.toml, read once into a frozen value every stage takes."""
from __future__ import annotations

import codecs
import json
import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Callable, NoReturn

from babel import Locale, UnknownLocaleError

from .errors import I18nError
from .files import DEFAULT_MAX_INPUT_MB, read_bytes

PathSetting = str  # a path relative to Config.root; a name of its own so that a bad value is told "a path"


@dataclass(frozen=True)
class CheckSettings:
    """``[tool.i18n.check]``: which rules run and how severe they are."""

    select: tuple[str, ...] = ()  # rule code prefixes or names; empty: all
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"  # error | warning | never
    severity: tuple[tuple[str, str], ...] = ()  # (rule code or name, error | warning | info)
    allowed_latin: tuple[str, ...] = ()  # Latin words a Chinese translation may hold


@dataclass(frozen=True)
class Config:
    """Project settings; relative paths are resolved against ``root``."""

    root: Path = Path(".")
    source_dir: PathSetting = "source_texts"
    locales_dir: PathSetting = "locales"
    build_dir: PathSetting = "build"
    glossary: PathSetting = "locales/glossary.csv"
    languages: tuple[str, ...] = ("en", "zh_Hans")
    encoding: str | None = None
    max_input_mb: int = DEFAULT_MAX_INPUT_MB  # larger input files are refused with a clear line instead of exhausting memory
    check: CheckSettings = CheckSettings()
    pyproject: Path | None = None  # the file these settings came from

    def path(self, name: str) -> Path:
        return self.root / getattr(self, name)

    def setting_error(self, table: str, key: str, message: str) -> I18nError:
        """A setting the later stages refuse (e.g. a rule selector naming no rule), at its line."""
        if self.pyproject is None:
            return I18nError(message)
        return I18nError(f"[{table}] {key}: {message}", str(self.pyproject),
                         _Pyproject.read(self.pyproject).line(table, key))

    def override(self, **options) -> "Config":
        """The same config with the options the user gave on the command line (None: not given)."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


@dataclass(frozen=True)
class _Kind:
    """The TOML value a field type takes, how a message names it, and how it becomes the field's value."""

    accepts: Callable[[Any], bool]
    name: str
    convert: Callable[[Any], Any] = lambda value: value


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_table(value: Any) -> bool:
    return isinstance(value, dict)


# Keyed by the annotations of Config and CheckSettings (strings, under `from __future__ import annotations`).
# TOML has no null: an optional field is a key left out.
_KINDS = {
    "str": _Kind(_is_string, "a string"),
    "str | None": _Kind(_is_string, "a string"),
    "PathSetting": _Kind(_is_string, "a string (a path)"),
    "int": _Kind(lambda value: isinstance(value, int) and not isinstance(value, bool), "an integer"),
    "tuple[str, ...]": _Kind(_is_string_list, "a list of strings", tuple),
    "tuple[tuple[str, str], ...]": _Kind(_is_table, "a table", lambda table: tuple(sorted(table.items()))),
    "CheckSettings": _Kind(_is_table, "a table"),
}

_HEADER = re.compile(r"\s*\[\[?([\w.\-\s\"']+)\]\]?\s*(?:#.*)?$")  # [table] or [[array.of.tables]]


@dataclass(frozen=True)
class _Pyproject:
    """The pyproject.toml being read: its tables, and its text to point an error at the line of a bad key."""

    path: Path
    text: str

    @classmethod
    def read(cls, path: Path) -> "_Pyproject":
        try:
            return cls(path, read_bytes(path).decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise I18nError(f"not valid TOML: {exc}", str(path)) from None

    def i18n_table(self) -> dict:
        try:
            tool = tomllib.loads(self.text).get("tool", {})
        except tomllib.TOMLDecodeError as exc:
            raise I18nError(f"not valid TOML: {exc}", str(self.path)) from None
        table = tool.get("i18n", {}) if _is_table(tool) else {}
        if not _is_table(table):
            self.refuse("tool", "i18n", "a table", table)
        return table

    def refuse(self, table: str, key: str, expected: str, value: Any) -> NoReturn:
        shown = json.dumps(value, ensure_ascii=False, default=str)  # as TOML spells strings, numbers and lists
        raise I18nError(f"[{table}] {key} must be {expected}, not {shown}", str(self.path), self.line(table, key))

    def line(self, table: str, key: str) -> int | None:
        """The line of a key, or of the key holding its inline table (severity = { X001 = "error" })."""
        return self.line_of(table, key) or (self.line_of(*table.rsplit(".", 1)) if "." in table else None)

    def line_of(self, table: str, key: str) -> int | None:
        """The line that sets ``key`` at the start of a line under the header ``[table]``; None when it is set
        another way (a dotted key, an inline table): tomllib gives no positions, so this is a scan."""
        setting = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        current = None
        for number, line in enumerate(self.text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                current = re.sub(r"[\s\"']", "", header[1])
            elif current == table and setting.match(line):
                return number
        return None


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """Read ``[tool.i18n]`` from the nearest pyproject.toml above ``start`` (default: cwd).

    A value of the wrong type or out of range is an I18nError naming the table, key, value and what is
    expected, at the key's line when a scan finds it.
    """
    folder = (start or Path.cwd()).resolve()
    path = find_pyproject(folder)
    if path is None:
        return Config(root=folder)
    pyproject = _Pyproject.read(path)
    settings = _typed(pyproject.i18n_table(), Config, "tool.i18n", pyproject)
    if settings.get("languages") == ():
        pyproject.refuse("tool.i18n", "languages", "a list of at least one language", [])
    for index, language in enumerate(settings.get("languages", ())):
        if not _is_locale(language):
            pyproject.refuse("tool.i18n", "languages", "locale codes babel knows, like en or zh_Hans", language)
        if language in settings["languages"][:index]:
            pyproject.refuse("tool.i18n", "languages", "locale codes named once each", language)
    if "encoding" in settings and not _is_encoding(settings["encoding"]):
        pyproject.refuse("tool.i18n", "encoding", "an encoding Python knows, like gb18030", settings["encoding"])
    if settings.get("max_input_mb", DEFAULT_MAX_INPUT_MB) < 1:
        pyproject.refuse("tool.i18n", "max_input_mb", "a positive number of MiB", settings["max_input_mb"])
    if "check" in settings:
        settings["check"] = _check_settings(settings["check"], pyproject)
    return Config(root=path.parent, pyproject=path, **settings)


def _typed(table: dict, schema: type, name: str, pyproject: _Pyproject) -> dict:
    """The keys of ``table`` as the fields of ``schema``: an unknown key or a value of the wrong type is refused."""
    types = {f.name: f.type for f in fields(schema) if f.name not in ("root", "pyproject")}
    unknown = sorted(set(table) - set(types))
    if unknown:
        raise I18nError(f"unknown key(s) in [{name}]: {', '.join(unknown)}", str(pyproject.path),
                        pyproject.line_of(name, unknown[0]))
    settings = {}
    for key, value in table.items():
        kind = _KINDS[types[key]]
        if not kind.accepts(value):
            pyproject.refuse(name, key, kind.name, value)
        settings[key] = kind.convert(value)
    return settings


def _check_settings(table: dict, pyproject: _Pyproject) -> CheckSettings:
    settings = _typed(table, CheckSettings, "tool.i18n.check", pyproject)
    if settings.get("fail_on", "error") not in ("error", "warning", "never"):
        pyproject.refuse("tool.i18n.check", "fail_on", "error, warning or never", settings["fail_on"])
    for rule, level in settings.get("severity", ()):
        if level not in ("error", "warning", "info"):
            pyproject.refuse("tool.i18n.check.severity", rule, "error, warning or info", level)
    return CheckSettings(**settings)


def _is_locale(code: str) -> bool:
    """A locale babel knows, with "_" separators as in the locales/ directory names (zh_Hans, not zh-Hans)."""
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _is_encoding(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True
