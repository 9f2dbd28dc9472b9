"""What the desk's actions open: each form with what the desk already holds, and what to do
with its result (ask for a reload, select the saved incident, say a note).

`MainScreen` is this plus the panes; kept apart so each file stays readable.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.message import Message
from textual.screen import Screen

from tui.model.records import Conflict, Incident, Team, TimelineEntry
from tui.store.store import Store
from tui.ui.actions import palette_only
from tui.ui.snapshot import DeskSnapshot
from tui.ui.widgets.conflict_panel import resolvable
from tui.ui.widgets.duty_header import DutyHeader
from tui.ui.widgets.incident_detail import IncidentDetail
from tui.ui.widgets.incident_list import IncidentList
from tui.ui.widgets.team_board import TeamBoard


class DeskForms(Screen[None]):
    """The desk's `action_*` methods that open forms and screens."""

    store: Store
    clock: Callable[[], datetime]
    snapshot: DeskSnapshot | None

    class ReloadWanted(Message):
        """A form saved something: build the panes now, move to `select`, say `note`."""

        def __init__(self, *, select: str | None = None, note: str | None = None) -> None:
            super().__init__()
            self.select = select
            self.note = note

    class ScopeChanged(Message):
        """A search or filter came on (the list reaches the archives) or went off."""

        def __init__(self, archives: bool) -> None:
            super().__init__()
            self.archives = archives

    @property
    def incident_list(self) -> IncidentList:
        return self.query_one(IncidentList)

    @property
    def selected_id(self) -> str | None:
        return self.incident_list.selected_id

    def selected_conflicts(self) -> list[Conflict]:
        """The selected incident's conflicts an officer can resolve by choosing a value."""
        snap, selected = self.snapshot, self.selected_id
        if snap is None or selected is None:
            return []
        return [c for c in snap.conflicts.get(selected, []) if resolvable(c)]

    # -- actions ------------------------------------------------------------------------------

    def _open_form(self, module: str, name: str, *args: Any, done: Callable[[Any], None]) -> None:
        """Open a form of `tui.ui.forms` (imported when first used, so the desk starts
        without them); `done` gets its result."""
        form_class = getattr(importlib.import_module(f"tui.ui.forms.{module}"), name)
        self.app.push_screen(form_class(self.store, *args), callback=done)

    def _reload(self, *, select: str | None = None, note: str | None = None) -> None:
        self.post_message(self.ReloadWanted(select=select, note=note))

    def _saved_incident(self, result: Incident | None) -> None:
        if result is not None:
            self._reload(select=result.id)

    def _saved(self, result: object | None) -> None:
        if result is not None:
            self._reload()

    def roster(self) -> list[Team]:
        """The teams on the roster now: a retired one keeps its history but is offered for
        nothing (not on the board, not in a form)."""
        teams = self.snapshot.teams if self.snapshot else None
        return [t for t in teams or [] if not t.retired]

    def _selected_team_id(self) -> str | None:
        board = self.query_one(TeamBoard)
        team = board.selected_team
        return team.id if team is not None and board.has_focus else None

    def _selected_team(self) -> Team | None:
        """The team under the board's cursor (the one an edit from the palette is about)."""
        return self.query_one(TeamBoard).selected_team

    def action_new_incident(self) -> None:
        self._open_form("new_incident", "NewIncidentForm", done=self._saved_incident)

    def action_edit_incident(self) -> None:
        if self.selected_id:
            self._open_form(
                "edit_incident", "EditIncidentForm", self.selected_id, done=self._saved_incident
            )

    def action_quick_log(self) -> None:
        self._open_form(
            "quick_log", "QuickLogForm", self.incident_list.selected_row, done=self._saved
        )

    def action_duty_log(self) -> None:
        self._open_form("quick_log", "QuickLogForm", None, done=self._saved)

    def action_correct_entry(self) -> None:
        entry = self.query_one(IncidentDetail).highlighted_entry
        if entry is not None:
            listed = self.incident_list.row_of(entry.incident) if entry.incident else None
            self._open_form("quick_log", "QuickLogForm", listed, entry, done=self._saved)

    def action_status_change(self) -> None:
        listed = self.incident_list.selected_row
        if listed is not None:
            status = listed.fields["status"]
            self._open_form(
                "status_change", "StatusChangeForm", listed, status, done=self._saved_incident
            )

    def action_dispatch(self) -> None:
        if self.snapshot is None:
            return  # the desk is still loading: there is nothing to offer yet
        chosen = self.incident_list.selected_row
        open_rows = [r for r in self.incident_list.all_rows if r.is_open]
        teams = self.roster()
        self._open_form("dispatch", "DispatchForm", teams, open_rows, chosen, done=self._saved)

    def action_team_update(self) -> None:
        if self.snapshot is not None:
            teams, team_id = self.roster(), self._selected_team_id()
            self._open_form("team_status", "TeamStatusForm", teams, team_id, done=self._saved)

    def action_add_team(self) -> None:
        self._open_form("roster_team", "RosterTeamForm", None, done=self._roster_saved)

    def action_edit_team(self) -> None:
        team = self._selected_team()
        if team is not None:
            self._open_form("roster_team", "RosterTeamForm", team, done=self._roster_saved)

    def action_retire_team(self) -> None:
        if self.snapshot is not None:
            teams, team_id = self.roster(), self._selected_team_id()
            self._open_form(
                "retire_team", "RetireTeamForm", teams, team_id, done=self._roster_saved
            )

    def _roster_saved(self, team: Team | None) -> None:
        if team is not None:
            what = "retired" if team.retired else "on the roster"
            self._reload(note=f"{team.callsign} {what}")

    def action_change_regime(self) -> None:
        if self.snapshot is not None:
            self._open_form("regime", "RegimeForm", self.snapshot.regime, done=self._saved)

    def action_shift_report(self) -> None:
        from tui.ui.screens.shift_report import ShiftReportScreen

        self.app.push_screen(ShiftReportScreen(self.store, self.clock))

    def action_handover(self) -> None:
        self._open_form("handover", "HandoverForm", done=self._handed_over)

    def _handed_over(self, entry: TimelineEntry | None) -> None:
        if entry is not None:
            operator = self.store.operator  # the store switched to the incoming officer
            self.query_one(DutyHeader).set_operator(operator)
            self._reload(note=f"Shift handed over: {operator} now holds the desk")

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
            self._reload(note=f"{count} handover item{'s' if count != 1 else ''} acknowledged")

    def action_resolve_conflict(self) -> None:
        conflicts = self.selected_conflicts()
        if conflicts:
            self._open_form(
                "resolve_conflict", "ResolveConflictForm", conflicts, done=self._resolved
            )

    def _resolved(self, result: str | None) -> None:
        if result is not None:
            self._reload(note=result)

    def action_export_bundle(self) -> None:
        self._open_form("bundle_export", "ExportBundleForm", done=self._exported)

    def _exported(self, note: str | None) -> None:
        if note is not None:
            self.notify(note, markup=False)  # the database did not change: nothing to reload

    def action_import_bundle(self) -> None:
        self._open_form("bundle_import", "ImportBundleForm", done=self._exchanged)

    def _exchanged(self, note: str | None) -> None:
        if note is not None:
            self._reload(note=note)

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen, bindings_for

        read_only = self.store.read_only
        palette = [(a.title, a.help) for a in palette_only(read_only)]
        self.app.push_screen(HelpScreen(bindings_for(self.app), palette, read_only=read_only))

    def action_quit(self) -> None:
        self.app.exit(0)
