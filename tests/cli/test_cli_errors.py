"""Every error is one clear line on stderr, a non-zero exit, no traceback, and nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from dutydesk_process import RunDutydesk

from tui.store.store import Store


def _stored(db: Path) -> tuple[int, int]:
    store = Store.open(db, read_only=True)
    return len(store.state.incidents), len(store.state.entries)


def test_unknown_district_suggests_close_matches(DUTYDESK: RunDutydesk, db: Path) -> None:
    before = _stored(db)
    line = DUTYDESK("new", "--db", db, "--title", "t", "--district", "Sukhinich").error_line()
    assert "Sukhinich" in line
    assert "Sukhinichsky" in line  # the closest match is offered
    assert _stored(db) == before


@pytest.mark.parametrize("bad", ["1405", "25:00", "31.02.2026 10:00", "11/24 14:05", "5"])
def test_bad_time_shows_an_accepted_form(DUTYDESK: RunDutydesk, db: Path, bad: str) -> None:
    before = _stored(db)
    line = DUTYDESK(
        "new", "--db", db, "--title", "t", "--district", "Kaluga", "--at", bad
    ).error_line()
    assert bad in line
    assert "14:05" in line or "now" in line  # an example of what would have been accepted
    line = DUTYDESK("log", "--db", db, "--at", bad, "text").error_line()
    assert bad in line
    assert _stored(db) == before


def test_unknown_incident(DUTYDESK: RunDutydesk, db: Path) -> None:
    for args in (
        ["show", "HQ-1999-0042"],
        ["log", "--incident", "HQ-1999-0042", "text"],
        ["status", "HQ-1999-0042", "active"],
    ):
        line = DUTYDESK(*args, "--db", db).error_line()
        assert "HQ-1999-0042" in line, args


def test_unknown_team(DUTYDESK: RunDutydesk, db: Path) -> None:
    line = DUTYDESK("team", "--db", db, "R9", "available").error_line()
    assert "R9" in line and "R1" in line  # names the known teams


def test_unknown_status_in_list(DUTYDESK: RunDutydesk, db: Path) -> None:
    line = DUTYDESK("list", "--db", db, "--status", "bogus").error_line()
    assert "bogus" in line and "open" in line


def test_unknown_status_in_status_command(DUTYDESK: RunDutydesk, db: Path, ref: str) -> None:
    line = DUTYDESK("status", "--db", db, ref, "bogus").error_line()
    assert "bogus" in line


def test_unknown_team_status(DUTYDESK: RunDutydesk, db: Path) -> None:
    line = DUTYDESK("team", "--db", db, "R1", "sleeping").error_line()
    assert "sleeping" in line


def test_illegal_transitions(DUTYDESK: RunDutydesk, db: Path, ref: str) -> None:
    line = DUTYDESK("status", "--db", db, ref, "cancelled").error_line()
    assert ref in line and "reason" in line
    line = DUTYDESK("team", "--db", db, "R1", "on_scene").error_line()
    assert "R1" in line
    line = DUTYDESK("team", "--db", db, "R1", "alerted").error_line()  # dispatch: no incident
    assert "incident" in line
    assert Store.open(db, read_only=True).incident(ref).status == "new"


def test_missing_database(DUTYDESK: RunDutydesk, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    for args in (["list"], ["show", "HQ-2026-0001"], ["log", "text"], ["check"]):
        line = DUTYDESK(*args, "--db", missing).error_line()
        assert str(missing) in line, args
    assert not list(tmp_path.iterdir()), "a command created files for a missing database"


def test_empty_entry_and_bad_station(DUTYDESK: RunDutydesk, db: Path, tmp_path: Path) -> None:
    assert "empty" in DUTYDESK("log", "--db", db, "   ").error_line()
    line = DUTYDESK("init", "--db", tmp_path / "x.json", "--station", "hq!").error_line()
    assert "hq!" in line
    line = DUTYDESK("init", "--db", db, "--station", "HQ").error_line()
    assert str(db) in line and "exists" in line


@pytest.mark.parametrize(
    "bad", [["--at", "25:00"], ["--district", "Atlantis"]], ids=["bad-time", "bad-district"]
)
def test_refused_new_on_a_missing_file_creates_nothing(
    DUTYDESK: RunDutydesk, tmp_path: Path, bad: list[str]
) -> None:
    db = tmp_path / "duty.json"
    DUTYDESK("new", "--db", db, "--title", "t", "--district", "Kaluga", *bad).error_line()
    assert not list(tmp_path.iterdir())
