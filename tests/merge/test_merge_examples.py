"""Merging stations, by example: the rules of docs/product.md §10 one at a time, on real files.

Each test builds an office (HQ) and one or two field laptops through the Store API, each on its
own settable clock, so that the clock order of their writes is the test's choice.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path

import pytest
from stations import (
    T0,
    ManualClock,
    assert_files_unchanged,
    conflict_keys,
    documents,
    file_state,
    read_bundle,
)

from tui.store.check import check_database
from tui.store.errors import DamagedFileError
from tui.store.store import Store


class Stations:
    """An office and laptops that started from its export; `send(a, b)` moves a's bundle to b."""

    def __init__(self, root: Path, *codes: str) -> None:
        self.root = root
        self.clocks: dict[str, ManualClock] = {}
        self.stores: dict[str, Store] = {}
        self.sent = 0
        for code in codes:
            self.clocks[code] = ManualClock(T0)
            self.stores[code] = Store.create(
                root / f"{code}.json", code, operator=f"op-{code}", clock=self.clocks[code]
            )
        hq = self.stores["HQ"]
        hq.create_team("R1", "Rescue one", "rescue", "Sukhinichsky")
        self.shared = hq.create_incident("Drone shot down", "Sukhinichsky").ref
        for code in codes[1:]:
            self.send("HQ", code)

    def __getitem__(self, code: str) -> Store:
        return self.stores[code]

    def tick(self, code: str, minutes: float) -> None:
        self.clocks[code].advance(int(minutes * 60_000))

    def export(self, code: str, *, since_minutes: float | None = None) -> Path:
        self.sent += 1
        path = self.root / f"{self.sent:02d}-{code}.bundle"
        since = None
        if since_minutes is not None:
            since = self.clocks[code]() - timedelta(minutes=since_minutes)
        self.stores[code].export_bundle(path, since=since)
        return path

    def send(self, source: str, target: str) -> Path:
        path = self.export(source)
        self.stores[target].import_bundle(path)
        return path

    def sync_all(self) -> None:
        for _ in range(2):
            for source in self.stores:
                for target in self.stores:
                    if source != target:
                        self.send(source, target)

    def assert_same(self) -> None:
        first, *others = self.stores.values()
        for other in others:
            assert documents(other) == documents(first), f"{other.station} differs"
            assert conflict_keys(other) == conflict_keys(first)


@pytest.fixture
def two(tmp_path: Path) -> Stations:
    return Stations(tmp_path, "HQ", "FL1")


@pytest.fixture
def three(tmp_path: Path) -> Stations:
    return Stations(tmp_path, "HQ", "FL1", "FL2")


def test_a_laptop_starts_from_an_office_export_and_mints_its_own_references(
    two: Stations,
) -> None:
    laptop = two["FL1"]
    assert [i.ref for i in laptop.incidents()] == [two.shared]
    assert [t.callsign for t in laptop.teams()] == ["R1"]
    assert laptop.create_incident("Crash site found", "Babyninsky").ref == "FL1-2026-0001"
    assert two["HQ"].create_incident("Grass fire", "Kaluga").ref == "HQ-2026-0002"
    two.sync_all()
    two.assert_same()
    assert {i.ref for i in two["HQ"].incidents()} == {two.shared, "HQ-2026-0002", "FL1-2026-0001"}


def test_concurrent_edits_keep_both_values_and_show_the_latest_clock(two: Stations) -> None:
    two.tick("HQ", 5)
    two["HQ"].edit_incident(two.shared, {"severity": "major"})
    two.tick("FL1", 7)  # the laptop's write is later by the clock
    two["FL1"].edit_incident(two.shared, {"severity": "critical"})
    two.sync_all()
    two.assert_same()
    [conflict] = two["HQ"].conflicts()
    assert (conflict.label, conflict.field, conflict.shown) == (two.shared, "severity", "critical")
    assert [(v.station, v.value) for v in conflict.values] == [("FL1", "critical"), ("HQ", "major")]
    assert two["HQ"].incident(two.shared).severity == "critical"


def test_a_clock_tie_is_settled_by_station_code(two: Stations) -> None:
    """Both clocks read the same millisecond: the station code decides, the same everywhere."""
    # The laptop's clock has not moved since it imported the office's export: both stations
    # stamp their next write with the same hybrid-logical-clock reading.
    assert two["FL1"].state.last_hlc == two["HQ"].state.last_hlc
    two["HQ"].edit_incident(two.shared, {"title": "Office title"})
    two["FL1"].edit_incident(two.shared, {"title": "Field title"})
    two.sync_all()
    two.assert_same()
    [conflict] = two["FL1"].conflicts()
    assert conflict.values[0].hlc == conflict.values[1].hlc
    assert conflict.shown == "Office title"  # "HQ" sorts after "FL1"


def test_an_edit_that_saw_the_other_is_not_a_conflict(two: Stations) -> None:
    two["HQ"].edit_incident(two.shared, {"injured": 1})
    two.send("HQ", "FL1")
    two.tick("FL1", 1)
    two["FL1"].edit_incident(two.shared, {"injured": 3})
    two.sync_all()
    two.assert_same()
    assert two["HQ"].conflicts() == []
    assert two["HQ"].incident(two.shared).injured == 3


def test_same_value_written_on_both_sides_is_not_a_conflict(two: Stations) -> None:
    two["HQ"].edit_incident(two.shared, {"severity": "major"})
    two["FL1"].edit_incident(two.shared, {"severity": "major"})
    two.sync_all()
    two.assert_same()
    assert two["HQ"].conflicts() == []


def test_a_resolution_is_a_new_change_that_every_station_accepts(three: Stations) -> None:
    three["HQ"].change_status(three.shared, "active")
    three.tick("FL1", 3)
    three["FL1"].change_status(three.shared, "closed")
    three.tick("FL2", 1)
    three["FL2"].change_status(three.shared, "monitoring")
    three.sync_all()
    three.assert_same()
    [conflict] = three["FL2"].conflicts()
    assert {v.value for v in conflict.values} == {"active", "closed", "monitoring"}
    report = check_database(three["HQ"].path)
    assert report.ok and [c.field for c in report.conflicts] == ["status"]

    three.tick("FL2", 10)
    three["FL2"].resolve_conflict(conflict.record, "status", "active")
    three.sync_all()
    three.assert_same()
    for store in three.stores.values():
        assert store.conflicts() == []
        assert store.incident(three.shared).status == "active"
        assert [c["op"] for c in store.changes()].count("resolve") == 1
    assert "resolved" in three["HQ"].timeline(three.shared)[-1].text


def test_timeline_entries_never_conflict_they_merge_by_time(two: Stations) -> None:
    hq, fl = two["HQ"], two["FL1"]
    two.tick("HQ", 10)
    two.tick("FL1", 10)
    hq.append_entry(two.shared, "office: police on site", occurred_at=T0 + timedelta(minutes=8))
    fl.append_entry(two.shared, "laptop: debris found", occurred_at=T0 + timedelta(minutes=6))
    fl.append_entry(two.shared, "laptop: area cordoned", occurred_at=T0 + timedelta(minutes=9))
    two.sync_all()
    two.assert_same()
    texts = [e.text for e in hq.timeline(two.shared)]
    assert texts[1:] == ["laptop: debris found", "office: police on site", "laptop: area cordoned"]
    assert hq.conflicts() == []


def test_dry_run_says_what_would_change_and_writes_nothing(two: Stations) -> None:
    hq, fl = two["HQ"], two["FL1"]
    two.tick("HQ", 2)
    hq.change_status(two.shared, "active")
    two.tick("FL1", 4)
    fl.change_status(two.shared, "monitoring")
    fl.create_incident("Crash site found", "Babyninsky")
    bundle = two.export("FL1")
    before = file_state(hq.path)
    summary = Store.open(hq.path, read_only=True).import_bundle(bundle, dry_run=True)
    assert_files_unchanged(before, hq.path, "dry run")
    lines = summary.lines(dry_run=True)
    assert any("would add incident FL1-2026-0001" in line for line in lines), lines
    assert any(f"would change {two.shared}: status" in line for line in lines), lines
    assert any(f"conflict: {two.shared} status" in line for line in lines), lines
    assert lines[-1] == "dry run: nothing was written"
    done = hq.import_bundle(bundle)
    assert (done.added, done.changed, done.conflicts) == (
        summary.added,
        summary.changed,
        summary.conflicts,
    )


def test_importing_the_same_bundle_twice_changes_nothing(two: Stations) -> None:
    two["FL1"].append_entry(two.shared, "laptop note")
    bundle = two.export("FL1")
    first = two["HQ"].import_bundle(bundle)
    assert first.new_changes == 1
    before = file_state(two["HQ"].path)
    again = two["HQ"].import_bundle(bundle)
    assert (again.new_changes, again.added, again.changed) == (0, [], [])
    assert again.known_changes == len(read_bundle(bundle)[1])
    assert_files_unchanged(before, two["HQ"].path, "second import")


def test_since_bundle_missing_a_dependency_is_refused_or_still_converges(
    three: Stations,
) -> None:
    """FL2's edit reaches the office days later; the office edits the field again, having seen
    it, and sends FL1 only "the last day". FL1 has never seen FL2's edit."""
    three.tick("FL2", 60)
    three["FL2"].edit_incident(three.shared, {"severity": "major"})
    for code in three.stores:
        three.tick(code, 24 * 60)
    three.send("FL2", "HQ")
    three["HQ"].edit_incident(three.shared, {"severity": "critical"})  # saw FL2's "major"
    assert three["HQ"].conflicts() == []
    partial = three.export("HQ", since_minutes=60)
    assert "FL2" not in read_bundle(partial)[0]["ranges"]
    with contextlib.suppress(DamagedFileError):  # refusing it as a gap is right too
        three["FL1"].import_bundle(partial)
    three.sync_all()
    three.assert_same()  # FL1 shows a conflict major/critical that HQ and FL2 do not have


def test_regime_changed_on_two_stations_converges(two: Stations) -> None:
    two.tick("HQ", 5)
    two["HQ"].change_regime("heightened_readiness", "office: drone activity")
    two.tick("FL1", 7)
    two["FL1"].change_regime("emergency", "field: crash site")
    two.sync_all()
    assert two["HQ"].regime()["value"] == two["FL1"].regime()["value"]
    two.assert_same()


def test_timeline_order_is_the_same_on_every_station_even_for_equal_times(
    two: Stations,
) -> None:
    at = T0 + timedelta(minutes=30)
    two.clocks["HQ"].now = two.clocks["FL1"].now = at
    two["HQ"].append_entry(two.shared, "office: called the police")
    two["FL1"].append_entry(two.shared, "laptop: arrived on site")
    two.sync_all()
    two.assert_same()
    assert [e.id for e in two["HQ"].timeline(two.shared)] == [
        e.id for e in two["FL1"].timeline(two.shared)
    ]


def test_a_laptop_with_a_slow_clock_loses_nothing_after_ten_thousand_writes(
    two: Stations,
) -> None:
    """The laptop's clock lost a month (a flat clock battery, no network to set it)."""
    two.clocks["FL1"].now = T0 - timedelta(days=30)
    laptop = two["FL1"]
    with laptop.batch():
        for number in range(9_990):
            laptop.append_entry(None, f"field log {number}")
    ref = laptop.create_incident("Crash site found", "Babyninsky").ref
    with laptop.batch():
        for number in range(20):
            laptop.append_entry(ref, f"on site {number}")
    laptop.edit_incident(ref, {"severity": "critical"})
    two.send("FL1", "HQ")
    assert len(two["HQ"].state.entries) == len(laptop.state.entries)
    assert two["HQ"].incident(ref).severity == "critical"
    two.assert_same()


def test_merged_timeline_is_ordered_by_instant_within_a_second(two: Stations) -> None:
    """The office types "10:00" for a call; the laptop's entry is stamped half a second later."""
    on_the_minute = T0 + timedelta(hours=4)
    two["HQ"].append_entry(two.shared, "office: call received", occurred_at=on_the_minute)
    two["FL1"].append_entry(
        two.shared, "laptop: team arrives", occurred_at=on_the_minute + timedelta(milliseconds=500)
    )
    two.sync_all()
    texts = [e.text for e in two["HQ"].timeline(two.shared)]
    assert texts[-2:] == ["office: call received", "laptop: team arrives"]
