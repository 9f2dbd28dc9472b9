"""Retire a team (palette: "Retire a team"): it leaves the roster, keeps its history, and is
offered for nothing after. A team still serving an incident is released first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Input

from tui.model.records import Team, label
from tui.store.store import Store
from tui.ui.forms.base import FormScreen
from tui.ui.forms.fields import FieldRow, FormSelect
from tui.ui.forms.validators import Required
from tui.ui.text import literal


@dataclass(frozen=True, slots=True)
class Retirement:
    team: str
    reason: str


class RetireTeamForm(FormScreen[Team]):
    """Dismisses with the retired team."""

    HEADING = "Retire a team"
    AUTO_FOCUS = "#team"
    FIELD_KEYS: ClassVar[Mapping[str, str]] = {"status_reason": "reason"}

    def __init__(self, store: Store, teams: Sequence[Team], chosen: str | None) -> None:
        """`teams` is the roster as the desk shows it; `chosen` the team to offer first."""
        super().__init__(store)
        self.teams = list(teams)
        self.chosen = chosen if any(t.id == chosen for t in self.teams) else None

    def compose_fields(self) -> ComposeResult:
        choices = [
            (literal(f"{t.callsign} · {t.name} · {label(t.status)}"), t.id) for t in self.teams
        ]
        yield FieldRow(
            "team",
            FormSelect(
                choices,
                value=self.chosen or (self.teams[0].id if self.teams else FormSelect.NULL),
                allow_blank=not self.teams,
                id="team",
                compact=True,
            ),
            key="team",
        )
        yield FieldRow(
            "reason *",
            Input(
                placeholder="disbanded, merged into SPAS-5, vehicle written off",
                validators=[Required("say why the team is retired")],
                id="reason",
                compact=True,
            ),
            key="reason",
        )

    def gather(self) -> Retirement:
        return Retirement(self.value("team"), self.value("reason").strip())

    def save(self, payload: Retirement) -> Team:
        return self.store.retire_team(payload.team, payload.reason)
