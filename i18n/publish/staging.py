"""All-or-nothing output: every file is written beside its target first and renamed into place only
when all of them are written (files to remove are removed then too), so a failed build leaves the old
outputs as they were.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import I18nError


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)


def _cannot_write(exc: OSError, path: Path) -> I18nError:
    return I18nError(f"cannot write: {exc.strerror}", str(exc.filename or path))


@dataclass(frozen=True)
class Leftover:
    """A temporary tree beside the target (a replaced one, or a killed run's staging) that could not be
    removed, and why."""

    path: Path
    reason: str  # the system's words: "Permission denied"


class Staging:
    """Files and one directory tree staged for replacement, and files staged for removal; ``commit``
    moves them all into place and removes those.

    Use as a context manager: leaving it by an exception discards whatever was staged.
    """

    def __init__(self) -> None:
        self._files: list[tuple[Path, Path]] = []  # (temporary, target)
        self._tree: tuple[Path, Path] | None = None
        self._removals: list[Path] = []

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.discard()

    def file(self, target: Path, data: bytes) -> bool:
        """Stage ``data`` for ``target``; False (nothing staged) if the target already holds it."""
        if _unchanged(target, data):
            return False
        if target.is_dir():  # refused now: its rename would fail only in commit, after the tree's swap
            raise I18nError(f"cannot write: {os.strerror(errno.EISDIR)}", str(target))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(handle)
            temporary = Path(name)
            self._files.append((temporary, target))
            _write(temporary, data)
            os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        except OSError as exc:
            raise _cannot_write(exc, target) from None
        return True

    def remove(self, target: Path) -> bool:
        """Stage the removal of ``target``; False (nothing staged) if there is no such file."""
        if not target.is_file():
            return False
        self._removals.append(target)
        return True

    def tree(self, target: Path, files: dict[str, bytes]) -> list[str]:
        """Stage the directory ``target`` to hold exactly ``files`` (relative POSIX path -> bytes).

        Returns the paths that are new or changed; if there are none and nothing else is there,
        nothing is staged. An unchanged file is carried over as a hard link (a copy where links are
        not possible), so it is not rewritten and keeps its modification time.
        """
        changed = [name for name, data in files.items() if not _unchanged(target / name, data)]
        if not changed and _listing(target) == set(files):
            return []
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
            self._tree = (staged, target)
            for name, data in files.items():
                path = staged / name
                path.parent.mkdir(parents=True, exist_ok=True)
                if name in changed:
                    _write(path, data)
                else:
                    _carry_over(target / name, path)
            staged.chmod(0o755)
        except OSError as exc:
            raise _cannot_write(exc, target) from None
        return changed

    def commit(self) -> tuple[Leftover, ...]:
        """Move everything staged into place and remove what is staged for removal. Returns the replaced
        tree if it could not be removed: everything is in place all the same."""
        if self._files or self._tree:
            os.sync()  # every staged byte on disk before any rename: one call, not an fsync per file
        retired = None
        try:  # the tree first: its renames are the ones that can fail (a busy or protected directory)
            if self._tree is not None:
                retired = _swap(*self._tree)
                self._tree = None
            for temporary, target in self._files:
                try:
                    os.replace(temporary, target)
                except OSError as exc:
                    raise I18nError(f"cannot write: {exc.strerror}", str(target)) from None  # not its temporary
            self._files = []
            for target in self._removals:
                target.unlink(missing_ok=True)
            self._removals = []
        except OSError as exc:
            raise _cannot_write(exc, Path(exc.filename or "")) from None
        # the old tree last: removing it is the slow part, and no output should wait for it
        try:
            leftover = _remove_tree(retired) if retired else None
        except KeyboardInterrupt:  # everything is in place: an interrupt now only leaves the old tree
            leftover = Leftover(retired, "interrupted")
        return (leftover,) if leftover else ()

    def discard(self) -> None:
        for temporary, _ in self._files:
            temporary.unlink(missing_ok=True)
        self._files = []
        self._removals = []
        if self._tree is not None:
            shutil.rmtree(self._tree[0], ignore_errors=True)
            self._tree = None


# What Staging names its temporaries: "." + the target's name + tempfile's 8 random characters + .tmp; a tree
# swapped out is renamed to its replacement's name with .old, so the two make a pair while the swap is under way.
_TEMPORARY_RE = re.compile(r"\..+\.[a-z0-9_]{8}\.(?:tmp|old)")


def recover(tree: Path, directories: Iterable[Path]) -> tuple[Leftover, ...]:
    """Undo what a killed run (SIGKILL, a power cut: no exception handler ran) left of its staging, and
    return the trees that could not be removed. A tree swap stopped between its two renames (no ``tree``,
    its old tree ``.X.old`` beside the staged ``.X.tmp`` that was to replace it) gets its old tree back;
    any other ``.old`` is the remains of a swap that was completed, never a build to restore. The
    temporary trees beside ``tree`` and temporary files in ``directories`` go. The caller holds the lock:
    no other run is staging."""
    try:
        leftovers = {path for path in tree.parent.glob(f".{tree.name}.*") if _TEMPORARY_RE.fullmatch(path.name)}
        interrupted = [path for path in leftovers if path.suffix == ".old" and path.with_suffix(".tmp") in leftovers]
        if interrupted and not tree.exists():  # one at most: each run recovers before it stages
            os.replace(interrupted[0], tree)
            leftovers.remove(interrupted[0])
        for directory in directories:
            for path in directory.glob(".*.tmp"):
                if _TEMPORARY_RE.fullmatch(path.name) and path.is_file():
                    path.unlink()
    except OSError as exc:
        raise _cannot_write(exc, tree) from None
    return tuple(leftover for path in sorted(leftovers) if (leftover := _remove_tree(path)))


def _listing(directory: Path) -> set[str] | None:
    """Relative POSIX paths of the files below ``directory``; None if it does not exist."""
    if not directory.is_dir():
        return None
    return {path.relative_to(directory).as_posix() for path in directory.rglob("*") if not path.is_dir()}


def _carry_over(source: Path, destination: Path) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _swap(staged: Path, target: Path) -> Path | None:
    """Put the staged tree in the target's place; returns where the old tree went, for the caller to remove."""
    if not target.exists():
        os.replace(staged, target)
        return None
    retired = staged.with_suffix(".old")  # named after its replacement: recover() tells an interrupted swap by it
    os.rename(target, retired)
    try:
        os.replace(staged, target)
    except BaseException:  # an OSError, or Ctrl-C between the two renames: the old tree goes back at once
        os.rename(retired, target)
        raise
    return retired


def _remove_tree(path: Path) -> Leftover | None:
    try:
        shutil.rmtree(path)
    except OSError as exc:
        return Leftover(path, exc.strerror or str(exc))
    return None
