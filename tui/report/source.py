"""What a report reads, and nothing more: the protocol the report package takes its data through.

`tui.store.Store` satisfies it as it is, but the reports never import the store: they stand
beside it, so a report can be built from any source of the same records (a test double, a
snapshot), and the store's internals (archives, locks, journal) stay the store's business.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, Protocol

from tui.model.gazetteer import Region
from tui.model.records import Incident, Team, TimelineEntry


class ShiftSource(Protocol):
    """The incidents, timelines, teams and duty-log settings of one database, read-only."""

    @property
    def region(self) -> Region:
        """The region the database serves: its districts, names and time zone."""
        ...

    @property
    def station(self) -> str: ...

    @property
    def tz(self) -> tzinfo:
        """The region's time zone: every local time of a report is read in it."""
        ...

    def clock(self) -> datetime:
        """Now, as the source tells time (a frozen clock in tests)."""
        ...

    def incidents(
        self, *, status: str | None = None, since: datetime | None = None
    ) -> list[Incident]:
        """Incidents newest reported first; `status="open"` keeps the open ones. With `since`,
        every incident that may have been touched since then, archived ones included when
        `since` reaches back that far (the source decides when it must)."""
        ...

    def incident(self, ref_or_id: str, /) -> Incident:
        """The incident with this reference or id; `LookupError` when there is none."""
        ...

    def timeline(self, incident: str | None, /) -> list[TimelineEntry]:
        """An incident's entries (the general duty log for None), oldest first."""
        ...

    def teams(self) -> list[Team]: ...

    def regime(self) -> dict[str, Any]:
        """The operating regime: `value`, `since` (ISO time or None), `reason`."""
        ...

    def handover_pending(self) -> list[dict[str, Any]]:
        """Items earlier handovers left unacknowledged: each has a `key` and a `label`."""
        ...
