"""One line under the header while a handover left items unacknowledged: they stay flagged
until someone acknowledges them, in words and a symbol, not by colour alone."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class HandoverBanner(Widget):
    """`⚑ 2 handover items not acknowledged — press a`; hidden while nothing is pending."""

    count: reactive[int] = reactive(0)
    """How many items the last handovers left unacknowledged."""
    key: reactive[str] = reactive("")
    """The key that opens the list to acknowledge them ("" when this session cannot write)."""

    def set_pending(self, pending: list[dict[str, Any]], key: str) -> None:
        self.key = key
        self.count = len(pending)

    def watch_count(self, count: int) -> None:
        self.set_class(count > 0, "-pending")

    def render(self) -> Text:
        count = self.count
        items = "item" if count == 1 else "items"
        text = Text(f"⚑ {count} handover {items} not acknowledged", end="", no_wrap=True)
        if self.key:
            text.append(f" — press {self.key}")
        text.overflow = "ellipsis"
        return text
