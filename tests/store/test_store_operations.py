"""What each Store operation writes: records, the entries they owe, and the change log."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui.model.filters import IncidentFilter
from tui.store.errors import InvalidInputError, NotFoundError, ReadOnlyError
from tui.store.store import Store


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store.create(tmp_path / "duty.json", "HQ", operator="Petrova", clock=clock)


def reopened(store: Store) -> Store:
    """The same database as another process sees it, from the files alone."""
    return Store.open(store.path, read_only=True)


def test_new_incident_gets_a_station_reference_and_its_report(store: Store) -> None:
    first = store.create_incident("Drone shot down", "Сухиничский район", kind="drone_shootdown")
    second = store.create_incident(
        "Drone shot down", "babyninsky district", narrative="By the road"
    )
    assert (first.ref, second.ref) == ("HQ-2026-0001", "HQ-2026-0002")
    assert (first.district, second.district) == ("sukhinichsky", "babyninsky")
    timeline = reopened(store).timeline(second.ref)
    assert [(e.kind, e.text, e.author) for e in timeline] == [("report", "By the road", "Petrova")]


def test_status_change_writes_its_entry_and_close_time(store: Store, clock: Clock) -> None:
    ref = store.create_incident("Fire", "Kaluga").ref
    clock.now += timedelta(minutes=30)
    store.change_status(ref, "closed")
    seen = reopened(store)
    incident = seen.incident(ref)
    assert incident.status == "closed" and incident.closed_at == "2026-11-24T10:30:00Z"
    assert seen.timeline(ref)[-1].text == "Status new → closed"
    with pytest.raises(InvalidInputError, match="reopening"):
        store.change_status(ref, "active")
    store.change_status(ref, "active", reason="flare-up")
    assert reopened(store).incident(ref).closed_at is None


def test_dispatch_and_team_status_entries_go_on_the_incident(store: Store, clock: Clock) -> None:
    ref = store.create_incident("Drone", "Babyninsky").ref
    store.create_team("SPAS-12", "Rescue 12", "rescue", "Kaluga")
    with pytest.raises(InvalidInputError, match="needs the incident"):
        store.set_team_status("SPAS-12", "alerted")
    store.dispatch_team("spas-12", ref, check_in_due=clock.now + timedelta(minutes=30))
    store.set_team_status("SPAS-12", "en_route")
    seen = reopened(store)
    team = seen.team("SPAS-12")
    assert team.status == "en_route" and team.incident == seen.incident(ref).id
    assert seen.incident(ref).teams == [team.id]
    kinds = [e.kind for e in seen.timeline(ref)]
    assert kinds == ["report", "dispatch", "status_change", "team_status"]  # new → active
    assert "check in by 24.11.2026 13:30 MSK" in seen.timeline(ref)[1].text
    with pytest.raises(InvalidInputError, match="reason"):
        store.set_team_status("SPAS-12", "out_of_service")


def test_a_correction_is_a_new_entry_and_the_original_stays(store: Store) -> None:
    ref = store.create_incident("Drone", "Babyninsky").ref
    wrong = store.append_entry(ref, "Debris north-east of the village")
    fix = store.correct_entry(wrong.id, "Debris north-west of the village")
    timeline = reopened(store).timeline(ref)
    assert [e.text for e in timeline][-2:] == [wrong.text, fix.text]
    assert timeline[-1].kind == "correction" and timeline[-1].corrects == wrong.id
    with pytest.raises(NotFoundError):
        store.correct_entry("no-such-entry", "x")


def test_edit_records_only_what_changed_with_a_note(store: Store) -> None:
    incident = store.create_incident("Drone", "Babyninsky")
    store.edit_incident(incident.ref, {"injured": 0, "dead": 0, "title": "Drone"})
    seen = reopened(store)
    assert (seen.incident(incident.ref).injured, seen.incident(incident.ref).dead) == (0, 0)
    assert seen.timeline(incident.ref)[-1].text == "Edited: dead unknown → 0; injured unknown → 0"
    update = seen.history(incident.id)[-1]
    assert update.before == {
        "dead": None,
        "injured": None,
        "updated_by": "Petrova",
        "updated_at": "2026-11-24T10:00:00Z",
    }
    with pytest.raises(InvalidInputError, match="cannot be edited"):
        store.edit_incident(incident.ref, {"status": "closed"})
    with pytest.raises(InvalidInputError, match="≥ 0"):
        store.edit_incident(incident.ref, {"injured": -1})


def test_regime_change_goes_to_the_duty_log(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="reason"):
        store.change_regime("emergency", "")
    store.change_regime("heightened_readiness", "two drones shot down")
    seen = reopened(store)
    assert seen.regime()["value"] == "heightened_readiness"
    assert seen.timeline(None)[-1].kind == "regime_change"


def test_changes_chain_per_station(store: Store) -> None:
    store.create_incident("A", "Kaluga")
    store.append_entry(None, "Shift started")
    changes = list(store.changes())
    assert [c["seq"] for c in changes] == list(range(1, len(changes) + 1))
    assert all(b["prev"] == a["hash"] for a, b in itertools.pairwise(changes))
    assert all(a["hlc"] < b["hlc"] for a, b in itertools.pairwise(changes))


def test_filter_matches_cyrillic_case_insensitively(store: Store) -> None:
    store.create_incident("Пал сухой травы", "Перемышльский район")
    store.create_incident("Road accident", "Kaluga")
    found = store.incidents(IncidentFilter(text="ПАЛ"))
    assert [i.title for i in found] == ["Пал сухой травы"]
    assert [i.title for i in store.incidents(IncidentFilter(text="peremyshl"))] == [
        "Пал сухой травы"
    ]


def test_read_only_store_refuses_every_write(tmp_path: Path, store: Store) -> None:
    ref = store.create_incident("A", "Kaluga").ref
    viewer = reopened(store)
    for write in (
        lambda: viewer.create_incident("B", "Kaluga"),
        lambda: viewer.append_entry(ref, "x"),
        lambda: viewer.change_status(ref, "active"),
        lambda: viewer.change_regime("emergency", "x"),
        lambda: viewer.checkpoint(),
    ):
        with pytest.raises(ReadOnlyError):
            write()


def test_batch_is_all_or_nothing(store: Store) -> None:
    before = store.journal.read_bytes()
    with pytest.raises(RuntimeError), store.batch():
        store.create_incident("A", "Kaluga")
        raise RuntimeError("stop")
    assert store.journal.read_bytes() == before
    assert store.incidents() == []
    with store.batch():
        store.create_incident("A", "Kaluga")
        store.create_incident("B", "Kaluga")
    assert len(reopened(store).incidents()) == 2
    assert store.journal.read_bytes().count(b"\n") == before.count(b"\n") + 1


def test_the_first_dispatch_to_a_new_incident_makes_it_active(store: Store) -> None:
    incident = store.create_incident("Drone shot down", "Sukhinichsky")
    store.create_team("SPAS-5", "Rescue 5", "rescue", "Sukhinichsky")
    store.create_team("EOD-1", "Sappers", "eod", "Sukhinichsky")
    store.dispatch_team("SPAS-5", incident.ref)
    assert reopened(store).incident(incident.ref).status == "active"
    kinds = [e.kind for e in reopened(store).timeline(incident.id)]
    assert kinds[-2:] == ["dispatch", "status_change"]  # its own entry, after the dispatch
    store.dispatch_team("EOD-1", incident.ref)  # already active: no second status change
    kinds = [e.kind for e in reopened(store).timeline(incident.id)]
    assert kinds.count("status_change") == 1
