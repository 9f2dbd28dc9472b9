"""Planners for incidents and their timelines: create, edit, log, correct, change status.

Each takes a `Context` and the officer's request and returns the drafts that carry it out, with
the timeline entries the write owes (docs/product.md §3, §4: a status change or an edit leaves
its entry; entries are never edited, a correction is a new entry pointing at the old one).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui.model.lifecycle import TransitionError, check_incident_transition
from tui.model.records import EntryKind, Incident, IncidentStatus, label
from tui.model.refs import format_ref
from tui.model.timegrammar import to_iso
from tui.model.validators import check_fields, check_incident, incident_input
from tui.store.changes import Context, Draft, entry_draft, new_id
from tui.store.errors import InvalidInputError, NotFoundError


def live_incident(ctx: Context, ref_or_id: str) -> tuple[dict[str, Any], list[Draft]]:
    """The incident's document, and the restore draft that must come first if it is archived.

    A change to an archived incident (a late note, a reopen) brings it back to the live file
    with a `restore` change in the same write, so every reader replays the same history;
    `restored` tells readers that its older entries are in an archive.
    """
    doc = ctx.find_incident(ref_or_id)
    if doc["id"] in ctx.state.incidents:
        return doc, []
    restored = {**doc, "restored": True}
    return restored, [Draft("incidents", doc["id"], "restore", None, restored)]


def plan_create(
    ctx: Context,
    title: str,
    district: str,
    *,
    kind: str,
    severity: str,
    reported_at: datetime | None,
    occurred_at: datetime | None,
    fields: dict[str, Any],
) -> list[Draft]:
    """A new incident with the next reference of its year, and its report entry."""
    reported = reported_at or ctx.now
    year = reported.astimezone(ctx.tz).year  # the region's year: 01:00 on 1 January is new
    number = ctx.state.ref_counters.get(f"{ctx.station}-{year}", 0) + 1
    incident_id = new_id()
    doc: dict[str, Any] = Incident(
        id=incident_id,
        ref=format_ref(ctx.station, year, number),
        title="",
        kind=kind,
        severity=severity,
        status=IncidentStatus.NEW.value,
        district=district,
        reported_at=to_iso(reported),
        occurred_at=to_iso(occurred_at) if occurred_at else None,
        created_by=ctx.operator,
        created_at=to_iso(ctx.now),
        updated_by=ctx.operator,
        updated_at=to_iso(ctx.now),
    ).to_doc()
    typed = {"title": title, **fields, "kind": kind, "severity": severity, "district": district}
    doc.update(incident_input(typed, ctx.rules, linked=lambda ref: ctx.find_incident(ref)["id"]))
    check_incident(doc, ctx.rules)
    report = entry_draft(
        ctx,
        incident_id,
        EntryKind.REPORT,
        doc["narrative"] or doc["title"],
        occurred_at or reported,
    )
    return [Draft("incidents", incident_id, "create", None, doc), report]


def plan_edit(ctx: Context, ref: str, edits: dict[str, Any]) -> list[Draft]:
    """Change editable fields; only fields whose value differs are recorded, with an
    "Edited:" entry that says what changed."""
    typed = incident_input(edits, ctx.rules, linked=lambda r: ctx.find_incident(r)["id"])
    doc, drafts = live_incident(ctx, ref)
    after = {k: v for k, v in typed.items() if doc.get(k) != v}
    if not after:
        return []
    check_incident({**doc, **after}, ctx.rules)
    summary = "; ".join(_describe_edit(k, doc.get(k), after[k]) for k in sorted(after))
    after.update(updated_by=ctx.operator, updated_at=to_iso(ctx.now))
    before = {k: doc.get(k) for k in after}
    return [
        *drafts,
        Draft("incidents", doc["id"], "update", before, after),
        entry_draft(ctx, doc["id"], EntryKind.NOTE, f"Edited: {summary}", ctx.now),
    ]


def plan_entry(
    ctx: Context,
    incident: str | None,
    text: str,
    *,
    kind: str,
    occurred_at: datetime | None,
    corrects: str | None,
    team: str | None,
) -> list[Draft]:
    """A timeline entry on an incident or (None) the general duty log; a correction goes on
    the incident of the entry it corrects."""
    try:
        entry_kind = EntryKind(kind)
    except ValueError:
        raise InvalidInputError(
            f"unknown entry kind {kind!r}; use one of " + ", ".join(k.value for k in EntryKind),
            field="kind",
        ) from None
    drafts: list[Draft] = []
    incident_id = None
    if incident is not None:
        doc, drafts = live_incident(ctx, incident)
        incident_id = doc["id"]
    if corrects is not None:
        corrected = ctx.state.entries.get(corrects)
        if corrected is None:
            raise NotFoundError(f"no timeline entry {corrects!r} to correct", field="corrects")
        incident_id = corrected["incident"]
        entry_kind = EntryKind.CORRECTION
    entry = entry_draft(
        ctx,
        incident_id,
        entry_kind,
        text.strip(),
        occurred_at or ctx.now,
        corrects=corrects,
        team=team,
    )
    return [*drafts, entry]


def plan_status(ctx: Context, ref: str, status: str, reason: str) -> list[Draft]:
    """Move an incident through its lifecycle, with the status-change entry it owes."""
    doc, drafts = live_incident(ctx, ref)
    try:
        check_incident_transition(doc["status"], status, reason)
    except TransitionError as error:
        raise InvalidInputError(f"{doc['ref']}: {error}", field=error.field) from None
    target = IncidentStatus(status)
    reason = reason.strip()
    after: dict[str, Any] = {
        "status": target.value,
        "status_reason": reason,
        "closed_at": None if target.is_open else to_iso(ctx.now),
        "updated_by": ctx.operator,
        "updated_at": to_iso(ctx.now),
    }
    check_fields({**doc, **after}, "incidents", after, ctx.rules)  # a reason over a line's limit
    before = {k: doc.get(k) for k in after}
    text = f"Status {label(doc['status'])} → {label(target)}"
    if reason:
        text += f": {reason}"
    return [
        *drafts,
        Draft("incidents", doc["id"], "update", before, after),
        entry_draft(ctx, doc["id"], EntryKind.STATUS_CHANGE, text, ctx.now),
    ]


def _describe_edit(field_name: str, before: Any, after: Any) -> str:
    """One clause of the automatic "Edited:" note; long text is named, not quoted."""
    if (isinstance(after, (str, list)) and len(after) > 40) or isinstance(after, list):
        return f"{label(field_name)} changed"
    return f"{label(field_name)} {shown(before)} → {shown(after)}"


def shown(value: Any) -> str:
    """A field's value in an automatic entry: None is unknown, an empty text a dash."""
    if value is None:
        return "unknown"
    return str(value) if value != "" else "—"
