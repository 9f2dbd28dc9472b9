"""The handover's open items: what the incoming officer must see and acknowledge one by one.

Built from the shift report (open incidents, overdue check-ins, teams out of service) plus the
corrections logged during the shift and the items a previous handover left unacknowledged, so
nothing an outgoing officer knew slips between shifts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tui.model.records import EntryKind, label
from tui.model.timegrammar import format_local_short, from_iso
from tui.model.wording import duration
from tui.report.shift import ShiftReport, build_shift_report
from tui.report.source import ShiftSource


@dataclass(frozen=True, slots=True)
class HandoverItem:
    """One open item. `key` is stable across shifts, so an acknowledgement can find it again."""

    key: str
    kind: str
    """incident, overdue, out_of_service, correction or carried (left from an earlier shift)."""
    label: str

    def as_doc(self) -> dict[str, str]:
        return {"key": self.key, "kind": self.kind, "label": self.label}


def handover_items(source: ShiftSource, report: ShiftReport | None = None) -> list[HandoverItem]:
    """Every item the incoming officer must acknowledge, most urgent first.

    `report` is the shift report of `source` when the caller has built it already.
    """
    report = report or build_shift_report(source)
    now, tz = report.generated_at, report.tz
    items: list[HandoverItem] = []
    for incident in (*report.incidents.open, *report.exercises.open):
        teams = ", ".join(f"{t.callsign} {label(t.status)}" for t in incident.teams if t.serving)
        items.append(
            HandoverItem(
                f"incident:{incident.id}",
                "incident",
                f"{incident.ref} {label(incident.status)}, {incident.severity}"
                + (" (EXERCISE)" if incident.exercise else "")
                + f": {incident.title}"
                + (f" — teams: {teams}" if teams else ""),
            )
        )
    for team in report.overdue:
        late = duration(team.overdue_by or timedelta())
        where = f" at {team.incident_ref}" if team.incident_ref else ""
        due = team.check_in_due.isoformat() if team.check_in_due else ""
        items.append(
            HandoverItem(
                f"overdue:{team.callsign}:{due}",
                "overdue",
                f"{team.callsign} ({label(team.status)}{where}) missed its check-in by {late}",
            )
        )
    for team in report.out_of_service:
        items.append(
            HandoverItem(
                f"out_of_service:{team.callsign}",
                "out_of_service",
                f"{team.callsign} out of service: {team.status_reason or 'no reason given'}",
            )
        )
    for incident in (*report.incidents.open, *report.exercises.open):
        for entry in source.timeline(incident.id):
            occurred = from_iso(entry.recorded_at)
            if entry.kind == EntryKind.CORRECTION.value and report.since <= occurred <= now:
                items.append(
                    HandoverItem(
                        f"correction:{entry.id}",
                        "correction",
                        f"{incident.ref} corrected at {format_local_short(occurred, tz, now)}: "
                        f"{entry.text}",
                    )
                )
    keys = {item.key for item in items}
    for pending in source.handover_pending():
        if pending["key"] not in keys:
            items.append(
                HandoverItem(pending["key"], "carried", f"{pending['label']} (not acknowledged)")
            )
    return items
