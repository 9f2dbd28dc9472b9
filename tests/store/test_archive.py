"""Yearly archives: long-closed incidents leave the live file but stay readable and writable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.store.archive import archive_path
from tui.store.check import check_database
from tui.store.store import Store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 12, 30, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_closed_incidents_move_to_their_years_archive_and_stay_readable(tmp_path: Path) -> None:
    clock = Clock()
    store = Store.create(tmp_path / "duty.json", "HQ", operator="t", clock=clock)
    old = store.create_incident("Old fire", "Kaluga")
    store.append_entry(old.ref, "Extinguished")
    store.change_status(old.ref, "closed")
    clock.now = datetime(2026, 1, 20, 10, 0, tzinfo=UTC)
    live = store.create_incident("New fire", "Kaluga")
    assert store.archive(force=True) == 1

    assert archive_path(store.path, 2025).exists()
    assert old.id not in store.path.read_text()
    viewer = Store.open(store.path, read_only=True)
    assert [i.ref for i in viewer.incidents()] == [live.ref]
    assert {i.ref for i in viewer.incidents(archived=True)} == {old.ref, live.ref}
    assert viewer.incident(old.ref).title == "Old fire"
    assert [e.text for e in viewer.timeline(old.ref)][-2:] == [
        "Extinguished",
        "Status new → closed",
    ]
    assert check_database(store.path).ok

    # A late note restores the incident to the live file, for every reader alike.
    clock.now += timedelta(minutes=5)
    store.append_entry(old.ref, "Investigator's report filed")
    viewer.poll()
    assert old.id in {i.id for i in viewer.incidents()}
    assert viewer.timeline(old.ref)[-1].text == "Investigator's report filed"
    assert len(viewer.timeline(old.ref)) == 4
    reopened = Store.open(store.path)
    assert reopened.create_incident("Next", "Kaluga").ref == "HQ-2026-0002"
    assert check_database(store.path).ok
