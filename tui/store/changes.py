"""The change record, the one unit of every write (docs/product.md §3): drafts, sealing, hashes.

A planner (incidents.py, teams.py, duty_log.py, merge.py) looks at the state through a
`Context` (who writes, when, where) and returns `Draft`s; the `Store` seals them here, in its one
commit funnel, giving each its station, sequence number, hybrid-logical clock, the hash of the
station's previous change and its own hash. Planners never see the `Store`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import orjson

from tui.model import hlc
from tui.model.records import EntryKind, TimelineEntry
from tui.model.timegrammar import to_iso
from tui.model.validators import Rules, check_entry
from tui.store.state import State, field_heads


@dataclass(slots=True)
class Draft:
    """A change being planned, before the store gives it a sequence number, clock and hash."""

    table: str
    record: str
    op: str
    before: dict[str, Any] | None
    after: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Context:
    """What a planner may know: the current state, and who writes, when and where.

    `find_incident` gives an incident's document by reference or id, live or archived (an
    archived one is brought back with a restore draft before it changes: see
    `incidents.live_incident`); it raises `NotFoundError`.
    """

    state: State
    operator: str
    now: datetime
    station: str
    device: str
    rules: Rules
    tz: tzinfo
    find_incident: Callable[[str], dict[str, Any]]


def new_id() -> str:
    """A random 128-bit id in hex, as uuid4 draws it (without importing uuid, whose import of
    `platform` costs a command-line start a few milliseconds)."""
    return os.urandom(16).hex()


def entry_draft(
    ctx: Context,
    incident_id: str | None,
    kind: EntryKind,
    text: str,
    occurred_at: datetime,
    **extra: Any,
) -> Draft:
    """A timeline entry appended by `ctx.operator` now (`extra`: corrects, team, data)."""
    doc = TimelineEntry(
        id=new_id(),
        incident=incident_id,
        occurred_at=to_iso(occurred_at),
        recorded_at=to_iso(ctx.now),
        author=ctx.operator,
        kind=kind.value,
        text=text,
    ).to_doc()
    doc.update(extra)
    check_entry(doc)
    return Draft("entries", doc["id"], "append", None, doc)


def seal(drafts: Iterable[Draft], ctx: Context) -> list[dict[str, Any]]:
    """The drafts as this station's next changes, chained by hash, in the order given.

    An update records the field heads it saw (`base`), so a merge can tell a write that saw
    another station's from one that did not. A record restored earlier in the same batch is
    seen as restored.
    """
    state = ctx.state
    seq, prev = state.next_seq(ctx.station)
    last = state.last_hlc
    at = to_iso(ctx.now)
    now_ms = int(ctx.now.timestamp() * 1000)
    restored: dict[tuple[str, str], dict[str, Any]] = {}
    changes = []
    for draft in drafts:
        last = hlc.tick(last, now_ms)
        change: dict[str, Any] = {
            "id": new_id(),
            "station": ctx.station,
            "device": ctx.device,
            "seq": seq,
            "hlc": last,
            "prev": prev,
            "by": ctx.operator,
            "at": at,
            "table": draft.table,
            "record": draft.record,
            "op": draft.op,
            "before": draft.before,
            "after": draft.after,
        }
        key = (draft.table, draft.record)
        if draft.op == "restore":
            restored[key] = draft.after
        elif draft.op in ("update", "resolve"):
            doc = restored.get(key) or getattr(state, draft.table).get(draft.record)
            if doc is not None:
                change["base"] = {f: field_heads(doc, f) for f in draft.after}
        change["hash"] = change_hash(change)
        changes.append(change)
        seq, prev = seq + 1, change["hash"]
    return changes


def change_hash(change: dict[str, Any]) -> str:
    """The hash that chains a station's changes (computed without the `hash` field)."""
    body = {k: v for k, v in change.items() if k != "hash"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def merge_order(changes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Clock order, which respects causality: every station applies merges in the same order."""
    return sorted(changes, key=lambda c: (c["hlc"], c["station"], c["seq"]))


def last_of(drafts: list[Draft], table: str) -> Draft:
    """The draft of `table` an operation is about (its record is what the store returns)."""
    return next(d for d in reversed(drafts) if d.table == table)
