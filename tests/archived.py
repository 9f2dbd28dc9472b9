"""A database with a yearly archive, for the tests of archives another database wrote (the
store's and the desk's)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tui.store.store import Store


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def archived_db(root: Path, station: str) -> Store:
    """A database with one incident of 2025 in its archive and one live incident of 2026."""
    root.mkdir()
    clock = Clock(datetime(2025, 12, 1, 10, 0, tzinfo=UTC))
    store = Store.create(root / "duty.json", station, operator="t", clock=clock)
    old = store.create_incident(f"Old fire at {station}", "Kaluga")
    store.change_status(old.ref, "closed")
    clock.now = datetime(2026, 1, 20, 10, 0, tzinfo=UTC)
    store.create_incident("Live fire", "Kaluga")
    assert store.archive(force=True) == 1
    return store
