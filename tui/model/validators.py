"""One validator per record kind: what an incident, a timeline entry, a team or a setting may hold.

Every planner judges the documents it drafts here, and so does anything that applies documents
written elsewhere (a bundle, a hand-edited file): one set of rules, whoever wrote the record
(docs/product.md §3 and §7, the trust boundary). A refusal is a `RecordError` naming the field,
so a form can put the message beside it and an import can name the change and the field.

Two kinds of function: `incident_input` turns what an officer typed (a datetime, a district
name in either language, a count) into the stored form, refusing what cannot be stored; the
`check_*` functions judge a whole stored document and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.model.gazetteer import Region, UnknownDistrict
from tui.model.records import (
    EDITABLE_INCIDENT_FIELDS,
    EntryKind,
    IncidentStatus,
    Regime,
    Severity,
    TeamStatus,
    TeamType,
)
from tui.model.refs import REF_RE
from tui.model.timegrammar import TimeParseError, from_iso, to_iso

#: A title fits a list row and a report line.
TITLE_MAX = 200
#: Call signs, names, places, sources, reasons, notes: one line each.
LINE_MAX = 1_000
#: A narrative or a timeline entry's text: a pasted report of many pages fits.
TEXT_MAX = 200_000
#: Casualty counts: more than any incident a region has logged, fewer than a typo's digits.
COUNT_MAX = 100_000

_INCIDENT_LINES = ("settlement", "location", "source", "source_contact", "damage", "status_reason")
_INCIDENT_FLAGS = ("occurred_approx", "verified", "exercise")
_COUNTS = ("injured", "dead")


class RecordError(ValueError):
    """A value a record cannot hold; `field` is the field it is about."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Rules:
    """What a database allows beyond the fixed enums: its region's districts, its kinds."""

    region: Region
    kinds: tuple[str, ...]

    def district(self, name: str) -> str:
        """A district's stable key from a name in either language; unknown names suggest."""
        try:
            return self.region.lookup(name).key
        except UnknownDistrict as error:
            raise RecordError(str(error), field="district") from None


# -- what an officer typed ---------------------------------------------------------------------


def incident_input(
    fields: Mapping[str, Any], rules: Rules, *, linked: Callable[[str], str]
) -> dict[str, Any]:
    """Typed incident fields in their stored form; `linked` turns a reference into an id."""
    unknown = sorted(set(fields) - EDITABLE_INCIDENT_FIELDS)
    if unknown:
        raise RecordError(
            "these fields cannot be edited here: " + ", ".join(unknown), field=unknown[0]
        )
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "district":
            value = rules.district(str(value))
        elif name in ("occurred_at", "reported_at"):
            value = to_iso(value) if isinstance(value, datetime) else value
        elif name == "linked":
            value = [linked(str(ref)) for ref in value]
        elif name in _INCIDENT_FLAGS:
            value = bool(value)
        elif name == "coordinates":
            value = _coordinates(value)
        elif isinstance(value, str):
            value = value.strip()
        out[name] = value
        _INCIDENT_FIELD_CHECKS[name](name, value, rules)
    return out


def _coordinates(value: Any) -> list[float] | None:
    if value is None:
        return None
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        raise RecordError(
            "coordinates are two numbers: latitude, longitude", field="coordinates"
        ) from None
    return [lat, lon]


# -- whole stored documents ----------------------------------------------------------------------


def check_incident(doc: Mapping[str, Any], rules: Rules) -> None:
    """Refuse an incident document that a reader could not show or a report could not count."""
    _text(doc, "id", 1, 64)
    ref = doc.get("ref")
    if not isinstance(ref, str) or REF_RE.fullmatch(ref) is None:
        raise RecordError(f"{_shown(ref)} is not a reference like HQ-2026-0042", field="ref")
    for name in ("created_by", "updated_by"):
        _text(doc, name, 0, LINE_MAX)
    for name in ("created_at", "updated_at", "reported_at"):
        _time(name, doc.get(name), rules)
    _enum("status", doc.get("status"), IncidentStatus)
    for name in ("teams", "linked"):
        _ids(name, doc.get(name, []))
    for name, check in _INCIDENT_FIELD_CHECKS.items():
        if name in doc:
            check(name, doc[name], rules)
    _optional_time("closed_at", doc.get("closed_at"), rules)


def check_entry(doc: Mapping[str, Any]) -> None:
    """Refuse a timeline entry that is not an append-only line of one incident or the duty log."""
    _text(doc, "id", 1, 64)
    for name in ("occurred_at", "recorded_at"):
        _time(name, doc.get(name), None)
    _text(doc, "author", 0, LINE_MAX)
    _enum("kind", doc.get("kind"), EntryKind)
    _text(doc, "text", 1, TEXT_MAX, what="the entry text is empty")
    for name in ("incident", "corrects", "team"):
        value = doc.get(name)
        if value is not None and (not isinstance(value, str) or not 0 < len(value) <= 64):
            raise RecordError(f"{name} must be a record id", field=name)
    data = doc.get("data")
    if data is not None and not isinstance(data, dict):
        raise RecordError("an entry's data must be an object", field="data")


def check_team(doc: Mapping[str, Any], rules: Rules) -> None:
    """Refuse a team document the board could not show."""
    _text(doc, "id", 1, 64)
    _text(doc, "callsign", 1, 40, what="a team needs a call sign")
    _text(doc, "name", 0, LINE_MAX)
    _enum("team_type", doc.get("type"), TeamType, field="type")
    home = doc.get("home_district")
    if not isinstance(home, str) or rules.region.get(home) is None:
        raise RecordError(f"{_shown(home)} is not a district of this region", field="home_district")
    _enum("status", doc.get("status"), TeamStatus)
    _time("status_since", doc.get("status_since"), None)
    _optional_time("check_in_due", doc.get("check_in_due"), None)
    for name in ("note", "status_reason"):
        _text(doc, name, 0, LINE_MAX)
    incident = doc.get("incident")
    if incident is not None and not isinstance(incident, str):
        raise RecordError("incident must be a record id", field="incident")


def check_setting(doc: Mapping[str, Any]) -> None:
    """Refuse a settings document other than the regime and the handover as they are written."""
    key = doc.get("id")
    if key == "regime":
        _enum("value", doc.get("value"), Regime, field="regime")
        _optional_time("since", doc.get("since"), None)
        _text(doc, "reason", 0, LINE_MAX)
    elif key == "handover":
        for name in ("from", "to"):
            _text(doc, name, 0, LINE_MAX)
        _optional_time("at", doc.get("at"), None)
        pending = doc.get("pending", [])
        if not isinstance(pending, list) or not all(
            isinstance(item, dict) and isinstance(item.get("key"), str) for item in pending
        ):
            raise RecordError("pending handover items must each have a key", field="pending")
    else:
        raise RecordError(f"unknown setting {_shown(key)}", field="id")


# -- single fields ---------------------------------------------------------------------------------


def _title(name: str, value: Any, rules: Rules) -> None:
    if not isinstance(value, str) or not value.strip():
        raise RecordError("an incident needs a title", field=name)
    _length(name, value, TITLE_MAX, f"the title is longer than {TITLE_MAX} characters")


def _kind(name: str, value: Any, rules: Rules) -> None:
    if value not in rules.kinds:
        raise RecordError(
            f"unknown incident kind {_shown(value)}; use one of " + ", ".join(rules.kinds),
            field=name,
        )


def _severity(name: str, value: Any, rules: Rules) -> None:
    _enum(name, value, Severity)


def _district(name: str, value: Any, rules: Rules) -> None:
    if not isinstance(value, str) or rules.region.get(value) is None:
        raise RecordError(f"{_shown(value)} is not a district of this region", field=name)


def _line(name: str, value: Any, rules: Rules) -> None:
    if not isinstance(value, str):
        raise RecordError(f"{name} must be text", field=name)
    _length(name, value, LINE_MAX, f"{name} is longer than {LINE_MAX} characters")


def _narrative(name: str, value: Any, rules: Rules) -> None:
    if not isinstance(value, str):
        raise RecordError(f"{name} must be text", field=name)
    _length(name, value, TEXT_MAX, f"{name} is longer than {TEXT_MAX} characters")


def _count(name: str, value: Any, rules: Rules) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= COUNT_MAX:
        raise RecordError(
            f"{name} must be a whole number ≥ 0 (at most {COUNT_MAX:,}), or unknown", field=name
        )


def _flag(name: str, value: Any, rules: Rules) -> None:
    if not isinstance(value, bool):
        raise RecordError(f"{name} must be yes or no", field=name)


def _position(name: str, value: Any, rules: Rules) -> None:
    if value is None:
        return
    valid = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    )
    if not valid:
        raise RecordError("coordinates are two numbers: latitude, longitude", field=name)
    lat, lon = value
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RecordError("coordinates out of range (latitude ±90, longitude ±180)", field=name)


def _optional_time(name: str, value: Any, rules: Rules | None) -> None:
    if value is not None:
        _time(name, value, rules)


def _time(name: str, value: Any, rules: Rules | None) -> None:
    try:
        from_iso(value)
    except TimeParseError as error:
        raise RecordError(f"{name}: {error}", field=name) from None


def _linked(name: str, value: Any, rules: Rules) -> None:
    _ids(name, value)


_INCIDENT_FIELD_CHECKS: dict[str, Callable[[str, Any, Rules], None]] = {
    "title": _title,
    "kind": _kind,
    "severity": _severity,
    "district": _district,
    **dict.fromkeys(_INCIDENT_LINES, _line),
    "narrative": _narrative,
    "coordinates": _position,
    "occurred_at": _optional_time,
    "reported_at": _time,
    **dict.fromkeys(_COUNTS, _count),
    **dict.fromkeys(_INCIDENT_FLAGS, _flag),
    "linked": _linked,
}


def _enum(name: str, value: Any, kind: type[Any], *, field: str | None = None) -> None:
    allowed = [member.value for member in kind]
    if value not in allowed:
        raise RecordError(
            f"unknown {name.replace('_', ' ')} {_shown(value)}; use one of " + ", ".join(allowed),
            field=field or name,
        )


def _text(
    doc: Mapping[str, Any], name: str, least: int, most: int, *, what: str | None = None
) -> None:
    value = doc.get(name, "")
    if not isinstance(value, str):
        raise RecordError(f"{name} must be text", field=name)
    if len(value.strip()) < least:
        raise RecordError(what or f"{name} is empty", field=name)
    _length(name, value, most, f"{name} is longer than {most:,} characters")


def _length(name: str, value: str, most: int, message: str) -> None:
    if len(value) > most:
        raise RecordError(message, field=name)
    if "\x00" in value:
        raise RecordError(f"{name} holds a NUL character", field=name)


def _ids(name: str, value: Any) -> None:
    if not isinstance(value, list) or not all(
        isinstance(v, str) and 0 < len(v) <= 64 for v in value
    ):
        raise RecordError(f"{name} must be a list of record ids", field=name)


def _shown(value: Any) -> str:
    """A bad value as it is quoted in a refusal: short, whatever it holds."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
