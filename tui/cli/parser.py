"""The command line's grammar: every subcommand, its options, and relative times typed as
they are said (`--at -15m`). An argument error is one line on stderr, exit 2."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from tui.cli.output import say_error
from tui.locations import APP_NAME, DB_ENV
from tui.model.records import EntryKind, IncidentStatus, Severity, TeamStatus, TeamType

DEFAULT_REGION = "kaluga"


class OneLineParser(argparse.ArgumentParser):
    """An argument error is one line on stderr (exit 2), like every other error here."""

    def error(self, message: str) -> NoReturn:
        # The message can quote what was typed (an invalid choice), so it is data too.
        say_error(f"{message} (see {self.prog} --help)")
        self.exit(2)


def build_parser() -> argparse.ArgumentParser:
    common = OneLineParser(add_help=False)
    common.add_argument("--db", type=Path, help=f"database file (default: ${DB_ENV})")
    common.add_argument("--operator", help="who is writing (default: the OS user)")

    parser = OneLineParser(
        prog=APP_NAME,
        parents=[common],
        description="Duty Desk: the duty officer's incident log in the terminal.",
    )
    parser.add_argument("--read-only", action="store_true", help="open the app without writing")
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a scratch copy of sample_db.json"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    p = sub.add_parser("init", parents=[common], help="create an empty database")
    p.add_argument("--station", required=True, help="station code, e.g. HQ or FL1")
    p.add_argument("--region", default=DEFAULT_REGION)

    p = sub.add_parser("new", parents=[common], help="create an incident")
    p.add_argument("--title", required=True)
    p.add_argument("--district", required=True, help="gazetteer name, English or Russian")
    p.add_argument("--kind", default="other")
    p.add_argument("--severity", default=Severity.MINOR.value, choices=[s.value for s in Severity])
    p.add_argument("--at", help="when it happened (TIME)")
    p.add_argument("--reported", help="when it was reported (TIME, default now)")
    p.add_argument("--location", default="")
    p.add_argument("--settlement", default="")
    p.add_argument("--narrative", default="")
    p.add_argument("--station", help="station code if the database must be created (default HQ)")

    p = sub.add_parser("log", parents=[common], help="add a timeline entry")
    p.add_argument("--incident", help="incident reference (omit for the general duty log)")
    p.add_argument("--at", help="when it happened (TIME, default now)")
    p.add_argument("--kind", default=EntryKind.NOTE.value, choices=[k.value for k in EntryKind])
    p.add_argument("text", nargs="+")

    p = sub.add_parser("status", parents=[common], help="change an incident's status")
    p.add_argument("ref")
    p.add_argument("status", choices=[s.value for s in IncidentStatus])
    p.add_argument("--reason", default="")

    p = sub.add_parser("team", parents=[common], help="change a team's status")
    p.add_argument("callsign")
    p.add_argument("status", choices=[s.value for s in TeamStatus])
    p.add_argument("--incident", help="the incident it serves (needed to dispatch)")
    p.add_argument("--note", default="")
    p.add_argument("--check-in", help="next check-in due (TIME, may be ahead: +30m, 15:30)")
    p.add_argument("--reason", default="", help="needed for out_of_service")

    p = sub.add_parser("roster", parents=[common], help="add, edit, retire or import teams")
    roster = p.add_subparsers(
        dest="roster", metavar="ACTION", required=True, parser_class=OneLineParser
    )
    team_types = [t.value for t in TeamType]
    r = roster.add_parser("add", parents=[common], help="add a team to the roster")
    r.add_argument("callsign")
    r.add_argument("name")
    r.add_argument("--type", required=True, choices=team_types)
    r.add_argument("--district", required=True, help="its home district")
    r.add_argument("--note", default="")
    r = roster.add_parser("edit", parents=[common], help="change a team's name, type, district")
    r.add_argument("callsign")
    r.add_argument("--name")
    r.add_argument("--type", choices=team_types)
    r.add_argument("--district")
    r.add_argument("--note")
    r = roster.add_parser("retire", parents=[common], help="take a team off the roster")
    r.add_argument("callsign")
    r.add_argument("--reason", required=True)
    r = roster.add_parser("import", parents=[common], help="add every team of a CSV file")
    r.add_argument("file", type=Path, help="columns: callsign,name,type,home_district[,note]")

    p = sub.add_parser("list", parents=[common], help="list incidents")
    p.add_argument("--status", help="a status, or 'open'")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", parents=[common], help="show an incident and its timeline")
    p.add_argument("ref")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("report", parents=[common], help="the shift report")
    p.add_argument("--since", help="start (TIME; default: the last shift change, else 12 h)")
    p.add_argument("--until", help="end (TIME; default: now)")
    p.add_argument("--format", choices=["text", "md", "json"], default="text")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    p = sub.add_parser("handover", parents=[common], help="hand the shift over (acknowledged)")
    p.add_argument("--to", required=True, help="the incoming officer")
    p.add_argument(
        "--yes", action="store_true", help="the incoming officer acknowledges every item"
    )

    p = sub.add_parser("export", parents=[common], help="write a bundle for another station")
    p.add_argument("-o", "--output", type=Path, required=True, help="the bundle file to write")
    p.add_argument("--since", help="only changes from this TIME on")

    p = sub.add_parser("import", parents=[common], help="merge another station's bundle")
    p.add_argument("bundle", type=Path)
    p.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")

    p = sub.add_parser("resolve", parents=[common], help="settle a conflict from a merge")
    p.add_argument("record", help="incident reference, team call sign or setting")
    p.add_argument("field")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--keep", metavar="STATION", help="keep the value this station wrote")
    which.add_argument("--value", help="write this value instead")

    p = sub.add_parser("check", parents=[common], help="verify a database file")
    p.add_argument(
        "--repair",
        action="store_true",
        help="set a journal that disagrees with the file aside and record the gap",
    )
    return parser


#: Options whose values may start with "-" ("-15m"), which argparse would take for an option.
TIME_OPTIONS = ("--at", "--reported", "--check-in", "--since", "--until")


def join_time_values(argv: Sequence[str]) -> list[str]:
    """`--at -15m` -> `--at=-15m`, so an officer can type a relative time as they say it."""
    out: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        item = items[i]
        if item in TIME_OPTIONS and i + 1 < len(items) and items[i + 1].startswith("-"):
            out.append(f"{item}={items[i + 1]}")
            i += 2
            continue
        out.append(item)
        i += 1
    return out
