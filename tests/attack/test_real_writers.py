"""Real processes on one database through two paths (issue #9: a symlinked path and the real
path share one lock and one journal): several writers at once lose nothing, a writer killed
with SIGKILL mid-burst loses nothing it acknowledged, and the symlink stays a symlink.

Writers are tests/store/storeworker.py (the Store in its own process, announcing `BEGIN op`
and `ACK op` around each operation) and the real `dutydesk log`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dutydesk_process import ROOT, child_env, run_dutydesk
from store.store_files import WORKER, op_counts

from tui.store.store import Store


def _paths(tmp_path: Path) -> tuple[Path, Path]:
    """The real database, and a symlink to it in another directory."""
    (tmp_path / "real").mkdir()
    (tmp_path / "elsewhere").mkdir()
    real = tmp_path / "real" / "duty.json"
    store = Store.create(real, "HQ")
    store.create_incident("seed incident", "Kaluga")
    link = tmp_path / "elsewhere" / "link.json"
    os.symlink(os.path.relpath(real, link.parent), link)
    return real, link


def _worker(*args: str | os.PathLike[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=ROOT,
    )


def _cli_log(db: Path, text: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "log", "--db", str(db), text],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=ROOT,
    )


def _acked(output: bytes) -> set[str]:
    return {line.split()[1] for line in output.decode().splitlines() if line.startswith("ACK ")}


def _assert_link_intact(real: Path, link: Path) -> None:
    assert link.is_symlink() and link.resolve() == real.resolve()
    strays = sorted(p.name for p in link.parent.iterdir() if p != link)
    assert not strays, f"files beside the symlink: {strays}"


def _assert_all_present(db: Path, acked: set[str]) -> None:
    counts = op_counts(Store.open(db, read_only=True))
    recorded = {op for op in acked if op[0] in "EIT"}
    lost = sorted(op for op in recorded if counts[op] == 0)
    assert not lost, f"acknowledged and lost: {lost[:10]} (of {len(recorded)})"
    twice = sorted(op for op, n in counts.items() if n > 1)
    assert not twice, f"stored twice: {twice[:10]}"


def _two_writers(tmp_path: Path, ops: int, cli_writes: int) -> None:
    real, link = _paths(tmp_path)
    start_at = f"{time.time() + 1.0:.3f}"
    writers = [
        _worker("writer", link, "lnk", "1", str(ops), start_at),
        _worker("writer", real, "real", "2", str(ops), start_at),
    ]
    texts = [f"E-cli-{n}" for n in range(cli_writes)]
    time.sleep(1.0)
    clis = [_cli_log(link if n % 2 else real, text) for n, text in enumerate(texts)]
    acked: set[str] = set()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()[-2000:]
        assert out.decode().rstrip().endswith("DONE")
        acked |= _acked(out)
    ids = {}
    for cli, text in zip(clis, texts, strict=True):
        out, err = cli.communicate(timeout=60)
        assert cli.returncode == 0 and b"Traceback" not in err, err.decode()
        ids[out.decode().strip()] = text
    assert len([op for op in acked if op.startswith("E-")]) > 0
    _assert_all_present(real, acked)
    reader = Store.open(link, read_only=True)
    for entry_id, text in ids.items():
        assert reader.entry(entry_id).text == text
    _assert_link_intact(real, link)
    check = run_dutydesk("check", "--db", link)
    assert check.returncode == 0, check.stdout + check.stderr


def test_two_writers_through_a_symlink_and_the_real_path_lose_nothing(tmp_path: Path) -> None:
    _two_writers(tmp_path, ops=40, cli_writes=4)


@pytest.mark.slow
def test_many_writes_through_a_symlink_and_the_real_path_lose_nothing(tmp_path: Path) -> None:
    _two_writers(tmp_path, ops=300, cli_writes=12)


def _kill_rounds(tmp_path: Path, rounds: int) -> None:
    """A writer through the symlink, killed mid-burst while another writes through the real
    path; after each round every acknowledged operation of both is there."""
    real, link = _paths(tmp_path)
    acked: set[str] = set()
    killed_acks = 0
    for round_ in range(rounds):
        rng = random.Random(round_)
        victim = _worker("kill", link, f"k{round_}", str(round_))
        steady = _worker("writer", real, f"s{round_}", str(round_), "30", f"{time.time():.3f}")
        assert victim.stdout is not None
        lines = []
        while not lines or lines[-1] != "READY":
            raw = victim.stdout.readline()
            assert raw, "the writer died by itself"
            lines.append(raw.decode().strip())
        time.sleep(rng.uniform(0.02, 0.3))
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        assert victim.returncode == -signal.SIGKILL
        theirs = _acked(("\n".join(lines) + "\n").encode() + victim.stdout.read())
        killed_acks += len(theirs)
        acked |= theirs
        out, err = steady.communicate(timeout=120)
        assert steady.returncode == 0, err.decode()[-2000:]
        acked |= _acked(out)
        Store.open(link).append_entry(None, f"E-after-{round_}")  # writes go on after the kill
        acked.add(f"E-after-{round_}")
        _assert_all_present(real, acked)
        _assert_link_intact(real, link)
    assert killed_acks > rounds, "the killed writers were killed before they wrote"
    check = run_dutydesk("check", "--db", real)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_writer_killed_mid_burst_loses_no_acknowledged_write(tmp_path: Path) -> None:
    _kill_rounds(tmp_path, rounds=2)


@pytest.mark.slow
def test_writers_killed_mid_burst_again_and_again_lose_nothing(tmp_path: Path) -> None:
    _kill_rounds(tmp_path, rounds=10)
