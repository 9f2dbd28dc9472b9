"""Whatever the data holds, the command prints it literally: never an escape that acts on the
terminal, never a stored newline that passes for a field or a timeline entry of its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import orjson
import pytest
from dutydesk_process import RunDutydesk

from tui.model.text import TABLE
from tui.store import bundle
from tui.store.store import Store

NASTY = "Boom\x1b[2J \x07 rlm\u200f rlo\u202eevil ls\u2028 del\x7f c1\x9b"
SPOOF = "first line\n  24.11.2026 10:00  Fake         Note          not an entry\r\nTimeline:"
#: The start of a timeline line in `show`: two spaces, then the date and time of the entry.
ENTRY_LINE = re.compile(r"^  \d\d\.\d\d\.\d{4} \d\d:\d\d  ")


def _raw(output: str) -> list[str]:
    """The characters of the text table in `output` (its own line breaks aside)."""
    return [c for c in output if c != "\n" and ord(c) in TABLE]


@pytest.fixture
def nasty(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "duty.json"
    store = Store.create(path, "HQ")
    ref = store.create_incident(NASTY, "Kaluga", location=NASTY, narrative=SPOOF).ref
    store.append_entry(ref, SPOOF)
    store.create_team("R\x1b[31m1", "Rescue " + NASTY, "rescue", "Kaluga")
    return path, ref


def test_show_prints_stored_newlines_as_continuations(
    DUTYDESK: RunDutydesk, nasty: tuple[Path, str]
) -> None:
    db, ref = nasty
    out = DUTYDESK("show", "--db", db, ref).ok()
    assert not _raw(out)
    lines = out.splitlines()
    timeline = Store.open(db, read_only=True).timeline(ref)
    assert sum(1 for line in lines if ENTRY_LINE.match(line)) == len(timeline)
    assert lines.count("Timeline:") == 1
    assert "␛[2J" in lines[0] and "rlo\ufffdevil" in lines[0]


def test_json_output_escapes_the_table_and_keeps_the_data(
    DUTYDESK: RunDutydesk, nasty: tuple[Path, str]
) -> None:
    db, ref = nasty
    listed = DUTYDESK("list", "--db", db, "--json").ok()
    shown = DUTYDESK("show", "--db", db, ref, "--json").ok()
    assert not _raw(listed) and not _raw(shown)
    assert json.loads(listed)[0]["title"] == NASTY
    assert json.loads(shown)["timeline"][-1]["text"] == SPOOF


def test_list_and_report_lines_are_literal(DUTYDESK: RunDutydesk, nasty: tuple[Path, str]) -> None:
    db, _ = nasty
    for args in (("list",), ("report",), ("report", "--format", "md")):
        out = DUTYDESK(*args, "--db", db).ok()
        assert not _raw(out), args


def test_error_lines_are_literal(DUTYDESK: RunDutydesk, nasty: tuple[Path, str]) -> None:
    """The store's message lists the known call signs, as stored: the line shows them inert."""
    db, _ = nasty
    line = DUTYDESK("team", "--db", db, "R9", "available").error_line()
    assert "R␛[31m1" in line and not _raw(line)
    line = DUTYDESK("status", "--db", db, "HQ-2026-0001", "bo\x1bgus").error_line()
    assert not _raw(line)


def test_an_import_refusal_naming_bundle_data_is_one_literal_line(
    DUTYDESK: RunDutydesk, nasty: tuple[Path, str], tmp_path: Path
) -> None:
    db, _ = nasty
    change = {
        "id": "c1",
        "station": "X",
        "device": "d",
        "seq": 1,
        "hlc": "1764000000000.0000",
        "prev": "",
        "hash": "h",
        "by": "someone",
        "at": "2026-11-24T10:00:00Z",
        "table": "entries\x1b]0;owned\x07",
        "record": "e1",
        "op": "append",
        "before": None,
        "after": {"id": "e1"},
    }
    header = {"format": bundle.FORMAT, "version": bundle.VERSION, "schema": 1, "station": "X"}
    path = tmp_path / "odd.bundle"
    path.write_bytes(bundle.encode(header, [change]))
    assert orjson.loads(path.read_bytes())["changes"][0]["table"] == change["table"]
    line = DUTYDESK("import", "--db", db, path).error_line()
    assert "unknown table 'entries" in line and not _raw(line)
