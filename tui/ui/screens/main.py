"""The desk: incident list, detail view with timeline, team board, header and footer.

At 80×24 one pane shows at a time (tabs above, `tab`/`shift+tab` move between panes); from
160 columns the three stand side by side. The screen owns no data: the app's store watcher
hands it `DeskSnapshot`s and `DetailData`, and it hands the officer's choices to the forms.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, Tab, Tabs

from tui.model.filters import IncidentFilter
from tui.model.records import Team
from tui.store.store import Store
from tui.ui.actions import (
    DESK_ACTIONS,
    NEEDS_INCIDENT,
    WRITE_ACTIONS,
    bound_key,
    screen_bindings,
    typed_in_text,
    write_keys,
)
from tui.ui.rows import describe_filter, merge_rows
from tui.ui.screens.desk_forms import DeskForms
from tui.ui.snapshot import DeskSnapshot, DetailData
from tui.ui.widgets.duty_header import DutyHeader
from tui.ui.widgets.handover_banner import HandoverBanner
from tui.ui.widgets.incident_detail import IncidentDetail
from tui.ui.widgets.incident_list import IncidentList
from tui.ui.widgets.team_board import TeamBoard, is_overdue

#: Width from which the three panes stand side by side.
WIDE = 160

#: Where `tab` goes next, and the pane each stop belongs to.
FOCUS_ORDER: tuple[tuple[str, str], ...] = (
    ("#search", "incidents-pane"),
    ("#incidents", "incidents-pane"),
    ("#detail-scroll", "detail-pane"),
    ("#timeline", "detail-pane"),
    ("#teams", "teams-pane"),
)
PANE_FOCUS: dict[str, str] = {
    "incidents-pane": "#incidents",
    "detail-pane": "#timeline",
    "teams-pane": "#teams",
}


@dataclass(frozen=True, slots=True)
class DeskCommand:
    """One entry of the command palette."""

    title: str
    help: str
    callback: Callable[[], Any]


class MainScreen(DeskForms, inherit_bindings=False):
    """The duty officer's desk."""

    CSS_PATH = "main.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        *screen_bindings(),
        Binding("ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False),
    ]

    class Ready(Message):
        """The panes exist: the app may start watching the store."""

    class IncidentChosen(Message):
        """Another incident is selected (None: none): its detail is wanted."""

        def __init__(self, incident_id: str | None) -> None:
            super().__init__()
            self.incident_id = incident_id

    active_pane: var[str] = var("incidents-pane")
    """The pane shown at 80 columns (all three show when wide); follows the focus."""

    wide: var[bool] = var(False)
    """True from `WIDE` columns: the three panes stand side by side."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime],
        keymap: Mapping[str, str],
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.keymap = keymap
        self.snapshot: DeskSnapshot | None = None
        """What the panes show: the first full snapshot with every change since merged in."""
        self.teams_by_id: dict[str, Team] = {}
        self._focus_at = 1
        """Index in FOCUS_ORDER of where focus is (or is about to be)."""
        self._refused_at = -10.0
        self._warned: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        store = self.store
        yield DutyHeader(
            region=store.region.name_en,
            station=store.station,
            operator=store.operator,
            read_only=store.read_only,
            clock=self.clock,
            tz=store.tz,
            id="header",
        )
        yield HandoverBanner(id="handover-banner")
        tabs = Tabs(
            Tab("Incidents", id="tab-incidents-pane"),
            Tab("Detail", id="tab-detail-pane"),
            Tab("Teams", id="tab-teams-pane"),
            id="pane-tabs",
        )
        tabs.can_focus = False
        yield tabs
        with Horizontal(id="panes"):
            with Vertical(id="incidents-pane", classes="pane -active"):
                yield Static("Incidents", id="list-title", classes="pane-title")
                yield Input(placeholder="type to filter: ref, title, place…", id="search")
                yield IncidentList(id="incidents")
            with Vertical(id="detail-pane", classes="pane"):
                yield IncidentDetail(id="detail")
            with Vertical(id="teams-pane", classes="pane"):
                yield Static("Teams", id="teams-title", classes="pane-title")
                yield TeamBoard(self.clock, store.tz, id="teams")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(IncidentList).focus()
        self.wide = self.size.width >= WIDE
        self.post_message(self.Ready())

    def on_resize(self, event: events.Resize) -> None:
        self.wide = event.size.width >= WIDE

    def watch_wide(self, wide: bool) -> None:
        self.set_class(wide, "-wide")

    def watch_active_pane(self, pane: str) -> None:
        for widget in self.query(".pane"):
            widget.set_class(widget.id == pane, "-active")
        tabs = self.query_one(Tabs)
        if tabs.active != f"tab-{pane}":
            # Only a click on a tab should move the focus: not our own update of the tabs.
            with tabs.prevent(Tabs.TabActivated):
                tabs.active = f"tab-{pane}"

    # -- data in ------------------------------------------------------------------------------

    @property
    def panes_ready(self) -> bool:
        """False before the panes are composed and after they are gone (closing)."""
        return bool(self.query(IncidentList))

    def apply_snapshot(self, snap: DeskSnapshot) -> None:
        """New data from the store watcher: redraw what changed, keeping cursor, selection and
        filter. A change list touches only its rows, the team board and the open detail."""
        current = self.snapshot
        if not snap.full and current is not None:
            current.refs.update(snap.refs)
            snap.refs = current.refs
            if snap.teams is None:
                snap.teams = current.teams
        self.snapshot = snap
        teams = snap.teams or []
        self.teams_by_id = {t.id: t for t in teams}
        header = self.query_one(DutyHeader)
        header.set_regime(snap.regime)
        header.set_operator(self.store.operator)
        self.query_one(HandoverBanner).set_pending(
            snap.pending, bound_key(self, "handover.pending")
        )
        if snap.full or snap.teams is not (current.teams if current else None) or snap.refs:
            self.query_one(TeamBoard).set_teams(self.roster(), snap.refs)
        incidents = self.incident_list
        before = incidents.selected_id
        if snap.full or current is None:
            incidents.set_rows(snap.rows, keep=snap.select)
        elif snap.rows or snap.removed:
            rows = merge_rows(incidents.all_rows, snap.rows, snap.removed)
            incidents.set_rows(rows, keep=snap.select)
        elif snap.select:
            incidents.set_rows(incidents.all_rows, keep=snap.select)
        if snap.select and incidents.selected_id != snap.select:
            ref = snap.refs.get(snap.select, "the incident")
            self.notify(f"{ref} is saved but hidden by the filter", severity="warning")
        self._update_titles()
        selected = incidents.selected_id
        if snap.detail is not None and snap.detail.incident.id == selected:
            self.show_detail(snap.detail)
        elif selected is None:
            self.show_detail(None)
        elif selected != before or (snap.full and snap.detail is None):
            self.post_message(self.IncidentChosen(selected))
        for note in snap.notes:
            self.notify(note, markup=False)
        self._warn(snap.warnings)
        self.refresh_bindings()  # "acknowledge" and "resolve" depend on the data

    def _warn(self, warnings: tuple[str, ...]) -> None:
        """Say each warning about the data once, and again only after it went away."""
        for warning in warnings:
            if warning not in self._warned:
                self.notify(warning, severity="warning", timeout=15, markup=False)
        self._warned = warnings

    def show_detail(self, data: DetailData | None) -> None:
        """Show an incident loaded off the UI thread (if it is still the selected one)."""
        if data is not None and data.incident.id != self.selected_id:
            return
        snap = self.snapshot
        conflicts = snap.conflicts.get(data.incident.id, []) if snap and data else []
        self.query_one(IncidentDetail).show(
            data,
            region=self.store.region,
            tz=self.store.tz,
            now=self.clock(),
            teams=self.teams_by_id,
            refs=snap.refs if snap else {},
            conflicts=conflicts,
            resolve_key=bound_key(self, "conflict.resolve"),
        )

    def _update_titles(self) -> None:
        incidents = self.incident_list
        total, shown = len(incidents.all_rows), len(incidents.rows)
        title = Text.assemble(("Incidents ", "bold"))
        if incidents.where.is_empty:
            title.append(f"{total:,}")
        else:
            title.append(f"{shown:,} of {total:,} · filter: ")
            title.append(describe_filter(incidents.where, self.store.region, self.store.tz))
        open_count = sum(1 for r in incidents.all_rows if r.is_open)
        title.append(f" · {open_count:,} open", style="dim")
        self.query_one("#list-title", Static).update(title)
        teams = self.roster()
        now = self.clock()
        committed = sum(1 for t in teams if t.incident)
        overdue = sum(1 for t in teams if is_overdue(t, now))
        teams_title = Text.assemble(("Teams ", "bold"), f"{len(teams)} · {committed} committed")
        if overdue:
            teams_title.append(f" · ⚠ {overdue} overdue", style="bold")
        self.query_one("#teams-title", Static).update(teams_title)

    # -- messages up --------------------------------------------------------------------------

    @on(IncidentList.Highlighted, "#incidents")
    def _incident_highlighted(self, event: IncidentList.Highlighted) -> None:
        selected = self.selected_id
        if selected is None:
            self.show_detail(None)
        self.post_message(self.IncidentChosen(selected))
        self.refresh_bindings()

    @on(IncidentList.Selected, "#incidents")
    def _incident_selected(self, event: IncidentList.Selected) -> None:
        self.focus_pane("detail-pane")

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        incidents = self.incident_list
        incidents.set_filter(incidents.where.with_text(event.value))
        self.post_message(self.ScopeChanged(not incidents.where.is_empty))
        self._update_titles()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.incident_list.focus()

    @on(Tabs.TabActivated, "#pane-tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        pane = (event.tab.id or "").removeprefix("tab-")
        if pane and pane != self.active_pane:
            self.focus_pane(pane)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for n, (selector, _pane) in enumerate(FOCUS_ORDER):
            if event.widget.id == selector[1:]:
                self._focus_at = n
        for ancestor in event.widget.ancestors_with_self:
            if isinstance(ancestor, Widget) and ancestor.has_class("pane"):
                self.active_pane = ancestor.id or self.active_pane
                break

    def on_key(self, event: events.Key) -> None:
        """In a read-only session the write keys are not bound: say why nothing happens."""
        if self.store.read_only and event.key in write_keys(self.keymap):
            event.stop()
            now = time.monotonic()
            if now - self._refused_at < 3.0:
                return  # one toast per burst of keys is enough
            self._refused_at = now
            self.notify(
                "read-only: this session cannot change the database (opened with --read-only)",
                severity="warning",
            )

    # -- panes --------------------------------------------------------------------------------

    def focus_pane(self, pane: str, selector: str | None = None) -> None:
        """Show `pane` (it may be hidden at 80 columns), then focus its main widget."""
        selector = selector or PANE_FOCUS[pane]
        self._focus_at = next(n for n, (sel, _) in enumerate(FOCUS_ORDER) if sel == selector)
        self.active_pane = pane
        self.call_after_refresh(self.query_one(selector).focus)

    def _focus_step(self, step: int) -> None:
        """Move to the next stop of FOCUS_ORDER, skipping one that cannot take focus now (the
        fields pane when everything fits). Counts from the intended stop, not the focused one,
        so several quick presses each move on although focus lands only after a refresh."""
        for n in range(1, len(FOCUS_ORDER) + 1):
            selector, pane = FOCUS_ORDER[(self._focus_at + step * n) % len(FOCUS_ORDER)]
            widget = self.query_one(selector)
            if selector != "#detail-scroll" or _scrollable(widget):
                self.focus_pane(pane, selector)
                return

    def action_next_pane(self) -> None:
        self._focus_step(1)

    def action_previous_pane(self) -> None:
        self._focus_step(-1)

    def action_back(self) -> None:
        self.focus_pane("incidents-pane")

    # -- the list's filter -------------------------------------------------------------------

    def action_filter(self) -> None:
        self._open_form("filter", "FilterForm", self.incident_list.where, done=self._filter_chosen)

    def _filter_chosen(self, result: IncidentFilter | None) -> None:
        if result is not None:
            self.set_filter(result)

    def set_filter(self, where: IncidentFilter) -> None:
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = where.text
        self.incident_list.set_filter(where)
        self.post_message(self.ScopeChanged(not where.is_empty))
        self._update_titles()

    def action_clear_filter(self) -> None:
        self.set_filter(IncidentFilter())

    # -- which actions apply ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The desk's letter keys are priority bindings, so that a form opens before the keys
        # typed after its key are handed on (type-ahead over a slow link reaches the form).
        # In the search box those letters are text.
        if isinstance(self.focused, Input) and typed_in_text(action, self.keymap):
            return False
        return self.applies(action)

    def applies(self, action: str) -> bool | None:
        """Whether an action can run here and now: False hidden, None dimmed, True runs."""
        if action in WRITE_ACTIONS and self.store.read_only:
            return False
        if action in NEEDS_INCIDENT and self.selected_id is None:
            return None  # shown dimmed: there is nothing to act on yet
        if action in ("edit_team", "retire_team"):
            return bool(self.roster())
        if action == "correct_entry":
            detail = self.query_one(IncidentDetail)
            return detail.highlighted_entry is not None
        if action == "resolve_conflict":
            return bool(self.selected_conflicts())
        if action == "handover_pending":
            return bool(self.snapshot and self.snapshot.pending)
        return True

    def palette_commands(self) -> list[DeskCommand]:
        """Every action that applies here and now, for the command palette."""
        selected = self.snapshot.refs.get(self.selected_id or "") if self.snapshot else None
        on = f" on {selected}" if selected else ""
        commands = []
        for action in DESK_ACTIONS:
            if not action.palette:
                continue
            if action.action == "clear_filter" and self.incident_list.where.is_empty:
                continue
            if action.action == "quick_log" and not selected:
                continue  # with none selected, "Duty-log entry" is the one offered
            if not self.applies(action.action):
                continue
            title = action.title + (on if action.needs_incident else "")
            callback = getattr(self, f"action_{action.action}")
            commands.append(DeskCommand(title, action.help, callback))
        return commands


def _scrollable(widget: Widget) -> bool:
    """True if a scroll container has more to show than fits (only then is it worth a stop)."""
    return widget.virtual_size.height > widget.scrollable_content_region.height
