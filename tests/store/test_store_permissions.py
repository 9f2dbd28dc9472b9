"""New files are readable by the owner only (0600), whatever the umask.

The database is created by the real command under umask 000, so any file opened with the
default mode (0666) would show.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dutydesk_process import run_dutydesk
from store_files import journal_of

from tui.store.store import Store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _no_umask() -> None:
    os.umask(0)


def test_files_of_a_new_database_are_0600(tmp_path: Path) -> None:
    db = tmp_path / "duty.json"
    created = run_dutydesk(
        "new", "--db", db, "--title", "t", "--district", "Kaluga", preexec_fn=_no_umask
    )
    assert created.returncode == 0, created.stderr
    logged = run_dutydesk("log", "--db", db, "an entry", preexec_fn=_no_umask)
    assert logged.returncode == 0, logged.stderr
    files = {p.name: _mode(p) for p in tmp_path.iterdir()}
    assert files == {"duty.json": 0o600, "duty.json.journal": 0o600, "duty.json.lock": 0o600}


def test_init_and_checkpoint_keep_0600(tmp_path: Path) -> None:
    db = tmp_path / "duty.json"
    made = run_dutydesk("init", "--db", db, "--station", "FL1", preexec_fn=_no_umask)
    assert made.returncode == 0, made.stderr
    Store.open(db).checkpoint()  # a rewrite of the live file keeps the mode
    for path in (db, journal_of(db), db.with_name("duty.json.lock")):
        assert _mode(path) == 0o600, path


def test_database_copied_with_open_mode_is_written_back_0600(tmp_path: Path) -> None:
    """A file someone made 0644 comes back 0600 from the next checkpoint (temp file, rename)."""
    db = tmp_path / "duty.json"
    Store.create(db, "HQ").append_entry(None, "x")
    os.chmod(db, 0o644)
    Store.open(db).checkpoint()
    assert _mode(db) == 0o600
