"""The Duty Desk application: the store in, the desk on screen, other processes' writes live.

The CLI opens the `Store` (read-only or not) and calls `run_app`. The app never opens files
itself: one thread worker polls the store (two `stat`s when nothing changed) and builds each
snapshot of the panes off the UI thread, so the event loop never waits on the disk or on the
store's lock while another process's write is being read.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from tui.store.errors import StoreError
from tui.store.store import Store
from tui.ui.actions import known_binding_ids
from tui.ui.commands import DeskCommands
from tui.ui.config import ConfigError, load_keymap
from tui.ui.forms.base import FormScreen
from tui.ui.screens.main import MainScreen
from tui.ui.snapshot import DeskSnapshot, DetailData, SnapshotBuilder, load_detail


class SnapshotReady(Message):
    """The store watcher built a new snapshot of the panes. A full one replaces one still
    waiting (it holds everything); a change list never does (the one before it would be lost)."""

    def __init__(self, snapshot: DeskSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot

    def can_replace(self, message: Message) -> bool:
        return (
            self.snapshot.full
            and isinstance(message, SnapshotReady)
            and message.snapshot.select is None
            and not message.snapshot.notes
        )


class DetailReady(Message):
    """One incident and its timeline, loaded for the detail view."""

    def __init__(self, detail: DetailData | None) -> None:
        super().__init__()
        self.detail = detail


class StoreTrouble(Message):
    """The store could not be read; said in a notification, the watcher keeps going."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DutyDeskApp(App[int]):
    """Incident list, detail with timeline, team board; exits with 0."""

    CSS_PATH = "app.tcss"
    TITLE = "Duty Desk"
    COMMANDS: ClassVar = App.COMMANDS | {DeskCommands}

    def __init__(
        self,
        store: Store,
        *,
        keymap: dict[str, str] | None = None,
        clock: Callable[[], datetime] | None = None,
        poll_interval: float = 0.25,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock: Callable[[], datetime] = clock or _utc_now
        """Every time shown derives from this (tests freeze it)."""
        self.poll_interval = poll_interval
        self.keymap = dict(keymap or {})
        self.set_keymap(self.keymap)
        self._wake = threading.Event()
        self._select_next: str | None = None
        self._notes: list[str] = []
        self._full_wanted = False
        self._held_keys: list[events.Key] | None = None
        """Keys typed after a form's save key, until the form settles (None: none held)."""
        self.main: MainScreen | None = None
        self.selected: str | None = None
        """The selected incident, set on the UI thread, read by the watcher for the detail."""
        self.search_archives = False
        """While a search or filter is on, the list includes incidents moved to the archives."""

    def on_mount(self) -> None:
        # Pushed rather than returned from get_default_screen: a pushed screen loads its CSS_PATH.
        self.main = MainScreen(self.store, clock=self.clock, keymap=self.keymap)
        self.push_screen(self.main)

    def get_system_commands(self, screen: Screen[object]) -> list[SystemCommand]:
        # Quit is one of the desk's own commands; keep Textual's theme and keys commands.
        return [c for c in super().get_system_commands(screen) if c.title != "Quit"]

    # -- what the desk asks for ---------------------------------------------------------------

    # -- keys typed ahead of a save ----------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys typed after a form's save key wait until the form settles, then are handed
        on in order: `l first entry ⏎ l engine at scene ⏎` in one burst is two entries, and
        the second `l` never lands in the first form's text while it saves."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held_keys is not None:
                self._held_keys.append(events.Key(event.key, event.character))
                return
            screen = self.screen
            if isinstance(screen, FormScreen) and screen.key_saves(event.key):
                self._held_keys = []
        await super().on_event(event)

    @on(FormScreen.Settled)
    def _form_settled(self) -> None:
        held, self._held_keys = self._held_keys or [], None
        for key in held:
            self.post_message(key)

    @on(MainScreen.Ready)
    def _desk_ready(self) -> None:
        """The panes exist: start watching the store."""
        self.watch_store()

    @on(MainScreen.ReloadWanted)
    def _reload_wanted(self, event: MainScreen.ReloadWanted) -> None:
        """A form saved something: build the panes now (and move the cursor to `select`)."""
        if event.select is not None:
            self._select_next = event.select
        if event.note:
            self._notes.append(event.note)
        self._wake.set()

    @on(MainScreen.ScopeChanged)
    def _scope_changed(self, event: MainScreen.ScopeChanged) -> None:
        """Searching reaches the yearly archives too; the plain list shows the live file."""
        if event.archives != self.search_archives:
            self.search_archives = event.archives
            self._wake.set()

    @on(MainScreen.IncidentChosen)
    def _incident_chosen(self, event: MainScreen.IncidentChosen) -> None:
        self.selected = event.incident_id
        if event.incident_id is not None:
            self.load_detail(event.incident_id)

    # -- the store watcher --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="store-watch", exit_on_error=False)
    def watch_store(self) -> None:
        """Poll the store; when it changed (or a reload was asked for) build a snapshot of
        what changed (the whole desk the first time)."""
        worker = get_current_worker()
        builder = SnapshotBuilder(self.store, self.clock)
        first = True
        while not worker.is_cancelled:
            wanted = first or self._wake.is_set()
            self._wake.clear()
            try:
                changed = self.store.poll()
            except StoreError as error:
                self._deliver(StoreTrouble(f"cannot read the database: {error}"))
                self._wake.wait(max(self.poll_interval, 2.0))
                continue
            if changed and not self.store.read_only:
                self._checkpoint_if_due()
            touched = self.store.take_touched()
            if changed or wanted or touched:
                select, self._select_next = self._select_next, None
                notes, self._notes = self._notes, []
                try:
                    snapshot = builder.build(
                        None if first or self._full_wanted else touched,
                        selected=self.selected,
                        select=select,
                        archives=self.search_archives,
                    )
                except Exception as error:  # keep watching: the next write may fix it
                    self._deliver(StoreTrouble(f"cannot show the database: {error}"))
                    self._full_wanted = True  # what this one held is not on screen
                    snapshot = None
                if snapshot is not None:
                    self._full_wanted = False
                    snapshot.notes = notes
                    self._deliver(SnapshotReady(snapshot))
            first = False
            self._wake.wait(self.poll_interval)

    def _checkpoint_if_due(self) -> None:
        """Fold a long journal into the database file here, off the UI thread, after saves."""
        try:
            self.store.checkpoint_if_due()
        except StoreError as error:
            self._deliver(StoreTrouble(f"could not checkpoint the database: {error}"))

    def _deliver(self, message: Message) -> bool:
        """Hand a result to the UI thread without waiting for it (`post_message` is
        thread-safe); a blocking `call_from_thread` could hang the watcher at exit."""
        return self.post_message(message)

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        if self._desk_shown():
            self.main.apply_snapshot(message.snapshot)  # type: ignore[union-attr]

    def on_detail_ready(self, message: DetailReady) -> None:
        if self._desk_shown():
            self.main.show_detail(message.detail)  # type: ignore[union-attr]

    def _desk_shown(self) -> bool:
        """False before the desk is composed and while the app is closing."""
        main = self.main
        return main is not None and main.is_mounted and main.panes_ready

    def on_store_trouble(self, message: StoreTrouble) -> None:
        self.notify(message.text, severity="error", timeout=10)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def load_detail(self, incident_id: str) -> None:
        """Load one incident and its timeline off the UI thread; the newest request wins."""
        worker = get_current_worker()
        try:
            data = load_detail(self.store, incident_id)
        except StoreError:
            data = None
        if not worker.is_cancelled:
            self._deliver(DetailReady(data))


def run_app(store: Store) -> int:
    """Load the user's keymap and run the desk; a bad config file is one line on stderr."""
    try:
        keymap = load_keymap(known_ids=known_binding_ids())
    except ConfigError as error:
        print(f"dutydesk: {error}", file=sys.stderr)
        return 2
    app = DutyDeskApp(store, keymap=keymap)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
