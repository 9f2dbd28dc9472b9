"""Two `dutydesk new` on a database that does not exist yet: both incidents are stored."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dutydesk_process import ROOT, child_env

from tui.store.store import Store


def _waiters(lock: Path) -> int:
    """How many processes wait for a flock on `lock` (/proc/locks marks them `->`)."""
    inode = f":{os.stat(lock).st_ino} "
    with open("/proc/locks") as locks:
        return sum(1 for line in locks if "->" in line and inode in line)


def test_two_new_commands_race_to_create_the_database(tmp_path: Path) -> None:
    if not Path("/proc/locks").exists():
        pytest.skip("needs /proc/locks to see the processes wait")
    db = tmp_path / "duty.json"
    lock = tmp_path / "duty.json.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # both commands get past their checks, then wait here
    try:
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tui",
                    "new",
                    "--db",
                    str(db),
                    "--title",
                    f"race {n}",
                    "--district",
                    "Kaluga",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=child_env(),
                cwd=ROOT,
            )
            for n in range(2)
        ]
        deadline = time.time() + 20
        while _waiters(lock) < 2:
            assert time.time() < deadline, "the commands never waited for the lock"
            assert all(p.poll() is None for p in procs), "a command finished without the lock"
            time.sleep(0.02)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    results = [p.communicate(timeout=30) for p in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err.decode()
    refs = sorted(out.decode().strip() for out, _ in results)
    assert refs[0] != refs[1]
    assert sorted(i.title for i in Store.open(db, read_only=True).incidents()) == [
        "race 0",
        "race 1",
    ]
