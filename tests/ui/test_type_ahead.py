"""Type-ahead: over a slow SSH link keys arrive in bursts; none of them may be lost or land in
the wrong field. Each test hands the app a whole burst at once, as the terminal driver does when
several keys arrive in one read."""

from __future__ import annotations

from pathlib import Path

import pytest
from desk_data import frozen, make_store
from pilot_wait import wait_for
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tui.model.records import TimelineEntry
from tui.store.store import Store
from tui.ui.app import DutyDeskApp
from tui.ui.forms.new_incident import NewIncidentForm


def burst(app: App[object], keys: list[str]) -> None:
    """Queue every key before the app handles any of them."""
    for key in keys:
        character = key if len(key) == 1 else {"enter": "\r", "tab": "\t"}.get(key)
        app.post_message(events.Key(key, character))


async def settle(pilot: Pilot[object]) -> None:
    """Let the burst be handled and a form's save (a thread worker) finish."""
    for _ in range(20):
        await pilot.pause(0.1)


class Host(App[None]):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(NewIncidentForm(self.store))


@pytest.mark.slow
async def test_tab_in_a_burst_moves_to_the_next_field_first(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "duty.json", "HQ", operator="t", clock=frozen)
    app = Host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, [*"Drone down", "tab", *"Kaluga"])
        await settle(pilot)
        values = {field.id: field.value for field in app.screen.query(Input)}
        assert values["title"] == "Drone down"
        assert values["district"] == "Kaluga"


@pytest.mark.slow
async def test_text_typed_right_after_the_key_reaches_the_form_and_is_saved(
    tmp_path: Path,
) -> None:
    path = make_store(tmp_path)
    app = DutyDeskApp(Store.open(path, operator="petrova", clock=frozen), clock=frozen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        selected = app.main.selected_id if app.main else None
        assert selected is not None
        burst(app, ["l", *"Team on site, no casualties", "enter"])
        await settle(pilot)
        timeline = Store.open(path, read_only=True).timeline(selected)
        assert timeline[-1].text == "Team on site, no casualties"
        assert timeline[-1].author == "petrova"


async def test_two_quick_logs_in_one_burst_are_two_entries_in_order(tmp_path: Path) -> None:
    """`l first entry ⏎ l engine at scene ⏎` typed faster than the link delivers: the second
    `l` and its text must not land in the first form while it saves, nor in the search box."""
    path = make_store(tmp_path)
    app = DutyDeskApp(Store.open(path, operator="petrova", clock=frozen), clock=frozen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        selected = app.main.selected_id if app.main else None
        assert selected is not None
        before = len(Store.open(path, read_only=True).timeline(selected))
        burst(app, ["l", *"first entry", "enter", "l", *"engine at scene", "enter"])

        def entries() -> list[TimelineEntry]:
            return Store.open(path, read_only=True).timeline(selected)

        await wait_for(pilot, lambda: len(entries()) >= before + 2 and app.screen is app.main)
        await settle(pilot)  # nothing more arrives: a third entry would be a defect
        assert [e.text for e in entries()[before:]] == ["first entry", "engine at scene"]
        assert app.main is not None and app.screen is app.main  # both forms closed
        assert app.main.query_one("#search", Input).value == ""
