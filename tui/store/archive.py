"""Yearly archive files: closed incidents leave the live file so that it stays small.

A busy region's year does not fit a file that is re-read at every start (docs/product.md §7), so
incidents closed more than `RECENT_DAYS` ago move, with their timeline entries, to
`<name>-archive-<year>.json` beside the database: the same TinyDB format, checksum and 0600
permissions. `list`, `show` and the app's search still read them. The change log (journal) is
untouched: archiving moves records, it does not rewrite history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tui.model.timegrammar import to_iso
from tui.store.durable import read_regular
from tui.store.errors import DamagedFileError
from tui.store.livefile import iter_doc_lines, iter_docs, read_meta, write_file
from tui.store.state import State

#: Closed incidents stay in the live file this long, so the shift still sees them.
RECENT_DAYS = 7
#: Archive only once this many incidents are due, so each archive rewrite is worth its cost.
ARCHIVE_BATCH = 100


def archive_path(db_path: Path, year: int) -> Path:
    return db_path.with_name(f"{db_path.stem}-archive-{year}{db_path.suffix}")


def _year_of(path: Path) -> int:
    """The year an archive's name gives (`duty-archive-2025.json`)."""
    return int(path.stem.rsplit("-", 1)[1])


def archive_paths(db_path: Path) -> list[Path]:
    return sorted(
        db_path.parent.glob(f"{db_path.stem}-archive-[0-9][0-9][0-9][0-9]{db_path.suffix}")
    )


def due_for_archive(state: State, now: datetime) -> list[dict[str, Any]]:
    """Closed or cancelled incidents whose close is older than the recent window."""
    cutoff = to_iso(now - timedelta(days=RECENT_DAYS))
    return [
        doc
        for doc in state.incidents.values()
        if doc["closed_at"]
        and doc["closed_at"] < cutoff
        and doc["status"] in ("closed", "cancelled")
    ]


def move_to_archives(db_path: Path, state: State, now: datetime, *, force: bool = False) -> int:
    """Write due incidents and their entries to their years' archives; drop them from `state`.

    Each archive is rewritten atomically before the caller checkpoints the live file without
    the moved records, so a crash between the two leaves a record in both places (readers
    prefer the live copy, the next archive run merges by id), never in neither.
    """
    due = due_for_archive(state, now)
    if not due or (len(due) < ARCHIVE_BATCH and not force):
        return 0
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for doc in due:
        by_year[int(doc["reported_at"][:4])].append(doc)
    moved: set[str] = set()
    moved_entries: set[str] = set()
    for year, incidents in sorted(by_year.items()):
        entries = [
            state.entries[entry_id]
            for doc in incidents
            for entry_id in state.timeline_index.get(doc["id"], [])
        ]
        try:
            _merge_into(archive_path(db_path, year), state.meta, year, incidents, entries)
        except DamagedFileError:
            continue  # a damaged or foreign archive: its year's incidents stay live (check says)
        moved.update(doc["id"] for doc in incidents)
        moved_entries.update(e["id"] for e in entries)
    state.drop(moved, moved_entries)
    return len(moved)


def _merge_into(
    path: Path,
    live_meta: dict[str, Any],
    year: int,
    incidents: list[dict[str, Any]],
    entries: list[dict[str, Any]],
) -> None:
    """Rewrite a year's archive with `incidents` and `entries` added (or replaced, by id).

    Records already in the archive are copied as the bytes they are, so a year's archive is
    rewritten without building its hundreds of thousands of entries in memory.
    """
    old: dict[str, dict[str, bytes]] = {"incidents": {}, "entries": {}}
    if path.exists():
        raw = read_regular(path)
        meta = read_meta(path, raw, kind="archive")
        check_owner(path, meta, live_meta, year)
        for table, lines in old.items():
            for line in iter_doc_lines(raw, table):
                lines[_doc_id(line)] = line
    else:
        meta = {key: live_meta[key] for key in ("app", "schema", "station", "device", "region")}
        meta.update(archive_of=live_meta.get("journal_id"), year=year)
    merged: dict[str, dict[str, Any]] = {
        "incidents": dict(old["incidents"]),
        "entries": dict(old["entries"]),
    }
    merged["incidents"].update((d["id"], d) for d in incidents)
    merged["entries"].update((d["id"], d) for d in entries)
    write_file(path, meta, {name: docs.values() for name, docs in merged.items()})


def check_owner(path: Path, meta: dict[str, Any], live_meta: dict[str, Any], year: int) -> None:
    """An archive beside a database must be that database's, and of the year it is named for:
    a file copied in from another station would otherwise pass for this one's history."""
    theirs = (meta.get("station"), meta.get("device"))
    if theirs != (live_meta.get("station"), live_meta.get("device")):
        raise DamagedFileError(
            path,
            f"this archive belongs to another database (station {theirs[0]!r}); "
            "its incidents are not shown",
        )
    if meta.get("year") != year:
        raise DamagedFileError(path, f"this archive holds {meta.get('year')!r}, not {year}")


def _doc_id(line: bytes) -> str:
    """The id of a serialised record: records are written with `id` as their first key."""
    start = line.index(b'"id":"') + 6
    return line[start : line.index(b'"', start)].decode()


class ArchiveReader:
    """Reads the archives beside a database on demand, re-reading a file only when it changed.

    Only the incidents are kept in memory (a year's is ~20,000); an archived incident's
    timeline is read from its file when asked for, by scanning its lines for the incident's id.
    """

    def __init__(
        self,
        db_path: Path,
        judge: Callable[[str, dict[str, Any]], Any],
        owner: Callable[[], dict[str, Any]],
    ) -> None:
        self.db_path = db_path
        self._judge = judge
        self._owner = owner
        """The live file's meta: an archive must be this database's (`check_owner`)."""
        self.problems: dict[Path, str] = {}
        """Archives left out, and why (damaged, or another database's): readers warn."""
        self._failed: dict[Path, tuple[int, int]] = {}
        """A record's verdict for readers (`validators.readable`): None when sound."""
        self._verdicts: dict[tuple[str, str], Any] = {}
        self._cache: dict[Path, tuple[tuple[int, int], dict[str, dict[str, Any]]]] = {}
        self._refs: dict[str, str] = {}
        """Reference -> id over every archive, rebuilt whenever a file is re-read."""

    def _incidents_by_file(self) -> list[tuple[Path, dict[str, dict[str, Any]]]]:
        """Each sound archive's incidents. A damaged or foreign one is left out and noted in
        `problems`, so that it blocks neither the live shift's list, report nor desk."""
        loaded = []
        for path in archive_paths(self.db_path):
            try:
                stat = path.stat()
            except OSError as error:  # a dangling symlink, a file gone a moment ago
                self.problems[path] = f"cannot be read: {error.strerror}"
                continue
            signature = (stat.st_ino, stat.st_mtime_ns)
            if self._failed.get(path) == signature:
                continue
            cached = self._cache.get(path)
            if cached is None or cached[0] != signature:
                try:
                    cached = (signature, self._read(path))
                except DamagedFileError as error:
                    self._cache.pop(path, None)
                    self._failed[path] = signature
                    self.problems[path] = error.reason
                    self._refs = {}
                    continue
                self._failed.pop(path, None)
                self.problems.pop(path, None)
                self._cache[path] = cached
                self._refs = {}
                self._verdicts = {}
            loaded.append((path, cached[1]))
        if not self._refs:
            self._refs = {d["ref"]: d["id"] for _, docs in loaded for d in docs.values()}
        return loaded

    def _read(self, path: Path) -> dict[str, dict[str, Any]]:
        raw = read_regular(path)
        check_owner(path, read_meta(path, raw, kind="archive"), self._owner(), _year_of(path))
        return {d["id"]: d for d in iter_docs(raw, "incidents")}

    def incidents(self) -> list[dict[str, Any]]:
        return [doc for _, docs in self._incidents_by_file() for doc in docs.values()]

    def incident(self, ref_or_id: str) -> dict[str, Any] | None:
        key = ref_or_id.strip()
        files = self._incidents_by_file()
        incident_id = self._refs.get(key.upper(), key)
        return next((docs[incident_id] for _, docs in files if incident_id in docs), None)

    def entries(self, incident_id: str | None) -> list[dict[str, Any]]:
        """The archived timeline entries of one incident."""
        if incident_id is None:
            return []
        needle = b'"incident":"' + incident_id.encode() + b'"'
        found: list[dict[str, Any]] = []
        for path, docs in self._incidents_by_file():
            if incident_id in docs:
                try:
                    raw = read_regular(path)
                    read_meta(path, raw, kind="archive")
                except DamagedFileError as error:
                    self.problems[path] = error.reason  # damaged since its incidents were read
                    continue
                found += iter_docs(raw, "entries", needle)
        return found

    def shown(self, table: str, doc: dict[str, Any]) -> dict[str, Any]:
        """An archived record as a reader may show it (a damaged one marked: State.shown);
        judged once per reading of its file. Planners read the records themselves."""
        key = (table, str(doc.get("id")))
        if key not in self._verdicts:
            self._verdicts[key] = self._judge(table, doc)
        verdict = self._verdicts[key]
        return doc if verdict is None else dict(verdict)

    def forget(self) -> None:
        """Drop what was read, after this process rewrote an archive."""
        self._cache.clear()
        self._verdicts.clear()
