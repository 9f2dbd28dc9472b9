"""Durable file primitives: a write returns only once the bytes are on disk (docs/product.md §7)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from tui.store.errors import WriteFailedError

FILE_MODE = 0o600


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def remove_stale_temp_files(db_path: Path) -> None:
    """Remove temp files that writers killed mid-write left behind.

    Only a holder of the writers' lock writes temp files, so under the lock every one is stale.
    """
    for stale in db_path.parent.glob(f".{db_path.stem}*.tmp-*"):
        with contextlib.suppress(OSError):
            stale.unlink()


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in `directory` survive a power cut."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temp file, fsync, rename, fsync the directory.

    A crash at any moment leaves either the old file or the new one; a failure (disk full)
    removes the temp file, leaves the old file as it was, and raises WriteFailedError.
    """
    write_atomic_parts(path, (data,))


def write_atomic_parts(path: Path, parts: Iterable[bytes]) -> None:
    """`write_atomic` for content produced piece by piece (a large bundle)."""
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            for data in parts:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteFailedError(path, error) from error


def append_durable(fd: int, path: Path, data: bytes) -> None:
    """Append `data` to the open file `fd` and fsync it.

    On failure the file is cut back to its previous length so that no torn record stays behind,
    and WriteFailedError is raised: the caller must not acknowledge anything.
    """
    start = os.lseek(fd, 0, os.SEEK_END)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, start)
            os.fsync(fd)
        raise WriteFailedError(path, error) from error
