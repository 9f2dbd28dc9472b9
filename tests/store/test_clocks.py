"""Clocks: references in the region's year, and a station clock that disagrees with the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dutydesk_process import run_dutydesk

from tui.model.timegrammar import parse_time
from tui.store.store import Store


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_reference_carries_the_regions_local_year(tmp_path: Path) -> None:
    """01:00 on 1 January in Moscow is 22:00 on 31 December in UTC: the new year's number."""
    clock = Clock(datetime(2026, 12, 31, 22, 0, tzinfo=UTC))
    store = Store.create(tmp_path / "duty.json", "HQ", clock=clock)
    assert store.create_incident("New year fireworks fire", "Kaluga").ref == "HQ-2027-0001"


def test_a_clock_behind_the_log_is_said_and_the_log_still_moves_forward(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    store = Store.create(tmp_path / "duty.json", "HQ", clock=clock)
    store.append_entry(None, "written at noon")
    assert store.clock_warning() is None
    clock.now -= timedelta(hours=2, minutes=10)  # someone set the clock back
    assert "2 h 10 min behind" in (store.clock_warning() or "")
    store.append_entry(None, "written with the clock set back")
    first, second = (c["hlc"] for c in store.changes())
    assert second > first
    clock.now += timedelta(days=75)
    assert "ahead" in (store.clock_warning() or "")


def test_the_command_warns_when_the_system_clock_lags_the_log(tmp_path: Path) -> None:
    db = tmp_path / "duty.json"
    ahead = Clock(datetime.now(UTC) + timedelta(hours=3))  # another station's fast clock
    Store.create(db, "HQ", clock=ahead).append_entry(None, "from the future")
    saved = run_dutydesk("log", "--db", db, "written now")
    assert saved.returncode == 0 and saved.stdout.strip()
    assert "warning:" in saved.stderr and "behind the newest change" in saved.stderr


def test_a_clock_the_stored_form_cannot_hold_is_refused(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    store = Store.create(tmp_path / "duty.json", "HQ", clock=clock)
    before = store.journal.read_bytes()
    clock.now = datetime(2300, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="no station can store"):
        store.append_entry(None, "from the 24th century")
    assert store.journal.read_bytes() == before


def test_notes_logged_now_after_a_dispatch_stand_after_it(tmp_path: Path) -> None:
    """A note typed "now" 30 s after a dispatch, in the same minute, is listed after it."""
    clock = Clock(datetime(2026, 11, 24, 11, 20, 10, tzinfo=UTC))
    store = Store.create(tmp_path / "duty.json", "HQ", operator="petrova", clock=clock)
    store.create_team("SPAS-5", "Rescue 5", "rescue", "Sukhinichsky")
    incident = store.create_incident("Drone shot down", "Sukhinichsky")
    store.dispatch_team("SPAS-5", incident.ref)
    clock.now += timedelta(seconds=30)
    said = parse_time("now", clock.now, store.tz)
    store.append_entry(incident.ref, "Traffic diverted", occurred_at=said)
    kinds = [e.kind for e in store.timeline(incident.id)]
    texts = [e.text for e in store.timeline(incident.id)]
    assert kinds.index("dispatch") < texts.index("Traffic diverted")
