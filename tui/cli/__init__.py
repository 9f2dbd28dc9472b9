"""The `dutydesk` command: opens the app, or does one thing to a database and exits.

Everything but opening the app runs without importing Textual, so a logging command from a
script or another terminal starts fast. Every failure is one line on stderr and a non-zero exit.
Every line printed, errors included, goes through `say` (or `_print_json`), so the data it
carries is shown literally and never drives the terminal (`tui.model.text`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from tui.cli.common import (
    CommandError,
    after_save,
    db_path,
    open_store,
    warn_about_archives,
    when,
)
from tui.cli.output import say, say_error
from tui.cli.parser import DEFAULT_REGION, build_parser, join_time_values
from tui.cli.roster import cmd_roster
from tui.locations import APP_NAME, SAMPLE_DB
from tui.model.filters import IncidentFilter
from tui.model.gazetteer import get_region
from tui.model.records import (
    DEFAULT_INCIDENT_KINDS,
    Incident,
    IncidentStatus,
)
from tui.model.refs import check_station
from tui.model.text import printable_json
from tui.model.timegrammar import TimeParseError, parse_due, parse_time
from tui.model.validators import RecordError, Rules, incident_input
from tui.report.incident_text import list_line, sheet_lines
from tui.store.durable import write_atomic
from tui.store.errors import StoreError
from tui.store.journal import journal_path
from tui.store.store import Store


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for number, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            say_error(f"argument {number} is not UTF-8 text (check the terminal's encoding)")
            return 2
    parser = build_parser()
    args = parser.parse_args(join_time_values(argv))
    try:
        if args.command is None:
            return open_app(args)
        return COMMANDS[args.command](args)
    except (CommandError, StoreError, TimeParseError, ValueError, LookupError) as error:
        say_error(error)
        return 1
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        say_error(f"{where}{error.strerror or error}")
        return 1
    except KeyboardInterrupt:
        return 130


# -- commands ---------------------------------------------------------------------------------


def demo_copy() -> Path:
    """A scratch copy of the sample database (with its journal), for `--demo`."""
    path = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-demo-")) / SAMPLE_DB.name
    for source in (SAMPLE_DB, journal_path(SAMPLE_DB)):
        if not source.is_file():
            raise CommandError(f"{source}: the sample database is not installed")
        target = path.with_name(source.name)
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
    return path


def open_app(args: argparse.Namespace) -> int:
    path = demo_copy() if args.demo else db_path(args)
    store = Store.open(path, read_only=args.read_only, operator=args.operator)
    from tui.ui.app import run_app

    return run_app(store)


def cmd_init(args: argparse.Namespace) -> int:
    path = db_path(args)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store.create(path, check_station(args.station), region=args.region)
    say(f"created {path} (station {store.station}, region {store.region.name_en})")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    path = db_path(args)
    if not path.exists():
        # Refuse bad input before a new database file is created for it.
        check_new_incident_input(args)
        path.parent.mkdir(parents=True, exist_ok=True)
    station = check_station(args.station or os.environ.get("DUTYDESK_STATION") or "HQ")
    store = Store.open(path, operator=args.operator, create_station=station)
    incident = store.create_incident(
        args.title,
        args.district,
        kind=args.kind,
        severity=args.severity,
        occurred_at=when(store, args.at),
        reported_at=when(store, args.reported),
        location=args.location,
        settlement=args.settlement,
        narrative=args.narrative,
    )
    say(incident.ref, flush=True)
    after_save(store)
    return 0


def check_new_incident_input(args: argparse.Namespace) -> None:
    """Judge `new`'s arguments as a database of the default region would: by the validators
    every write passes (a refusal here creates no database file)."""
    region = get_region(DEFAULT_REGION)
    now, tz = datetime.now(UTC), ZoneInfo(region.tz_name)
    for text in (args.at, args.reported):
        if text is not None:
            parse_time(text, now, tz)
    typed = {
        "title": args.title,
        "district": args.district,
        "kind": args.kind,
        "severity": args.severity,
        "location": args.location,
        "settlement": args.settlement,
        "narrative": args.narrative,
    }
    try:
        incident_input(typed, Rules(region, DEFAULT_INCIDENT_KINDS), linked=str)
    except RecordError as error:
        raise CommandError(str(error)) from None


def cmd_log(args: argparse.Namespace) -> int:
    store = open_store(args)
    entry = store.append_entry(
        args.incident, " ".join(args.text), kind=args.kind, occurred_at=when(store, args.at)
    )
    say(entry.id, flush=True)
    after_save(store)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    store = open_store(args)
    incident = store.change_status(args.ref, args.status, reason=args.reason)
    say(f"{incident.ref} {incident.status}")
    after_save(store)
    return 0


def cmd_team(args: argparse.Namespace) -> int:
    store = open_store(args)
    check_in = parse_due(args.check_in, store.clock(), store.tz) if args.check_in else None
    team = store.set_team_status(
        args.callsign,
        args.status,
        incident=args.incident,
        check_in_due=check_in,
        note=args.note,
        reason=args.reason,
    )
    served = store.incident(team.incident).ref if team.incident else "-"
    say(f"{team.callsign} {team.status} {served}")
    after_save(store)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args, read_only=True)
    where = IncidentFilter()
    if args.status:
        valid = {s.value for s in IncidentStatus} | {"open"}
        if args.status not in valid:
            raise CommandError(
                f"unknown status {args.status!r}; use one of {', '.join(sorted(valid))}"
            )
        where = IncidentFilter(statuses=frozenset({args.status}))
    incidents = store.incidents(where, archived=True)
    conflicted = store.conflicts_by_incident()

    def fields(incident: Incident) -> list[str]:
        return [c.field for c in conflicted.get(incident.id, [])]

    if args.json:
        _print_json(
            [{**incident.to_doc(), "conflicts": fields(incident)} for incident in incidents]
        )
        warn_about_archives(store)
        return 0
    for incident in incidents:
        say(list_line(incident, store.region, store.tz, fields(incident)))
    if not incidents:
        say("no incidents", err=True)
    warn_about_archives(store)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args, read_only=True)
    incident = store.incident(args.ref)
    timeline = store.timeline(incident.id)
    conflicts = store.conflicts_by_incident().get(incident.id, [])
    if args.json:
        doc = incident.to_doc()
        doc["timeline"] = [entry.to_doc() for entry in timeline]
        doc["conflicts"] = [
            {
                "field": c.field,
                "shown": c.shown,
                "values": [
                    {"station": v.station, "hlc": v.hlc, "value": v.value} for v in c.values
                ],
            }
            for c in conflicts
        ]
        _print_json(doc)
        return 0
    for line in sheet_lines(store, incident, timeline, conflicts):
        say(line)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from tui.report import build_shift_report, render

    store = open_store(args, read_only=True)
    report = build_shift_report(store, since=when(store, args.since), until=when(store, args.until))
    text = render(report, args.format)
    warn_about_archives(store)
    if args.output is None:
        for line in text.splitlines():
            say(line)
        return 0
    write_atomic(args.output, text.encode("utf-8"))
    say(f"wrote {args.output}", err=True)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store(args, read_only=True)
    header = store.export_bundle(args.output, since=when(store, args.since))
    ranges = ", ".join(f"{s} #{a}–#{b}" for s, (a, b) in sorted(header["ranges"].items()))
    say(f"wrote {args.output}: station {header['station']}, {ranges or 'no changes'}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args, read_only=args.dry_run)
    summary = store.import_bundle(args.bundle, dry_run=args.dry_run)
    for line in summary.lines(dry_run=args.dry_run):
        say(line)
    if not args.dry_run:
        after_save(store)
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    store = open_store(args)
    matching = [
        c
        for c in store.conflicts()
        if args.record.casefold() in (c.label.casefold(), c.record) and c.field == args.field
    ]
    if not matching:
        raise CommandError(f"no open conflict on {args.record} {args.field}")
    conflict = matching[0]
    if args.keep is not None:
        kept = [v for v in conflict.values if v.station.casefold() == args.keep.casefold()]
        if not kept:
            stations = ", ".join(v.station for v in conflict.values)
            raise CommandError(f"no value from station {args.keep}; the sides are {stations}")
        value: Any = kept[0].value
    else:
        value = _typed(conflict.shown, args.value)
    store.resolve_conflict(conflict.record, conflict.field, value)
    say(f"{conflict.label} {conflict.field} = {value}")
    return 0


def _typed(example: Any, text: str) -> Any:
    """Read `--value` as the kind of value the field holds (a number for casualties)."""
    if isinstance(example, bool):
        return text.casefold() in YES | {"true"}
    if isinstance(example, int) or (example is None and text.isdigit()):
        try:
            return int(text)
        except ValueError:
            raise CommandError(f"{text!r} is not a whole number") from None
    return text


YES = frozenset({"y", "yes", "д", "да"})


def cmd_handover(args: argparse.Namespace) -> int:
    """The incoming officer answers each open item: `y`, or why it is not acknowledged."""
    from tui.report.handover import handover_items

    store = open_store(args)
    items = handover_items(store)
    say(f"Handover {store.operator} → {args.to}: {len(items)} open item(s)")
    acknowledged: list[dict[str, Any]] = []
    unacknowledged: list[dict[str, Any]] = []
    for number, item in enumerate(items, start=1):
        say(f"[{number}/{len(items)}] {item.label}")
        answer = "y" if args.yes else ask("  acknowledge? y, or say why not: ")
        if answer.casefold() in YES:
            acknowledged.append(item.as_doc())
        else:
            unacknowledged.append({**item.as_doc(), "reason": answer})
    entry = store.record_handover(args.to, acknowledged, unacknowledged)
    say(entry.text)
    return 0


def ask(prompt: str) -> str:
    """Read a non-empty answer; the end of input stops the handover before anything is written."""
    while True:
        print(prompt, end="", flush=True)
        line = sys.stdin.readline()
        if not line:
            print()
            raise CommandError("handover not recorded: input ended before every item was answered")
        if line.strip():
            return line.strip()


def cmd_check(args: argparse.Namespace) -> int:
    from tui.store.check import check_database

    if args.repair:
        damage = Store.repair(db_path(args), operator=args.operator)
        if damage is None:
            say(f"{db_path(args)}: the journal agrees with the database file: nothing to repair")
        else:
            say(f"repaired: {damage.reason}; the gap is recorded in the duty log")
    report = check_database(db_path(args))
    counts = ", ".join(f"{n} {what}" for what, n in report.counts.items())
    for conflict in report.conflicts:
        sides = " / ".join(f"{v.value!r} ({v.station})" for v in conflict.values)
        line = f"{report.path}: open conflict: {conflict.label} {conflict.field}: {sides}"
        say(line)
    if report.ok:
        say(f"{report.path}: OK: checksum, schema and journal verified; {counts}")
        return 0
    for problem in report.problems:
        say(f"{report.path}: {problem}")
    say(f"{report.path}: {len(report.problems)} problem(s) found; {counts}", err=True)
    return 1


def _print_json(value: Any) -> None:
    """`value` as JSON on stdout, the characters of the text table written as escapes."""
    text = printable_json(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8"))
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "new": cmd_new,
    "log": cmd_log,
    "status": cmd_status,
    "team": cmd_team,
    "roster": cmd_roster,
    "list": cmd_list,
    "show": cmd_show,
    "report": cmd_report,
    "handover": cmd_handover,
    "export": cmd_export,
    "import": cmd_import,
    "resolve": cmd_resolve,
    "check": cmd_check,
}
