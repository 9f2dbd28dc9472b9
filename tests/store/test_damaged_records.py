"""A stored record that fails validation (edited by hand with the checksum redone, or written by
an older version) never crashes a reader: it is shown marked as damaged, and `check` names it."""

from __future__ import annotations

from pathlib import Path

import pytest
from dutydesk_process import run_dutydesk
from file_edits import hand_edit

from tui.store.store import Store


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, str, str, str]:
    store = Store.create(tmp_path / "duty.json", "HQ", operator="Petrova")
    incident = store.create_incident("Drone shot down", "Sukhinichsky")
    entry = store.append_entry(incident.ref, "Crew on scene")
    team = store.create_team("R1", "Rescue one", "rescue", "Kaluga")
    store.checkpoint()
    hand_edit(
        store.path,
        {
            "incidents": {
                incident.id: {"severity": "apocalyptic", "injured": -3, "occurred_at": "soon"}
            },
            "entries": {entry.id: {"occurred_at": "not-a-time", "kind": 7}},
            "teams": {team.id: {"status": "teleporting"}},
        },
    )
    return store.path, incident.ref, entry.id, team.callsign


def test_readers_show_damaged_records_marked_and_never_crash(
    damaged: tuple[Path, str, str, str],
) -> None:
    path, ref, entry_id, callsign = damaged
    store = Store.open(path, read_only=True)
    incident = store.incident(ref)
    assert "severity" in incident.damaged and "injured" in incident.damaged
    assert (incident.severity, incident.injured, incident.occurred_at) == ("info", None, None)
    assert incident.title == "Drone shot down"  # what was sound is shown as stored
    entry = next(e for e in store.timeline(ref) if e.id == entry_id)
    assert "occurred_at" in entry.damaged and entry.text == "Crew on scene"
    team = store.team(callsign)
    assert team.status == "out_of_service" and "teleporting" in team.damaged
    assert store.state.incidents[incident.id]["severity"] == "apocalyptic"  # the record kept


def test_every_command_works_on_damaged_records_and_check_names_them(
    damaged: tuple[Path, str, str, str],
) -> None:
    path, ref, entry_id, _ = damaged
    listed = run_dutydesk("list", "--db", path).ok()
    assert "DAMAGED RECORD" in listed and ref in listed
    shown = run_dutydesk("show", "--db", path, ref).ok()
    assert "DAMAGED RECORD" in shown and "apocalyptic" in shown and "DAMAGED ENTRY" in shown
    for fmt in ("text", "md", "json"):
        run_dutydesk("report", "--db", path, "--format", fmt).ok()
    run_dutydesk("list", "--db", path, "--json").ok()
    check = run_dutydesk("check", "--db", path)
    assert check.returncode == 1
    assert f"incident {ref} is damaged: severity" in check.stdout
    assert f"timeline entry {entry_id} is damaged: occurred_at" in check.stdout
    assert "is damaged: status" in check.stdout
    # Writes still work, and one that sets the damaged field right mends the record.
    store = Store.open(path)
    store.edit_incident(ref, {"severity": "major", "injured": 0, "occurred_at": None})
    assert store.incident(ref).damaged == ""
