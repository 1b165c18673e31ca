import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # segeval, shared by the gold tests and the benchmark


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
