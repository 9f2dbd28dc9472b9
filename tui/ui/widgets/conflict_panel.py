"""The conflict panel of the detail view: each field two stations wrote without seeing each
other, every value with its station and time, and which one is shown (docs/product.md §10)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from rich.text import Text
from textual.widgets import Static

from tui.model import hlc
from tui.model.records import Conflict, label
from tui.model.timegrammar import format_local_short
from tui.ui.text import literal

#: Fields whose values are words of a fixed list: shown as their label ("en route").
LABELLED_FIELDS = frozenset({"status", "kind", "severity"})


def shown_value(field: str, value: Any) -> str:
    """A conflicting value as text: a list joined, nothing as "—", a status as its label."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    if field in LABELLED_FIELDS and isinstance(value, str):
        return label(value)
    return str(value)


def written_at(stamp: str, tz: tzinfo, now: datetime) -> str:
    """When a side was written, from its hybrid-logical-clock stamp, in local time."""
    try:
        ms, _ = hlc.parse(stamp)
    except ValueError:
        return "?"
    return format_local_short(datetime.fromtimestamp(ms / 1000, UTC), tz, now)


def resolvable(conflict: Conflict) -> bool:
    """A field an officer settles by writing it again (a reference minted twice is not one)."""
    return conflict.field != "ref"


def conflict_text(conflicts: Sequence[Conflict], *, tz: tzinfo, now: datetime, key: str) -> Text:
    """The panel's text; `key` is the key that resolves ("" when this session cannot write)."""
    text = Text(end="")
    count = len(conflicts)
    text.append(f"⚡ CONFLICT on {count} field{'s' if count != 1 else ''}", style="bold")
    text.append(": written on two stations, neither saw the other\n", style="dim")
    for conflict in conflicts:
        if conflict.field == "ref":
            text.append(f"Reference {conflict.label} is held by two incidents", style="bold")
            text.append(" (one of them is this one)\n")
            continue
        text.append(label(conflict.field).capitalize(), style="bold")
        text.append("\n")
        shown = repr(conflict.shown)
        for side in conflict.values:
            is_shown = repr(side.value) == shown
            text.append("  ● " if is_shown else "  ○ ")
            text.append_text(literal(shown_value(conflict.field, side.value)))
            text.append_text(literal(f" — {side.station}, {written_at(side.hlc, tz, now)}"))
            if is_shown:
                text.append(" (shown)", style="bold")
            text.append("\n")
    if key and any(resolvable(c) for c in conflicts):
        text.append(f"Press {key} to choose the value to keep.", style="italic")
    text.rstrip()
    return text


class ConflictPanel(Static):
    """Hidden while the incident has no conflict; otherwise the text of `conflict_text`."""

    def show_conflicts(
        self, conflicts: Sequence[Conflict], *, tz: tzinfo, now: datetime, key: str
    ) -> None:
        self.set_class(bool(conflicts), "-shown")
        self.update(conflict_text(conflicts, tz=tz, now=now, key=key) if conflicts else "")
