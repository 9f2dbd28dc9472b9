"""The desk while other processes write: only what changed is built and drawn again, and what
the officer must know about the data itself (the clock, a damaged record) is on the desk."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from archived import archived_db
from desk_data import NOW, frozen, make_store
from file_edits import hand_edit
from pilot_wait import loaded, wait_for
from textual.widgets import Input, Select
from textual.widgets._toast import Toast

from tui.model.filters import IncidentFilter
from tui.model.records import Team
from tui.store.archive import archive_path
from tui.store.store import Store
from tui.ui.app import DutyDeskApp
from tui.ui.forms.dispatch import DispatchForm
from tui.ui.forms.fields import KeyHint
from tui.ui.snapshot import DeskSnapshot
from tui.ui.widgets.incident_detail import IncidentDetail
from tui.ui.widgets.incident_list import IncidentList
from tui.ui.widgets.team_board import TeamBoard

SIZE = (80, 24)
ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from tui.store.store import Store
store = Store.open(sys.argv[1], operator="sidorov")
if sys.argv[2] == "note":
    store.append_entry(sys.argv[3], sys.argv[4])
else:
    store.create_incident(sys.argv[3], sys.argv[4])
"""


def write_elsewhere(path: Path, *args: str) -> None:
    """Another process's save, acknowledged (durable) when this returns."""
    subprocess.run([sys.executable, "-c", WRITER, str(path), *args], check=True, cwd=ROOT)


def stored_team(path: Path, callsign: str) -> Team:
    """The team as the files hold it now."""
    return Store.open(path, read_only=True).team(callsign)


def toasts(app: DutyDeskApp) -> str:
    """The text of the notifications on screen, as the officer reads them."""
    return " ".join(str(toast.render()) for toast in app.screen.query(Toast)).replace("\n", " ")


def recording(app: DutyDeskApp) -> list[DeskSnapshot]:
    """Every snapshot the desk applies from now on."""
    screen = app.main
    assert screen is not None
    seen: list[DeskSnapshot] = []
    apply = screen.apply_snapshot

    def recorded(snapshot: DeskSnapshot) -> None:
        seen.append(snapshot)
        apply(snapshot)

    screen.apply_snapshot = recorded  # type: ignore[method-assign]
    return seen


async def test_a_save_elsewhere_builds_only_the_rows_it_touched(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    app = DutyDeskApp(Store.open(path, read_only=True), clock=frozen, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        detail = screen.query_one(IncidentDetail)
        rows_before = list(incidents.all_rows)
        selected = incidents.selected_id
        assert selected is not None
        seen = recording(app)

        write_elsewhere(path, "note", selected, "Road reopened at 15:10")
        await wait_for(pilot, lambda: any("15:10" in e.text for e in detail.entries))
        assert seen and not any(s.full for s in seen)  # a change list, not the whole desk
        assert all(not s.rows for s in seen)  # a note changes no row of the list
        assert all(a is b for a, b in zip(incidents.all_rows, rows_before, strict=True))

        write_elsewhere(path, "incident", "Flooded underpass on Lenin St", "Obninsk")
        await wait_for(pilot, lambda: any("Flooded" in r.title for r in incidents.all_rows))
        rows = incidents.all_rows
        assert [r.order for r in rows] == sorted((r.order for r in rows), reverse=True)
        new = [r for r in rows if "Flooded" in r.title]
        assert len(new) == 1 and rows.index(new[0]) == 0  # reported now: newest first
        assert all(a is b for a, b in zip(rows[1:], rows_before, strict=True))  # built once
        assert incidents.selected_id == selected  # the officer's place is kept
        assert not any(s.full for s in seen)


async def test_a_status_change_elsewhere_redraws_that_row_and_the_board(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    app = DutyDeskApp(Store.open(path, read_only=True), clock=frozen, poll_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        board = screen.query_one(TeamBoard)
        target = incidents.all_rows[1]
        writer = Store.open(path, operator="sidorov")
        writer.set_team_status("Fire-7", "returning")
        writer.change_status(target.ref, "monitoring")
        await wait_for(pilot, lambda: incidents.all_rows[1].status == "monitoring")
        await wait_for(
            pilot,
            lambda: any(r.callsign == "Fire-7" and r.status == "returning" for r in board.rows),
        )
        assert incidents.all_rows[0] is not target and incidents.all_rows[1] is not target


async def test_a_clock_far_behind_the_data_is_said_on_the_desk(tmp_path: Path) -> None:
    path = make_store(tmp_path)

    def behind() -> object:
        return NOW - timedelta(days=2)

    store = Store.open(path, read_only=True, clock=behind)  # type: ignore[arg-type]
    app = DutyDeskApp(store, clock=frozen)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: "2 d behind" in toasts(app))
        assert "check the system clock" in toasts(app)


async def test_a_damaged_record_is_marked_in_the_list_and_the_detail(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    store = Store.open(path, operator="ivanov", clock=frozen)
    damaged_id = next(i.id for i in store.incidents() if i.title.startswith("UAV crash"))
    store.checkpoint()
    hand_edit(path, {"incidents": {damaged_id: {"severity": "apocalyptic"}}})
    app = DutyDeskApp(Store.open(path, read_only=True), clock=frozen)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        index = next(i for i, r in enumerate(incidents.rows) if r.id == damaged_id)
        line = incidents.render_row(index, 80).plain
        assert "DAMAGED RECORD UAV crash" in line
        incidents.select_id(damaged_id)
        detail = screen.query_one(IncidentDetail)
        await wait_for(pilot, lambda: detail.incident_id == damaged_id)
        fields = str(screen.query_one("#detail-fields").render())
        assert "DAMAGED RECORD" in fields and "severity" in fields


async def test_a_rebound_key_is_named_rebound_in_the_forms_text(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    store = Store.open(path, operator="ivanov", clock=frozen)
    app = DutyDeskApp(store, clock=frozen, keymap={"form.save": "ctrl+r"})
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        screen.action_handover()
        await wait_for(pilot, lambda: bool(app.screen.query(KeyHint)))
        hint = app.screen.query_one(KeyHint)
        await wait_for(pilot, lambda: "records the handover" in str(hint.render()))
        assert "^r records the handover" in str(hint.render())
        assert "ctrl+s" not in str(hint.render())


async def test_a_journal_damaged_while_open_is_said_with_what_to_do(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    journal = path.with_name(path.name + ".journal")
    app = DutyDeskApp(Store.open(path, read_only=True), clock=frozen, poll_interval=0.05)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        with journal.open("r+b") as damaged:  # a restore from an older copy, say
            damaged.truncate(journal.stat().st_size // 2)
        await wait_for(pilot, lambda: "check --repair" in toasts(app))
        assert "journal" in toasts(app)


async def test_a_search_over_an_archive_of_another_database_warns_and_leaves_it_out(
    tmp_path: Path,
) -> None:
    ours = archived_db(tmp_path / "ours", "HQ")
    theirs = archived_db(tmp_path / "theirs", "HQ")  # same station code, another database
    shutil.copy(archive_path(theirs.path, 2025), archive_path(ours.path, 2025))
    app = DutyDeskApp(Store.open(ours.path, read_only=True), clock=frozen)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await loaded(pilot)
        screen.set_filter(IncidentFilter(text="fire"))  # a search reaches the archives
        await wait_for(pilot, lambda: "another database" in toasts(app))
        titles = [r.title for r in screen.query_one(IncidentList).rows]
        assert titles == ["Live fire"]  # the foreign archive's "Old fire at HQ" is left out


async def test_a_retired_team_leaves_the_board_and_the_dispatch_choices(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    Store.open(path, operator="ivanov", clock=frozen).retire_team("Rescue-1", "vehicle lost")
    app = DutyDeskApp(Store.open(path, operator="ivanov", clock=frozen), clock=frozen)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        board = screen.query_one(TeamBoard)
        assert [r.callsign for r in board.rows] == ["EOD-2", "Fire-7"]
        screen.action_dispatch()
        await wait_for(pilot, lambda: isinstance(app.screen, DispatchForm))
        form = app.screen
        assert isinstance(form, DispatchForm)
        assert "Rescue-1" not in [t.callsign for t in form.available]


async def test_the_roster_is_kept_from_the_desk(tmp_path: Path) -> None:
    """Add a team, edit it, retire it: from the palette's actions, typed as an officer types."""
    path = make_store(tmp_path)
    app = DutyDeskApp(Store.open(path, operator="ivanov", clock=frozen), clock=frozen)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        board = screen.query_one(TeamBoard)
        titles = [c.title for c in screen.palette_commands()]
        assert {"Add a team", "Edit a team", "Retire a team"} <= set(titles)

        screen.action_add_team()
        await wait_for(pilot, lambda: bool(app.screen.query("RosterTeamForm #callsign")))
        await pilot.press(*"SPAS-5", "tab", *"Rescue five", "tab", "tab", *"Kozelsky", "ctrl+s")
        await wait_for(pilot, lambda: "SPAS-5" in [r.callsign for r in board.rows])
        team = Store.open(path, read_only=True).team("SPAS-5")
        assert (team.name, team.home_district, team.status) == (
            "Rescue five",
            "kozelsky",
            "available",
        )

        board.move_cursor(next(i for i, r in enumerate(board.rows) if r.callsign == "SPAS-5"))
        screen.action_edit_team()
        await wait_for(pilot, lambda: bool(app.screen.query("RosterTeamForm #name")))
        name = app.screen.query_one("#name", Input)
        assert name.value == "Rescue five"
        name.value = "Rescue 5"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: Store.open(path, read_only=True).team("SPAS-5").name == "Rescue 5"
        )

        screen.action_retire_team()
        await wait_for(pilot, lambda: bool(app.screen.query("RetireTeamForm #reason")))
        app.screen.query_one("#team", Select).value = team.id
        app.screen.query_one("#reason", Input).focus()
        await pilot.press(*"merged", "ctrl+s")
        await wait_for(pilot, lambda: "SPAS-5" not in [r.callsign for r in board.rows])
        assert Store.open(path, read_only=True).team("SPAS-5").retired
