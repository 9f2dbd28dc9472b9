"""A write the disk refuses leaves the previous data intact and says so.

The refusal is real: a child process runs under RLIMIT_FSIZE (the kernel's "file too large",
EFBIG, with SIGXFSZ ignored) set just above the journal's size, or just below the size a
checkpoint's new file would have; optionally on a tiny tmpfs that fills up (ENOSPC).
"""

from __future__ import annotations

import contextlib
import resource
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from dutydesk_process import run_dutydesk
from store_files import journal_of, run_python, snapshot, temp_files

from tui.store.errors import JournalDamageError, WriteFailedError
from tui.store.store import Store

BIG = "BIG-" + "x" * 100_000  # one argument stays under the kernel's 128 KiB limit


def limit_file_size(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


APPEND = """
import sys
from tui.store.errors import WriteFailedError
from tui.store.store import Store
store = Store.open(sys.argv[1])
try:
    store.append_entry(None, sys.argv[2])
except WriteFailedError as error:
    print("refused:", error)
else:
    sys.exit("the oversized write was acknowledged")
store.append_entry(None, "small entry after the failure")  # the store is still usable
print("after: ok")
"""


def texts(path: Path) -> list[str]:
    store = Store.open(path, read_only=True)
    return [doc["text"] for doc in store.state.entries.values()]


def test_failed_append_keeps_everything_before_it(base_db: Path) -> None:
    before_texts = texts(base_db)
    journal = journal_of(base_db)
    limit = journal.stat().st_size + 4096
    result = run_python(APPEND, base_db, BIG, preexec_fn=limit_file_size(limit))
    assert result.returncode == 0, result.stderr
    refused = result.stdout.splitlines()[0]
    assert refused.startswith("refused: ") and str(base_db.name) in refused, refused
    assert "after: ok" in result.stdout

    after = texts(base_db)
    assert BIG not in after
    assert sorted(after) == sorted([*before_texts, "small entry after the failure"])
    assert journal.stat().st_size < limit, "the failed record was left in the journal"
    assert run_dutydesk("check", "--db", base_db).returncode == 0
    Store.open(base_db).append_entry(None, "and the parent writes on")
    assert "and the parent writes on" in texts(base_db)
    assert not temp_files(base_db.parent)


def test_cli_log_refused_by_the_disk_says_so(base_db: Path) -> None:
    before = texts(base_db)
    journal = journal_of(base_db)
    size = journal.stat().st_size
    run = run_dutydesk(
        "log", "--db", base_db, BIG, preexec_fn=limit_file_size(journal.stat().st_size + 4096)
    )
    line = run.error_line()
    assert base_db.name in line and "saved" in line, line
    assert run.stdout == "", "an id was printed for a write that failed"
    assert journal.stat().st_size == size
    assert sorted(texts(base_db)) == sorted(before)
    assert run_dutydesk("check", "--db", base_db).returncode == 0


CHECKPOINT = """
import sys
from tui.store.errors import WriteFailedError
from tui.store.store import Store
store = Store.open(sys.argv[1])
try:
    store.checkpoint()
except WriteFailedError as error:
    print("refused:", error)
else:
    sys.exit("the checkpoint succeeded")
"""


def test_failed_checkpoint_keeps_the_previous_file(base_db: Path) -> None:
    writer = Store.open(base_db)
    for n in range(30):
        writer.append_entry(None, f"entry {n} " + "y" * 200)
    before_texts = texts(base_db)
    before = snapshot(base_db.parent)
    limit = base_db.stat().st_size + 100  # the new file is several KiB larger
    result = run_python(CHECKPOINT, base_db, preexec_fn=limit_file_size(limit))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused: ") and base_db.name in result.stdout

    after = snapshot(base_db.parent)
    assert after[base_db.name] == before[base_db.name], "the live file was touched"
    assert after[journal_of(base_db).name][0] == before[journal_of(base_db).name][0]
    assert not temp_files(base_db.parent), "the failed checkpoint left its temp file"
    assert sorted(texts(base_db)) == sorted(before_texts)
    assert run_dutydesk("check", "--db", base_db).returncode == 0
    Store.open(base_db).checkpoint()  # without the limit it works, and loses nothing
    assert sorted(texts(base_db)) == sorted(before_texts)


@contextlib.contextmanager
def tiny_tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def test_full_filesystem(tmp_path: Path) -> None:
    with tiny_tmpfs(tmp_path / "mnt", "256k") as mnt:
        db = mnt / "duty.json"
        store = Store.create(db, "HQ")
        store.create_incident("full disk incident", "Kaluga")
        acknowledged: list[str] = []
        with pytest.raises(WriteFailedError) as failure:
            for n in range(1000):
                text = f"filler {n} " + "z" * 4000
                store.append_entry(None, text)
                acknowledged.append(text)
        assert db.name in str(failure.value)
        assert acknowledged, "nothing fit at all"
        stored = texts(db)
        assert set(acknowledged) <= set(stored)
        assert len(stored) == len(acknowledged) + 1  # and the incident's report
        before = db.read_bytes()
        with pytest.raises(WriteFailedError):
            Store.open(db).checkpoint()  # no room for a second copy of the data
        assert db.read_bytes() == before
        assert not temp_files(mnt)
        assert run_dutydesk("check", "--db", db).returncode == 0


def test_a_durable_save_whose_checkpoint_fails_is_reported_saved(tmp_path: Path) -> None:
    """The journal is past its checkpoint budget and the disk has room for one more line
    but not for the rewritten database file: `log` says the entry is saved (its id, exit 0)
    with a warning, so the officer does not enter it twice."""
    with tiny_tmpfs(tmp_path / "mnt", "12m") as mnt:
        db = mnt / "duty.json"
        store = Store.create(db, "HQ")
        with store.batch():
            for n in range(45):
                store.append_entry(None, f"bulk {n} " + "b" * 100_000)
        filler = mnt / "filler"
        with open(filler, "wb") as handle, contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        filler.write_bytes(filler.read_bytes()[:-200_000])  # room for a line, not a file
        saved = run_dutydesk("log", "--db", db, "engine at the scene")
        assert saved.returncode == 0, saved.stderr
        assert saved.stdout.strip(), "the saved entry's id was not printed"
        assert "warning: saved" in saved.stderr and "nothing was saved" not in saved.stderr
        filler.unlink()
        assert "engine at the scene" in texts(db)
        assert run_dutydesk("check", "--db", db).returncode == 0


REPAIR = """
import sys
from tui.store.errors import WriteFailedError
from tui.store.store import Store
try:
    Store.repair(sys.argv[1])
except WriteFailedError as error:
    print("refused:", error)
else:
    sys.exit("the repair was acknowledged although its writes could not fit")
"""


def test_database_without_its_journal_refuses_writes_until_repaired(base_db: Path) -> None:
    """A database file copied without its journal (a backup) is damage, never a silent new
    history; a repair whose writes fail part-way leaves it as it was, still repairable.

    The file size limit lets a small file (a new journal's first line) be written but not a
    rewrite of the database file, so the repair fails part-way through.
    """
    writer = Store.open(base_db)
    writer.checkpoint()
    journal_of(base_db).unlink()
    before = base_db.read_bytes()
    with pytest.raises(JournalDamageError, match="journal is missing"):
        Store.open(base_db)
    refused = run_dutydesk("log", "--db", base_db, "a note")
    assert refused.returncode == 1 and "journal is missing" in refused.stderr
    assert run_dutydesk("check", "--db", base_db).returncode == 1
    result = run_python(REPAIR, base_db, preexec_fn=limit_file_size(300))
    assert "refused:" in result.stdout, result.stdout + result.stderr
    assert base_db.read_bytes() == before and not journal_of(base_db).exists()
    repaired = run_dutydesk("check", "--repair", "--db", base_db)
    assert repaired.returncode == 0, repaired.stderr
    store = Store.open(base_db)
    gap = store.timeline(None)[-1]
    assert gap.text.startswith("History before HQ#") and "journal is missing" in gap.text
    store.append_entry(None, "writes work again")
    assert run_dutydesk("check", "--db", base_db).returncode == 0
