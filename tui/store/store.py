"""The one way in to a database: every read and every write of Duty Desk goes through `Store`.

A database is the live file (`duty.json`, TinyDB JSON sealed by a checksum), its journal
(`duty.json.journal`, one fsync'd line per write) and its lock file (`duty.json.lock`). A write
takes the writers' lock, catches up with what other processes wrote, validates against that fresh
state, appends its changes to the journal with an fsync, and only then applies them in memory and
returns. A checkpoint folds the journal into the live file now and then (docs/storage.md).
"""

from __future__ import annotations

import copy
import getpass
import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from tui import APP_ID
from tui.model import hlc
from tui.model.filters import IncidentFilter
from tui.model.gazetteer import Region, UnknownDistrict, get_region
from tui.model.lifecycle import (
    TEAM_SERVING,
    TransitionError,
    check_incident_transition,
    check_team_transition,
)
from tui.model.records import (
    BOOKKEEPING_FIELDS,
    DEFAULT_INCIDENT_KINDS,
    EDITABLE_INCIDENT_FIELDS,
    Change,
    Conflict,
    ConflictValue,
    EntryKind,
    Incident,
    IncidentStatus,
    Regime,
    Severity,
    Team,
    TeamStatus,
    TeamType,
    TimelineEntry,
    label,
)
from tui.model.refs import check_station, format_ref
from tui.model.timegrammar import echo, from_iso, instant_key, to_iso
from tui.store import bundle, livefile
from tui.store.archive import RECENT_DAYS, ArchiveReader, move_to_archives
from tui.store.durable import remove_stale_temp_files
from tui.store.errors import (
    AlreadyExistsError,
    DamagedFileError,
    InvalidInputError,
    NotFoundError,
    ReadOnlyError,
    StoreError,
)
from tui.store.journal import JournalWriter, iter_journal, journal_path, read_journal
from tui.store.journal import header as journal_header
from tui.store.livefile import read_file, write_file
from tui.store.lock import writers_lock
from tui.store.migrations import backup, migrate, schema_of
from tui.store.state import State, Touched, field_heads

#: Fold the journal into the live file once it passes this size (a few thousand writes).
CHECKPOINT_BYTES = 4 * 1024 * 1024

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class FileSignature:
    """Enough of a file's stat to notice that another process replaced or grew it."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileSignature | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(slots=True)
class _Pending:
    """A change being built, before the store gives it a sequence number, clock and hash."""

    table: str
    record: str
    op: str
    before: dict[str, Any] | None
    after: dict[str, Any]


def new_id() -> str:
    """A random 128-bit id in hex, as uuid4 draws it (without importing uuid, whose import of
    `platform` costs a command-line start a few milliseconds)."""
    return os.urandom(16).hex()


class Store:
    """An open database: the documents in memory, kept current with the files on disk."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool,
        operator: str | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.operator = operator or _os_user()
        self.clock = clock
        self.journal = journal_path(path)
        self._mutex = threading.RLock()
        self.state: State
        self._live_sig: FileSignature | None = None
        self._journal_sig: FileSignature | None = None
        self._journal_offset = 0
        self._lock_depth = 0
        self._batch: list[dict[str, Any]] | None = None
        self.archives = ArchiveReader(path)
        self.migrated_from: int | None = None
        """The schema the file had when it was older than ours (migrated in memory)."""
        self._load()

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str,
        station: str,
        *,
        region: str = "kaluga",
        operator: str | None = None,
        clock: Clock = utc_now,
    ) -> Store:
        """Create an empty database; refuses to touch an existing file."""
        path = Path(path)
        check_station(station)
        get_region(region)
        if not path.parent.is_dir():
            raise StoreError(f"{path.parent}: no such directory")
        with writers_lock(path):
            if path.exists():
                raise AlreadyExistsError(f"{path}: already exists; it was left untouched")
            meta = {
                "app": APP_ID,
                "schema": livefile.SCHEMA_VERSION,
                "station": station,
                "device": new_id(),
                "region": region,
                "kinds": list(DEFAULT_INCIDENT_KINDS),
                "created_at": to_iso(clock()),
                "journal_id": new_id(),
            }
            JournalWriter.create(journal_path(path), meta["journal_id"])
            meta["journal_offset"] = len(journal_header(meta["journal_id"]))
            write_file(path, meta, {"incidents": [], "entries": [], "teams": [], "settings": []})
        return cls(path, read_only=False, operator=operator, clock=clock)

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        operator: str | None = None,
        create_station: str | None = None,
        clock: Clock = utc_now,
    ) -> Store:
        """Open a database; a missing file is created only when `create_station` is given."""
        path = Path(path)
        if not path.exists():
            if not create_station or read_only:
                raise StoreError(f"{path}: no such database (create one with `dutydesk init`)")
            try:
                return cls.create(path, create_station, operator=operator, clock=clock)
            except AlreadyExistsError:
                pass  # another process created it a moment ago: open theirs
        if read_only:
            return cls(path, read_only=True, operator=operator, clock=clock)
        with writers_lock(path):
            remove_stale_temp_files(path)
            store = cls(path, read_only=False, operator=operator, clock=clock)
            if store.migrated_from is not None:
                backup(path, store.migrated_from)
                store._checkpoint()
                store.migrated_from = None
        return store

    def _load(self) -> None:
        """Read the live file, then replay the journal from where the file's checkpoint ends."""
        live_sig = FileSignature.of(self.path)
        try:
            tables = read_file(self.path)
        except FileNotFoundError:
            raise StoreError(f"{self.path}: no such database") from None
        schema = schema_of(tables)
        state = State.from_tables(self.path, tables)
        journal_sig = FileSignature.of(self.journal)
        read = read_journal(self.journal, state.meta.get("journal_offset"))
        if read.journal_id is not None and read.journal_id != state.meta.get("journal_id"):
            raise DamagedFileError(
                self.journal, f"this journal belongs to another database than {self.path.name}"
            )
        for batch in read.batches:
            state.apply_batch(batch)
        self.migrated_from = schema if schema < livefile.SCHEMA_VERSION else None
        if self.migrated_from is not None:
            # Migrate what the journal added too: records not yet checkpointed are old-style.
            whole = state.as_tables(state.meta.get("journal_id", ""), read.end)
            state = State.from_tables(self.path, migrate(self.path, whole))
        self.state = state
        self._live_sig = live_sig
        self._journal_sig = journal_sig
        self._journal_offset = read.end

    # -- properties -------------------------------------------------------------------------

    @property
    def station(self) -> str:
        return self.state.meta["station"]

    @property
    def region(self) -> Region:
        return get_region(self.state.meta["region"])

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.region.tz_name)

    @property
    def kinds(self) -> list[str]:
        return list(self.state.meta.get("kinds", DEFAULT_INCIDENT_KINDS))

    @property
    def version(self) -> int:
        """Changes whenever the data changes: a screen compares it to know it must redraw."""
        return self.state.version

    # -- staying current ----------------------------------------------------------------------

    def poll(self) -> bool:
        """Pick up what other processes wrote since we last looked; True if anything changed.

        Costs two `stat` calls when nothing changed, so a viewer can call it several times a
        second.
        """
        with self._mutex:
            return self._refresh()

    def take_touched(self) -> Touched:
        """What changed since the last call (every write, ours or another process's): the
        desk redraws only those rows. After a full reload, `everything` is set."""
        with self._mutex:
            touched, self.state.touched = self.state.touched, Touched()
            return touched

    def _refresh(self) -> bool:
        live_sig = FileSignature.of(self.path)
        if live_sig != self._live_sig:
            before = self.state.version
            self._load()
            self.state.version = before + 1
            return True
        journal_sig = FileSignature.of(self.journal)
        if journal_sig == self._journal_sig:
            return False
        if (
            journal_sig is None
            or self._journal_sig is None
            or journal_sig.inode != self._journal_sig.inode
        ):
            before = self.state.version
            self._load()
            self.state.version = before + 1
            return True
        read = read_journal(self.journal, self._journal_offset)
        changed = False
        for batch in read.batches:
            changed = self.state.apply_batch(batch) or changed
        self._journal_offset = read.end
        self._journal_sig = journal_sig
        return changed

    # -- writing ------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold both locks, with the state caught up with every other writer (re-entrant)."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path} is open read-only: nothing can be changed")
        with self._mutex:
            if self._lock_depth:
                self._lock_depth += 1
                try:
                    yield
                finally:
                    self._lock_depth -= 1
                return
            with writers_lock(self.path):
                self._lock_depth = 1
                try:
                    self._refresh()
                    yield
                finally:
                    self._lock_depth = 0

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Make every write inside the block durable together, or none of them.

        Used where many changes belong together (building a database, importing a bundle): one
        journal line, or one checkpoint when the batch is large. If the block raises, nothing
        is written and the store reloads what is on disk.
        """
        with self._writing():
            if self._batch is not None:
                yield
                return
            self._batch = []
            try:
                yield
                changes, self._batch = self._batch, None
                if changes:
                    self._append(changes)
            except BaseException:
                self._batch = None
                self._load()
                raise

    def _commit(self, pending: list[_Pending]) -> list[dict[str, Any]]:
        """Seal `pending` as changes, make them durable as one journal line, then apply them."""
        changes = self._seal(pending)
        if self._batch is not None:
            self.state.apply_batch(changes)
            self._batch.extend(changes)
            return changes
        self._append(changes)
        self.state.apply_batch(changes)
        return changes

    def _append(self, changes: list[dict[str, Any]]) -> None:
        """Durably append one journal line holding `changes`."""
        writer = self._journal_writer()
        try:
            self._journal_offset = writer.append(changes)
        finally:
            writer.close()
        self._journal_sig = FileSignature.of(self.journal)

    def _journal_writer(self) -> JournalWriter:
        """The journal to append to, repaired first if a dead writer left it torn or missing."""
        if not self.journal.exists():
            # A database file copied without its journal (a backup): start a new change log.
            # The file is pointed at it first and the journal appears after, so a crash between
            # the two leaves a file without a journal again, never a journal the file disowns.
            journal_id = new_id()
            self.state.meta["journal_id"] = journal_id
            self._journal_offset = len(journal_header(journal_id))
            self._checkpoint()
            JournalWriter.create(self.journal, journal_id)
        writer = JournalWriter(self.journal)
        if writer.size() > self._journal_offset:
            writer.truncate_to(self._journal_offset)  # a writer died mid-append: never acked
        return writer

    def _seal(self, pending: list[_Pending]) -> list[dict[str, Any]]:
        station, device = self.station, self.state.meta["device"]
        seq, prev = self.state.next_seq(station)
        last = self.state.last_hlc
        at = to_iso(self.clock())
        now_ms = int(self.clock().timestamp() * 1000)
        changes = []
        for item in pending:
            last = hlc.tick(last, now_ms)
            change: dict[str, Any] = {
                "id": new_id(),
                "station": station,
                "device": device,
                "seq": seq,
                "hlc": last,
                "prev": prev,
                "by": self.operator,
                "at": at,
                "table": item.table,
                "record": item.record,
                "op": item.op,
                "before": item.before,
                "after": item.after,
            }
            if item.op in ("update", "resolve"):
                doc = getattr(self.state, item.table).get(item.record)
                if doc is not None:
                    change["base"] = {f: field_heads(doc, f) for f in item.after}
            change["hash"] = change_hash(change)
            changes.append(change)
            seq, prev = seq + 1, change["hash"]
        return changes

    def checkpoint(self) -> None:
        """Fold the journal into the live file and start an empty journal."""
        with self._writing():
            self._checkpoint()

    def checkpoint_if_due(self) -> bool:
        """Checkpoint when the journal has grown past its budget since the last one.

        Also the moment to move long-closed incidents to the yearly archives (archive.py).
        Returns True if it checkpointed.
        """
        if self.read_only or self._journal_offset - self._checkpoint_offset < CHECKPOINT_BYTES:
            return False
        with self._writing():
            if self._journal_offset - self._checkpoint_offset < CHECKPOINT_BYTES:
                return False
            self._checkpoint()
            return True

    @property
    def _checkpoint_offset(self) -> int:
        return int(self.state.meta.get("journal_offset", 0))

    def archive(self, *, force: bool = False) -> int:
        """Move incidents closed long ago to the yearly archives now; returns how many moved."""
        with self._writing():
            moved = move_to_archives(self.path, self.state, self.clock(), force=force)
            if moved:
                self._checkpoint()
            return moved

    def _checkpoint(self) -> None:
        """Rewrite the live file with everything applied so far (the writers' lock is held)."""
        if move_to_archives(self.path, self.state, self.clock()):
            self.archives.forget()
        meta = self.state.file_meta(self.state.meta["journal_id"], self._journal_offset)
        write_file(self.path, meta, self.state.file_tables())
        self.state.meta = meta
        self._live_sig = FileSignature.of(self.path)

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
            docs: Any = list(self.state.incidents.values())
        if archived:
            live = self.state.incidents
            docs += [d for d in self.archives.incidents() if d["id"] not in live]
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
        return [Incident.from_doc(d) for d in docs if d is not None]

    @cached_property
    def district_names(self) -> dict[str, str]:
        """District key -> its English and Russian names, for text search in both languages."""
        return {d.key: f"{d.name_en} {d.name_ru}" for d in self.region.districts}

    def incident(self, ref_or_id: str) -> Incident:
        """The incident with this reference (any case) or id, live or archived."""
        with self._mutex:
            return Incident.from_doc(self._incident_doc(ref_or_id))

    def _incident_doc(self, ref_or_id: str) -> dict[str, Any]:
        """The live incident, or else the archived one (read-only: see `_live_incident_doc`)."""
        key = ref_or_id.strip()
        incident_id = self.state.by_ref.get(key.upper()) or key
        doc = self.state.incidents.get(incident_id) or self.archives.incident(key)
        if doc is None:
            raise NotFoundError(f"no incident {ref_or_id!r} in {self.path}", field="incident")
        return doc

    def _live_incident_doc(self, ref_or_id: str) -> dict[str, Any]:
        """The incident's live document, restoring it from its archive first if needed.

        A change to an archived incident (a late note, a reopen) brings it back to the live
        file with a `restore` change, so every reader replays the same history.
        """
        doc = self._incident_doc(ref_or_id)
        if doc["id"] not in self.state.incidents:
            # `restored` tells readers that older entries of this incident are in an archive.
            restored = {**doc, "restored": True}
            self._commit([_Pending("incidents", doc["id"], "restore", None, restored)])
            doc = self.state.incidents[doc["id"]]
        return doc

    def timeline(self, incident: str | None) -> list[TimelineEntry]:
        """An incident's entries (or the general duty log for None), oldest first."""
        with self._mutex:
            incident_id = None if incident is None else self._incident_doc(incident)["id"]
            ids = self.state.timeline_index.get(incident_id, [])
            docs = [self.state.entries[i] for i in ids]
        live = self.state.incidents.get(incident_id) if incident_id else None
        if incident_id is not None and (live is None or live.get("restored")):
            seen = set(ids)
            docs += [d for d in self.archives.entries(incident_id) if d["id"] not in seen]
        docs.sort(key=timeline_order)
        return [TimelineEntry.from_doc(d) for d in docs]

    def entry(self, entry_id: str) -> TimelineEntry:
        doc = self.state.entries.get(entry_id)
        if doc is None:
            raise NotFoundError(f"no timeline entry {entry_id!r} in {self.path}")
        return TimelineEntry.from_doc(doc)

    def teams(self) -> list[Team]:
        with self._mutex:
            docs = sorted(self.state.teams.values(), key=lambda d: d["callsign"].casefold())
        return [Team.from_doc(d) for d in docs]

    def team(self, callsign_or_id: str) -> Team:
        with self._mutex:
            return Team.from_doc(self._team_doc(callsign_or_id))

    def _team_doc(self, callsign_or_id: str) -> dict[str, Any]:
        key = callsign_or_id.strip()
        team_id = self.state.by_callsign.get(key.casefold()) or key
        doc = self.state.teams.get(team_id)
        if doc is None:
            known = ", ".join(t["callsign"] for t in self.state.teams.values()) or "none yet"
            raise NotFoundError(f"no team {callsign_or_id!r} (teams: {known})", field="team")
        return doc

    def regime(self) -> dict[str, Any]:
        """The operating regime: `value`, `since`, `reason` (routine until first changed)."""
        doc = self.state.settings.get("regime")
        if doc is None:
            return {"value": Regime.ROUTINE.value, "since": None, "reason": ""}
        return doc

    def changes(self) -> Iterator[dict[str, Any]]:
        """Every change in the journal, oldest first (reads the whole change log from disk)."""
        for batch in iter_journal(self.journal):
            yield from batch

    def history(self, record_id: str) -> list[Change]:
        """Every change to a record, oldest first: the audit trail."""
        return [Change.from_doc(c) for c in self.changes() if c["record"] == record_id]

    def resolve_district(self, name: str) -> str:
        """A district's stable key from a name in either language; unknown names suggest."""
        try:
            return self.region.lookup(name).key
        except UnknownDistrict as error:
            raise InvalidInputError(str(error), field="district") from None

    # -- operations ---------------------------------------------------------------------------

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
        now = self.clock()
        reported = reported_at or now
        with self._writing():
            number = self.state.ref_counters.get(f"{self.station}-{reported.year}", 0) + 1
            incident_id = new_id()
            doc: dict[str, Any] = Incident(
                id=incident_id,
                ref=format_ref(self.station, reported.year, number),
                title="",
                kind=kind,
                severity=severity,
                status=IncidentStatus.NEW.value,
                district=district,
                reported_at=to_iso(reported),
                occurred_at=to_iso(occurred_at) if occurred_at else None,
                created_by=self.operator,
                created_at=to_iso(now),
                updated_by=self.operator,
                updated_at=to_iso(now),
            ).to_doc()
            doc.update(self._validated({"title": title, **fields}))
            doc.update(self._validated({"kind": kind, "severity": severity, "district": district}))
            report = self._entry_doc(
                incident_id,
                EntryKind.REPORT,
                doc["narrative"] or doc["title"],
                occurred_at or reported,
            )
            self._commit(
                [
                    _Pending("incidents", incident_id, "create", None, doc),
                    _Pending("entries", report["id"], "append", None, report),
                ]
            )
        return self.incident(incident_id)

    def edit_incident(self, ref: str, changes: dict[str, Any]) -> Incident:
        """Change editable fields; only fields whose value differs are recorded."""
        unknown = set(changes) - EDITABLE_INCIDENT_FIELDS
        if unknown:
            raise InvalidInputError(
                "these fields cannot be edited here: " + ", ".join(sorted(unknown))
            )
        with self._writing():
            doc = self._live_incident_doc(ref)
            after = {k: v for k, v in self._validated(changes).items() if doc.get(k) != v}
            if not after:
                return Incident.from_doc(doc)
            after.update(updated_by=self.operator, updated_at=to_iso(self.clock()))
            before = {k: doc.get(k) for k in after}
            summary = "; ".join(
                _describe_edit(k, before[k], after[k]) for k in sorted(after) if k in changes
            )
            note = self._entry_doc(doc["id"], EntryKind.NOTE, f"Edited: {summary}", self.clock())
            self._commit(
                [
                    _Pending("incidents", doc["id"], "update", before, after),
                    _Pending("entries", note["id"], "append", None, note),
                ]
            )
            return Incident.from_doc(doc)

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
        text = text.strip()
        if not text:
            raise InvalidInputError("the entry text is empty", field="text")
        try:
            entry_kind = EntryKind(kind)
        except ValueError:
            raise InvalidInputError(
                f"unknown entry kind {kind!r}; use one of " + ", ".join(k.value for k in EntryKind),
                field="kind",
            ) from None
        with self._writing():
            incident_id = None if incident is None else self._live_incident_doc(incident)["id"]
            if corrects is not None:
                corrected = self.state.entries.get(corrects)
                if corrected is None:
                    raise NotFoundError(
                        f"no timeline entry {corrects!r} to correct", field="corrects"
                    )
                incident_id = corrected["incident"]
                entry_kind = EntryKind.CORRECTION
            doc = self._entry_doc(incident_id, entry_kind, text, occurred_at or self.clock())
            doc["corrects"] = corrects
            doc["team"] = team
            self._commit([_Pending("entries", doc["id"], "append", None, doc)])
        return TimelineEntry.from_doc(doc)

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
        with self._writing():
            doc = self._live_incident_doc(ref)
            try:
                check_incident_transition(doc["status"], status, reason)
            except TransitionError as error:
                raise InvalidInputError(f"{doc['ref']}: {error}", field=error.field) from None
            now = self.clock()
            target = IncidentStatus(status)
            after: dict[str, Any] = {
                "status": target.value,
                "status_reason": reason.strip(),
                "closed_at": None if target.is_open else to_iso(now),
                "updated_by": self.operator,
                "updated_at": to_iso(now),
            }
            before = {k: doc.get(k) for k in after}
            text = f"Status {label(doc['status'])} → {label(target)}"
            if reason.strip():
                text += f": {reason.strip()}"
            entry = self._entry_doc(doc["id"], EntryKind.STATUS_CHANGE, text, now)
            self._commit(
                [
                    _Pending("incidents", doc["id"], "update", before, after),
                    _Pending("entries", entry["id"], "append", None, entry),
                ]
            )
            return Incident.from_doc(doc)

    def create_team(
        self,
        callsign: str,
        name: str,
        team_type: str,
        home_district: str,
        *,
        note: str = "",
    ) -> Team:
        callsign = callsign.strip()
        if not callsign:
            raise InvalidInputError("a team needs a call sign", field="callsign")
        try:
            TeamType(team_type)
        except ValueError:
            raise InvalidInputError(
                f"unknown team type {team_type!r}; use one of "
                + ", ".join(t.value for t in TeamType),
                field="type",
            ) from None
        with self._writing():
            if callsign.casefold() in self.state.by_callsign:
                raise InvalidInputError(
                    f"a team with call sign {callsign!r} already exists", field="callsign"
                )
            doc = Team(
                id=new_id(),
                callsign=callsign,
                name=name.strip(),
                type=team_type,
                home_district=self.resolve_district(home_district),
                status=TeamStatus.AVAILABLE.value,
                status_since=to_iso(self.clock()),
                note=note.strip(),
            ).to_doc()
            self._commit([_Pending("teams", doc["id"], "create", None, doc)])
        return Team.from_doc(doc)

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
        with self._writing():
            team = self._team_doc(callsign)
            try:
                check_team_transition(team["status"], status, reason)
            except TransitionError as error:
                raise InvalidInputError(f"{team['callsign']}: {error}", field=error.field) from None
            target = TeamStatus(status)
            now = self.clock()
            incident_doc = self._live_incident_doc(incident) if incident else None
            dispatching = team["status"] == TeamStatus.AVAILABLE.value and target in TEAM_SERVING
            if dispatching and incident_doc is None:
                raise InvalidInputError(
                    f"{team['callsign']}: dispatching a team needs the incident it goes to",
                    field="incident",
                )
            if (
                not dispatching
                and incident_doc is not None
                and team["incident"]
                not in (
                    None,
                    incident_doc["id"],
                )
            ):
                raise InvalidInputError(
                    f"{team['callsign']} serves another incident; set it available first",
                    field="incident",
                )
            serving = target in TEAM_SERVING
            served_id = (
                (incident_doc["id"] if incident_doc else team["incident"]) if serving else None
            )
            after: dict[str, Any] = {
                "status": target.value,
                "status_since": to_iso(now),
                "incident": served_id,
                "check_in_due": to_iso(check_in_due) if check_in_due and serving else None,
                "status_reason": reason.strip(),
            }
            if note.strip():
                after["note"] = note.strip()
            before = {k: team.get(k) for k in after}
            pending = [_Pending("teams", team["id"], "update", before, after)]
            entry_incident = served_id or team["incident"]
            if dispatching and incident_doc is not None:
                text = f"{team['callsign']} ({team['name']}) dispatched, {label(target)}"
                kind = EntryKind.DISPATCH
                if team["id"] not in incident_doc["teams"]:
                    pending.append(
                        _Pending(
                            "incidents",
                            incident_doc["id"],
                            "update",
                            {"teams": list(incident_doc["teams"])},
                            {"teams": [*incident_doc["teams"], team["id"]]},
                        )
                    )
            else:
                text = f"{team['callsign']}: {label(team['status'])} → {label(target)}"
                kind = EntryKind.TEAM_STATUS
            extra = reason.strip() or note.strip()
            if extra:
                text += f": {extra}"
            if check_in_due and serving:
                text += f" (check in by {echo(check_in_due, self.tz)})"
            entry = self._entry_doc(entry_incident, kind, text, now)
            entry["team"] = team["id"]
            pending.append(_Pending("entries", entry["id"], "append", None, entry))
            self._commit(pending)
            return Team.from_doc(team)

    def change_regime(self, regime: str, reason: str) -> dict[str, Any]:
        """Change the operating regime; the reason goes into the general duty log."""
        try:
            target = Regime(regime)
        except ValueError:
            raise InvalidInputError(
                f"unknown regime {regime!r}; use one of " + ", ".join(r.value for r in Regime),
                field="regime",
            ) from None
        if not reason.strip():
            raise InvalidInputError("changing the regime needs a reason", field="reason")
        with self._writing():
            current = self.regime()
            if current["value"] == target.value:
                raise InvalidInputError(f"the regime is already {label(target)}", field="regime")
            now = self.clock()
            after = {
                "id": "regime",
                "value": target.value,
                "since": to_iso(now),
                "reason": reason.strip(),
            }
            text = f"Regime {label(current['value'])} → {label(target)}: {reason.strip()}"
            entry = self._entry_doc(None, EntryKind.REGIME_CHANGE, text, now)
            self._commit(
                [
                    self._settings_change("regime", after),
                    _Pending("entries", entry["id"], "append", None, entry),
                ]
            )
        return self.regime()

    def handover_pending(self) -> list[dict[str, Any]]:
        """Items the last handovers left unacknowledged: flagged until someone acknowledges."""
        doc = self.state.settings.get("handover")
        return list(doc["pending"]) if doc else []

    def record_handover(
        self,
        incoming: str,
        acknowledged: list[dict[str, Any]],
        unacknowledged: list[dict[str, Any]],
    ) -> TimelineEntry:
        """Hand the desk over: a shift-change entry with the items, then the incoming officer
        writes. `unacknowledged` items carry a `reason` and stay pending until acknowledged."""
        incoming = incoming.strip()
        if not incoming:
            raise InvalidInputError("name the incoming officer", field="incoming")
        if incoming == self.operator:
            raise InvalidInputError(f"{incoming} already holds the desk", field="incoming")
        missing = [item["label"] for item in unacknowledged if not item.get("reason", "").strip()]
        if missing:
            raise InvalidInputError(
                "say why this item is not acknowledged: " + missing[0], field="reason"
            )
        outgoing = self.operator
        with self._writing():
            now = self.clock()
            text = f"Shift handed over: {outgoing} → {incoming}"
            total = len(acknowledged) + len(unacknowledged)
            text += f"; {len(acknowledged)} of {total} open items acknowledged"
            if unacknowledged:
                text += "; not acknowledged: " + "; ".join(
                    f"{item['label']} ({item['reason'].strip()})" for item in unacknowledged
                )
            entry = self._entry_doc(None, EntryKind.SHIFT_CHANGE, text, now)
            entry["author"] = incoming
            entry["data"] = {
                "from": outgoing,
                "to": incoming,
                "acknowledged": [item["key"] for item in acknowledged],
                "unacknowledged": [
                    {"key": i["key"], "label": i["label"], "reason": i["reason"].strip()}
                    for i in unacknowledged
                ],
            }
            pending = [
                {"key": i["key"], "label": i["label"], "reason": i["reason"].strip()}
                for i in unacknowledged
            ]
            self._commit(
                [
                    self._settings_change(
                        "handover",
                        {"from": outgoing, "to": incoming, "at": to_iso(now), "pending": pending},
                    ),
                    _Pending("entries", entry["id"], "append", None, entry),
                ]
            )
        self.operator = incoming
        return TimelineEntry.from_doc(entry)

    def acknowledge_pending(self, key: str, note: str = "") -> TimelineEntry:
        """Acknowledge an item a handover left open; the duty log records who and when."""
        with self._writing():
            doc = self.state.settings.get("handover")
            pending = list(doc["pending"]) if doc else []
            item = next((i for i in pending if i["key"] == key), None)
            if doc is None or item is None:
                raise NotFoundError(f"no unacknowledged handover item {key!r}")
            text = f"Handover item acknowledged: {item['label']}"
            if note.strip():
                text += f": {note.strip()}"
            entry = self._entry_doc(None, EntryKind.NOTE, text, self.clock())
            remaining = [i for i in pending if i["key"] != key]
            self._commit(
                [
                    self._settings_change("handover", {**doc, "pending": remaining}),
                    _Pending("entries", entry["id"], "append", None, entry),
                ]
            )
        return TimelineEntry.from_doc(entry)

    def _settings_change(self, key: str, value: dict[str, Any]) -> _Pending:
        """Create or update a settings document (regime, handover)."""
        existing = self.state.settings.get(key)
        after = {"id": key, **{k: v for k, v in value.items() if k != "id"}}
        if existing is None:
            return _Pending("settings", key, "create", None, after)
        return _Pending("settings", key, "update", dict(existing), after)

    # -- merging stations (PRODUCT.md §10) ---------------------------------------------------

    def conflicts(self) -> list[Conflict]:
        """Every open conflict: fields written on two stations unseen, references minted twice."""
        found: list[Conflict] = []
        with self._mutex:
            for table, name in (("incidents", "ref"), ("teams", "callsign"), ("settings", "id")):
                for doc in getattr(self.state, table).values():
                    for field, heads in sorted(doc.get("_conflicts", {}).items()):
                        values = _conflict_values(heads)
                        if field in BOOKKEEPING_FIELDS or len({repr(v.value) for v in values}) < 2:
                            continue
                        found.append(
                            Conflict(table, doc["id"], doc[name], field, values, doc.get(field))
                        )
            for table, field, duplicates in (
                ("incidents", "ref", self.state.duplicate_refs),
                ("teams", "callsign", self.state.duplicate_callsigns),
            ):
                docs_by_id: dict[str, dict[str, Any]] = getattr(self.state, table)
                for name, ids in duplicates.items():
                    docs = [docs_by_id[i] for i in sorted(ids) if i in docs_by_id]
                    values = _conflict_values({d.get("_stamp", ""): d["id"] for d in docs})
                    found.append(Conflict(table, min(ids), name, field, values, min(ids)))
        found.sort(key=lambda c: (c.table, c.label, c.field, c.record))
        return found

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

    def resolve_conflict(self, record: str, field: str, value: Any) -> None:
        """Settle a conflict by writing the field again; this write has seen every side."""
        with self._writing():
            for table, key in (("incidents", "ref"), ("teams", "callsign"), ("settings", "id")):
                doc = self._find(table, key, record)
                if doc is not None:
                    break
            else:
                raise NotFoundError(f"no incident, team or setting {record!r}")
            if field not in doc.get("_conflicts", {}):
                raise InvalidInputError(f"{doc[key]} has no conflict on {field!r}")
            value = self._valid_resolution(table, field, value)
            before = {field: doc.get(field)}
            text = f"Conflict on {label(field)} resolved: {_shown(value)}"
            entry_incident = doc["id"] if table == "incidents" else None
            entry = self._entry_doc(entry_incident, EntryKind.CORRECTION, text, self.clock())
            self._commit(
                [
                    _Pending(table, doc["id"], "resolve", before, {field: value}),
                    _Pending("entries", entry["id"], "append", None, entry),
                ]
            )

    def _valid_resolution(self, table: str, field: str, value: Any) -> Any:
        """A value typed to settle a conflict passes the checks a normal write would."""
        if table == "incidents" and field in EDITABLE_INCIDENT_FIELDS:
            return self._validated({field: value})[field]
        enums: dict[tuple[str, str], type[StrEnum]] = {
            ("incidents", "status"): IncidentStatus,
            ("teams", "status"): TeamStatus,
            ("settings", "value"): Regime,
        }
        kind = enums.get((table, field))
        if kind is not None and value not in {member.value for member in kind}:
            allowed = ", ".join(member.value for member in kind)
            raise InvalidInputError(
                f"{value!r} is not a {label(field)}; use one of {allowed}", field="value"
            )
        return value

    def _find(self, table: str, key: str, wanted: str) -> dict[str, Any] | None:
        docs: dict[str, dict[str, Any]] = getattr(self.state, table)
        if wanted in docs:
            return docs[wanted]
        folded = wanted.strip().casefold()
        return next((d for d in docs.values() if str(d.get(key, "")).casefold() == folded), None)

    def export_bundle(self, target: Path, *, since: datetime | None = None) -> dict[str, Any]:
        """Write every change this database knows (or those since `since`) to one bundle file.

        Written atomically and read back to verify before it is reported done.
        """
        with self._mutex:
            self._refresh()
        changes: Iterator[dict[str, Any]] = self.changes()
        if since is not None:
            changes = self._changes_since(instant_key(to_iso(since)))
        header: dict[str, Any] = {
            "format": bundle.FORMAT,
            "version": bundle.VERSION,
            "schema": livefile.SCHEMA_VERSION,
            "station": self.station,
            "device": self.state.meta["device"],
            "bundle_id": new_id(),
            "created_at": to_iso(self.clock()),
            # What the exporter had of every station: an importer behind on one of them lacks
            # changes this bundle's changes were written after, and must not merge it yet.
            "heads": {station: head["seq"] for station, head in self.state.heads.items()},
        }
        bundle.write(target, header, changes)
        return header

    def _changes_since(self, since: str) -> Iterator[dict[str, Any]]:
        """Each station's changes from its first one at or after `since` on, without gaps.

        Two passes over the change log (where each station starts, then the changes), so even
        a year's log is never held in memory.
        """
        first: dict[str, int] = {}
        for change in self.changes():
            if change["station"] not in first and instant_key(change["at"]) >= since:
                first[change["station"]] = change["seq"]
        for change in self.changes():
            if change["station"] in first and change["seq"] >= first[change["station"]]:
                yield change

    def import_bundle(self, source: Path, *, dry_run: bool = False) -> ImportSummary:
        """Apply a bundle in one durable write, or refuse it whole; importing twice is a no-op.

        With `dry_run`, say what would be added, changed and in conflict, and write nothing.
        """
        plan = self.plan_import(source)
        return plan.summary if dry_run else self.apply_import(plan)

    def plan_import(self, source: Path) -> ImportPlan:
        """Read and check a bundle once, and work out what importing it would do (no write)."""
        try:
            raw = source.read_bytes()
        except OSError as error:
            raise StoreError(f"{source}: cannot be read: {error.strerror}") from None
        data = bundle.decode(source, raw)
        with self._mutex:
            self._refresh()
            summary = self._plan_import(source, data)
            heads = {station: dict(head) for station, head in self.state.heads.items()}
        return ImportPlan(source, data, summary, heads)

    def apply_import(self, plan: ImportPlan) -> ImportSummary:
        """Apply a planned import; re-planned first if another write moved a station on."""
        with self._writing():
            summary = plan.summary
            if self.state.heads != plan.heads:
                summary = self._plan_import(plan.source, plan.data)
            if summary.new_changes:
                incoming = _merge_order(plan.data["changes"])
                self._restore_archived_targets(incoming)
                fresh = [c for c in incoming if not self.state.has_applied(c)]
                self._append(fresh)
                self.state.apply_batch(fresh)
        return summary

    def _plan_import(self, source: Path, data: dict[str, Any]) -> ImportSummary:
        """Check the bundle against this database and work out what importing it would do."""
        changes = data["changes"]
        by_station: dict[str, dict[int, dict[str, Any]]] = {}
        for change in changes:
            if change_hash(change) != change["hash"]:
                raise DamagedFileError(source, f"change {change['id']} does not match its hash")
            by_station.setdefault(change["station"], {})[change["seq"]] = change
        for station, by_seq in by_station.items():
            head = self.state.heads.get(station) or {"seq": 0, "hash": ""}
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
                expected = (
                    previous["hash"]
                    if previous
                    else (head["hash"] if seq == head["seq"] + 1 else None)
                )
                if expected is not None and change["prev"] != expected:
                    raise _diverged(source, station, seq)
        self._check_overlap(source, by_station)
        for station, their_seq in (data.get("heads") or {}).items():
            ours = (self.state.heads.get(station) or {"seq": 0})["seq"]
            carried = max(by_station.get(station, {0: None}))
            if max(ours, carried) < their_seq:
                raise DamagedFileError(
                    source,
                    f"gap: the bundle's changes were written after station {station}'s change "
                    f"#{their_seq}, and this database has only up to #{ours}; import a bundle "
                    "exported without --since first",
                )
        scratch = copy.deepcopy(self.state)
        fresh = [c for c in _merge_order(changes) if not scratch.has_applied(c)]
        conflicts_before = _conflict_keys(scratch)
        scratch.apply_batch(fresh)
        return ImportSummary.describe(source, data, fresh, scratch, conflicts_before)

    def _check_overlap(
        self, source: Path, by_station: dict[str, dict[int, dict[str, Any]]]
    ) -> None:
        """Changes the bundle shares with this database must be the very same changes.

        A laptop restored from an old backup mints sequence numbers again; matched by number
        alone its new changes would pass for ones already here and be lost. Because each
        change chains to the one before, comparing the newest shared change of each station
        vouches for all the earlier ones.
        """
        wanted: dict[tuple[str, int], str] = {}
        for station, by_seq in by_station.items():
            head = self.state.heads.get(station)
            shared = [seq for seq in by_seq if head is not None and seq <= head["seq"]]
            if not shared or head is None:
                continue
            newest = max(shared)
            if newest == head["seq"]:
                ours = head["hash"]
            else:
                wanted[(station, newest)] = by_seq[newest]["hash"]
                continue
            if by_seq[newest]["hash"] != ours:
                raise _diverged(source, station, newest)
        if wanted:
            for change in self.changes():
                key = (change["station"], change["seq"])
                if key in wanted:
                    if wanted.pop(key) != change["hash"]:
                        raise _diverged(source, *key)
                    if not wanted:
                        break

    def _restore_archived_targets(self, incoming: list[dict[str, Any]]) -> None:
        """Bring archived incidents that incoming updates touch back to the live file first."""
        created = {c["record"] for c in incoming if c["op"] == "create"}
        for change in incoming:
            record = change["record"]
            if (
                change["table"] == "incidents"
                and change["op"] in ("update", "resolve")
                and record not in created
                and record not in self.state.incidents
                and not self.state.has_applied(change)
                and self.archives.incident(record) is not None
            ):
                self._live_incident_doc(record)

    # -- helpers ------------------------------------------------------------------------------

    def _entry_doc(
        self, incident_id: str | None, kind: EntryKind, text: str, occurred_at: datetime
    ) -> dict[str, Any]:
        return TimelineEntry(
            id=new_id(),
            incident=incident_id,
            occurred_at=to_iso(occurred_at),
            recorded_at=to_iso(self.clock()),
            author=self.operator,
            kind=kind.value,
            text=text,
        ).to_doc()

    def _validated(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Check and normalise incident fields; one clear message for the first bad one."""
        out: dict[str, Any] = {}
        for name, value in fields.items():
            if name in ("title",):
                value = str(value).strip()
                if not value:
                    raise InvalidInputError("an incident needs a title", field=name)
                if len(value) > 200:
                    raise InvalidInputError("the title is longer than 200 characters", field=name)
            elif name == "kind":
                if value not in self.kinds:
                    raise InvalidInputError(
                        f"unknown incident kind {value!r}; use one of " + ", ".join(self.kinds)
                    )
            elif name == "severity":
                if value not in {s.value for s in Severity}:
                    raise InvalidInputError(
                        f"unknown severity {value!r}; use one of "
                        + ", ".join(s.value for s in Severity)
                    )
            elif name == "district":
                value = self.resolve_district(value)
            elif name in ("injured", "dead"):
                if value is not None and (
                    not isinstance(value, int) or isinstance(value, bool) or value < 0
                ):
                    raise InvalidInputError(
                        f"{name} must be a whole number ≥ 0, or unknown", field=name
                    )
            elif name in ("occurred_at", "reported_at"):
                value = to_iso(value) if isinstance(value, datetime) else value
                if value is not None:
                    from_iso(value)
            elif name == "linked":
                value = [self._incident_doc(r)["id"] for r in value]
            elif name in ("verified", "exercise", "occurred_approx"):
                value = bool(value)
            elif name == "coordinates":
                value = _coordinates(value)
            elif name not in EDITABLE_INCIDENT_FIELDS:
                raise InvalidInputError(f"unknown incident field {name!r}", field=name)
            else:
                value = str(value).strip()
            out[name] = value
        return out


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A checked bundle and what importing it would do, against the heads it was planned on."""

    source: Path
    data: dict[str, Any]
    summary: ImportSummary
    heads: dict[str, dict[str, Any]]


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

    @classmethod
    def describe(
        cls,
        source: Path,
        data: dict[str, Any],
        fresh: list[dict[str, Any]],
        merged: State,
        conflicts_before: set[tuple[str, str]],
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
                name = _record_name(merged, table, record)
                fields = set(change["after"] or {}) - BOOKKEEPING_FIELDS
                changed.setdefault(name, set()).update(fields)
        for incident, count in entries.items():
            where = _record_name(merged, "incidents", incident) if incident else "the duty log"
            added.append(f"{count} timeline entr{'y' if count == 1 else 'ies'} on {where}")
        conflicts = []
        for table, docs in (("incidents", merged.incidents), ("teams", merged.teams)):
            for doc in docs.values():
                for field, heads in doc.get("_conflicts", {}).items():
                    if (doc["id"], field) in conflicts_before or field in BOOKKEEPING_FIELDS:
                        continue
                    sides = " / ".join(
                        f"{v.value!r} ({v.station})" for v in _conflict_values(heads)
                    )
                    conflicts.append(f"{_record_name(merged, table, doc['id'])} {field}: {sides}")
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
        )

    def lines(self, *, dry_run: bool) -> list[str]:
        verb = "would add" if dry_run else "added"
        lines = [
            f"{self.source}: from station {self.station}: {self.new_changes} new change(s), "
            f"{self.known_changes} already here"
        ]
        lines += [f"  {verb} {item}" for item in self.added]
        lines += [f"  {'would change' if dry_run else 'changed'} {item}" for item in self.changed]
        lines += [f"  conflict: {item}" for item in self.conflicts]
        if dry_run:
            lines.append("dry run: nothing was written")
        return lines


def _record_name(state: State, table: str, record: str) -> str:
    doc = getattr(state, table).get(record) or {}
    return str(doc.get("ref") or doc.get("callsign") or doc.get("id") or record)


def _conflict_keys(state: State) -> set[tuple[str, str]]:
    return {
        (doc["id"], field)
        for docs in (state.incidents, state.teams)
        for doc in docs.values()
        for field in doc.get("_conflicts", {})
    }


def _conflict_values(heads: dict[str, Any]) -> tuple[ConflictValue, ...]:
    values = []
    for stamp, value in sorted(heads.items(), reverse=True):
        clock, _, station = stamp.partition("|")
        values.append(ConflictValue(station, clock, value))
    return tuple(values)


def _merge_order(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Clock order, which respects causality: every station applies merges in the same order."""
    return sorted(changes, key=lambda c: (c["hlc"], c["station"], c["seq"]))


def _diverged(source: Path, station: str, seq: int) -> DamagedFileError:
    return DamagedFileError(
        source,
        f"station {station}'s history in this bundle differs from this database's at #{seq} "
        "(a station restored from an old backup?): not merged",
    )


def timeline_order(entry: dict[str, Any]) -> tuple[str, str, str, str]:
    """Entries by when they happened, then when recorded, then in the order they were written
    (their clock): the same order on every station."""
    return (
        instant_key(entry["occurred_at"]),
        instant_key(entry["recorded_at"]),
        entry.get("_stamp", ""),
        entry["id"],
    )


def change_hash(change: dict[str, Any]) -> str:
    """The hash that chains a station's changes (computed without the `hash` field)."""
    body = {k: v for k, v in change.items() if k != "hash"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _coordinates(value: Any) -> list[float] | None:
    if value is None:
        return None
    try:
        lat, lon = (float(v) for v in value)
    except (TypeError, ValueError):
        raise InvalidInputError(
            "coordinates are two numbers: latitude, longitude", field="coordinates"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInputError(
            "coordinates out of range (latitude ±90, longitude ±180)", field="coordinates"
        )
    return [lat, lon]


def _describe_edit(field_name: str, before: Any, after: Any) -> str:
    """One clause of the automatic "Edited:" note; long text is named, not quoted."""
    if (isinstance(after, (str, list)) and len(after) > 40) or isinstance(after, list):
        return f"{label(field_name)} changed"
    return f"{label(field_name)} {_shown(before)} → {_shown(after)}"


def _shown(value: Any) -> str:
    if value is None:
        return "unknown"
    return str(value) if value != "" else "—"


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "officer"
