"""``[tool.i18n]`` of pyproject.toml, read once into a frozen value every stage takes."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import I18nError
from .files import DEFAULT_MAX_INPUT_MB


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
    source_dir: str = "source_texts"
    locales_dir: str = "locales"
    build_dir: str = "build"
    glossary: str = "locales/glossary.csv"
    languages: tuple[str, ...] = ("en", "zh_Hans")
    encoding: str | None = None
    max_input_mb: int = DEFAULT_MAX_INPUT_MB  # larger input files are refused with a clear line instead of exhausting memory
    check: CheckSettings = CheckSettings()

    def path(self, name: str) -> Path:
        return self.root / getattr(self, name)

    def override(self, **options) -> "Config":
        """The same config with the options the user gave on the command line (None: not given)."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """Read ``[tool.i18n]`` from the nearest pyproject.toml above ``start`` (default: cwd)."""
    pyproject = find_pyproject((start or Path.cwd()).resolve())
    if pyproject is None:
        return Config(root=(start or Path.cwd()).resolve())
    try:
        with pyproject.open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("i18n", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise I18nError(f"not valid TOML: {exc}", str(pyproject)) from None
    _refuse_unknown(table, Config, "[tool.i18n]", pyproject)
    if "languages" in table:
        table["languages"] = tuple(table["languages"])
    if "check" in table:
        table["check"] = _check_settings(dict(table["check"]), pyproject)
    return Config(root=pyproject.parent, **table)


def _refuse_unknown(table: dict, schema: type, name: str, pyproject: Path) -> None:
    unknown = sorted(set(table) - ({f.name for f in fields(schema)} - {"root"}))
    if unknown:
        raise I18nError(f"unknown key(s) in {name}: {', '.join(unknown)}", str(pyproject))


def _check_settings(table: dict, pyproject: Path) -> CheckSettings:
    _refuse_unknown(table, CheckSettings, "[tool.i18n.check]", pyproject)
    if table.get("fail_on", "error") not in ("error", "warning", "never"):
        raise I18nError("[tool.i18n.check] fail_on must be error, warning or never", str(pyproject))
    severity = table.get("severity", {})
    if any(level not in ("error", "warning", "info") for level in severity.values()):
        raise I18nError("[tool.i18n.check.severity] values must be error, warning or info", str(pyproject))
    table["severity"] = tuple(sorted(severity.items()))
    for key in ("select", "ignore", "allowed_latin"):
        if key in table:
            table[key] = tuple(table[key])
    return CheckSettings(**table)
