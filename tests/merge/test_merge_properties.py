"""Merging stations, as properties (hypothesis): any history, any exchange order, one result.

Three stations (HQ and two field laptops that start from an HQ export) each write a random
history on their own skewed clock, interleaved with random exchanges of bundles: fresh exports,
the same bundle imported twice, an old bundle imported again, a `--since` bundle that may arrive
before what it builds on. At the end every station exports to every other until nothing new
moves. Then:

- every station holds the same documents (incidents, entries, teams, settings, including the
  merge bookkeeping `_stamps`/`_conflicts`) and the same open conflicts;
- every change is in every journal exactly once, and each station's sequence has no hole;
- the test keeps its own model of who had seen what (a write has seen every write its station
  made or imported before it), and from that alone predicts each field's surviving writes: a
  field whose surviving writes hold different values is a conflict showing the latest clock
  (then station), and no other field is; a write that saw both sides settles a conflict;
- the model also predicts each import: how many changes are new, and whether a `--since`
  bundle must be refused for a gap (leaving the database byte for byte as it was).

A `--since` bundle that leaves out another station's change its own changes were written after
must be refused as a gap: merged, it would apply changes out of causal order and the stations
would never converge.
"""

from __future__ import annotations

import itertools
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stations import (
    T0,
    ManualClock,
    assert_files_unchanged,
    conflict_keys,
    documents,
    file_state,
    read_bundle,
)

from tui.model.lifecycle import INCIDENT_TRANSITIONS, TEAM_SERVING, TEAM_TRANSITIONS
from tui.model.records import BOOKKEEPING_FIELDS, IncidentStatus, Severity, TeamStatus
from tui.model.timegrammar import from_iso
from tui.store.check import check_database
from tui.store.errors import DamagedFileError
from tui.store.store import Store

STATIONS = ("HQ", "FL1", "FL2")
TITLES = ("Drone shot down", "UAV crash site", "Grass fire", "Road accident", "Сбит БПЛА")
DISTRICTS = ("Sukhinichsky", "Babyninsky", "Kaluga", "Obninsk")
SEVERITIES = tuple(s.value for s in Severity)
INJURED = (None, 0, 1, 2, 5)
EDITED_FIELDS = ("severity", "title", "injured")
#: The incidents HQ creates before the laptops start from its export.
SHARED = ("HQ-2026-0001", "HQ-2026-0002")

#: An operation on one station: kind, two numbers that pick targets and values, and how far
#: (ms) the station's clock moves first; 0 often, so clocks tie and HLC counters step in.
op_steps = st.tuples(
    st.just("op"),
    st.sampled_from(STATIONS),
    st.sampled_from(("create", "entry", "entry", "status", "edit", "edit", "team", "resolve")),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.one_of(st.just(0), st.integers(1, 2_000), st.integers(2_000, 900_000)),
)
#: An exchange: from, to, how, and a number that picks an old bundle or a `--since` point.
exchange_steps = st.tuples(
    st.just("exchange"),
    st.sampled_from(list(itertools.permutations(STATIONS, 2))),
    st.sampled_from(("fresh", "fresh", "twice", "old", "since")),
    st.integers(0, 10**6),
)
programs = st.lists(
    st.one_of(op_steps, op_steps, op_steps, exchange_steps), min_size=10, max_size=80
)
#: Field laptops' clocks run up to 15 minutes off the office's, either way.
skews = st.tuples(st.integers(-900_000, 900_000), st.integers(-900_000, 900_000))


@dataclass
class Station:
    code: str
    store: Store
    clock: ManualClock
    knows: dict[str, int] = field(default_factory=dict)
    """The model: the highest sequence number of each station this one has seen."""


@dataclass
class Bundle:
    path: Path
    carries: dict[str, list[int]]
    """The model: each station's [first, last] sequence number in the bundle."""
    needs: dict[str, int]
    """The model: how far an importer must know each station for the bundle's changes to
    find everything they were written after (what its exporter knew, less what it carries)."""


class World:
    """Three stations on real files, and the model of what each has seen."""

    def __init__(self, root: Path, skew: tuple[int, int]) -> None:
        self.root = root
        self.stations: dict[str, Station] = {}
        self.seen_by: dict[tuple[str, int], dict[str, int]] = {}
        """For each change (station, seq): what its writer had seen just before writing it."""
        self.bundles: list[Bundle] = []
        self.counter = itertools.count(1)
        for code, offset in zip(STATIONS, (0, *skew), strict=True):
            clock = ManualClock(T0 + timedelta(milliseconds=offset))
            store = Store.create(root / f"{code}.json", code, operator=f"op-{code}", clock=clock)
            self.stations[code] = Station(code, store, clock)
        hq = self.stations["HQ"]
        for callsign, team_type, district in (
            ("R1", "rescue", "Sukhinichsky"),
            ("F2", "fire", "Babyninsky"),
            ("M3", "medical", "Kaluga"),
        ):
            self.write(hq, partial(hq.store.create_team, callsign, callsign, team_type, district))
        for title, district in (("Drone shot down", "Sukhinichsky"), ("UAV crash", "Babyninsky")):
            self.write(hq, partial(hq.store.create_incident, title, district))
        start = self.export(hq)
        for code in ("FL1", "FL2"):
            self.import_(self.stations[code], start)

    # -- writing, with the model's bookkeeping ------------------------------------------------

    def own_seq(self, station: Station) -> int:
        head = station.store.state.heads.get(station.code)
        return head["seq"] if head else 0

    def write(self, station: Station, action: Any) -> None:
        """Run one operation; every change it made has seen what the station knew before."""
        before, first = dict(station.knows), self.own_seq(station) + 1
        action()
        last = self.own_seq(station)
        for seq in range(first, last + 1):
            self.seen_by[(station.code, seq)] = before
        if last >= first:
            station.knows[station.code] = last

    def operate(self, station: Station, kind: str, a: int, b: int) -> None:
        store = station.store
        incidents = sorted(store.state.incidents.values(), key=lambda d: d["ref"])
        # Two in three operations go to the incidents every station has from the start, so
        # that concurrent writes to one record are common.
        if a % 3:
            incident = store.state.incidents[store.state.by_ref[SHARED[a % 2]]]
        else:
            incident = incidents[a % len(incidents)]
        n = next(self.counter)
        if kind == "create":
            self.write(
                station,
                lambda: store.create_incident(
                    TITLES[a % len(TITLES)],
                    DISTRICTS[b % len(DISTRICTS)],
                    severity=SEVERITIES[(a // 7) % len(SEVERITIES)],
                ),
            )
        elif kind == "entry":
            target = None if a % 6 == 0 else incident["ref"]
            backdated = station.clock() - timedelta(seconds=b % 1800) if b % 3 == 0 else None
            self.write(
                station,
                lambda: store.append_entry(target, f"E-{station.code}-{n}", occurred_at=backdated),
            )
        elif kind == "status":
            current = IncidentStatus(incident["status"])
            targets = sorted(INCIDENT_TRANSITIONS[current])
            target = targets[b % len(targets)]
            needs_reason = target is IncidentStatus.CANCELLED or not current.is_open
            reason = f"reason {station.code}-{n}" if needs_reason else ""
            self.write(
                station, lambda: store.change_status(incident["ref"], target.value, reason=reason)
            )
        elif kind == "edit":
            name = EDITED_FIELDS[b % len(EDITED_FIELDS)]
            choices: tuple[Any, ...] = {
                "severity": SEVERITIES,
                "title": TITLES,
                "injured": INJURED,
            }[name]
            value = choices[(b // 3) % len(choices)]
            self.write(station, lambda: store.edit_incident(incident["ref"], {name: value}))
        elif kind == "team":
            teams = sorted(store.state.teams.values(), key=lambda d: d["callsign"])
            team = teams[a % len(teams)]
            current_team = TeamStatus(team["status"])
            team_targets = sorted(TEAM_TRANSITIONS[current_team])
            team_target = team_targets[b % len(team_targets)]
            dispatching = current_team is TeamStatus.AVAILABLE and team_target in TEAM_SERVING
            self.write(
                station,
                lambda: store.set_team_status(
                    team["callsign"],
                    team_target.value,
                    incident=incident["ref"] if dispatching else None,
                    note=f"N-{station.code}-{n}" if b % 4 == 0 else "",
                    reason="vehicle broke down" if team_target is TeamStatus.OUT_OF_SERVICE else "",
                ),
            )
        elif kind == "resolve":
            conflicts = sorted(store.conflicts(), key=lambda c: (c.label, c.field))
            if conflicts:
                conflict = conflicts[a % len(conflicts)]
                value = conflict.values[b % len(conflict.values)].value
                self.write(
                    station, lambda: store.resolve_conflict(conflict.record, conflict.field, value)
                )

    # -- exchanging bundles ------------------------------------------------------------------

    def export(self, station: Station, since_ms: int | None = None) -> Bundle:
        path = self.root / f"bundle-{len(self.bundles):03d}-{station.code}.json"
        since = None if since_ms is None else station.clock() - timedelta(milliseconds=since_ms)
        header = station.store.export_bundle(path, since=since)
        carries = {s: list(r) for s, r in header["ranges"].items()}
        if since is None:  # a full export carries everything its station has seen
            assert carries == {s: [1, seq] for s, seq in station.knows.items() if seq}, path.name
        _, changes = read_bundle(path)
        assert len(changes) == sum(last - first + 1 for first, last in carries.values())
        needs = {s: seq for s, seq in station.knows.items()}
        needs.update({s: first - 1 for s, (first, _) in carries.items()})
        made = Bundle(path, carries, needs)
        self.bundles.append(made)
        return made

    def import_(self, station: Station, made: Bundle) -> None:
        """Import as the model predicts: refused for a gap (a station's sequence would have a
        hole, or the bundle's changes were written after changes this station lacks), else
        exactly the unseen changes."""
        knows = station.knows
        gap = any(knows.get(s, 0) < seq for s, seq in made.needs.items())
        new = sum(
            max(0, last - max(first - 1, knows.get(s, 0)))
            for s, (first, last) in made.carries.items()
        )
        if gap:
            before = file_state(station.store.path)
            with pytest.raises(DamagedFileError, match="gap") as refused:
                station.store.import_bundle(made.path)
            assert refused.value.path == made.path
            assert_files_unchanged(before, station.store.path, f"{made.path.name} refused")
            return
        summary = station.store.import_bundle(made.path)
        assert summary.new_changes == new, (made.path.name, made.carries, knows)
        for s, (_, last) in made.carries.items():
            knows[s] = max(knows.get(s, 0), last)

    def exchange(self, source: str, target: str, how: str, pick: int) -> None:
        src, dst = self.stations[source], self.stations[target]
        if how == "old":
            self.import_(dst, self.bundles[pick % len(self.bundles)])
        elif how == "since":
            self.import_(dst, self.export(src, since_ms=pick % 1_800_000))
        else:
            made = self.export(src)
            self.import_(dst, made)
            if how == "twice":
                before = file_state(dst.store.path)
                again = dst.store.import_bundle(made.path)
                assert again.new_changes == 0 and not again.added and not again.changed
                assert_files_unchanged(before, dst.store.path, "the same bundle imported twice")

    def settle(self) -> None:
        """Every station exports to every other until a whole round moves nothing new."""
        for _ in range(4):
            moved = False
            for src in self.stations.values():
                made = self.export(src)
                for dst in self.stations.values():
                    if dst is not src:
                        moved |= any(
                            last > dst.knows.get(s, 0) for s, (_, last) in made.carries.items()
                        )
                        self.import_(dst, made)
            if not moved:
                return
        pytest.fail("the stations did not settle after four rounds of exchanges")


def surviving_writes(
    changes: list[dict[str, Any]], seen_by: dict[tuple[str, int], dict[str, int]]
) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """For each (table, record, field) updated: the writes no other write of it had seen."""
    writes: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for change in changes:
        if change["op"] not in ("update", "resolve"):
            continue
        for name, value in (change["after"] or {}).items():
            writes[(change["table"], change["record"], name)].append(
                {
                    "station": change["station"],
                    "seq": change["seq"],
                    "hlc": change["hlc"],
                    "value": value,
                }
            )

    def saw(later: dict[str, Any], earlier: dict[str, Any]) -> bool:
        knew = seen_by[(later["station"], later["seq"])]
        return knew.get(earlier["station"], 0) >= earlier["seq"]

    return {
        key: [w for w in ws if not any(saw(o, w) for o in ws if o is not w)]
        for key, ws in writes.items()
    }


def assert_converged(world: World) -> None:
    stations = list(world.stations.values())
    first = stations[0]
    journals = {s.code: list(s.store.changes()) for s in stations}

    # Every change exactly once in every journal, each station's sequence without a hole.
    for code, changes in journals.items():
        ids = [c["id"] for c in changes]
        assert len(ids) == len(set(ids)), f"{code}: a change is in the journal twice"
        keys = [(c["station"], c["seq"]) for c in changes]
        assert len(keys) == len(set(keys)), f"{code}: a sequence number is used twice"
        for s in stations:
            seqs = sorted(c["seq"] for c in changes if c["station"] == s.code)
            assert seqs == list(range(1, s.knows.get(s.code, 0) + 1)), (code, s.code)
    id_sets = {code: {c["id"] for c in changes} for code, changes in journals.items()}
    assert all(ids == id_sets[first.code] for ids in id_sets.values())

    # The same documents, conflicts and heads everywhere; the files say the same after reopen.
    for station in stations[1:]:
        for table, docs in documents(first.store).items():
            assert documents(station.store)[table] == docs, f"{table}: {station.code} differs"
        assert conflict_keys(station.store) == conflict_keys(first.store)
        assert station.store.state.heads == first.store.state.heads
    for station in stations:
        reopened = Store.open(station.store.path, read_only=True)
        assert documents(reopened) == documents(station.store)
        report = check_database(station.store.path)
        assert report.ok, report.problems

    # Timelines: the union of every station's entries, ordered by time.
    store = first.store
    for incident in [None, *store.state.incidents]:
        timeline = store.timeline(incident)
        keys = [(from_iso(e.occurred_at), from_iso(e.recorded_at)) for e in timeline]
        assert keys == sorted(keys)
        for station in stations[1:]:  # the same entries in the same order, ties included
            assert [e.id for e in station.store.timeline(incident)] == [e.id for e in timeline]

    # Each field holds what its surviving writes say: one value, or a conflict of all of them.
    heads = surviving_writes(journals[first.code], world.seen_by)
    expected = set()
    for (table, record, name), survivors in heads.items():
        doc = getattr(store.state, table)[record]
        latest = max(survivors, key=lambda w: (w["hlc"], w["station"]))
        assert doc[name] == latest["value"], (doc.get("ref"), name, survivors)
        if len({repr(w["value"]) for w in survivors}) > 1 and name not in BOOKKEEPING_FIELDS:
            expected.add((record, name))
            found = [c for c in store.conflicts() if (c.record, c.field) == (record, name)]
            assert len(found) == 1, (doc.get("ref"), name)
            assert {(v.station, v.hlc, repr(v.value)) for v in found[0].values} == {
                (w["station"], w["hlc"], repr(w["value"])) for w in survivors
            }
    assert {(c.record, c.field) for c in store.conflicts()} == expected


def run_program(skew: tuple[int, int], program: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory(prefix="dutydesk-merge-") as tmp:
        world = World(Path(tmp), skew)
        for step in program:
            if step[0] == "op":
                _, code, kind, a, b, advance = step
                station = world.stations[code]
                station.clock.advance(advance)
                world.operate(station, kind, a, b)
            else:
                _, (source, target), how, pick = step
                world.exchange(source, target, how, pick)
        world.settle()
        assert_converged(world)


#: The same field edited on two laptops and the office, unseen: one three-way conflict.
THREE_WAY_CONFLICT: dict[str, Any] = {
    "skew": (1_000, -1_000),
    "program": [
        ("op", "HQ", "edit", 0, 0, 5_000),
        ("op", "FL1", "edit", 0, 3, 5_000),
        ("op", "FL2", "edit", 0, 6, 5_000),
        ("exchange", ("FL1", "HQ"), "twice", 0),
        ("op", "FL2", "status", 1, 0, 0),
        ("op", "HQ", "status", 1, 1, 0),
        ("exchange", ("FL2", "FL1"), "since", 60_000),
    ],
}
PROPERTY = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@pytest.mark.slow
@settings(PROPERTY, max_examples=400)
@given(skew=skews, program=programs)
@example(**THREE_WAY_CONFLICT)
def test_any_histories_exchanged_in_any_order_converge(
    skew: tuple[int, int], program: list[tuple[Any, ...]]
) -> None:
    run_program(skew, program)


@settings(PROPERTY, max_examples=25)
@given(skew=skews, program=programs)
@example(**THREE_WAY_CONFLICT)
def test_a_few_histories_exchanged_in_any_order_converge(
    skew: tuple[int, int], program: list[tuple[Any, ...]]
) -> None:
    """The fast set's guard of the property above: the same test on 25 random histories."""
    run_program(skew, program)
