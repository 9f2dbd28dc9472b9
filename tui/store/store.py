"""The one way in to a database: every read and every write of Duty Desk goes through `Store`.

`Store` adds the reads and the operations to the file protocol of `Database` (database.py).
Each operation takes the writers' lock, asks a planner (incidents, teams, duty_log, merge) for
the drafts that carry it out against the fresh state, and commits them through the one funnel.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from tui.model.filters import IncidentFilter
from tui.model.records import (
    Change,
    Conflict,
    EntryKind,
    Incident,
    Severity,
    Team,
    TeamStatus,
    TimelineEntry,
)
from tui.model.timegrammar import from_iso, instant_key, to_iso
from tui.store import bundle, duty_log, incidents, livefile, merge, teams
from tui.store.archive import RECENT_DAYS
from tui.store.changes import last_of, new_id, seal
from tui.store.database import Clock, Database, utc_now
from tui.store.errors import NotFoundError, StoreError
from tui.store.journal import iter_journal
from tui.store.merge import ImportPlan, ImportSummary
from tui.store.state import timeline_order

__all__ = ["Clock", "ImportPlan", "ImportSummary", "Store", "utc_now"]


class Store(Database):
    """An open database with what Duty Desk reads and does (docs/product.md §3, §4, §10)."""

    # -- reading ------------------------------------------------------------------------------

    def incidents(
        self,
        where: IncidentFilter | None = None,
        *,
        status: str | None = None,
        archived: bool = False,
        since: datetime | None = None,
    ) -> list[Incident]:
        """Incidents passing `where`, newest reported first; `status="open"` keeps open ones.

        With `archived`, incidents moved to the yearly archives are included (slower: the
        archives are read from disk the first time). With `since`, every incident that may
        have been touched since then is included, reaching the archives only when `since`
        lies further back than the live file keeps closed incidents.
        """
        if since is not None and since < self.clock() - timedelta(days=RECENT_DAYS):
            archived = True
        if status:
            where = replace(where or IncidentFilter(), statuses=frozenset({status}))
        with self._mutex:
            shown = self.state.shown
            docs: Any = [shown("incidents", d) for d in self.state.incidents.values()]
        if archived:
            live, archive = self.state.incidents, self.archives
            docs += [
                archive.shown("incidents", d) for d in archive.incidents() if d["id"] not in live
            ]
        if where is not None and not where.is_empty:
            docs = where.apply(docs, self.district_names)
        selected = sorted(
            docs, key=lambda d: (instant_key(d["reported_at"]), d["ref"]), reverse=True
        )
        return [Incident.from_doc(d) for d in selected]

    def live_incidents(self, ids: Iterable[str]) -> list[Incident]:
        """The live incidents among `ids` (the ones a write touched); gone ones are skipped."""
        with self._mutex:
            docs = [self.state.incidents.get(i) for i in ids]
            return [Incident.from_doc(self.state.shown("incidents", d)) for d in docs if d]

    @cached_property
    def district_names(self) -> dict[str, str]:
        """District key -> its English and Russian names, for text search in both languages."""
        return {d.key: f"{d.name_en} {d.name_ru}" for d in self.region.districts}

    def incident(self, ref_or_id: str) -> Incident:
        """The incident with this reference (any case) or id, live or archived."""
        with self._mutex:
            doc = self._incident_doc(ref_or_id)
            if doc["id"] in self.state.incidents:
                return Incident.from_doc(self.state.shown("incidents", doc))
            return Incident.from_doc(self.archives.shown("incidents", doc))

    def _incident_doc(self, ref_or_id: str) -> dict[str, Any]:
        """The live incident, or else the archived one (a planner restores it to change it)."""
        key = ref_or_id.strip()
        incident_id = self.state.by_ref.get(key.upper()) or key
        doc = self.state.incidents.get(incident_id) or self.archives.incident(key)
        if doc is None:
            raise NotFoundError(f"no incident {ref_or_id!r} in {self.path}", field="incident")
        return doc

    def timeline(self, incident: str | None) -> list[TimelineEntry]:
        """An incident's entries (or the general duty log for None), oldest first."""
        with self._mutex:
            incident_id = None if incident is None else self._incident_doc(incident)["id"]
            ids = self.state.timeline_index.get(incident_id, [])
            docs = [self.state.shown("entries", self.state.entries[i]) for i in ids]
        live = self.state.incidents.get(incident_id) if incident_id else None
        if incident_id is not None and (live is None or live.get("restored")):
            seen, archive = set(ids), self.archives
            docs += [
                archive.shown("entries", d)
                for d in archive.entries(incident_id)
                if d["id"] not in seen
            ]
        docs.sort(key=timeline_order)
        return [TimelineEntry.from_doc(d) for d in docs]

    def entry(self, entry_id: str) -> TimelineEntry:
        doc = self.state.entries.get(entry_id)
        if doc is None:
            raise NotFoundError(f"no timeline entry {entry_id!r} in {self.path}")
        return TimelineEntry.from_doc(self.state.shown("entries", doc))

    def teams(self) -> list[Team]:
        with self._mutex:
            docs = [self.state.shown("teams", d) for d in self.state.teams.values()]
        docs.sort(key=lambda d: d["callsign"].casefold())
        return [Team.from_doc(d) for d in docs]

    def team(self, callsign_or_id: str) -> Team:
        with self._mutex:
            doc = teams.team_doc(self._context(), callsign_or_id)
            return Team.from_doc(self.state.shown("teams", doc))

    def regime(self) -> dict[str, Any]:
        """The operating regime: `value`, `since`, `reason` (routine until first changed)."""
        return duty_log.current_regime(self.state.settings)

    def handover_pending(self) -> list[dict[str, Any]]:
        """Items the last handovers left unacknowledged: flagged until someone acknowledges."""
        return duty_log.pending_items(self.state.settings)

    def conflicts(self) -> list[Conflict]:
        """Every open conflict: fields written on two stations unseen, references minted twice."""
        with self._mutex:
            return merge.conflicts(self.state)

    def conflicts_by_incident(self) -> dict[str, list[Conflict]]:
        """Incident id -> its open conflicts; a reference minted twice is a conflict of both
        incidents (its values are their ids)."""
        found: dict[str, list[Conflict]] = {}
        for conflict in self.conflicts():
            if conflict.table != "incidents":
                continue
            holders = [str(v.value) for v in conflict.values] if conflict.field == "ref" else []
            for incident_id in holders or [conflict.record]:
                found.setdefault(incident_id, []).append(conflict)
        return found

    def archive_warnings(self) -> list[str]:
        """The yearly archives left out of what was read (damaged, or another database's),
        one line each for the reader to warn with: the live shift is shown without them."""
        return [
            f"{path}: {reason}; its incidents are left out"
            for path, reason in sorted(self.archives.problems.items())
        ]

    def changes(self) -> Iterator[dict[str, Any]]:
        """Every change in the journal, oldest first (reads the whole change log from disk)."""
        for batch in iter_journal(self.journal):
            yield from batch

    def history(self, record_id: str) -> list[Change]:
        """Every change to a record, oldest first: the audit trail."""
        return [Change.from_doc(c) for c in self.changes() if c["record"] == record_id]

    # -- operations: each takes the lock, plans, commits ------------------------------------

    def create_incident(
        self,
        title: str,
        district: str,
        *,
        kind: str = "other",
        severity: str = Severity.MINOR.value,
        reported_at: datetime | None = None,
        occurred_at: datetime | None = None,
        **fields: Any,
    ) -> Incident:
        """Create an incident with a fresh reference and its first timeline entry (the report)."""
        drafts = self._write(
            incidents.plan_create,
            title,
            district,
            kind=kind,
            severity=severity,
            reported_at=reported_at,
            occurred_at=occurred_at,
            fields=fields,
        )
        return self.incident(last_of(drafts, "incidents").record)

    def edit_incident(self, ref: str, changes: dict[str, Any]) -> Incident:
        """Change editable fields; only fields whose value differs are recorded."""
        self._write(incidents.plan_edit, ref, changes)
        return self.incident(ref)

    def append_entry(
        self,
        incident: str | None,
        text: str,
        *,
        kind: str = EntryKind.NOTE.value,
        occurred_at: datetime | None = None,
        corrects: str | None = None,
        team: str | None = None,
    ) -> TimelineEntry:
        """Append a timeline entry (None: the general duty log). Entries are never edited."""
        drafts = self._write(
            incidents.plan_entry,
            incident,
            text,
            kind=kind,
            occurred_at=occurred_at,
            corrects=corrects,
            team=team,
        )
        return TimelineEntry.from_doc(last_of(drafts, "entries").after)

    def correct_entry(
        self, entry_id: str, text: str, *, occurred_at: datetime | None = None
    ) -> TimelineEntry:
        """A correction is a new entry pointing at the one it corrects; the old one stays."""
        original = self.entry(entry_id)
        return self.append_entry(
            original.incident,
            text,
            corrects=entry_id,
            occurred_at=occurred_at or from_iso(original.occurred_at),
        )

    def change_status(self, ref: str, status: str, *, reason: str = "") -> Incident:
        """Move an incident through its lifecycle, with the status-change entry it owes."""
        self._write(incidents.plan_status, ref, status, reason)
        return self.incident(ref)

    def create_team(
        self, callsign: str, name: str, team_type: str, home_district: str, *, note: str = ""
    ) -> Team:
        """Add a team to the roster, available from now."""
        drafts = self._write(teams.plan_create, callsign, name, team_type, home_district, note)
        return self.team(drafts[0].record)

    def edit_team(self, callsign: str, **changes: str) -> Team:
        """Change a team's roster fields (`name`, `type`, `home_district`, `note`); only
        what differs is written."""
        team = self.team(callsign)
        self._write(teams.plan_edit, team.id, changes)
        return self.team(team.id)

    def retire_team(self, callsign: str, reason: str) -> Team:
        """Take a team off the roster; its history stays, and it is offered for nothing."""
        team = self.team(callsign)
        self._write(teams.plan_retire, team.id, reason)
        return self.team(team.id)

    def dispatch_team(
        self,
        callsign: str,
        incident: str,
        *,
        status: str = TeamStatus.ALERTED.value,
        check_in_due: datetime | None = None,
        note: str = "",
    ) -> Team:
        """Send an available team to an incident: the team, the incident and its timeline."""
        return self.set_team_status(
            callsign, status, incident=incident, check_in_due=check_in_due, note=note
        )

    def set_team_status(
        self,
        callsign: str,
        status: str,
        *,
        incident: str | None = None,
        check_in_due: datetime | None = None,
        note: str = "",
        reason: str = "",
    ) -> Team:
        """Move a team through its lifecycle; the entry goes on the incident it serves."""
        drafts = self._write(
            teams.plan_status,
            callsign,
            status,
            incident=incident,
            check_in_due=check_in_due,
            note=note,
            reason=reason,
        )
        return self.team(last_of(drafts, "teams").record)

    def change_regime(self, regime: str, reason: str) -> dict[str, Any]:
        """Change the operating regime; the reason goes into the general duty log."""
        self._write(duty_log.plan_regime, regime, reason)
        return self.regime()

    def record_handover(
        self,
        incoming: str,
        acknowledged: list[dict[str, Any]],
        unacknowledged: list[dict[str, Any]],
    ) -> TimelineEntry:
        """Hand the desk over: a shift-change entry with the items, then the incoming officer
        writes. `unacknowledged` items carry a `reason` and stay pending until acknowledged."""
        drafts = self._write(duty_log.plan_handover, incoming, acknowledged, unacknowledged)
        entry = TimelineEntry.from_doc(last_of(drafts, "entries").after)
        self.operator = entry.author
        return entry

    def acknowledge_pending(self, key: str, note: str = "") -> TimelineEntry:
        """Acknowledge an item a handover left open; the duty log records who and when."""
        drafts = self._write(duty_log.plan_acknowledge, key, note)
        return TimelineEntry.from_doc(last_of(drafts, "entries").after)

    def resolve_conflict(self, record: str, field: str, value: Any) -> None:
        """Settle a conflict by writing the field again; this write has seen every side."""
        self._write(merge.plan_resolve, record, field, value)

    # -- exchanging bundles with other stations (docs/product.md §10) -----------------------

    def export_bundle(self, target: Path, *, since: datetime | None = None) -> dict[str, Any]:
        """Write every change this database knows (or those since `since`) to one bundle file.

        Written atomically and read back to verify before it is reported done.
        """
        with self._mutex:
            self._refresh()
        changes: Iterator[dict[str, Any]] = self.changes()
        if since is not None:
            changes = merge.changes_since(self.changes, instant_key(to_iso(since)))
        header: dict[str, Any] = {
            "format": bundle.FORMAT,
            "version": bundle.VERSION,
            "schema": livefile.SCHEMA_VERSION,
            "station": self.station,
            "device": self.state.meta["device"],
            "bundle_id": new_id(),
            "created_at": to_iso(self.clock()),
            # Its records name this region's districts and keep its local time: a database of
            # another region refuses the bundle whole (merge.plan_import).
            "region": self.region.code,
            # What the exporter had of every station: an importer behind on one of them lacks
            # changes this bundle's changes were written after, and must not merge it yet.
            "heads": {station: head["seq"] for station, head in self.state.heads.items()},
        }
        bundle.write(target, header, changes)
        return header

    def import_bundle(self, source: Path, *, dry_run: bool = False) -> ImportSummary:
        """Apply a bundle in one durable write, or refuse it whole; importing twice is a no-op.

        With `dry_run`, say what would be added, changed and in conflict, and write nothing.
        """
        plan = self.plan_import(source)
        return plan.summary if dry_run else self.apply_import(plan)

    def plan_import(self, source: Path) -> ImportPlan:
        """Read and check a bundle once and work out what importing it would do (no write;
        only the in-memory lock is held, so writers are not kept waiting)."""
        try:
            data = bundle.read(source)
        except OSError as error:
            raise StoreError(f"{source}: cannot be read: {error.strerror}") from None
        with self._mutex:
            self._refresh()
            return self._plan_import(source, data)

    def apply_import(self, plan: ImportPlan) -> ImportSummary:
        """Apply a planned import: its restores and changes as one journal line. Planned
        again first if anything was written since (the plan may no longer hold)."""
        changes: list[dict[str, Any]] = []
        with self._mutex:
            with self._writing():
                if not self.state.unchanged_since(plan.version, plan.records, plan.stations):
                    plan = self._plan_import(plan.source, plan.data)
                if plan.fresh:
                    changes = seal(plan.restores, self._context()) + plan.fresh
                    self._append(changes)
            # Durable now: other processes' writers go on while this one applies it in
            # memory (still under the mutex, so nothing here reads past it meanwhile).
            self.state.apply_batch(changes)
        return plan.summary

    def _plan_import(self, source: Path, data: dict[str, Any]) -> ImportPlan:
        return merge.plan_import(
            self.state,
            source,
            data,
            changes=self.changes,
            archives=self.archives,
            rules=self.rules,
            station=self.station,
            now=self.clock(),
        )
