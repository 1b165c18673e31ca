import shutil
import sys
from pathlib import Path

import pytest

from i18n.glossary import TermMatcher
from i18n.project import load_glossary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # segeval, shared by the gold tests and the benchmark


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def matcher(root) -> TermMatcher:
    """The project's glossary, matched."""
    return TermMatcher(load_glossary(root / "locales" / "glossary.csv"))


@pytest.fixture
def project(tmp_path, root, monkeypatch):
    """A copy of the project (pyproject.toml, source_texts/, locales/), the working directory set to it."""
    shutil.copy(root / "pyproject.toml", tmp_path)
    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    shutil.copytree(root / "locales", tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo", ".i18n.lock"))
    monkeypatch.chdir(tmp_path)
    return tmp_path
