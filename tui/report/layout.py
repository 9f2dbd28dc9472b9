"""The shift report laid out once, as neutral blocks that the text and Markdown writers render.

`SECTIONS` is the one list of the report's parts, in order: each part's blocks (text and
Markdown) and its JSON keys (`tui.report.document`). The blocks hold raw data strings: each
writer makes them safe for its format, so nothing here escapes. Times are local to the region,
without a zone: the period line names the zone once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tui.model.records import label
from tui.model.timegrammar import format_local, format_local_short
from tui.model.wording import UNKNOWN, duration
from tui.report import document
from tui.report.incident_fields import incident_fields
from tui.report.shift import (
    BASIS_DEFAULT_WINDOW,
    BASIS_SHIFT_CHANGE,
    IncidentGroup,
    IncidentItem,
    LogEntry,
    ShiftReport,
)

NONE = "none"


@dataclass(frozen=True, slots=True)
class Heading:
    """A title: level 1 the report, 2 a section, 3 and below a part of one."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Fields:
    """Label: value lines."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    """Rows under column names; the last column holds the long text and wraps."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    empty: str = NONE


@dataclass(frozen=True, slots=True)
class Items:
    """A bulleted list."""

    items: tuple[str, ...]
    empty: str = NONE


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


Block = Heading | Fields | Table | Items | Paragraph


# -- what the writers share ------------------------------------------------------------------------


def sentence(text: str) -> str:
    """ "none" -> "None.": an empty list or table said as a sentence."""
    return text[:1].upper() + text[1:] + "."


def table_intro(table: Table) -> str:
    """The line above a table: its caption (": none" when it has no rows), else "None." for an
    empty table, else "" (a table with rows and no caption goes straight in)."""
    if table.caption:
        return table.caption + (":" if table.rows else f": {table.empty}")
    return "" if table.rows else sentence(table.empty)


class BlockWriter(ABC):
    """Writes blocks in one format; the walk over the kinds of block, and what an empty list
    says, are the same for every format."""

    def lines(self, block: Block) -> Iterable[str]:
        match block:
            case Heading():
                return self.heading(block)
            case Fields():
                return self.fields(block)
            case Table():
                return self.table(block)
            case Items(items=()):
                return self.paragraph(Paragraph(sentence(block.empty)))
            case Items():
                return self.items(block)
            case Paragraph():
                return self.paragraph(block)

    @abstractmethod
    def heading(self, block: Heading) -> Iterable[str]: ...

    @abstractmethod
    def fields(self, block: Fields) -> Iterable[str]: ...

    @abstractmethod
    def table(self, block: Table) -> Iterable[str]:
        """A table, under the line `table_intro` gives for it (when it gives one)."""

    @abstractmethod
    def items(self, block: Items) -> Iterable[str]:
        """A list with at least one item (an empty one is written as a sentence)."""

    @abstractmethod
    def paragraph(self, block: Paragraph) -> Iterable[str]: ...


class Clock:
    """Local times in the report: short on the report's last day, with the date otherwise."""

    def __init__(self, report: ShiftReport) -> None:
        self.report = report

    def short(self, when: datetime | None) -> str:
        if when is None:
            return UNKNOWN
        return format_local_short(when, self.report.tz, self.report.until)

    def full(self, when: datetime) -> str:
        return format_local(when, self.report.tz)


# -- the layout -----------------------------------------------------------------------------------


def layout(report: ShiftReport) -> list[Block]:
    """The whole report as blocks, section by section in `SECTIONS` order."""
    clock = Clock(report)
    blocks: list[Block] = []
    for section in SECTIONS:
        blocks.extend(section.blocks(report, clock))
    return blocks


def _summary(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    zone = report.zone_abbreviation
    basis = {
        BASIS_SHIFT_CHANGE: "since the last shift change",
        BASIS_DEFAULT_WINDOW: "the last 12 hours (no shift change in the duty log)",
    }.get(report.basis, "as requested")
    on_duty = ", ".join(f"{o.officer} (from {clock.short(o.since)})" for o in report.on_duty)
    yield Heading(
        1, f"Shift report — {report.region_en} ({report.region_ru}), station {report.station}"
    )
    yield Fields(
        (
            (
                "Period",
                f"{clock.full(report.since)} – {clock.full(report.until)} {zone}"
                f" ({duration(report.until - report.since)}, {basis})",
            ),
            ("On duty", on_duty or "not recorded (no shift change in the duty log)"),
            ("Logged by", ", ".join(report.logged_by) or NONE),
            ("State as of", clock.full(report.generated_at)),
        )
    )


def _regime(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    regime = report.regime
    since = f" since {clock.short(regime.since)}" if regime.since else ""
    yield Heading(2, "Regime")
    fields = [("Regime", f"{label(regime.value)}{since}")]
    if regime.reason:
        fields.append(("Reason", regime.reason))
    yield Fields(tuple(fields))
    yield _entry_table(
        report.regime_changes, clock, caption="Changes in the period", empty="no changes"
    )


def _open_incidents(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    return _open_blocks(report.incidents, clock, level=2, what="Open incidents")


def _period_incidents(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    return _period_blocks(report.incidents, clock, level=2)


def _casualties(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    totals = report.casualties

    def line(known: int, unknown: int) -> str:
        if not totals.incidents:
            return "0"
        if not unknown:
            return f"{known} (known for all {totals.incidents} incidents)"
        return f"{known} known; unknown in {unknown} of {totals.incidents} incidents"

    yield Heading(2, "Casualties")
    yield Fields(
        (
            ("Injured", line(totals.injured, totals.injured_unknown)),
            ("Dead", line(totals.dead, totals.dead_unknown)),
        )
    )
    yield Paragraph(
        "Over real incidents open now or opened or closed in the period; exercises and "
        "cancelled incidents are not counted."
    )


def _team_board(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    yield Heading(2, f"Team board ({len(report.teams)})")
    rows = []
    for t in report.teams:
        due = clock.short(t.check_in_due) if t.check_in_due else "—"
        if t.overdue_by is not None:
            due += " OVERDUE"
        rows.append(
            (t.callsign, label(t.status), duration(t.in_status), t.incident_ref or "—", due)
        )
    yield Table(("Team", "Status", "For", "Incident", "Check-in"), tuple(rows), empty="no teams")


def _overdue(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    yield Heading(2, f"Overdue check-ins ({len(report.overdue)})")
    yield Items(
        tuple(
            f"{t.callsign} ({t.name}), {label(t.status)}"
            + (f" at {t.incident_ref}" if t.incident_ref else "")
            + f": check-in due {clock.short(t.check_in_due)}, overdue by "
            + duration(t.overdue_by or timedelta())
            for t in report.overdue
        )
    )


def _out_of_service(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    yield Heading(2, f"Out of service ({len(report.out_of_service)})")
    yield Items(
        tuple(
            f"{t.callsign} ({t.name}) since {clock.short(t.status_since)}: "
            + (t.status_reason or "no reason recorded")
            for t in report.out_of_service
        )
    )


def _duty_log(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    yield Heading(2, f"Duty log ({len(report.duty_log)})")
    yield _entry_table(report.duty_log, clock)


def _exercises(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    yield Heading(2, "Exercises (drills, not real incidents)")
    group = report.exercises
    if group.is_empty:
        yield Paragraph("No exercise open or in the period.")
        return
    yield from _open_blocks(group, clock, level=3, what="Open exercises")
    yield from _period_blocks(group, clock, level=3)


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the report: its blocks for text and Markdown, its keys for JSON."""

    blocks: Callable[[ShiftReport, Clock], Iterable[Block]]
    document: Callable[[ShiftReport], dict[str, Any]]


#: The report's parts in the order every format shows them.
SECTIONS: tuple[Section, ...] = (
    Section(_summary, document.summary),
    Section(_regime, document.regime),
    Section(_open_incidents, document.open_incidents),
    Section(_period_incidents, document.period_incidents),
    Section(_casualties, document.casualties),
    Section(_team_board, document.team_board),
    Section(_overdue, document.overdue),
    Section(_out_of_service, document.out_of_service),
    Section(_duty_log, document.duty_log),
    Section(_exercises, document.exercises),
)


def _open_blocks(group: IncidentGroup, clock: Clock, *, level: int, what: str) -> Iterable[Block]:
    yield Heading(level, f"{what} ({len(group.open)})")
    if not group.open:
        yield Paragraph("None open.")
    for incident in group.open:
        yield Heading(level + 1, f"{incident.ref} — {incident.title}")
        yield Fields(tuple(incident_fields(incident, clock.short)))
        shown = len(incident.latest)
        yield _entry_table(
            incident.latest,
            clock,
            caption=f"Latest entries ({shown} of {incident.entry_count})",
        )


def _period_blocks(group: IncidentGroup, clock: Clock, *, level: int) -> Iterable[Block]:
    parts: tuple[tuple[str, str, tuple[IncidentItem, ...]], ...] = (
        ("Opened in the period", "Reported", group.opened),
        ("Closed in the period", "Closed", group.closed),
        ("Cancelled in the period", "Cancelled", group.cancelled),
    )
    for title, when, items in parts:
        yield Heading(level, f"{title} ({len(items)})")
        rows = []
        for i in items:
            at = i.reported_at if when == "Reported" else i.closed_at
            text = f"{i.title} — {i.district_en}"
            if i.status_reason and when != "Reported":
                text += f"; {i.status_reason}"
            rows.append((i.ref, clock.short(at), i.severity, label(i.status), text))
        yield Table(("Ref", when, "Severity", "Status", "Incident"), tuple(rows))


def _entry_table(
    entries: Iterable[LogEntry], clock: Clock, *, caption: str = "", empty: str = NONE
) -> Table:
    rows = tuple((clock.short(e.occurred_at), label(e.kind), e.author, e.text) for e in entries)
    return Table(("Time", "Kind", "By", "Entry"), rows, caption=caption, empty=empty)
