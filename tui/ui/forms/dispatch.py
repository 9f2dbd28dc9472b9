"""Dispatch a team (`d`): an available team, the incident it goes to, and when it checks in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from tui.model.records import Team, TeamStatus
from tui.model.text import printable
from tui.store.store import Store
from tui.ui.forms.base import FormScreen, ListedIncident
from tui.ui.forms.fields import FieldRow, FormSelect, options
from tui.ui.text import literal
from tui.ui.widgets.time_input import TimeField

#: The first status of a dispatched team: alerted at the station, or already on the road.
#: A dispatched team is on its way unless it is only alerted: en route is offered first.
DISPATCH_STATUSES = (TeamStatus.EN_ROUTE.value, TeamStatus.ALERTED.value)


@dataclass(frozen=True, slots=True)
class Dispatch:
    team: str
    incident: str
    status: str
    check_in_due: datetime | None
    note: str


def team_label(team: Team) -> str:
    return f"{team.callsign} · {team.name} ({team.type.replace('_', ' ')})"


def incident_label(incident: ListedIncident, width: int = 60) -> str:
    text = printable(f"{incident.ref} · {incident.title}", single_line=True)
    return text if len(text) <= width else text[: width - 1] + "…"


class DispatchForm(FormScreen[Team]):
    """Dismisses with the dispatched Team."""

    HEADING = "Dispatch a team"
    AUTO_FOCUS = "#team"

    def __init__(
        self,
        store: Store,
        teams: Sequence[Team],
        open_incidents: Sequence[ListedIncident],
        chosen: ListedIncident | None,
    ) -> None:
        """What the desk shows: its teams, its open incidents (newest first) and the selected
        incident, offered first even if it is closed."""
        super().__init__(store)
        self.available = [t for t in teams if t.status == TeamStatus.AVAILABLE.value]
        self.open_incidents = list(open_incidents)
        self.chosen_incident = chosen
        if chosen is not None and all(i.id != chosen.id for i in self.open_incidents):
            self.open_incidents.insert(0, chosen)

    def compose_fields(self) -> ComposeResult:
        store = self.store
        teams = {t.id: t for t in self.available}
        yield FieldRow(
            "team *",
            FormSelect(
                options(teams, lambda i: team_label(teams[i])),
                prompt="no team is available" if not teams else "choose a team",
                allow_blank=not teams,
                id="team",
                compact=True,
            ),
            key="team",
            required="no team is available to dispatch" if not teams else "choose a team",
        )
        incidents = {i.id: i for i in self.open_incidents}
        yield FieldRow(
            "incident *",
            FormSelect(
                options(incidents, lambda i: incident_label(incidents[i])),
                prompt="no open incident" if not incidents else "choose an incident",
                value=self.chosen_incident.id if self.chosen_incident else Select.NULL,
                id="incident",
                compact=True,
            ),
            key="incident",
            required="choose the incident the team goes to",
        )
        yield FieldRow(
            "status",
            FormSelect(
                options(DISPATCH_STATUSES),
                value=DISPATCH_STATUSES[0],
                allow_blank=False,
                id="status",
                compact=True,
            ),
            key="status",
        )
        yield FieldRow(
            "check in by",
            TimeField(
                "", now=store.clock, tz=store.tz, mode="due", optional=True, input_id="check_in_due"
            ),
            key="check_in_due",
        )
        yield FieldRow(
            "note", Input(placeholder="task, route, contact", id="note", compact=True), key="note"
        )

    def compose_header(self) -> ComposeResult:
        if not self.available:
            yield Static(
                literal("Every team is committed or out of service: none can be dispatched."),
                classes="form-context",
                markup=False,
            )

    def gather(self) -> Dispatch:
        return Dispatch(
            team=self.value("team"),
            incident=self.value("incident"),
            status=self.value("status"),
            check_in_due=self.instant("check_in_due"),
            note=self.value("note").strip(),
        )

    def save(self, payload: Dispatch) -> Team:
        return self.store.dispatch_team(
            payload.team,
            payload.incident,
            status=payload.status,
            check_in_due=payload.check_in_due,
            note=payload.note,
        )
