"""The team status board: every team, its status, the incident it serves, time in status.

The time-in-status clocks run, but a terminal over a slow SSH link must not be repainted every
second: the clocks have minute resolution ("1h 05m"), the board checks once a second, and only a
row whose text changed is redrawn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import ClassVar

from rich.text import Text

from tui.model.records import Team, TeamStatus, label
from tui.model.timegrammar import format_local_short, from_iso
from tui.ui.text import clean
from tui.ui.widgets.line_list import LineList

OVERDUE = "⚠ OVERDUE"


def time_in_status(since: datetime, now: datetime) -> str:
    """ "12m", "1h 05m", "3d 04h": minute resolution, so a row repaints once a minute at most."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours:02d}h"


def is_overdue(team: Team, now: datetime) -> bool:
    """Past its check-in time while committed to an incident."""
    if not team.check_in_due:
        return False
    try:
        committed = TeamStatus(team.status).is_committed
    except ValueError:
        committed = False
    return committed and from_iso(team.check_in_due) < now


@dataclass(slots=True)
class TeamRow:
    team: Team
    callsign: str
    status: str
    incident_ref: str
    since: datetime


class TeamBoard(LineList):
    """One line per team: call sign, status, time in status, check-in, incident, name."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"team-board--overdue", "team-board--idle"}

    def __init__(self, clock: Callable[[], datetime], tz: tzinfo, *, id: str | None = None):
        super().__init__(id=id)
        self.clock = clock
        self.tz = tz
        self.rows: list[TeamRow] = []
        self.loaded = False
        self._shown: list[tuple[str, str]] = []
        """What each row's running parts said when last drawn: (time in status, check-in)."""

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def selected_team(self) -> Team | None:
        return self.rows[self.cursor].team if self.rows else None

    def set_teams(self, teams: list[Team], refs: Mapping[str, str]) -> None:
        """New data; the cursor stays on its team. When the same teams stand in the same order
        (a status changed), only the rows that read differently are redrawn."""
        keep = self.selected_team.id if self.rows and self.selected_team else None
        before = self.rows
        self.rows = [
            TeamRow(
                team=t,
                callsign=clean(t.callsign),
                status=label(clean(t.status)),
                incident_ref=clean(refs.get(t.incident, "?")) if t.incident else "",
                since=from_iso(t.status_since),
            )
            for t in teams
        ]
        self.loaded = True
        now = self.clock()
        shown_before, self._shown = self._shown, [self._running_parts(r, now) for r in self.rows]
        same_teams = [r.team.id for r in before] == [r.team.id for r in self.rows]
        if before and same_teams and self._widths_of(shown_before, before) == self._widths():
            for n, (old, new) in enumerate(zip(before, self.rows, strict=True)):
                if old != new or shown_before[n] != self._shown[n]:
                    self.refresh_line(n + 1)
            return
        index = next((i for i, r in enumerate(self.rows) if r.team.id == keep), None)
        self.rows_changed(self.cursor if index is None else index)

    def _running_parts(self, row: TeamRow, now: datetime) -> tuple[str, str]:
        if is_overdue(row.team, now):
            check = OVERDUE
        elif row.team.check_in_due and row.incident_ref:
            check = "due " + format_local_short(from_iso(row.team.check_in_due), self.tz, now)
        else:
            check = ""
        return time_in_status(row.since, now), check

    def tick(self) -> None:
        """Redraw only the rows whose clock or check-in flag changed since they were drawn."""
        if not self.rows:
            return
        now = self.clock()
        for index, row in enumerate(self.rows):
            running = self._running_parts(row, now)
            if running != self._shown[index]:
                self._shown[index] = running
                self.refresh_line(index + 1)

    def empty_text(self) -> str:
        return " loading teams…" if not self.loaded else " no teams yet"

    def _widths(self) -> tuple[int, int, int, int]:
        return self._widths_of(self._shown, self.rows)

    @staticmethod
    def _widths_of(shown: list[tuple[str, str]], rows: list[TeamRow]) -> tuple[int, int, int, int]:
        """Column widths for these rows (a change of width redraws the whole board)."""
        if not rows:
            return (9, 8, 7, 9)
        return (
            max(9, *(len(r.callsign) for r in rows)),
            max(6, *(len(r.status) for r in rows)),
            7,
            max(9, *(len(s[1]) for s in shown)),
        )

    def render_header(self, width: int) -> Text:
        call_w, status_w, time_w, check_w = self._widths()
        return Text.assemble(
            " ",
            "Call sign".ljust(call_w + 1),
            "Status".ljust(status_w + 1),
            "For".rjust(time_w) + " ",
            "Check-in".ljust(check_w + 1),
            "Incident     ",
            "Name",
        )

    def render_row(self, index: int, width: int) -> Text:
        row = self.rows[index]
        call_w, status_w, time_w, check_w = self._widths()
        in_status, check = self._shown[index]
        overdue = check == OVERDUE
        idle = row.team.status in (TeamStatus.AVAILABLE.value, TeamStatus.OUT_OF_SERVICE.value)
        style = self.get_component_rich_style("team-board--idle", partial=True) if idle else ""
        check_style = (
            self.get_component_rich_style("team-board--overdue", partial=True) if overdue else ""
        )
        return Text.assemble(
            " ",
            (row.callsign.ljust(call_w + 1), "bold"),
            row.status.ljust(status_w + 1),
            in_status.rjust(time_w) + " ",
            (check.ljust(check_w + 1), check_style),
            (row.incident_ref or "—").ljust(13),
            ("⚠ DAMAGED RECORD " if row.team.damaged else "") + clean(row.team.name),
            style=style,
        )
