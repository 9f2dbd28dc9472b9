"""One item to acknowledge: a checkbox (space toggles it) and a text field that shows only when
it applies ("why not" while unticked in a handover, "note" once ticked for a pending item).

A hidden field is skipped by the form's validation loop (`FieldRow.check`), so a required
"why not" only counts for the items left unacknowledged.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.validation import Validator
from textual.widgets import Input, Static

from tui.ui.forms.fields import FieldRow, FormCheckbox
from tui.ui.text import literal

#: The checkbox's label says its state: the box itself differs only by colour.
TICKED = "acknowledged    "
UNTICKED = "not acknowledged"


class ItemRow(Vertical):
    """`item` is a dict with at least `key` and `label`; `detail` is shown after the label."""

    def __init__(
        self,
        n: int,
        item: dict[str, Any],
        *,
        caption: str,
        placeholder: str,
        text_when_checked: bool,
        validators: list[Validator] | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(classes="item-row", id=f"item-{n}")
        self.n = n
        self.item = item
        self.text_when_checked = text_when_checked
        prompt = literal(f"{n + 1}. {item['label']}")
        if detail:
            prompt.append_text(literal(f" — {detail}", "italic"))
        self.prompt = prompt
        self.checkbox = FormCheckbox(UNTICKED, False, id=f"ack-{n}", compact=True)
        self.text_row = FieldRow(
            caption,
            Input(
                placeholder=placeholder,
                validators=validators or [],
                id=f"text-{n}",
                compact=True,
            ),
            key=f"text-{n}",
        )

    def compose(self) -> ComposeResult:
        yield Static(self.prompt, classes="item-label", markup=False)
        with Horizontal(classes="item-line"):
            yield self.checkbox
            yield self.text_row

    def on_mount(self) -> None:
        # A watcher, not the Changed message: the field hides before the next key (a quick
        # `space tab` must not land in a field that is about to disappear).
        self.watch(self.checkbox, "value", self._sync, init=True)

    @property
    def checked(self) -> bool:
        return self.checkbox.value

    @property
    def text(self) -> str:
        field_input = self.text_row.input
        return field_input.value.strip() if field_input is not None else ""

    def _sync(self) -> None:
        # The state in words, not only by the box's colour.
        self.checkbox.label = TICKED if self.checked else UNTICKED
        shown = self.checked == self.text_when_checked
        self.text_row.display = shown
        if not shown:
            self.text_row.show(None)  # a hidden field keeps no stale error
