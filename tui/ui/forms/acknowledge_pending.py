"""Acknowledge the items a handover left open (`a` on the desk): tick each with space, an
optional note beside it, `ctrl+s` or `enter` records them; the duty log says who and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from tui.store.errors import NotFoundError, StoreError
from tui.store.store import Store
from tui.ui.forms.base import FieldProblem, FormScreen
from tui.ui.forms.item_row import ItemRow


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    key: str
    note: str


class AcknowledgePendingForm(FormScreen[list[str]]):
    """Dismisses with the keys acknowledged, once each is on disk."""

    HEADING = "Acknowledge handover items"
    AUTO_FOCUS = "#ack-0"

    def __init__(self, store: Store, pending: list[dict[str, Any]]) -> None:
        super().__init__(store)
        self.pending = list(pending)

    def compose_header(self) -> ComposeResult:
        yield Static(
            "Left unacknowledged at the last handover. Tick the ones you acknowledge (space); "
            "a note is optional. Unticked items stay flagged.",
            classes="form-context",
            markup=False,
        )

    def compose_fields(self) -> ComposeResult:
        for n, item in enumerate(self.pending):
            reason = str(item.get("reason", "")).strip()
            yield ItemRow(
                n,
                item,
                caption="note",
                placeholder="optional: what you found, what you did",
                text_when_checked=True,
                detail=f"left because: {reason}" if reason else "",
            )

    def gather(self) -> list[Acknowledgement]:
        chosen = [Acknowledgement(r.item["key"], r.text) for r in self.query(ItemRow) if r.checked]
        if not chosen:
            raise FieldProblem(None, "tick an item with space to acknowledge it")
        return chosen

    def save(self, payload: list[Acknowledgement]) -> list[str]:
        """One durable write per item; one acknowledged elsewhere meanwhile counts as done."""
        done: list[str] = []
        for ack in payload:
            try:
                self.store.acknowledge_pending(ack.key, ack.note)
            except NotFoundError:
                pass
            except StoreError as error:
                if not done:
                    raise
                raise StoreError(f"{error} ({len(done)} item(s) before it were recorded)") from None
            done.append(ack.key)
        return done
