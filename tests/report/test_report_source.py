"""The reports read through `ShiftSource` and nothing else, and refuse a bad period themselves."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import pytest
from reporthelp import FROZEN_NOW, copy_sample, open_sample

from tui.model.gazetteer import Region
from tui.model.records import Incident, Team, TimelineEntry
from tui.report import FORMATS, build_shift_report, render
from tui.report.handover import handover_items
from tui.report.shift import ReportPeriodError
from tui.report.source import ShiftSource
from tui.store.store import Store


class OnlyTheProtocol:
    """Forwards exactly the members of `ShiftSource` to a store: a report that reached for
    anything else of the store would fail with AttributeError."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def region(self) -> Region:
        return self._store.region

    @property
    def station(self) -> str:
        return self._store.station

    @property
    def tz(self) -> tzinfo:
        return self._store.tz

    def clock(self) -> datetime:
        return self._store.clock()

    def incidents(
        self, *, status: str | None = None, since: datetime | None = None
    ) -> list[Incident]:
        return self._store.incidents(status=status, since=since)

    def incident(self, ref_or_id: str, /) -> Incident:
        return self._store.incident(ref_or_id)

    def timeline(self, incident: str | None, /) -> list[TimelineEntry]:
        return self._store.timeline(incident)

    def teams(self) -> list[Team]:
        return self._store.teams()

    def regime(self) -> dict[str, Any]:
        return self._store.regime()

    def handover_pending(self) -> list[dict[str, Any]]:
        return self._store.handover_pending()


def test_the_protocol_is_all_a_report_needs(tmp_path: Path) -> None:
    store = open_sample(tmp_path)
    source: ShiftSource = OnlyTheProtocol(store)
    through_protocol = build_shift_report(source)
    direct = build_shift_report(store)  # the Store is a ShiftSource as it is
    for fmt in FORMATS:
        assert render(through_protocol, fmt) == render(direct, fmt)
    assert handover_items(source) == handover_items(store)


def test_a_period_that_ends_before_it_starts_is_the_reports_own_error(tmp_path: Path) -> None:
    store = Store.open(copy_sample(tmp_path), read_only=True, clock=lambda: FROZEN_NOW)
    with pytest.raises(ReportPeriodError, match="starts after it ends") as refused:
        build_shift_report(store, since=FROZEN_NOW, until=FROZEN_NOW - timedelta(hours=1))
    assert isinstance(refused.value, ValueError)
    assert "\n" not in str(refused.value)
