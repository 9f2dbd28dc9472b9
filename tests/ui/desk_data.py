"""A small database for the desk's tests, built through the Store API with a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.store.store import Store

#: 14:30 in Moscow on 24.11.2026: every time the app shows derives from this.
NOW = datetime(2026, 11, 24, 11, 30, tzinfo=UTC)

LITERAL_TITLE = "[red]x[/red] \x1b[2J bell\x07 cr\r end"


def frozen() -> datetime:
    return NOW


def make_store(tmp_path: Path, *, literal: bool = False) -> Path:
    """Create `duty.json` with incidents, teams, a correction and a regime change."""
    path = tmp_path / "duty.json"
    store = Store.create(path, "HQ", operator="ivanov", clock=frozen)
    old = store.create_incident(
        "Grass fire near Kozelsk",
        "Kozelsky",
        kind="fire",
        severity="minor",
        reported_at=NOW - timedelta(days=3),
        injured=0,
        dead=0,
    )
    store.change_status(old.ref, "active")
    store.change_status(old.ref, "closed")
    babynino = store.create_incident(
        "UAV crash near a minor road",
        "Babyninsky",
        kind="uav_crash",
        severity="moderate",
        reported_at=NOW - timedelta(hours=2),
        location="near a minor road, traffic diverted",
        injured=0,
    )
    sukhinichi = store.create_incident(
        "Drone shot down near Sukhinichi",
        "Sukhinichsky",
        kind="drone_shootdown",
        severity="major",
        reported_at=NOW - timedelta(minutes=40),
        narrative="Debris in a field; no injuries reported.",
    )
    store.change_status(sukhinichi.ref, "active")
    first = store.append_entry(sukhinichi.ref, "Site cordoned off", kind="action")
    store.append_entry(sukhinichi.ref, "Cordon 200 m, not 100 m", corrects=first.id)
    if literal:
        store.create_incident(LITERAL_TITLE, "Kaluga", reported_at=NOW - timedelta(minutes=5))
    store.create_team("Rescue-1", "Kaluga rescue", "rescue", "Kaluga")
    store.create_team("EOD-2", "Sappers", "eod", "Sukhinichsky")
    store.create_team("Fire-7", "Fire brigade 7", "fire", "Babyninsky")
    store.dispatch_team("EOD-2", sukhinichi.ref, check_in_due=NOW - timedelta(minutes=10))
    store.dispatch_team("Fire-7", babynino.ref, status="en_route")
    store.set_team_status("Fire-7", "on_scene")
    store.change_regime("heightened_readiness", "two drone incidents today")
    return path
