"""Merge figures: a busy field laptop's week merged into a year-sized office, and back.

    python bench/merge.py --office bench/out/year.json      # reuse a year (make_db.py)
    python bench/merge.py                                   # build the year first (~2 min)

Set-up, once, in a scratch directory (the office given is copied, never written):

1. the office: a year (20,000 incidents, 200,000 entries, 60 teams, as make_db.py builds it);
2. the laptop (station FL1) starts from a full export of the office (`import` into a fresh
   file), then logs a busy week through the Store API, one batch per incident: 500 incidents
   and 5,000 timeline entries (reports, notes, status changes, dispatches and team moves),
   plus work on 30 of the office's open incidents;
3. meanwhile the office logs its own week (200 incidents, 2,000 entries) and closes the same
   30 open incidents, so the merge has conflicts to find.

Each run copies both databases to a fresh directory and times whole processes, as an officer
waits for them: the laptop's export (everything it knows: the office's year too) and its
export of the week only (`--since`), the office's dry run and import of each, the office's
export of the week back and the laptop's import of it, and the first `dutydesk list` on the
office after the import. Median of the runs, with min, max and the child's peak memory.
docs/product.md §9 sets no target for merging: the figures are reported, not judged.

The week is simulated after the office's newest change, so the time grammar (which refuses
the future) cannot read `--since` for it: the `--since` exports run the same Store call as
`dutydesk export --since` in a child of their own.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from make_db import Clock, build, log_incident  # noqa: E402

from tui.model import hlc  # noqa: E402
from tui.model.gazetteer import get_region  # noqa: E402
from tui.store.archive import archive_paths  # noqa: E402
from tui.store.journal import journal_path  # noqa: E402
from tui.store.livefile import iter_docs  # noqa: E402
from tui.store.store import Store  # noqa: E402

SHARED_INCIDENTS = 30

EXPORT_SINCE = """
import sys
from datetime import datetime
from pathlib import Path
from tui.store.store import Store
store = Store.open(Path(sys.argv[1]), read_only=True)
store.export_bundle(Path(sys.argv[2]), since=datetime.fromisoformat(sys.argv[3]))
"""


def files_of(db: Path) -> list[Path]:
    return [p for p in (db, journal_path(db), *archive_paths(db)) if p.exists()]


def copy_db(source: Path, directory: Path, name: str) -> Path:
    """Copy a database with its journal and archives under a new name."""
    target = directory / f"{name}.json"
    for path in files_of(source):
        suffix = path.name[len(source.stem) :]
        shutil.copyfile(path, directory / f"{name}{suffix}")
    return target


def size_mb(db: Path) -> str:
    return ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in files_of(db))


def timed(argv: Sequence[str | os.PathLike[str]], log: Path) -> tuple[float, float]:
    """Run a child to completion: (wall seconds, peak RSS in MB). Its output goes to `log`."""
    with open(log, "ab") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            [str(a) for a in argv],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, argv))} failed; see {log}")
    return elapsed, usage.ru_maxrss / 1024


def dutydesk(*args: str | os.PathLike[str]) -> list[str | os.PathLike[str]]:
    return [sys.executable, "-m", "tui", *args]


# -- a week of logging ------------------------------------------------------------------------


def log_week(
    store: Store,
    clock: Clock,
    start: datetime,
    incidents: int,
    entries: int,
    seed: int,
) -> int:
    """Log `incidents` incidents with about `entries` timeline entries over the week from
    `start`, one batch (one fsync) per incident as make_db does; returns the changes made."""
    rng = random.Random(seed)
    before = store.state.heads.get(store.station, {"seq": 0})["seq"]
    districts = [d.key for d in get_region(store.state.meta["region"]).districts]
    callsigns = [t.callsign for t in store.teams()]
    per_incident = max(4, entries // incidents)
    week = timedelta(days=7)
    for at in sorted(start + week * rng.random() * 0.97 for _ in range(incidents)):
        clock.now = at
        log_incident(
            store,
            clock,
            rng,
            districts,
            callsigns,
            entries=per_incident,
            closes=rng.random() < 0.8,
            dispatch_chance=0.3,
            step_minutes=20,
        )
        store.checkpoint_if_due()
    return store.state.heads[store.station]["seq"] - before


def work_on_shared(store: Store, clock: Clock, refs: list[str], at: datetime, close: bool) -> None:
    """Both sides move the same open incidents, each its own way: conflicts for the merge."""
    for number, ref in enumerate(refs):
        clock.now = at + timedelta(minutes=10 * number)
        with store.batch():
            store.append_entry(ref, f"{store.station} was here")
            current = store.incident(ref).status
            target = "closed" if close else ("active" if current == "monitoring" else "monitoring")
            store.change_status(ref, target)


# -- set-up -----------------------------------------------------------------------------------


def set_up(
    office_source: Path | None, scratch: Path, incidents: int, entries: int
) -> tuple[Path, Path, str]:
    """The office and laptop databases after their weeks apart; and the week's start.

    Runs in a child of its own, so that the timed children (forked from the parent) do not
    inherit its memory high-water mark in their peak RSS.
    """
    if office_source is None:
        office_source = scratch / "year.json"
        started = time.perf_counter()
        build(office_source, 20_000, 200_000, 60, 2026)
        print(f"  built a year office in {time.perf_counter() - started:.0f} s")
    print(f"  office: {office_source} ({size_mb(office_source)})")
    office = copy_db(office_source, scratch, "office")
    newest = hlc.parse(Store.open(office, read_only=True).state.last_hlc)[0] / 1000
    start = datetime.fromtimestamp(newest, UTC).replace(microsecond=0) + timedelta(minutes=1)

    started = time.perf_counter()
    clock = Clock(start)
    office_store = Store.open(office, operator="office", clock=clock)
    office_store.export_bundle(scratch / "start.bundle")
    exported = time.perf_counter() - started
    laptop_clock = Clock(start)
    laptop = Store.create(scratch / "laptop.json", "FL1", operator="field", clock=laptop_clock)
    laptop.import_bundle(scratch / "start.bundle")
    laptop.checkpoint()
    print(
        f"  laptop start: office export {exported:.1f} s "
        f"({(scratch / 'start.bundle').stat().st_size / 1e6:.0f} MB), import into a fresh "
        f"file and checkpoint {time.perf_counter() - started - exported:.1f} s"
    )
    (scratch / "start.bundle").unlink()

    shared = sorted(i.ref for i in office_store.incidents(status="open"))[:SHARED_INCIDENTS]
    started = time.perf_counter()
    made = log_week(laptop, laptop_clock, start, incidents, entries, seed=1)
    work_on_shared(laptop, laptop_clock, shared, start + timedelta(days=3), close=False)
    laptop.checkpoint()
    print(
        f"  laptop week: {incidents} incidents, "
        f"{entries} entries, {made} changes "
        f"in {time.perf_counter() - started:.1f} s; last clock {laptop.state.last_hlc}"
    )
    office_made = log_week(office_store, clock, start, incidents * 2 // 5, entries * 2 // 5, 2)
    work_on_shared(office_store, clock, shared, start + timedelta(days=4), close=True)
    office_store.checkpoint()
    print(f"  office week: {office_made} changes; {len(shared)} incidents worked on by both")
    return office, laptop.path, start.isoformat()


# -- the runs ---------------------------------------------------------------------------------

STEPS = (
    "laptop export (everything)",
    "laptop export --since the week",
    "office import --dry-run (everything)",
    "office import (everything)",
    "office import --dry-run (week)",
    "office import (week)",
    "office export --since the week",
    "laptop import of the office's week",
    "office `list` after the import",
)


def one_run(
    office: Path, laptop: Path, since: str, run: Path
) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """One exchange on fresh copies: each step's (seconds, peak MB), and the bundles' sizes."""
    log = run / "output.log"
    out: dict[str, tuple[float, float]] = {}
    o1, o2 = copy_db(office, run, "office1"), copy_db(office, run, "office2")
    lap = copy_db(laptop, run, "laptop")
    full, week, back = run / "full.bundle", run / "week.bundle", run / "back.bundle"
    out[STEPS[0]] = timed(dutydesk("export", "--db", lap, "-o", full), log)
    out[STEPS[1]] = timed([sys.executable, "-c", EXPORT_SINCE, lap, week, since], log)
    out[STEPS[2]] = timed(dutydesk("import", "--db", o1, full, "--dry-run"), log)
    out[STEPS[3]] = timed(dutydesk("import", "--db", o1, full), log)
    out[STEPS[4]] = timed(dutydesk("import", "--db", o2, week, "--dry-run"), log)
    out[STEPS[5]] = timed(dutydesk("import", "--db", o2, week), log)
    out[STEPS[6]] = timed([sys.executable, "-c", EXPORT_SINCE, o1, back, since], log)
    out[STEPS[7]] = timed(dutydesk("import", "--db", lap, back), log)
    out[STEPS[8]] = timed(dutydesk("list", "--db", o1), log)
    return out, {b.name: b.stat().st_size / 1e6 for b in (full, week, back)}


def verify(run: Path) -> None:
    """After the exchange both sides pass `check`, hold the same incidents (live or archived:
    each archives on its own schedule) and entries, and list the same open conflicts."""
    lines = {}
    held = {}
    for name in ("office1", "laptop"):
        result = subprocess.run(
            dutydesk("check", "--db", run / f"{name}.json"),
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"check failed on {name}: {result.stdout}{result.stderr}")
        lines[name] = sorted(
            line.split(": open conflict: ", 1)[1]
            for line in result.stdout.splitlines()
            if ": open conflict: " in line
        )
        print(f"  {name}: {result.stdout.splitlines()[-1].split('; ', 1)[1]}")
        store = Store.open(run / f"{name}.json", read_only=True)
        incidents = {i.id for i in store.incidents(archived=True)}
        entries = set(store.state.entries)
        for archive in archive_paths(store.path):
            entries.update(doc["id"] for doc in iter_docs(archive.read_bytes(), "entries"))
        held[name] = (incidents, entries)
    if lines["office1"] != lines["laptop"]:
        raise SystemExit("the office and the laptop list different conflicts")
    if held["office1"] != held["laptop"]:
        raise SystemExit("the office and the laptop hold different incidents or entries")
    print(f"  both list the same {len(lines['laptop'])} open conflict(s)")


def figure(name: str, samples: list[float], rss: list[float]) -> str:
    return (
        f"  {name:<40} median {statistics.median(samples):7.2f} s   min {min(samples):7.2f}   "
        f"max {max(samples):7.2f}   n={len(samples)}   peak RSS {statistics.median(rss):6.0f} MB"
    )


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.node()}, {cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, "
        f"{platform.platform()}, Python {platform.python_version()}"
    )


# -- the huge-bundle case ----------------------------------------------------------------------


LOG_WHILE_IMPORTING = """
import subprocess, sys, time
argv, stop, out = sys.argv[1:-2], sys.argv[-2], sys.argv[-1]
waits = []
while True:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    waits.append(time.perf_counter() - started)
    try:
        open(stop).close()
        break
    except FileNotFoundError:
        time.sleep(0.2)
open(out, "w").write(" ".join(f"{w:.3f}" for w in waits))
"""


def huge_case(office: Path | None, scratch: Path, runs: int) -> None:
    """Refusing a bundle over the size limit, and importing a year's full bundle into a fresh
    laptop while its officer keeps logging: time, peak memory, and how long each `log` waits."""
    from tui.store import bundle

    if office is None:
        office = scratch / "year.json"
        print("  building a year (make_db.py: 20,000 incidents, 200,000 entries)...")
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            pool.apply(build, (office, 20_000, 200_000, 60, 1))
    year = scratch / "year.bundle"
    seconds, rss = timed(dutydesk("export", "--db", office, "-o", year), scratch / "log")
    print(
        f"  full export of the year: {seconds:.1f} s, {rss:.0f} MB, "
        f"{year.stat().st_size / 1e6:.0f} MB"
    )
    huge = scratch / "huge.bundle"
    shutil.copyfile(year, huge)
    os.truncate(huge, bundle.MAX_BUNDLE_BYTES + 100 * 2**20)  # past the limit (sparse)
    refuse: list[tuple[float, float]] = []
    imports: list[tuple[float, float]] = []
    waits: list[float] = []
    for number in range(runs):
        run = scratch / f"huge{number}"
        run.mkdir()
        laptop = run / "laptop.json"
        timed(dutydesk("init", "--db", laptop, "--station", "FL1"), run / "log")
        before = laptop.read_bytes()
        started = time.perf_counter()
        child = subprocess.run(dutydesk("import", "--db", laptop, huge), capture_output=True)
        refuse.append((time.perf_counter() - started, 0.0))
        assert child.returncode == 1 and b"more than" in child.stderr, child.stderr
        assert laptop.read_bytes() == before
        stop, out = run / "stop", run / "waits"
        logger = subprocess.Popen(
            [
                sys.executable,
                "-c",
                LOG_WHILE_IMPORTING,
                *map(str, dutydesk("log", "--db", laptop, "still logging")),
                str(stop),
                str(out),
            ],
            cwd=ROOT,
        )
        imports.append(timed(dutydesk("import", "--db", laptop, year), run / "log"))
        stop.touch()
        logger.wait()
        waits += [float(w) for w in out.read_text().split()]
        shutil.rmtree(run)
    refuse_rss = _peak_of_refusal(huge, scratch)
    print(figure("refuse a bundle over the limit", [r[0] for r in refuse], [refuse_rss]))
    print(figure("import the year's bundle (fresh laptop)", *map(list, zip(*imports, strict=True))))
    waits.sort()
    print(
        f"  {'a concurrent `log`, whole process':<40} median {statistics.median(waits):7.2f} s   "
        f"min {waits[0]:7.2f}   max {waits[-1]:7.2f}   n={len(waits)}"
    )


def _peak_of_refusal(huge: Path, scratch: Path) -> float:
    laptop = scratch / "refuse.json"
    timed(dutydesk("init", "--db", laptop, "--station", "FL2"), scratch / "log")
    argv = dutydesk("import", "--db", laptop, huge)
    child = subprocess.Popen([str(a) for a in argv], cwd=ROOT, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--office", type=Path, help="a year-sized database to copy (make_db.py)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--incidents", type=int, default=500, help="the laptop's week")
    parser.add_argument("--entries", type=int, default=5000, help="the laptop's week")
    parser.add_argument("--scratch", type=Path, help="where to work (default: a temp dir)")
    parser.add_argument(
        "--huge", action="store_true", help="the huge-bundle case instead of the week's merge"
    )
    args = parser.parse_args()
    print(f"machine: {machine()}")
    scratch = Path(tempfile.mkdtemp(prefix="dutydesk-merge-", dir=args.scratch))
    if args.huge:
        try:
            huge_case(args.office, scratch, args.runs)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return 0
    try:
        print("set-up:")
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            office, laptop, since = pool.apply(
                set_up, (args.office, scratch, args.incidents, args.entries)
            )
        print(f"  after the week: office {size_mb(office)}; laptop {size_mb(laptop)}")

        samples: dict[str, list[tuple[float, float]]] = {step: [] for step in STEPS}
        for number in range(args.runs):
            run = scratch / f"run{number}"
            run.mkdir()
            figures, sizes = one_run(office, laptop, since, run)
            for step, value in figures.items():
                samples[step].append(value)
            if number == 0:
                print("  bundles: " + ", ".join(f"{n} {s:.1f} MB" for n, s in sizes.items()))
                verify(run)
            shutil.rmtree(run)
        print(f"\nfigures (whole processes; {args.runs} runs; no target in docs/product.md §9):")
        for step, values in samples.items():
            print(figure(step, [v[0] for v in values], [v[1] for v in values]))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
