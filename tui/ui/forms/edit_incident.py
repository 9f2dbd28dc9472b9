"""Edit an incident (`e`): the new-incident fields, prefilled; only what changed is sent."""

from __future__ import annotations

from typing import Any

from tui.model.records import Incident
from tui.model.text import printable
from tui.model.timegrammar import format_local, from_iso
from tui.store.store import Store
from tui.ui.forms.base import NothingToSave
from tui.ui.forms.new_incident import NewIncidentForm


class EditIncidentForm(NewIncidentForm):
    """Dismisses with the updated Incident; with nothing changed, with None (nothing written).

    The desk holds rows, not every field of an incident: the form reads the incident in a
    worker (`load`) and composes its fields once it is there.
    """

    HEADING = "Edit incident"

    def __init__(self, store: Store, incident_id: str) -> None:
        super().__init__(store)
        self.incident_id = incident_id
        self.found: Incident | None = None
        """The incident as stored, once `load` has read it."""
        self.loaded = False

    def load(self) -> None:
        self.found = self.store.incident(self.incident_id)

    @property
    def incident(self) -> Incident:
        assert self.found is not None, "read before the form was loaded"
        return self.found

    def heading(self) -> str:
        return f"Edit {printable(self.incident.ref, single_line=True)}"

    def initial_values(self) -> dict[str, Any]:
        inc, tz = self.incident, self.store.tz
        district = self.store.region.get(inc.district)

        def text(value: str) -> str:
            return printable(value, single_line=True)

        def when(value: str | None) -> str:
            return format_local(from_iso(value), tz) if value else ""

        def count(value: int | None) -> str:
            return "" if value is None else str(value)

        return {
            "title": text(inc.title),
            "district": district.name_en if district else text(inc.district),
            "kind": inc.kind,
            "severity": inc.severity,
            "reported_at": when(inc.reported_at),
            "occurred_at": when(inc.occurred_at),
            "occurred_approx": inc.occurred_approx,
            "location": text(inc.location),
            "settlement": text(inc.settlement),
            "source": text(inc.source),
            "source_contact": text(inc.source_contact),
            "narrative": printable(inc.narrative),
            "injured": count(inc.injured),
            "dead": count(inc.dead),
            "exercise": inc.exercise,
        }

    def kind_choices(self) -> list[str]:
        kinds = self.store.kinds
        return kinds if self.incident.kind in kinds else [*kinds, self.incident.kind]

    def gather(self) -> dict[str, Any]:
        """Only the fields whose text differs from what the form opened with."""
        changed = {
            key: self.convert(key, value)
            for key, value in self.raw().items()
            if value != self.initial[key]
        }
        if not changed:
            raise NothingToSave
        return changed

    def save(self, payload: dict[str, Any]) -> Incident:
        return self.store.edit_incident(self.incident.id, payload)
