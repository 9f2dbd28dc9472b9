"""`dutydesk check`: verify a database file and say what was found.

Reads with the same code as every open (checksum, schema, journal CRCs), then checks what a
checksum cannot: references unique, every entry's incident present, every status a legal
lifecycle step, and each station's chain of change hashes unbroken.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.model.lifecycle import INCIDENT_TRANSITIONS
from tui.model.records import Conflict, IncidentStatus
from tui.model.validators import RecordError, check_setting, readable
from tui.store.archive import archive_paths
from tui.store.changes import change_hash
from tui.store.durable import read_regular
from tui.store.livefile import iter_docs
from tui.store.store import Store

OPEN = frozenset(s.value for s in IncidentStatus if s.is_open)


@dataclass
class CheckReport:
    """What `check` found: counts for the summary and one line per problem."""

    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    """Open conflicts from merges: not damage, but listed for an officer to resolve."""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(path: Path) -> CheckReport:
    """Check the database at `path` read-only; damaged files raise DamagedFileError.

    The change log is read as a stream, one journal line at a time: a year's log is hundreds
    of megabytes and is never held in memory whole.
    """
    store = Store.open(path, read_only=True)
    state = store.state
    report = CheckReport(path)
    problems = report.problems
    problems += _damaged_records(store)
    archive = store.archives
    archived = {d["id"]: archive.shown("incidents", d) for d in archive.incidents()}
    problems += store.archive_warnings()
    incidents = {i: state.shown("incidents", d) for i, d in state.incidents.items()}
    known = {**archived, **incidents}
    refs = Counter(d["ref"] for d in known.values())
    problems += [f"reference {ref} is used by {n} incidents" for ref, n in refs.items() if n > 1]
    for doc in incidents.values():
        for team_id in doc["teams"]:
            if team_id not in state.teams:
                problems.append(f"{doc['ref']} lists a missing team {team_id}")
    for entry in state.entries.values():
        doc = state.shown("entries", entry)
        if doc["incident"] is not None and doc["incident"] not in known:
            problems.append(f"timeline entry {doc['id']} belongs to a missing incident")
        if doc.get("corrects") and doc["corrects"] not in state.entries and not archived:
            problems.append(f"correction {doc['id']} points at a missing entry")
    for team in state.teams.values():
        doc = state.shown("teams", team)
        if doc.get("incident") and doc["incident"] not in state.incidents:
            problems.append(f"team {doc['callsign']} serves a missing incident")
    last: dict[str, dict[str, Any]] = {}
    count = 0
    for change in store.changes():
        count += 1
        _check_status_step(change, known, problems)
        _check_chain_link(change, last, problems)
    for station, head in state.heads.items():
        final = last.get(station)
        if final is not None and (final["seq"], final["hash"]) != (head["seq"], head["hash"]):
            problems.append(f"station {station}: the journal does not end at the file's head")
    report.conflicts = store.conflicts()
    report.counts = {
        "incidents": len(state.incidents),
        "open incidents": sum(d["status"] in OPEN for d in incidents.values()),
        "timeline entries": len(state.entries),
        "teams": len(state.teams),
        "changes": count,
        "archived incidents": len(archived),
        "open conflicts": len(report.conflicts),
    }
    return report


def _damaged_records(store: Store) -> list[str]:
    """Every stored record that fails its kind's validation, live or archived, by name."""
    state, found = store.state, []
    for table in ("incidents", "entries", "teams"):
        for doc in getattr(state, table).values():
            shown = state.shown(table, doc)
            if shown is not doc:
                found.append(f"{_named(table, doc)} is damaged: {shown['damaged']}")
    for key, doc in sorted(state.settings.items()):
        try:
            check_setting(doc)
        except RecordError as error:
            found.append(f"setting {key} is damaged: {error.field}: {error}")
    store.archives.incidents()  # reads them, noting the ones left out
    for archive in archive_paths(store.path):
        if archive in store.archives.problems:
            continue
        raw = read_regular(archive)
        for table in ("incidents", "entries"):
            for doc in iter_docs(raw, table):
                verdict = readable(doc, table, state.rules)
                if verdict is not None:
                    name = f"{_named(table, doc)} in {archive.name}"
                    found.append(f"{name} is damaged: {verdict['damaged']}")
    return found


_RECORD_NAMES = {"incidents": "incident", "entries": "timeline entry", "teams": "team"}


def _named(table: str, doc: dict[str, Any]) -> str:
    """How a record is named in a problem line: an incident by its reference."""
    if table == "incidents" and isinstance(doc.get("ref"), str):
        return f"incident {doc['ref']}"
    return f"{_RECORD_NAMES[table]} {doc.get('id')}"


def _check_status_step(
    change: dict[str, Any], incidents: dict[str, Any], problems: list[str]
) -> None:
    """A status change was a legal lifecycle step from the status its writer saw.

    (After a merge, stations' steps interleave, so each change is judged by its own `before`;
    a conflict's resolution is an officer's choice between two legal states and is not a step.)
    """
    after, before = change["after"] or {}, change["before"] or {}
    if change["table"] != "incidents" or change["op"] != "update" or "status" not in after:
        return
    source, target = before.get("status"), after["status"]
    try:
        legal = target in INCIDENT_TRANSITIONS[IncidentStatus(str(source))]
    except ValueError:
        legal = False
    if not legal:
        ref = incidents.get(change["record"], {}).get("ref", change["record"])
        problems.append(f"{ref}: status went {source} → {target}, which is not allowed")


def _check_chain_link(
    change: dict[str, Any], last: dict[str, dict[str, Any]], problems: list[str]
) -> None:
    """Each station's changes: sequence without gaps, each hash right, each linked to the last."""
    station = change["station"]
    if change_hash(change) != change["hash"]:
        problems.append(f"change {station}#{change['seq']} does not match its hash")
    previous = last.get(station)
    if previous is not None:
        if change["seq"] != previous["seq"] + 1:
            problems.append(
                f"station {station}: changes {previous['seq'] + 1}..{change['seq'] - 1} are missing"
            )
        elif change["prev"] != previous["hash"]:
            problems.append(f"change {station}#{change['seq']} does not chain to the one before")
    last[station] = change
