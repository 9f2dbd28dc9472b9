"""The incident list: 20,000 rows, only the visible ones drawn, filtered as the officer types."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import ClassVar

from rich.style import Style
from rich.text import Text

from tui.model.filters import IncidentFilter
from tui.model.gazetteer import Region
from tui.model.records import Incident, IncidentStatus, label
from tui.model.timegrammar import format_local_short, from_iso
from tui.ui.text import clean
from tui.ui.widgets.line_list import LineList

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
    """What the list shows of one incident, computed once per data version, not per frame."""

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
    conflict: bool = False
    """Two stations wrote a field without seeing each other: marked until resolved."""


def make_rows(
    incidents: Iterable[Incident],
    region: Region,
    district_names: Mapping[str, str],
    tz: tzinfo,
    now: datetime,
    conflicted: Collection[str] = frozenset(),
) -> list[IncidentRow]:
    """Rows for the list, newest first as the store gives them. Runs in a worker thread.

    `conflicted` holds the ids of incidents with an open merge conflict."""
    shorts = {d.key: district_short(region, d.key) for d in region.districts}
    rows = []
    for inc in incidents:
        rows.append(
            IncidentRow(
                id=inc.id,
                ref=clean(inc.ref),
                when=format_local_short(from_iso(inc.reported_at), tz, now),
                severity=SEVERITY_SHOWN.get(inc.severity, clean(inc.severity)),
                status=label(clean(inc.status)),
                district=shorts.get(inc.district) or clean(inc.district),
                title=clean(inc.title),
                is_open=_is_open(inc.status),
                exercise=inc.exercise,
                haystack=search_text(inc, district_names),
                fields={
                    "status": inc.status,
                    "severity": inc.severity,
                    "district": inc.district,
                    "reported_at": inc.reported_at,
                },
                conflict=inc.id in conflicted,
            )
        )
    return rows


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


class IncidentList(LineList):
    """Reference, reported time, severity, status, district, title; open incidents in bold."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "incident-list--open",
        "incident-list--closed",
        "incident-list--critical",
        "incident-list--major",
        "incident-list--conflict",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_rows: list[IncidentRow] = []
        self.rows: list[IncidentRow] = []
        self.where = IncidentFilter()
        self.loaded = False
        self._widths = (12, 5, 10, 10, 10)

    # -- data ---------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def selected_id(self) -> str | None:
        if not self.rows:
            return None
        return self.rows[min(self.cursor, len(self.rows) - 1)].id

    def set_rows(self, rows: list[IncidentRow], keep: str | None = None) -> None:
        """New data (from a reload): keep the filter, and the cursor on incident `keep`."""
        keep = keep if keep is not None else self.selected_id
        self.all_rows = rows
        self.loaded = True
        self._apply(keep)

    def set_filter(self, where: IncidentFilter) -> None:
        """Show only the rows passing `where`; the cursor stays on its incident if shown."""
        self.where = where
        self._apply(self.selected_id)

    def select_id(self, incident_id: str) -> bool:
        """Move the cursor to an incident; False if the filter hides it."""
        for index, row in enumerate(self.rows):
            if row.id == incident_id:
                self.cursor = index
                return True
        return False

    def _apply(self, keep: str | None) -> None:
        old_index = self.cursor
        before = self.selected_id
        self.rows = filter_rows(self.all_rows, self.where)
        self._widths = self._column_widths()
        index = None
        if keep is not None:
            index = next((i for i, r in enumerate(self.rows) if r.id == keep), None)
        self.rows_changed(old_index if index is None else index)
        if self.selected_id != before:
            self.post_message(self.Highlighted(self, self.cursor))

    def _column_widths(self) -> tuple[int, int, int, int, int]:
        """Column widths from the data (a few hundred rows are enough to know them)."""
        sample = self.rows[:500]
        if not sample:
            return (12, 8, 8, 6, 8)
        return (
            max(3, *(len(r.ref) for r in sample)),
            max(8, *(len(r.when) for r in sample)),
            max(8, *(len(r.severity) for r in sample)),
            max(6, *(len(r.status) for r in sample)),
            min(14, max(8, *(len(r.district) for r in sample))),
        )

    # -- drawing ------------------------------------------------------------------------------

    def empty_text(self) -> str:
        if not self.loaded:
            return " loading incidents…"
        if self.all_rows:
            return " no incident matches the filter"
        return " no incidents yet"

    def render_header(self, width: int) -> Text:
        ref_w, when_w, sev_w, status_w, district_w = self._widths
        return Text.assemble(
            "  ",
            "Ref".ljust(ref_w + 1),
            "Reported".ljust(when_w + 1),
            "Severity".ljust(sev_w + 1),
            "Status".ljust(status_w + 1),
            "District".ljust(district_w + 1),
            "Title",
        )

    def render_row(self, index: int, width: int) -> Text:
        row = self.rows[index]
        ref_w, when_w, sev_w, status_w, district_w = self._widths
        district = row.district
        if len(district) > district_w:
            district = district[: district_w - 1] + "…"
        state = "incident-list--open" if row.is_open else "incident-list--closed"
        style = self.get_component_rich_style(state, partial=True)
        sev_style = None
        if row.severity.startswith("‼"):
            sev_style = self.get_component_rich_style("incident-list--critical", partial=True)
        elif row.severity.startswith("!"):
            sev_style = self.get_component_rich_style("incident-list--major", partial=True)
        title = Text(("[exercise] " if row.exercise else "") + row.title, end="")
        # A conflict takes the marker column (the status column still says open or not), and
        # says so in a word before the title: not by colour alone.
        marker: str | tuple[str, Style] = "● " if row.is_open else "  "
        if row.conflict:
            conflict_style = self.get_component_rich_style("incident-list--conflict", partial=True)
            marker = ("⚡", conflict_style)  # two cells wide, like "● "
            title = Text.assemble(("CONFLICT ", conflict_style), title)
        text = Text.assemble(
            marker,
            row.ref.ljust(ref_w + 1),
            row.when.ljust(when_w + 1),
            (row.severity.ljust(sev_w + 1), sev_style or ""),
            row.status.ljust(status_w + 1),
            district.ljust(district_w + 1),
            title,
            style=style,
        )
        return text
