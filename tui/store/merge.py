"""Merging stations (docs/product.md §10): conflicts, their resolution, and bundle import plans.

An import is planned before it is applied: the bundle is decoded once, checked against this
database (hashes, each station's chain, gaps, a diverged history), and what it would do is
worked out on a scratch copy of only the records it touches. The officer reads that plan;
applying it writes the plan's restores and changes as one journal line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from tui.model.records import (
    BOOKKEEPING_FIELDS,
    EDITABLE_INCIDENT_FIELDS,
    Conflict,
    ConflictValue,
    EntryKind,
    IncidentStatus,
    Regime,
    TeamStatus,
    label,
)
from tui.model.timegrammar import instant_key
from tui.model.validators import Rules, incident_input
from tui.store.archive import ArchiveReader
from tui.store.changes import Context, Draft, change_hash, entry_draft, merge_order
from tui.store.errors import DamagedFileError, InvalidInputError, NotFoundError
from tui.store.incidents import shown
from tui.store.incoming import IncomingJudge
from tui.store.state import State

#: Tables whose records can be in conflict, and the field that names a record to a person.
NAMED_TABLES = (("incidents", "ref"), ("teams", "callsign"), ("settings", "id"))

Changes = Callable[[], Iterator[dict[str, Any]]]
"""The change log, read from disk from the start each time it is called."""


def conflicts(state: State) -> list[Conflict]:
    """Every open conflict: fields written on two stations unseen, references minted twice."""
    found: list[Conflict] = []
    for table, name in NAMED_TABLES:
        for doc in getattr(state, table).values():
            for field, heads in sorted(doc.get("_conflicts", {}).items()):
                values = conflict_values(heads)
                if field in BOOKKEEPING_FIELDS or len({repr(v.value) for v in values}) < 2:
                    continue
                found.append(Conflict(table, doc["id"], doc[name], field, values, doc.get(field)))
    for table, field, duplicates in (
        ("incidents", "ref", state.duplicate_refs),
        ("teams", "callsign", state.duplicate_callsigns),
    ):
        docs_by_id: dict[str, dict[str, Any]] = getattr(state, table)
        for name, ids in duplicates.items():
            docs = [docs_by_id[i] for i in sorted(ids) if i in docs_by_id]
            values = conflict_values({d.get("_stamp", ""): d["id"] for d in docs})
            found.append(Conflict(table, min(ids), name, field, values, min(ids)))
    found.sort(key=lambda c: (c.table, c.label, c.field, c.record))
    return found


def plan_resolve(ctx: Context, record: str, field: str, value: Any) -> list[Draft]:
    """Settle a conflict by writing the field again; this write has seen every side."""
    for table, key in NAMED_TABLES:
        doc = _find(ctx.state, table, key, record)
        if doc is not None:
            break
    else:
        raise NotFoundError(f"no incident, team or setting {record!r}")
    if field not in doc.get("_conflicts", {}):
        raise InvalidInputError(f"{doc[key]} has no conflict on {field!r}", field="value")
    value = _valid_resolution(ctx, table, field, value)
    text = f"Conflict on {label(field)} resolved: {shown(value)}"
    entry_incident = doc["id"] if table == "incidents" else None
    return [
        Draft(table, doc["id"], "resolve", {field: doc.get(field)}, {field: value}),
        entry_draft(ctx, entry_incident, EntryKind.CORRECTION, text, ctx.now),
    ]


#: Fields outside an incident's editable ones that a resolution may set: their enum.
_RESOLVABLE_ENUMS: dict[tuple[str, str], type[StrEnum]] = {
    ("incidents", "status"): IncidentStatus,
    ("teams", "status"): TeamStatus,
    ("settings", "value"): Regime,
}


def _valid_resolution(ctx: Context, table: str, field: str, value: Any) -> Any:
    """A value typed to settle a conflict passes the checks a normal write would."""
    if table == "incidents" and field in EDITABLE_INCIDENT_FIELDS:
        typed = incident_input(
            {field: value}, ctx.rules, linked=lambda ref: ctx.find_incident(ref)["id"]
        )
        return typed[field]
    kind = _RESOLVABLE_ENUMS.get((table, field))
    if kind is not None and value not in {member.value for member in kind}:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidInputError(
            f"{value!r} is not a {label(field)}; use one of {allowed}", field="value"
        )
    return value


def _find(state: State, table: str, key: str, wanted: str) -> dict[str, Any] | None:
    docs: dict[str, dict[str, Any]] = getattr(state, table)
    if wanted in docs:
        return docs[wanted]
    folded = wanted.strip().casefold()
    return next((d for d in docs.values() if str(d.get(key, "")).casefold() == folded), None)


# -- export ------------------------------------------------------------------------------------


def changes_since(changes: Changes, since: str) -> Iterator[dict[str, Any]]:
    """Each station's changes from its first one at or after `since` (an instant key) on,
    without gaps. Two passes over the change log, so a year's log is never held in memory."""
    first: dict[str, int] = {}
    for change in changes():
        if change["station"] not in first and instant_key(change["at"]) >= since:
            first[change["station"]] = change["seq"]
    for change in changes():
        if change["station"] in first and change["seq"] >= first[change["station"]]:
            yield change


# -- import ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A checked bundle and what importing it would do, against the state it was planned on.

    `fresh` are the bundle's changes this database lacks, in merge order; `restores` bring
    back the archived incidents they update. Applying writes both as one journal line.
    """

    source: Path
    data: dict[str, Any]
    fresh: list[dict[str, Any]]
    restores: list[Draft]
    summary: ImportSummary
    version: int
    """The state's version when planned: if what was written since touches `records` or
    `stations`, the plan is made again."""
    records: frozenset[tuple[str, str]]
    """Every record the plan read or changes."""
    stations: frozenset[str]
    """The stations whose new changes the plan applies."""


def plan_import(
    state: State,
    source: Path,
    data: dict[str, Any],
    *,
    changes: Changes,
    archives: ArchiveReader,
    rules: Rules,
    station: str,
    now: datetime,
) -> ImportPlan:
    """Check a decoded bundle against this database and work out what importing it would do.

    Every new change is judged like a local write (incoming.py) as it is tried on a scratch
    copy of only the records the bundle touches.
    """
    region = data.get("region", rules.region.code)  # older bundles do not say
    if region != rules.region.code:
        raise DamagedFileError(
            source,
            f"the bundle is from region {region!r} and this database keeps region "
            f"{rules.region.code!r}: not merged",
        )
    bundled = data["changes"]
    by_station: dict[str, dict[int, dict[str, Any]]] = {}
    for change in bundled:
        if change_hash(change) != change["hash"]:
            raise DamagedFileError(
                source, f"change {change['station']}#{change['seq']} does not match its hash"
            )
        by_station.setdefault(change["station"], {})[change["seq"]] = change
    _check_chains(state, source, by_station)
    _check_overlap(state, source, by_station, changes)
    _check_heads(state, source, data, by_station)
    fresh = [c for c in merge_order(bundled) if not state.has_applied(c)]
    restores = _restores(state, fresh, archives.incident)
    touched = {(c["table"], c["record"]) for c in fresh}
    touched |= {
        ("incidents", incident)
        for c in fresh
        if c["table"] == "entries"
        # A forged entry may name anything here: the judge refuses what is not an id.
        and isinstance(incident := (c["after"] or {}).get("incident"), str)
    }
    scratch = state.scratch(touched)
    for restore in restores:
        scratch.incidents[restore.record] = dict(restore.after)
    before = conflict_keys(scratch)
    judge = IncomingJudge(
        source,
        state,
        scratch,
        rules=rules,
        station=station,
        now=now,
        archived_ids=(d["id"] for d in archives.incidents()),
        archived_entries=archives.entries,
    )
    judge.apply(fresh)
    summary = ImportSummary.describe(source, data, fresh, scratch, before, restores)
    stations = frozenset(c["station"] for c in fresh)
    return ImportPlan(
        source, data, fresh, restores, summary, state.version, frozenset(touched), stations
    )


def _check_chains(
    state: State, source: Path, by_station: dict[str, dict[int, dict[str, Any]]]
) -> None:
    """No gap before a station's first bundled change; each change chains to the one before
    and carries a later clock."""
    for station, by_seq in by_station.items():
        head = state.heads.get(station) or {"seq": 0, "hash": ""}
        first = min(by_seq)
        if first > head["seq"] + 1:
            raise DamagedFileError(
                source,
                f"gap in station {station}'s changes: this database has up to "
                f"#{head['seq']}, the bundle starts at #{first}; import the earlier "
                "bundle first (or export again without --since)",
            )
        for seq, change in sorted(by_seq.items()):
            previous = by_seq.get(seq - 1)
            if previous is not None and change["hlc"] <= previous["hlc"]:
                # A station's clock only moves forward: merged in clock order, these would be
                # journalled out of sequence (and the database refused at its next open).
                raise DamagedFileError(
                    source,
                    f"station {station}'s change #{seq} carries an earlier clock than #{seq - 1}",
                )
            expected = (
                previous["hash"] if previous else (head["hash"] if seq == head["seq"] + 1 else None)
            )
            if expected is not None and change["prev"] != expected:
                raise _diverged(source, station, seq)


def _check_heads(
    state: State,
    source: Path,
    data: dict[str, Any],
    by_station: dict[str, dict[int, dict[str, Any]]],
) -> None:
    """The bundle's changes were written after changes this database may lack (a --since
    bundle): then they cannot merge yet."""
    for station, their_seq in (data.get("heads") or {}).items():
        ours = (state.heads.get(station) or {"seq": 0})["seq"]
        carried = max(by_station.get(station, {0: None}))
        if max(ours, carried) < their_seq:
            raise DamagedFileError(
                source,
                f"gap: the bundle's changes were written after station {station}'s change "
                f"#{their_seq}, and this database has only up to #{ours}; import a bundle "
                "exported without --since first",
            )


def _check_overlap(
    state: State,
    source: Path,
    by_station: dict[str, dict[int, dict[str, Any]]],
    changes: Changes,
) -> None:
    """Changes the bundle shares with this database must be the very same changes.

    A laptop restored from an old backup mints sequence numbers again; matched by number
    alone its new changes would pass for ones already here and be lost. Because each
    change chains to the one before, comparing the newest shared change of each station
    vouches for all the earlier ones.
    """
    wanted: dict[tuple[str, int], str] = {}
    for station, by_seq in by_station.items():
        head = state.heads.get(station)
        shared = [seq for seq in by_seq if head is not None and seq <= head["seq"]]
        if not shared or head is None:
            continue
        newest = max(shared)
        if newest != head["seq"]:
            wanted[(station, newest)] = by_seq[newest]["hash"]
        elif by_seq[newest]["hash"] != head["hash"]:
            raise _diverged(source, station, newest)
    if wanted:
        for change in changes():
            key = (change["station"], change["seq"])
            if key in wanted:
                if wanted.pop(key) != change["hash"]:
                    raise _diverged(source, *key)
                if not wanted:
                    break


def _restores(
    state: State,
    fresh: list[dict[str, Any]],
    archived_incident: Callable[[str], dict[str, Any] | None],
) -> list[Draft]:
    """Restore drafts for the archived incidents that incoming changes touch: this station
    brings back its own archived record, so another station's restore never replaces it."""
    created = {c["record"] for c in fresh if c["op"] == "create"}
    restores: dict[str, Draft] = {}
    for change in fresh:
        record = change["record"]
        if (
            change["table"] == "incidents"
            and change["op"] in ("update", "resolve", "restore")
            and record not in created
            and record not in state.incidents
            and record not in restores
        ):
            doc = archived_incident(record)
            if doc is not None:
                restored = {**doc, "restored": True}
                restores[record] = Draft("incidents", record, "restore", None, restored)
    return list(restores.values())


def _diverged(source: Path, station: str, seq: int) -> DamagedFileError:
    return DamagedFileError(
        source,
        f"station {station}'s history in this bundle differs from this database's at #{seq} "
        "(a station restored from an old backup?): not merged",
    )


@dataclass
class ImportSummary:
    """What an import did or would do, in lines an officer can read."""

    source: Path
    station: str
    new_changes: int
    known_changes: int
    added: list[str]
    changed: list[str]
    conflicts: list[str]
    restored: list[str] = dataclasses.field(default_factory=list)
    """Archived incidents brought back to the live file because the bundle changes them."""

    @classmethod
    def describe(
        cls,
        source: Path,
        data: dict[str, Any],
        fresh: list[dict[str, Any]],
        merged: State,
        conflicts_before: set[tuple[str, str]],
        restores: list[Draft],
    ) -> ImportSummary:
        added: list[str] = []
        entries: dict[str | None, int] = {}
        changed: dict[str, set[str]] = {}
        for change in fresh:
            table, record = change["table"], change["record"]
            if table == "entries":
                incident = (change["after"] or {}).get("incident")
                entries[incident] = entries.get(incident, 0) + 1
            elif change["op"] == "create" and table == "incidents":
                added.append(f"incident {change['after']['ref']}: {change['after']['title']}")
            elif change["op"] == "create" and table == "teams":
                added.append(f"team {change['after']['callsign']}")
            elif change["op"] in ("update", "resolve"):
                name = record_name(merged, table, record)
                fields = set(change["after"] or {}) - BOOKKEEPING_FIELDS
                changed.setdefault(name, set()).update(fields)
        for incident, count in entries.items():
            where = record_name(merged, "incidents", incident) if incident else "the duty log"
            added.append(f"{count} timeline entr{'y' if count == 1 else 'ies'} on {where}")
        conflicts = []
        for table, docs in (("incidents", merged.incidents), ("teams", merged.teams)):
            for doc in docs.values():
                for field, heads in doc.get("_conflicts", {}).items():
                    if (doc["id"], field) in conflicts_before or field in BOOKKEEPING_FIELDS:
                        continue
                    sides = " / ".join(f"{v.value!r} ({v.station})" for v in conflict_values(heads))
                    conflicts.append(f"{record_name(merged, table, doc['id'])} {field}: {sides}")
        for ref in merged.duplicate_refs:
            conflicts.append(f"reference {ref} is held by two incidents")
        return cls(
            source,
            data["station"],
            len(fresh),
            len(data["changes"]) - len(fresh),
            added,
            [f"{name}: {', '.join(sorted(fields))}" for name, fields in changed.items() if fields],
            sorted(set(conflicts)),
            [str(r.after.get("ref") or r.record) for r in restores],
        )

    def lines(self, *, dry_run: bool) -> list[str]:
        verb = "would add" if dry_run else "added"
        lines = [
            f"{self.source}: from station {self.station}: {self.new_changes} new change(s), "
            f"{self.known_changes} already here"
        ]
        brought = "would bring back" if dry_run else "brought back"
        lines += [f"  {brought} {ref} from its yearly archive" for ref in self.restored]
        lines += [f"  {verb} {item}" for item in self.added]
        lines += [f"  {'would change' if dry_run else 'changed'} {item}" for item in self.changed]
        lines += [f"  conflict: {item}" for item in self.conflicts]
        if dry_run:
            lines.append("dry run: nothing was written")
        return lines


def record_name(state: State, table: str, record: str) -> str:
    doc = getattr(state, table).get(record) or {}
    return str(doc.get("ref") or doc.get("callsign") or doc.get("id") or record)


def conflict_keys(state: State) -> set[tuple[str, str]]:
    return {
        (doc["id"], field)
        for docs in (state.incidents, state.teams)
        for doc in docs.values()
        for field in doc.get("_conflicts", {})
    }


def conflict_values(heads: dict[str, Any]) -> tuple[ConflictValue, ...]:
    values = []
    for stamp, value in sorted(heads.items(), reverse=True):
        clock, _, station = stamp.partition("|")
        values.append(ConflictValue(station, clock, value))
    return tuple(values)
