"""Schema migration: an older file is migrated with a backup kept first; a newer one is refused.

Schema 1 is the only layout so far, so these tests pretend the code is at schema 2 with one
migration step (adding a field to every incident), which is the job the first real change of
layout will be.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import orjson
import pytest
from store_files import assert_unchanged, journal_of, snapshot

from tui.store import livefile, migrations
from tui.store.errors import DamagedFileError, SchemaTooNewError
from tui.store.store import Store

BACKUP = "duty.json.schema1.bak"


def add_beacon(tables: dict[str, Any]) -> dict[str, Any]:
    for doc in tables.get("incidents", {}).values():
        doc["beacon"] = "added by migration 1"
    return tables


@pytest.fixture
def schema1_db(tmp_path: Path) -> Path:
    """Two incidents in the live file, and a third plus an entry only in the journal."""
    db = tmp_path / "duty.json"
    store = Store.create(db, "HQ")
    store.create_incident("in the file one", "Kaluga")
    store.create_incident("in the file two", "Obninsk")
    store.checkpoint()
    store.create_incident("only in the journal", "Kaluga")
    store.append_entry(None, "duty log entry")
    return db


@pytest.fixture
def schema2_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(livefile, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, add_beacon)


def _file_schema(path: Path) -> int:
    return orjson.loads(path.read_bytes())["_meta"]["1"]["schema"]


def _file_incidents(path: Path) -> dict[str, dict[str, Any]]:
    docs = orjson.loads(path.read_bytes())["incidents"].values()
    return {d["title"]: d for d in docs}


def test_read_only_open_migrates_in_memory_only(schema1_db: Path, schema2_code: None) -> None:
    before = snapshot(schema1_db.parent)
    store = Store.open(schema1_db, read_only=True)
    titles = {i.title for i in store.incidents()}
    assert titles == {"in the file one", "in the file two", "only in the journal"}
    assert store.state.incidents, "nothing read"
    for doc in store.state.incidents.values():
        if doc["title"].startswith("in the file"):
            assert doc["beacon"] == "added by migration 1"
    assert_unchanged(before, schema1_db.parent)  # no backup, no rewrite, no lock


def test_writer_open_backs_up_then_migrates(schema1_db: Path, schema2_code: None) -> None:
    original = schema1_db.read_bytes()
    original_journal = journal_of(schema1_db).read_bytes()
    Store.open(schema1_db)

    backup = schema1_db.with_name(BACKUP)
    assert backup.read_bytes() == original
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    journal_backup = Path(f"{backup}.journal")
    if journal_backup.exists():  # the journal is kept beside it, identical and private too
        assert journal_backup.read_bytes() == original_journal
        assert stat.S_IMODE(journal_backup.stat().st_mode) == 0o600

    assert _file_schema(schema1_db) == 2
    on_disk = _file_incidents(schema1_db)
    assert on_disk["in the file one"]["beacon"] == "added by migration 1"
    assert on_disk["in the file two"]["beacon"] == "added by migration 1"
    assert livefile.read_file(schema1_db)  # sealed with a valid checksum at schema 2

    reopened = Store.open(schema1_db, read_only=True)
    assert {i.title for i in reopened.incidents()} == {
        "in the file one",
        "in the file two",
        "only in the journal",
    }
    assert [e.text for e in reopened.timeline(None)] == ["duty log entry"]
    # A second writer open finds nothing to migrate and keeps the first backup.
    Store.open(schema1_db).append_entry(None, "after migration")
    assert backup.read_bytes() == original


def test_migration_reaches_records_still_in_the_journal(
    schema1_db: Path, schema2_code: None
) -> None:
    Store.open(schema1_db)
    on_disk = _file_incidents(schema1_db)
    assert on_disk["only in the journal"].get("beacon") == "added by migration 1"


def test_newer_schema_is_refused_by_name_and_left_alone(
    schema1_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(livefile, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, add_beacon)
    Store.open(schema1_db)  # now a schema-2 file
    monkeypatch.undo()  # and back to the code of today, which reads up to schema 1
    before = snapshot(schema1_db.parent)
    for read_only in (True, False):
        with pytest.raises(SchemaTooNewError) as caught:
            Store.open(schema1_db, read_only=read_only)
        assert str(schema1_db) in str(caught.value)
        assert "schema 2" in str(caught.value)
    assert_unchanged(before, schema1_db.parent)


def test_missing_migration_step_is_refused_before_any_backup(
    schema1_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(livefile, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, add_beacon)  # but no step from 2 to 3
    before = snapshot(schema1_db.parent)
    with pytest.raises(DamagedFileError) as caught:
        Store.open(schema1_db)
    assert str(schema1_db) in str(caught.value)
    assert_unchanged(before, schema1_db.parent)
