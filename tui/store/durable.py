"""Durable file primitives: a write returns only once the bytes are on disk (docs/product.md §7)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from tui.store.errors import DamagedFileError, WriteFailedError

FILE_MODE = 0o600


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def resolved(path: Path | str) -> Path:
    """The real path of a database: a symlinked path and the real one share one lock, one
    journal and one set of archives, and a write replaces the target, never the symlink."""
    return Path(os.path.realpath(path))


def open_regular(path: Path, flags: int = os.O_RDONLY) -> int:
    """Open `path` only if it is a regular file: reading a FIFO would hang, a device lie.

    Opened non-blocking so that a FIFO cannot stall the open itself; regular files ignore the
    flag, which is cleared again before the descriptor is returned.
    """
    fd = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DamagedFileError(path, "is not a regular file (a FIFO, device or directory?)")
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (see `open_regular`)."""
    with os.fdopen(open_regular(path), "rb") as handle:
        return handle.read()


def remove_stale_temp_files(db_path: Path) -> None:
    """Remove temp files that writers of this database killed mid-write left behind.

    Only a holder of the writers' lock writes temp files, so under the lock every one of this
    database's is stale. A neighbour's (`duty2.json` beside `duty.json`) is not ours to touch.
    """
    name, stem, suffix = (re.escape(p) for p in (db_path.name, db_path.stem, db_path.suffix))
    ours = re.compile(
        rf"\.(?:{name}|{name}\.journal|{stem}-archive-[0-9]{{4}}{suffix})\.tmp-[0-9]+"
    )
    for stale in db_path.parent.iterdir():
        if ours.fullmatch(stale.name):
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
