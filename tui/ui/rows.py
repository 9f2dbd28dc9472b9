"""What the incident list shows of each incident, built off the UI thread (no Textual here).

A row is computed once per change of its incident, not once per frame or keystroke: the
search haystack, the short district name and the reported time as shown. The store tells the
desk which incidents a write touched, and only their rows are built again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from tui.model.filters import IncidentFilter
from tui.model.gazetteer import Region
from tui.model.records import Incident, IncidentStatus, label
from tui.model.timegrammar import format_local, format_local_short, from_iso, instant_key
from tui.ui.text import clean

#: Severity as a word with a symbol, so it reads without colour.
SEVERITY_SHOWN: dict[str, str] = {
    "critical": "‼ critical",
    "major": "! major",
    "moderate": "moderate",
    "minor": "minor",
    "info": "info",
}


def district_short(region: Region, key: str) -> str:
    """ "Sukhinichsky" for "Sukhinichsky District", "Kaluga (city)" for the urban district."""
    district = region.get(key)
    if district is None:
        return clean(key)
    name = district.name_en
    if name.endswith(" Urban District"):
        return name.removesuffix(" Urban District") + " (city)"
    return name.removesuffix(" District")


@dataclass(slots=True)
class IncidentRow:
    """What the list shows of one incident."""

    id: str
    ref: str
    when: str
    severity: str
    status: str
    district: str
    title: str
    is_open: bool
    exercise: bool
    haystack: str
    """Casefolded searchable text; the same fields `IncidentFilter.matches` searches."""
    fields: dict[str, str]
    """The fields the non-text part of an `IncidentFilter` looks at."""
    order: tuple[str, str]
    """The list's sort key, newest first: (reported instant, reference), as the store sorts."""
    conflict: bool = False
    """Two stations wrote a field without seeing each other: marked until resolved."""
    damaged: bool = False
    """The stored record failed its validation: shown with placeholders and marked."""


class RowMaker:
    """Builds rows for one region and time zone (the district names are worked out once)."""

    def __init__(self, region: Region, district_names: Mapping[str, str], tz: tzinfo) -> None:
        self.district_names = district_names
        self.tz = tz
        self.shorts = {d.key: district_short(region, d.key) for d in region.districts}

    def row(self, inc: Incident, now: datetime, *, conflict: bool = False) -> IncidentRow:
        return IncidentRow(
            id=inc.id,
            ref=clean(inc.ref),
            when=format_local_short(from_iso(inc.reported_at), self.tz, now),
            severity=SEVERITY_SHOWN.get(inc.severity, clean(inc.severity)),
            status=label(clean(inc.status)),
            district=self.shorts.get(inc.district) or clean(inc.district),
            title=clean(inc.title),
            is_open=_is_open(inc.status),
            exercise=inc.exercise,
            haystack=search_text(inc, self.district_names),
            fields={
                "status": inc.status,
                "severity": inc.severity,
                "district": inc.district,
                "reported_at": inc.reported_at,
            },
            order=(instant_key(inc.reported_at), inc.ref),
            conflict=conflict,
            damaged=bool(inc.damaged),
        )

    def rows(
        self, incidents: Iterable[Incident], now: datetime, conflicted: Collection[str] = ()
    ) -> list[IncidentRow]:
        """Rows in the order given (the store's: newest first). `conflicted` holds the ids of
        incidents with an open merge conflict."""
        return [self.row(inc, now, conflict=inc.id in conflicted) for inc in incidents]


def search_text(inc: Incident, district_names: Mapping[str, str]) -> str:
    """The haystack `IncidentFilter.matches` builds, built once per incident instead of per key."""
    return " ".join(
        (
            inc.ref,
            inc.title,
            inc.location,
            inc.settlement,
            inc.narrative,
            district_names.get(inc.district, ""),
        )
    ).casefold()


def _is_open(status: str) -> bool:
    try:
        return IncidentStatus(status).is_open
    except ValueError:
        return True


def filter_rows(rows: list[IncidentRow], where: IncidentFilter) -> list[IncidentRow]:
    """The rows passing `where`: the text part on the precomputed haystack, the rest as the
    filter itself decides (`IncidentFilter.matches`, with an empty text)."""
    shown = rows
    rest = replace(where, text="")
    if not rest.is_empty:
        shown = [r for r in shown if rest.matches(r.fields)]
    words = where.text.casefold().split()
    if words:
        if len(words) == 1:
            word = words[0]
            shown = [r for r in shown if word in r.haystack]
        else:
            shown = [r for r in shown if all(w in r.haystack for w in words)]
    return shown


def merge_rows(
    rows: list[IncidentRow], changed: Iterable[IncidentRow], removed: Collection[str]
) -> list[IncidentRow]:
    """`rows` (newest first) with the changed rows in their places and the removed ones gone.

    One pass over the list and a binary search per changed row: a note on one incident among
    20,000 costs a copy of the list, not 20,000 rows built again."""
    changed = list(changed)
    drop = set(removed) | {r.id for r in changed}
    kept = [r for r in rows if r.id not in drop] if drop else list(rows)
    for row in sorted(changed, key=lambda r: r.order, reverse=True):
        kept.insert(_position(kept, row.order), row)
    return kept


def _position(rows: list[IncidentRow], order: tuple[str, str]) -> int:
    """Where a row sorting as `order` goes in `rows`, which are sorted newest first."""
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        if rows[middle].order > order:
            low = middle + 1
        else:
            high = middle
    return low


def describe_filter(where: IncidentFilter, region: Region, tz: tzinfo) -> str:
    """The filter in words for the list title: `"drone" · open · major, critical · Kozelsky`."""
    parts = []
    if where.text:
        parts.append(f'"{clean(where.text)}"')
    if where.statuses:
        parts.append(", ".join(sorted(label(s) for s in where.statuses)))
    if where.severities:
        parts.append(", ".join(sorted(where.severities)))
    if where.districts:
        names = []
        for key in sorted(where.districts):
            district = region.get(key)
            names.append(district.name_en.removesuffix(" District") if district else clean(key))
        parts.append(", ".join(names))
    if where.since:
        parts.append(f"since {format_local(from_iso(where.since), tz)}")
    if where.until:
        parts.append(f"until {format_local(from_iso(where.until), tz)}")
    return " · ".join(parts)
