"""Changes written elsewhere are judged like local writes before any of them is applied.

A bundle (and later the regional hub) carries change records another station sealed. Their
hashes and chains prove only that they were not altered on the way, not that they are sound:
each one is judged here, in merge order, on the scratch copy the import is planned on. Its
record must pass the same validators as a local write (tui/model/validators.py), refer to
records that exist, and its operation must mean what it says: a create makes something new,
an append adds a new entry, an update changes a record that exists. One bad change refuses the
whole bundle, naming the change (`FL1#17`) and the field (docs/product.md §7, the trust
boundary).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tui.model import hlc
from tui.model.lifecycle import (
    TransitionError,
    check_incident_transition,
    check_team_transition,
)
from tui.model.records import EDITABLE_INCIDENT_FIELDS, Incident, Team, TimelineEntry
from tui.model.timegrammar import to_iso
from tui.model.validators import (
    LINE_MAX,
    RecordError,
    Rules,
    check_entry,
    check_fields,
    check_incident,
    check_setting,
    check_team,
    is_stored_time,
)
from tui.store.errors import DamagedFileError
from tui.store.state import State

#: How far ahead of the importer's clock a change's clock may run (clocks drift; a year ahead
#: is a wrong clock, and would drag every later change of this station ahead with it).
CLOCK_SLACK_MS = 24 * 3600 * 1000


def _names(record: type) -> frozenset[str]:
    """The stored fields of a record kind (not the ones a reader derives)."""
    return frozenset(f.name for f in dataclasses.fields(record) if not f.metadata.get("derived"))


#: The fields a created or appended document may hold (restored: see `check_incoming`).
CREATED_FIELDS: dict[str, frozenset[str]] = {
    "incidents": _names(Incident),
    "entries": _names(TimelineEntry),
    "teams": _names(Team),
    "settings": frozenset({"id", "value", "since", "reason", "from", "to", "at", "pending"}),
}
#: The fields an update may set: an incident's reference and creation never change.
UPDATED_FIELDS: dict[str, frozenset[str]] = {
    "incidents": EDITABLE_INCIDENT_FIELDS
    | {"status", "status_reason", "closed_at", "updated_by", "updated_at", "teams"},
    "teams": _names(Team) - {"id"},
    # A setting's update carries its whole document, its id included (duty_log.settings_draft):
    # the id must be the record's own (judged in `_before`), and is no change.
    "settings": CREATED_FIELDS["settings"],
}


_TRANSITIONS: dict[str, Callable[[str, str, str], None]] = {
    "incidents": check_incident_transition,
    "teams": check_team_transition,
}


class IncomingJudge:
    """Judges a bundle's new changes one at a time as they are tried on the scratch state."""

    def __init__(
        self,
        source: Path,
        state: State,
        scratch: State,
        *,
        rules: Rules,
        station: str,
        now: datetime,
        archived_ids: Iterable[str],
        archived_entries: Callable[[str | None], list[dict[str, Any]]],
    ) -> None:
        self.source = source
        self.state = state
        self.scratch = scratch
        self.rules = rules
        self.station = station
        self.now_ms = int(now.timestamp() * 1000)
        self.latest = to_iso(now + timedelta(milliseconds=CLOCK_SLACK_MS))[:19]
        """The latest time a change may have been written at (stored form, to the second)."""
        self.archived_ids = frozenset(archived_ids)
        self.archived_entries = archived_entries

    def apply(self, fresh: list[dict[str, Any]]) -> None:
        """Try each change on the scratch state, judging it before and its record after."""
        for change in fresh:
            try:
                self._before(change)
                self.scratch.apply_batch([change])
                self._after(change)
            except RecordError as error:
                raise self._refusal(change, error.field, str(error)) from None

    # -- before: the change itself and what its operation claims -----------------------------

    def _before(self, change: dict[str, Any]) -> None:
        station, table, op = change["station"], change["table"], change["op"]
        if station == self.station:
            raise RecordError(
                f"claims to be this station's ({station}), which did not write it",
                field="station",
            )
        clock_ms = hlc.parse(change["hlc"])[0]
        if clock_ms > self.now_ms + CLOCK_SLACK_MS:
            days = (clock_ms - self.now_ms) / 86_400_000
            raise RecordError(
                f"carries a clock {days:,.1f} days ahead of this station's: station "
                f"{station}'s clock is wrong",
                field="hlc",
            )
        self._time(change, "at")
        if not isinstance(change["by"], str) or len(change["by"]) > LINE_MAX:
            raise RecordError("the author's name is not a line of text", field="by")
        after = change["after"] or {}
        hidden = sorted(k for k in after if k.startswith("_"))
        if hidden:
            raise RecordError("writes the merge's own bookkeeping", field=hidden[0])
        names_itself = op in ("create", "append", "restore") or "id" in after
        if names_itself and after.get("id") != change["record"]:
            raise RecordError("the record's id is not the one the change names", field="id")
        allowed = (UPDATED_FIELDS if op in ("update", "resolve") else CREATED_FIELDS)[table]
        unknown = sorted(set(after) - allowed - ({"restored"} if op == "restore" else set()))
        if unknown:
            raise RecordError(f"{table} have no field {unknown[0]!r} to write", field=unknown[0])
        self._operation(change)
        self._record(change)
        if op == "update" and "status" in after and table in _TRANSITIONS:
            self._step(change)

    def _record(self, change: dict[str, Any]) -> None:
        """The values the change writes, judged before they reach the scratch state: its
        indexes and the merge's bookkeeping take a record's fields to be of their kinds."""
        table, after = change["table"], change["after"] or {}
        if change["op"] in ("create", "append", "restore"):
            if table == "incidents":
                check_incident(after, self.rules)
            elif table == "teams":
                check_team(after, self.rules)
            elif table == "entries":
                check_entry(after)
            else:
                check_setting(after)
        elif table != "settings":
            check_fields(after, table, after, self.rules)

    def _step(self, change: dict[str, Any]) -> None:
        """A status update is a legal lifecycle step from the status its writer saw (its
        `before`; merged stations' steps interleave, so the step is judged as written), with
        the reason the step needs. A resolution is an officer's choice, not a step."""
        after, before = change["after"], change["before"] or {}
        if "status" not in before:
            raise RecordError("a status change that does not say what it changed", field="status")
        try:
            _TRANSITIONS[change["table"]](
                str(before["status"]), str(after["status"]), str(after.get("status_reason", ""))
            )
        except TransitionError as error:
            raise RecordError(str(error), field=error.field) from None

    def _operation(self, change: dict[str, Any]) -> None:
        table, op, record = change["table"], change["op"], change["record"]
        here = self._exists(table, record)
        if op == "create" and table != "settings" and here:
            raise RecordError(f"creates {table[:-1]} {record}, which exists already", field="id")
        if op == "create" and table == "settings" and record not in ("regime", "handover"):
            raise RecordError(f"creates an unknown setting {record!r}", field="id")
        if op == "append" and here:
            raise RecordError(
                f"appends entry {record}, which exists already: entries are never rewritten",
                field="id",
            )
        if op == "restore" and not here:
            raise RecordError(
                f"restores incident {record}, which this database never had", field="id"
            )
        if op in ("update", "resolve") and record not in getattr(self.scratch, table):
            raise RecordError(
                f"changes {table[:-1]} {record}, which no station created", field="id"
            )

    def _exists(self, table: str, record: str) -> bool:
        if record in getattr(self.scratch, table) or record in getattr(self.state, table):
            return True
        return table == "incidents" and record in self.archived_ids

    # -- after: what the record as the change leaves it refers to ------------------------------

    def _after(self, change: dict[str, Any]) -> None:
        table, record = change["table"], change["record"]
        doc = getattr(self.scratch, table).get(record)
        if doc is None:
            return
        if table != "settings" and change["op"] in ("update", "resolve"):
            # Its values were judged in `_record`; what they refer to is judged here, on the
            # scratch state as the changes before it left it.
            changed = change["after"] or {}
            if "teams" in changed:
                self._refer(doc["teams"], "teams", "teams")
            if "linked" in changed:
                self._refer(doc["linked"], "incidents", "linked")
            if table == "teams" and "incident" in changed:
                self._refer([doc.get("incident")], "incidents", "incident")
        elif table == "incidents":
            self._refer(doc["teams"], "teams", "teams")
            self._refer(doc["linked"], "incidents", "linked")
        elif table == "entries":
            self._refer([doc["incident"]], "incidents", "incident")
            self._refer([doc.get("team")], "teams", "team")
            corrected = doc.get("corrects")
            if corrected is not None and not self._exists("entries", corrected):
                archived = self.archived_entries(doc["incident"])
                if all(entry["id"] != corrected for entry in archived):
                    raise RecordError(
                        f"corrects entry {corrected}, which is not here", field="corrects"
                    )
        elif table == "teams":
            self._refer([doc.get("incident")], "incidents", "incident")
        else:
            check_setting(doc)  # a setting's update is judged whole, as it merged

    def _refer(self, ids: list[Any], table: str, field: str) -> None:
        for record in ids:
            if record is not None and not self._exists(table, record):
                raise RecordError(
                    f"refers to {table[:-1]} {record}, which is not here", field=field
                )

    def _time(self, change: dict[str, Any], name: str) -> None:
        value = change[name]
        if not is_stored_time(value):
            raise RecordError(
                f"{value!r} is not a stored UTC time: expected 2026-11-24T11:05:00Z", field=name
            )
        if value[:19] > self.latest:  # the stored form sorts as the instant does
            raise RecordError("was written more than a day in the future", field=name)

    def _refusal(self, change: dict[str, Any], field: str, message: str) -> DamagedFileError:
        what = f"change {change['station']}#{change['seq']} ({change['table']} {change['record']})"
        return DamagedFileError(self.source, f"{what}, field {field}: {message}: not merged")
