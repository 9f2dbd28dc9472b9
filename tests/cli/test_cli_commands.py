"""The commands that do one thing and exit: what they print, and what they store."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from dutydesk_process import RunDutydesk, child_env

from tui.store.store import Store

REF_RE = re.compile(r"^(?P<station>[A-Z][A-Z0-9]*)-(?P<year>\d{4})-(?P<number>\d{4,})$")
LIST_KEYS = {"ref", "id", "title", "district", "status", "severity", "reported_at"}


def test_new_prints_a_reference(DUTYDESK: RunDutydesk, db: Path) -> None:
    out = DUTYDESK(
        "new", "--db", db, "--title", "Second drone", "--district", "Babyninsky District"
    ).ok()
    match = REF_RE.match(out.strip())
    assert match, out
    assert match["station"] == "HQ" and match["number"] == "0002"
    assert abs(int(match["year"]) - datetime.now(UTC).year) <= 1
    stored = Store.open(db, read_only=True).incident(out.strip())
    assert stored.title == "Second drone" and stored.district == "babyninsky"


def test_new_on_a_missing_file_creates_it_with_station_hq(
    DUTYDESK: RunDutydesk, tmp_path: Path
) -> None:
    db = tmp_path / "sub" / "duty.json"
    out = DUTYDESK("new", "--db", db, "--title", "first", "--district", "Kaluga").ok()
    match = REF_RE.match(out.strip())
    assert match and match["station"] == "HQ"
    assert out.strip().endswith("-0001")
    assert Store.open(db, read_only=True).station == "HQ"


def test_new_station_from_option_and_environment(DUTYDESK: RunDutydesk, tmp_path: Path) -> None:
    by_option = tmp_path / "a.json"
    out = DUTYDESK(
        "new", "--db", by_option, "--station", "FL1", "--title", "t", "--district", "Kaluga"
    ).ok()
    assert out.startswith("FL1-")
    assert Store.open(by_option, read_only=True).station == "FL1"

    by_env = tmp_path / "b.json"
    out = DUTYDESK(
        "new",
        "--db",
        by_env,
        "--title",
        "t",
        "--district",
        "Kaluga",
        env=child_env(DUTYDESK_STATION="FL2"),
    ).ok()
    assert out.startswith("FL2-")
    assert Store.open(by_env, read_only=True).station == "FL2"


def test_log_prints_the_entry_id(DUTYDESK: RunDutydesk, db: Path, ref: str) -> None:
    out = DUTYDESK("log", "--db", db, "--incident", ref, "crew", "on", "scene").ok()
    entry_id = out.strip()
    assert re.fullmatch(r"[0-9a-f]{32}", entry_id), out
    entry = Store.open(db, read_only=True).entry(entry_id)
    assert entry.text == "crew on scene"
    general = DUTYDESK("log", "--db", db, "--at", "-15m", "shift", "change").ok().strip()
    assert Store.open(db, read_only=True).entry(general).incident is None


def test_list_json_fields(DUTYDESK: RunDutydesk, db: Path, ref: str) -> None:
    rows = json.loads(DUTYDESK("list", "--db", db, "--json").ok())
    assert isinstance(rows, list) and len(rows) == 1
    assert set(rows[0]) >= LIST_KEYS
    assert rows[0]["ref"] == ref
    assert rows[0]["title"] == "Drone shot down"
    assert rows[0]["status"] == "new"
    assert rows[0]["district"] == "sukhinichsky"


def test_list_text_and_status_filter(DUTYDESK: RunDutydesk, db: Path, ref: str) -> None:
    assert ref in DUTYDESK("list", "--db", db).ok()
    assert ref in DUTYDESK("list", "--db", db, "--status", "open").ok()
    assert DUTYDESK("list", "--db", db, "--status", "closed").ok() == ""


def test_show_json_has_the_timeline(DUTYDESK: RunDutydesk, db: Path, ref: str) -> None:
    DUTYDESK("log", "--db", db, "--incident", ref, "second entry").ok()
    doc = json.loads(DUTYDESK("show", ref.lower(), "--db", db, "--json").ok())
    assert doc["ref"] == ref
    assert [e["text"] for e in doc["timeline"]] == ["Drone shot down", "second entry"]
    assert "Timeline:" in DUTYDESK("show", ref, "--db", db).ok()


def test_status_and_team(DUTYDESK: RunDutydesk, db: Path, ref: str) -> None:
    assert DUTYDESK("status", "--db", db, ref, "active").ok().split() == [ref, "active"]
    team = DUTYDESK("team", "--db", db, "R1", "alerted", "--incident", ref, "--check-in", "+30m")
    assert team.ok().split() == ["R1", "alerted", ref]
    out = DUTYDESK("status", "--db", db, ref, "cancelled", "--reason", "false alarm").ok()
    assert out.split() == [ref, "cancelled"]


def test_check_reports_ok(DUTYDESK: RunDutydesk, db: Path) -> None:
    assert "OK" in DUTYDESK("check", "--db", db).ok()
