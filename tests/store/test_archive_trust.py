"""A yearly archive that is damaged, or belongs to another database, blocks neither the live
shift's list, report nor desk (they warn, naming it), and `check` fails on it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from archived import archived_db
from dutydesk_process import run_dutydesk

from tui.store.archive import archive_path
from tui.store.store import Store


@pytest.fixture
def ours(tmp_path: Path) -> Store:
    return archived_db(tmp_path / "ours", "HQ")


def test_an_archive_of_another_database_is_left_out_and_named(ours: Store, tmp_path: Path) -> None:
    theirs = archived_db(tmp_path / "theirs", "HQ")  # same station code, another database
    shutil.copy(archive_path(theirs.path, 2025), archive_path(ours.path, 2025))
    listed = run_dutydesk("list", "--db", ours.path)
    assert listed.returncode == 0 and "Live fire" in listed.stdout
    assert "Old fire" not in listed.stdout
    assert "belongs to another database" in listed.stderr and "archive-2025" in listed.stderr
    report = run_dutydesk("report", "--db", ours.path, "--since", "2025-11-30 00:00")
    assert report.returncode == 0 and "belongs to another database" in report.stderr
    check = run_dutydesk("check", "--db", ours.path)
    assert check.returncode == 1 and "belongs to another database" in check.stdout


def test_a_damaged_archive_is_left_out_and_named(ours: Store) -> None:
    archive = archive_path(ours.path, 2025)
    raw = bytearray(archive.read_bytes())
    raw[raw.index(b"Old fire")] ^= 0x01
    archive.write_bytes(bytes(raw))
    store = Store.open(ours.path, read_only=True)
    assert [i.title for i in store.incidents(archived=True)] == ["Live fire"]
    assert "checksum" in store.archive_warnings()[0]
    listed = run_dutydesk("list", "--db", ours.path)
    assert listed.returncode == 0 and "Live fire" in listed.stdout and "checksum" in listed.stderr
    assert run_dutydesk("check", "--db", ours.path).returncode == 1
    Store.open(ours.path).append_entry(None, "the shift goes on")  # writes are not blocked


def test_a_fifo_named_as_an_archive_is_left_out(ours: Store) -> None:
    fifo = archive_path(ours.path, 2024)
    os.mkfifo(fifo)
    listed = run_dutydesk("list", "--db", ours.path, timeout=10)
    assert listed.returncode == 0 and "not a regular file" in listed.stderr
