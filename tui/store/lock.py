"""Writers take turns under an exclusive flock on a separate, stable lock file.

A lock on the data file itself would be lost at each atomic rename, so the lock lives in
`<db>.lock`, which is never renamed or deleted.
"""

from __future__ import annotations

import fcntl
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui.store.durable import FILE_MODE
from tui.store.errors import StoreError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def writers_lock(db_path: Path) -> Iterator[None]:
    """Hold the exclusive writers' lock of `db_path` for the duration of the block.

    The lock file is never followed through a symlink (which could make us create or lock a
    file elsewhere) and must be a regular file.
    """
    path = lock_path(db_path)
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as error:
        reason = "it is a symlink" if os.path.islink(path) else error.strerror
        raise StoreError(f"{path}: cannot open the writers' lock: {reason}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(f"{path}: the writers' lock is not a regular file; refusing it")
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
