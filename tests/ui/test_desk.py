"""The desk driven as a person does: Pilot at 80×24, assertions on widgets and on the files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from desk_data import LITERAL_TITLE, frozen, make_store
from pilot_wait import loaded, wait_for
from textual.pilot import Pilot

from tui.model.filters import IncidentFilter
from tui.store.store import Store
from tui.ui.app import DutyDeskApp
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.incident_detail import IncidentDetail, Timeline
from tui.ui.widgets.incident_list import IncidentList
from tui.ui.widgets.team_board import TeamBoard

SIZE = (80, 24)
ROOT = Path(__file__).resolve().parents[2]


def shown_text(app: DutyDeskApp) -> str:
    """What the terminal would show, as plain text (the SVG screenshot's text)."""
    return app.export_screenshot()


def open_app(path: Path, *, read_only: bool = False, **kwargs: object) -> DutyDeskApp:
    store = Store.open(path, read_only=read_only, operator="petrov")
    return DutyDeskApp(store, clock=frozen, **kwargs)  # type: ignore[arg-type]


async def press_moving_focus(pilot: Pilot, key: str) -> None:
    """Press a key that moves the focus, and wait until it has landed (after a refresh: the
    pane it lands in may have to be shown first)."""
    before = pilot.app.focused
    await pilot.press(key)
    await wait_for(pilot, lambda: pilot.app.focused is not before)


async def test_every_pane_reachable_at_80x24(tmp_path: Path) -> None:
    app = open_app(make_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.active_pane == "incidents-pane"
        assert isinstance(app.focused, IncidentList)
        seen = []
        for _ in range(5):
            await press_moving_focus(pilot, "tab")
            seen.append((screen.active_pane, type(app.focused).__name__))
        assert ("detail-pane", "Timeline") in seen
        assert ("teams-pane", "TeamBoard") in seen
        for pane in ("incidents-pane", "detail-pane", "teams-pane"):
            assert ("-active" in screen.query_one(f"#{pane}").classes) == (
                pane == screen.active_pane
            )
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.focused, IncidentList))
        assert screen.query_one("#incidents-pane").display


async def test_arrows_move_the_selection_and_the_detail_follows(tmp_path: Path) -> None:
    app = open_app(make_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        detail = screen.query_one(IncidentDetail)
        refs = [r.ref for r in incidents.rows]
        assert refs == ["HQ-2026-0003", "HQ-2026-0002", "HQ-2026-0001"]  # newest first
        assert detail.incident_id == incidents.rows[0].id
        await pilot.press("down")
        await wait_for(pilot, lambda: detail.incident_id == incidents.rows[1].id)
        await pilot.press("end")
        await wait_for(pilot, lambda: detail.incident_id == incidents.rows[2].id)
        await pilot.press("home")
        await wait_for(pilot, lambda: detail.incident_id == incidents.rows[0].id)
        # The detail of HQ-2026-0003: timeline newest last, the correction marked.
        texts = [str(o.prompt) for o in screen.query_one(Timeline).options]
        assert "Debris in a field" in texts[0]
        assert any("CORRECTED" in t and "Site cordoned off" in t for t in texts)
        assert any("corrects the" in t and "Cordon 200 m" in t for t in texts)
        fields = str(screen.query_one("#detail-fields").render())
        assert "Injured     unknown" in fields
        assert "EOD-2" in fields
        await pilot.press("end")
        await wait_for(pilot, lambda: detail.incident_id == incidents.rows[2].id)
        fields = str(screen.query_one("#detail-fields").render())
        assert "Injured     0" in fields  # 0 is not "unknown"


@pytest.mark.slow
async def test_live_text_filter_keeps_the_selection(tmp_path: Path) -> None:
    app = open_app(make_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        await pilot.press("down")  # HQ-2026-0002, the UAV crash
        await pilot.press("shift+tab")
        await pilot.pause()
        await pilot.press(*"uav")
        await pilot.pause()
        assert [r.ref for r in incidents.rows] == ["HQ-2026-0002"]
        assert incidents.where == IncidentFilter(text="uav")
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"бабынин")  # the district's Russian name
        await pilot.pause()
        assert [r.ref for r in incidents.rows] == ["HQ-2026-0002"]
        screen.action_clear_filter()
        await pilot.pause()
        assert len(incidents.rows) == 3
        assert incidents.selected_id == incidents.rows[1].id


async def test_another_process_write_appears_without_a_key(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    app = open_app(path, read_only=True, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        await pilot.press("down")
        selected = incidents.rows[1].id
        await wait_for(pilot, lambda: screen.query_one(IncidentDetail).incident_id == selected)
        script = (
            "import sys; from tui.store.store import Store; "
            "s = Store.open(sys.argv[1], operator='sidorov'); "
            "s.append_entry(sys.argv[2], 'Traffic diversion lifted', kind='action'); "
            "s.create_incident('Power line down', 'Obninsk')"
        )
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-c", script, str(path), "HQ-2026-0002"],
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        saved = time.monotonic()
        timeline = screen.query_one(Timeline)
        await wait_for(
            pilot,
            lambda: any("Traffic diversion lifted" in str(o.prompt) for o in timeline.options),
            timeout=2.0,
        )
        await wait_for(pilot, lambda: len(incidents.rows) == 4, timeout=2.0)
        assert time.monotonic() - saved < 1.5, time.monotonic() - started
        assert incidents.selected_id == selected  # the cursor stayed on its incident


WRITE_KEYS = ["n", "e", "l", "s", "d", "u", "c", "ctrl+s", "enter"]


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.slow
async def test_read_only_session_never_writes(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    lock = path.with_name(path.name + ".lock")
    lock.unlink(missing_ok=True)
    before = _files(tmp_path)
    app = open_app(path, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        for _ in range(4):  # the list, the fields, the timeline, the team board
            await pilot.press(*WRITE_KEYS)
            # Nothing may open a form over the desk in a read-only session.
            assert app.screen is screen
            await pilot.press("tab")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"new incident", "enter")
        await pilot.pause(0.3)
        forms = {type(s).__name__ for s in app.screen_stack}
        assert not forms & {"NewIncidentForm", "QuickLogForm", "EditIncidentForm", "RegimeForm"}
        while app.screen is not screen:
            await pilot.press("escape")
            await pilot.pause()
        assert "READ-ONLY" in shown_text(app)
        visible = {b.binding.description for b in app.active_bindings.values() if b.binding.show}
        assert not visible & {"New", "Edit", "Log", "Status", "Dispatch", "Team"}
    assert _files(tmp_path) == before
    assert not lock.exists()


async def test_data_is_shown_literally(tmp_path: Path) -> None:
    app = open_app(make_store(tmp_path, literal=True))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        assert incidents.rows[0].title == "[red]x[/red] ␛[2J bell␇ cr␍ end"
        fields = screen.query_one("#detail-fields").render()
        assert "[red]x[/red]" in str(fields)
        assert "\x1b" not in str(fields) and "\x07" not in str(fields)
        svg = shown_text(app)
        assert "[red]x[/red]" in svg.replace("&#160;", " ")
        assert "\x1b" not in svg
        assert LITERAL_TITLE not in svg


async def test_help_lists_the_keys_including_rebound_ones(tmp_path: Path) -> None:
    app = open_app(make_store(tmp_path), keymap={"incident.new": "N"})
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict((d, k) for k, d in app.screen.keys)
        for description in ("New", "Edit", "Log", "Status", "Dispatch", "Team", "Filter"):
            assert description in keys
        assert keys["New"] == "N"
        assert ("q", "Quit") in app.screen.keys
        assert "Next pane" in keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_team_board_flags_overdue_in_words(tmp_path: Path) -> None:
    app = open_app(make_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        board = screen.query_one(TeamBoard)
        lines = [str(board.render_row(i, 80)) for i in range(board.row_count)]
        eod = next(line for line in lines if "EOD-2" in line)
        assert "⚠ OVERDUE" in eod and "HQ-2026-0003" in eod and "alerted" in eod
        assert not any("OVERDUE" in line for line in lines if "Rescue-1" in line)


async def test_palette_offers_only_what_applies(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        titles = [c.title for c in screen.palette_commands()]
        assert "New incident" in titles and "Change operating regime" in titles
        assert "Clear filter" not in titles
        assert any(t.startswith("Edit incident on HQ-2026-") for t in titles)
    app = open_app(path, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        titles = [c.title for c in screen.palette_commands()]
        assert titles and "Filter incidents" in titles
        assert not {"New incident", "Duty-log entry", "Change operating regime"} & set(titles)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_snapshot_main_screen(tmp_path: Path, snap_compare: Callable[..., bool], size) -> None:
    path = make_store(tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await loaded(pilot)
        await pilot.press("down")
        await wait_for(
            pilot,
            lambda: (
                pilot.app.main.query_one(IncidentDetail).incident_id  # type: ignore[union-attr]
                == pilot.app.main.query_one(IncidentList).rows[1].id
            ),  # type: ignore[union-attr]
        )
        await pilot.pause()

    assert snap_compare(open_app(path), terminal_size=size, run_before=run_before)


@pytest.mark.slow
async def test_a_saved_form_refreshes_and_selects_the_new_incident(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        await pilot.press("down", "down")
        await pilot.press("n")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "NewIncidentForm")
        await pilot.press(*"Gas leak at school")
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press(*"Obninsk")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: len(incidents.rows) == 4)
        selected = incidents.rows[incidents.cursor]
        assert selected.title == "Gas leak at school"
        await wait_for(pilot, lambda: screen.query_one(IncidentDetail).incident_id == selected.id)
    assert Store.open(path, read_only=True).incident(selected.ref).title == "Gas leak at school"
