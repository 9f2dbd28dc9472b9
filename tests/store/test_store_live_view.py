"""A viewer sees another process's writes: appended to the journal, and across a checkpoint."""

from __future__ import annotations

from pathlib import Path

from dutydesk_process import run_dutydesk
from store_files import run_python

from tui.store.store import Store

WRITE_AND_CHECKPOINT = """
import sys
from tui.store.store import Store
store = Store.open(sys.argv[1])
store.create_incident("made before the checkpoint", "Kaluga")
store.checkpoint()
store.append_entry(None, "written after the checkpoint")
"""


def _duty_log(store: Store) -> list[str]:
    return [e.text for e in store.timeline(None)]


def test_viewer_sees_another_process_write(base_db: Path) -> None:
    viewer = Store.open(base_db, read_only=True)
    assert viewer.poll() is False
    version = viewer.version

    logged = run_dutydesk("log", "--db", base_db, "from", "another", "terminal")
    assert logged.returncode == 0, logged.stderr
    entry_id = logged.stdout.strip()

    assert viewer.poll() is True
    assert viewer.version != version
    assert "from another terminal" in _duty_log(viewer)
    assert viewer.entry(entry_id).text == "from another terminal"
    assert viewer.poll() is False  # nothing new: nothing reported

    ref = viewer.incidents()[0].ref
    logged = run_dutydesk("log", "--db", base_db, "--incident", ref, "on the incident")
    assert logged.returncode == 0, logged.stderr
    assert viewer.poll() is True
    assert "on the incident" in [e.text for e in viewer.timeline(ref)]


def test_viewer_follows_across_a_checkpoint(base_db: Path) -> None:
    viewer = Store.open(base_db, read_only=True)
    done = run_python(WRITE_AND_CHECKPOINT, base_db)
    assert done.returncode == 0, done.stderr
    assert viewer.poll() is True
    assert "made before the checkpoint" in {i.title for i in viewer.incidents()}
    assert "written after the checkpoint" in _duty_log(viewer)

    fresh = Store.open(base_db, read_only=True)
    assert viewer.state.incidents == fresh.state.incidents
    assert viewer.state.entries == fresh.state.entries

    # And once more, with the viewer already past one checkpoint.
    done = run_python(WRITE_AND_CHECKPOINT, base_db)
    assert done.returncode == 0, done.stderr
    assert viewer.poll() is True
    assert [i.title for i in viewer.incidents()].count("made before the checkpoint") == 2
    assert _duty_log(viewer).count("written after the checkpoint") == 2
    assert viewer.state.entries == Store.open(base_db, read_only=True).state.entries


def test_writer_sees_another_writer_before_it_writes(base_db: Path) -> None:
    """A writer catches up under the lock: its next reference follows the other process's."""
    mine = Store.open(base_db)
    made = run_dutydesk("new", "--db", base_db, "--title", "theirs", "--district", "Kaluga")
    assert made.returncode == 0, made.stderr
    theirs = made.stdout.strip()
    ours = mine.create_incident("ours", "Kaluga").ref
    assert ours != theirs
    assert int(ours.rsplit("-", 1)[1]) == int(theirs.rsplit("-", 1)[1]) + 1
    assert {"theirs", "ours"} <= {i.title for i in Store.open(base_db).incidents()}
