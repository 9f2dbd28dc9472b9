"""The shift report (`r`) and the handover, driven with Pilot at 80×24 on a tmp_path database.

Every check of what was written re-opens the file read-only, and every "nothing written" check
compares the database's files byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from desk_data import frozen, make_store
from pilot_wait import loaded, paste, wait_for
from textual.pilot import Pilot
from textual.widgets import Static

from tui.store.journal import journal_path
from tui.store.store import Store
from tui.ui.app import DutyDeskApp
from tui.ui.forms.acknowledge_pending import AcknowledgePendingForm
from tui.ui.forms.fields import FieldRow
from tui.ui.forms.handover import HandoverForm
from tui.ui.forms.save_report import SaveReportForm
from tui.ui.screens.main import MainScreen
from tui.ui.screens.shift_report import ShiftReportScreen
from tui.ui.widgets.duty_header import DutyHeader
from tui.ui.widgets.handover_banner import HandoverBanner

SIZE = (80, 24)


def open_app(path: Path, *, read_only: bool = False, operator: str = "petrov") -> DutyDeskApp:
    store = Store.open(path, read_only=read_only, operator=operator, clock=frozen)
    return DutyDeskApp(store, clock=frozen)


def db_bytes(path: Path) -> tuple[bytes, bytes]:
    return path.read_bytes(), journal_path(path).read_bytes()


def text_of(widget: Static) -> str:
    return str(widget.render())


async def palette(pilot: Pilot, words: str, screen_type: type) -> None:
    """Run a command from the palette as an officer does: ctrl+p, a few words, enter."""
    await pilot.press("ctrl+p")
    await pilot.pause(0.1)
    await pilot.press(*words)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type))


# -- the shift report ------------------------------------------------------------------------


async def report_screen(pilot: Pilot) -> ShiftReportScreen:
    await loaded(pilot)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ShiftReportScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ShiftReportScreen)
    await wait_for(pilot, lambda: screen.report is not None)
    await pilot.pause()
    return screen


@pytest.mark.slow
async def test_r_shows_the_report_with_every_open_incident(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    stored = Store.open(path, read_only=True)
    open_refs = [i.ref for i in stored.incidents() if i.status != "closed"]
    assert len(open_refs) == 2
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await report_screen(pilot)
        shown = text_of(screen.query_one("#report-text", Static))
        assert shown.startswith("Shift report")
        for ref in open_refs:
            assert ref in shown
        # The keyboard scrolls it.
        scroll = screen.query_one("#report-scroll")
        assert scroll.has_focus
        await pilot.press("end")
        await wait_for(pilot, lambda: scroll.scroll_y > 0)
        await pilot.press("home")
        await wait_for(pilot, lambda: scroll.scroll_y == 0)
        # Markdown, and back.
        await pilot.press("m")
        await pilot.pause()
        shown = text_of(screen.query_one("#report-text", Static))
        assert shown.startswith("# Shift report")
        assert all(ref in shown for ref in open_refs)
        await pilot.press("t")
        await pilot.pause()
        assert text_of(screen.query_one("#report-text", Static)).startswith("Shift report")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_saving_the_report_writes_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    path = make_store(tmp_path)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await report_screen(pilot)
        await pilot.press("m")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveReportForm))
        field = app.screen.query_one("#path")
        assert field.value == "~/shift-report-2026-11-24-1430.md"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        saved = home / "shift-report-2026-11-24-1430.md"
        assert screen.report is not None
        assert saved.read_text("utf-8") == screen.report.texts["md"]


@pytest.mark.slow
async def test_a_report_that_cannot_be_written_says_so_beside_the_path(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await report_screen(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveReportForm))
        form = app.screen
        field = form.query_one("#path")
        field.value = ""  # type: ignore[attr-defined]
        await pilot.press(*"/proc/shift-report.txt", "enter")  # /proc takes no new files
        row = form.query_one("#row-path", FieldRow)
        await wait_for(pilot, lambda: row.has_class("-invalid"))
        assert "could not save" in str(row.message.render())
        assert app.screen is form  # still open, the path as typed
        field.value = ""  # type: ignore[attr-defined]
        await paste(pilot, str(tmp_path / "no-such-folder" / "r.txt"))
        await pilot.press("enter")
        await pilot.pause()
        assert "no folder" in str(row.message.render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ShiftReportScreen))


async def test_read_only_r_works_and_leaves_the_database_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    path = make_store(tmp_path)
    before = db_bytes(path)
    app = open_app(path, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await report_screen(pilot)
        assert "HQ-2026-0003" in text_of(screen.query_one("#report-text", Static))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveReportForm))
        await pilot.press("enter")  # a report file is not the database: allowed read-only
        await wait_for(pilot, lambda: app.screen is screen)
    assert (tmp_path / "shift-report-2026-11-24-1430.txt").exists()
    assert db_bytes(path) == before


# -- the handover ----------------------------------------------------------------------------


async def handover_form(pilot: Pilot) -> HandoverForm:
    await loaded(pilot)
    await palette(pilot, "hand over", HandoverForm)
    form = pilot.app.screen
    assert isinstance(form, HandoverForm)
    await wait_for(pilot, lambda: form.items is not None and len(form.item_rows()) > 1)
    return form


@pytest.mark.slow
async def test_handover_records_the_shift_change_and_flags_what_was_left(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        form = await handover_form(pilot)
        rows = form.item_rows()
        await pilot.press(*"Sidorov K.", "enter")  # enter moves on to the first item
        for _ in rows[:-1]:
            await pilot.press("space", "tab")  # acknowledged; its "why not" hides
        last = rows[-1]
        assert not last.checked
        await pilot.press("tab", *"crew not reachable yet")
        assert [r.checked for r in rows] == [True] * (len(rows) - 1) + [False]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        header = screen.query_one(DutyHeader)
        await wait_for(pilot, lambda: header.operator == "Sidorov K.")
        banner = screen.query_one(HandoverBanner)
        await wait_for(pilot, lambda: banner.count == 1)
        assert banner.display
        assert str(banner.render()) == "⚑ 1 handover item not acknowledged — press a"
        # One line at 80×24, the list still shows below it.
        assert banner.region.height == 1
        assert screen.query_one("#incidents").region.height >= 10

        stored = Store.open(path, read_only=True)
        last_entry = stored.timeline(None)[-1]
        assert last_entry.kind == "shift_change"
        assert last_entry.data is not None and last_entry.data["to"] == "Sidorov K."
        assert last_entry.data["from"] == "petrov"
        assert len(last_entry.data["acknowledged"]) == len(rows) - 1
        [pending] = stored.handover_pending()
        assert pending["reason"] == "crew not reachable yet"
        assert pending["label"] == last.item["label"]

        # `a` acknowledges it: the banner goes, nothing is pending in the file.
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AcknowledgePendingForm))
        await pilot.press("space", "tab", *"called back, all fine", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for(pilot, lambda: banner.count == 0)
        assert not banner.display
    stored = Store.open(path, read_only=True)
    assert stored.handover_pending() == []
    assert "called back, all fine" in stored.timeline(None)[-1].text
    assert stored.timeline(None)[-1].author == "Sidorov K."


@pytest.mark.slow
async def test_a_missing_reason_is_shown_beside_the_item_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    path = make_store(tmp_path)
    before = db_bytes(path)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        form = await handover_form(pilot)
        await pilot.press(*"Sidorov K.", "enter", "space")  # the first item acknowledged
        await pilot.press("ctrl+s")
        await pilot.pause()
        rows = form.item_rows()
        assert not rows[0].text_row.has_class("-invalid")
        for row in rows[1:]:
            assert row.text_row.has_class("-invalid")
            assert "say why" in str(row.text_row.message.render())
        assert app.screen is form
        assert app.focused is rows[1].text_row.input
        # The same officer cannot take the desk over from themselves.
        name = form.query_one("#incoming")
        name.value = "Petrov"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "holds the desk" in str(form.row("incoming").message.render())
    assert db_bytes(path) == before


@pytest.mark.slow
async def test_escape_leaves_the_handover_unwritten(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    before = db_bytes(path)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await handover_form(pilot)
        await pilot.press(*"Sidorov K.", "enter", "space", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.screen.query_one(DutyHeader).operator == "petrov"
    assert db_bytes(path) == before


async def test_read_only_offers_no_handover(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    store = Store.open(path, operator="ivanov", clock=frozen)
    store.record_handover(
        "petrov", [], [{"key": "k", "label": "Radio check with EOD-2", "reason": "no answer"}]
    )
    app = open_app(path, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        titles = [c.title for c in screen.palette_commands()]
        assert "Hand over the shift" not in titles
        assert "Acknowledge handover items" not in titles
        assert "Shift report" in titles
        banner = screen.query_one(HandoverBanner)
        await wait_for(pilot, lambda: banner.count == 1)
        # The reviewer sees the flag, without a key they cannot use.
        assert str(banner.render()) == "⚑ 1 handover item not acknowledged"
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
