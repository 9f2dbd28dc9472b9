"""Yearly archive files: closed incidents leave the live file so that it stays small.

A busy region's year does not fit a file that is re-read at every start (PRODUCT.md §7), so
incidents closed more than `RECENT_DAYS` ago move, with their timeline entries, to
`<name>-archive-<year>.json` beside the database: the same TinyDB format, checksum and 0600
permissions. `list`, `show` and the app's search still read them. The change log (journal) is
untouched: archiving moves records, it does not rewrite history.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tui.model.timegrammar import to_iso
from tui.store.livefile import meta_of, read_file, write_file
from tui.store.state import State

#: Closed incidents stay in the live file this long, so the shift still sees them.
RECENT_DAYS = 7
#: Archive only once this many incidents are due, so each archive rewrite is worth its cost.
ARCHIVE_BATCH = 100


def archive_path(db_path: Path, year: int) -> Path:
    return db_path.with_name(f"{db_path.stem}-archive-{year}{db_path.suffix}")


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
    moved_entries: set[str] = set()
    for year, incidents in sorted(by_year.items()):
        entries = [
            state.entries[entry_id]
            for doc in incidents
            for entry_id in state.timeline_index.get(doc["id"], [])
        ]
        _merge_into(archive_path(db_path, year), state.meta, year, incidents, entries)
        moved_entries.update(e["id"] for e in entries)
    state.drop({doc["id"] for doc in due}, moved_entries)
    return len(due)


def _merge_into(
    path: Path,
    live_meta: dict[str, Any],
    year: int,
    incidents: list[dict[str, Any]],
    entries: list[dict[str, Any]],
) -> None:
    if path.exists():
        tables = read_file(path, kind="archive")
        meta = meta_of(tables)
        old_incidents = {d["id"]: d for d in tables.get("incidents", {}).values()}
        old_entries = {d["id"]: d for d in tables.get("entries", {}).values()}
    else:
        meta = {key: live_meta[key] for key in ("app", "schema", "station", "device", "region")}
        meta.update(archive_of=live_meta.get("journal_id"), year=year)
        old_incidents, old_entries = {}, {}
    old_incidents.update((d["id"], d) for d in incidents)
    old_entries.update((d["id"], d) for d in entries)
    write_file(path, meta, {"incidents": old_incidents.values(), "entries": old_entries.values()})


class ArchiveReader:
    """Reads the archives beside a database on demand, re-reading a file only when it changed."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._cache: dict[Path, tuple[tuple[int, int], dict[str, Any]]] = {}

    def _load(self) -> list[dict[str, Any]]:
        loaded = []
        for path in archive_paths(self.db_path):
            stat = path.stat()
            signature = (stat.st_ino, stat.st_mtime_ns)
            cached = self._cache.get(path)
            if cached is None or cached[0] != signature:
                tables = read_file(path, kind="archive")
                index: dict[str, Any] = {
                    "incidents": {d["id"]: d for d in tables.get("incidents", {}).values()},
                    "entries": defaultdict(list),
                }
                for entry in tables.get("entries", {}).values():
                    index["entries"][entry["incident"]].append(entry)
                index["by_ref"] = {d["ref"]: d["id"] for d in index["incidents"].values()}
                cached = (signature, index)
                self._cache[path] = cached
            loaded.append(cached[1])
        return loaded

    def has_any(self) -> bool:
        return bool(archive_paths(self.db_path))

    def incidents(self) -> list[dict[str, Any]]:
        return [doc for index in self._load() for doc in index["incidents"].values()]

    def incident(self, ref_or_id: str) -> dict[str, Any] | None:
        key = ref_or_id.strip()
        for index in self._load():
            incident_id = index["by_ref"].get(key.upper()) or key
            doc = index["incidents"].get(incident_id)
            if doc is not None:
                return doc
        return None

    def entries(self, incident_id: str | None) -> list[dict[str, Any]]:
        return [e for index in self._load() for e in index["entries"].get(incident_id, [])]

    def forget(self) -> None:
        """Drop what was read, after this process rewrote an archive."""
        self._cache.clear()
