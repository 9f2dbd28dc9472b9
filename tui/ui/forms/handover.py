"""Hand over the shift: the incoming officer's name, and every open item acknowledged or not.

The open items (`tui.report.handover.handover_items`: open incidents, overdue check-ins, teams
out of service, corrections, items left from earlier handovers) are built in a worker. Each is
ticked with space, or left unticked with a reason beside it. `ctrl+s` records the handover in one
durable write; the incoming officer then holds the desk, and the items left unacknowledged stay
flagged on the main screen until someone acknowledges them. `enter` only moves on: a handover
is recorded deliberately, not by the key that ends a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from tui.model.records import TimelineEntry
from tui.report.handover import HandoverItem, handover_items
from tui.report.shift import build_shift_report
from tui.store.store import Store
from tui.ui.forms.base import SAVE_GROUP, FieldProblem, FormScreen, form_css
from tui.ui.forms.fields import FieldRow, KeyHint
from tui.ui.forms.item_row import ItemRow
from tui.ui.forms.validators import Required
from tui.ui.text import literal


class NotTheOperator(Validator):
    """The incoming officer is somebody else than the one who holds the desk now."""

    def __init__(self, operator: str) -> None:
        super().__init__()
        self.operator = operator

    def validate(self, value: str) -> ValidationResult:
        if value.strip().casefold() == self.operator.strip().casefold():
            return self.failure(f"{self.operator} holds the desk now: name the incoming officer")
        return self.success()


@dataclass(frozen=True, slots=True)
class Handover:
    incoming: str
    acknowledged: list[dict[str, Any]]
    unacknowledged: list[dict[str, Any]]


class HandoverForm(FormScreen[TimelineEntry]):
    """Dismisses with the shift-change entry once the store has it on disk."""

    CSS_PATH = form_css("handover.tcss")
    AUTO_FOCUS = "#incoming"
    ENTER_SAVES = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Record handover", id="form.save", priority=True),
        Binding("enter", "app.focus_next", "Next", id="form.save_enter", group=SAVE_GROUP),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.items: list[HandoverItem] | None = None
        """The open items, once the worker has built them."""

    def heading(self) -> str:
        return f"Hand over the shift · from {self.store.operator}"

    def compose_header(self) -> ComposeResult:
        yield KeyHint(
            "Tick each item the incoming officer acknowledges (space); say why for the rest. "
            "{save} records the handover, {cancel} cancels.",
            classes="form-context",
        )

    def compose_fields(self) -> ComposeResult:
        yield FieldRow(
            "incoming *",
            Input(
                placeholder="the incoming officer's name",
                validators=[
                    Required("name the incoming officer"),
                    NotTheOperator(self.store.operator),
                ],
                id="incoming",
                compact=True,
            ),
            key="incoming",
        )
        yield Static("Open items: loading…", id="items-title", markup=False)
        yield Vertical(id="items")

    def on_mount(self) -> None:
        super().on_mount()
        self.load_items()

    # -- the open items -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="handover-items", exit_on_error=False)
    def load_items(self) -> list[HandoverItem]:
        clock = getattr(self.app, "clock", None) or self.store.clock
        report = build_shift_report(self.store, now=clock())
        return handover_items(self.store, report)

    @on(Worker.StateChanged)
    async def _items_loaded(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "handover-items":
            return
        title = self.query_one("#items-title", Static)
        if event.state == WorkerState.ERROR:
            title.update(literal(f"Open items could not be built: {event.worker.error}"))
            return
        if event.state != WorkerState.SUCCESS:
            return
        self.items = list(event.worker.result or [])
        count = len(self.items)
        if not count:
            title.update("No open items: the handover records the change of shift only.")
            return
        title.update(f"Open items ({count}): tick = acknowledged, otherwise say why not")
        rows = [
            ItemRow(
                n,
                item.as_doc(),
                caption="why not *",
                placeholder="why it is not acknowledged",
                text_when_checked=False,
                validators=[Required("say why this item is not acknowledged")],
            )
            for n, item in enumerate(self.items)
        ]
        await self.query_one("#items", Vertical).mount_all(rows)

    def item_rows(self) -> list[ItemRow]:
        return list(self.query(ItemRow))

    # -- saving -------------------------------------------------------------------------------

    def gather(self) -> Handover:
        if self.items is None:
            raise FieldProblem(None, "the open items are still being built: a moment")
        acknowledged, unacknowledged = [], []
        for row in self.item_rows():
            if row.checked:
                acknowledged.append(dict(row.item))
            else:
                unacknowledged.append({**row.item, "reason": row.text})
        return Handover(self.value("incoming").strip(), acknowledged, unacknowledged)

    def save(self, payload: Handover) -> TimelineEntry:
        return self.store.record_handover(
            payload.incoming, payload.acknowledged, payload.unacknowledged
        )

    def place_error(self, message: str, field: str | None = None) -> None:
        """A missing `reason` is an item's: show it beside the first one still without."""
        if field == "reason":
            blank = next((r for r in self.item_rows() if r.text_row.display and not r.text), None)
            if blank is not None:
                field = blank.text_row.key
        super().place_error(message, field)
