"""The shift report laid out once, as neutral blocks that the text and Markdown writers render.

`SECTIONS` is the one order of the report's parts; the JSON writer follows it too. The blocks
hold raw data strings: each writer makes them safe for its format, so nothing here escapes.
Times are local to the region, without a zone: the period line names the zone once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.model.records import label
from tui.model.timegrammar import format_local, format_local_short
from tui.report.shift import (
    BASIS_DEFAULT_WINDOW,
    BASIS_SHIFT_CHANGE,
    IncidentGroup,
    IncidentItem,
    LogEntry,
    ShiftReport,
)

#: The report's parts in the order every format shows them.
SECTIONS: tuple[str, ...] = (
    "summary",
    "regime",
    "open_incidents",
    "period_incidents",
    "casualties",
    "team_board",
    "overdue_check_ins",
    "out_of_service",
    "duty_log",
    "exercises",
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


# -- formatting helpers shared by the writers -----------------------------------------------------


def duration(span: timedelta) -> str:
    """ "35 min", "4 h 55 min", "2 d 3 h": precise enough for a board read aloud at handover."""
    minutes = max(int(span.total_seconds()) // 60, 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def zone_abbreviation(report: ShiftReport) -> str:
    return report.until.astimezone(report.tz).strftime("%Z") or report.tz_name


def casualty(count: int | None) -> str:
    """A casualty count as read: 0 is "0", None is "unknown" (never shown as 0)."""
    return "unknown" if count is None else str(count)


class Clock:
    """Local times in the report: short on the report's last day, with the date otherwise."""

    def __init__(self, report: ShiftReport) -> None:
        self.report = report

    def short(self, when: datetime | None) -> str:
        if when is None:
            return "unknown"
        return format_local_short(when, self.report.tz, self.report.until)

    def full(self, when: datetime) -> str:
        return format_local(when, self.report.tz)


# -- the layout -----------------------------------------------------------------------------------


def layout(report: ShiftReport) -> list[Block]:
    """The whole report as blocks, section by section in `SECTIONS` order."""
    clock = Clock(report)
    blocks: list[Block] = []
    for name in SECTIONS:
        blocks.extend(_SECTION_BLOCKS[name](report, clock))
    return blocks


def _summary(report: ShiftReport, clock: Clock) -> Iterable[Block]:
    zone = zone_abbreviation(report)
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


_SECTION_BLOCKS: dict[str, Callable[[ShiftReport, Clock], Iterable[Block]]] = {
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


def _open_blocks(group: IncidentGroup, clock: Clock, *, level: int, what: str) -> Iterable[Block]:
    yield Heading(level, f"{what} ({len(group.open)})")
    if not group.open:
        yield Paragraph("None open.")
    for incident in group.open:
        yield Heading(level + 1, f"{incident.ref} — {incident.title}")
        yield Fields(tuple(_incident_fields(incident, clock)))
        shown = len(incident.latest)
        yield _entry_table(
            incident.latest,
            clock,
            caption=f"Latest entries ({shown} of {incident.entry_count})",
        )


def _incident_fields(incident: IncidentItem, clock: Clock) -> Iterable[tuple[str, str]]:
    state = f"{label(incident.status)} · {incident.severity} · {label(incident.kind)}"
    if incident.verified:
        state += " · verified"
    yield "State", state
    if incident.status_reason:
        yield "Reason", incident.status_reason
    yield (
        "Place",
        ", ".join(
            part
            for part in (incident.district_en, incident.settlement, incident.location)
            if part.strip()
        ),
    )
    occurred = clock.short(incident.occurred_at)
    if incident.occurred_at is not None and incident.occurred_approx:
        occurred = "about " + occurred
    yield "Reported", f"{clock.short(incident.reported_at)}, occurred {occurred}"
    yield "Casualties", f"injured {casualty(incident.injured)}, dead {casualty(incident.dead)}"
    teams = [
        f"{t.callsign} {label(t.status)}" if t.serving else f"{t.callsign} released"
        for t in incident.teams
    ]
    yield "Teams", ", ".join(teams) or NONE


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
