"""Schema migrations: an older file is brought up to date, with a backup of it kept first.

`MIGRATIONS[n]` turns the tables of schema `n` into those of schema `n + 1`. Schema 1 is the
first released layout, so the table is empty today; the mechanism (backup first, chained steps,
refusal of a missing step) is in place and tested so that the first real change of layout is a
one-function job.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from tui.store import livefile
from tui.store.durable import FILE_MODE, fsync_dir
from tui.store.errors import DamagedFileError, WriteFailedError
from tui.store.journal import journal_path
from tui.store.livefile import Tables

Migration = Callable[[Tables], Tables]

MIGRATIONS: dict[int, Migration] = {}


def schema_of(tables: Tables) -> int:
    return int(livefile.meta_of(tables)["schema"])


def migrate(path: Path, tables: Tables) -> Tables:
    """Return `tables` at the current schema, in memory only: nothing is written here."""
    schema = schema_of(tables)
    while schema < livefile.SCHEMA_VERSION:
        step = MIGRATIONS.get(schema)
        if step is None:
            raise DamagedFileError(path, f"no migration from schema {schema} is known")
        tables = step(tables)
        schema += 1
        livefile.meta_of(tables)["schema"] = schema
    return tables


def backup_path(path: Path, schema: int) -> Path:
    return path.with_name(f"{path.name}.schema{schema}.bak")


def backup(path: Path, schema: int) -> Path:
    """Copy the database file and its journal aside (0600, fsync'd) before migrating them."""
    target = backup_path(path, schema)
    journal = journal_path(path)
    try:
        for source, dest in ((path, target), (journal, Path(f"{target}.journal"))):
            if not source.exists():
                continue
            fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
            try:
                os.fchmod(fd, FILE_MODE)  # 0600 before a byte is copied, whatever the umask
                with open(source, "rb") as reader, os.fdopen(os.dup(fd), "wb") as writer:
                    shutil.copyfileobj(reader, writer)
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(path.parent)
    except OSError as error:
        raise WriteFailedError(target, error) from error
    return target
