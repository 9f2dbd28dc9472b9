"""The records of the duty log (docs/product.md §3): incidents, timeline entries, teams and changes.

Records travel as plain JSON documents (dicts) between the store and the screen: a year holds
hundreds of thousands of them, so the dataclasses here are thin typed views built on demand with
`from_doc`, and `to_doc` gives back exactly the document the store keeps.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Self


class Severity(StrEnum):
    """Ordered from least to most severe; the order is the list's sort key."""

    INFO = "info"
    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class IncidentStatus(StrEnum):
    NEW = "new"
    ACTIVE = "active"
    MONITORING = "monitoring"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        """Open incidents stand out in the list and fill the handover."""
        return self not in (IncidentStatus.CLOSED, IncidentStatus.CANCELLED)


class TeamStatus(StrEnum):
    AVAILABLE = "available"
    ALERTED = "alerted"
    EN_ROUTE = "en_route"
    ON_SCENE = "on_scene"
    RETURNING = "returning"
    OUT_OF_SERVICE = "out_of_service"

    @property
    def is_committed(self) -> bool:
        """A committed team serves an incident and owes check-ins."""
        return self in (
            TeamStatus.ALERTED,
            TeamStatus.EN_ROUTE,
            TeamStatus.ON_SCENE,
            TeamStatus.RETURNING,
        )


class TeamType(StrEnum):
    RESCUE = "rescue"
    FIRE = "fire"
    POLICE = "police"
    MEDICAL = "medical"
    EOD = "eod"
    ROAD_SERVICE = "road_service"
    UTILITY = "utility"


class EntryKind(StrEnum):
    REPORT = "report"
    ACTION = "action"
    DISPATCH = "dispatch"
    TEAM_STATUS = "team_status"
    STATUS_CHANGE = "status_change"
    NOTE = "note"
    CORRECTION = "correction"
    # General duty-log kinds: the shift report starts at the last shift change.
    REGIME_CHANGE = "regime_change"
    SHIFT_CHANGE = "shift_change"


class Regime(StrEnum):
    """The department's operating regime, shown in the header."""

    ROUTINE = "routine"
    HEIGHTENED_READINESS = "heightened_readiness"
    EMERGENCY = "emergency"


#: The incident kinds every region starts with; a database may add its own in `_meta.kinds`.
DEFAULT_INCIDENT_KINDS: tuple[str, ...] = (
    "drone_shootdown",
    "uav_crash",
    "fire",
    "road_accident",
    "utility_outage",
    "flood",
    "other",
)


def label(value: str) -> str:
    """The words a person reads for an enum value: `en_route` -> `en route`."""
    return value.replace("_", " ")


class _Doc:
    """Conversion between a dataclass and the JSON document the store keeps."""

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Self:
        names = _field_names(cls)
        return cls(**{k: v for k, v in doc.items() if k in names})

    def to_doc(self) -> dict[str, Any]:
        return {
            f.name: _plain(getattr(self, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if not f.metadata.get("derived")
        }


#: Metadata of a field a reader derives, never stored (`damaged`).
DERIVED = {"derived": True}

_FIELD_CACHE: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    names = _FIELD_CACHE.get(cls)
    if names is None:
        names = frozenset(f.name for f in dataclasses.fields(cls))
        _FIELD_CACHE[cls] = names
    return names


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(slots=True)
class Incident(_Doc):
    """One incident. Times are UTC ISO 8601 strings; casualties None means unknown, 0 means none."""

    id: str
    ref: str
    title: str
    kind: str
    severity: str
    status: str
    district: str
    reported_at: str
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str
    settlement: str = ""
    location: str = ""
    coordinates: list[float] | None = None
    occurred_at: str | None = None
    occurred_approx: bool = False
    closed_at: str | None = None
    source: str = ""
    source_contact: str = ""
    narrative: str = ""
    injured: int | None = None
    dead: int | None = None
    damage: str = ""
    teams: list[str] = field(default_factory=list)
    linked: list[str] = field(default_factory=list)
    verified: bool = False
    exercise: bool = False
    status_reason: str = ""
    damaged: str = field(default="", metadata=DERIVED)
    """Set when the stored record failed its validation: what was wrong (tui/model/validators.py,
    `readable`). The damaged fields hold placeholders; the stored record is unchanged."""

    @property
    def is_open(self) -> bool:
        return IncidentStatus(self.status).is_open


#: Incident fields an officer may edit directly; status, teams and audit fields move only
#: through their own operations so that each leaves its timeline entry.
EDITABLE_INCIDENT_FIELDS: frozenset[str] = frozenset(
    {
        "title",
        "kind",
        "severity",
        "district",
        "settlement",
        "location",
        "coordinates",
        "occurred_at",
        "occurred_approx",
        "reported_at",
        "source",
        "source_contact",
        "narrative",
        "injured",
        "dead",
        "damage",
        "linked",
        "verified",
        "exercise",
    }
)


@dataclass(slots=True)
class TimelineEntry(_Doc):
    """An append-only line of an incident's timeline, or of the general duty log (incident None)."""

    id: str
    incident: str | None
    occurred_at: str
    recorded_at: str
    author: str
    kind: str
    text: str
    corrects: str | None = None
    team: str | None = None
    data: dict[str, Any] | None = None
    """Structured detail where the text alone would have to be parsed (a handover's items)."""
    damaged: str = field(default="", metadata=DERIVED)
    """Set when the stored record failed its validation: what was wrong (tui/model/validators.py,
    `readable`). The damaged fields hold placeholders; the stored record is unchanged."""


@dataclass(slots=True)
class Team(_Doc):
    """A response team and where it stands now."""

    id: str
    callsign: str
    name: str
    type: str
    home_district: str
    status: str
    status_since: str
    incident: str | None = None
    check_in_due: str | None = None
    note: str = ""
    status_reason: str = ""
    retired: bool = False
    """Off the roster: kept, with its history, but offered for nothing."""
    damaged: str = field(default="", metadata=DERIVED)
    """Set when the stored record failed its validation: what was wrong (tui/model/validators.py,
    `readable`). The damaged fields hold placeholders; the stored record is unchanged."""


@dataclass(slots=True)
class Change(_Doc):
    """The unit of every write: durable, audited, exported and merged as one thing.

    `before`/`after` hold only the fields that changed (a whole document for a create or an
    appended entry). `prev` is the hash of the station's previous change, `hash` this change's.
    """

    id: str
    station: str
    device: str
    seq: int
    hlc: str
    prev: str
    hash: str
    by: str
    at: str
    table: str
    record: str
    op: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


#: Fields that move with another field (who edited, when a status began): they never show as
#: conflicts of their own.
BOOKKEEPING_FIELDS: frozenset[str] = frozenset(
    {"updated_at", "updated_by", "status_since", "closed_at", "status_reason"}
)


@dataclass(frozen=True, slots=True)
class ConflictValue:
    """One side of a conflict: the value a station wrote, and when (hybrid logical clock)."""

    station: str
    hlc: str
    value: Any


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field written on two stations without either seeing the other's write.

    Both values are kept; `shown` is the one with the latest clock, then station. An officer
    resolves it by writing the field again. A reference minted twice is a conflict of `field`
    "ref" whose values are the incidents' ids.
    """

    table: str
    record: str
    label: str
    field: str
    values: tuple[ConflictValue, ...]
    shown: Any
