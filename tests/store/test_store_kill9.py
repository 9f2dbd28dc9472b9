"""`kill -9` at random moments of writes and checkpoints: no acknowledged change is ever lost.

A child process writes in a loop (entries, incidents, team status changes, a checkpoint every
fifth operation), announcing each operation before it starts and after the store acknowledged it.
The parent kills it with SIGKILL after a random delay, or a random few milliseconds into a
checkpoint, thirty times on the same database. After each kill the database must open (writer and
read-only), accept a new write, pass `dutydesk check`, hold every acknowledged operation exactly
once, and hold each started-but-unacknowledged ("maybe") operation at most once.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dutydesk_process import ROOT, child_env, run_dutydesk
from store_files import WORKER, op_counts, temp_files

from tui.store.store import Store

ROUNDS = 30


def _kill_round(db: Path, tag: str, seed: int, rng: random.Random) -> list[str]:
    """Run one writer, SIGKILL it at a random moment; returns the lines it printed."""
    child = subprocess.Popen(
        [sys.executable, str(WORKER), "kill", str(db), tag, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=ROOT,
    )
    assert child.stdout is not None and child.stderr is not None
    lines: list[str] = []
    try:
        target_checkpoint = seed % 3 == 0
        while True:  # wait until it writes (or, for a third of the rounds, starts a checkpoint)
            raw = child.stdout.readline()
            if not raw:
                pytest.fail(f"writer {tag} died by itself: {child.stderr.read().decode()}")
            lines.append(raw.decode().strip())
            if (target_checkpoint and lines[-1].startswith("BEGIN C-")) or (
                not target_checkpoint and lines[-1] == "READY"
            ):
                break
        time.sleep(rng.uniform(0, 0.004) if target_checkpoint else rng.uniform(0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        rest = child.stdout.read()  # the same buffered reader: nothing read ahead is lost
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    lines += rest.decode().splitlines()
    assert child.returncode == -signal.SIGKILL, (
        f"writer {tag} exited by itself: {child.stderr.read().decode()[-2000:]}"
    )
    return lines


@pytest.mark.slow
def test_kill9_at_random_moments_loses_no_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "duty.json"
    store = Store.create(db, "HQ")
    store.create_incident("seed incident", "Kaluga")
    began: set[str] = set()
    acked: set[str] = set()
    ops_seen = 0
    for seed in range(ROUNDS):
        rng = random.Random(seed)
        tag = f"r{seed}"
        lines = _kill_round(db, tag, seed, rng)
        began |= {line.split()[1] for line in lines if line.startswith("BEGIN ")}
        acked |= {line.split()[1] for line in lines if line.startswith("ACK ")}
        ops_seen += sum(line.startswith("ACK ") for line in lines)

        # The database opens both ways, and a writer can still write after the crash.
        writer = Store.open(db)
        writer.append_entry(None, f"P-{tag}-0")
        acked.add(f"P-{tag}-0")
        began.add(f"P-{tag}-0")
        reader = Store.open(db, read_only=True)

        counts = op_counts(reader)
        recorded = {op for op in acked if op[0] in "EITP"}
        lost = sorted(op for op in recorded if counts[op] == 0)
        assert not lost, f"round {seed}: acknowledged operations lost: {lost[:10]}"
        duplicated = sorted(op for op, n in counts.items() if n > 1)
        assert not duplicated, f"round {seed}: operations stored twice: {duplicated[:10]}"
        phantom = sorted(op for op in counts if op not in began)
        assert not phantom, f"round {seed}: operations that never started: {phantom[:10]}"

        result = run_dutydesk("check", "--db", db)
        assert result.returncode == 0, f"round {seed}: check failed: {result.stdout}{result.stderr}"
    # The loop really exercised the store: writes were acknowledged and some were cut short.
    assert ops_seen > ROUNDS * 3
    maybe = began - acked
    print(
        f"{len(acked)} acknowledged, {len(maybe)} maybe, "
        f"{len(temp_files(tmp_path))} temp files left by killed writers"
    )
