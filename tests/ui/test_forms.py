"""The forms, driven as an officer drives them: keys in, then what reached the database file.

Each test hosts one form in a tiny App at 80×24, presses the keys a person presses and checks
the widgets and a fresh read-only Store opened on the file. Invalid input and escape must leave
the files byte-for-byte as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea

from tui.model.filters import IncidentFilter
from tui.model.records import Incident, Team, TimelineEntry
from tui.store.errors import InvalidInputError
from tui.store.store import Store
from tui.ui.forms.base import FormScreen
from tui.ui.forms.dispatch import DispatchForm
from tui.ui.forms.edit_incident import EditIncidentForm
from tui.ui.forms.fields import FieldRow
from tui.ui.forms.filter import FilterForm
from tui.ui.forms.new_incident import NewIncidentForm
from tui.ui.forms.quick_log import QuickLogForm
from tui.ui.forms.regime import RegimeForm
from tui.ui.forms.status_change import StatusChangeForm
from tui.ui.forms.team_status import TeamStatusForm
from tui.ui.widgets.time_input import TimeField

NOW = datetime(2026, 11, 26, 11, 20, tzinfo=UTC)  # 14:20 in Moscow
SIZE = (80, 24)


def frozen_clock() -> datetime:
    return NOW


class Host(App[None]):
    """The smallest app that pushes a form the way the real one does."""

    def __init__(self, make: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make = make
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), self.results.append)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one new incident, an available team and a team on scene."""
    path = tmp_path / "duty.json"
    store = Store.create(path, "HQ", operator="test", clock=frozen_clock)
    first = store.create_incident("Drone shot down", "Sukhinichsky", kind="drone_shootdown")
    second = store.create_incident("UAV crash near a minor road", "Babyninsky", kind="uav_crash")
    store.append_entry(first.id, "Crater 2 m, no injuries")
    store.create_team("Rescue-1", "Sukhinichi rescue", "rescue", "Sukhinichsky")
    store.create_team("Fire-2", "Babynino fire", "fire", "Babyninsky")
    store.dispatch_team("Fire-2", second.id, status="en_route")
    store.set_team_status("Fire-2", "on_scene")
    return path


def writer(path: Path) -> Store:
    return Store.open(path, operator="test", clock=frozen_clock)


def reader(path: Path) -> Store:
    return Store.open(path, read_only=True, clock=frozen_clock)


def file_bytes(path: Path) -> dict[str, bytes]:
    """Every file of the database (live file, journal, lock): what "nothing written" compares."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir())}


def incident_by_title(path: Path, title: str) -> Incident:
    matches = [i for i in reader(path).incidents() if i.title == title]
    assert len(matches) == 1, [i.title for i in reader(path).incidents()]
    return matches[0]


def error_of(form: Screen[Any], key: str) -> str:
    row = form.query_one(f"#row-{key}", FieldRow)
    label = row.query_one(".field-message", Label)
    return str(label.content) if label.has_class("-error") else ""


def foot(form: Screen[Any]) -> str:
    return str(form.query_one("#form-message", Static).content)


def dispatch_form(store: Store, chosen: Incident | None) -> DispatchForm:
    """The dispatch form with what the desk would hand it: its teams and open incidents."""
    return DispatchForm(store, store.teams(), store.incidents(status="open"), chosen)


async def settle(app: Host, pilot: Any) -> None:
    """Let a save worker reach the store and its result come back."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def choose(pilot: Any, *keys: str) -> None:
    """Open the focused Select's menu, move with `keys`, pick with enter."""
    await pilot.press("space", *keys, "enter")


def prompts(select: Select[Any]) -> list[str]:
    menu = select.query_one(OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


# -- new incident ---------------------------------------------------------------------------


@pytest.mark.slow
async def test_new_incident_saves_what_was_typed(db: Path) -> None:
    store = writer(db)
    app = Host(lambda: NewIncidentForm(store))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert isinstance(form, NewIncidentForm)
        assert app.focused is not None and app.focused.id == "title"
        await pilot.press(*"[red] barn")
        await pilot.press("tab", *"сухиничский")
        assert "Sukhinichsky District" in str(form.row("district").message.content)
        await pilot.press("tab", "tab")  # kind stays "other"; on to severity
        await choose(pilot, "down", "down")  # minor -> moderate -> major
        await pilot.press("tab", *"14:05")  # reported at: replaces the selected "now"
        await pilot.press("tab", *"yesterday 22:10")
        echo = form.query_one("#row-occurred_at TimeField", TimeField).echo_label
        assert str(echo.content) == "→ 25.11.2026 22:10 MSK"
        await pilot.press("tab", "space")  # approx.
        await pilot.press("tab", *"farm")
        for _ in range(5):  # settlement, source, contact, narrative, injured
            await pilot.press("tab")
        await pilot.press("tab", "0")  # dead: 0 = none; injured stays blank = unknown
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is not form
    [saved] = app.results
    assert isinstance(saved, Incident)
    stored = incident_by_title(db, "[red] barn")
    assert stored.id == saved.id
    assert stored.district == "sukhinichsky"
    assert stored.kind == "other"
    assert stored.severity == "major"
    assert stored.reported_at == "2026-11-26T11:05:00Z"
    assert stored.occurred_at == "2026-11-25T19:10:00Z"
    assert stored.occurred_approx is True
    assert stored.location == "farm"
    assert stored.injured is None
    assert stored.dead == 0
    assert stored.exercise is False


@pytest.mark.slow
async def test_narrative_takes_newlines_and_ctrl_s_saves(db: Path) -> None:
    store = writer(db)
    app = Host(lambda: NewIncidentForm(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Pylon", "tab", *"Kozelsky")
        app.screen.query_one("#narrative", TextArea).focus()
        await pilot.press(*"one", "enter", *"two")
        assert app.results == []  # enter in the narrative is a newline, not a save
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    stored = incident_by_title(db, "Pylon")
    assert stored.narrative == "one\ntwo"
    assert stored.district == "kozelsky"
    assert stored.reported_at == "2026-11-26T11:20:00Z"  # "now" as prefilled


@pytest.mark.slow
async def test_new_incident_refuses_invalid_input_and_writes_nothing(db: Path) -> None:
    store = writer(db)
    before = file_bytes(db)
    app = Host(lambda: NewIncidentForm(store))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press("tab", *"Sukhinichsk")  # live: an unknown name suggests
        assert "did you mean Sukhinichsky District" in error_of(form, "district")
        await pilot.press(*"iy")
        assert error_of(form, "district") == ""  # "Sukhinichskiy" is the district
        await pilot.press(*["backspace"] * 13, *"Atlantis")
        form.query_one("#reported_at", Input).focus()
        await pilot.press(*"25:00")
        form.query_one("#dead", Input).focus()
        await pilot.press(*"-1")
        await pilot.press("ctrl+s")  # every field is judged again, the empty title too
        await settle(app, pilot)
        assert app.screen is form  # still open, with everything typed
        assert "an incident needs a title" in error_of(form, "title")
        assert "unknown district 'Atlantis'" in error_of(form, "district")
        assert "'25:00' has hour 25" in error_of(form, "reported_at")
        assert "whole number" in error_of(form, "dead")
        assert error_of(form, "injured") == ""
        assert "Nothing was saved" in foot(form)
        assert app.focused is form.query_one("#title", Input)  # the first bad field
        assert form.query_one("#district", Input).value == "Atlantis"
    assert app.results == []
    assert file_bytes(db) == before


@pytest.mark.slow
async def test_escape_writes_nothing(db: Path) -> None:
    store = writer(db)
    before = file_bytes(db)
    app = Host(lambda: NewIncidentForm(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Half", "tab", *"Kozelsky", "escape")
        await pilot.pause()
    assert app.results == [None]
    assert file_bytes(db) == before


@pytest.mark.slow
async def test_read_only_store_refuses_to_save(db: Path) -> None:
    store = reader(db)
    before = file_bytes(db)
    app = Host(lambda: NewIncidentForm(store))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert "read-only" in foot(form)
        await pilot.press(*"Fire", "tab", *"Kozelsky", "enter")
        await settle(app, pilot)
        assert app.screen is form
        assert "read-only" in foot(form)
    assert app.results == []
    assert file_bytes(db) == before


# -- edit incident ----------------------------------------------------------------------------


@pytest.mark.slow
async def test_edit_sends_only_changed_fields(db: Path) -> None:
    store = writer(db)
    incident = incident_by_title(db, "Drone shot down")
    app = Host(lambda: EditIncidentForm(store, incident.ref))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # the form reads the incident in a worker
        form = app.screen
        assert form.query_one("#title", Input).value == "Drone shot down"
        assert form.query_one("#district", Input).value == "Sukhinichsky District"
        form.query_one("#severity", Select).focus()
        await choose(pilot, "down")  # minor -> moderate
        form.query_one("#location", Input).focus()
        await pilot.press(*"rural", "enter")
        await settle(app, pilot)
    [saved] = app.results
    assert isinstance(saved, Incident)
    after = reader(db)
    stored = after.incident(incident.id)
    assert (stored.severity, stored.location) == ("moderate", "rural")
    assert stored.reported_at == incident.reported_at  # untouched text is not re-sent
    last_edit = after.history(incident.id)[-1]
    assert set(last_edit.after or {}) == {"severity", "location", "updated_by", "updated_at"}


async def test_edit_with_nothing_changed_writes_nothing(db: Path) -> None:
    store = writer(db)
    incident = incident_by_title(db, "Drone shot down")
    before = file_bytes(db)
    app = Host(lambda: EditIncidentForm(store, incident.id))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)  # the form reads the incident in a worker
        await pilot.press("enter")
        await settle(app, pilot)
    assert app.results == [None]
    assert file_bytes(db) == before


# -- quick log ----------------------------------------------------------------------------------


@pytest.mark.slow
async def test_quick_log_happened_earlier_than_reported(db: Path) -> None:
    store = writer(db)
    incident = incident_by_title(db, "Drone shot down")
    app = Host(lambda: QuickLogForm(store, incident))
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is not None and app.focused.id == "text"
        await pilot.press(*"Road closed", "tab")
        await choose(pilot, "down")  # note -> report
        await pilot.press("tab", *"14:05", "enter")
        await settle(app, pilot)
    [saved] = app.results
    assert isinstance(saved, TimelineEntry)
    entry = reader(db).entry(saved.id)
    assert entry.incident == incident.id
    assert entry.text == "Road closed"
    assert entry.kind == "report"
    assert entry.occurred_at == "2026-11-26T11:05:00Z"
    assert entry.recorded_at == "2026-11-26T11:20:00Z"
    assert entry.author == "test"


async def test_quick_log_to_the_general_duty_log(db: Path) -> None:
    store = writer(db)
    app = Host(lambda: QuickLogForm(store, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Briefing", "enter")
        await settle(app, pilot)
    [saved] = app.results
    entry = reader(db).entry(saved.id)
    assert (entry.incident, entry.kind, entry.occurred_at) == (
        None,
        "note",
        "2026-11-26T11:20:00Z",
    )


async def test_quick_log_refuses_empty_text_and_bad_time(db: Path) -> None:
    store = writer(db)
    before = file_bytes(db)
    app = Host(lambda: QuickLogForm(store, None))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press("enter")
        await settle(app, pilot)
        assert "the entry is empty" in error_of(form, "text")
        form.query_one("#occurred_at", Input).value = "1405"
        await pilot.press(*"Call", "ctrl+s")
        await settle(app, pilot)
        assert error_of(form, "text") == ""
        assert "'1405' is not a time I can read" in error_of(form, "occurred_at")
        assert app.screen is form
    assert app.results == []
    assert file_bytes(db) == before


@pytest.mark.slow
async def test_correction_points_at_the_entry_it_corrects(db: Path) -> None:
    store = writer(db)
    incident = incident_by_title(db, "Drone shot down")
    original = next(e for e in store.timeline(incident.id) if e.text.startswith("Crater"))
    app = Host(lambda: QuickLogForm(store, incident, corrects=original))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        shown = str(form.query_one("#corrected", Static).content)
        assert "Crater 2 m, no injuries" in shown
        await pilot.press("enter")  # unchanged text corrects nothing
        await pilot.pause()
        assert "says the same" in error_of(form, "text")
        await pilot.press(*["backspace"] * 8, *"casualties")
        await pilot.press("enter")
        await settle(app, pilot)
    [saved] = app.results
    entry = reader(db).entry(saved.id)
    assert entry.corrects == original.id
    assert entry.kind == "correction"
    assert entry.text == "Crater 2 m, no casualties"
    assert entry.occurred_at == original.occurred_at


# -- status change ------------------------------------------------------------------------------


@pytest.mark.slow
async def test_status_offers_only_legal_moves_and_cancel_needs_reason(db: Path) -> None:
    store = writer(db)
    incident = incident_by_title(db, "Drone shot down")
    before = file_bytes(db)
    app = Host(lambda: StatusChangeForm(store, incident, incident.status))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        status = form.query_one("#status", Select)
        assert app.focused is status
        assert prompts(status) == ["active", "monitoring", "closed", "cancelled"]
        await choose(pilot, "end")
        assert status.value == "cancelled"
        assert str(form.row("reason").caption_label.content) == "reason *"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "reason is required" in error_of(form, "reason")
        assert file_bytes(db) == before
        await pilot.press(*"duplicate", "enter")
        await settle(app, pilot)
    [saved] = app.results
    stored = reader(db).incident(incident.id)
    assert saved.status == stored.status == "cancelled"
    assert stored.status_reason == "duplicate"


async def test_store_refusal_shows_beside_the_field_and_keeps_the_form(db: Path) -> None:
    """Another process closed the incident while the form was open: reopening needs a reason."""
    store = writer(db)
    incident = incident_by_title(db, "Drone shot down")
    app = Host(lambda: StatusChangeForm(store, incident, incident.status))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        writer(db).change_status(incident.id, "closed")
        before = file_bytes(db)
        await choose(pilot, "down")  # monitoring: legal from new, a reopen from closed
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form
        assert "needs a reason" in error_of(form, "reason")
        assert file_bytes(db) == before
    assert app.results == []


# -- dispatch -------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_dispatch_to_the_given_incident(db: Path) -> None:
    store = writer(db)
    incident = incident_by_title(db, "Drone shot down")
    app = Host(lambda: dispatch_form(store, incident))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert form.query_one("#team", Select).value == store.team("Rescue-1").id
        assert form.query_one("#incident", Select).value == incident.id
        await pilot.press("tab", "tab")  # the status: en route unless changed
        await pilot.press("tab", *"+30m", "tab", *"M3", "enter")
        await settle(app, pilot)
    [saved] = app.results
    assert isinstance(saved, Team)
    team = reader(db).team("Rescue-1")
    assert (team.status, team.incident) == ("en_route", incident.id)
    assert team.check_in_due == "2026-11-26T11:50:00Z"
    assert team.note == "M3"
    assert team.id in reader(db).incident(incident.id).teams


@pytest.mark.slow
async def test_dispatch_chooses_incident_and_refuses_bad_check_in(db: Path) -> None:
    store = writer(db)
    before = file_bytes(db)
    app = Host(lambda: dispatch_form(store, None))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "choose the incident" in error_of(form, "incident")
        form.query_one("#incident", Select).focus()
        await choose(pilot, "down")  # the first open incident (newest first)
        form.query_one("#check_in_due", Input).focus()
        await pilot.press(*"25:00", "enter")
        await settle(app, pilot)
        assert "hour 25" in error_of(form, "check_in_due")
        assert file_bytes(db) == before
        await pilot.press("ctrl+u", *"15:30", "enter")
        await settle(app, pilot)
    [saved] = app.results
    team = reader(db).team(saved.id)
    assert team.status == "en_route"  # a dispatch sends the team on its way by default
    assert team.check_in_due == "2026-11-26T12:30:00Z"


async def test_dispatch_with_no_team_available(db: Path) -> None:
    writer(db).set_team_status("Rescue-1", "out_of_service", reason="vehicle repair")
    store = writer(db)
    before = file_bytes(db)
    app = Host(lambda: dispatch_form(store, None))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press("enter")
        await settle(app, pilot)
        assert "no team is available" in error_of(form, "team")
    assert file_bytes(db) == before


# -- team status ---------------------------------------------------------------------------------


@pytest.mark.slow
async def test_team_status_legal_moves_and_out_of_service_reason(db: Path) -> None:
    store = writer(db)
    fire = store.team("Fire-2")
    before = file_bytes(db)
    app = Host(lambda: TeamStatusForm(store, store.teams(), fire.id))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        status = form.query_one("#status", Select)
        assert app.focused is status
        assert prompts(status) == ["returning", "available", "out of service"]
        await choose(pilot, "end")
        assert form.row("check_in_due").display is False
        await pilot.press("enter")
        await settle(app, pilot)
        assert "needs a reason" in error_of(form, "reason")
        assert file_bytes(db) == before
        form.query_one("#reason", Input).focus()
        await pilot.press(*"pump", "enter")
        await settle(app, pilot)
    [saved] = app.results
    team = reader(db).team("Fire-2")
    assert saved.id == team.id
    assert (team.status, team.status_reason, team.incident) == (
        "out_of_service",
        "pump",
        None,
    )


@pytest.mark.slow
async def test_team_status_check_in_while_serving(db: Path) -> None:
    store = writer(db)
    app = Host(lambda: TeamStatusForm(store, store.teams(), None))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert app.focused is form.query_one("#team", Select)
        status = form.query_one("#status", Select)
        assert prompts(status)[0] == "returning"  # Fire-2, on scene, sorts first
        await choose(pilot, "down")  # Rescue-1, available: only out of service here
        assert prompts(status) == ["out of service"]
        await choose(pilot, "up")
        assert prompts(status)[0] == "returning"
        await pilot.press("tab", "tab", *"in 1h", "enter")
        await settle(app, pilot)
    team = reader(db).team("Fire-2")
    assert (team.status, team.check_in_due) == ("returning", "2026-11-26T12:20:00Z")


# -- regime ---------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_regime_needs_a_reason(db: Path) -> None:
    store = writer(db)
    before = file_bytes(db)
    app = Host(lambda: RegimeForm(store, store.regime()))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press("tab", "enter")
        await settle(app, pilot)
        assert "needs a reason" in error_of(form, "reason")
        assert file_bytes(db) == before
        await pilot.press(*"Order 12", "enter")
        await settle(app, pilot)
    [saved] = app.results
    regime = reader(db).regime()
    assert saved["value"] == regime["value"] == "heightened_readiness"
    assert regime["reason"] == "Order 12"


# -- filter ---------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_filter_builds_an_incident_filter(db: Path) -> None:
    store = reader(db)  # filtering writes nothing, so a reviewer can filter too
    app = Host(lambda: FilterForm(store, IncidentFilter()))
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is not None and app.focused.id == "text"
        await pilot.press(*"drone", "tab")
        await choose(pilot, "down")  # any -> open
        await pilot.press("tab")
        await choose(pilot, "down", "down")  # any -> minor+ -> moderate+
        await pilot.press("tab", *"Калуга, obninsk")
        await pilot.press("tab", *"-12h", "tab", *"now", "enter")
        await settle(app, pilot)
    [applied] = app.results
    assert applied == IncidentFilter(
        text="drone",
        statuses=frozenset({"open"}),
        severities=frozenset({"moderate", "major", "critical"}),
        districts=frozenset({"kaluga", "obninsk"}),
        since="2026-11-25T23:20:00Z",
        until="2026-11-26T11:20:59.999Z",
    )


@pytest.mark.slow
async def test_filter_clear_and_bad_window(db: Path) -> None:
    store = reader(db)
    current = IncidentFilter(text="x", statuses=frozenset({"closed", "new"}))
    app = Host(lambda: FilterForm(store, current))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press("tab", "tab", "tab", "tab", *"25:00", "enter")
        await pilot.pause()
        assert "hour 25" in error_of(form, "since")
        await pilot.press("ctrl+l")
        assert form.query_one("#text", Input).value == ""
        assert error_of(form, "since") == ""
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [IncidentFilter()]


async def test_filter_keeps_a_custom_status_set(db: Path) -> None:
    current = IncidentFilter(statuses=frozenset({"closed", "new"}))
    app = Host(lambda: FilterForm(reader(db), current))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [current]


# -- every form at 80×24 and wide ------------------------------------------------------------------


FORMS: dict[str, Callable[[Store], FormScreen[Any]]] = {
    "new": NewIncidentForm,
    "edit": lambda s: EditIncidentForm(s, s.incidents()[0].id),
    "log": lambda s: QuickLogForm(s, s.incidents()[0]),
    "status": lambda s: StatusChangeForm(s, s.incidents()[0], s.incidents()[0].status),
    "dispatch": lambda s: dispatch_form(s, None),
    "team": lambda s: TeamStatusForm(s, s.teams(), None),
    "regime": lambda s: RegimeForm(s, s.regime()),
    "filter": lambda s: FilterForm(s, IncidentFilter()),
}


@pytest.mark.slow
async def test_every_form_fits_at_80x24_and_wide(db: Path) -> None:
    """Each dialog sits above the footer; its fields scroll when they outgrow the screen."""
    store = writer(db)
    app = Host(lambda: NewIncidentForm(store))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        for name, make in FORMS.items():
            app.push_screen(make(store), app.results.append)
            await settle(app, pilot)  # the edit form reads its incident in a worker
            form = app.screen
            for size in (SIZE, (160, 50)) if name == "new" else (SIZE,):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                dialog = form.query_one("#dialog")
                assert dialog.region.bottom <= size[1] - 1, (name, size)  # above the footer
                assert dialog.region.right <= size[0], (name, size)
                last = [row for row in form.query(FieldRow) if row.display][-1]
                last.focus_target.focus()
                await pilot.pause()
                fields = form.query_one("#fields").region
                assert fields.contains_region(last.focus_target.region), (name, size)
            await pilot.resize_terminal(*SIZE)
            await pilot.press("escape")
    assert app.results == [None] * (len(FORMS) + 1)


# -- a store's refusal lands beside the field it names (StoreError.field) --------------------------


def without_checks(form: Screen[Any], key: str) -> None:
    """Drop a field's own validators, so that what the officer typed reaches the store."""
    form.query_one(f"#{key}", Input).validators.clear()


async def test_dispatch_refused_beside_the_incident(db: Path) -> None:
    """Another officer sent the team to the other incident while this form was open."""
    store = writer(db)
    first = incident_by_title(db, "Drone shot down")
    second = incident_by_title(db, "UAV crash near a minor road")
    app = Host(lambda: dispatch_form(store, first))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        writer(db).dispatch_team("Rescue-1", second.id)
        before = file_bytes(db)
        # En route (the form's default): a move of an alerted team, not a dispatch.
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert "serves another incident" in error_of(form, "incident")
        assert error_of(form, "status") == ""
        assert file_bytes(db) == before
    assert app.results == []


async def test_out_of_service_without_reason_refused_by_the_store_beside_the_reason(
    db: Path,
) -> None:
    store = writer(db)
    before = file_bytes(db)
    app = Host(lambda: TeamStatusForm(store, store.teams(), store.team("Fire-2").id))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        without_checks(form, "reason")
        await choose(pilot, "end")  # out of service
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Fire-2: taking a team out of service needs a reason" in error_of(form, "reason")
        assert app.focused is form.query_one("#reason", Input)
    assert app.results == []
    assert file_bytes(db) == before


async def test_check_in_refusal_beside_the_check_in_time(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store judges a check-in time only as stored text, which the form always writes
    well; this is the routing a refusal naming `check_in_due` gets."""
    store = writer(db)

    def refuse(*args: Any, **kwargs: Any) -> Team:
        raise InvalidInputError("check_in_due is not a stored UTC time", field="check_in_due")

    monkeypatch.setattr(store, "dispatch_team", refuse)
    app = Host(lambda: dispatch_form(store, incident_by_title(db, "Drone shot down")))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        form.query_one("#check_in_due", Input).focus()
        await pilot.press(*"+30m", "ctrl+s")
        await settle(app, pilot)
        assert "not a stored UTC time" in error_of(form, "check_in_due")
        assert app.focused is form.query_one("#check_in_due", Input)
    assert app.results == []


async def test_status_reason_refused_by_the_store_beside_the_reason(db: Path) -> None:
    """The store names `status_reason`; the form calls that field `reason`."""
    store = writer(db)
    incident = incident_by_title(db, "Drone shot down")
    before = file_bytes(db)
    app = Host(lambda: StatusChangeForm(store, incident, incident.status))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await choose(pilot, "end")  # cancelled: needs a reason
        without_checks(form, "reason")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "cancelling an incident needs a reason" in error_of(form, "reason")
        form.query_one("#reason", Input).value = "x" * 1200
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "status_reason is longer than 1,000 characters" in error_of(form, "reason")
    assert app.results == []
    assert file_bytes(db) == before


@pytest.mark.slow
async def test_regime_refused_beside_the_regime(db: Path) -> None:
    """Another officer raised the regime to the same one while this form was open."""
    store = writer(db)
    app = Host(lambda: RegimeForm(store, store.regime()))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert form.value("regime") == "heightened_readiness"
        writer(db).change_regime("heightened_readiness", "Order 11")
        before = file_bytes(db)
        form.query_one("#reason", Input).focus()
        await pilot.press(*"Order 12", "enter")
        await settle(app, pilot)
        assert "already heightened readiness" in error_of(form, "regime")
        assert error_of(form, "reason") == ""
        assert file_bytes(db) == before
    assert app.results == []


async def test_edit_of_an_incident_that_cannot_be_read_says_so_and_saves_nothing(db: Path) -> None:
    store = writer(db)
    before = file_bytes(db)
    app = Host(lambda: EditIncidentForm(store, "HQ-2026-9999"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        form = app.screen
        assert "no incident 'HQ-2026-9999'" in str(form.query_one("#form-loading", Static).content)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        await pilot.press("escape")
    assert app.results == [None]
    assert file_bytes(db) == before
