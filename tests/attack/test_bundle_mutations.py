"""A hypothesis property over mutated bundles (issue #9): whatever a bundle from outside holds,
an import either succeeds, leaving only records that pass the model's validators and a database
that `list`, `show`, the report and `check` all read, or refuses with the store's own error and
the database byte for byte as it was. Nothing else: no other exception, ever.

Mutations of the laptop's good bundle (hostile_bundles.py): flipped bytes (the checksum made
good again half the time, so the flip reaches the parser and the hashes), and JSON values
replaced or swapped inside the laptop's changes with every hash and the checksum recomputed,
so that only the semantic checks stand between the bundle and the log.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from attack_files import fingerprint, invalid_records
from hostile_bundles import World, build_world, read, reseal_bytes, seal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from merge.stations import copy_db

from tui.report import build_shift_report, render
from tui.store.check import check_database
from tui.store.errors import StoreError
from tui.store.store import Store
from tui.ui.snapshot import SnapshotBuilder, load_detail
from tui.ui.widgets.incident_detail import entry_prompt, incident_fields


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("world"))


#: Values a forger might put anywhere: every JSON type, edge numbers, hostile text.
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "",
            "not-a-time",
            "2026-11-24T11:05:00Z",
            "9999-12-31T23:59:59Z",
            "closed",
            "new",
            "available",
            "returning",
            "HQ",
            "FL1",
            "\x1b[2J",
            "\u202e",
            "x" * 1_001,
        ]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@st.composite
def value_mutations(draw: st.DrawFn, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One to three edits of the laptop's changes: a value replaced, or two values swapped."""
    changes = copy.deepcopy(changes)
    laptop = [c for c in changes if c["station"] == "FL1"]
    for _ in range(draw(st.integers(1, 3))):
        change = draw(st.sampled_from(laptop))
        inside = draw(st.booleans()) and isinstance(change["after"], dict) and change["after"]
        target = change["after"] if inside else change
        names = sorted(k for k in target if k not in ("hash", "prev"))
        name = draw(st.sampled_from(names))
        if draw(st.booleans()):
            other = draw(st.sampled_from(laptop))
            inner = other["after"]
            pool = inner if inside and isinstance(inner, dict) and inner else other
            value = copy.deepcopy(pool.get(name, draw(JSON_VALUES)))
        else:
            value = draw(JSON_VALUES)
        target[name] = value
    return changes


def _outcome(world: World, write_bundle) -> None:
    """Import the bundle `write_bundle(path)` writes into a copy of the office: a clean
    refusal with nothing changed, or a database every reader can read."""
    directory = Path(tempfile.mkdtemp(prefix="mutation-"))
    try:
        db = copy_db(world.office, directory / "office.json")
        source = directory / "mutated.bundle"
        write_bundle(source)
        before = fingerprint(db)
        store = Store.open(db)
        try:
            store.import_bundle(source)
        except StoreError as error:
            assert "\n" not in str(error)
            assert fingerprint(db) == before, f"refused ({error}) but the database changed"
            return
        assert invalid_records(db) == []
        reread = Store.open(db, read_only=True)
        first_screen(reread)
        for incident in reread.incidents():
            reread.incident(incident.ref)
            reread.timeline(incident.id)
        reread.timeline(None)
        now = reread.clock()
        render(build_shift_report(reread, since=now - timedelta(days=2), until=now), "text")
        report = check_database(db)
        assert report.ok, report.problems
    finally:
        shutil.rmtree(directory)


def first_screen(store: Store) -> None:
    """What the desk's first screen builds and draws from the data: every row, the team
    board's refs, and each incident's fields and timeline as the detail shows them."""
    snapshot = SnapshotBuilder(store, store.clock).build(None, selected=None)
    teams = {t.id: t for t in snapshot.teams or []}
    for row in snapshot.rows:
        detail = load_detail(store, row.id)
        assert detail is not None
        incident_fields(
            detail.incident, region=store.region, tz=store.tz, teams=teams, refs=snapshot.refs
        )
        by_id = {e.id: e for e in detail.timeline}
        for entry in detail.timeline:
            entry_prompt(
                entry, tz=store.tz, now=snapshot.now, corrected_by={}, by_id=by_id, teams=teams
            )


def runs(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )


def _value_property(world: World, data: st.DataObject) -> None:
    header, changes = read(world.good)
    mutated = data.draw(value_mutations(changes))

    def write(path: Path) -> None:
        try:
            seal(path, header, mutated)
        except TypeError:  # orjson cannot write it (an integer past 64 bits): write it raw
            path.write_bytes(b"{}")

    _outcome(world, write)


def _flip_property(world: World, data: st.DataObject) -> None:
    raw = bytearray(world.good.read_bytes())
    start = raw.index(b'"changes":[')
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(start, len(raw) - 80))
        raw[at] ^= data.draw(st.integers(1, 255))
    reseal = data.draw(st.booleans())
    _outcome(world, lambda path: path.write_bytes(reseal_bytes(bytes(raw)) if reseal else raw))


@runs(40)
@given(data=st.data())
def test_a_few_value_forgeries_import_valid_or_change_nothing(world: World, data) -> None:
    _value_property(world, data)


@runs(25)
@given(data=st.data())
def test_a_few_byte_flips_import_valid_or_change_nothing(world: World, data) -> None:
    _flip_property(world, data)


@pytest.mark.slow
@runs(500)
@given(data=st.data())
def test_value_forgeries_import_valid_or_change_nothing(world: World, data) -> None:
    _value_property(world, data)


@pytest.mark.slow
@runs(300)
@given(data=st.data())
def test_byte_flips_import_valid_or_change_nothing(world: World, data) -> None:
    _flip_property(world, data)
