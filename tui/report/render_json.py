"""The shift report as JSON: a stable, documented shape (docs/report-json.md), version 1.

Keys follow the report's section order (`layout.SECTIONS`). Times are objects with the UTC
instant and the region's local wall-clock reading. Data strings are carried exactly; the
characters a terminal could act on (C1 controls, DEL, bidi overrides, line separators) are
written as `\\uXXXX` escapes, so printing the JSON is as safe as printing the text report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from tui.model.records import label
from tui.model.timegrammar import format_local, to_iso
from tui.report.layout import SECTIONS, zone_abbreviation
from tui.report.shift import (
    IncidentGroup,
    IncidentItem,
    LogEntry,
    ShiftReport,
    TeamRow,
)

FORMAT = "dutydesk-shift-report"
VERSION = 1

# json.dumps escapes C0 controls itself; these it would leave raw with ensure_ascii=False.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def render_json(report: ShiftReport) -> str:
    text = json.dumps(report_document(report), ensure_ascii=False, indent=2)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def report_document(report: ShiftReport) -> dict[str, Any]:
    """The JSON document as Python data (what `json.loads(render_json(r))` gives back)."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for name in SECTIONS:
        doc.update(_SECTION_KEYS[name](report))
    return doc


class _Json:
    """Conversions that need the report's time zone."""

    def __init__(self, report: ShiftReport) -> None:
        self.tz = report.tz

    def time(self, when: datetime | None) -> dict[str, str] | None:
        if when is None:
            return None
        return {"utc": to_iso(when), "local": format_local(when, self.tz)}

    def entry(self, e: LogEntry) -> dict[str, Any]:
        return {
            "id": e.id,
            "occurred_at": self.time(e.occurred_at),
            "recorded_at": self.time(e.recorded_at),
            "author": e.author,
            "kind": e.kind,
            "text": e.text,
            "team": e.team,
            "corrects": e.corrects,
        }

    def incident(self, i: IncidentItem) -> dict[str, Any]:
        return {
            "id": i.id,
            "ref": i.ref,
            "title": i.title,
            "kind": i.kind,
            "severity": i.severity,
            "status": i.status,
            "status_reason": i.status_reason,
            "district": {"key": i.district, "name_en": i.district_en, "name_ru": i.district_ru},
            "settlement": i.settlement,
            "location": i.location,
            "reported_at": self.time(i.reported_at),
            "occurred_at": self.time(i.occurred_at),
            "occurred_approx": i.occurred_approx,
            "closed_at": self.time(i.closed_at),
            "injured": i.injured,
            "dead": i.dead,
            "verified": i.verified,
            "exercise": i.exercise,
            "teams": [
                {"callsign": t.callsign, "name": t.name, "status": t.status, "serving": t.serving}
                for t in i.teams
            ],
            "entry_count": i.entry_count,
            "latest_entries": [self.entry(e) for e in i.latest],
        }

    def group(self, g: IncidentGroup) -> dict[str, Any]:
        return {
            "open_incidents": [self.incident(i) for i in g.open],
            "opened": [self.incident(i) for i in g.opened],
            "closed": [self.incident(i) for i in g.closed],
            "cancelled": [self.incident(i) for i in g.cancelled],
        }

    def team(self, t: TeamRow) -> dict[str, Any]:
        return {
            "callsign": t.callsign,
            "name": t.name,
            "type": t.type,
            "home_district": t.home_district,
            "status": t.status,
            "status_since": self.time(t.status_since),
            "time_in_status_s": _seconds(t.in_status),
            "incident_ref": t.incident_ref,
            "check_in_due": self.time(t.check_in_due),
            "overdue_s": None if t.overdue_by is None else _seconds(t.overdue_by),
            "note": t.note,
            "status_reason": t.status_reason,
        }


def _seconds(span: timedelta) -> int:
    return int(span.total_seconds())


def _summary(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    return {
        "region": {
            "code": report.region_code,
            "name_en": report.region_en,
            "name_ru": report.region_ru,
        },
        "station": report.station,
        "timezone": {"name": report.tz_name, "abbreviation": zone_abbreviation(report)},
        "generated_at": j.time(report.generated_at),
        "period": {
            "since": j.time(report.since),
            "until": j.time(report.until),
            "basis": report.basis,
        },
        "on_duty": [{"officer": o.officer, "since": j.time(o.since)} for o in report.on_duty],
        "logged_by": list(report.logged_by),
    }


def _regime(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    regime = report.regime
    return {
        "regime": {
            "value": regime.value,
            "label": label(regime.value),
            "since": j.time(regime.since),
            "reason": regime.reason,
            "changes": [j.entry(e) for e in report.regime_changes],
        }
    }


def _open_incidents(report: ShiftReport) -> dict[str, Any]:
    return {"open_incidents": _Json(report).group(report.incidents)["open_incidents"]}


def _period_incidents(report: ShiftReport) -> dict[str, Any]:
    group = _Json(report).group(report.incidents)
    return {key: group[key] for key in ("opened", "closed", "cancelled")}


def _casualties(report: ShiftReport) -> dict[str, Any]:
    c = report.casualties
    return {
        "casualties": {
            "incidents": c.incidents,
            "injured": {"known_total": c.injured, "unknown_in": c.injured_unknown},
            "dead": {"known_total": c.dead, "unknown_in": c.dead_unknown},
        }
    }


def _team_board(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    return {"team_board": [j.team(t) for t in report.teams]}


def _overdue(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    return {
        "overdue_check_ins": [
            {
                "callsign": t.callsign,
                "status": t.status,
                "incident_ref": t.incident_ref,
                "check_in_due": j.time(t.check_in_due),
                "overdue_s": _seconds(t.overdue_by or timedelta()),
            }
            for t in report.overdue
        ]
    }


def _out_of_service(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    return {
        "out_of_service": [
            {
                "callsign": t.callsign,
                "name": t.name,
                "since": j.time(t.status_since),
                "reason": t.status_reason,
            }
            for t in report.out_of_service
        ]
    }


def _duty_log(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    return {"duty_log": [j.entry(e) for e in report.duty_log]}


def _exercises(report: ShiftReport) -> dict[str, Any]:
    return {"exercises": _Json(report).group(report.exercises)}


_SECTION_KEYS: dict[str, Callable[[ShiftReport], dict[str, Any]]] = {
    "summary": _summary,
    "regime": _regime,
    "open_incidents": _open_incidents,
    "period_incidents": _period_incidents,
    "casualties": _casualties,
    "team_board": _team_board,
    "overdue_check_ins": _overdue,
    "out_of_service": _out_of_service,
    "duty_log": _duty_log,
    "exercises": _exercises,
}
