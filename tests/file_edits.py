"""Editing a database file by hand, as a careful (or hostile) editor would: the records
changed in place and the file resealed, so only the validators can tell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.store.livefile import read_file, write_file


def hand_edit(path: Path, edit: dict[str, dict[str, Any]]) -> None:
    """Change records of the live file in place ({table: {record id: {field: value}}})."""
    tables = read_file(path)
    meta = tables.pop("_meta")["1"]
    for table, changes in edit.items():
        for doc in tables[table].values():
            doc.update(changes.get(doc["id"], {}))
    write_file(path, meta, {name: docs.values() for name, docs in tables.items()})
