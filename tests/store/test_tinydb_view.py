"""A person can query a database with stock TinyDB, and cannot write through it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tinydb import Query, TinyDB

from tui.store.errors import DamagedFileError
from tui.store.tinydb_view import LiveFileStorage

SAMPLE = Path(__file__).resolve().parents[2] / "sample_db.json"


def test_tinydb_finds_the_sample_drone_incidents_and_refuses_writes(tmp_path: Path) -> None:
    db_path = tmp_path / "duty.json"
    shutil.copy(SAMPLE, db_path)
    before = db_path.read_bytes()
    db = TinyDB(db_path, storage=LiveFileStorage)
    found = db.table("incidents").search(Query().kind == "drone_shootdown")
    assert {doc["district"] for doc in found} >= {"sukhinichsky", "babyninsky"}
    with pytest.raises(PermissionError, match="write through the Duty Desk store"):
        db.table("incidents").insert({"title": "forged"})
    assert db_path.read_bytes() == before


def test_tinydb_view_refuses_a_damaged_file(tmp_path: Path) -> None:
    db_path = tmp_path / "duty.json"
    raw = bytearray(SAMPLE.read_bytes())
    raw[raw.index(b"Sukhinichsky")] ^= 0x01  # a flip that still parses as JSON
    db_path.write_bytes(bytes(raw))
    with pytest.raises(DamagedFileError):
        TinyDB(db_path, storage=LiveFileStorage).table("incidents").all()
