"""Looking into a database with TinyDB's own query API, read-only and verified.

    from tinydb import Query, TinyDB
    from tui.store.tinydb_view import LiveFileStorage
    db = TinyDB("duty.json", storage=LiveFileStorage)
    db.table("incidents").search(Query().district == "sukhinichsky")

Kept apart from `livefile.py` so that no command pays for importing TinyDB at start. It sees
the live file as last checkpointed (not the journal's newer changes, nor the archives), and it
never writes: every write goes through the `Store`, so that each one is a change record.
"""

from __future__ import annotations

import os
from pathlib import Path

from tinydb.storages import Storage

from tui.store.livefile import Tables, read_file


class LiveFileStorage(Storage):
    """Read-only TinyDB storage for a Duty Desk file, checked like every other read."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)

    def read(self) -> Tables | None:
        return read_file(self.path)

    def write(self, data: Tables) -> None:
        raise PermissionError(f"{self.path}: write through the Duty Desk store, not TinyDB")
