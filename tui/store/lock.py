"""Writers take turns under an exclusive flock on a separate, stable lock file.

A lock on the data file itself would be lost at each atomic rename, so the lock lives in
`<db>.lock`, which is never renamed or deleted.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tui.store.durable import FILE_MODE
from tui.store.errors import StoreError


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def writers_lock(db_path: Path) -> Iterator[None]:
    """Hold the exclusive writers' lock of `db_path` for the duration of the block."""
    path = lock_path(db_path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as error:
        raise StoreError(f"{path}: cannot open the writers' lock: {error.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
