"""One incident as plain lines for a terminal: its line in a listing, and its whole sheet.

What `dutydesk list` and `dutydesk show` print. The sheet's fields are `incident_fields` (the
wording the shift report uses), its times are full local times in the region's zone. Values are
raw data except where a stored newline is split into lines: the caller prints every line
through `printable` (the CLI's `say`), which is what keeps it on its own line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import tzinfo

from tui.model.gazetteer import Region
from tui.model.records import Conflict, Incident, TimelineEntry, label
from tui.model.text import printable
from tui.model.timegrammar import format_local, from_iso
from tui.model.wording import UNKNOWN
from tui.report.incident_fields import incident_fields
from tui.report.shift import incident_item
from tui.report.source import ShiftSource

#: Every line of the sheet under the incident's first is indented by this much.
INDENT = "  "


def list_line(incident: Incident, region: Region, tz: tzinfo, conflicts: Sequence[str]) -> str:
    """`* HQ-2026-0001  24.11.2026 13:05  minor  Active  Kaluga  title`; `conflicts` names the
    fields a merge left in conflict, and marks the line with `!`; a damaged record is `x`."""
    district = region.get(incident.district)
    name = district.name_en.removesuffix(" District") if district else incident.district
    marker = "x" if incident.damaged else "!" if conflicts else "*" if incident.is_open else " "
    title = f"CONFLICT({', '.join(conflicts)}) {incident.title}" if conflicts else incident.title
    if incident.damaged:
        title = f"DAMAGED RECORD (dutydesk check) {title}"
    return (
        f"{marker} {incident.ref:<14} {format_local(from_iso(incident.reported_at), tz)}  "
        f"{incident.severity:<8} {label(incident.status):<10} {name:<16} {title}"
    )


def sheet_lines(
    source: ShiftSource,
    incident: Incident,
    timeline: Sequence[TimelineEntry],
    conflicts: Sequence[Conflict],
) -> Iterator[str]:
    """The incident, its timeline and its open conflicts, one printed line each.

    A stored newline never starts a line that could pass for another field or entry: the
    narrative is indented, and an entry's text continues indented under its own first line.
    """
    tz = source.tz
    item = incident_item(incident, region=source.region, teams={t.id: t for t in source.teams()})
    rows = incident_fields(item, lambda t: format_local(t, tz) if t else UNKNOWN, detail=True)
    width = max(len(name) for name, _ in rows) + 1
    yield f"{incident.ref}  {incident.title}"
    if incident.damaged:
        yield f"{INDENT}DAMAGED RECORD, shown with placeholders: {incident.damaged}"
    for name, value in rows:
        yield f"{INDENT}{name:<{width}}{value}"
    if incident.narrative:
        yield ""
        yield from (INDENT + line for line in _lines(incident.narrative))
    yield ""
    yield "Timeline:"
    for entry in timeline:
        lead = (
            f"{INDENT}{format_local(from_iso(entry.occurred_at), tz)}  {entry.author:<12} "
            f"{label(entry.kind):<13} {'correction: ' if entry.corrects else ''}"
        )
        first, *more = _lines(entry.text)
        if entry.damaged:
            more.append(f"(DAMAGED ENTRY: {entry.damaged})")
        yield lead + first
        yield from (" " * len(lead) + line for line in more)
    for conflict in conflicts:
        sides = " / ".join(f"{v.value!r} ({v.station})" for v in conflict.values)
        yield f"CONFLICT {conflict.field}: {sides}; shown: {conflict.shown!r}"


def _lines(text: str) -> list[str]:
    """Stored text as the lines it shows: CR LF is one break, every other control is visible."""
    return printable(text).split("\n")
