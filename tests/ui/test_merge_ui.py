"""Merging in the app: the conflict marker and panel, resolving with `x`, and bundles exchanged
from the command palette (dry run first, esc writes nothing). Two real stations on tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from merge_data import Stations, make_stations
from pilot_wait import loaded, paste, wait_for
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tui.store.journal import journal_path
from tui.store.store import Store
from tui.ui.app import DutyDeskApp
from tui.ui.forms.bundle_export import ExportBundleForm
from tui.ui.forms.bundle_import import ImportBundleForm
from tui.ui.forms.resolve_conflict import ResolveConflictForm
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.conflict_panel import ConflictPanel
from tui.ui.widgets.incident_detail import IncidentDetail
from tui.ui.widgets.incident_list import IncidentList

SIZE = (80, 24)


def hq_app(stations: Stations, *, read_only: bool = False) -> DutyDeskApp:
    return DutyDeskApp(stations.open("HQ", read_only=read_only), clock=stations.hq_clock)


async def palette(pilot: Pilot, words: str, screen_type: type) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause(0.1)
    await pilot.press(*words)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type))


def db_bytes(path: Path) -> tuple[bytes, bytes]:
    return path.read_bytes(), journal_path(path).read_bytes()


async def type_path(pilot: Pilot, path: Path) -> None:
    """Replace what the focused path field holds, then type `path`."""
    field = pilot.app.focused
    assert isinstance(field, Input)
    field.value = ""
    await paste(pilot, str(path))


async def test_the_conflict_is_marked_in_the_list_and_detailed_in_the_panel(
    tmp_path: Path,
) -> None:
    stations = make_stations(tmp_path)
    app = hq_app(stations)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        [row] = [r for r in incidents.rows if r.ref == stations.shared_ref]
        assert row.conflict
        assert [r.ref for r in incidents.rows if r.conflict] == [stations.shared_ref]
        index = incidents.rows.index(row)
        line = incidents.render_row(index, 80).plain
        assert line.startswith("⚡") and "CONFLICT Drone shot down" in line  # words, not colour
        other = incidents.render_row(1 - index, 80).plain
        assert "CONFLICT" not in other and "⚡" not in other

        incidents.select_id(row.id)
        detail = screen.query_one(IncidentDetail)
        await wait_for(pilot, lambda: detail.incident_id == row.id)
        panel = screen.query_one(ConflictPanel)
        await wait_for(pilot, lambda: panel.has_class("-shown"))
        text = str(panel.render())
        assert "CONFLICT on 1 field" in text
        assert "closed — FL1" in text and "(shown)" in text  # FL1 wrote last
        assert "monitoring — HQ" in text
        assert "Press x" in text
        titles = [c.title for c in screen.palette_commands()]
        assert f"Resolve conflict on {stations.shared_ref}" in titles

        # The other incident has no conflict: no panel, no resolve command.
        incidents.select_id(incidents.rows[1 - index].id)
        await wait_for(pilot, lambda: detail.incident_id != row.id)
        assert not panel.has_class("-shown")
        titles = [c.title for c in screen.palette_commands()]
        assert not any(t.startswith("Resolve") for t in titles)


async def open_resolve_form(
    pilot: Pilot, screen: MainScreen, *, from_detail: bool
) -> ResolveConflictForm:
    """Select the conflicted incident and press `x` (from the list, or from its detail view)."""
    incidents = screen.query_one(IncidentList)
    [row] = [r for r in incidents.rows if r.conflict]
    incidents.select_id(row.id)
    await wait_for(pilot, lambda: screen.query_one(IncidentDetail).incident_id == row.id)
    if from_detail:
        await pilot.press("enter")
    await pilot.press("x")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResolveConflictForm))
    form = pilot.app.screen
    assert isinstance(form, ResolveConflictForm)
    return form


@pytest.mark.slow
async def test_x_keeps_the_chosen_value_and_the_conflict_is_gone(tmp_path: Path) -> None:
    stations = make_stations(tmp_path)
    app = hq_app(stations)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        incidents = screen.query_one(IncidentList)
        form = await open_resolve_form(pilot, screen, from_detail=True)
        stations_listed = [v.station for v in form.current.values]
        keep = form.query_one("#keep", OptionList)
        assert app.focused is keep
        # Move to FL1's value (the one shown, written last) and keep it with enter.
        for _ in range(stations_listed.index("FL1")):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for(pilot, lambda: not any(r.conflict for r in incidents.rows))
        panel = screen.query_one(ConflictPanel)
        await wait_for(pilot, lambda: not panel.has_class("-shown"))
    stored = Store.open(stations.hq, read_only=True)
    assert stored.conflicts() == []
    assert stored.incident(stations.shared_ref).status == "closed"
    assert any("resolved" in e.text for e in stored.timeline(stations.shared_ref))


async def test_resolving_with_the_value_not_shown(tmp_path: Path) -> None:
    stations = make_stations(tmp_path)
    app = hq_app(stations)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        form = await open_resolve_form(pilot, screen, from_detail=False)
        target = [v.station for v in form.current.values].index("HQ")
        form.query_one("#keep", OptionList).highlighted = target
        # A status is one of the values written: no field to type a new one.
        assert not form.row("new_value").display
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    stored = Store.open(stations.hq, read_only=True)
    assert stored.conflicts() == []
    assert stored.incident(stations.shared_ref).status == "monitoring"


@pytest.mark.slow
async def test_import_from_the_palette_shows_the_dry_run_and_esc_writes_nothing(
    tmp_path: Path,
) -> None:
    stations = make_stations(tmp_path, conflict=False)
    fl1 = stations.open("FL1")
    fl1.create_incident("Crash site found", "Babyninsky", kind="uav_crash")
    bundle = tmp_path / "from-FL1.ddb"
    fl1.export_bundle(bundle)
    before = db_bytes(stations.hq)
    app = hq_app(stations)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await palette(pilot, "import a bundle", ImportBundleForm)
        form = app.screen
        assert isinstance(form, ImportBundleForm)
        await type_path(pilot, bundle)
        await pilot.press("enter")
        summary = form.query_one("#summary", Static)
        await wait_for(pilot, lambda: form.plan is not None)
        text = str(summary.render())
        assert "from station FL1" in text
        assert "would add incident FL1-2026-0001: Crash site found" in text
        assert "dry run: nothing was written" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert db_bytes(stations.hq) == before

        # Again, and this time confirm.
        await palette(pilot, "import a bundle", ImportBundleForm)
        form = app.screen
        assert isinstance(form, ImportBundleForm)
        await type_path(pilot, bundle)
        await pilot.press("enter")
        await wait_for(pilot, lambda: form.plan is not None)
        assert db_bytes(stations.hq) == before  # the dry run wrote nothing either
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        incidents = app.screen.query_one(IncidentList)
        await wait_for(pilot, lambda: any(r.ref == "FL1-2026-0001" for r in incidents.rows))
    assert "FL1-2026-0001" in {i.ref for i in Store.open(stations.hq, read_only=True).incidents()}


@pytest.mark.slow
async def test_a_damaged_bundle_is_refused_beside_the_path(tmp_path: Path) -> None:
    stations = make_stations(tmp_path, conflict=False)
    damaged = tmp_path / "damaged.ddb"
    good = tmp_path / "01-HQ.ddb"
    damaged.write_bytes(good.read_bytes()[:-40])  # cut short: the checksum cannot match
    before = db_bytes(stations.hq)
    app = hq_app(stations)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await palette(pilot, "import a bundle", ImportBundleForm)
        form = app.screen
        assert isinstance(form, ImportBundleForm)
        await type_path(pilot, damaged)
        await pilot.press("enter")
        row = form.row("path")
        await wait_for(pilot, lambda: row.has_class("-invalid"))
        assert "damaged.ddb" in str(row.message.render())
        assert form.plan is None
        await pilot.press("enter")  # still refused: no import without a good dry run
        await pilot.pause(0.3)
        assert app.screen is form
    assert db_bytes(stations.hq) == before


@pytest.mark.slow
async def test_import_is_not_offered_read_only_and_export_works_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    stations = make_stations(tmp_path)
    before = db_bytes(stations.hq)
    app = hq_app(stations, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        titles = [c.title for c in screen.palette_commands()]
        assert "Import a bundle…" not in titles
        assert not any(t.startswith("Resolve") for t in titles)
        await palette(pilot, "export a bundle", ExportBundleForm)
        field = app.screen.query_one("#path", Input)
        assert field.value == "~/dutydesk-HQ-2026-11-24.ddb"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    assert db_bytes(stations.hq) == before
    bundle = home / "dutydesk-HQ-2026-11-24.ddb"
    fl2 = Store.create(tmp_path / "FL2.json", "FL2", operator="op-FL2")
    summary = fl2.import_bundle(bundle)
    assert summary.new_changes > 0
    assert stations.shared_ref in {i.ref for i in fl2.incidents()}
    assert len(fl2.conflicts()) == 1  # the conflict travels with the bundle


@pytest.mark.slow
async def test_export_since_a_time_from_the_palette(tmp_path: Path) -> None:
    stations = make_stations(tmp_path)
    target = tmp_path / "since.ddb"
    app = hq_app(stations)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await palette(pilot, "export a bundle", ExportBundleForm)
        await type_path(pilot, target)
        await pilot.press("tab", *"-1m", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    everything = tmp_path / "all.ddb"
    stations.open("HQ", read_only=True).export_bundle(everything)
    assert 0 < target.stat().st_size < everything.stat().st_size
