"""The shift report's JSON document as Python data, one function per section (see layout.SECTIONS).

The shape is documented in docs/report-json.md (version 1): times are objects with the UTC
instant and the region's local wall-clock reading, and data strings are carried exactly (the
writer, `render_json`, escapes what a terminal could act on).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tui.model.records import label
from tui.model.timegrammar import format_local, to_iso
from tui.report.shift import (
    IncidentGroup,
    IncidentItem,
    LogEntry,
    ShiftReport,
    TeamBoardLine,
)


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

    def team(self, t: TeamBoardLine) -> dict[str, Any]:
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


def summary(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    return {
        "region": {
            "code": report.region_code,
            "name_en": report.region_en,
            "name_ru": report.region_ru,
        },
        "station": report.station,
        "timezone": {"name": report.tz_name, "abbreviation": report.zone_abbreviation},
        "generated_at": j.time(report.generated_at),
        "period": {
            "since": j.time(report.since),
            "until": j.time(report.until),
            "basis": report.basis,
        },
        "on_duty": [{"officer": o.officer, "since": j.time(o.since)} for o in report.on_duty],
        "logged_by": list(report.logged_by),
    }


def regime(report: ShiftReport) -> dict[str, Any]:
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


def open_incidents(report: ShiftReport) -> dict[str, Any]:
    return {"open_incidents": _Json(report).group(report.incidents)["open_incidents"]}


def period_incidents(report: ShiftReport) -> dict[str, Any]:
    group = _Json(report).group(report.incidents)
    return {key: group[key] for key in ("opened", "closed", "cancelled")}


def casualties(report: ShiftReport) -> dict[str, Any]:
    c = report.casualties
    return {
        "casualties": {
            "incidents": c.incidents,
            "injured": {"known_total": c.injured, "unknown_in": c.injured_unknown},
            "dead": {"known_total": c.dead, "unknown_in": c.dead_unknown},
        }
    }


def team_board(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    return {"team_board": [j.team(t) for t in report.teams]}


def overdue(report: ShiftReport) -> dict[str, Any]:
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


def out_of_service(report: ShiftReport) -> dict[str, Any]:
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


def duty_log(report: ShiftReport) -> dict[str, Any]:
    j = _Json(report)
    return {"duty_log": [j.entry(e) for e in report.duty_log]}


def exercises(report: ShiftReport) -> dict[str, Any]:
    return {"exercises": _Json(report).group(report.exercises)}
