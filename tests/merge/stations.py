"""Helpers of the merge tests: stations on real files, bundles taken apart, files compared.

A merge test builds several databases (stations) through the Store API, each on its own settable
clock so that their hybrid-logical clocks interleave, moves bundles between them, and compares
what each ends up holding. Nothing is mocked: bundles are real files, the command line is the
real `python -m tui` in a child process (the `DUTYDESK` fixture, tests/conftest.py).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from tui.store import bundle
from tui.store.journal import journal_path
from tui.store.store import Store

WORKER = Path(__file__).resolve().parent / "mergeworker.py"
#: Morning of the sample's day: every generated record lies in 2026, so references read 2026.
T0 = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


class ManualClock:
    """A station's wall clock, moved only by the test: `Store(clock=...)` reads it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, ms: int) -> None:
        self.now += timedelta(milliseconds=ms)


# -- the command line -------------------------------------------------------------------------


# -- files ------------------------------------------------------------------------------------


def db_files(path: Path) -> list[Path]:
    """The files that are the database: the live file and its journal."""
    return [path, journal_path(path)]


def copy_db(source: Path, target: Path) -> Path:
    """Copy a database (live file and journal) to `target`, keeping each file's name suffix."""
    for src, dst in zip(db_files(source), db_files(target), strict=True):
        shutil.copy2(src, dst)
    return target


FileState = dict[str, tuple[bytes, int]]


def file_state(path: Path) -> FileState:
    """The database's files, byte for byte, with their mtimes (a rewrite shows in the mtime)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in db_files(path) if p.exists()}


def assert_files_unchanged(before: FileState, path: Path, what: str) -> None:
    after = file_state(path)
    assert set(after) == set(before), f"{what}: files {sorted(before)} became {sorted(after)}"
    for name, (data, mtime) in before.items():
        assert after[name][0] == data, f"{what}: {name} changed"
        assert after[name][1] == mtime, f"{what}: {name} was rewritten (mtime changed)"
    temps = [p.name for p in path.parent.iterdir() if ".tmp-" in p.name]
    assert not temps, f"{what}: temp files left behind: {temps}"


# -- bundles ----------------------------------------------------------------------------------


def read_bundle(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A bundle's header (without the checksum) and its changes."""
    data = orjson.loads(path.read_bytes())
    header = {k: v for k, v in data.items() if k not in ("changes", "checksum")}
    return header, data["changes"]


def reencode(
    source: Path,
    target: Path,
    *,
    header: dict[str, Any] | None = None,
    changes: list[Any] | None = None,
) -> Path:
    """Write a bundle like `source` with another header or changes, sealed with a valid checksum,
    so that only the check that the damage is about can refuse it."""
    old_header, old_changes = read_bundle(source)
    target.write_bytes(
        bundle.encode(
            old_header if header is None else header,
            old_changes if changes is None else changes,
        )
    )
    return target


# -- what a station holds ---------------------------------------------------------------------


def documents(store: Store) -> dict[str, dict[str, dict[str, Any]]]:
    """Every record document of a station, with its merge bookkeeping (`_stamps`, `_conflicts`)."""
    state = store.state
    return {
        "incidents": state.incidents,
        "entries": state.entries,
        "teams": state.teams,
        "settings": state.settings,
    }


def conflict_keys(store: Store) -> list[tuple[Any, ...]]:
    """The open conflicts in an order that does not depend on the order records arrived in."""
    return sorted(
        (
            c.table,
            c.record,
            c.label,
            c.field,
            tuple((v.station, v.hlc, repr(v.value)) for v in c.values),
            repr(c.shown),
        )
        for c in store.conflicts()
    )


def ids_of(store: Store) -> tuple[frozenset[str], frozenset[str]]:
    """The incident ids and entry ids a database holds (what a kill -9 must not split)."""
    return frozenset(store.state.incidents), frozenset(store.state.entries)
