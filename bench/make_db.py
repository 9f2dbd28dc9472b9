"""Generate a database of a given size for the benchmarks (docs/product.md §9).

    python bench/make_db.py --incidents 2000 --entries 20000 -o month.json
    python bench/make_db.py --incidents 20000 --entries 200000 --teams 60 -o year.json
    python bench/make_db.py --incidents 20000 --entries 60000 --teams 60 --live -o live.json

With `--live` every incident stays open in the live file (nothing is archived): the desk's
worst case, where every save lands beside 20,000 rows it must not rebuild.

Incidents are spread over the period ending now (a month for up to 2,000, else a year), each
with its report, a dispatched team that goes on scene and comes back, notes, and a close for all
but the recent ones. Everything goes through the Store API in one batch, so the result is a
real database that passes `dutydesk check`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.model.gazetteer import get_region
from tui.model.records import DEFAULT_INCIDENT_KINDS, Severity, TeamType
from tui.store.store import Store

NOTES = (
    "Caller reports smoke visible from the road",
    "Police cordon in place",
    "Traffic diverted via the minor road",
    "Crash-site inspection under way",
    "No injuries reported",
    "Утечка устранена, подача восстановлена",
    "Жильцы предупреждены",
    "Debris collected for investigation",
    "Power restored to 120 households",
    "Road reopened",
)


class Clock:
    """A settable clock, so generated records carry times across the whole period."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def log_incident(
    store: Store,
    clock: Clock,
    rng: random.Random,
    districts: list[str],
    callsigns: list[str],
    *,
    entries: int,
    closes: bool,
    dispatch_chance: float = 1.0,
    step_minutes: int = 40,
    end: datetime | None = None,
) -> None:
    """One incident's story from `clock.now` on, in one batch (one journal line, one fsync):
    its report, a team dispatched there and back when one is free, notes up to `entries`
    timeline entries in all, and a close. Steps stop at `end`."""
    with store.batch():
        incident = store.create_incident(
            f"{rng.choice(DEFAULT_INCIDENT_KINDS).replace('_', ' ')} #{rng.randrange(10**6)}",
            rng.choice(districts),
            kind=rng.choice(DEFAULT_INCIDENT_KINDS),
            severity=rng.choice(list(Severity)).value,
            location="near a minor road",
        )
        steps: list[tuple[str, str]] = [("status", "active")]
        team = rng.choice(callsigns)
        if rng.random() < dispatch_chance and store.team(team).status == "available":
            steps += [("dispatch", team), ("team", "en_route"), ("team", "on_scene")]
            steps += [("team", "returning"), ("team", "available")]
        steps += [("note", "")] * max(0, entries - 1 - len(steps) - closes)
        if closes:
            steps.append(("status", "closed"))
        for kind, value in steps:
            clock.now += timedelta(minutes=rng.randint(1, step_minutes))
            if end is not None and clock.now > end:
                break
            if kind == "status":
                store.change_status(incident.id, value)
            elif kind == "dispatch":
                store.dispatch_team(value, incident.id)
            elif kind == "team":
                store.set_team_status(team, value)
            else:
                store.append_entry(incident.id, rng.choice(NOTES))


def build(
    path: Path, incidents: int, entries: int, teams: int, seed: int, *, live: bool = False
) -> None:
    rng = random.Random(seed)
    end = datetime.now(UTC).replace(microsecond=0)
    span = timedelta(days=30 if incidents <= 2000 else 365)
    clock = Clock(end - span - timedelta(days=1))
    store = Store.create(path, "HQ", operator="bench", clock=clock)
    districts = [d.key for d in get_region("kaluga").districts]
    team_types = list(TeamType)
    with store.batch():
        callsigns: list[str] = []
        for number in range(teams):
            team_type = team_types[number % len(team_types)]
            callsign = f"{team_type.value[:4].upper()}-{number + 1}"
            store.create_team(
                callsign,
                f"{team_type.value} team {number + 1}",
                team_type,
                districts[number % len(districts)],
            )
            callsigns.append(callsign)
        per_incident = max(1, entries // max(1, incidents))
        starts = sorted(end - span * rng.random() for _ in range(incidents))
    for start in starts:
        clock.now = start
        recent = end - start < timedelta(days=2)
        log_incident(
            store,
            clock,
            rng,
            districts,
            callsigns,
            entries=per_incident,
            closes=not live and (not recent or rng.random() < 0.3),
            end=end,
        )
        store.checkpoint_if_due()
    clock.now = end
    if not live:
        store.archive(force=True)
    store.checkpoint()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, required=True)
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--live", action="store_true", help="keep every incident open and live")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    if args.output.exists():
        parser.error(f"{args.output} exists; remove it first")
    started = time.perf_counter()
    build(args.output, args.incidents, args.entries, args.teams, args.seed, live=args.live)
    size = args.output.stat().st_size / 1e6
    print(f"{args.output}: {size:.1f} MB in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
