"""The shift report as data: what the incoming officer needs, read from its source once.

`build_shift_report` is the only function of the report package that reads the data, through a
`ShiftSource` (the store is one); the renderers (`tui.report.render`) turn the `ShiftReport` it
returns into text, Markdown or JSON without reading again. Strings here are the data as stored
(raw): each renderer makes them safe for its format (`printable` for text and Markdown, JSON
escapes for JSON).

Two clocks are at work. The *period* (`since`..`until`) selects what changed: entries, regime
changes, incidents opened, closed or cancelled. The *present state* (open incidents, the team
board, overdue check-ins, out-of-service teams, the regime) is as it stands at `generated_at`
(the source's clock), because the store keeps the current state, not a snapshot per moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from tui.model.gazetteer import Region
from tui.model.records import (
    EntryKind,
    Incident,
    IncidentStatus,
    Severity,
    Team,
    TeamStatus,
    TimelineEntry,
)
from tui.model.timegrammar import from_iso
from tui.report.source import ShiftSource

#: Without a shift change in the duty log, the report covers this much time before `until`.
DEFAULT_PERIOD = timedelta(hours=12)
#: How many of an open incident's latest timeline entries the report carries.
ENTRIES_PER_INCIDENT = 3

#: How `since` was chosen: after the last shift change, the fallback window, or by the caller.
BASIS_SHIFT_CHANGE = "shift_change"
BASIS_DEFAULT_WINDOW = "last_12_hours"
BASIS_GIVEN = "given"


class ReportPeriodError(ValueError):
    """The period asked for cannot be reported (it ends before it starts); one line to show."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A timeline or duty-log entry as the report shows it (`team` is a call sign)."""

    id: str
    occurred_at: datetime
    recorded_at: datetime
    author: str
    kind: str
    text: str
    team: str | None = None
    corrects: str | None = None


@dataclass(frozen=True, slots=True)
class AssignedTeam:
    """A team dispatched to an incident; `serving` is False once it has been released."""

    callsign: str
    name: str
    status: str
    serving: bool


@dataclass(frozen=True, slots=True)
class IncidentItem:
    """An incident in the report; `latest` (its newest entries) is filled for open ones only."""

    id: str
    ref: str
    title: str
    kind: str
    severity: str
    status: str
    status_reason: str
    district: str
    """The district's stored key; `district_en`/`district_ru` are its names."""
    district_en: str
    district_ru: str
    settlement: str
    location: str
    reported_at: datetime
    occurred_at: datetime | None
    occurred_approx: bool
    closed_at: datetime | None
    injured: int | None
    dead: int | None
    verified: bool
    exercise: bool
    source: str
    """Who reported it; `source_contact` is how to reach them."""
    source_contact: str
    damage: str
    teams: tuple[AssignedTeam, ...]
    latest: tuple[LogEntry, ...] = ()
    entry_count: int = 0
    """How many entries the incident's timeline holds in all (`latest` is the tail of it)."""


@dataclass(frozen=True, slots=True)
class IncidentGroup:
    """Incidents open now, and those opened, closed or cancelled in the period."""

    open: tuple[IncidentItem, ...] = ()
    opened: tuple[IncidentItem, ...] = ()
    closed: tuple[IncidentItem, ...] = ()
    cancelled: tuple[IncidentItem, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.open or self.opened or self.closed or self.cancelled)


@dataclass(frozen=True, slots=True)
class CasualtyTotals:
    """Sums over `incidents` real incidents; an unknown count is tallied apart, never as 0."""

    incidents: int
    injured: int
    injured_unknown: int
    """How many of the incidents have injured "unknown"; they add nothing to `injured`."""
    dead: int
    dead_unknown: int


@dataclass(frozen=True, slots=True)
class TeamBoardLine:
    """A line of the team board, as it stands at the report's `generated_at`."""

    callsign: str
    name: str
    type: str
    home_district: str
    status: str
    status_since: datetime
    in_status: timedelta
    incident_ref: str | None
    check_in_due: datetime | None
    overdue_by: timedelta | None
    """How long past its check-in the team is; None when not overdue."""
    note: str
    status_reason: str


@dataclass(frozen=True, slots=True)
class OnDuty:
    """An officer who held the desk during the period, from the shift-change entries."""

    officer: str
    since: datetime


@dataclass(frozen=True, slots=True)
class RegimeNow:
    value: str
    since: datetime | None
    reason: str


@dataclass(frozen=True, slots=True)
class ShiftReport:
    """Everything the handover shows; pure data, no store behind it."""

    region_code: str
    region_en: str
    region_ru: str
    station: str
    tz: tzinfo
    tz_name: str
    generated_at: datetime
    since: datetime
    until: datetime
    basis: str
    """One of BASIS_SHIFT_CHANGE, BASIS_DEFAULT_WINDOW, BASIS_GIVEN."""
    on_duty: tuple[OnDuty, ...]
    logged_by: tuple[str, ...]
    """Everyone who wrote an entry in the period, in the order they first did."""
    regime: RegimeNow
    regime_changes: tuple[LogEntry, ...]
    incidents: IncidentGroup
    """Real incidents; exercises are kept apart in `exercises`."""
    exercises: IncidentGroup
    casualties: CasualtyTotals
    """Over real incidents open now or opened or closed in the period (not cancelled ones)."""
    teams: tuple[TeamBoardLine, ...]
    duty_log: tuple[LogEntry, ...]

    @property
    def overdue(self) -> tuple[TeamBoardLine, ...]:
        """Teams past their check-in, longest overdue first."""
        late = [t for t in self.teams if t.overdue_by is not None]
        return tuple(sorted(late, key=lambda t: (-(t.overdue_by or timedelta()), t.callsign)))

    @property
    def out_of_service(self) -> tuple[TeamBoardLine, ...]:
        return tuple(t for t in self.teams if t.status == TeamStatus.OUT_OF_SERVICE.value)

    @property
    def zone_abbreviation(self) -> str:
        """The zone's name at the end of the period ("MSK"), else its IANA name."""
        return self.until.astimezone(self.tz).strftime("%Z") or self.tz_name


def build_shift_report(
    source: ShiftSource,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
    entries_per_incident: int = ENTRIES_PER_INCIDENT,
) -> ShiftReport:
    """Read `source` once and gather the report of the period `since`..`until`.

    Defaults: `now` is the source's clock, `until` is `now`, and `since` is the last shift
    change at or before `until` in the general duty log, else `until` minus 12 hours. A period
    that ends before it starts raises `ReportPeriodError`.
    """
    now = now or source.clock()
    until = until or now
    duty_log = source.timeline(None)
    shift_changes = [e for e in duty_log if e.kind == EntryKind.SHIFT_CHANGE.value]
    basis = BASIS_GIVEN
    if since is None:
        before = [e for e in shift_changes if from_iso(e.occurred_at) <= until]
        if before:
            since, basis = from_iso(before[-1].occurred_at), BASIS_SHIFT_CHANGE
        else:
            since, basis = until - DEFAULT_PERIOD, BASIS_DEFAULT_WINDOW
    if since > until:
        raise ReportPeriodError("the report period starts after it ends: check --since/--until")

    def in_period(entry: TimelineEntry) -> bool:
        return _within(entry.occurred_at, since, until) or _within(entry.recorded_at, since, until)

    teams = source.teams()
    by_team_id = {t.id: t for t in teams}
    refs = _RefCache(source)
    authors: dict[str, None] = {}
    period_log = [e for e in duty_log if in_period(e)]
    _note_authors(authors, period_log)

    def item(incident: Incident, *, with_entries: bool) -> IncidentItem:
        timeline = source.timeline(incident.id)
        _note_authors(authors, (e for e in timeline if in_period(e)))
        latest = timeline[-entries_per_incident:] if with_entries and entries_per_incident else []
        return incident_item(
            incident,
            region=source.region,
            teams=by_team_id,
            latest=tuple(log_entry(e, by_team_id) for e in latest),
            entry_count=len(timeline),
        )

    open_now = _handover_order(source.incidents(status="open"))
    # `since` tells the source how far back to look: it reaches into its archives if need be.
    every = source.incidents(since=since)
    opened = sorted(
        (i for i in every if _within(i.reported_at, since, until)),
        key=lambda i: (i.reported_at, i.ref),
    )
    ended = sorted(
        (i for i in every if not i.is_open and i.closed_at and _within(i.closed_at, since, until)),
        key=lambda i: (i.closed_at or "", i.ref),
    )
    open_items = {i.id: item(i, with_entries=True) for i in open_now}

    def pick(incidents: Iterable[Incident], exercise: bool) -> tuple[IncidentItem, ...]:
        return tuple(
            open_items.get(i.id) or item(i, with_entries=False)
            for i in incidents
            if i.exercise == exercise
        )

    def group(exercise: bool) -> IncidentGroup:
        return IncidentGroup(
            open=pick(open_now, exercise),
            opened=pick(opened, exercise),
            closed=pick((i for i in ended if i.status == IncidentStatus.CLOSED.value), exercise),
            cancelled=pick(
                (i for i in ended if i.status == IncidentStatus.CANCELLED.value), exercise
            ),
        )

    real = group(False)
    regime = source.regime()
    region = source.region
    return ShiftReport(
        region_code=region.code,
        region_en=region.name_en,
        region_ru=region.name_ru,
        station=source.station,
        tz=source.tz,
        tz_name=region.tz_name,
        generated_at=now,
        since=since,
        until=until,
        basis=basis,
        on_duty=tuple(_on_duty(shift_changes, since, until)),
        logged_by=tuple(authors),
        regime=RegimeNow(
            value=regime["value"],
            since=from_iso(regime["since"]) if regime.get("since") else None,
            reason=regime.get("reason", ""),
        ),
        regime_changes=tuple(
            log_entry(e, by_team_id) for e in period_log if e.kind == EntryKind.REGIME_CHANGE.value
        ),
        incidents=real,
        exercises=group(True),
        casualties=_casualties(real),
        teams=tuple(_board_line(t, now, refs) for t in teams if not t.retired),
        duty_log=tuple(log_entry(e, by_team_id) for e in period_log),
    )


def incident_item(
    incident: Incident,
    *,
    region: Region,
    teams: Mapping[str, Team],
    latest: tuple[LogEntry, ...] = (),
    entry_count: int = 0,
) -> IncidentItem:
    """`incident` as a report shows it: times parsed, district named, teams (by id) resolved.

    Also what `dutydesk show` renders its fields from, so both say an incident the same way.
    """
    district = region.get(incident.district)
    return IncidentItem(
        id=incident.id,
        ref=incident.ref,
        title=incident.title,
        kind=incident.kind,
        severity=incident.severity,
        status=incident.status,
        status_reason=incident.status_reason,
        district=incident.district,
        district_en=district.name_en if district else incident.district,
        district_ru=district.name_ru if district else incident.district,
        settlement=incident.settlement,
        location=incident.location,
        reported_at=from_iso(incident.reported_at),
        occurred_at=from_iso(incident.occurred_at) if incident.occurred_at else None,
        occurred_approx=incident.occurred_approx,
        closed_at=from_iso(incident.closed_at) if incident.closed_at else None,
        injured=incident.injured,
        dead=incident.dead,
        verified=incident.verified,
        exercise=incident.exercise,
        source=incident.source,
        source_contact=incident.source_contact,
        damage=incident.damage,
        teams=tuple(_assigned(incident, teams)),
        latest=latest,
        entry_count=entry_count,
    )


def log_entry(entry: TimelineEntry, teams: Mapping[str, Team]) -> LogEntry:
    """A timeline entry as the report shows it: times parsed, its team (by id) a call sign."""
    team = teams.get(entry.team) if entry.team else None
    return LogEntry(
        id=entry.id,
        occurred_at=from_iso(entry.occurred_at),
        recorded_at=from_iso(entry.recorded_at),
        author=entry.author,
        kind=entry.kind,
        text=entry.text,
        team=team.callsign if team else entry.team,
        corrects=entry.corrects,
    )


# -- helpers ----------------------------------------------------------------------------------


def _within(iso: str, since: datetime, until: datetime) -> bool:
    return since <= from_iso(iso) <= until


def _note_authors(authors: dict[str, None], entries: Iterable[TimelineEntry]) -> None:
    for e in entries:
        authors.setdefault(e.author, None)


def _handover_order(incidents: list[Incident]) -> list[Incident]:
    """Most severe first, then newest reported first (the order the incoming officer reads).

    `incidents` comes newest first from the source; a stable sort by severity keeps that.
    """

    def rank(incident: Incident) -> int:
        try:
            return -Severity(incident.severity).rank
        except ValueError:
            return 1

    return sorted(incidents, key=rank)


def _incoming(entry: TimelineEntry) -> str:
    """Who took the desk: the name after the arrow of "Shift handed over: A → B", else the author.

    The sample writes the entry as the incoming officer; `dutydesk handover --to NAME` may be
    run by the outgoing one, so the arrow's right side wins when there is one. A handover
    recorded by `Store.record_handover` names the incoming officer in its data.
    """
    if entry.data and entry.data.get("to"):
        return str(entry.data["to"])
    for arrow in ("→", "->"):
        if arrow in entry.text:
            name = entry.text.rsplit(arrow, 1)[1].strip()
            if name:
                return name
    return entry.author


def _on_duty(
    shift_changes: list[TimelineEntry], since: datetime, until: datetime
) -> Iterable[OnDuty]:
    """The officer holding the desk at `since`, then each one who took over before `until`."""
    at_start = [e for e in shift_changes if from_iso(e.occurred_at) <= since]
    if at_start:
        yield OnDuty(_incoming(at_start[-1]), from_iso(at_start[-1].occurred_at))
    for e in shift_changes:
        when = from_iso(e.occurred_at)
        if since < when <= until:
            yield OnDuty(_incoming(e), when)


def _assigned(incident: Incident, teams: Mapping[str, Team]) -> Iterable[AssignedTeam]:
    for team_id in incident.teams:
        team = teams.get(team_id)
        if team is None:
            yield AssignedTeam(team_id, "", "unknown", False)
        else:
            yield AssignedTeam(
                team.callsign, team.name, team.status, serving=team.incident == incident.id
            )


def _casualties(group: IncidentGroup) -> CasualtyTotals:
    seen: dict[str, IncidentItem] = {}
    for i in (*group.open, *group.opened, *group.closed):
        if i.status != IncidentStatus.CANCELLED.value:
            seen.setdefault(i.id, i)
    items = list(seen.values())
    return CasualtyTotals(
        incidents=len(items),
        injured=sum(i.injured or 0 for i in items),
        injured_unknown=sum(1 for i in items if i.injured is None),
        dead=sum(i.dead or 0 for i in items),
        dead_unknown=sum(1 for i in items if i.dead is None),
    )


class _RefCache:
    """Incident id -> reference, for the team board (teams store the id they serve)."""

    def __init__(self, source: ShiftSource) -> None:
        self._source = source
        self._refs: dict[str, str] = {}

    def __call__(self, incident_id: str) -> str:
        ref = self._refs.get(incident_id)
        if ref is None:
            try:
                ref = self._source.incident(incident_id).ref
            except LookupError:
                ref = incident_id
            self._refs[incident_id] = ref
        return ref


def _board_line(team: Team, now: datetime, refs: _RefCache) -> TeamBoardLine:
    since = from_iso(team.status_since)
    due = from_iso(team.check_in_due) if team.check_in_due else None
    try:
        committed = TeamStatus(team.status).is_committed
    except ValueError:
        committed = False
    overdue = now - due if due is not None and committed and due < now else None
    return TeamBoardLine(
        callsign=team.callsign,
        name=team.name,
        type=team.type,
        home_district=team.home_district,
        status=team.status,
        status_since=since,
        in_status=max(now - since, timedelta()),
        incident_ref=refs(team.incident) if team.incident else None,
        check_in_due=due,
        overdue_by=overdue,
        note=team.note,
        status_reason=team.status_reason,
    )
