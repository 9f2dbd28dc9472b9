"""The files of one database and the protocol that keeps them right: `Database`.

A database is the live file (`duty.json`, TinyDB JSON sealed by a checksum), its journal
(`duty.json.journal`, one fsync'd line per write) and its lock file (`duty.json.lock`). Writers
take the writers' lock, catch up with what other processes wrote, and commit through one
funnel: the sealed changes are appended to the journal with an fsync and only then applied in
memory. A checkpoint folds the journal into the live file now and then (docs/storage.md).
`Store` (store.py) builds the reads and the operations on this.
"""

from __future__ import annotations

import getpass
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Self
from zoneinfo import ZoneInfo

from tui import APP_ID
from tui.model import hlc
from tui.model.gazetteer import Region, get_region
from tui.model.records import DEFAULT_INCIDENT_KINDS
from tui.model.refs import check_station
from tui.model.timegrammar import to_iso
from tui.model.validators import RecordError, Rules, readable
from tui.model.wording import duration
from tui.store import agreement, duty_log, livefile
from tui.store.archive import ArchiveReader, move_to_archives
from tui.store.changes import Context, Draft, new_id, seal
from tui.store.durable import fsync_dir, remove_stale_temp_files, resolved
from tui.store.errors import (
    AlreadyExistsError,
    InvalidInputError,
    JournalDamageError,
    ReadOnlyError,
    StoreError,
)
from tui.store.journal import (
    JournalLine,
    JournalWriter,
    encode_line,
    journal_path,
    read_journal,
)
from tui.store.journal import header as journal_header
from tui.store.livefile import read_file, write_file
from tui.store.lock import writers_lock
from tui.store.migrations import backup, migrate, schema_of
from tui.store.state import State, Touched

#: Fold the journal into the live file once it passes this size (a few thousand writes).
CHECKPOINT_BYTES = 4 * 1024 * 1024

#: A clock this far behind the newest known change stamps times that are wrong.
CLOCK_BEHIND_MS = 5 * 60 * 1000
#: Further ahead than this, a clock is more likely wrong than the database idle so long.
CLOCK_AHEAD_MS = 30 * 24 * 3600 * 1000

Clock = Callable[[], datetime]
P = ParamSpec("P")


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


class Database:
    """An open database: the documents in memory, kept current with the files on disk."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool,
        operator: str | None = None,
        clock: Clock = utc_now,
        tolerate_damage: bool = False,
    ) -> None:
        self.path = resolved(path)
        """The real path (a symlinked one resolved once): see `durable.resolved`."""
        self.read_only = read_only
        self.operator = operator or _os_user()
        self.clock = clock
        self.journal = journal_path(self.path)
        self._mutex = threading.RLock()
        self.state: State
        self._live_sig: FileSignature | None = None
        self._journal_sig: FileSignature | None = None
        self._journal_offset = 0
        self._last_line: JournalLine | None = None
        """The journal's last complete line: a checkpoint records it (agreement.py)."""
        self._lock_depth = 0
        self._batch: list[dict[str, Any]] | None = None
        self.archives = ArchiveReader(
            self.path,
            lambda table, doc: readable(doc, table, self.state.rules),
            lambda: self.state.meta,
        )
        self.migrated_from: int | None = None
        """The schema the file had when it was older than ours (migrated in memory)."""
        self.journal_damage: JournalDamageError | None = None
        """Set only when opened to repair: how the journal disagrees with the file."""
        self._load(tolerate_damage=tolerate_damage)

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
    ) -> Self:
        """Create an empty database; refuses to touch an existing file."""
        path = resolved(path)
        check_station(station)
        get_region(region)
        if not path.parent.is_dir():
            raise StoreError(f"{path.parent}: no such directory")
        with writers_lock(path):
            if path.exists():
                raise AlreadyExistsError(f"{path}: already exists; it was left untouched")
            meta: dict[str, Any] = {
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
    ) -> Self:
        """Open a database; a missing file is created only when `create_station` is given."""
        path = resolved(path)
        if not path.exists():
            if not create_station or read_only:
                raise StoreError(f"{path}: no such database (create one with `dutydesk init`)")
            try:
                return cls.create(path, create_station, operator=operator, clock=clock)
            except AlreadyExistsError:
                pass  # another process created it a moment ago: open theirs
        if read_only:
            return cls(path, read_only=True, operator=operator, clock=clock)
        if not os.access(path, os.R_OK | os.W_OK):
            # Refused before the lock file exists: one created by a user who cannot use the
            # database would be theirs, and lock its owner out.
            raise StoreError(
                f"{path}: this user cannot read and write the database (view it with --read-only)"
            )
        with writers_lock(path):
            remove_stale_temp_files(path)
            store = cls(path, read_only=False, operator=operator, clock=clock)
            if store.migrated_from is not None:
                backup(path, store.migrated_from)
                store._checkpoint()
                store.migrated_from = None
        return store

    @classmethod
    def repair(
        cls, path: Path | str, *, operator: str | None = None, clock: Clock = utc_now
    ) -> JournalDamageError | None:
        """Set a journal that disagrees with the live file aside and start a new one whose first
        change records the gap; returns the damage repaired (None: nothing to repair).

        The records stay as the live file and the agreeing part of the journal hold them.
        The order survives a crash at any step: the old journal is renamed aside, the live
        file is pointed at the new journal, and only then does the new journal appear, with
        the note of the gap as its first line (a crash before that leaves a database without
        its journal, which is repaired again).
        """
        with writers_lock(resolved(path)):
            db = cls(
                resolved(path),
                read_only=False,
                operator=operator,
                clock=clock,
                tolerate_damage=True,
            )
            damage = db.journal_damage
            if damage is None:
                return None
            kept = None
            if db.journal.exists():
                stamp = to_iso(clock()).replace(":", "").replace("-", "")
                kept = db.journal.with_name(f"{db.journal.name}.damaged-{stamp}")
                os.replace(db.journal, kept)
                fsync_dir(db.journal.parent)
            journal_id = new_id()
            db.state.meta["journal_id"] = journal_id
            db._journal_offset = len(journal_header(journal_id))
            db._last_line = None
            db._checkpoint()
            ctx = db._context()
            changes = seal(duty_log.plan_repair(ctx, damage.reason, kept), ctx)
            JournalWriter.create(db.journal, journal_id, encode_line(changes))
        return damage

    def _load(self, *, tolerate_damage: bool = False) -> None:
        """Read the live file, check that its journal agrees with it, then replay the journal
        from where the file's checkpoint ends. With `tolerate_damage` (a repair), keep what
        agrees and note the damage instead of refusing."""
        live_sig = FileSignature.of(self.path)
        try:
            tables = read_file(self.path)
        except FileNotFoundError:
            raise StoreError(f"{self.path}: no such database") from None
        schema = schema_of(tables)
        state = State.from_tables(self.path, tables)
        journal_sig = FileSignature.of(self.journal)
        read = read_journal(
            self.journal, state.meta.get("journal_offset"), tolerate=tolerate_damage
        )
        last = agreement.folded_line(state.meta)
        try:
            if read.damage is not None and read.journal_id == "":
                raise read.damage  # not even its header could be read
            agreement.check_folded(self.journal, self.path.name, state.meta, read)
            for offset, batch in zip(read.offsets, read.batches, strict=True):
                agreement.check_sequence(self.journal, state.heads, batch, offset)
                state.apply_batch(batch)
            last = read.last or last
            if read.damage is not None:
                raise read.damage
        except JournalDamageError as damage:
            if not tolerate_damage:
                raise
            self.journal_damage = damage
        self.migrated_from = schema if schema < livefile.SCHEMA_VERSION else None
        if self.migrated_from is not None:
            # Migrate what the journal added too: records not yet checkpointed are old-style.
            whole = state.as_tables(state.meta.get("journal_id", ""), read.end)
            state = State.from_tables(self.path, migrate(self.path, whole))
        self.state = state
        self._live_sig = live_sig
        self._journal_sig = journal_sig
        self._journal_offset = read.end
        self._last_line = last

    # -- properties -------------------------------------------------------------------------

    @property
    def station(self) -> str:
        return str(self.state.meta["station"])

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
    def rules(self) -> Rules:
        """What this database's records may hold beyond the fixed enums."""
        return self.state.rules

    @property
    def version(self) -> int:
        """Changes whenever the data changes (an import plan made on an older one is redone)."""
        return self.state.version

    def clock_warning(self) -> str | None:
        """What to tell the officer when this computer's clock disagrees with the newest
        change the database knows: far behind (times it stamps would be wrong), or so far
        ahead that it is more likely wrong than idle. The change clock still only moves on."""
        newest_ms = hlc.parse(self.state.last_hlc)[0]
        if not newest_ms:
            return None
        skew_ms = int(self.clock().timestamp() * 1000) - newest_ms
        skew = duration(timedelta(milliseconds=abs(skew_ms)))
        if -skew_ms > CLOCK_BEHIND_MS:
            return (
                f"this computer's clock is {skew} behind the newest change this database "
                "knows: check the system clock (times are stamped from it)"
            )
        if skew_ms > CLOCK_AHEAD_MS:
            return (
                f"this computer's clock is {skew} ahead of the newest change this database "
                "knows: if that is not right, check the system clock"
            )
        return None

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
        journal_sig = FileSignature.of(self.journal)
        if live_sig != self._live_sig or (
            journal_sig != self._journal_sig
            and (
                journal_sig is None
                or self._journal_sig is None
                or journal_sig.inode != self._journal_sig.inode
            )
        ):
            before = self.state.version
            self._load()
            self.state.version = before + 1
            return True
        if journal_sig == self._journal_sig:
            return False
        read = read_journal(self.journal, self._journal_offset)
        if read.size < self._journal_offset:
            raise JournalDamageError(
                self.journal,
                f"the journal shrank below byte {self._journal_offset:,} while open: "
                "changes already read are no longer in it",
            )
        changed = False
        for offset, batch in zip(read.offsets, read.batches, strict=True):
            agreement.check_sequence(self.journal, self.state.heads, batch, offset)
            changed = self.state.apply_batch(batch) or changed
        self._journal_offset = read.end
        self._last_line = read.last or self._last_line
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

        Used where many changes belong together (building a database): one journal line. If
        the block raises, nothing is written and the store reloads what is on disk.
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

    def _write(
        self,
        planner: Callable[Concatenate[Context, P], list[Draft]],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> list[Draft]:
        """Take the lock, plan against the fresh state, commit: every local write's path."""
        with self._writing():
            ctx = self._context()
            try:
                drafts = planner(ctx, *args, **kwargs)
            except RecordError as error:
                raise InvalidInputError(str(error), field=error.field) from None
            if drafts:
                self._commit(seal(drafts, ctx))
        return drafts

    def _context(self) -> Context:
        return Context(
            state=self.state,
            operator=self.operator,
            now=self.clock(),
            station=self.station,
            device=self.state.meta["device"],
            rules=self.rules,
            tz=self.tz,
            find_incident=self._incident_doc,
        )

    def _incident_doc(self, ref_or_id: str) -> dict[str, Any]:
        """An incident's document by reference or id, live or archived (see `Store`)."""
        raise NotImplementedError

    def _commit(self, changes: list[dict[str, Any]]) -> None:
        """The one funnel: make `changes` durable as one journal line, then apply them."""
        if self._batch is not None:
            self._batch.extend(changes)
        else:
            self._append(changes)
        self.state.apply_batch(changes)

    def _append(self, changes: list[dict[str, Any]]) -> None:
        """Durably append one journal line holding `changes`."""
        writer = self._journal_writer()
        try:
            line = writer.append(changes)
        finally:
            writer.close()
        self._journal_offset = line.end
        self._last_line = line
        self._journal_sig = FileSignature.of(self.journal)

    def _journal_writer(self) -> JournalWriter:
        """The journal to append to, its torn tail cut first if a dead writer left one."""
        try:
            writer = JournalWriter(self.journal)
        except FileNotFoundError:
            raise JournalDamageError(
                self.journal, "the journal disappeared while the database was open"
            ) from None
        if writer.size() > self._journal_offset:
            writer.truncate_to(self._journal_offset)  # a writer died mid-append: never acked
        return writer

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
        meta = self.state.file_meta(
            self.state.meta["journal_id"], self._journal_offset, self._last_line
        )
        write_file(self.path, meta, self.state.file_tables())
        self.state.meta = meta
        self._live_sig = FileSignature.of(self.path)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "officer"
