"""The one exception type of the toolkit: a message about a file, and where in it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class I18nError(Exception):
    """Bad input or an impossible request. The CLI prints ``str(error)`` as one line and exits 2."""

    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line is not None:
            where = f"{self.path}:{self.line}"
        return f"{where}: {self.message}" if where else self.message
