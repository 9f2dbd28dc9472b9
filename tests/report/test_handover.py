"""The handover: every open item is put to the incoming officer, and the answers reach the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reporthelp import FROZEN_NOW, copy_sample

from tui.report.handover import handover_items
from tui.store.errors import InvalidInputError
from tui.store.store import Store


@pytest.fixture
def desk(tmp_path: Path) -> Store:
    return Store.open(copy_sample(tmp_path), operator="Sidorov K.", clock=lambda: FROZEN_NOW)


def test_items_cover_open_incidents_overdue_and_out_of_service(desk: Store) -> None:
    items = handover_items(desk)
    kinds = [item.kind for item in items]
    open_refs = {i.ref for i in desk.incidents(status="open")}
    assert {ref for ref in open_refs if any(ref in item.label for item in items)} == open_refs
    assert kinds.count("overdue") == 1 and "EOD-1" in items[kinds.index("overdue")].label
    assert kinds.count("out_of_service") == 1
    assert "ENERGO-1" in items[kinds.index("out_of_service")].label


def test_handover_records_answers_and_keeps_unacknowledged_items(desk: Store) -> None:
    items = handover_items(desk)
    overdue = next(item for item in items if item.kind == "overdue")
    acknowledged = [item.as_doc() for item in items if item is not overdue]
    refused = [{**overdue.as_doc(), "reason": "no radio contact yet"}]
    desk.record_handover("Ivanova M.", acknowledged, refused)
    assert desk.operator == "Ivanova M."

    seen = Store.open(desk.path, read_only=True)
    entry = seen.timeline(None)[-1]
    assert entry.kind == "shift_change" and entry.author == "Ivanova M."
    assert entry.text.startswith("Shift handed over: Sidorov K. → Ivanova M.")
    assert f"{len(acknowledged)} of {len(items)} open items acknowledged" in entry.text
    assert entry.data is not None and entry.data["to"] == "Ivanova M."
    assert entry.data["unacknowledged"][0]["reason"] == "no radio contact yet"
    assert [p["key"] for p in seen.handover_pending()] == [overdue.key]

    # The next shift still sees it flagged, until someone acknowledges it.
    assert overdue.key in {item.key for item in handover_items(seen)}
    desk.acknowledge_pending(overdue.key, "EOD-1 called in at 13:10")
    assert Store.open(desk.path, read_only=True).handover_pending() == []


def test_an_unacknowledged_item_needs_a_reason_and_nothing_is_written(desk: Store) -> None:
    before = desk.journal.read_bytes()
    item = handover_items(desk)[0]
    with pytest.raises(InvalidInputError, match="why"):
        desk.record_handover("Ivanova M.", [], [{**item.as_doc(), "reason": " "}])
    with pytest.raises(InvalidInputError, match="incoming officer"):
        desk.record_handover(" ", [], [])
    assert desk.journal.read_bytes() == before and desk.operator == "Sidorov K."


def test_cli_handover_asks_each_item_and_stops_cleanly_on_eof(tmp_path: Path) -> None:
    db = copy_sample(tmp_path)
    command = [sys.executable, "-m", "tui", "handover", "--db", str(db), "--to", "Ivanova M."]
    before = (db.read_bytes(), (tmp_path / f"{db.name}.journal").read_bytes())
    cut = subprocess.run(command, input="y\n", capture_output=True, text=True, timeout=60)
    assert cut.returncode == 1 and "handover not recorded" in cut.stderr
    assert (db.read_bytes(), (tmp_path / f"{db.name}.journal").read_bytes()) == before

    answers = "y\n" * 20
    done = subprocess.run(command, input=answers, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "→ Ivanova M." in done.stdout
    last = Store.open(db, read_only=True).timeline(None)[-1]
    assert last.kind == "shift_change" and last.data and last.data["to"] == "Ivanova M."
