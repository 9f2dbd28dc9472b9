"""Resolve a merge conflict (`x`): keep one station's value, or write a new one, as a new change.

The values are listed with their station and time, the one shown now first marked; `enter` on a
value (or `ctrl+s`) keeps it. A free-text field (title, location…) can instead take a value typed
here; a field of a fixed list (status, severity, kind) only takes one of the values written, so
a resolution can never store a status the lifecycle does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from tui.model.records import Conflict, label
from tui.store.store import Store
from tui.ui.forms.base import FieldProblem, FormScreen
from tui.ui.forms.fields import FieldRow, FormSelect
from tui.ui.text import literal
from tui.ui.widgets.conflict_panel import LABELLED_FIELDS, shown_value, written_at


@dataclass(frozen=True, slots=True)
class Resolution:
    conflict: Conflict
    value: Any


def accepts_typed_value(conflict: Conflict) -> bool:
    """Only free text may be typed anew; other fields keep one of the values written."""
    return conflict.field not in LABELLED_FIELDS and all(
        isinstance(v.value, str) for v in conflict.values
    )


class ResolveConflictForm(FormScreen[str]):
    """Dismisses with a line saying what was kept, once the resolution is on disk."""

    AUTO_FOCUS = "#keep"
    FIELD_KEYS: ClassVar[Mapping[str, str]] = {"value": "keep"}

    def __init__(self, store: Store, conflicts: list[Conflict]) -> None:
        super().__init__(store)
        self.conflicts = list(conflicts)
        self.current = self.conflicts[0]

    def heading(self) -> str:
        return f"Resolve a conflict · {self.current.label}"

    def compose_header(self) -> ComposeResult:
        yield Static(
            "Two stations wrote this field without seeing each other. Choose the value to keep "
            "(enter); the choice is a new change every station accepts.",
            classes="form-context",
            markup=False,
        )

    def compose_fields(self) -> ComposeResult:
        if len(self.conflicts) > 1:
            yield FieldRow(
                "field",
                FormSelect(
                    [(literal(label(c.field)), str(n)) for n, c in enumerate(self.conflicts)],
                    value="0",
                    allow_blank=False,
                    id="field",
                    compact=True,
                ),
                key="field",
            )
        yield FieldRow("keep *", OptionList(id="keep", compact=True), key="keep")
        yield FieldRow(
            "or write",
            Input(placeholder="a new value instead (optional)", id="new_value", compact=True),
            key="new_value",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._show_conflict()

    def _show_conflict(self) -> None:
        conflict = self.current
        keep = self.query_one("#keep", OptionList)
        keep.clear_options()
        shown = repr(conflict.shown)
        tz, now = self.store.tz, self.store.clock()
        for n, side in enumerate(conflict.values):
            prompt = Text(end="")
            prompt.append_text(literal(shown_value(conflict.field, side.value), "bold"))
            prompt.append_text(literal(f" — {side.station}, {written_at(side.hlc, tz, now)}"))
            if repr(side.value) == shown:
                prompt.append(" (shown now)", style="italic")
            keep.add_option(Option(prompt, id=str(n)))
        keep.highlighted = 0
        self.row("keep").set_caption(f"keep {label(conflict.field)}")
        self.row("new_value").display = accepts_typed_value(conflict)
        self.query_one("#dialog").border_title = literal(self.heading())

    @on(Select.Changed, "#field")
    def _field_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.current = self.conflicts[int(event.value)]
            self._show_conflict()

    @on(OptionList.OptionSelected, "#keep")
    def _value_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def gather(self) -> Resolution:
        conflict = self.current
        typed = self.query_one("#new_value", Input).value.strip()
        if typed and self.row("new_value").display:
            return Resolution(conflict, typed)
        index = self.query_one("#keep", OptionList).highlighted
        if index is None:
            raise FieldProblem("keep", "choose the value to keep (up, down, enter)")
        return Resolution(conflict, conflict.values[index].value)

    def save(self, payload: Resolution) -> str:
        conflict = payload.conflict
        self.store.resolve_conflict(conflict.record, conflict.field, payload.value)
        kept = shown_value(conflict.field, payload.value)
        return f"{conflict.label}: conflict on {label(conflict.field)} resolved, kept {kept}"
