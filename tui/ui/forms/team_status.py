"""Update a team's status (`u`): only its legal next statuses; out of service needs a reason.

Sending an available team out is a dispatch (it needs the incident), so for an available team
this form offers only what needs no incident and points at the dispatch form for the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select

from tui.model.lifecycle import TEAM_SERVING, TEAM_TRANSITIONS
from tui.model.records import Team, TeamStatus, label
from tui.store.store import Store
from tui.ui.forms.base import FormScreen
from tui.ui.forms.dispatch import team_label
from tui.ui.forms.fields import FieldRow, FormSelect, options
from tui.ui.forms.validators import Required
from tui.ui.widgets.time_input import TimeField


@dataclass(frozen=True, slots=True)
class TeamUpdate:
    team: str
    status: str
    check_in_due: datetime | None
    note: str
    reason: str


#: The round a team makes, so the next step of the cycle is offered first (out of service last).
CYCLE = (
    TeamStatus.AVAILABLE,
    TeamStatus.ALERTED,
    TeamStatus.EN_ROUTE,
    TeamStatus.ON_SCENE,
    TeamStatus.RETURNING,
)


def next_statuses(team: Team) -> list[str]:
    """The statuses this form can move the team to, the next step of the cycle first."""
    current = TeamStatus(team.status)
    allowed = TEAM_TRANSITIONS[current]
    if current is TeamStatus.AVAILABLE:
        allowed = frozenset(s for s in allowed if s not in TEAM_SERVING)
    start = CYCLE.index(current) + 1 if current in CYCLE else 0
    order = (*CYCLE[start:], *CYCLE[:start], TeamStatus.OUT_OF_SERVICE)
    return [s.value for s in order if s in allowed]


class TeamStatusForm(FormScreen[Team]):
    """Dismisses with the Team in its new status."""

    HEADING = "Team status"
    AUTO_FOCUS = "#team"
    FIELD_KEYS: ClassVar[Mapping[str, str]] = {"status_reason": "reason"}

    def __init__(self, store: Store, teams: Sequence[Team], team_id: str | None) -> None:
        """`teams` is the board as the desk shows it; `team_id` the one it was opened on."""
        super().__init__(store)
        self.teams = {t.id: t for t in teams}
        self.first_team = team_id if team_id in self.teams else None

    def compose_fields(self) -> ComposeResult:
        teams = self.teams
        first = self.first_team or next(iter(teams), None)
        yield FieldRow(
            "team *",
            FormSelect(
                options(teams, lambda i: f"{team_label(teams[i])} · {label(teams[i].status)}"),
                value=first if first else Select.NULL,
                allow_blank=not teams,
                prompt="no teams yet",
                id="team",
                compact=True,
            ),
            key="team",
            required="choose a team",
        )
        statuses = next_statuses(teams[first]) if first else []
        yield FieldRow(
            "new status *",
            FormSelect(
                options(statuses),
                value=statuses[0] if statuses else Select.NULL,
                allow_blank=not statuses,
                prompt="nothing to change",
                id="status",
                compact=True,
            ),
            key="status",
            required="choose the new status",
        )
        yield FieldRow(
            "check in by",
            TimeField(
                "",
                now=self.store.clock,
                tz=self.store.tz,
                mode="due",
                optional=True,
                input_id="check_in_due",
            ),
            key="check_in_due",
        )
        yield FieldRow("note", Input(id="note", compact=True), key="note")
        yield FieldRow(
            "reason",
            Input(
                placeholder="required for out of service",
                validators=[
                    Required(
                        "taking a team out of service needs a reason",
                        when=self._reason_needed,
                    )
                ],
                id="reason",
                compact=True,
            ),
            key="reason",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._status_changed()
        if self.first_team:  # opened on a team's row: its status is what is being changed
            self.query_one("#status").focus()

    def _reason_needed(self) -> bool:
        return self.value("status") == TeamStatus.OUT_OF_SERVICE.value

    @on(Select.Changed, "#team")
    def _team_chosen(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        statuses = next_statuses(self.teams[str(event.value)])
        status = self.query_one("#status", FormSelect)
        status.set_options(options(statuses))
        if statuses:
            status.value = statuses[0]
        self._status_changed()

    @on(Select.Changed, "#status")
    def _status_changed(self) -> None:
        self.row("reason").set_caption("reason *" if self._reason_needed() else "reason")
        serving = self.value("status") in {s.value for s in TEAM_SERVING}
        self.row("check_in_due").display = serving
        reason = self.row("reason")
        if reason.has_class("-invalid"):
            reason.show(reason.check())
        team_id = self.value("team")
        if self.store.read_only:
            return
        if team_id and self.teams[team_id].status == TeamStatus.AVAILABLE.value:
            self.say("To send an available team out, use Dispatch (d).", error=False)
        else:
            self.say("", error=False)

    def gather(self) -> TeamUpdate:
        serving = self.value("status") in {s.value for s in TEAM_SERVING}
        return TeamUpdate(
            team=self.value("team"),
            status=self.value("status"),
            check_in_due=self.instant("check_in_due") if serving else None,
            note=self.value("note").strip(),
            reason=self.value("reason").strip(),
        )

    def save(self, payload: TeamUpdate) -> Team:
        return self.store.set_team_status(
            payload.team,
            payload.status,
            check_in_due=payload.check_in_due,
            note=payload.note,
            reason=payload.reason,
        )
