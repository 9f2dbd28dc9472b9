"""Four writer processes at once, and a reader polling while they write.

Each writer logs entries, creates incidents, moves its team and checkpoints now and then. Nothing
may be lost or duplicated, every reference must be unique, the station's change sequence must be
contiguous, `dutydesk check` must pass, and the polling reader must end with exactly what a fresh
open sees.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from dutydesk_process import ROOT, child_env, run_dutydesk
from store_files import WORKER, all_changes, op_counts, temp_files

from tui.store.store import Store

WRITERS = 4
OPS = 50


@pytest.mark.slow
def test_four_writers_and_a_reader(tmp_path: Path) -> None:
    db = tmp_path / "duty.json"
    Store.create(db, "HQ").create_incident("seed incident", "Kaluga")
    reader = Store.open(db, read_only=True)
    start_at = time.time() + 1.5  # all four start writing together, after their imports
    children = [
        subprocess.Popen(
            [
                sys.executable,
                str(WORKER),
                "writer",
                str(db),
                f"w{n}",
                str(n),
                str(OPS),
                str(start_at),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env(),
            cwd=ROOT,
        )
        for n in range(WRITERS)
    ]
    seen_entries = 0
    polls_with_news = 0
    deadline = time.time() + 60
    while any(c.poll() is None for c in children) and time.time() < deadline:
        if reader.poll():
            polls_with_news += 1
        # The reader's view only grows: it never sees a write undone.
        assert len(reader.state.entries) >= seen_entries
        seen_entries = len(reader.state.entries)
        time.sleep(0.005)
    outputs = [c.communicate(timeout=30) for c in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err.decode()
        assert out.decode().splitlines()[-1] == "DONE"
    acked = {
        line.split()[1]
        for out, _ in outputs
        for line in out.decode().splitlines()
        if line.startswith("ACK ") and line.split()[1][0] in "EIT"
    }
    assert len(acked) > WRITERS * OPS * 0.8  # (the rest are checkpoints)

    fresh = Store.open(db, read_only=True)
    counts = op_counts(fresh)
    assert {op for op, n in counts.items() if n} == acked, "lost or invented operations"
    assert not [op for op, n in counts.items() if n > 1], "duplicated operations"

    refs = Counter(doc["ref"] for doc in fresh.state.incidents.values())
    assert len(refs) == len(fresh.state.incidents)
    assert all(n == 1 for n in refs.values()), "a reference was given twice"

    seqs = sorted(c["seq"] for c in all_changes(fresh) if c["station"] == "HQ")
    assert seqs == list(range(1, len(seqs) + 1)), "the station's sequence has gaps or repeats"

    result = run_dutydesk("check", "--db", db)
    assert result.returncode == 0, result.stdout + result.stderr

    reader.poll()
    assert polls_with_news > 1, "the reader never saw the writers' progress"
    assert reader.state.incidents == fresh.state.incidents
    assert reader.state.entries == fresh.state.entries
    assert reader.state.teams == fresh.state.teams
    assert not temp_files(tmp_path)
