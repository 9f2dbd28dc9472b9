"""`dutydesk roster`: the department's teams, added, edited, retired, or imported from a CSV.

Each is a change record like any other write (audited, exported, merged). A CSV is one durable
write or none: a bad row refuses the whole file, naming the row and what is wrong with it.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from tui.cli.common import CommandError, after_save, open_store
from tui.cli.output import say
from tui.model.records import Team, label
from tui.store.errors import InvalidInputError, StoreError
from tui.store.store import Store

#: The columns a roster CSV has (a header row names them; `note` may be left out).
CSV_COLUMNS = ("callsign", "name", "type", "home_district", "note")


def cmd_roster(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.roster == "add":
        teams = [
            store.create_team(args.callsign, args.name, args.type, args.district, note=args.note)
        ]
    elif args.roster == "edit":
        changes = {
            field: value
            for field, value in (
                ("name", args.name),
                ("type", args.type),
                ("home_district", args.district),
                ("note", args.note),
            )
            if value is not None
        }
        if not changes:
            raise CommandError("say what to change: --name, --type, --district or --note")
        teams = [store.edit_team(args.callsign, **changes)]
    elif args.roster == "retire":
        teams = [store.retire_team(args.callsign, args.reason)]
    else:
        teams = import_csv(store, args.file)
    for team in teams:
        say(_line(team))
    after_save(store)
    return 0


def import_csv(store: Store, path: Path) -> list[Team]:
    """Every row of the file as a new team, in one durable write; a bad row refuses them all."""
    rows = _rows(path)
    made: list[Team] = []
    with store.batch():
        for number, row in rows:
            try:
                made.append(
                    store.create_team(
                        row["callsign"],
                        row["name"],
                        row["type"],
                        row["home_district"],
                        note=row.get("note") or "",
                    )
                )
            except StoreError as error:
                raise InvalidInputError(
                    f"{path}: row {number}: {error}; nothing was added"
                ) from None
    return made


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The file's rows with their line numbers, after its header is checked."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text") from None
    reader = csv.DictReader(text.splitlines())
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in CSV_COLUMNS[:4] if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        wanted = ",".join(CSV_COLUMNS)
        raise CommandError(f"{path}: the header must be {wanted} (note optional)")
    reader.fieldnames = header
    rows = []
    for row in reader:
        if None in row or any(value is None for value in row.values()):
            raise CommandError(f"{path}: row {reader.line_num}: not {len(header)} columns")
        rows.append((reader.line_num, {k: v.strip() for k, v in row.items()}))
    if not rows:
        raise CommandError(f"{path}: no teams in the file")
    return rows


def _line(team: Team) -> str:
    state = "retired" if team.retired else label(team.status)
    return f"{team.callsign} {team.type} {team.home_district} {state} {team.name}"
