"""Atomic publication of a package directory: write aside, fsync, then swap into place.

Layout under the parent (e.g. ``outputs/6171/``)::

    2026-01-31/                     the published package (only ever a complete one)
    .2026-01-31.tmp-<uuid>/         being written by the current run (invisible: dot-name)
    .2026-01-31.old-<uuid>/         the previous package during the swap (deleted right after)

Steps: take an exclusive lock on the parent directory (one publisher per package at a time), clean up
what a crashed earlier run left behind, write everything into the temp dir, fsync every file and the
directory, rename the current package aside, rename the temp dir into place, fsync the parent, delete
the old one. A failure before the swap removes the temp dir and leaves the published package as it
was; a failure in the swap puts the previous package back. If the process dies between the two
renames, the next run finds no package but an ``.old-`` dir and restores it before doing anything else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

try:  # POSIX only; the pipeline runs on Linux
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

# Indirection so tests can inject a failure in the swap itself.
_rename = os.rename


def _fsync_path(path: Path) -> None:
    flags = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:  # pragma: no cover - e.g. directories on some platforms
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - fsync unsupported on the file system
        pass
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    """fsync every file and directory under ``root`` (files first, then their directories)."""
    for dirpath, _dirnames, filenames in os.walk(root, topdown=False):
        for name in filenames:
            _fsync_path(Path(dirpath) / name)
        _fsync_path(Path(dirpath))


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def temp_prefix(name: str) -> str:
    return f".{name}.tmp-"


def old_prefix(name: str) -> str:
    return f".{name}.old-"


def recover_and_clean(parent: Path, name: str) -> None:
    """Remove leftovers of earlier runs of package ``parent/name``; restore an orphaned previous package.

    Called with the lock held, so any temp dir found belongs to a run that is no longer running.
    """
    final = parent / name
    temps = sorted(p for p in parent.glob(temp_prefix(name) + "*") if p.is_dir())
    olds = sorted((p for p in parent.glob(old_prefix(name) + "*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    if not final.exists() and olds:
        _rename(olds.pop(), final)  # a crash between the two renames: put the last package back
    for leftover in temps + olds:
        shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def atomic_directory(final: Path) -> Iterator[Path]:
    """Yield an empty temp directory; on normal exit it replaces ``final`` atomically.

    On an exception nothing visible changes and the temp directory is removed.
    """
    parent = final.parent
    parent.mkdir(parents=True, exist_ok=True)
    name = final.name
    token = uuid.uuid4().hex
    with _locked(parent):
        recover_and_clean(parent, name)
        tmp = parent / f"{temp_prefix(name)}{token}"
        tmp.mkdir()
        try:
            yield tmp
            fsync_tree(tmp)
            _swap(tmp, final, parent / f"{old_prefix(name)}{token}")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _swap(tmp: Path, final: Path, old: Path) -> None:
    had_previous = final.exists()
    if had_previous:
        _rename(final, old)
    try:
        _rename(tmp, final)
    except BaseException:
        if had_previous and not final.exists():
            os.rename(old, final)  # put the previous package back (not through the test hook)
        raise
    _fsync_path(final.parent)
    if had_previous:
        shutil.rmtree(old, ignore_errors=True)
