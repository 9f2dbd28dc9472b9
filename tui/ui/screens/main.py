"""The desk: incident list, detail view with timeline, team board, header and footer.

At 80×24 one pane shows at a time (tabs above, `tab`/`shift+tab` move between panes); from
160 columns the three stand side by side. The screen owns no data: the app's store watcher
hands it `DeskSnapshot`s and `DetailData`, and it hands the officer's choices to the forms.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, Tab, Tabs

from tui.model.filters import IncidentFilter
from tui.model.gazetteer import Region
from tui.model.records import Conflict, Incident, Team, TimelineEntry, label
from tui.model.timegrammar import format_local, from_iso
from tui.ui.text import clean
from tui.ui.widgets.conflict_panel import resolvable
from tui.ui.widgets.duty_header import DutyHeader
from tui.ui.widgets.handover_banner import HandoverBanner
from tui.ui.widgets.incident_detail import DetailData, IncidentDetail, Timeline
from tui.ui.widgets.incident_list import IncidentList, IncidentRow
from tui.ui.widgets.team_board import TeamBoard, is_overdue

if TYPE_CHECKING:
    from tui.ui.app import DutyDeskApp

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

#: Actions that change the database: absent in a read-only session.
WRITE_ACTIONS = frozenset(
    {
        "new_incident",
        "edit_incident",
        "quick_log",
        "status_change",
        "dispatch",
        "team_update",
        "correct_entry",
        "duty_log",
        "change_regime",
        "handover",
        "handover_pending",
        "import_bundle",
        "resolve_conflict",
    }
)
#: Actions bound to a printable key: in the search box, that key is typed text instead.
TYPED_KEY_ACTIONS = frozenset(
    {
        "new_incident",
        "edit_incident",
        "quick_log",
        "status_change",
        "dispatch",
        "team_update",
        "filter",
        "shift_report",
        "resolve_conflict",
        "handover_pending",
        "help",
        "quit",
    }
)
#: Actions that need a selected incident.
NEEDS_INCIDENT = frozenset({"edit_incident", "status_change"})


@dataclass(slots=True)
class DeskSnapshot:
    """Everything the panes show, built off the UI thread from one store version."""

    version: int
    now: datetime
    rows: list[IncidentRow]
    teams: list[Team]
    regime: dict[str, Any]
    refs: dict[str, str]
    detail: DetailData | None = None
    select: str | None = None
    """An incident to move the cursor to (a form just saved it)."""
    notes: list[str] = field(default_factory=list)
    conflicts: dict[str, list[Conflict]] = field(default_factory=dict)
    """Open merge conflicts by incident id: marked in the list, listed in the detail view."""
    pending: list[dict[str, Any]] = field(default_factory=list)
    """Items the last handovers left unacknowledged ({key, label, reason})."""


@dataclass(frozen=True, slots=True)
class DeskCommand:
    """One entry of the command palette."""

    title: str
    help: str
    callback: Callable[[], Any]


class MainScreen(Screen[None], inherit_bindings=False):
    """The duty officer's desk."""

    CSS_PATH = "main.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_incident", "New", id="incident.new", priority=True),
        # `e` and `q` are not in the 80-column footer, which is full with `r` added: both are in
        # help and in the palette ("Edit incident", "Quit").
        Binding("e", "edit_incident", "Edit", show=False, id="incident.edit", priority=True),
        Binding("l", "quick_log", "Log", id="incident.log", priority=True),
        Binding("s", "status_change", "Status", id="incident.status", priority=True),
        Binding("d", "dispatch", "Dispatch", id="team.dispatch", priority=True),
        Binding("u", "team_update", "Team", id="team.update", priority=True),
        Binding("slash", "filter", "Filter", id="incident.filter", priority=True),
        Binding("r", "shift_report", "Report", id="report.shift", priority=True),
        # Advertised where they apply (the conflict panel, the handover banner), in help and in
        # the palette: the 80-column footer has no room left for them.
        Binding(
            "x",
            "resolve_conflict",
            "Resolve conflict",
            show=False,
            id="conflict.resolve",
            priority=True,
        ),
        Binding(
            "a",
            "handover_pending",
            "Acknowledge handover items",
            show=False,
            id="handover.pending",
            priority=True,
        ),
        Binding("question_mark", "help", "Help", id="app.help", priority=True),
        Binding("q", "quit", "Quit", show=False, id="app.quit", priority=True),
        Binding("tab", "next_pane", "Next pane", show=False, id="pane.next", priority=True),
        Binding(
            "shift+tab",
            "previous_pane",
            "Previous pane",
            show=False,
            id="pane.previous",
            priority=True,
        ),
        Binding("escape", "back", "Back to the list", show=False, id="pane.back"),
        Binding("ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False),
    ]

    active_pane: var[str] = var("incidents-pane")
    """The pane shown at 80 columns (all three show when wide); follows the focus."""

    wide: var[bool] = var(False)
    """True from `WIDE` columns: the three panes stand side by side."""

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: DeskSnapshot | None = None
        self._focus_at = 1
        self._refused_at = -10.0
        """Index in FOCUS_ORDER of where focus is (or is about to be)."""
        self.teams_by_id: dict[str, Team] = {}

    @property
    def desk(self) -> DutyDeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        store = self.desk.store
        yield DutyHeader(
            region=store.region.name_en,
            station=store.station,
            operator=store.operator,
            read_only=store.read_only,
            clock=self.desk.clock,
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
                yield TeamBoard(self.desk.clock, store.tz, id="teams")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(IncidentList).focus()
        self.wide = self.size.width >= WIDE
        self.desk.watch_store()

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
    def incident_list(self) -> IncidentList:
        return self.query_one(IncidentList)

    @property
    def selected_id(self) -> str | None:
        return self.incident_list.selected_id

    def apply_snapshot(self, snap: DeskSnapshot) -> None:
        """New data from the store watcher: redraw, keeping cursor, selection and filter."""
        self.snapshot = snap
        self.teams_by_id = {t.id: t for t in snap.teams}
        header = self.query_one(DutyHeader)
        header.set_regime(snap.regime)
        header.set_operator(self.desk.store.operator)
        writable = not self.desk.store.read_only
        self.query_one(HandoverBanner).set_pending(
            snap.pending, self.key_for("handover.pending") if writable else ""
        )
        board = self.query_one(TeamBoard)
        board.set_teams(snap.teams, snap.refs)
        incidents = self.incident_list
        before = incidents.selected_id
        incidents.set_rows(snap.rows, keep=snap.select)
        if snap.select and incidents.selected_id != snap.select:
            ref = snap.refs.get(snap.select, "the incident")
            self.notify(f"{ref} is saved but hidden by the filter", severity="warning")
        self._update_titles()
        selected = incidents.selected_id
        if snap.detail is not None and snap.detail.incident.id == selected:
            self.show_detail(snap.detail)
        elif selected is None:
            self.show_detail(None)
        elif selected != before or snap.detail is None:
            self.desk.load_detail(selected)
        for note in snap.notes:
            self.notify(note, markup=False)
        self.refresh_bindings()  # "acknowledge" and "resolve" depend on the data

    def show_detail(self, data: DetailData | None) -> None:
        """Show an incident loaded by the app's detail worker (if it is still the selected one)."""
        if data is not None and data.incident.id != self.selected_id:
            return
        snap = self.snapshot
        conflicts = snap.conflicts.get(data.incident.id, []) if snap and data else []
        writable = not self.desk.store.read_only
        self.query_one(IncidentDetail).show(
            data,
            region=self.desk.store.region,
            tz=self.desk.store.tz,
            now=self.desk.clock(),
            teams=self.teams_by_id,
            refs=snap.refs if snap else {},
            conflicts=conflicts,
            resolve_key=self.key_for("conflict.resolve") if writable else "",
        )

    def key_for(self, binding_id: str) -> str:
        """The key bound to one of this screen's bindings now (after the user's keymap)."""
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id == binding_id:
                spec = self.desk.keymap.get(binding_id, binding.key)
                return self.app.get_key_display(Binding(spec.split(",")[0].strip(), ""))
        return ""

    def selected_conflicts(self) -> list[Conflict]:
        """The selected incident's conflicts an officer can resolve by choosing a value."""
        snap, selected = self.snapshot, self.selected_id
        if snap is None or selected is None:
            return []
        return [c for c in snap.conflicts.get(selected, []) if resolvable(c)]

    def _update_titles(self) -> None:
        incidents = self.incident_list
        total, shown = len(incidents.all_rows), len(incidents.rows)
        title = Text.assemble(("Incidents ", "bold"))
        if incidents.where.is_empty:
            title.append(f"{total:,}")
        else:
            title.append(f"{shown:,} of {total:,} · filter: ")
            title.append(
                describe_filter(incidents.where, self.desk.store.region, self.desk.store.tz)
            )
        open_count = sum(1 for r in incidents.all_rows if r.is_open)
        title.append(f" · {open_count:,} open", style="dim")
        self.query_one("#list-title", Static).update(title)
        teams = self.snapshot.teams if self.snapshot else []
        now = self.desk.clock()
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
        self.desk.selected_hint = selected
        if selected is None:
            self.show_detail(None)
        else:
            self.desk.load_detail(selected)
        self.refresh_bindings()

    @on(IncidentList.Selected, "#incidents")
    def _incident_selected(self, event: IncidentList.Selected) -> None:
        self.focus_pane("detail-pane")

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        incidents = self.incident_list
        incidents.set_filter(incidents.where.with_text(event.value))
        self.desk.set_search_archives(not incidents.where.is_empty)
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
        if self.desk.store.read_only and event.key in self.desk.write_keys():
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

    # -- which actions apply ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The desk's letter keys are priority bindings, so that a form opens before the keys
        # typed after its key are handed on (type-ahead over a slow link reaches the form).
        # In the search box those letters are text.
        if action in TYPED_KEY_ACTIONS and isinstance(self.focused, Input):
            return False
        return self.applies(action)

    def applies(self, action: str) -> bool | None:
        """Whether an action can run here and now: False hidden, None dimmed, True runs."""
        if action in WRITE_ACTIONS and self.desk.store.read_only:
            return False
        if action in NEEDS_INCIDENT and self.selected_id is None:
            return None  # shown dimmed: there is nothing to act on yet
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
        candidates = [
            ("new_incident", "New incident", "Open the new-incident form"),
            ("edit_incident", f"Edit incident{on}", "Change the selected incident's fields"),
            ("quick_log", f"Quick log{on}", "Add a timeline entry to the selected incident"),
            ("duty_log", "Duty-log entry", "Add an entry to the general duty log"),
            ("status_change", f"Change status{on}", "Move the selected incident on"),
            ("dispatch", "Dispatch a team", "Send a team to the selected incident"),
            ("team_update", "Update a team's status", "Arrived, returning, available…"),
            ("correct_entry", "Correct timeline entry", "Correct the highlighted entry"),
            ("filter", "Filter incidents", "By status, severity, district, time"),
            ("clear_filter", "Clear filter", "Show every incident"),
            ("change_regime", "Change operating regime", "Routine, heightened, emergency"),
            ("resolve_conflict", f"Resolve conflict{on}", "Choose which station's value to keep"),
            ("shift_report", "Shift report", "The shift's report: read it, save it to a file"),
            ("handover", "Hand over the shift", "The incoming officer acknowledges open items"),
            ("handover_pending", "Acknowledge handover items", "Items left unacknowledged"),
            ("export_bundle", "Export a bundle…", "Changes to a file for another station"),
            ("import_bundle", "Import a bundle…", "Merge another station's bundle (dry run first)"),
            ("help", "Help: keys", "Every key that works on this screen"),
            ("quit", "Quit", "Leave Duty Desk"),
        ]
        commands = []
        for action, title, help_text in candidates:
            if action == "clear_filter" and self.incident_list.where.is_empty:
                continue
            if action == "quick_log" and not selected:
                continue
            if not self.applies(action):
                continue
            commands.append(DeskCommand(title, help_text, getattr(self, f"action_{action}")))
        return commands

    # -- actions ------------------------------------------------------------------------------

    def _open_form(self, module: str, name: str, *args: Any, done: Callable[[Any], None]) -> None:
        """Open a form of `tui.ui.forms` (imported when first used); `done` gets its result.

        A dotted `module` is relative to `tui.ui` ("screens.handover")."""
        path = f"tui.ui.{module}" if "." in module else f"tui.ui.forms.{module}"
        try:
            form_class = getattr(importlib.import_module(path), name)
        except (ImportError, AttributeError):
            self.notify(f"this form is not available yet ({module})", severity="error")
            return
        self.app.push_screen(form_class(self.desk.store, *args), callback=done)

    def _saved_incident(self, result: Incident | None) -> None:
        if result is not None:
            self.desk.request_reload(select=result.id)

    def _saved(self, result: object | None) -> None:
        if result is not None:
            self.desk.request_reload()

    def _selected_team_id(self) -> str | None:
        board = self.query_one(TeamBoard)
        team = board.selected_team
        return team.id if team is not None and board.has_focus else None

    def action_new_incident(self) -> None:
        self._open_form("new_incident", "NewIncidentForm", done=self._saved_incident)

    def action_edit_incident(self) -> None:
        if self.selected_id:
            self._open_form(
                "edit_incident", "EditIncidentForm", self.selected_id, done=self._saved_incident
            )

    def action_quick_log(self) -> None:
        listed = next((r for r in self.incident_list.rows if r.id == self.selected_id), None)
        self._open_form("quick_log", "QuickLogForm", listed, done=self._saved)

    def action_duty_log(self) -> None:
        self._open_form("quick_log", "QuickLogForm", None, done=self._saved)

    def action_correct_entry(self) -> None:
        entry = self.query_one(IncidentDetail).highlighted_entry
        if entry is not None:
            listed = next((r for r in self.incident_list.rows if r.id == entry.incident), None)
            self._open_form("quick_log", "QuickLogForm", listed, entry, done=self._saved)

    def action_status_change(self) -> None:
        listed = next((r for r in self.incident_list.rows if r.id == self.selected_id), None)
        if listed is not None:
            status = listed.fields["status"]
            self._open_form(
                "status_change", "StatusChangeForm", listed, status, done=self._saved_incident
            )

    def action_dispatch(self) -> None:
        if self.snapshot is None:
            return  # the desk is still loading: there is nothing to offer yet
        rows = self.snapshot.rows
        chosen = next((r for r in rows if r.id == self.selected_id), None)
        open_rows = [r for r in rows if r.is_open]
        teams = self.snapshot.teams
        self._open_form("dispatch", "DispatchForm", teams, open_rows, chosen, done=self._saved)

    def action_team_update(self) -> None:
        if self.snapshot is not None:
            teams, team_id = self.snapshot.teams, self._selected_team_id()
            self._open_form("team_status", "TeamStatusForm", teams, team_id, done=self._saved)

    def action_change_regime(self) -> None:
        if self.snapshot is not None:
            self._open_form("regime", "RegimeForm", self.snapshot.regime, done=self._saved)

    def action_shift_report(self) -> None:
        from tui.ui.screens.shift_report import ShiftReportScreen

        self.app.push_screen(ShiftReportScreen(self.desk.store))

    def action_handover(self) -> None:
        self._open_form("handover", "HandoverForm", done=self._handed_over)

    def _handed_over(self, entry: TimelineEntry | None) -> None:
        if entry is not None:
            operator = self.desk.store.operator  # the store switched to the incoming officer
            self.query_one(DutyHeader).set_operator(operator)
            self.desk.request_reload(note=f"Shift handed over: {operator} now holds the desk")

    def action_handover_pending(self) -> None:
        if self.snapshot and self.snapshot.pending:
            self._open_form(
                "acknowledge_pending",
                "AcknowledgePendingForm",
                self.snapshot.pending,
                done=self._acknowledged,
            )

    def _acknowledged(self, keys: list[str] | None) -> None:
        if keys:
            count = len(keys)
            self.desk.request_reload(
                note=f"{count} handover item{'s' if count != 1 else ''} acknowledged"
            )

    def action_resolve_conflict(self) -> None:
        conflicts = self.selected_conflicts()
        if conflicts:
            self._open_form(
                "resolve_conflict", "ResolveConflictForm", conflicts, done=self._resolved
            )

    def _resolved(self, result: str | None) -> None:
        if result is not None:
            self.desk.request_reload(note=result)

    def action_export_bundle(self) -> None:
        self._open_form("bundle_export", "ExportBundleForm", done=self._exported)

    def _exported(self, note: str | None) -> None:
        if note is not None:
            self.notify(note, markup=False)  # the database did not change: nothing to reload

    def action_import_bundle(self) -> None:
        self._open_form("bundle_import", "ImportBundleForm", done=self._exchanged)

    def _exchanged(self, note: str | None) -> None:
        if note is not None:
            self.desk.request_reload(note=note)

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
        self.desk.set_search_archives(not where.is_empty)
        self._update_titles()

    def action_clear_filter(self) -> None:
        self.set_filter(IncidentFilter())

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen, bindings_for

        self.app.push_screen(
            HelpScreen(bindings_for(self.app), read_only=self.desk.store.read_only)
        )

    def action_quit(self) -> None:
        self.app.exit(0)


def _scrollable(widget: Widget) -> bool:
    """True if a scroll container has more to show than fits (only then is it worth a stop)."""
    return widget.virtual_size.height > widget.scrollable_content_region.height


def describe_filter(where: IncidentFilter, region: Region, tz: tzinfo) -> str:
    """The filter in words for the list title: `"drone" · open · major, critical · Kozelsky`."""
    parts = []
    if where.text:
        parts.append(f'"{clean(where.text)}"')
    if where.statuses:
        parts.append(", ".join(sorted(label(s) for s in where.statuses)))
    if where.severities:
        parts.append(", ".join(sorted(where.severities)))
    if where.districts:
        names = []
        for key in sorted(where.districts):
            district = region.get(key)
            names.append(district.name_en.removesuffix(" District") if district else clean(key))
        parts.append(", ".join(names))
    if where.since:
        parts.append(f"since {format_local(from_iso(where.since), tz)}")
    if where.until:
        parts.append(f"until {format_local(from_iso(where.until), tz)}")
    return " · ".join(parts)


__all__ = ["DeskCommand", "DeskSnapshot", "MainScreen", "Timeline", "TimelineEntry"]
