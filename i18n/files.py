"""Reading and writing the project's files: clear errors on read, atomic replacement on write."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import I18nError


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes; a missing, unreadable or directory path is an I18nError naming it."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise I18nError("no such file", str(path)) from None
    except IsADirectoryError:
        raise I18nError("is a directory, not a file", str(path)) from None
    except OSError as exc:
        raise I18nError(f"cannot read: {exc.strerror}", str(path)) from None


def read_utf8(path: str | Path) -> str:
    """A UTF-8 text file's content (a BOM is dropped); any failure is an I18nError naming the file."""
    name = str(path)
    data = read_bytes(path)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise I18nError(f"not UTF-8: {exc.reason} at byte {exc.start}", name, line) from None


def write_atomic(path: str | Path, text: str) -> bool:
    """Replace ``path`` with ``text`` in one step; returns False (and writes nothing) if unchanged.

    The text goes to a temporary file in the same directory, is flushed to disk, then renamed over
    the target, so a reader or an interrupted run sees either the old file whole or the new one.
    """
    target = Path(path)
    data = text.encode("utf-8")
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise I18nError(f"cannot write: {exc.strerror}", str(target)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise I18nError(f"cannot write: {exc.strerror}", str(target)) from None
    return True


def display_path(path: str | Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
