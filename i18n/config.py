"""``[tool.i18n]`` of pyproject.toml, read once into a frozen value every stage takes."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import I18nError


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
    known = {f.name for f in fields(Config)} - {"root"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise I18nError(f"unknown key(s) in [tool.i18n]: {', '.join(unknown)}", str(pyproject))
    if "languages" in table:
        table["languages"] = tuple(table["languages"])
    return Config(root=pyproject.parent, **table)
