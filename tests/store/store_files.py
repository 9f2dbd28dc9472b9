"""Helpers for the storage tests: real files, real processes, no mocks.

Fixtures: `DUTYDESK` (tests/conftest.py) runs the real command (`python -m tui ...`) in a child
process; `base_db` (conftest.py here) builds a small database through the Store API. Here:
`snapshot`/`assert_unchanged` compare a directory byte for byte (and mtime) before and after
something that must not write.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dutydesk_process import ROOT, child_env

from tui.store.store import Store

WORKER = Path(__file__).resolve().parent / "storeworker.py"
#: Marks an operation's text/title so that it can be found again after a crash.
OP_RE = re.compile(r"\b[A-Z]-[0-9a-z]+-\d+\b")
#: Names a writer leaves behind only while it is writing (durable.write_atomic).
TEMP_MARK = ".tmp-"
LOCK_SUFFIX = ".lock"


def run_python(
    code: str,
    *args: str | os.PathLike[str],
    preexec_fn: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 30,
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter (argv[1:] = args); text output captured."""
    return subprocess.run(
        [*prefix, sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        env=env if env is not None else child_env(),
        cwd=ROOT,
        preexec_fn=preexec_fn,
        timeout=timeout,
    )


# -- databases --------------------------------------------------------------------------------


def make_db(directory: Path, *, name: str = "duty.json") -> Path:
    """A small database: incidents and a team in the live file, entries in the journal after."""
    path = directory / name
    store = Store.create(path, "HQ", operator="tester")
    first = store.create_incident("Alpha bravo drone down", "Sukhinichsky", severity="major")
    store.create_incident("Second incident", "Babyninsky")
    store.create_team("R1", "Rescue one", "rescue", "Sukhinichsky")
    store.append_entry(first.ref, "before checkpoint")
    store.checkpoint()
    for text in ("journal one", "journal two", "journal three"):
        store.append_entry(first.ref, text)
    return path


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def all_changes(store: Store) -> list[dict[str, Any]]:
    """Every change record the store knows of (its audit log), whatever keeps it."""
    changes = getattr(store, "changes", None)
    if callable(changes):
        return list(changes())
    return list(store.state.changes)


def op_counts(store: Store) -> Counter[str]:
    """How many records carry each operation id: incidents by title, entries by text.

    An incident's own report entry repeats its title and is not counted again.
    """
    found: Counter[str] = Counter()
    for doc in store.state.incidents.values():
        found.update(OP_RE.findall(doc["title"]))
    for doc in store.state.entries.values():
        if doc["kind"] != "report":
            found.update(OP_RE.findall(doc["text"]))
    return found


# -- comparing directories --------------------------------------------------------------------


Snapshot = dict[str, tuple[bytes, int, int]]


def snapshot(directory: Path) -> Snapshot:
    """Every file in `directory`: (bytes, mtime_ns, mode)."""
    out: Snapshot = {}
    for entry in sorted(directory.iterdir()):
        if entry.is_file():
            st = entry.stat()
            out[entry.name] = (entry.read_bytes(), st.st_mtime_ns, st.st_mode & 0o777)
    return out


def assert_unchanged(before: Snapshot, directory: Path, *, may_appear: set[str] = frozenset()):
    """Every file byte-for-byte and mtime as it was; no new file except those in `may_appear`."""
    after = snapshot(directory)
    temps = [name for name in after if TEMP_MARK in name]
    assert not temps, f"temp files left behind: {temps}"
    new = set(after) - set(before) - set(may_appear)
    assert not new, f"files appeared: {sorted(new)}"
    missing = set(before) - set(after)
    assert not missing, f"files disappeared: {sorted(missing)}"
    for name, (data, mtime, _mode) in before.items():
        assert after[name][0] == data, f"{name} changed"
        assert after[name][1] == mtime, f"{name} was rewritten (mtime changed)"


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if TEMP_MARK in p.name)
