"""Add a team to the roster, or edit one (palette: "Add a team", "Edit a team"): call sign
(fixed once added: it is the team's name on every station's board), name, type, home district.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from tui.model.records import Team, TeamType
from tui.model.text import printable
from tui.store.store import Store
from tui.ui.forms.base import FormScreen
from tui.ui.forms.fields import FieldRow, FormSelect, options
from tui.ui.forms.validators import DistrictName, MaxLength, Required, district_names


@dataclass(frozen=True, slots=True)
class RosterEntry:
    callsign: str
    name: str
    type: str
    home_district: str
    note: str


class RosterTeamForm(FormScreen[Team]):
    """Dismisses with the team as the store saved it."""

    AUTO_FOCUS = "#callsign, #name"  # the call sign when adding; it is fixed when editing
    FIELD_KEYS: ClassVar[Mapping[str, str]] = {"home_district": "district", "team": "callsign"}

    def __init__(self, store: Store, team: Team | None) -> None:
        """`team` None adds a new one; otherwise its fields are prefilled for editing."""
        super().__init__(store)
        self.team = team

    def heading(self) -> str:
        if self.team is None:
            return "Add a team to the roster"
        return f"Edit team {printable(self.team.callsign, single_line=True)}"

    def compose_header(self) -> ComposeResult:
        if self.team is not None:
            yield Static(
                "The call sign stays: it is the team's name on every station's board.",
                classes="form-context",
                markup=False,
            )

    def compose_fields(self) -> ComposeResult:
        team = self.team
        if team is None:
            yield FieldRow(
                "call sign *",
                Input(
                    placeholder="SPAS-5",
                    validators=[Required("a team needs a call sign"), MaxLength(40, "call sign")],
                    id="callsign",
                    compact=True,
                ),
                key="callsign",
            )
        yield FieldRow(
            "name *",
            Input(
                team.name if team else "",
                placeholder="Rescue team 5, Kozelsk",
                validators=[Required("a team needs a name")],
                id="name",
                compact=True,
            ),
            key="name",
        )
        types = [t.value for t in TeamType]
        yield FieldRow(
            "type",
            FormSelect(
                options(types),
                value=team.type if team and team.type in types else types[0],
                allow_blank=False,
                id="type",
                compact=True,
            ),
            key="type",
        )
        district = DistrictName(self.store.region)
        home = self.store.region.get(team.home_district) if team else None
        yield FieldRow(
            "district *",
            Input(
                home.name_en if home else "",
                placeholder="Kozelsky / Козельский",
                validators=[district],
                suggester=SuggestFromList(district_names(self.store.region), case_sensitive=False),
                id="district",
                compact=True,
            ),
            key="district",
            describe=district.describe,
        )
        yield FieldRow(
            "note",
            Input(team.note if team else "", placeholder="crew, vehicle", id="note", compact=True),
            key="note",
        )

    def gather(self) -> RosterEntry:
        return RosterEntry(
            self.team.callsign if self.team else self.value("callsign").strip(),
            self.value("name").strip(),
            self.value("type"),
            self.value("district").strip(),
            self.value("note").strip(),
        )

    def save(self, payload: RosterEntry) -> Team:
        if self.team is None:
            return self.store.create_team(
                payload.callsign,
                payload.name,
                payload.type,
                payload.home_district,
                note=payload.note,
            )
        return self.store.edit_team(
            self.team.id,
            name=payload.name,
            type=payload.type,
            home_district=payload.home_district,
            note=payload.note,
        )
