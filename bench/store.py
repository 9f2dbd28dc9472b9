"""Storage figures against docs/product.md §9, at each database size given.

    python bench/store.py sample_db.json bench/out/month.json bench/out/year.json

For each database (copied to a scratch directory first, so the original is untouched): the
durable save of one timeline entry in-process (key to acknowledged on disk, target <= 10 ms),
`dutydesk log` as a whole process (target <= 150 ms), open time for a writer and a read-only
viewer, and the file sizes. Each figure is the median of several runs, with min and max.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.store.archive import archive_paths  # noqa: E402
from tui.store.journal import journal_path  # noqa: E402
from tui.store.store import Store  # noqa: E402


def figure(name: str, samples: list[float], target: float | None, unit: str = "ms") -> str:
    med = statistics.median(samples)
    verdict = "" if target is None else ("  MET" if med <= target else "  MISSED")
    goal = "" if target is None else f"  (target <= {target:g} {unit})"
    return (
        f"  {name:<34} median {med:8.2f} {unit}   min {min(samples):8.2f}   "
        f"max {max(samples):8.2f}   n={len(samples)}{goal}{verdict}"
    )


def copy_db(source: Path, scratch: Path) -> Path:
    target = scratch / source.name
    for path in [source, journal_path(source), *archive_paths(source)]:
        if path.exists():
            shutil.copyfile(path, scratch / path.name)
    return target


def bench(db: Path, runs: int, saves: int) -> None:
    with tempfile.TemporaryDirectory(prefix="dutydesk-bench-") as tmp:
        path = copy_db(db, Path(tmp))
        sizes = {
            p.name: p.stat().st_size
            for p in [path, journal_path(path), *archive_paths(path)]
            if p.exists()
        }
        print(f"\n{db}  ({', '.join(f'{n} {s / 1e6:.1f} MB' for n, s in sizes.items())})")

        opens_rw, opens_ro = [], []
        for _ in range(runs):
            started = time.perf_counter()
            Store.open(path, read_only=True)
            opens_ro.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            store = Store.open(path)
            opens_rw.append((time.perf_counter() - started) * 1000)
        print(figure("open read-only (in-process)", opens_ro, None))
        print(figure("open as writer (in-process)", opens_rw, None))

        target = store.incidents(status="open") or store.incidents()
        ref = target[0].ref if target else None
        save_times = []
        for number in range(saves):
            started = time.perf_counter()
            store.append_entry(ref, f"bench save {number}")
            save_times.append((time.perf_counter() - started) * 1000)
        print(figure("durable save of one entry", save_times, 10))

        cli = [sys.executable, "-m", "tui", "log", "--db", str(path)]
        if ref:
            cli += ["--incident", ref]
        log_times = []
        for number in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [*cli, f"bench cli {number}"],
                check=True,
                capture_output=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
            log_times.append((time.perf_counter() - started) * 1000)
        print(figure("`dutydesk log` whole process", log_times, 150))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (default 7)")
    parser.add_argument("--saves", type=int, default=200, help="in-process saves (default 200)")
    args = parser.parse_args()
    print(
        f"machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}, "
        f"Python {platform.python_version()}"
    )
    for db in args.databases:
        bench(db, args.runs, args.saves)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
