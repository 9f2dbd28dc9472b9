"""`kill -9` during an import: the database is as it was before, or as after, never between.

A child process imports a busy laptop's bundle (thousands of changes) into a copy of the office
database and is SIGKILLed at a random moment of the import. After each kill the database opens
as a writer and read-only, `dutydesk check` passes, and its incidents and entries are exactly
those of before the import or exactly those of after it. Importing the bundle again then gives
the after state, whatever the kill left.
"""

from __future__ import annotations

import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dutydesk_process import ROOT, child_env, run_dutydesk
from stations import (
    T0,
    WORKER,
    ManualClock,
    copy_db,
    db_files,
    documents,
    ids_of,
)

from tui.store.store import Store

ROUNDS = 15


def _build(root: Path) -> tuple[Path, Path]:
    """The office, and a laptop bundle of 3,000 changes the office has not seen."""
    clock = ManualClock(T0)
    office = Store.create(root / "office.json", "HQ", operator="officer", clock=clock)
    office.create_team("R1", "Rescue one", "rescue", "Sukhinichsky")
    for number in range(20):
        clock.advance(60_000)
        office.create_incident(f"Office incident {number}", "Kaluga")
    office.export_bundle(root / "start.bundle")
    laptop = Store.create(root / "laptop.json", "FL1", operator="field", clock=clock)
    laptop.import_bundle(root / "start.bundle")
    for _ in range(10):
        with laptop.batch():
            for number in range(30):
                clock.advance(30_000)
                ref = laptop.create_incident(f"Field incident {number}", "Babyninsky").ref
                laptop.change_status(ref, "active")
                for line in range(6):
                    laptop.append_entry(ref, f"Field note {line} on {ref}")
    bundle = root / "laptop.bundle"
    laptop.export_bundle(bundle)
    return office.path, bundle


def _import_in_child(db: Path, bundle: Path, kill_after: float | None) -> tuple[bool, float]:
    """Import in a child; SIGKILL it `kill_after` s after it is ready. (finished?, seconds)"""
    child = subprocess.Popen(
        [sys.executable, str(WORKER), str(db), str(bundle)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=ROOT,
    )
    assert child.stdout is not None and child.stderr is not None
    try:
        ready = child.stdout.readline()
        assert ready == b"READY\n", child.stderr.read().decode()
        started = time.perf_counter()
        if kill_after is None:
            done = child.stdout.readline()
            assert done.startswith(b"DONE "), child.stderr.read().decode()
            child.wait(timeout=60)
            return True, time.perf_counter() - started
        time.sleep(kill_after)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        finished = b"DONE" in child.stdout.read()
        return finished, time.perf_counter() - started
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@pytest.mark.slow
def test_kill9_during_import_leaves_before_or_after(tmp_path: Path) -> None:
    office, bundle = _build(tmp_path)
    before = ids_of(Store.open(office, read_only=True))

    reference = copy_db(office, tmp_path / "reference.json")
    _import_in_child(reference, bundle, None)
    after_store = Store.open(reference, read_only=True)
    after, after_docs = ids_of(after_store), documents(after_store)
    assert len(after[1]) - len(before[1]) > 2_000, "the bundle should be big"
    durations = [
        _import_in_child(copy_db(office, tmp_path / f"t{n}.json"), bundle, None)[1]
        for n in range(2)
    ]
    window = statistics.median(durations)

    outcomes = {"before": 0, "after": 0, "torn tail": 0}
    for seed in range(ROUNDS):
        rng = random.Random(seed)
        db = copy_db(office, tmp_path / f"round{seed}.json")
        journal_before = db_files(db)[1].stat().st_size
        # Half the kills anywhere in the import, half near its end, where it writes.
        low = 0.0 if seed % 2 else 0.7
        finished, _ = _import_in_child(db, bundle, window * rng.uniform(low, 1.1))

        reader = Store.open(db, read_only=True)
        state = ids_of(reader)
        assert state in (before, after), f"round {seed}: the import was applied in part"
        if finished:
            assert state == after, f"round {seed}: an acknowledged import was lost"
        outcomes["after" if state == after else "before"] += 1
        if state == before and db_files(db)[1].stat().st_size > journal_before:
            outcomes["torn tail"] += 1
        result = run_dutydesk("check", "--db", db)
        assert result.returncode == 0, f"round {seed}: {result.stdout}{result.stderr}"

        writer = Store.open(db, operator="officer")
        writer.import_bundle(bundle)  # again: completes the import, or changes nothing
        assert documents(writer) == after_docs, f"round {seed}: re-import differs"
        assert documents(Store.open(db, read_only=True)) == after_docs
        assert run_dutydesk("check", "--db", db).returncode == 0
    print(f"import took {window * 1000:.0f} ms; {outcomes} over {ROUNDS} kills")
