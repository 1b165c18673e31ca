"""Reading and writing the project's files: clear errors on read, atomic replacement on write."""
from __future__ import annotations

import codecs
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from .errors import I18nError

DEFAULT_MAX_INPUT_MB = 32
_max_input_bytes = DEFAULT_MAX_INPUT_MB * 2**20


def set_max_input_mb(megabytes: int) -> None:
    """The largest input file any command reads ([tool.i18n] max_input_mb): beyond it, a clear refusal
    instead of exhausting memory. Set once by the command line from the project's configuration."""
    global _max_input_bytes
    _max_input_bytes = megabytes * 2**20


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes; a missing, unreadable, oversized or directory path is an I18nError naming it."""
    try:
        size = Path(path).stat().st_size
        if size > _max_input_bytes:
            raise I18nError(f"file is {size / 2**20:.1f} MiB, over the {_max_input_bytes // 2**20} MiB limit "
                            "(raise [tool.i18n] max_input_mb to read it)", str(path))
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
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # the UTF-32 BOMs begin with these
            raise I18nError("UTF-16 or UTF-32 text (its byte-order mark), not UTF-8: save it as UTF-8", name, 1) from None
        line = data.count(b"\n", 0, exc.start) + 1
        raise I18nError(f"not UTF-8: {exc.reason} at byte {exc.start}", name, line) from None


def write_atomic(path: str | Path, text: str) -> bool:
    """Replace ``path`` with ``text`` in one step; returns False (and writes nothing) if unchanged.

    The text goes to a temporary file in the same directory, is flushed to disk, then renamed over
    the target, so a reader or an interrupted run sees either the old file whole or the new one. A
    symbolic link stays a link: the file it points to is the one replaced.
    """
    target = Path(path).resolve() if Path(path).is_symlink() else Path(path)
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
    except BaseException as exc:  # an interrupt too: the target stays whole and no temporary file is left
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise I18nError(f"cannot write: {exc.strerror}", str(target)) from None
        raise
    return True


LOCK_NAME = ".i18n.lock"


@contextmanager
def locked(directory: str | Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the directory's lock while a command writes into it: a second command waits for it (up to
    ``timeout`` seconds), then stops with a clear line; files are never written by two at once."""
    lock_path = Path(directory) / LOCK_NAME
    try:
        Path(directory).mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path, timeout=timeout)
        lock.acquire()
    except Timeout:
        raise I18nError(f"another i18n command is writing here (waited {timeout:g} s); "
                        "try again when it has finished", str(lock_path)) from None
    except OSError as exc:
        raise I18nError(f"cannot create lock: {exc.strerror}", str(lock_path)) from None
    try:
        yield
    finally:
        lock.release()


def display_path(path: str | Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:  # (abspath, not resolve: a symlink is named, not where it points)
        return os.path.relpath(path) if Path(os.path.abspath(path)).is_relative_to(Path.cwd()) else str(path)
    except OSError:  # no working directory
        return str(path)
