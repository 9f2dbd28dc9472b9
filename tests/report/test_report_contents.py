"""What the shift report contains, on the sample and on databases built through the Store API."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from reporthelp import FROZEN_NOW, MovableClock, new_db, open_sample

from tui.model.text import TABLE, printable
from tui.report import FORMATS, build_shift_report, render
from tui.report.render_md import escape
from tui.report.shift import (
    BASIS_DEFAULT_WINDOW,
    BASIS_GIVEN,
    BASIS_SHIFT_CHANGE,
    ReportPeriodError,
)
from tui.store.store import Store

T0 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def section(text: str, title: str) -> str:
    """The part of a text report under a level-2 heading, up to the next one."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    rest = lines[start + 2 :]
    end = next(
        (i for i in range(1, len(rest)) if set(rest[i]) == {"-"} and rest[i - 1]),
        len(rest) + 1,
    )
    return "\n".join(rest[: end - 1])


# -- the sample --------------------------------------------------------------------------------


def test_sample_period_is_the_current_shift(sample_store: Store) -> None:
    report = build_shift_report(sample_store)
    assert report.basis == BASIS_SHIFT_CHANGE
    assert report.since == datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 08:00 MSK handover
    assert report.until == FROZEN_NOW
    assert [o.officer for o in report.on_duty] == ["Sidorov K."]
    assert report.regime.value == "heightened_readiness"
    assert report.regime_changes == ()  # changed at 06:45, in the night shift


def test_every_open_incident_of_the_sample_appears(sample_store: Store) -> None:
    report = build_shift_report(sample_store)
    open_refs = {i.ref for i in sample_store.incidents(status="open")}
    assert open_refs == {"HQ-2026-0006", "HQ-2026-0007", "HQ-2026-0008"}
    assert {i.ref for i in report.incidents.open} == open_refs
    for fmt in FORMATS:
        output = render(report, fmt)
        for ref in open_refs:
            assert ref in output, (fmt, ref)


def test_sample_overdue_and_out_of_service(sample_store: Store) -> None:
    report = build_shift_report(sample_store)
    assert [t.callsign for t in report.overdue] == ["EOD-1"]
    assert report.overdue[0].overdue_by == timedelta(minutes=30)
    assert [t.callsign for t in report.out_of_service] == ["ENERGO-1"]
    text = render(report, "text")
    assert "EOD-1" in section(text, "Overdue check-ins")
    assert "hydraulics" in section(text, "Out of service")
    board = section(text, "Team board")
    eod = next(line for line in board.splitlines() if line.startswith("EOD-1"))
    assert "OVERDUE" in eod  # flagged in words, not by colour
    smp = next(line for line in board.splitlines() if line.startswith("SMP-2"))
    assert "OVERDUE" not in smp  # due 13:20, not yet


def test_sample_casualties_count_unknown_apart(sample_store: Store) -> None:
    """The Medyn accident's casualties are unknown: not 0, and not lost either."""
    casualties = build_shift_report(sample_store).casualties
    assert (casualties.incidents, casualties.injured, casualties.injured_unknown) == (3, 0, 1)
    assert (casualties.dead, casualties.dead_unknown) == (0, 1)


def test_default_period_without_a_shift_change_is_twelve_hours(tmp_path: Path) -> None:
    store, _ = new_db(tmp_path, T0)
    store.create_incident("Fire", "Kozelsky", severity="minor")
    report = build_shift_report(store)
    assert report.basis == BASIS_DEFAULT_WINDOW
    assert report.until - report.since == timedelta(hours=12)
    assert report.on_duty == ()
    assert "no shift change in the duty log" in render(report, "text")


def test_given_period_and_shift_changes_inside_it(tmp_path: Path) -> None:
    store, clock = new_db(tmp_path, T0)
    store.append_entry(None, "Shift handed over: A → Night Officer", kind="shift_change")
    clock.advance(hours=12)
    store.append_entry(None, "Shift handed over: Night Officer → Day Officer", kind="shift_change")
    clock.advance(hours=1)
    report = build_shift_report(store, since=T0 + timedelta(hours=1))
    assert report.basis == BASIS_GIVEN
    assert [o.officer for o in report.on_duty] == ["Night Officer", "Day Officer"]
    default = build_shift_report(store)
    assert default.since == T0 + timedelta(hours=12)
    with pytest.raises(ReportPeriodError):
        build_shift_report(store, since=T0 + timedelta(hours=2), until=T0)


# -- a generated database ------------------------------------------------------------------------


def build_many(store: Store, clock: MovableClock) -> None:
    """Sixty incidents over three weeks in every status, a few of them drills; two teams."""
    store.create_team("R-1", "Rescue one", "rescue", "Kaluga")
    store.create_team("F-1", "Fire one", "fire", "Obninsk")
    statuses = ["new", "active", "monitoring", "closed", "cancelled"]
    for n in range(60):
        clock.advance(hours=8)
        ref = store.create_incident(
            f"Incident {n} — пожар номер {n}",
            ["Kaluga", "Obninsk", "Сухиничский"][n % 3],
            kind="fire",
            severity=["info", "minor", "moderate", "major", "critical"][n % 5],
            exercise=n % 7 == 0,
            injured=None if n % 4 == 0 else n % 3,
        ).ref
        target = statuses[n % 5]
        if target in ("active", "monitoring", "closed"):
            store.change_status(ref, "active")
        if target == "monitoring":
            store.change_status(ref, "monitoring", reason="watching")
        if target == "closed":
            store.change_status(ref, "closed")
        if target == "cancelled":
            store.change_status(ref, "cancelled", reason="false alarm")
        if n == 55:
            store.dispatch_team("R-1", ref, check_in_due=clock.now + timedelta(hours=1))


@pytest.fixture
def many(tmp_path: Path) -> Store:
    store, clock = new_db(tmp_path, T0 - timedelta(days=21))
    build_many(store, clock)
    clock.advance(hours=4)
    return Store.open(store.path, read_only=True, clock=clock)


def test_every_open_incident_of_a_generated_db_appears(many: Store) -> None:
    report = build_shift_report(many)
    open_refs = {i.ref for i in many.incidents(status="open")}
    assert len(open_refs) == 36
    reported = {i.ref for i in (*report.incidents.open, *report.exercises.open)}
    assert reported == open_refs
    outputs = {fmt: render(report, fmt) for fmt in FORMATS}
    for ref in open_refs:
        for fmt, output in outputs.items():
            assert ref in output, (fmt, ref)
    data = json.loads(outputs["json"])
    in_json = {i["ref"] for i in data["open_incidents"] + data["exercises"]["open_incidents"]}
    assert in_json == open_refs


def test_open_incidents_most_severe_first(many: Store) -> None:
    ranks = ["info", "minor", "moderate", "major", "critical"]
    shown = [ranks.index(i.severity) for i in build_shift_report(many).incidents.open]
    assert shown == sorted(shown, reverse=True)


def test_period_lists_cover_archived_incidents(tmp_path: Path) -> None:
    """Closed incidents moved to the yearly archive still count as closed in a long period."""
    store, clock = new_db(tmp_path, T0 - timedelta(days=21))
    build_many(store, clock)
    clock.advance(days=30)
    assert store.archive(force=True) > 0
    since = T0 - timedelta(days=22)
    report = build_shift_report(store, since=since)
    closed = {i.ref for i in store.incidents(status="closed", archived=True)}
    assert {i.ref for i in (*report.incidents.closed, *report.exercises.closed)} == closed


def test_exercises_are_listed_apart(many: Store) -> None:
    report = build_shift_report(many)
    assert report.exercises.open
    assert all(
        i.exercise
        for g in ("open", "opened", "closed", "cancelled")
        for i in getattr(report.exercises, g)
    )
    assert not any(i.exercise for i in report.incidents.open)
    text = render(report, "text")
    drills = section(text, "Exercises")
    real = text.split("\nExercises (drills")[0]
    for incident in report.exercises.open:
        assert incident.ref in drills
        assert incident.ref not in real
    data = json.loads(render(report, "json"))
    assert {i["ref"] for i in data["exercises"]["open_incidents"]} == {
        i.ref for i in report.exercises.open
    }
    assert not any(i["exercise"] for i in data["open_incidents"])


def test_unknown_casualties_are_counted_apart_from_zero(tmp_path: Path) -> None:
    store, clock = new_db(tmp_path, T0)
    store.create_incident("Known none", "Kaluga", injured=0, dead=0)
    store.create_incident("Known some", "Kaluga", injured=2, dead=1)
    store.create_incident("Unknown", "Kaluga")  # casualties not yet known
    store.create_incident("Drill", "Kaluga", injured=7, dead=7, exercise=True)
    clock.advance(minutes=5)
    report = build_shift_report(store)
    c = report.casualties
    assert (c.incidents, c.injured, c.injured_unknown, c.dead, c.dead_unknown) == (3, 2, 1, 1, 1)
    text = render(report, "text")
    assert "2 known; unknown in 1 of 3 incidents" in text
    assert "injured unknown, dead unknown" in text
    assert "injured 0, dead 0" in text
    data = json.loads(render(report, "json"))
    assert data["casualties"]["injured"] == {"known_total": 2, "unknown_in": 1}
    by_title = {i["title"]: i for i in data["open_incidents"]}
    assert by_title["Unknown"]["injured"] is None
    assert by_title["Known none"]["injured"] == 0


# -- data shown literally ------------------------------------------------------------------------

NASTY = "[red]Boom[/red] \x1b[31mred\x1b[0m \x07bell a|b *x* <b>\u202egnp\r\nnext"


@pytest.fixture
def nasty(tmp_path: Path) -> Store:
    store, clock = new_db(tmp_path, T0)
    store.create_team("T|1", "Team " + NASTY, "rescue", "Kaluga")
    ref = store.create_incident(NASTY[:150], "Kaluga", location=NASTY).ref
    store.append_entry(ref, NASTY)
    store.append_entry(None, NASTY)
    store.dispatch_team("T|1", ref)
    clock.advance(minutes=1)
    return store


def test_control_characters_never_reach_the_output(nasty: Store) -> None:
    report = build_shift_report(nasty)
    for fmt in FORMATS:
        output = render(report, fmt)
        assert not CONTROL.search(output), fmt
        assert "\u2028" not in output and "\u2029" not in output


def test_no_character_of_the_table_reaches_any_format(nasty: Store) -> None:
    """Bidi marks, line separators and private-use code points too, in JSON as escapes."""
    odd = "rlm\u200f lrm\u200e alm\u061c ls\u2028 ps\u2029 pua\ue000 fsi\u2068x\u2069"
    nasty.append_entry(None, odd)
    report = build_shift_report(nasty)
    for fmt in FORMATS:
        output = render(report, fmt)
        assert not [c for c in output if (c != "\n" and ord(c) in TABLE) or c == "\ue000"], fmt
    assert json.loads(render(report, "json"))["duty_log"][-1]["text"] == odd


def test_markup_stays_literal_in_text(nasty: Store) -> None:
    text = render(build_shift_report(nasty), "text")
    assert "[red]Boom[/red]" in text
    assert "␛[31mred" in text  # ESC shown as a visible symbol
    assert all(len(line) <= 80 for line in text.splitlines())


def test_markdown_escapes_markup_and_table_pipes(nasty: Store) -> None:
    md = render(build_shift_report(nasty), "md")
    assert r"\[red\]Boom\[/red\]" in md
    assert "[red]" not in md.replace(r"\[red\]", "")
    assert r"a\|b" in md and r"\*x\*" in md and r"\<b\>" in md
    for line in md.splitlines():
        if line.startswith("| "):
            # Unescaped pipes are exactly the cell borders: 4 columns -> 5, 5 columns -> 6.
            borders = len(re.findall(r"(?<!\\)\|", line))
            assert borders in (5, 6), line


def test_json_carries_the_data_exactly(nasty: Store) -> None:
    data = json.loads(render(build_shift_report(nasty), "json"))
    incident = data["open_incidents"][0]
    assert incident["location"] == NASTY.strip()
    assert data["duty_log"][0]["text"] == NASTY.strip()


def test_escape_is_printable_first() -> None:
    assert escape("a\x1bb|c") == printable("a\x1bb", single_line=True) + r"\|c"


def test_report_reads_nothing_after_build(tmp_path: Path) -> None:
    """Rendering is pure: the report renders the same after its database is gone."""
    store = open_sample(tmp_path)
    report = build_shift_report(store)
    before = {fmt: render(report, fmt) for fmt in FORMATS}
    for path in tmp_path.iterdir():
        path.unlink()
    assert {fmt: render(report, fmt) for fmt in FORMATS} == before
