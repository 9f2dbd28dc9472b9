"""Change an incident's status (`s`): only the moves its lifecycle allows are offered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from tui.model.lifecycle import INCIDENT_TRANSITIONS, is_reopen
from tui.model.records import Incident, IncidentStatus, label
from tui.model.text import printable
from tui.store.store import Store
from tui.ui.forms.base import FormScreen, ListedIncident
from tui.ui.forms.fields import FieldRow, FormSelect, options
from tui.ui.forms.validators import Required
from tui.ui.text import literal


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: str
    reason: str


def needs_reason(current: str, target: str) -> bool:
    """Cancelling and reopening are the moves a later reader will ask "why?" about."""
    if not target:
        return False
    cur, tgt = IncidentStatus(current), IncidentStatus(target)
    return tgt is IncidentStatus.CANCELLED or is_reopen(cur, tgt)


class StatusChangeForm(FormScreen[Incident]):
    """Dismisses with the Incident in its new status."""

    AUTO_FOCUS = "#status"
    FIELD_KEYS: ClassVar[Mapping[str, str]] = {"status_reason": "reason"}

    def __init__(self, store: Store, incident: ListedIncident, status: str) -> None:
        """`status` is the incident's stored status as the desk last saw it (a move no longer
        legal when saved is refused by the store, beside the status)."""
        super().__init__(store)
        self.incident = incident
        self.status = status
        current = IncidentStatus(status)
        allowed = INCIDENT_TRANSITIONS[current]
        order = list(IncidentStatus)  # the lifecycle's order: the next step is offered first
        start = order.index(current) + 1
        self.choices = [s.value for s in order[start:] + order[:start] if s in allowed]

    def heading(self) -> str:
        return f"Status of {printable(self.incident.ref, single_line=True)}"

    def compose_header(self) -> ComposeResult:
        text = literal(self.incident.title)
        text.append(f"\nnow: {label(self.status)}")
        yield Static(text, classes="form-context", id="context", markup=False)

    def compose_fields(self) -> ComposeResult:
        yield FieldRow(
            "new status",
            FormSelect(
                options(self.choices),
                value=self.choices[0],
                allow_blank=False,
                id="status",
                compact=True,
            ),
            key="status",
        )
        yield FieldRow(
            "reason",
            Input(
                placeholder="why (required to cancel or reopen)",
                validators=[Required(self._reason_message(), when=self._reason_needed)],
                id="reason",
                compact=True,
            ),
            key="reason",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._update_reason_caption()

    def _reason_needed(self) -> bool:
        return needs_reason(self.status, self.value("status"))

    def _reason_message(self) -> str:
        return "a reason is required to cancel or reopen an incident"

    @on(Select.Changed, "#status")
    def _status_chosen(self) -> None:
        self._update_reason_caption()
        reason = self.row("reason")
        if reason.has_class("-invalid"):
            reason.show(reason.check())

    def _update_reason_caption(self) -> None:
        self.row("reason").set_caption("reason *" if self._reason_needed() else "reason")

    def gather(self) -> StatusChange:
        return StatusChange(self.value("status"), self.value("reason").strip())

    def save(self, payload: StatusChange) -> Incident:
        return self.store.change_status(self.incident.id, payload.status, reason=payload.reason)
