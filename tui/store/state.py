"""The database held in memory: documents by id, indexes, and each station's head.

Every change, local or another process's, reaches the documents through `State.apply_batch`, so
the journal replay, the live view of other writers and (later) the merge are one code path. The
changes themselves stay in the journal, which is their permanent log (docs/storage.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tui.model.refs import parse_ref
from tui.store.errors import DamagedFileError
from tui.store.livefile import Tables

#: The record tables, in file order.
RECORD_TABLES = ("incidents", "entries", "teams", "settings")


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
        self.timeline_index: dict[str | None, list[str]] = {}
        self.heads: dict[str, dict[str, Any]] = dict(meta.get("heads", {}))
        self.ref_counters: dict[str, int] = dict(meta.get("ref_counters", {}))
        self.last_hlc: str = meta.get("last_hlc", "0000000000000.0000")
        self.version = 0
        """Bumped by every applied write, so a screen can tell that it must redraw."""

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
        for doc in state.incidents.values():
            state._index_incident(doc)
        for doc in state.entries.values():
            state.timeline_index.setdefault(doc["incident"], []).append(doc["id"])
        for doc in state.teams.values():
            state.by_callsign[doc["callsign"].casefold()] = doc["id"]
        return state

    def has_applied(self, change: dict[str, Any]) -> bool:
        head = self.heads.get(change["station"])
        return head is not None and change["seq"] <= head["seq"]

    def apply_batch(self, changes: Iterable[dict[str, Any]]) -> bool:
        """Apply the changes not applied yet (replays are harmless); True if any was new."""
        applied = False
        for change in changes:
            if self.has_applied(change):
                continue
            self._apply(change)
            applied = True
        if applied:
            self.version += 1
        return applied

    def _apply(self, change: dict[str, Any]) -> None:
        table, record, after = change["table"], change["record"], change["after"] or {}
        docs: dict[str, dict[str, Any]] = getattr(self, table)
        if change["op"] in ("create", "append", "restore"):
            doc = dict(after)
            docs[record] = doc
            if table == "incidents":
                self._index_incident(doc)
            elif table == "entries":
                self.timeline_index.setdefault(doc["incident"], []).append(record)
            elif table == "teams":
                self.by_callsign[doc["callsign"].casefold()] = record
        elif record in docs:
            docs[record].update(after)
        # An update of a record no longer here was replayed after the record moved to an
        # archive (writers restore a record before changing it): the archive holds its result.
        self.heads[change["station"]] = {"seq": change["seq"], "hash": change["hash"]}
        self.last_hlc = max(self.last_hlc, change["hlc"])

    def _index_incident(self, doc: dict[str, Any]) -> None:
        self.by_ref[doc["ref"]] = doc["id"]
        parsed = parse_ref(doc["ref"])
        if parsed is not None:
            key = f"{parsed[0]}-{parsed[1]}"
            self.ref_counters[key] = max(self.ref_counters.get(key, 0), parsed[2])

    def next_seq(self, station: str) -> tuple[int, str]:
        """The next sequence number of `station` and the hash its next change chains to."""
        head = self.heads.get(station)
        return (head["seq"] + 1, head["hash"]) if head else (1, "")

    def file_meta(self, journal_id: str, journal_offset: int) -> dict[str, Any]:
        """The `_meta` record of a checkpoint holding the journal up to `journal_offset`."""
        meta = dict(self.meta)
        meta.update(
            journal_id=journal_id,
            journal_offset=journal_offset,
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
            doc = self.incidents.pop(incident_id, None)
            if doc is not None and self.by_ref.get(doc["ref"]) == incident_id:
                del self.by_ref[doc["ref"]]
        for entry_id in entry_ids:
            doc = self.entries.pop(entry_id, None)
            if doc is not None:
                ids = self.timeline_index.get(doc["incident"], [])
                if entry_id in ids:
                    ids.remove(entry_id)
        self.version += 1
