"""A read-only viewer opens nothing for writing and creates nothing.

Run for real as a user without write permission (nobody, on a 0555 directory of 0444 files), and
as root on an ordinary directory, where the absence of a lock or temp file is what shows it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dutydesk_process import run_dutydesk
from store_files import LOCK_SUFFIX, assert_unchanged, make_db, run_python, snapshot

from tui.store.errors import ReadOnlyError
from tui.store.store import Store

NOBODY = 65534

POLL = """
import sys
from tui.store.store import Store
store = Store.open(sys.argv[1], read_only=True)
store.poll()
print(len(store.incidents()), len(store.timeline(store.incidents()[-1].ref)), store.read_only)
"""


#: Runs the command as nobody, without supplementary groups or capabilities.
AS_NOBODY = ("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


@pytest.fixture
def readable_only() -> Iterator[Path]:
    """A database in a directory nobody can enter and read but not write."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("dropping privileges needs root and setpriv")
    top = Path(tempfile.mkdtemp(prefix="dutydesk-ro-", dir="/tmp"))
    os.chmod(top, 0o755)
    directory = top / "db"
    directory.mkdir()
    try:
        db = make_db(directory)
        for path in directory.iterdir():
            os.chmod(path, 0o444)
        os.chmod(directory, 0o555)
        probe = run_python("import tui.store.store", prefix=AS_NOBODY)
        if probe.returncode != 0:
            pytest.skip(f"nobody cannot run the code here: {probe.stderr.strip()[-200:]}")
        yield db
    finally:
        os.chmod(directory, 0o755)
        shutil.rmtree(top)


def test_user_without_write_permission_can_view(readable_only: Path) -> None:
    db = readable_only
    before = snapshot(db.parent)
    cannot_write = run_python("import sys; open(sys.argv[1] + '.probe', 'w')", db, prefix=AS_NOBODY)
    assert cannot_write.returncode != 0, "the child is not really without write permission"

    listed = run_dutydesk("list", "--db", db, prefix=AS_NOBODY)
    assert listed.returncode == 0, listed.stderr
    assert "Alpha bravo drone down" in listed.stdout
    ref = listed.stdout.split()[1]
    shown = run_dutydesk("show", ref, "--db", db, prefix=AS_NOBODY)
    assert shown.returncode == 0, shown.stderr
    shown_json = run_dutydesk("show", ref, "--json", "--db", db, prefix=AS_NOBODY)
    assert shown_json.returncode == 0 and '"timeline"' in shown_json.stdout, shown_json.stderr
    checked = run_dutydesk("check", "--db", db, prefix=AS_NOBODY)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    polled = run_python(POLL, db, prefix=AS_NOBODY)
    assert polled.returncode == 0, polled.stderr
    assert polled.stdout.split() == ["2", "5", "True"]

    assert_unchanged(before, db.parent)


def test_read_only_open_creates_nothing(base_db: Path) -> None:
    lock = base_db.with_name(base_db.name + LOCK_SUFFIX)
    lock.unlink()  # so that creating it would show
    before = snapshot(base_db.parent)
    store = Store.open(base_db, read_only=True)
    assert store.poll() is False
    assert len(store.incidents()) == 2
    assert_unchanged(before, base_db.parent)
    for run in (
        run_dutydesk("list", "--db", base_db),
        run_dutydesk("show", store.incidents()[0].ref, "--db", base_db),
        run_dutydesk("check", "--db", base_db),
    ):
        assert run.returncode == 0, run.stderr
    assert_unchanged(before, base_db.parent)


WRITES: dict[str, Callable[[Store], object]] = {
    "append_entry": lambda s: s.append_entry(None, "x"),
    "create_incident": lambda s: s.create_incident("x", "Kaluga"),
    "edit_incident": lambda s: s.edit_incident(s.incidents()[0].ref, {"title": "y"}),
    "change_status": lambda s: s.change_status(s.incidents()[0].ref, "active"),
    "create_team": lambda s: s.create_team("R9", "x", "rescue", "Kaluga"),
    "set_team_status": lambda s: s.set_team_status("R1", "out_of_service", reason="x"),
    "change_regime": lambda s: s.change_regime("emergency", "x"),
    "checkpoint": lambda s: s.checkpoint(),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_write_methods_refuse_on_a_read_only_store(
    base_db: Path, write: Callable[[Store], object]
) -> None:
    base_db.with_name(base_db.name + LOCK_SUFFIX).unlink()
    before = snapshot(base_db.parent)
    store = Store.open(base_db, read_only=True)
    version = store.version
    with pytest.raises(ReadOnlyError) as caught:
        write(store)
    assert str(base_db) in str(caught.value)
    assert store.version == version
    assert_unchanged(before, base_db.parent)
