"""Quick log (`l`): a timeline entry in seconds, or a correction of an earlier one.

The text has the cursor and Enter saves; the time is filled in but editable, so "happened 14:05,
reported 14:20" is one edit. Entries are append-only: a correction is a new entry pointing at the
one it corrects, which is shown read-only above the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static

from tui.model.records import EntryKind, TimelineEntry
from tui.model.text import printable
from tui.model.timegrammar import format_local, from_iso
from tui.store.store import Store
from tui.ui.forms.base import FormScreen, ListedIncident
from tui.ui.forms.fields import FieldRow, FormSelect, options
from tui.ui.forms.validators import Required
from tui.ui.text import literal
from tui.ui.widgets.time_input import TimeField

#: Kinds an officer writes by hand; dispatches, status and regime changes write their own.
INCIDENT_KINDS = (EntryKind.NOTE, EntryKind.REPORT, EntryKind.ACTION)
DUTY_LOG_KINDS = (*INCIDENT_KINDS, EntryKind.SHIFT_CHANGE)


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    kind: str
    occurred_at: datetime | None


class SaysSomethingNew(Validator):
    """A correction that repeats the entry word for word corrects nothing."""

    def __init__(self, original: str) -> None:
        super().__init__()
        self.original = " ".join(original.split())

    def validate(self, value: str) -> ValidationResult:
        if " ".join(value.split()) == self.original:
            return self.failure("the correction says the same as the entry: change the text")
        return self.success()


class QuickLogForm(FormScreen[TimelineEntry]):
    """Append an entry to an incident's timeline (or the duty log when `incident` is None)."""

    AUTO_FOCUS = "#text"

    def __init__(
        self,
        store: Store,
        incident: ListedIncident | None,
        corrects: TimelineEntry | None = None,
    ) -> None:
        """`corrects` is an entry of `incident` (the one highlighted in the desk's timeline)."""
        super().__init__(store)
        self.incident = incident
        self.corrected = corrects

    def heading(self) -> str:
        what = "Correct an entry" if self.corrected else "Log"
        if self.incident is None:
            return f"{what} · general duty log"
        return f"{what} · {printable(self.incident.ref, single_line=True)}"

    def compose_header(self) -> ComposeResult:
        if self.incident is not None:
            yield Static(
                literal(self.incident.title), classes="form-context", id="context", markup=False
            )
        if self.corrected is not None:
            entry = self.corrected
            when = format_local(from_iso(entry.occurred_at), self.store.tz)
            head = f"Corrects the {entry.kind.replace('_', ' ')} of {when} by {entry.author}:"
            text = literal(head)
            text.append("\n")
            text.append_text(literal(entry.text, "italic", multiline=True))
            yield Static(text, classes="form-context corrected", id="corrected", markup=False)

    def compose_fields(self) -> ComposeResult:
        store = self.store
        validators: list[Validator] = [Required("the entry is empty: write what happened")]
        if self.corrected is not None:
            validators.append(SaysSomethingNew(self.corrected.text))
        yield FieldRow(
            "text *",
            Input(
                printable(self.corrected.text, single_line=True) if self.corrected else "",
                placeholder="what happened, what was done",
                validators=validators,
                select_on_focus=False,
                id="text",
                compact=True,
            ),
            key="text",
        )
        if self.corrected is None:
            kinds = DUTY_LOG_KINDS if self.incident is None else INCIDENT_KINDS
            yield FieldRow(
                "kind",
                FormSelect(
                    options(k.value for k in kinds),
                    value=EntryKind.NOTE.value,
                    allow_blank=False,
                    id="kind",
                    compact=True,
                ),
                key="kind",
            )
        when = "now"
        if self.corrected is not None:
            when = format_local(from_iso(self.corrected.occurred_at), store.tz)
        yield FieldRow(
            "happened at",
            TimeField(when, now=store.clock, tz=store.tz, input_id="occurred_at"),
            key="occurred_at",
        )

    def gather(self) -> Entry:
        return Entry(
            text=self.value("text"),
            kind=self.value("kind") if self.corrected is None else EntryKind.CORRECTION.value,
            occurred_at=self.instant("occurred_at"),
        )

    def save(self, payload: Entry) -> TimelineEntry:
        if self.corrected is not None:
            return self.store.correct_entry(
                self.corrected.id, payload.text, occurred_at=payload.occurred_at
            )
        return self.store.append_entry(
            self.incident.id if self.incident else None,
            payload.text,
            kind=payload.kind,
            occurred_at=payload.occurred_at,
        )
