"""Two stations for the merge UI tests: an office (HQ) and a field laptop (FL1) that started from
its export, with one incident whose status both changed before they exchanged bundles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.store.store import Store

#: 14:30 in Moscow on 24.11.2026.
T0 = datetime(2026, 11, 24, 11, 30, tzinfo=UTC)


class Clock:
    """A station's wall clock, moved only by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@dataclass
class Stations:
    hq: Path
    fl1: Path
    shared_ref: str
    hq_clock: Clock
    fl1_clock: Clock

    def open(self, code: str, *, read_only: bool = False) -> Store:
        path, clock = (self.hq, self.hq_clock) if code == "HQ" else (self.fl1, self.fl1_clock)
        return Store.open(path, read_only=read_only, operator=f"op-{code}", clock=clock)


def exchange(source: Store, target: Store, bundle: Path) -> Path:
    source.export_bundle(bundle)
    target.import_bundle(bundle)
    return bundle


def make_stations(root: Path, *, conflict: bool = True) -> Stations:
    """HQ with an incident, FL1 started from HQ's export; with `conflict`, both then change
    the incident's status (HQ: monitoring, FL1 a minute later: closed) and exchange both ways."""
    hq_clock, fl1_clock = Clock(T0), Clock(T0)
    hq = Store.create(root / "HQ.json", "HQ", operator="op-HQ", clock=hq_clock)
    fl1 = Store.create(root / "FL1.json", "FL1", operator="op-FL1", clock=fl1_clock)
    hq.create_team("R1", "Rescue one", "rescue", "Sukhinichsky")
    shared = hq.create_incident(
        "Drone shot down", "Sukhinichsky", kind="drone_shootdown", severity="major"
    )
    hq.create_incident("Grass fire", "Kozelsky", kind="fire", reported_at=T0)
    hq.change_status(shared.ref, "active")
    exchange(hq, fl1, root / "01-HQ.ddb")
    if conflict:
        hq_clock.advance(5)
        fl1_clock.advance(6)
        hq.change_status(shared.ref, "monitoring")
        fl1.change_status(shared.ref, "closed")
        exchange(fl1, hq, root / "02-FL1.ddb")
        exchange(hq, fl1, root / "03-HQ.ddb")
    return Stations(root / "HQ.json", root / "FL1.json", shared.ref, hq_clock, fl1_clock)
