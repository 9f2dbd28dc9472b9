"""The Pilot tests' shared helpers: waiting for what the app does off the UI thread (the store
watcher, saves) and for the desk's first screen."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events
from textual.pilot import Pilot

from tui.ui.app import DutyDeskApp
from tui.ui.screens.main import MainScreen
from tui.ui.widgets.incident_detail import IncidentDetail


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition` holds; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


async def loaded(pilot: Pilot) -> MainScreen:
    """Wait for the desk's first snapshot and its first detail; the desk's main screen."""
    app = pilot.app
    assert isinstance(app, DutyDeskApp)
    await wait_for(pilot, lambda: app.main is not None and app.main.snapshot is not None)
    screen = desk(app)
    await wait_for(pilot, lambda: screen.query_one(IncidentDetail).incident_id is not None)
    return screen


def desk(app: DutyDeskApp) -> MainScreen:
    assert app.main is not None
    return app.main


async def paste(pilot: Pilot, text: str) -> None:
    """Paste `text` into the focused field, as a terminal delivers a paste (one event, not a
    key per character: a long path typed key by key costs seconds of test time)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
