"""`dutydesk roster`: the teams belong to the desk. Added, edited, retired and imported through
the real command; each a change record, so a laptop's roster work reaches the office."""

from __future__ import annotations

from pathlib import Path

from dutydesk_process import RunDutydesk

from tui.store.journal import journal_path
from tui.store.store import Store


def files(db: Path) -> tuple[bytes, bytes]:
    return db.read_bytes(), journal_path(db).read_bytes()


def test_add_edit_and_retire_a_team(DUTYDESK: RunDutydesk, db: Path) -> None:
    added = DUTYDESK(
        "roster",
        "add",
        "--db",
        db,
        "SPAS-5",
        "Rescue five",
        "--type",
        "rescue",
        "--district",
        "Babyninsky",
    ).ok()
    assert added.startswith("SPAS-5 rescue babyninsky available")
    DUTYDESK(
        "roster", "edit", "--db", db, "SPAS-5", "--name", "Rescue 5", "--district", "Kozelsky"
    ).ok()
    team = Store.open(db, read_only=True).team("spas-5")
    assert (team.name, team.home_district) == ("Rescue 5", "kozelsky")
    assert (
        "retired" in DUTYDESK("roster", "retire", "--db", db, "SPAS-5", "--reason", "merged").ok()
    )
    team = Store.open(db, read_only=True).team("SPAS-5")
    assert team.retired and team.status_reason == "merged"
    refused = DUTYDESK("team", "--db", db, "SPAS-5", "alerted", "--incident", "HQ-2026-0001")
    assert "retired" in refused.error_line()
    history = [c.op for c in Store.open(db, read_only=True).history(team.id)]
    assert history == ["create", "update", "update"]  # audited: every roster change is a change


def test_a_committed_team_is_released_before_it_is_retired(
    DUTYDESK: RunDutydesk, db: Path, ref: str
) -> None:
    DUTYDESK("team", "--db", db, "R1", "en_route", "--incident", ref).ok()
    before = files(db)
    line = DUTYDESK("roster", "retire", "--db", db, "R1", "--reason", "x").error_line()
    assert "release it" in line
    assert files(db) == before


def test_a_roster_csv_is_added_whole(DUTYDESK: RunDutydesk, db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "roster.csv"
    csv.write_text(
        "callsign,name,type,home_district,note\n"
        "PCH-7,Fire brigade 7,fire,Kozelsky,\n"
        "EOD-1,Sappers,eod,Бабынинский район,night shift\n",
        encoding="utf-8",
    )
    out = DUTYDESK("roster", "import", "--db", db, csv).ok()
    assert out.splitlines() == [
        "PCH-7 fire kozelsky available Fire brigade 7",
        "EOD-1 eod babyninsky available Sappers",
    ]
    assert Store.open(db, read_only=True).team("EOD-1").note == "night shift"


def test_a_roster_csv_with_a_bad_row_is_refused_whole_naming_the_row(
    DUTYDESK: RunDutydesk, db: Path, tmp_path: Path
) -> None:
    before = files(db)
    for content, says in (
        ("callsign,name,type,home_district\nX-1,X,fire,Kozelsky\nX-2,Y,wizard,Kozelsky\n", "row 3"),
        (
            "callsign,name,type,home_district\nX-1,X,fire,Kozelsky\nR1,again,fire,Kozelsky\n",
            "row 3",
        ),
        ("callsign,name,type,home_district\nX-1,X,fire\n", "row 2"),
        ("callsign,name\nX-1,X\n", "header"),
        ("callsign,name,type,home_district\n", "no teams"),
    ):
        csv = tmp_path / "roster.csv"
        csv.write_text(content, encoding="utf-8")
        line = DUTYDESK("roster", "import", "--db", db, csv).error_line()
        assert says in line, line
        assert files(db) == before


def test_a_laptops_roster_changes_reach_the_office(DUTYDESK: RunDutydesk, tmp_path: Path) -> None:
    office = tmp_path / "HQ.json"
    Store.create(office, "HQ").create_team("R1", "Rescue one", "rescue", "Kaluga")
    laptop = tmp_path / "FL1.json"
    DUTYDESK("init", "--db", laptop, "--station", "FL1").ok()
    DUTYDESK("export", "--db", office, "-o", tmp_path / "hq.bundle").ok()
    DUTYDESK("import", "--db", laptop, tmp_path / "hq.bundle").ok()
    DUTYDESK("roster", "retire", "--db", laptop, "R1", "--reason", "vehicle lost").ok()
    DUTYDESK("export", "--db", laptop, "-o", tmp_path / "fl1.bundle").ok()
    DUTYDESK("import", "--db", office, tmp_path / "fl1.bundle").ok()
    assert Store.open(office, read_only=True).team("R1").retired
