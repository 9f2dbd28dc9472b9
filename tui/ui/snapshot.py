"""What the desk's panes show, built from the store off the UI thread (no Textual here).

The store says which records each applied write touched (`Store.take_touched`), so after the
first screen a save elsewhere costs the rows of the incidents it touched, not a rebuild of every
row: a one-line note in a database of 20,000 live incidents builds one row. A full snapshot is
built at the start, after the store reloaded everything (another process checkpointed), when
the search scope moves to or from the archives, and when the local day turns (rows say "today"
times without a date).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui.model.records import Conflict, Incident, Team, TimelineEntry
from tui.store.errors import NotFoundError
from tui.store.state import Touched
from tui.store.store import Store
from tui.ui.rows import IncidentRow, RowMaker


@dataclass(slots=True)
class DetailData:
    """One incident as the detail view shows it, loaded off the UI thread."""

    incident: Incident
    timeline: list[TimelineEntry]


@dataclass(slots=True)
class DeskSnapshot:
    """Everything the panes show (`full`), or what changed since the last one (not `full`):
    then `rows` are the changed rows, `removed` the incidents gone from the list, `refs` the
    changed references, and `teams` is None when no team changed."""

    now: datetime
    rows: list[IncidentRow]
    teams: list[Team] | None
    regime: dict[str, Any]
    refs: dict[str, str]
    full: bool = True
    removed: frozenset[str] = frozenset()
    detail: DetailData | None = None
    """The selected incident, when it is new or changed (None: what is shown still holds)."""
    select: str | None = None
    """An incident to move the cursor to (a form just saved it)."""
    notes: list[str] = field(default_factory=list)
    conflicts: dict[str, list[Conflict]] = field(default_factory=dict)
    """Open merge conflicts by incident id: marked in the list, listed in the detail view."""
    pending: list[dict[str, Any]] = field(default_factory=list)
    """Items the last handovers left unacknowledged ({key, label, reason})."""
    warnings: tuple[str, ...] = ()
    """What the officer must know about the data itself: the clock, archives left out."""


def load_detail(store: Store, incident_id: str) -> DetailData | None:
    """One incident and its timeline; None if it is gone."""
    try:
        return DetailData(store.incident(incident_id), store.timeline(incident_id))
    except NotFoundError:
        return None


class SnapshotBuilder:
    """Builds the desk's snapshots from one store, remembering what the last one showed."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock
        self.rows = RowMaker(store.region, store.district_names, store.tz)
        self._day: object = None
        self._archives = False
        self._conflicted: frozenset[str] = frozenset()

    def build(
        self,
        touched: Touched | None,
        *,
        selected: str | None,
        select: str | None = None,
        archives: bool = False,
    ) -> DeskSnapshot:
        """A full snapshot when `touched` is None (or must be full), else what `touched`
        changed. `selected` is the incident the detail shows; `select` one to move to."""
        store, now = self.store, self.clock()
        day = now.astimezone(store.tz).date()
        full = touched is None or touched.everything or day != self._day
        full = full or archives != self._archives
        self._day, self._archives = day, archives
        conflicts = store.conflicts_by_incident()
        conflicted = frozenset(conflicts)
        wanted = select or selected
        if full or touched is None:
            incidents = store.incidents(archived=archives)
            snapshot = DeskSnapshot(
                now=now,
                rows=self.rows.rows(incidents, now, conflicted),
                teams=store.teams(),
                regime=dict(store.regime()),
                refs={inc.id: inc.ref for inc in incidents},
            )
            if wanted is not None and wanted in snapshot.refs:
                snapshot.detail = load_detail(store, wanted)
        else:
            # A reference minted twice marks the older incident too: rows whose conflict
            # mark came or went are built again with the touched ones.
            ids = touched.incidents | (conflicted ^ self._conflicted)
            found = store.live_incidents(ids)
            gone = ids - {inc.id for inc in found}
            if archives:
                found += self._archived(gone)
            removed = frozenset(ids - {inc.id for inc in found})
            snapshot = DeskSnapshot(
                now=now,
                rows=self.rows.rows(found, now, conflicted),
                teams=store.teams() if touched.teams else None,
                regime=dict(store.regime()),
                refs={inc.id: inc.ref for inc in found},
                full=False,
                removed=removed,
            )
            changed = touched.incidents | touched.timelines
            if wanted is not None and wanted not in removed and (wanted in changed or select):
                snapshot.detail = load_detail(store, wanted)
        self._conflicted = conflicted
        snapshot.select = select
        snapshot.conflicts = conflicts
        snapshot.pending = store.handover_pending()
        snapshot.warnings = self.warnings()
        return snapshot

    def _archived(self, ids: set[str]) -> list[Incident]:
        """The incidents among `ids` that moved to an archive (a search shows them there)."""
        found = []
        for incident_id in ids:
            try:
                found.append(self.store.incident(incident_id))
            except NotFoundError:
                continue
        return found

    def warnings(self) -> tuple[str, ...]:
        """The clock's disagreement with the data, and archives left out of the list."""
        clock = self.store.clock_warning()
        archives = self.store.archive_warnings() if self._archives else []
        return (*([clock] if clock else []), *archives)
