"""The database held in memory: documents by id, indexes, and each station's head.

Every change, local or another process's, reaches the documents through `State.apply_batch`, so
the journal replay, the live view of other writers and (later) the merge are one code path. The
changes themselves stay in the journal, which is their permanent log (docs/storage.md).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from tui.model import hlc
from tui.model.gazetteer import get_region
from tui.model.records import DEFAULT_INCIDENT_KINDS
from tui.model.refs import parse_ref
from tui.model.timegrammar import instant_key
from tui.model.validators import Rules, readable
from tui.store.errors import DamagedFileError
from tui.store.journal import JournalLine
from tui.store.livefile import Tables

_UNJUDGED: Any = object()

#: The record tables, in file order.
RECORD_TABLES = ("incidents", "entries", "teams", "settings")


@dataclass(slots=True)
class Touched:
    """Which records applied changes touched since the desk last asked: it redraws only these.

    `everything` after a full reload (another process checkpointed, a migration): the old
    documents may all have been replaced.
    """

    everything: bool = False
    incidents: set[str] = dataclasses.field(default_factory=set)
    """Incidents created, updated, restored or moved to an archive."""
    timelines: set[str | None] = dataclasses.field(default_factory=set)
    """Incidents whose timeline gained an entry (None: the general duty log)."""
    teams: set[str] = dataclasses.field(default_factory=set)
    settings: set[str] = dataclasses.field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(
            self.everything or self.incidents or self.timelines or self.teams or self.settings
        )

    def note(self, change: dict[str, Any]) -> None:
        """Remember what one applied change touched."""
        table, record = change["table"], change["record"]
        if table == "entries":
            self.timelines.add((change["after"] or {}).get("incident"))
        else:
            getattr(self, table).add(record)

    def merge(self, other: Touched) -> None:
        self.everything = self.everything or other.everything
        self.incidents |= other.incidents
        self.timelines |= other.timelines
        self.teams |= other.teams
        self.settings |= other.settings


class State:
    """Documents, indexes and per-station heads of one database (live file plus journal)."""

    def __init__(self, meta: dict[str, Any]) -> None:
        self.meta = meta
        self.incidents: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, dict[str, Any]] = {}
        self.teams: dict[str, dict[str, Any]] = {}
        self.settings: dict[str, dict[str, Any]] = {}
        self.by_ref: dict[str, str] = {}
        self.by_callsign: dict[str, str] = {}
        self.duplicate_refs: dict[str, set[str]] = {}
        """References held by more than one incident: a conflict shown, never merged."""
        self.duplicate_callsigns: dict[str, set[str]] = {}
        """Call signs held by more than one team (created on two stations)."""
        self.timeline_index: dict[str | None, list[str]] = {}
        self.heads: dict[str, dict[str, Any]] = dict(meta.get("heads", {}))
        self.ref_counters: dict[str, int] = dict(meta.get("ref_counters", {}))
        self.last_hlc: str = meta.get("last_hlc", hlc.ZERO)
        self.version = 0
        """Bumped by every applied write, so a screen can tell that it must redraw."""
        self.touched = Touched(everything=True)
        """What applied changes touched since `Store.take_touched` last collected it."""
        self._written: deque[tuple[int, frozenset[tuple[str, str]], frozenset[str]]] = deque(
            maxlen=4096
        )
        """What the last writes applied touched, by version (see `unchanged_since`)."""
        self._shown: dict[tuple[str, str], dict[str, Any] | None] = {}
        """Each record's verdict (None: sound) since it last changed: see `shown`."""

    @classmethod
    def from_tables(cls, path: Path, tables: Tables) -> State:
        """Index the tables of a verified file; a record missing its keys is damage."""
        try:
            return cls._from_tables(tables)
        except (KeyError, TypeError, AttributeError) as error:
            raise DamagedFileError(path, f"a record is incomplete ({error!r})") from None

    @classmethod
    def _from_tables(cls, tables: Tables) -> State:
        state = cls(dict(tables["_meta"]["1"]))
        for name in RECORD_TABLES:
            target: dict[str, dict[str, Any]] = getattr(state, name)
            for doc in tables.get(name, {}).values():
                target[doc["id"]] = doc
        for name in ("incidents", "entries", "teams"):
            for doc in getattr(state, name).values():
                state._index(name, doc)
        return state

    def scratch(self, records: Iterable[tuple[str, str]]) -> State:
        """A copy holding only `records` (table, id) and every index: changes tried on it show
        what they would do, without copying a database of a year's records."""
        copy = State(dict(self.meta))
        copy.heads = {station: dict(head) for station, head in self.heads.items()}
        copy.ref_counters = dict(self.ref_counters)
        copy.last_hlc = self.last_hlc
        copy.by_ref = dict(self.by_ref)
        copy.by_callsign = dict(self.by_callsign)
        copy.duplicate_refs = {k: set(v) for k, v in self.duplicate_refs.items()}
        copy.duplicate_callsigns = {k: set(v) for k, v in self.duplicate_callsigns.items()}
        for table, record in records:
            doc = getattr(self, table).get(record)
            if doc is not None:
                getattr(copy, table)[record] = deepcopy(doc)
        return copy

    @cached_property
    def rules(self) -> Rules:
        """What this database's records may hold beyond the fixed enums."""
        return Rules(
            get_region(self.meta["region"]),
            tuple(self.meta.get("kinds", DEFAULT_INCIDENT_KINDS)),
        )

    def shown(self, table: str, doc: dict[str, Any]) -> dict[str, Any]:
        """The record as a reader may show it: itself, or a copy marked damaged (a record
        written by hand or an older version never crashes a reader). Judged once per change
        of the record."""
        key = (table, str(doc.get("id")))
        verdict = self._shown.get(key, _UNJUDGED)
        if verdict is _UNJUDGED:
            verdict = self._shown[key] = readable(doc, table, self.rules)
        return doc if verdict is None else verdict

    def has_applied(self, change: dict[str, Any]) -> bool:
        head = self.heads.get(change["station"])
        return head is not None and change["seq"] <= head["seq"]

    def apply_batch(self, changes: Iterable[dict[str, Any]]) -> bool:
        """Apply the changes not applied yet (replays are harmless); True if any was new."""
        records: set[tuple[str, str]] = set()
        stations: set[str] = set()
        for change in changes:
            if self.has_applied(change):
                continue
            self._apply(change)
            self.touched.note(change)
            records.add((change["table"], change["record"]))
            stations.add(change["station"])
        if records:
            self.version += 1
            self._written.append((self.version, frozenset(records), frozenset(stations)))
        return bool(records)

    def unchanged_since(
        self, version: int, records: frozenset[tuple[str, str]], stations: frozenset[str]
    ) -> bool:
        """True if nothing applied since `version` touched `records` or came from `stations`:
        what was planned on that version still holds (an import need not be planned again)."""
        if version == self.version:
            return True
        later = [w for w in self._written if w[0] > version]
        if not later or later[0][0] != version + 1:
            return False  # not remembered so far back (or reloaded since): plan again
        return all(r.isdisjoint(records) and s.isdisjoint(stations) for _, r, s in later)

    def _apply(self, change: dict[str, Any]) -> None:
        table, record, after = change["table"], change["record"], change["after"] or {}
        self._shown.pop((table, record), None)
        docs: dict[str, dict[str, Any]] = getattr(self, table)
        if change["op"] == "create" and record in docs and table in ("settings", "teams"):
            # Created on two stations (a setting has a fixed id): both writes are kept, as
            # an update that had seen nothing, so every station ends with the same conflict.
            merge_create(docs[record], change)
        elif change["op"] == "restore" and record in docs:
            # Restored from another station's archive while live here: the live record
            # already holds every change this station applied, so it stays as it is.
            pass
        elif change["op"] in ("create", "append", "restore"):
            doc = dict(after)
            if change["op"] in ("create", "append"):
                # Its place in merge order: the tie-break of timelines, and of field merges.
                doc["_stamp"] = stamp_of(change)
            docs[record] = doc
            self._index(table, doc)
        elif record in docs:
            merge_update(docs[record], change)
        # An update of a record no longer here was replayed after the record moved to an
        # archive (writers restore a record before changing it): the archive holds its result.
        self.heads[change["station"]] = {"seq": change["seq"], "hash": change["hash"]}
        self.last_hlc = max(self.last_hlc, change["hlc"])

    def _index(self, table: str, doc: dict[str, Any]) -> None:
        """Index a record just placed. A damaged one (written by hand) is indexed as far as
        its fields allow: readers show it marked, `check` names it (see `shown`)."""
        if table == "incidents":
            self._index_incident(doc)
        elif table == "entries":
            self.timeline_index.setdefault(_timeline_of(doc), []).append(doc["id"])
        elif table == "teams":
            self._index_team(doc)

    def _index_team(self, doc: dict[str, Any]) -> None:
        """Call signs index their team; one minted on two stations is a conflict to show,
        and every station resolves the call sign to the same team meanwhile."""
        callsign = doc.get("callsign")
        if not isinstance(callsign, str):
            return
        key = callsign.casefold()
        current = self.by_callsign.get(key)
        if current is not None and current != doc["id"]:
            self.duplicate_callsigns.setdefault(callsign, {current}).add(doc["id"])
        self.by_callsign[key] = min(doc["id"], current) if current else doc["id"]

    def _index_incident(self, doc: dict[str, Any]) -> None:
        """References index their incident; one minted twice (a restored backup) is a
        conflict to show, and every station indexes the same one (the smaller id)."""
        ref = doc.get("ref")
        if not isinstance(ref, str):
            return
        current = self.by_ref.get(ref)
        if current is not None and current != doc["id"]:
            self.duplicate_refs.setdefault(ref, {current}).add(doc["id"])
        self.by_ref[ref] = min(doc["id"], current) if current else doc["id"]
        parsed = parse_ref(ref)
        if parsed is not None:
            key = f"{parsed[0]}-{parsed[1]}"
            self.ref_counters[key] = max(self.ref_counters.get(key, 0), parsed[2])

    def next_seq(self, station: str) -> tuple[int, str]:
        """The next sequence number of `station` and the hash its next change chains to."""
        head = self.heads.get(station)
        return (head["seq"] + 1, head["hash"]) if head else (1, "")

    def file_meta(
        self, journal_id: str, journal_offset: int, last: JournalLine | None = None
    ) -> dict[str, Any]:
        """The `_meta` record of a checkpoint holding the journal up to `journal_offset`,
        whose last line is `last` (checked on every open: agreement.py)."""
        meta = dict(self.meta)
        meta.update(
            journal_id=journal_id,
            journal_offset=journal_offset,
            journal_last=[last.start, last.crc] if last is not None else None,
            heads=self.heads,
            ref_counters=self.ref_counters,
            last_hlc=self.last_hlc,
        )
        return meta

    def as_tables(self, journal_id: str, journal_offset: int) -> Tables:
        """Everything applied so far in the file's table layout (for migrations)."""
        tables: Tables = {"_meta": {"1": self.file_meta(journal_id, journal_offset)}}
        for name in RECORD_TABLES:
            docs = getattr(self, name).values()
            tables[name] = {str(number): doc for number, doc in enumerate(docs, start=1)}
        return tables

    def file_tables(self) -> dict[str, Iterable[dict[str, Any]]]:
        return {name: getattr(self, name).values() for name in RECORD_TABLES}

    def drop(self, incident_ids: set[str], entry_ids: set[str]) -> None:
        """Forget records that were moved to an archive."""
        for incident_id in incident_ids:
            self._shown.pop(("incidents", incident_id), None)
            doc = self.incidents.pop(incident_id, None)
            ref = doc.get("ref") if doc is not None else None
            if isinstance(ref, str) and self.by_ref.get(ref) == incident_id:
                del self.by_ref[ref]
        for entry_id in entry_ids:
            self._shown.pop(("entries", entry_id), None)
            doc = self.entries.pop(entry_id, None)
            if doc is not None:
                ids = self.timeline_index.get(_timeline_of(doc), [])
                if entry_id in ids:
                    ids.remove(entry_id)
        self.touched.incidents |= incident_ids
        self.version += 1
        moved = {("incidents", i) for i in incident_ids} | {("entries", e) for e in entry_ids}
        self._written.append((self.version, frozenset(moved), frozenset()))


def _timeline_of(entry: dict[str, Any]) -> str | None:
    """The timeline an entry is on: its incident's id, or None for the duty log (a damaged
    entry naming no valid incident goes to neither)."""
    incident = entry.get("incident")
    return incident if incident is None or isinstance(incident, str) else "?"


def timeline_order(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    """Entries by when they happened, then when recorded, then in the order they were written
    (their clock): the same order on every station."""
    return (
        instant_key(entry["occurred_at"]),
        instant_key(entry["recorded_at"]),
        entry.get("_stamp", ""),
        entry["id"],
    )


def stamp_of(change: dict[str, Any]) -> str:
    """A change's place in the merge order: its clock, then its station (docs/product.md §10)."""
    return f"{change['hlc']}|{change['station']}"


def merge_update(doc: dict[str, Any], change: dict[str, Any]) -> None:
    """Apply an update field by field as a multi-value register.

    Each field keeps its *heads*: the writes no later write has seen. An update replaces the
    heads it saw (its `base`) and joins the others; a field with two heads of different values
    is a conflict, and its shown value is the head with the latest clock, then station. Applied
    in clock order, every station reaches the same values and the same conflicts whatever order
    bundles arrive in. An update without `base` saw everything (a single station's history).
    """
    stamp = stamp_of(change)
    base: dict[str, list[str]] = change.get("base") or {}
    stamps: dict[str, list[str]] = doc.setdefault("_stamps", {})
    conflicts: dict[str, dict[str, Any]] = doc.setdefault("_conflicts", {})
    for field, value in (change["after"] or {}).items():
        heads = conflicts.get(field) or {
            head: doc.get(field) for head in stamps.get(field, [doc.get("_stamp", "")])
        }
        seen = base.get(field)
        survivors = {h: v for h, v in heads.items() if seen is not None and h not in seen}
        survivors[stamp] = value
        winner = max(survivors)
        doc[field] = survivors[winner]
        stamps[field] = sorted(survivors)
        if len(survivors) > 1:
            conflicts[field] = survivors
        else:
            conflicts.pop(field, None)
    if not conflicts:
        del doc["_conflicts"]


def merge_create(doc: dict[str, Any], change: dict[str, Any]) -> None:
    """Merge a second create of the same record: its fields join as writes that saw nothing."""
    stamp = stamp_of(change)
    stamps: dict[str, list[str]] = doc.setdefault("_stamps", {})
    created = doc.get("_stamp", stamp)
    for field in doc:
        if not field.startswith("_") and field != "id":
            stamps.setdefault(field, [created])
    doc["_stamp"] = min(created, stamp)
    fresh = {k: v for k, v in (change["after"] or {}).items() if k != "id" and k not in doc}
    for field, value in fresh.items():
        doc[field] = value
        stamps[field] = [stamp]
    shared = {k: v for k, v in (change["after"] or {}).items() if k != "id" and k not in fresh}
    merge_update(doc, {**change, "after": shared, "base": {f: [] for f in shared}})


def field_heads(doc: dict[str, Any], field: str) -> list[str]:
    """The stamps a writer sees for `field`: what its update's `base` lists."""
    return list(doc.get("_stamps", {}).get(field) or [doc.get("_stamp", "")])
