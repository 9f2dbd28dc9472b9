"""The detail view of the selected incident: every field, its teams, and the timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.model.gazetteer import Region
from tui.model.records import Conflict, Incident, Team, TimelineEntry, label
from tui.model.timegrammar import format_local, format_local_short, from_iso
from tui.ui.actions import timeline_bindings
from tui.ui.rows import SEVERITY_SHOWN
from tui.ui.snapshot import DetailData
from tui.ui.text import clean, literal
from tui.ui.widgets.conflict_panel import ConflictPanel

LABEL_WIDTH = 12


def casualties(value: int | None) -> str:
    """0 is a fact ("0"); None means nobody knows yet ("unknown")."""
    return "unknown" if value is None else str(value)


def _when(value: str | None, tz: tzinfo, *, approx: bool = False) -> str:
    if not value:
        return "unknown"
    shown = format_local(from_iso(value), tz)
    return f"~{shown} (approximate)" if approx else shown


def incident_fields(
    incident: Incident,
    *,
    region: Region,
    tz: tzinfo,
    teams: Mapping[str, Team],
    refs: Mapping[str, str],
) -> Text:
    """Every field of the incident, one "Label  value" line each; data shown literally."""
    district = region.get(incident.district)
    district_text = (
        f"{district.name_en} ({district.name_ru})" if district else clean(incident.district)
    )
    status = label(incident.status)
    if incident.status_reason:
        status += f" — {clean(incident.status_reason)}"
    coords = incident.coordinates
    rows: list[tuple[str, str | Text]] = [
        ("Reference", incident.ref),
        ("Title", literal(incident.title, "bold")),
        ("Kind", label(incident.kind)),
        ("Severity", SEVERITY_SHOWN.get(incident.severity, incident.severity)),
        ("Status", status),
        ("District", district_text),
        ("Settlement", incident.settlement or "—"),
        ("Location", incident.location or "—"),
        ("Coordinates", f"{coords[0]:.5f}, {coords[1]:.5f}" if coords else "—"),
        ("Occurred", _when(incident.occurred_at, tz, approx=incident.occurred_approx)),
        ("Reported", _when(incident.reported_at, tz)),
        ("Closed", _when(incident.closed_at, tz) if incident.closed_at else "—"),
        ("Source", incident.source or "—"),
        ("Contact", incident.source_contact or "—"),
        ("Injured", casualties(incident.injured)),
        ("Dead", casualties(incident.dead)),
        ("Damage", incident.damage or "—"),
        ("Verified", "yes" if incident.verified else "no"),
        ("Exercise", "yes — a drill" if incident.exercise else "no"),
        ("Linked", ", ".join(refs.get(i, i) for i in incident.linked) or "—"),
        ("Created", f"{_when(incident.created_at, tz)} by {clean(incident.created_by)}"),
        ("Updated", f"{_when(incident.updated_at, tz)} by {clean(incident.updated_by)}"),
    ]
    text = Text(end="")
    if incident.damaged:
        text.append_text(_damaged(incident.damaged))
        text.append("\n")
    for name, value in rows:
        text.append(name.ljust(LABEL_WIDTH), style="dim")
        text.append_text(value if isinstance(value, Text) else literal(value))
        text.append("\n")
    text.append("Teams".ljust(LABEL_WIDTH), style="dim")
    if not incident.teams:
        text.append("none assigned")
    for n, team_id in enumerate(incident.teams):
        team = teams.get(team_id)
        if n:
            text.append("\n" + " " * LABEL_WIDTH)
        if team is None:
            text.append_text(literal(team_id))
            continue
        text.append_text(literal(team.callsign, "bold"))
        text.append_text(literal(f" {team.name} — {label(team.status)}"))
        if team.incident and team.incident != incident.id:
            text.append_text(literal(f" (now at {refs.get(team.incident, '?')})"))
        elif not team.incident:
            text.append(" (released)")
    if incident.narrative:
        text.append("\n\nNarrative\n", style="dim")
        text.append_text(literal(incident.narrative, multiline=True))
    return text


def entry_prompt(
    entry: TimelineEntry,
    *,
    tz: tzinfo,
    now: datetime,
    corrected_by: Mapping[str, TimelineEntry],
    by_id: Mapping[str, TimelineEntry],
    teams: Mapping[str, Team],
) -> Text:
    """Two or more lines: when, who, what kind, then the text; corrections say so."""
    occurred = from_iso(entry.occurred_at)
    recorded = from_iso(entry.recorded_at)
    head = Text(format_local_short(occurred, tz, now), style="bold", end="")
    if abs((recorded - occurred).total_seconds()) >= 60:
        head.append(f" (logged {format_local_short(recorded, tz, now)})", style="dim")
    head.append_text(literal(f"  {entry.author}"))
    head.append(f"  {label(entry.kind)}", style="italic")
    if entry.team and entry.team in teams:
        head.append_text(literal(f"  [{teams[entry.team].callsign}]"))
    if entry.corrects:
        target = by_id.get(entry.corrects)
        when = format_local_short(from_iso(target.occurred_at), tz, now) if target else "an entry"
        head.append(f"  ✎ corrects the {when} entry", style="bold")
    if entry.id in corrected_by:
        head.append("  ✗ CORRECTED below", style="bold")
    if entry.damaged:
        head.append("  ")
        head.append_text(_damaged(entry.damaged))
    body = literal(entry.text, multiline=True)
    body.pad_left(2)
    return Text.assemble(head, "\n", _indent(body))


def _damaged(what: str) -> Text:
    """The mark of a stored record that failed its validation, in words: what was wrong, and
    that the values shown in its place are placeholders (`dutydesk check` names it too)."""
    return Text.assemble(
        ("⚠ DAMAGED RECORD", "bold reverse"), literal(f" {what} (placeholders shown)")
    )


def _indent(text: Text) -> Text:
    lines = text.split("\n", allow_blank=True)
    out = Text(end="")
    for n, line in enumerate(lines):
        if n:
            out.append("\n")
            out.append("  ")
        out.append_text(line)
    return out


class Timeline(OptionList):
    """The incident's timeline, oldest first; `c` corrects the highlighted entry."""

    BINDINGS: ClassVar[list[BindingType]] = [*timeline_bindings()]


class IncidentDetail(Vertical):
    """Fields above, timeline below; both scroll on their own."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.incident_id: str | None = None
        self.entries: list[TimelineEntry] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield ConflictPanel("", id="detail-conflicts")
            yield Static("No incident selected.", id="detail-fields")
        yield Static("Timeline", id="timeline-title")
        yield Timeline(id="timeline")

    @property
    def highlighted_entry(self) -> TimelineEntry | None:
        timeline = self.query_one(Timeline)
        if timeline.highlighted is None or not self.entries:
            return None
        return self.entries[timeline.highlighted]

    def show(
        self,
        data: DetailData | None,
        *,
        region: Region,
        tz: tzinfo,
        now: datetime,
        teams: Mapping[str, Team],
        refs: Mapping[str, str],
        conflicts: Sequence[Conflict] = (),
        resolve_key: str = "",
    ) -> None:
        """Show an incident (None: nothing selected); keep the highlighted entry if it is the
        same incident, otherwise highlight the newest entry. `conflicts` are the incident's
        open conflicts, shown above its fields; `resolve_key` settles them ("" read-only)."""
        fields = self.query_one("#detail-fields", Static)
        timeline = self.query_one(Timeline)
        title = self.query_one("#timeline-title", Static)
        self.query_one(ConflictPanel).show_conflicts(
            conflicts if data is not None else (), tz=tz, now=now, key=resolve_key
        )
        if data is None:
            self.incident_id = None
            self.entries = []
            fields.update("No incident selected.")
            title.update("Timeline")
            timeline.clear_options()
            return
        same = data.incident.id == self.incident_id
        current = self.highlighted_entry if same else None
        # Keep the officer's place, unless they were following the newest entry.
        following = current is not None and self.entries and current.id == self.entries[-1].id
        keep = current.id if current is not None and not following else None
        self.incident_id = data.incident.id
        self.entries = data.timeline
        fields.update(incident_fields(data.incident, region=region, tz=tz, teams=teams, refs=refs))
        title.update(
            Text.assemble(
                ("Timeline ", "bold"),
                literal(data.incident.ref),
                f" · {len(data.timeline)} {'entry' if len(data.timeline) == 1 else 'entries'}"
                ", newest last",
            )
        )
        by_id = {e.id: e for e in data.timeline}
        corrected_by = {e.corrects: e for e in data.timeline if e.corrects}
        options = [
            Option(
                entry_prompt(
                    e, tz=tz, now=now, corrected_by=corrected_by, by_id=by_id, teams=teams
                ),
                id=e.id,
            )
            for e in data.timeline
        ]
        timeline.set_options(options)
        if not options:
            return
        index = len(options) - 1
        if keep is not None and keep in by_id:
            index = timeline.get_option_index(keep)
        timeline.highlighted = index
        if not same:
            self.query_one("#detail-scroll").scroll_home(animate=False)
