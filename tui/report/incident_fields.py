"""An incident's fields as labelled rows of plain text: one wording wherever an incident is shown.

The shift report shows the summary rows under each open incident; `dutydesk show` shows the
detailed rows. The values are the data as stored (raw), so each caller makes them safe for
where it writes (`printable` for a terminal, escapes for Markdown): no markup, no Rich here,
which leaves the rows usable by the desk's detail pane too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from tui.model.records import label
from tui.model.wording import count_or_unknown
from tui.report.shift import IncidentItem

#: A time as the caller shows it (short or full, in the region's zone); None is unknown.
TimeWording = Callable[[datetime | None], str]


def incident_fields(
    incident: IncidentItem, when: TimeWording, *, detail: bool = False
) -> list[tuple[str, str]]:
    """(label, value) rows: state, place, times, casualties and teams; with `detail`, also the
    district's Russian name, the closing time, damage, source and whether it is a drill."""
    return list(_rows(incident, when, detail))


def _rows(incident: IncidentItem, when: TimeWording, detail: bool) -> Iterator[tuple[str, str]]:
    state = f"{label(incident.status)} · {incident.severity} · {label(incident.kind)}"
    if incident.verified:
        state += " · verified"
    yield "State", state
    if incident.status_reason:
        yield "Reason", incident.status_reason
    district = incident.district_en
    if detail and incident.district_ru != district:
        district += f" ({incident.district_ru})"
    places = (district, incident.settlement, incident.location)
    yield "Place", ", ".join(part for part in places if part.strip())
    occurred = when(incident.occurred_at)
    if incident.occurred_at is not None and incident.occurred_approx:
        occurred = "about " + occurred
    yield "Reported", f"{when(incident.reported_at)}, occurred {occurred}"
    if detail and incident.closed_at is not None:
        yield "Closed", when(incident.closed_at)
    injured, dead = count_or_unknown(incident.injured), count_or_unknown(incident.dead)
    yield "Casualties", f"injured {injured}, dead {dead}"
    if detail and incident.damage:
        yield "Damage", incident.damage
    teams = [
        f"{t.callsign} {label(t.status)}" if t.serving else f"{t.callsign} released"
        for t in incident.teams
    ]
    yield "Teams", ", ".join(teams) or "none"
    if detail and (incident.source or incident.source_contact):
        yield "Source", " ".join(p for p in (incident.source, incident.source_contact) if p)
    if detail and incident.exercise:
        yield "Exercise", "yes — a drill, not a real incident"
