"""End to end with the real command: an office and a field laptop diverge, exchange bundles
both ways (in either order), and then agree on every incident, timeline and conflict.

Only the teams are made through the Store API: the command line has no command that creates
a team.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from dutydesk_process import RunDutydesk
from stations import assert_files_unchanged, file_state

from tui.store.store import Store

SHARED = "HQ-2026-0001"


def _conflict_lines(output: str) -> list[str]:
    """`check`'s conflict lines without the database path that starts each of them."""
    return sorted(
        line.split(": open conflict: ", 1)[1]
        for line in output.splitlines()
        if ": open conflict: " in line
    )


def _views(dutydesk: RunDutydesk, db: Path, refs: list[str]) -> dict[str, object]:
    """What a reader of `db` sees: the list and each incident with its timeline, as JSON."""
    commands = {"list": ("list", "--db", db, "--json")}
    commands.update({ref: ("show", "--db", db, ref, "--json") for ref in refs})
    with ThreadPoolExecutor() as pool:  # readers: they may run side by side
        outputs = list(pool.map(lambda args: dutydesk(*args).ok(), commands.values()))
    return {name: json.loads(out) for name, out in zip(commands, outputs, strict=True)}


def _import(dutydesk: RunDutydesk, db: Path, bundle: Path, *, expect_conflict: bool) -> str:
    """Dry run first (it must print what would happen and write nothing), then import twice:
    the second import must change nothing."""
    before = file_state(db)
    dry = dutydesk("import", "--db", db, bundle, "--dry-run").ok()
    assert_files_unchanged(before, db, "import --dry-run")
    assert dry.splitlines()[-1] == "dry run: nothing was written"
    assert ("  conflict: " in dry) == expect_conflict, dry
    done = dutydesk("import", "--db", db, bundle).ok()
    promised = [
        line.replace("  would add ", "  added ").replace("  would change ", "  changed ")
        for line in dry.splitlines()[:-1]
    ]
    assert promised == done.splitlines(), (dry, done)  # the dry run said what the import did
    after = file_state(db)
    again = dutydesk("import", "--db", db, bundle).ok()
    assert "0 new change(s)" in again.splitlines()[0], again
    assert_files_unchanged(after, db, "the same bundle imported twice")
    return dry


def _exchange(
    dutydesk: RunDutydesk, office: Path, laptop: Path, order: str, tag: str, *, conflict: bool
) -> list[str]:
    """Office to laptop and laptop to office, in `order`; returns the dry runs' output."""
    outputs = []
    pairs = [(office, laptop), (laptop, office)]
    if order == "laptop-first":
        pairs.reverse()
    for source, target in pairs:
        bundle = source.with_name(f"{source.stem}-{tag}.bundle")
        dutydesk("export", "--db", source, "-o", bundle).ok()
        outputs.append(_import(dutydesk, target, bundle, expect_conflict=conflict))
    return outputs


@pytest.mark.slow
@pytest.mark.parametrize("order", ["office-first", "laptop-first"])
def test_office_and_laptop_diverge_exchange_and_agree(
    tmp_path: Path, DUTYDESK: RunDutydesk, order: str
) -> None:
    office, laptop = tmp_path / "office.json", tmp_path / "laptop.json"
    DUTYDESK("init", "--db", office, "--station", "HQ").ok()
    assert (
        DUTYDESK("new", "--db", office, "--title", "Drone shot down", "--district", "Sukhinichsky")
        .ok()
        .strip()
        == SHARED
    )
    DUTYDESK("new", "--db", office, "--title", "UAV crash", "--district", "Бабынинский").ok()
    Store.open(office).create_team("R1", "Rescue one", "rescue", "Sukhinichsky")
    DUTYDESK("team", "--db", office, "R1", "alerted", "--incident", SHARED).ok()
    DUTYDESK("export", "--db", office, "-o", tmp_path / "start.bundle").ok()

    DUTYDESK("init", "--db", laptop, "--station", "FL1").ok()
    DUTYDESK("import", "--db", laptop, tmp_path / "start.bundle").ok()
    assert _views(DUTYDESK, laptop, []) == _views(DUTYDESK, office, [])

    # Apart: each side logs, and each moves the shared incident to a different status.
    field_ref = DUTYDESK(
        "new", "--db", laptop, "--title", "Debris in a field", "--district", "Babyninsky"
    ).ok()
    assert field_ref.strip() == "FL1-2026-0001"
    DUTYDESK("log", "--db", laptop, "--incident", SHARED, "--at", "-20m", "Arrived on site").ok()
    # (The dispatch made it active: a team on its way means it is being worked.)
    DUTYDESK("status", "--db", laptop, SHARED, "monitoring").ok()
    DUTYDESK("team", "--db", laptop, "R1", "en_route").ok()
    DUTYDESK("log", "--db", office, "--incident", SHARED, "--at", "-25m", "Police cordon").ok()
    DUTYDESK("status", "--db", office, SHARED, "closed").ok()
    DUTYDESK("new", "--db", office, "--title", "Grass fire", "--district", "Kaluga").ok()

    said = "".join(_exchange(DUTYDESK, office, laptop, order, "1", conflict=True))
    assert "would add incident HQ-2026-0003: Grass fire" in said
    assert "would add incident FL1-2026-0001: Debris in a field" in said
    assert f"would change {SHARED}: " in said and f"conflict: {SHARED} status: " in said

    refs = [SHARED, "FL1-2026-0001"]  # the list covers the others
    views = _views(DUTYDESK, office, refs)
    assert _views(DUTYDESK, laptop, refs) == views
    timeline = views[SHARED]["timeline"]  # type: ignore[index]
    texts = [entry["text"] for entry in timeline]
    assert "Police cordon" in texts and "Arrived on site" in texts
    assert texts.index("Police cordon") < texts.index("Arrived on site")  # by time, not source
    assert [e["occurred_at"] for e in timeline] == sorted(e["occurred_at"] for e in timeline)
    assert {e["kind"] for e in timeline} >= {"report", "dispatch", "status_change", "note"}

    checks = [DUTYDESK("check", "--db", db).ok() for db in (office, laptop)]
    assert _conflict_lines(checks[0]) == _conflict_lines(checks[1])
    [conflict] = _conflict_lines(checks[0])
    assert conflict.startswith(f"{SHARED} status: "), conflict
    assert "'monitoring' (FL1)" in conflict and "'closed' (HQ)" in conflict

    # An officer on the laptop keeps the office's status; the next exchange settles it.
    DUTYDESK("resolve", "--db", laptop, SHARED, "status", "--keep", "HQ").ok()
    _exchange(DUTYDESK, office, laptop, order, "2", conflict=False)
    for db in (office, laptop):
        out = DUTYDESK("check", "--db", db).ok()
        assert _conflict_lines(out) == [] and "0 open conflicts" in out, out
    views = _views(DUTYDESK, office, refs)
    assert _views(DUTYDESK, laptop, refs) == views
    assert views[SHARED]["status"] == "closed"  # type: ignore[index]
