"""One validator per record kind: what an incident, a timeline entry, a team or a setting may hold.

Every planner judges the documents it drafts here, and so does anything that applies documents
written elsewhere (a bundle, a hand-edited file): one set of rules, whoever wrote the record
(docs/product.md §3 and §7, the trust boundary). A refusal is a `RecordError` naming the field,
so a form can put the message beside it and an import can name the change and the field.

Three kinds of function: `incident_input` turns what an officer typed (a datetime, a district
name in either language, a count) into the stored form, refusing what cannot be stored; the
`check_*` functions judge a whole stored document and change nothing; `readable` gives a reader
a copy of a damaged stored document it can show safely, marked as damaged, so that a record
written by hand or by an older version never crashes a reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
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
from tui.model.timegrammar import to_iso

#: A title fits a list row and a report line.
TITLE_MAX = 200
#: Call signs, names, places, sources, reasons, notes: one line each.
LINE_MAX = 1_000
#: A narrative or a timeline entry's text: a pasted report of many pages fits.
TEXT_MAX = 200_000
#: Casualty counts: more than any incident a region has logged, fewer than a typo's digits.
COUNT_MAX = 100_000

_INCIDENT_FLAGS = ("occurred_approx", "verified", "exercise")


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
        INCIDENT_FIELDS[name].check(name, value, rules)
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


# -- the rules of each record kind, field by field -----------------------------------------------

Check = Callable[[str, Any, "Rules | None"], None]
"""Refuses one field's value with a `RecordError` naming the field."""


@dataclass(frozen=True, slots=True)
class FieldRule:
    """How one field of a record kind is judged, and what a reader shows if it is damaged."""

    check: Check
    required: bool = False
    shown: Any = None
    """Shown in place of a damaged value (a required field's placeholder, else its default)."""


def check_incident(doc: Mapping[str, Any], rules: Rules) -> None:
    """Refuse an incident document that a reader could not show or a report could not count."""
    _check(doc, INCIDENT_FIELDS, rules)


def check_entry(doc: Mapping[str, Any]) -> None:
    """Refuse a timeline entry that is not an append-only line of one incident or the duty log."""
    _check(doc, ENTRY_FIELDS, None)


def check_team(doc: Mapping[str, Any], rules: Rules) -> None:
    """Refuse a team document the board could not show."""
    _check(doc, TEAM_FIELDS, rules)


def check_fields(
    doc: Mapping[str, Any], table: str, names: Iterable[str], rules: Rules | None
) -> None:
    """Judge only `names` of a record whose other fields stand as judged before (an update)."""
    fields = RECORD_FIELDS[table]
    for name in names:
        _field(doc, name, fields[name], rules)


def check_setting(doc: Mapping[str, Any]) -> None:
    """Refuse a settings document other than the regime and the handover as they are written."""
    key = doc.get("id")
    if key == "regime":
        _check(doc, REGIME_FIELDS, None)
    elif key == "handover":
        _check(doc, HANDOVER_FIELDS, None)
    else:
        raise RecordError(f"unknown setting {_shown(key)}", field="id")


def readable(doc: dict[str, Any], table: str, rules: Rules) -> dict[str, Any] | None:
    """None when `doc` passes its kind's rules; else a copy a reader can show, each damaged
    field replaced by what its rule shows instead, and `damaged` saying what was wrong."""
    problems: list[str] = []
    copy: dict[str, Any] | None = None
    for name, rule in RECORD_FIELDS[table].items():
        try:
            _field(doc, name, rule, rules)
        except RecordError as error:
            copy = dict(doc) if copy is None else copy
            copy[name] = rule.shown
            problems.append(f"{name}: {error}")
    if copy is None:
        return None
    copy["damaged"] = "; ".join(problems)
    return copy


def _check(doc: Mapping[str, Any], fields: Mapping[str, FieldRule], rules: Rules | None) -> None:
    for name, rule in fields.items():  # `_field`, inlined: this runs for every change imported
        if name in doc:
            rule.check(name, doc[name], rules)
        elif rule.required:
            raise RecordError(f"{name} is missing", field=name)


def _field(doc: Mapping[str, Any], name: str, rule: FieldRule, rules: Rules | None) -> None:
    if name in doc:
        rule.check(name, doc[name], rules)
    elif rule.required:
        raise RecordError(f"{name} is missing", field=name)


# -- single fields ---------------------------------------------------------------------------------


def _id(name: str, value: Any, rules: Rules | None) -> None:
    if type(value) is not str or not 0 < len(value) <= 64:
        raise RecordError(f"{name} must be a record id", field=name)


def _optional_id(name: str, value: Any, rules: Rules | None) -> None:
    if value is not None:
        _id(name, value, rules)


def _ref(name: str, value: Any, rules: Rules | None) -> None:
    if type(value) is not str or REF_RE.fullmatch(value) is None:
        raise RecordError(f"{_shown(value)} is not a reference like HQ-2026-0042", field=name)


def _title(name: str, value: Any, rules: Rules | None) -> None:
    if type(value) is not str or not value.strip():
        raise RecordError("an incident needs a title", field=name)
    _length(name, value, TITLE_MAX, f"the title is longer than {TITLE_MAX} characters")


def _kind(name: str, value: Any, rules: Rules | None) -> None:
    kinds = rules.kinds if rules is not None else ()
    if type(value) is not str or value not in kinds:
        raise RecordError(
            f"unknown incident kind {_shown(value)}; use one of " + ", ".join(kinds), field=name
        )


def _district(name: str, value: Any, rules: Rules | None) -> None:
    if type(value) is not str or rules is None or rules.region.get(value) is None:
        raise RecordError(f"{_shown(value)} is not a district of this region", field=name)


def _text_of(most: int, *, least: int = 0, empty: str = "") -> Check:
    """A text field of at most `most` characters (at least `least` of them not blank)."""

    def check(name: str, value: Any, rules: Rules | None) -> None:
        if type(value) is not str:
            raise RecordError(f"{name} must be text", field=name)
        if least and len(value.strip()) < least:
            raise RecordError(empty or f"{name} is empty", field=name)
        _length(name, value, most, f"{name} is longer than {most:,} characters")

    return check


def _count(name: str, value: Any, rules: Rules | None) -> None:
    if value is None:
        return
    if type(value) is not int or not 0 <= value <= COUNT_MAX:
        raise RecordError(
            f"{name} must be a whole number ≥ 0 (at most {COUNT_MAX:,}), or unknown", field=name
        )


def _flag(name: str, value: Any, rules: Rules | None) -> None:
    if type(value) is not bool:
        raise RecordError(f"{name} must be yes or no", field=name)


def _position(name: str, value: Any, rules: Rules | None) -> None:
    if value is None:
        return
    valid = type(value) is list and len(value) == 2 and all(type(v) in (int, float) for v in value)
    if not valid:
        raise RecordError("coordinates are two numbers: latitude, longitude", field=name)
    lat, lon = value
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RecordError("coordinates out of range (latitude ±90, longitude ±180)", field=name)


def is_stored_time(value: Any) -> bool:
    """True for a time in the stored UTC form (`2026-11-24T11:05:00Z`) that is a real one."""
    if type(value) is str and _STORED_TIME.fullmatch(value):
        try:
            datetime.fromisoformat(value[:19])
            return True
        except ValueError:
            pass
    return False


def _time(name: str, value: Any, rules: Rules | None) -> None:
    if is_stored_time(value):
        return
    raise RecordError(
        f"{_shown(value)} is not a stored UTC time: expected 2026-11-24T11:05:00Z", field=name
    )


def _optional_time(name: str, value: Any, rules: Rules | None) -> None:
    if value is not None:
        _time(name, value, rules)


def _ids(name: str, value: Any, rules: Rules | None) -> None:
    if type(value) is not list or not all(type(v) is str and 0 < len(v) <= 64 for v in value):
        raise RecordError(f"{name} must be a list of record ids", field=name)


def _object(name: str, value: Any, rules: Rules | None) -> None:
    if value is not None and type(value) is not dict:
        raise RecordError(f"{name} must be an object", field=name)


def _pending(name: str, value: Any, rules: Rules | None) -> None:
    if type(value) is not list or not all(
        type(item) is dict and type(item.get("key")) is str for item in value
    ):
        raise RecordError("pending handover items must each have a key", field=name)


def _one_of(kind: type[StrEnum], noun: str) -> Check:
    allowed = frozenset(member.value for member in kind)
    listed = ", ".join(member.value for member in kind)

    def check(name: str, value: Any, rules: Rules | None) -> None:
        if type(value) is not str or value not in allowed:  # a list is not even hashable
            raise RecordError(f"unknown {noun} {_shown(value)}; use one of {listed}", field=name)

    return check


_STORED_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3}|\.[0-9]{6})?Z"
)
_EPOCH = "1970-01-01T00:00:00Z"
_line = _text_of(LINE_MAX)
_long = _text_of(TEXT_MAX)

#: Incident fields: `incident_input` judges typed values with these same rules.
INCIDENT_FIELDS: dict[str, FieldRule] = {
    "id": FieldRule(_id, required=True),
    "ref": FieldRule(_ref, required=True, shown="?-0000-0000"),
    "title": FieldRule(_title, required=True, shown="(damaged record)"),
    "kind": FieldRule(_kind, required=True, shown="other"),
    "severity": FieldRule(_one_of(Severity, "severity"), required=True, shown="info"),
    "status": FieldRule(_one_of(IncidentStatus, "status"), required=True, shown="new"),
    "district": FieldRule(_district, required=True, shown="?"),
    "reported_at": FieldRule(_time, required=True, shown=_EPOCH),
    "created_by": FieldRule(_line, required=True, shown="?"),
    "created_at": FieldRule(_time, required=True, shown=_EPOCH),
    "updated_by": FieldRule(_line, required=True, shown="?"),
    "updated_at": FieldRule(_time, required=True, shown=_EPOCH),
    **{
        name: FieldRule(_line, shown="")
        for name in ("settlement", "location", "source", "source_contact", "damage")
    },
    "status_reason": FieldRule(_line, shown=""),
    "narrative": FieldRule(_long, shown=""),
    "coordinates": FieldRule(_position),
    "occurred_at": FieldRule(_optional_time),
    "closed_at": FieldRule(_optional_time),
    "injured": FieldRule(_count),
    "dead": FieldRule(_count),
    **{name: FieldRule(_flag, shown=False) for name in _INCIDENT_FLAGS},
    "teams": FieldRule(_ids, shown=[]),
    "linked": FieldRule(_ids, shown=[]),
}
ENTRY_FIELDS: dict[str, FieldRule] = {
    "id": FieldRule(_id, required=True),
    "incident": FieldRule(_optional_id, required=True),
    "occurred_at": FieldRule(_time, required=True, shown=_EPOCH),
    "recorded_at": FieldRule(_time, required=True, shown=_EPOCH),
    "author": FieldRule(_line, required=True, shown="?"),
    "kind": FieldRule(_one_of(EntryKind, "entry kind"), required=True, shown="note"),
    "text": FieldRule(
        _text_of(TEXT_MAX, least=1, empty="the entry text is empty"),
        required=True,
        shown="(damaged entry)",
    ),
    "corrects": FieldRule(_optional_id),
    "team": FieldRule(_optional_id),
    "data": FieldRule(_object),
}
TEAM_FIELDS: dict[str, FieldRule] = {
    "id": FieldRule(_id, required=True),
    "callsign": FieldRule(
        _text_of(40, least=1, empty="a team needs a call sign"), required=True, shown="?"
    ),
    "name": FieldRule(_line, required=True, shown=""),
    "type": FieldRule(_one_of(TeamType, "team type"), required=True, shown="rescue"),
    "home_district": FieldRule(_district, required=True, shown="?"),
    # A damaged status is shown out of service: nobody dispatches a team on a guess.
    "status": FieldRule(_one_of(TeamStatus, "team status"), required=True, shown="out_of_service"),
    "status_since": FieldRule(_time, required=True, shown=_EPOCH),
    "incident": FieldRule(_optional_id),
    "check_in_due": FieldRule(_optional_time),
    "note": FieldRule(_line, shown=""),
    "status_reason": FieldRule(_line, shown=""),
    "retired": FieldRule(_flag, shown=False),
}
#: The rules of the record tables a reader shows, by table.
RECORD_FIELDS: dict[str, dict[str, FieldRule]] = {
    "incidents": INCIDENT_FIELDS,
    "entries": ENTRY_FIELDS,
    "teams": TEAM_FIELDS,
}
REGIME_FIELDS: dict[str, FieldRule] = {
    "value": FieldRule(_one_of(Regime, "regime"), required=True),
    "since": FieldRule(_optional_time),
    "reason": FieldRule(_line),
}
HANDOVER_FIELDS: dict[str, FieldRule] = {
    "from": FieldRule(_line),
    "to": FieldRule(_line),
    "at": FieldRule(_optional_time),
    "pending": FieldRule(_pending),
}


def _length(name: str, value: str, most: int, message: str) -> None:
    if len(value) > most:
        raise RecordError(message, field=name)
    if "\x00" in value:
        raise RecordError(f"{name} holds a NUL character", field=name)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RecordError(f"{name} holds bytes that are not UTF-8 text", field=name) from None


def _shown(value: Any) -> str:
    """A bad value as it is quoted in a refusal: short, whatever it holds."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
