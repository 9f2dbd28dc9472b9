"""Planners for the general duty log: the operating regime, shift handovers, acknowledgements.

These writes belong to no incident: each is an entry in the duty log (docs/product.md §3, §4)
together with the settings document it changes (`regime`, `handover`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.model.records import EntryKind, Regime, label
from tui.model.timegrammar import to_iso
from tui.model.validators import check_setting
from tui.store.changes import Context, Draft, entry_draft
from tui.store.errors import InvalidInputError, NotFoundError

#: The regime of a database that never changed it.
ROUTINE: dict[str, Any] = {"value": Regime.ROUTINE.value, "since": None, "reason": ""}


def current_regime(settings: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The operating regime: `value`, `since`, `reason` (routine until first changed)."""
    return settings.get("regime") or dict(ROUTINE)


def pending_items(settings: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Items the last handovers left unacknowledged: flagged until someone acknowledges."""
    doc = settings.get("handover")
    return list(doc["pending"]) if doc else []


def settings_draft(ctx: Context, key: str, value: dict[str, Any]) -> Draft:
    """Create or update a settings document (regime, handover); the merge's bookkeeping
    (`_stamp`, `_conflicts`, ...) of the current document is not a field to write."""
    after = {"id": key, **{k: v for k, v in value.items() if k != "id" and k[:1] != "_"}}
    check_setting(after)
    existing = ctx.state.settings.get(key)
    if existing is None:
        return Draft("settings", key, "create", None, after)
    return Draft("settings", key, "update", dict(existing), after)


def plan_regime(ctx: Context, regime: str, reason: str) -> list[Draft]:
    """Change the operating regime; the reason goes into the general duty log."""
    try:
        target = Regime(regime)
    except ValueError:
        raise InvalidInputError(
            f"unknown regime {regime!r}; use one of " + ", ".join(r.value for r in Regime),
            field="regime",
        ) from None
    reason = reason.strip()
    if not reason:
        raise InvalidInputError("changing the regime needs a reason", field="reason")
    current = current_regime(ctx.state.settings)
    if current["value"] == target.value:
        raise InvalidInputError(f"the regime is already {label(target)}", field="regime")
    text = f"Regime {label(current['value'])} → {label(target)}: {reason}"
    return [
        settings_draft(
            ctx, "regime", {"value": target.value, "since": to_iso(ctx.now), "reason": reason}
        ),
        entry_draft(ctx, None, EntryKind.REGIME_CHANGE, text, ctx.now),
    ]


def plan_handover(
    ctx: Context,
    incoming: str,
    acknowledged: list[dict[str, Any]],
    unacknowledged: list[dict[str, Any]],
) -> list[Draft]:
    """Hand the desk over: a shift-change entry with the items, written as the incoming
    officer. Unacknowledged items carry a `reason` and stay pending until acknowledged."""
    incoming = incoming.strip()
    if not incoming:
        raise InvalidInputError("name the incoming officer", field="incoming")
    if incoming == ctx.operator:
        raise InvalidInputError(f"{incoming} already holds the desk", field="incoming")
    missing = [item["label"] for item in unacknowledged if not item.get("reason", "").strip()]
    if missing:
        raise InvalidInputError(
            "say why this item is not acknowledged: " + missing[0], field="reason"
        )
    outgoing = ctx.operator
    left_open = [
        {"key": i["key"], "label": i["label"], "reason": i["reason"].strip()}
        for i in unacknowledged
    ]
    total = len(acknowledged) + len(unacknowledged)
    text = f"Shift handed over: {outgoing} → {incoming}"
    text += f"; {len(acknowledged)} of {total} open items acknowledged"
    if left_open:
        text += "; not acknowledged: " + "; ".join(
            f"{item['label']} ({item['reason']})" for item in left_open
        )
    data = {
        "from": outgoing,
        "to": incoming,
        "acknowledged": [item["key"] for item in acknowledged],
        "unacknowledged": left_open,
    }
    handover = {"from": outgoing, "to": incoming, "at": to_iso(ctx.now), "pending": left_open}
    return [
        settings_draft(ctx, "handover", handover),
        entry_draft(ctx, None, EntryKind.SHIFT_CHANGE, text, ctx.now, author=incoming, data=data),
    ]


def plan_acknowledge(ctx: Context, key: str, note: str) -> list[Draft]:
    """Acknowledge an item a handover left open; the duty log records who and when."""
    doc = ctx.state.settings.get("handover")
    pending = pending_items(ctx.state.settings)
    item = next((i for i in pending if i["key"] == key), None)
    if doc is None or item is None:
        raise NotFoundError(f"no unacknowledged handover item {key!r}")
    text = f"Handover item acknowledged: {item['label']}"
    if note.strip():
        text += f": {note.strip()}"
    remaining = [i for i in pending if i["key"] != key]
    return [
        settings_draft(ctx, "handover", {**doc, "pending": remaining}),
        entry_draft(ctx, None, EntryKind.NOTE, text, ctx.now),
    ]


def plan_repair(ctx: Context, damage: str, kept: Path | None) -> list[Draft]:
    """The first change of a new journal: the history before it is not here, and why."""
    seq = ctx.state.next_seq(ctx.station)[0]
    text = f"History before {ctx.station}#{seq} is not here: {damage}."
    if kept is not None:
        text += f" The old journal was kept as {kept.name}."
    text += " Records stand as the database file held them; repaired by " + ctx.operator
    data = {"repair": {"damage": damage, "kept": kept.name if kept else None, "before": seq}}
    return [entry_draft(ctx, None, EntryKind.NOTE, text, ctx.now, data=data)]
