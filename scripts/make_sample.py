"""Build `sample_db.json`, the demo database of docs/product.md §8.

    python scripts/make_sample.py [-o sample_db.json]

The Kaluga Region on the morning of 24 November 2026 (Moscow time): the two drone shoot-downs
of the news report that docs/product.md §8 retells (Sukhinichsky and Babyninsky districts), the
teams working them, a few older closed incidents, and the night-to-day shift change and regime
change in the duty log.

Everything is written through `Store`, so the file holds real changes, entries and audit trail,
under a frozen clock that the script moves forward before each write. The content is the same on
every run apart from ids, the device id and hashes. The database is built in a temporary
directory beside the output, checkpointed, and only then moved over the output together with its
journal (`sample_db.json.journal`, the change log: history, export and merge read it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tui.store.journal import journal_path  # noqa: E402
from tui.store.lock import lock_path  # noqa: E402
from tui.store.store import Store  # noqa: E402

MSK = ZoneInfo("Europe/Moscow")
#: Who writes, and when: a write takes its author and its recorded time from here.
WriteAs = Callable[[str, datetime], datetime]

NIGHT = "Petrova A."
DAY = "Sidorov K."


class FrozenClock:
    """A clock that stands still until the script moves it; it never runs backwards."""

    def __init__(self, start: datetime) -> None:
        self.now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> datetime:
        when = when.astimezone(UTC)
        if when < self.now:
            raise ValueError(f"the sample clock cannot go back from {self.now} to {when}")
        self.now = when
        return when


def msk(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Moscow wall-clock time in 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=MSK)


def build(path: Path) -> None:
    clock = FrozenClock(msk(10, 20, 9, 0))
    store = Store.create(path, "HQ", region="kaluga", operator=DAY, clock=clock)

    def write_as(operator: str, when: datetime) -> datetime:
        store.operator = operator
        return clock.set(when)

    build_teams(store, write_as)
    build_history(store, write_as)
    build_today(store, write_as)
    store.checkpoint()


def build_teams(store: Store, write_as: WriteAs) -> None:
    write_as(DAY, msk(10, 20, 9, 0))
    teams = [
        ("SPAS-12", "Sukhinichi rescue unit (PSCh-12)", "rescue", "sukhinichsky"),
        ("SPAS-5", "Obninsk search and rescue unit", "rescue", "obninsk"),
        ("PCH-7", "Fire and rescue station 7, Babynino", "fire", "babyninsky"),
        ("PCH-15", "Fire and rescue station 15, Kaluga", "fire", "kaluga"),
        ("GIBDD-3", "Traffic police patrol, Babyninsky", "police", "babyninsky"),
        ("GIBDD-1", "Traffic police patrol, Maloyaroslavets", "police", "maloyaroslavetsky"),
        ("SMP-2", "Ambulance crew 2, Medyn substation", "medical", "medynsky"),
        ("EOD-1", "Regional EOD / sapper team", "eod", "kaluga"),
        ("DOR-4", "Road maintenance crew 4 (Kaluga Avtodor)", "road_service", "babyninsky"),
        ("ENERGO-1", "Grid emergency crew, Kozelsk RES", "utility", "kozelsky"),
    ]
    for minute, (callsign, name, team_type, home) in enumerate(teams):
        write_as(DAY, msk(10, 20, 9, minute))
        store.create_team(callsign, name, team_type, home)


def build_history(store: Store, write_as: WriteAs) -> None:
    """Older incidents, all closed or cancelled before the current shift."""
    # -- a grass fire (Peremyshlsky), 29 October ------------------------------------------------
    t = write_as(DAY, msk(10, 29, 14, 12))
    fire = store.create_incident(
        "Пал сухой травы на окраине Перемышля",
        "Перемышльский",
        kind="fire",
        severity="minor",
        occurred_at=msk(10, 29, 13, 55),
        occurred_approx=True,
        settlement="Перемышль",
        location="пустырь у дороги на Калугу, окраина села",
        source="Житель села (звонок 112)",
        source_contact="+7 910 000-41-17",
        narrative="Горит сухая трава на площади около 0,5 га, ветер в сторону дачных участков.",
    ).ref
    write_as(DAY, t + timedelta(minutes=2))
    store.dispatch_team("PCH-15", fire, status="en_route")
    write_as(DAY, t + timedelta(minutes=26))
    store.change_status(fire, "active")
    store.set_team_status("PCH-15", "on_scene")
    write_as(DAY, t + timedelta(minutes=31))
    store.append_entry(fire, "Площадь возгорания 0,8 га, угрозы строениям нет.", kind="report")
    write_as(DAY, t + timedelta(minutes=58))
    store.append_entry(fire, "Возгорание локализовано силами ПЧ-15.", kind="action")
    write_as(DAY, t + timedelta(minutes=84))
    store.edit_incident(fire, {"injured": 0, "dead": 0, "damage": "Выгорело 0,8 га сухой травы"})
    store.set_team_status("PCH-15", "returning")
    write_as(DAY, t + timedelta(minutes=86))
    store.change_status(fire, "closed", reason="Ликвидировано, пострадавших нет")
    write_as(DAY, t + timedelta(minutes=110))
    store.set_team_status("PCH-15", "available")

    # -- a road accident with two injured (Maloyaroslavetsky), 18 November ----------------------
    t = write_as(NIGHT, msk(11, 18, 6, 47))
    crash = store.create_incident(
        "ДТП с пострадавшими, трасса М-3 «Украина», 104 км",
        "Maloyaroslavetsky",
        kind="road_accident",
        severity="moderate",
        occurred_at=msk(11, 18, 6, 40),
        occurred_approx=True,
        location="M-3, km 104, southbound carriageway",
        source="GIBDD duty unit, Maloyaroslavets",
        source_contact="duty phone +7 (48431) 0-02-02",
        narrative="Two cars collided in freezing fog; people trapped in one vehicle.",
    ).ref
    write_as(NIGHT, t + timedelta(minutes=1))
    store.dispatch_team("GIBDD-1", crash, status="en_route")
    store.dispatch_team("SMP-2", crash, status="en_route")
    write_as(NIGHT, t + timedelta(minutes=14))
    store.change_status(crash, "active")
    store.set_team_status("GIBDD-1", "on_scene")
    write_as(NIGHT, t + timedelta(minutes=21))
    store.set_team_status("SMP-2", "on_scene")
    write_as(NIGHT, t + timedelta(minutes=33))
    store.edit_incident(crash, {"injured": 2, "dead": 0})
    store.append_entry(
        crash,
        "Two injured (driver and passenger of the Lada), taken to Maloyaroslavets CRH.",
        kind="report",
    )
    store.set_team_status("SMP-2", "returning", note="2 patients to Maloyaroslavets CRH")
    write_as(NIGHT, t + timedelta(minutes=55))
    store.append_entry(crash, "One lane open; vehicles being cleared by tow truck.", kind="action")
    store.set_team_status("SMP-2", "available", note="back at the substation")
    write_as(DAY, msk(11, 18, 8, 20))
    store.set_team_status("GIBDD-1", "available")
    store.edit_incident(crash, {"damage": "Two cars heavily damaged", "verified": True})
    store.change_status(crash, "closed", reason="Carriageway cleared, traffic restored")

    # -- a drill (Kaluga), 19 November: exercise flag set ---------------------------------------
    t = write_as(DAY, msk(11, 19, 10, 0))
    drill = store.create_incident(
        "УЧЕНИЯ: падение обломков БПЛА на территории промзоны",
        "Калуга",
        kind="uav_crash",
        severity="info",
        occurred_at=t,
        exercise=True,
        injured=0,
        dead=0,
        settlement="Калуга",
        location="промзона Грабцево (условно)",
        source="План учений ГУ МЧС по Калужской области",
        narrative="Тактико-специальные учения: условное падение обломков БПЛА, "
        "оцепление, разведка места падения, эвакуация персонала.",
    ).ref
    write_as(DAY, t + timedelta(minutes=3))
    store.change_status(drill, "active")
    store.dispatch_team("SPAS-5", drill, status="en_route", note="exercise")
    store.dispatch_team("EOD-1", drill, status="en_route", note="exercise")
    write_as(DAY, t + timedelta(minutes=41))
    store.set_team_status("SPAS-5", "on_scene")
    store.set_team_status("EOD-1", "on_scene")
    write_as(DAY, t + timedelta(minutes=90))
    store.append_entry(
        drill, "Условная эвакуация 120 человек завершена за 18 минут.", kind="action"
    )
    write_as(DAY, t + timedelta(minutes=125))
    store.set_team_status("SPAS-5", "available")
    store.set_team_status("EOD-1", "available")
    store.change_status(drill, "closed", reason="Учения завершены, замечаний нет")

    # -- a power outage (Kozelsky), 20 November -------------------------------------------------
    t = write_as(NIGHT, msk(11, 20, 2, 15))
    outage = store.create_incident(
        "Power outage, three villages in Kozelsky District",
        "Kozelsky",
        kind="utility_outage",
        severity="moderate",
        occurred_at=msk(11, 20, 1, 50),
        settlement="Sosensky (surrounding villages)",
        location="10 kV feeder from the Kozelsk substation",
        source="Kozelsk RES dispatcher",
        source_contact="+7 (48442) 0-12-34",
        narrative="Icing on the 10 kV line; about 640 residents without power, "
        "one boiler house on backup generator.",
        injured=0,
        dead=0,
    ).ref
    write_as(NIGHT, t + timedelta(minutes=5))
    store.dispatch_team("ENERGO-1", outage, status="en_route")
    store.change_status(outage, "active")
    write_as(NIGHT, t + timedelta(minutes=62))
    store.set_team_status("ENERGO-1", "on_scene")
    write_as(NIGHT, msk(11, 20, 5, 40))
    store.append_entry(outage, "Damaged span found near the village; repair under way.")
    write_as(DAY, msk(11, 20, 11, 20))
    store.append_entry(outage, "Power restored to all three villages.", kind="report")
    store.edit_incident(outage, {"damage": "One span of 10 kV line broken by ice"})
    store.set_team_status("ENERGO-1", "returning")
    write_as(DAY, msk(11, 20, 11, 35))
    store.change_status(outage, "closed", reason="Supply restored 11:20")
    write_as(DAY, msk(11, 20, 12, 30))
    store.set_team_status("ENERGO-1", "available")
    write_as(DAY, msk(11, 21, 9, 10))
    store.set_team_status(
        "ENERGO-1",
        "out_of_service",
        reason="aerial platform truck in repair (hydraulics) until 26.11",
    )

    # -- a false alarm (Obninsk), 22 November: cancelled with a reason --------------------------
    t = write_as(NIGHT, msk(11, 22, 21, 34))
    alarm = store.create_incident(
        "Сообщение о вспышке и хлопке над Обнинском",
        "Obninsk",
        kind="other",
        severity="minor",
        occurred_at=msk(11, 22, 21, 30),
        occurred_approx=True,
        settlement="Обнинск",
        location="район ул. Курчатова",
        source="Несколько звонков жителей в 112",
        narrative="Жители сообщают о вспышке и громком хлопке в небе, возможно БПЛА.",
    ).ref
    write_as(NIGHT, t + timedelta(minutes=2))
    store.dispatch_team("SPAS-5", alarm, status="alerted")
    write_as(NIGHT, t + timedelta(minutes=17))
    store.append_entry(
        alarm,
        "Полиция Обнинска: салют на частном торжестве во дворе, угрозы нет.",
        kind="report",
    )
    store.set_team_status("SPAS-5", "available", note="stood down, false alarm")
    store.edit_incident(alarm, {"injured": 0, "dead": 0, "damage": "None"})
    store.change_status(
        alarm, "cancelled", reason="Ложный вызов: праздничный салют, подтверждено полицией"
    )


def build_today(store: Store, write_as: WriteAs) -> None:
    """The night of 23-24 November and the day shift up to about 13:00 Moscow time."""
    # -- the night shift takes over --------------------------------------------------------------
    write_as(NIGHT, msk(11, 23, 20, 0))
    store.append_entry(None, f"Shift handed over: {DAY} → {NIGHT}", kind="shift_change")
    write_as(NIGHT, msk(11, 24, 5, 31))
    store.append_entry(
        None,
        "Regional air-defence: UAV activity over the south-west of the region; "
        "district duty services warned.",
        kind="note",
    )

    # -- drone 1: Sukhinichsky District, near a rural area -----------------------------------------
    t = write_as(NIGHT, msk(11, 24, 5, 52))
    sukh = store.create_incident(
        "Drone shot down near Sukhinichi",
        "Sukhinichsky",
        kind="drone_shootdown",
        severity="moderate",
        occurred_at=msk(11, 24, 5, 40),
        occurred_approx=True,
        settlement="Sukhinichi (outskirts)",
        location="farmland in a rural area north-west of the town",
        coordinates=[54.12, 35.30],
        source="Regional air-defence duty officer",
        source_contact="via MoD liaison, +7 (4842) 00-70-01",
        narrative="Air defence reports a UAV shot down over Sukhinichsky District; "
        "debris fell in open farmland. Detection time and altitude not disclosed.",
    ).ref
    write_as(NIGHT, t + timedelta(minutes=2))
    store.dispatch_team("SPAS-12", sukh, status="en_route")
    store.dispatch_team("EOD-1", sukh, status="alerted")
    write_as(NIGHT, t + timedelta(minutes=5))
    wrong = store.append_entry(
        sukh,
        "Debris reported about 3 km north-east of Sukhinichi, next to a farm track.",
        kind="report",
    )
    store.change_status(sukh, "active")
    write_as(NIGHT, t + timedelta(minutes=9))
    store.set_team_status("EOD-1", "en_route")

    write_as(NIGHT, msk(11, 24, 6, 12))
    store.set_team_status("SPAS-12", "on_scene")

    # -- drone 2: Babyninsky District, close to a minor road ---------------------------------------
    t = write_as(NIGHT, msk(11, 24, 6, 18))
    baby = store.create_incident(
        "Drone shot down near a minor road, Babyninsky District",
        "Babyninsky",
        kind="drone_shootdown",
        severity="major",
        occurred_at=msk(11, 24, 6, 5),
        settlement="Babynino (area)",
        location="close to a minor local road south of Babynino",
        coordinates=[54.37, 35.73],
        source="Babyninsky District police duty unit",
        source_contact="duty officer, +7 (48448) 0-21-02",
        narrative="Police report a drone shot down and fallen next to a minor road; "
        "debris on the verge. Second shoot-down of the morning in the region.",
        linked=[sukh],
    ).ref
    store.edit_incident(sukh, {"linked": [baby]})
    write_as(NIGHT, t + timedelta(minutes=2))
    store.dispatch_team("GIBDD-3", baby, status="en_route")
    store.dispatch_team("PCH-7", baby, status="en_route")
    store.change_status(baby, "active")
    write_as(NIGHT, t + timedelta(minutes=16))
    store.set_team_status("GIBDD-3", "on_scene")
    write_as(NIGHT, t + timedelta(minutes=19))
    store.append_entry(
        baby,
        "Traffic diverted: the road closed 300 m either side of the debris, "
        "temporary diversion through the neighbouring village.",
        kind="action",
        team=store.team("GIBDD-3").id,
    )
    write_as(NIGHT, t + timedelta(minutes=22))
    store.set_team_status("PCH-7", "on_scene", note="cordon, no fire")
    write_as(NIGHT, msk(11, 24, 6, 45))
    store.change_regime(
        "heightened_readiness",
        "Two drones shot down over Sukhinichsky and Babyninsky districts; "
        "on the order of the head of the regional emergency department",
    )
    write_as(NIGHT, msk(11, 24, 7, 20))
    store.append_entry(
        sukh,
        "SPAS-12: debris found and cordoned off; no buildings within 1 km.",
        kind="report",
        occurred_at=msk(11, 24, 7, 5),
    )
    store.correct_entry(
        wrong.id,
        "Correction: the debris lies about 3 km north-WEST of Sukhinichi, not north-east "
        "(confirmed by SPAS-12 on site).",
    )

    # -- shift change ------------------------------------------------------------------------
    write_as(DAY, msk(11, 24, 8, 0))
    store.append_entry(None, f"Shift handed over: {NIGHT} → {DAY}", kind="shift_change")

    # -- the day shift: crash-site inspections -----------------------------------------------
    write_as(DAY, msk(11, 24, 8, 5))
    store.set_team_status(
        "EOD-1",
        "on_scene",
        note="inspecting the debris",
        check_in_due=msk(11, 24, 12, 30),  # never comes: the one team past its check-in
    )
    write_as(DAY, msk(11, 24, 8, 40))
    store.append_entry(
        sukh,
        "EOD-1 began the crash-site inspection: fuselage fragments and engine found.",
        kind="action",
        team=store.team("EOD-1").id,
    )
    write_as(DAY, msk(11, 24, 9, 25))
    store.append_entry(
        baby,
        "Crash-site inspection under way with police investigators; debris spread ~40 m "
        "along the verge.",
        kind="action",
    )
    write_as(DAY, msk(11, 24, 10, 5))
    store.edit_incident(
        sukh, {"injured": 0, "dead": 0, "damage": "No damage reported", "verified": True}
    )
    store.append_entry(sukh, "No injuries, no damage reported.", kind="report")
    write_as(DAY, msk(11, 24, 10, 20))
    store.append_entry(
        sukh,
        "Sources close to the investigation: drone likely unarmed; origin under investigation.",
        kind="note",
    )
    store.change_status(sukh, "monitoring", reason="site cordoned, EOD inspection continuing")
    write_as(DAY, msk(11, 24, 10, 50))
    store.edit_incident(baby, {"injured": 0, "dead": 0, "damage": "No damage reported"})
    store.append_entry(
        baby,
        "No injuries, no damage reported. Drone likely unarmed, origin under investigation.",
        kind="report",
    )
    write_as(DAY, msk(11, 24, 11, 15))
    store.set_team_status("PCH-7", "returning", note="cordon handed over to police")
    write_as(DAY, msk(11, 24, 11, 25))
    store.append_entry(
        baby,
        "Regional emergency department spokesperson: all protocols followed, the situation "
        "remains under control.",
        kind="note",
    )
    write_as(DAY, msk(11, 24, 11, 40))
    store.dispatch_team(
        "DOR-4", baby, status="en_route", note="diversion signs for an extended closure"
    )
    write_as(DAY, msk(11, 24, 11, 52))
    store.set_team_status("PCH-7", "available", note="back at station")
    write_as(DAY, msk(11, 24, 12, 25))
    store.set_team_status("DOR-4", "on_scene", check_in_due=msk(11, 24, 14, 0))

    # -- a new road accident, casualties not yet known (Medynsky) ----------------------------
    t = write_as(DAY, msk(11, 24, 12, 32))
    medyn = store.create_incident(
        "ДТП: автомобиль в кювете, трасса А-130 у Медыни",
        "Medynsky",
        kind="road_accident",
        severity="moderate",
        occurred_at=msk(11, 24, 12, 20),
        occurred_approx=True,
        settlement="Медынь",
        location="A-130, about km 160, vehicle in the ditch",
        source="Passing driver (112)",
        source_contact="+7 915 000-88-21",
        narrative="Легковой автомобиль в кювете; есть ли пострадавшие, пока неизвестно.",
    ).ref
    write_as(DAY, t + timedelta(minutes=2))
    store.dispatch_team(
        "SMP-2",
        medyn,
        status="en_route",
        check_in_due=msk(11, 24, 13, 20),
        note="to the A-130 accident",
    )
    store.change_status(medyn, "active")

    # -- the Sukhinichi rescuers leave the cordon to EOD-1 -----------------------------------
    write_as(DAY, msk(11, 24, 12, 40))
    store.set_team_status("SPAS-12", "returning", note="site left to EOD-1 and police")
    write_as(DAY, msk(11, 24, 12, 48))
    store.append_entry(
        baby,
        "DOR-4 placed diversion signs; the diversion stays until debris is removed.",
        kind="action",
        team=store.team("DOR-4").id,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=ROOT / "sample_db.json",
        help="where to write the sample (default: sample_db.json in the repository)",
    )
    args = parser.parse_args(argv)
    output: Path = args.output.resolve()
    if not output.parent.is_dir():
        parser.error(f"{output.parent}: no such directory")
    with tempfile.TemporaryDirectory(prefix=".make_sample-", dir=output.parent) as tmp:
        built = Path(tmp) / output.name
        build(built)
        os.replace(journal_path(built), journal_path(output))
        os.replace(built, output)
    lock_path(output).unlink(missing_ok=True)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
