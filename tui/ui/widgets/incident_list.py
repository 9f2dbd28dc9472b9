"""The incident list: 20,000 rows, only the visible ones drawn, filtered as the officer types."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text

from tui.model.filters import IncidentFilter
from tui.ui.rows import IncidentRow, filter_rows
from tui.ui.widgets.line_list import LineList


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
        row = self.selected_row
        return row.id if row is not None else None

    @property
    def selected_row(self) -> IncidentRow | None:
        if not self.rows:
            return None
        return self.rows[min(self.cursor, len(self.rows) - 1)]

    def row_of(self, incident_id: str) -> IncidentRow | None:
        """The incident's row, shown or hidden by the filter; None if it is not listed."""
        return next((r for r in self.all_rows if r.id == incident_id), None)

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
        if row.conflict or row.damaged:
            conflict_style = self.get_component_rich_style("incident-list--conflict", partial=True)
            marker = ("⚡", conflict_style)  # two cells wide, like "● "
            word = "DAMAGED RECORD " if row.damaged else "CONFLICT "
            title = Text.assemble((word, conflict_style), title)
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
