"""The app's figures against docs/product.md §9, for one database.

    python bench/ui.py --db bench/out/year.json [--runs 5] [--idle-seconds 20]
    python bench/ui.py --db bench/out/live.json --saves-only   # (f) alone, 20,000 live incidents

Each run copies the database to a scratch directory and starts the real app in tmux at 80×24
(read-only, as a reviewer would), then measures:

(a) start to the first screen of incidents: tmux capture-pane polled until a reference shows;
(c) another process's save to the screen: a second process adds an incident through the Store
    API; from its acknowledgement until the title shows in the pane;
(d) idle output and CPU: bytes the app writes to the terminal (tmux pipe-pane) and its CPU time
    (/proc/PID/stat) over --idle-seconds with the team board's clocks running;
(e) memory: VmRSS of the app at the end of the run.

(b) filter keystroke to updated list is timed in-process (Textual's run_test): the list's filter
plus drawing every visible line, for each prefix of a typed word.

(f) a save elsewhere, in-process: the app runs under run_test at 80×24 while another process
    adds an incident, then a note on the selected incident; from the writer's acknowledgement
    until the new row (or timeline entry) is in the pane, and the UI thread's own work for that
    save (applying the snapshot and drawing the visible lines). Meant for a database of 20,000
    live incidents (`bench/make_db.py --live`): a note there must not rebuild 20,000 rows.

Every figure: median of the runs, with min and max, beside its target.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REF = re.compile(r"\b[A-Z][A-Z0-9]{0,7}-\d{4}-\d{4,}\b")
SESSION = "dutydesk-bench"
PYTHON = sys.executable


def copy_db(db: Path, into: Path) -> Path:
    """The database with its journal, lock and archives (every file named after it)."""
    for item in db.parent.iterdir():
        if item.is_file() and item.name.startswith(db.stem):
            shutil.copy2(item, into / item.name)
    return into / db.name


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def capture() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_until(predicate, timeout: float, step: float = 0.005) -> float | None:
    """Seconds until `predicate()` held, or None on timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(step)
    return None


def _app_pid(shell: int) -> int:
    """The app's process: the child of the shell that tmux started."""
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    return int(children[0]) if children else shell


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_run(db: Path, idle_seconds: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="dutydesk-bench-") as scratch:
        scratch_dir = Path(scratch)
        path = copy_db(db, scratch_dir)
        pidfile = scratch_dir / "pid"
        out = scratch_dir / "tty.out"
        app = (
            f"echo $$ > {shlex.quote(str(pidfile))}; cd {shlex.quote(str(ROOT))}; "
            f"{shlex.quote(PYTHON)} -m tui --db {shlex.quote(str(path))} --read-only; "
            "sleep 30"  # a crash stays on screen for the report
        )
        tmux("kill-session", "-t", SESSION)
        start = time.perf_counter()
        tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", SESSION, "sh", "-c", app)
        try:
            startup = wait_until(lambda: REF.search(capture()) is not None, 30)
            if startup is None:
                raise SystemExit(f"no incident reference appeared:\n{capture()}")
            startup = time.perf_counter() - start
            pid = _app_pid(int(pidfile.read_text()))
            time.sleep(2.0)  # let the first detail and board settle

            tmux("pipe-pane", "-o", "-t", SESSION, f"cat >> {shlex.quote(str(out))}")
            time.sleep(0.5)
            tmux("send-keys", "-t", SESSION, "Down")  # proves the pipe works: a few bytes
            time.sleep(0.5)
            size0 = out.stat().st_size if out.exists() else 0
            cpu0, t0 = cpu_seconds(pid), time.perf_counter()
            time.sleep(idle_seconds)
            size1 = out.stat().st_size if out.exists() else 0
            cpu1, t1 = cpu_seconds(pid), time.perf_counter()
            tmux("pipe-pane", "-t", SESSION)
            if not out.exists():
                raise SystemExit("tmux pipe-pane captured nothing (is the pane alive?)")
            idle_bytes = (size1 - size0) / (t1 - t0)
            idle_cpu = 100 * (cpu1 - cpu0) / (t1 - t0)

            title = f"Bench {os.getpid()} {time.time_ns() % 10**8}"
            ref, acked_at = _write(path, "incident", title)
            # From the writer's acknowledgement (its own clock reading, not its exit, which
            # comes later) to the reference on the reviewer's screen.
            seen = wait_until(lambda: ref in capture(), 10)
            live = (time.time() - acked_at) if seen is not None else float("inf")
            if not Path(f"/proc/{pid}").exists():
                raise SystemExit(f"the app exited during the run:\n{capture()}")
            rss = rss_mb(pid)
        finally:
            tmux("kill-session", "-t", SESSION)
    return {
        "startup": startup,
        "live": live,
        "idle_bytes": idle_bytes,
        "idle_cpu": idle_cpu,
        "rss": rss,
    }


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


async def filter_times(db: Path, word: str) -> list[float]:
    """Seconds from a keystroke's new text to the list filtered and its lines drawn."""
    from tui.model.filters import IncidentFilter
    from tui.store.store import Store
    from tui.ui.app import DutyDeskApp
    from tui.ui.widgets.incident_list import IncidentList

    store = Store.open(db, read_only=True)
    app = DutyDeskApp(store)
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        while app.main is None or app.main.snapshot is None:
            await pilot.pause(0.05)
        incidents = app.main.query_one(IncidentList)
        height = incidents.size.height
        for end in range(1, len(word) + 1):
            start = time.perf_counter()
            incidents.set_filter(IncidentFilter(text=word[:end]))
            for y in range(height):
                incidents.render_line(y)
            times.append(time.perf_counter() - start)
        incidents.set_filter(IncidentFilter())
    return times


WRITER = """
import sys, time
from tui.store.store import Store
s = Store.open(sys.argv[1], operator="bench")
if sys.argv[2] == "incident":
    ref = s.create_incident(sys.argv[3], "Obninsk").ref
else:
    ref = s.append_entry(sys.argv[3], "bench note " + sys.argv[4]).id
print(ref, time.time())
"""


def _write(path: Path, *args: str) -> tuple[str, float]:
    """Another process's save; its result and the moment it was acknowledged."""
    out = subprocess.run(
        [PYTHON, "-c", WRITER, str(path), *args],
        check=True,
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[0], float(out[1])


@dataclass
class SaveFigures:
    """Figure (f) and its floors, in seconds."""

    latencies: list[float] = field(default_factory=list)
    """A save elsewhere until the pane shows it."""
    floor_latencies: list[float] = field(default_factory=list)
    """The same save until a bare Store, polled as often as the app polls, has it: what the
    poll interval and reading the journal cost, with no desk at all."""
    ui_work: list[float] = field(default_factory=list)
    """The UI thread's work for one save: applying the snapshot and drawing the list."""
    floor_ui_work: list[float] = field(default_factory=list)
    """Drawing the visible lines of the list alone, with nothing changed."""


def poll_floor(path: Path, runs: int, interval: float) -> list[float]:
    """Seconds from another process's acknowledgement until a plain `Store.poll` loop at the
    app's interval has the new incident."""
    from tui.store.store import Store

    reader = Store.open(path, read_only=True)
    floors = []
    for n in range(runs):
        reader.take_touched()
        made, acked = _write(path, "incident", f"Floor {n} {time.time_ns()}")
        while not (reader.poll() and reader.take_touched().incidents):
            time.sleep(interval)
        floors.append(time.time() - acked)
        del made
    return floors


async def save_times(db: Path, runs: int) -> SaveFigures:
    """Figure (f): a save elsewhere to the pane, and the UI thread's work for it."""
    from tui.store.store import Store
    from tui.ui.app import DutyDeskApp
    from tui.ui.widgets.incident_detail import IncidentDetail
    from tui.ui.widgets.incident_list import IncidentList

    figures = SaveFigures()
    latencies, ui_work = figures.latencies, figures.ui_work
    with tempfile.TemporaryDirectory(prefix="dutydesk-bench-") as scratch:
        path = copy_db(db, Path(scratch))
        app = DutyDeskApp(Store.open(path, read_only=True))
        figures.floor_latencies = poll_floor(path, 2 * runs, app.poll_interval)
        async with app.run_test(size=(80, 24)) as pilot:
            while app.main is None or app.main.snapshot is None:
                await pilot.pause(0.05)
            screen = app.main
            incidents = screen.query_one(IncidentList)
            detail = screen.query_one(IncidentDetail)
            applied: list[float] = []
            original = screen.apply_snapshot

            def timed(snapshot: object) -> None:
                start = time.perf_counter()
                original(snapshot)  # type: ignore[arg-type]
                for y in range(incidents.size.height):
                    incidents.render_line(y)
                applied.append(time.perf_counter() - start)

            screen.apply_snapshot = timed  # type: ignore[method-assign]
            for _ in range(2 * runs):
                start = time.perf_counter()
                for y in range(incidents.size.height):
                    incidents.render_line(y)
                figures.floor_ui_work.append(time.perf_counter() - start)
            for n in range(runs):
                for kind in ("incident", "note"):
                    await pilot.pause(0.3)
                    applied.clear()
                    selected = incidents.selected_id
                    if kind == "incident":
                        made, acked = _write(path, "incident", f"Bench {n} {time.time_ns()}")
                    else:
                        made, acked = _write(path, "note", str(selected), str(n))
                    deadline = time.time() + 20
                    while not _shows(kind, made, incidents, detail) and time.time() < deadline:
                        await pilot.pause(0.002)
                    seen = _shows(kind, made, incidents, detail)
                    latencies.append(time.time() - acked if seen else float("inf"))
                    ui_work.append(sum(applied))
    return figures


def _shows(kind: str, made: str, incidents: Any, detail: Any) -> bool:
    """The new incident is a row of the list, or the new note an entry of the timeline."""
    if kind == "incident":
        return any(r.ref == made for r in incidents.rows)
    return any(e.id == made for e in detail.entries)


def show(name: str, values: list[float], unit: str, target: str, scale: float = 1.0) -> None:
    v = [x * scale for x in values]
    print(
        f"{name:<44} median {statistics.median(v):8.1f} {unit:<5} "
        f"(min {min(v):.1f}, max {max(v):.1f})" + (f"   target {target}" if target else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--word", default="drone", help="typed into the filter for (b)")
    parser.add_argument("--saves-only", action="store_true", help="measure (f) alone")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("bench/ui.py needs tmux", file=sys.stderr)
        return 2
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cpus, "
        f"Python {platform.python_version()}; db: {args.db} ({args.db.stat().st_size:,} B)"
    )
    saves = asyncio.run(save_times(args.db, args.runs))
    if args.saves_only:
        _show_saves(saves)
        return 0
    runs = []
    for n in range(args.runs):
        result = one_run(args.db, args.idle_seconds)
        print(f"  run {n + 1}: " + ", ".join(f"{k}={v:.3f}" for k, v in result.items()))
        runs.append(result)
    keystrokes: list[float] = []
    for _ in range(args.runs):
        keystrokes += asyncio.run(filter_times(args.db, args.word))
    print()
    show(
        "(a) start to first screen of incidents",
        [r["startup"] for r in runs],
        "ms",
        "<= 1000 ms at a year, <= 600 ms sample",
        1000,
    )
    show("(b) filter keystroke to updated list", keystrokes, "ms", "<= 50 ms", 1000)
    show(
        "(c) another process's save to the screen",
        [r["live"] for r in runs],
        "ms",
        "<= 500 ms median, <= 1000 ms max",
        1000,
    )
    show("(d) idle output to the terminal", [r["idle_bytes"] for r in runs], "B/s", "<= 300 B/s")
    show("(d) idle CPU", [r["idle_cpu"] for r in runs], "%", "<= 1 %")
    show("(e) memory (RSS)", [r["rss"] for r in runs], "MB", "<= 300 MB at a year")
    _show_saves(saves)
    return 0


def _show_saves(saves: SaveFigures) -> None:
    show("(f) save elsewhere to the pane", saves.latencies, "ms", "<= 500 ms median", 1000)
    show("    floor: a bare Store polling as often", saves.floor_latencies, "ms", "", 1000)
    show("(f) UI-thread work per save", saves.ui_work, "ms", "<= 50 ms", 1000)
    show("    floor: drawing the list's lines alone", saves.floor_ui_work, "ms", "", 1000)


if __name__ == "__main__":
    raise SystemExit(main())
