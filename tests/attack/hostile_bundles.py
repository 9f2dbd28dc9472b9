"""Build a corpus of hostile bundles from a real exported bundle (issue #9, the trust boundary).

The world: an office (station HQ) with a team, an incident and its report entry, exported once;
a field laptop (FL1) that imported that export and then logged entries, opened an incident,
moved it, dispatched the team and closed the office's incident, all through the real Store, and
exported its log. That export is the *good* bundle: it imports into the office.

Every hostile bundle is made from it. Most are **valid-hash forgeries**: a value is changed and
then every hash the format has is computed again (the change's own hash, the `prev` link of each
later change of that station, the header's ranges and the checksum over the file), so the
bundle reader and the chain checks pass it and only the semantic checks (the record validators,
what an operation means, whose station wrote it, the clock) can refuse it. The rest damage the
file itself (empty, truncated, gzip, not JSON, too big, a FIFO).

Run as a script to write the corpus to a directory and look at it:

    python tests/attack/hostile_bundles.py /tmp/corpus

Each case says what its refusal must name (`says`); the few marked `accept` are hostile-looking
but legitimate (bidi and escape characters, markup and newlines in text) and must import.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

if __name__ == "__main__":  # run as a script: the test helpers and the package from the tree
    sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).parents[1])]

from tui.model import hlc
from tui.store import bundle
from tui.store.changes import change_hash, new_id
from tui.store.store import Store

Change = dict[str, Any]


@dataclass(frozen=True)
class World:
    """The office database, the laptop's good bundle, and the ids the forgeries aim at."""

    office: Path
    good: Path
    incident: str
    """The office's incident (created by HQ; FL1's bundle closes it)."""
    entry: str
    """The office incident's report entry (HQ's, already in the office)."""
    team: str
    hq_change: str
    """The id of a change the office wrote (HQ#1)."""


def build_world(root: Path) -> World:
    """Two real databases on the real Store; the laptop's export is the good bundle."""
    root.mkdir(parents=True, exist_ok=True)
    office = Store.create(root / "office.json", "HQ", operator="officer")
    team = office.create_team("R1", "Rescue one", "rescue", "Sukhinichsky")
    incident = office.create_incident("Drone shot down", "Sukhinichsky", severity="major")
    office.export_bundle(root / "start.bundle")

    laptop = Store.create(root / "laptop.json", "FL1", operator="field")
    laptop.import_bundle(root / "start.bundle")
    laptop.append_entry(incident.ref, "Arrived at the crash site")
    debris = laptop.create_incident("Debris in a field", "Babyninsky", severity="minor")
    laptop.change_status(debris.ref, "active")
    laptop.dispatch_team("R1", debris.ref)
    laptop.change_status(incident.ref, "closed")
    laptop.export_bundle(root / "good.bundle")

    report = office.timeline(incident.id)[0]
    first = next(iter(office.changes()))
    return World(
        office=office.path,
        good=root / "good.bundle",
        incident=incident.id,
        entry=report.id,
        team=team.id,
        hq_change=first["id"],
    )


# -- taking the good bundle apart and sealing it again ----------------------------------------


def read(path: Path) -> tuple[dict[str, Any], list[Change]]:
    """A bundle's header (without ranges and checksum: sealing recomputes them) and changes."""
    data = orjson.loads(path.read_bytes())
    header = {k: v for k, v in data.items() if k not in ("changes", "checksum", "ranges")}
    return header, data["changes"]


def rechain(changes: list[Change]) -> list[Change]:
    """Every change's hash again, and each station's `prev` links after the first, in order."""
    last: dict[str, str] = {}
    for change in sorted(_chained(changes), key=lambda c: (c["station"], c["seq"])):
        if change["station"] in last:
            change["prev"] = last[change["station"]]
        change["hash"] = change_hash(change)
        last[change["station"]] = change["hash"]
    return changes


def _chained(changes: list[Any]) -> list[Change]:
    """The changes a chain can be computed for (a forged change may not even be a record)."""
    return [
        c
        for c in changes
        if isinstance(c, dict) and isinstance(c.get("station"), str) and type(c.get("seq")) is int
    ]


def ranges_of(changes: list[Any]) -> dict[str, list[int]]:
    """The ranges header the changes would announce (as `bundle.encode` computes them)."""
    ranges: dict[str, list[int]] = {}
    for change in _chained(changes):
        first_last = ranges.setdefault(change["station"], [change["seq"], change["seq"]])
        first_last[0] = min(first_last[0], change["seq"])
        first_last[1] = max(first_last[1], change["seq"])
    return ranges


def seal(out: Path, header: dict[str, Any], changes: list[Change]) -> None:
    """Write a bundle with valid hashes, chains, ranges and checksum."""
    changes = rechain(changes)
    out.write_bytes(bundle.encode({**header, "ranges": ranges_of(changes)}, changes))


def reseal_bytes(raw: bytes) -> bytes:
    """A bundle's bytes with the checksum computed again over everything before it (for
    damage that orjson could not write: invalid UTF-8, a lone surrogate's escape)."""
    cut = raw.rindex(bundle.CHECKSUM_KEY)
    digest = hashlib.sha256(raw[:cut]).hexdigest().encode()
    return raw[:cut] + bundle.CHECKSUM_KEY + b'"' + digest + b'"}\n'


def of(changes: list[Change], table: str, op: str, nth: int = 0) -> Change:
    """The laptop's (FL1's) `nth` change of `table` with `op`."""
    found = [c for c in changes if c["station"] == "FL1" and c["table"] == table and c["op"] == op]
    return found[nth]


def fl1_next(changes: list[Change], **fields: Any) -> Change:
    """A new change appended to the laptop's log: the next sequence number, a later clock."""
    last = max((c for c in changes if c["station"] == "FL1"), key=lambda c: c["seq"])
    ms, _ = hlc.parse(last["hlc"])
    change = {
        **copy.deepcopy(last),
        "id": new_id(),
        "seq": last["seq"] + 1,
        "hlc": hlc.make(ms + 1000, 0),
        "before": None,
        **fields,
    }
    change.pop("base", None)
    changes.append(change)
    return change


Edit = Callable[[World, list[Change]], Any]


def forged(edit: Edit, *, header: dict[str, Any] | None = None) -> Callable[[World, Path], None]:
    """A bundle whose changes `edit` rewrote in place (or replaced: a returned list), resealed."""

    def make(world: World, out: Path) -> None:
        head, changes = read(world.good)
        changes = copy.deepcopy(changes)
        result = edit(world, changes)
        seal(out, {**head, **(header or {})}, changes if result is None else result)

    return make


def created(table: str, **fields: Any) -> Edit:
    """Set `fields` in the laptop's first create (incidents, teams) or append (entries)."""
    op = "append" if table == "entries" else "create"

    def edit(world: World, changes: list[Change]) -> None:
        of(changes, table, op)["after"].update(fields)

    return edit


def updated(table: str, nth: int = 0, **fields: Any) -> Edit:
    def edit(world: World, changes: list[Change]) -> None:
        of(changes, table, "update", nth)["after"].update(fields)

    return edit


def raw_change(**fields: Any) -> Edit:
    """Set top-level fields of the laptop's last change (its form, not its record)."""

    def edit(world: World, changes: list[Change]) -> None:
        last = max((c for c in changes if c["station"] == "FL1"), key=lambda c: c["seq"])
        last.update(fields)

    return edit


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"k": value}
    return value


def far_future(days: int) -> str:
    return hlc.make(int((datetime.now(UTC) + timedelta(days=days)).timestamp() * 1000), 0)


# -- the forgeries that need more than a field --------------------------------------------------


def laptop_only(changes: list[Change]) -> list[Change]:
    """The laptop's own changes: the office's are already there (a `--since` bundle)."""
    return [c for c in changes if c["station"] == "FL1"]


def own_station(world: World, changes: list[Change]) -> list[Change]:
    """A copy of the laptop's first entry signed as the office's next change, HQ#4, chained
    to the office's head as it really is (HQ#3), beside the laptop's genuine changes."""
    hq = [c for c in changes if c["station"] == "HQ"]
    forged = copy.deepcopy(of(changes, "entries", "append"))
    forged.update(station="HQ", seq=hq[-1]["seq"] + 1, prev=hq[-1]["hash"], id=new_id())
    forged["after"].update(id=new_id(), text="Forged in the office's name")
    forged["record"] = forged["after"]["id"]
    return [*changes, forged]


def own_station_only(world: World, changes: list[Change]) -> list[Change]:
    """Nothing but the forged HQ#4."""
    return [c for c in own_station(world, changes) if c["station"] == "HQ"][-1:]


def reused_change_id(world: World, changes: list[Change]) -> list[Change]:
    """The laptop's first change carries the id of a change the office wrote (HQ#1), which
    the bundle does not carry: only the office's journal knows it."""
    mine = laptop_only(changes)
    of(mine, "entries", "append")["id"] = world.hq_change
    return mine


def create_existing(world: World, changes: list[Change]) -> None:
    """The laptop 'creates' the office's incident again: its record replaced wholesale."""
    change = of(changes, "incidents", "create")
    change["record"] = world.incident
    change["after"]["id"] = world.incident


def append_existing(world: World, changes: list[Change]) -> None:
    """An append reusing the office's report entry id: it would rewrite an entry's text."""
    change = of(changes, "entries", "append")
    change["record"] = world.entry
    change["after"]["id"] = world.entry
    change["after"]["incident"] = world.incident


def twice_in_bundle(world: World, changes: list[Change]) -> None:
    """The laptop creates the same incident twice in one bundle."""
    first = of(changes, "incidents", "create")
    fl1_next(changes, table="incidents", op="create", record=first["record"], after=first["after"])


def update_nobodys(world: World, changes: list[Change]) -> None:
    change = of(changes, "incidents", "update")
    change["record"] = new_id()


def restore_unknown(world: World, changes: list[Change]) -> None:
    doc = {**of(changes, "incidents", "create")["after"], "id": new_id(), "restored": True}
    fl1_next(changes, table="incidents", op="restore", record=doc["id"], after=doc)


def entry_on_missing_incident(world: World, changes: list[Change]) -> None:
    of(changes, "entries", "append")["after"]["incident"] = new_id()


def team_to_missing_incident(world: World, changes: list[Change]) -> None:
    of(changes, "teams", "update")["after"]["incident"] = new_id()


def reopen_to_new(world: World, changes: list[Change]) -> None:
    """After the laptop closes the office's incident, a change moves it closed -> new."""
    fl1_next(
        changes,
        table="incidents",
        op="update",
        record=world.incident,
        before={"status": "closed"},
        after={"status": "new", "closed_at": None},
    )


def cancel_without_reason(world: World, changes: list[Change]) -> None:
    """The debris incident (active) cancelled with no reason given."""
    debris = of(changes, "incidents", "create")["record"]
    fl1_next(
        changes,
        table="incidents",
        op="update",
        record=debris,
        before={"status": "active"},
        after={"status": "cancelled", "status_reason": ""},
    )


def team_illegal_step(world: World, changes: list[Change]) -> None:
    """The dispatch rewritten: available -> returning, a step the team lifecycle has not."""
    change = of(changes, "teams", "update")
    change["after"]["status"] = "returning"


def incident_skips_to_new(world: World, changes: list[Change]) -> None:
    """The status change rewritten: new -> new is no move at all."""
    of(changes, "incidents", "update")["after"]["status"] = "new"


def duplicate_change(world: World, changes: list[Change]) -> list[Change]:
    return [*changes, copy.deepcopy(changes[-1])]


def same_id_other_content(world: World, changes: list[Change]) -> None:
    """Two changes of the laptop share an id (their content differs)."""
    fl1 = [c for c in changes if c["station"] == "FL1"]
    fl1[1]["id"] = fl1[0]["id"]


def future_clock(world: World, changes: list[Change]) -> None:
    last = max((c for c in changes if c["station"] == "FL1"), key=lambda c: c["seq"])
    last["hlc"] = far_future(30)


def future_written_at(world: World, changes: list[Change]) -> None:
    last = max((c for c in changes if c["station"] == "FL1"), key=lambda c: c["seq"])
    last["at"] = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def other_region_header(world: World, changes: list[Change]) -> None:
    """Nothing in the changes; the header (below) names another region."""


def setting_names_another(world: World, changes: list[Change]) -> None:
    """An update of the regime whose document says it is the handover."""
    fl1_next(
        changes,
        table="settings",
        op="update",
        record="regime",
        after={"id": "handover", "value": "emergency", "reason": "x"},
    )


def setting_unknown_field(world: World, changes: list[Change]) -> None:
    fl1_next(
        changes,
        table="settings",
        op="update",
        record="regime",
        after={"id": "regime", "rogue": True},
    )


def seqs_swapped(world: World, changes: list[Change]) -> None:
    """Two of the laptop's changes (a status change and its entry) trade sequence numbers,
    each chain link recomputed: merged in clock order they would be journalled #5 before #4,
    and the database refused at its next open."""
    first, second = (c for c in changes if c["station"] == "FL1" and c["seq"] in (4, 5))
    first["seq"], second["seq"] = second["seq"], first["seq"]


def seq_twice(world: World, changes: list[Change]) -> None:
    """Two different changes of the laptop both numbered #2."""
    of(changes, "entries", "append", 1)["seq"] = 2


def without_after(world: World, changes: list[Change]) -> None:
    del of(changes, "entries", "append")["after"]


# -- damage to the file itself ------------------------------------------------------------------


def file_bytes(make: Callable[[bytes], bytes]) -> Callable[[World, Path], None]:
    def write(world: World, out: Path) -> None:
        out.write_bytes(make(world.good.read_bytes()))

    return write


def replaced(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """The first `old` after the changes begin replaced by `new`, the checksum made good."""

    def make(raw: bytes) -> bytes:
        at = raw.index(old, raw.index(b'"changes":['))
        return reseal_bytes(raw[:at] + new + raw[at + len(old) :])

    return make


def oversize_file(world: World, out: Path) -> None:
    """A sparse file past the size limit: refused by its size, never read."""
    with open(out, "wb") as handle:
        handle.truncate(bundle.MAX_BUNDLE_BYTES + 1)


def fifo(world: World, out: Path) -> None:
    os.mkfifo(out)


def deep_json(world: World, out: Path) -> None:
    """A change nested 100,000 levels deep: more than any JSON parser should recurse into."""
    raw = world.good.read_bytes()
    marker = b'"corrects":null'
    depth = 100_000
    deep = b'"corrects":null,"data":' + b"[" * depth + b"]" * depth
    out.write_bytes(replaced(marker, deep)(raw))


# -- hostile but legitimate ---------------------------------------------------------------------

HOSTILE_TEXT = {
    "bidi": "\u202egnp.exe\u202c \u2066isolated\u2069 \u200f",
    "escape": "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b[31mred\x1b[0m",
    "c1": "\x9b31m C1 \x85 next line",
    "markup": "[bold red]not markup[/bold red] [link=http://x]x[/link]",
    "newlines": "first line\n10:00 officer: a fake timeline entry\r\nthird\u2028fourth",
    "cyrillic": "Беспилотник сбит у деревни Глазово",
}


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[World, Path], None]
    says: str = ""
    """What the refusal names (a substring of its one line)."""
    accept: bool = False
    """Hostile-looking but legitimate: the import must succeed."""


def _text_cases() -> list[Hostile]:
    cases = []
    for kind, text in HOSTILE_TEXT.items():
        cases.append(
            Hostile(f"{kind}-in-title", forged(created("incidents", title=text[:200])), accept=True)
        )
        cases.append(
            Hostile(f"{kind}-in-entry", forged(created("entries", text=text)), accept=True)
        )
    cases.append(
        Hostile("escape-in-author", forged(raw_change(by=HOSTILE_TEXT["escape"])), accept=True)
    )
    return cases


CORPUS: list[Hostile] = [
    # Records that fail their kind's validators, sealed with valid hashes.
    Hostile(
        "occurred-at-not-a-time",
        forged(created("incidents", occurred_at="not-a-time")),
        "occurred_at",
    ),
    Hostile(
        "reported-at-local-form",
        forged(created("incidents", reported_at="2026-11-24 14:05")),
        "reported_at",
    ),
    Hostile(
        "recorded-at-impossible-date",
        forged(created("entries", recorded_at="2026-02-31T10:00:00Z")),
        "recorded_at",
    ),
    Hostile("severity-unknown", forged(created("incidents", severity="apocalyptic")), "severity"),
    Hostile("status-unknown", forged(created("incidents", status="exploded")), "status"),
    Hostile("kind-unknown", forged(created("incidents", kind="alien landing")), "kind"),
    Hostile("injured-negative", forged(created("incidents", injured=-1)), "injured"),
    Hostile("injured-huge", forged(created("incidents", injured=10**15)), "injured"),
    Hostile("injured-bool", forged(created("incidents", injured=True)), "injured"),
    Hostile("injured-text", forged(created("incidents", injured="3")), "injured"),
    Hostile("dead-fraction", forged(created("incidents", dead=1.5)), "dead"),
    Hostile(
        "coordinates-off-earth",
        forged(created("incidents", coordinates=[91.0, 0.0])),
        "coordinates",
    ),
    Hostile("coordinates-text", forged(created("incidents", coordinates="55,35")), "coordinates"),
    Hostile("title-empty", forged(created("incidents", title="   ")), "title"),
    Hostile("title-number", forged(created("incidents", title=42)), "title"),
    Hostile("title-oversize", forged(created("incidents", title="x" * 201)), "title"),
    Hostile("title-nul", forged(created("incidents", title="Drone\x00down")), "NUL"),
    Hostile(
        "narrative-oversize", forged(created("incidents", narrative="n" * 200_001)), "narrative"
    ),
    Hostile("location-oversize", forged(created("incidents", location="l" * 1_001)), "location"),
    Hostile("ref-malformed", forged(created("incidents", ref="HQ-2026-0001; DROP")), "ref"),
    Hostile("teams-not-a-list", forged(created("incidents", teams="R1")), "teams"),
    Hostile("verified-text", forged(created("incidents", verified="yes")), "verified"),
    Hostile("unknown-field", forged(created("incidents", admin=True)), "admin"),
    Hostile("setting-names-another-id", forged(setting_names_another), "id"),
    Hostile("setting-update-unknown-field", forged(setting_unknown_field), "rogue"),
    Hostile(
        "bookkeeping-field", forged(created("incidents", _conflicts={"title": {}})), "_conflicts"
    ),
    Hostile("entry-text-empty", forged(created("entries", text="")), "text"),
    Hostile("entry-text-nul", forged(created("entries", text="a\x00b")), "NUL"),
    Hostile("entry-text-oversize", forged(created("entries", text="t" * 200_001)), "text"),
    Hostile("entry-author-oversize", forged(created("entries", author="a" * 1_001)), "author"),
    Hostile("entry-kind-unknown", forged(created("entries", kind="gossip")), "kind"),
    Hostile("entry-data-not-object", forged(created("entries", data=[1, 2])), "data"),
    Hostile("entry-nested-deep", forged(created("entries", data=nested(12))), "nests deeper"),
    Hostile("team-status-unknown", forged(updated("teams", status="napping")), "status"),
    Hostile(
        "team-checkin-not-a-time", forged(updated("teams", check_in_due="+30m")), "check_in_due"
    ),
    Hostile("change-author-oversize", forged(raw_change(by="b" * 1_001)), "by"),
    Hostile("change-at-not-a-time", forged(raw_change(at="yesterday")), "at"),
    # Another region's records: districts this region's gazetteer does not have.
    Hostile(
        "district-of-another-region", forged(created("incidents", district="tverskoy")), "district"
    ),
    Hostile(
        "team-home-of-another-region",
        forged(lambda w, cs: of(cs, "teams", "update")["after"].update(home_district="arbat")),
        "home_district",
    ),
    Hostile(
        "header-of-another-region",
        forged(other_region_header, header={"region": "moscow"}),
        "region",
    ),
    # Operations that do not mean what they say.
    Hostile("own-station-forged", forged(own_station), "this station"),
    Hostile(
        "own-station-only", forged(own_station_only, header={"heads": {"HQ": 3}}), "this station"
    ),
    Hostile("change-id-reused", forged(reused_change_id), "id"),
    Hostile("create-existing-incident", forged(create_existing), "exists already"),
    Hostile("append-rewrites-entry", forged(append_existing), "exists already"),
    Hostile("create-twice", forged(twice_in_bundle), "exists already"),
    Hostile("update-nobodys-record", forged(update_nobodys), "no station created"),
    Hostile("restore-unknown-incident", forged(restore_unknown), "never had"),
    Hostile("entry-on-missing-incident", forged(entry_on_missing_incident), "incident"),
    Hostile("team-serves-missing-incident", forged(team_to_missing_incident), "incident"),
    Hostile("linked-to-missing", forged(created("incidents", linked=[new_id()])), "linked"),
    Hostile("corrects-missing-entry", forged(created("entries", corrects=new_id())), "corrects"),
    # Lifecycles.
    Hostile("incident-closed-to-new", forged(reopen_to_new), "status"),
    Hostile("incident-cancel-without-reason", forged(cancel_without_reason), "reason"),
    Hostile("incident-new-to-new", forged(incident_skips_to_new), "status"),
    Hostile("team-available-to-returning", forged(team_illegal_step), "status"),
    # Clocks.
    Hostile("hlc-far-future", forged(future_clock), "days ahead"),
    Hostile("written-far-future", forged(future_written_at), "future"),
    Hostile("hlc-malformed", forged(raw_change(hlc="99999999999999.0")), "clock"),
    # The form of a change.
    Hostile("seq-text", forged(raw_change(seq="10")), "seq"),
    Hostile("seq-bool", forged(raw_change(seq=True)), "seq"),
    Hostile("seq-zero", forged(raw_change(seq=0)), ""),
    Hostile("after-a-list", forged(raw_change(after=["id"])), "after"),
    Hostile("before-text", forged(raw_change(before="everything")), "before"),
    Hostile("id-oversize", forged(raw_change(id="f" * 65)), "malformed id"),
    Hostile("record-with-slash", forged(raw_change(record="../../etc")), "malformed id"),
    Hostile("station-lowercase", forged(raw_change(station="fl1")), "station"),
    Hostile("table-unknown", forged(raw_change(table="users")), "unknown table"),
    Hostile("op-unknown", forged(raw_change(op="delete")), "unknown operation"),
    Hostile("change-not-an-object", forged(lambda w, cs: [*cs, "change"]), "not a change"),
    Hostile("seqs-swapped", forged(seqs_swapped), "earlier clock"),
    Hostile("seq-twice", forged(seq_twice), "twice"),
    Hostile("change-without-after", forged(without_after), "after"),
    Hostile("base-not-heads", forged(raw_change(base=True)), "base"),
    Hostile("entry-kind-a-list", forged(created("entries", kind=[])), "kind"),
    Hostile("entry-incident-a-list", forged(created("entries", incident=["x"])), "incident"),
    Hostile("team-status-a-list", forged(updated("teams", status=["on_scene"])), "status"),
    # Duplicate ids.
    Hostile("duplicate-change", forged(duplicate_change), "repeats the id"),
    Hostile("same-id-other-content", forged(same_id_other_content), "repeats the id"),
    # The file itself.
    Hostile("empty-file", file_bytes(lambda raw: b""), "not a readable bundle"),
    Hostile("truncated-half", file_bytes(lambda raw: raw[: len(raw) // 2]), "not a readable"),
    Hostile("truncated-last-byte", file_bytes(lambda raw: raw[:-1]), "not a readable"),
    Hostile("gzip-of-bundle", file_bytes(gzip.compress), "not a readable bundle"),
    Hostile(
        "gzip-garbage",
        file_bytes(lambda raw: b"\x1f\x8b\x08\x00" + os.urandom(200)),
        "not a readable bundle",
    ),
    Hostile(
        "not-json", file_bytes(lambda raw: b"hello, this is a USB stick\n"), "not a readable bundle"
    ),
    Hostile("json-array", file_bytes(lambda raw: b"[1, 2, 3]\n"), "unknown format"),
    Hostile("nul-bytes", file_bytes(lambda raw: b"\x00" * 4096), "not a readable bundle"),
    Hostile(
        "checksum-wrong",
        file_bytes(lambda raw: raw.replace(b"Arrived", b"Departed", 1)),
        "checksum",
    ),
    Hostile(
        "invalid-utf8-in-text",
        file_bytes(replaced(b"Arrived", b"Arr\xff\xfeived")),
        "not a readable bundle",
    ),
    Hostile(
        "lone-surrogate-escape",
        file_bytes(replaced(b"Arrived", b"Arr\\ud800ived")),
        "not a readable bundle",
    ),
    Hostile(
        "surrogate-utf8-bytes",
        file_bytes(replaced(b"Arrived", b"Arr\xed\xa0\x80ived")),
        "not a readable bundle",
    ),
    Hostile("json-nested-100k", deep_json, "not a readable bundle"),
    Hostile("oversize-file", oversize_file, "MB"),
    Hostile("fifo", fifo, "not a regular file"),
    # Hostile-looking, legitimate.
    Hostile("good", lambda world, out: out.write_bytes(world.good.read_bytes()), accept=True),
    Hostile("laptop-changes-only", forged(lambda w, cs: laptop_only(cs)), accept=True),
    Hostile("resealed-unchanged", forged(lambda w, cs: None), accept=True),
    *_text_cases(),
]


def build_corpus(world: World, directory: Path) -> dict[str, Path]:
    """Write every case to `directory/<name>.bundle`."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in CORPUS:
        out = directory / f"{case.name}.bundle"
        case.make(world, out)
        paths[case.name] = out
    return paths


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: hostile_bundles.py DIRECTORY", file=sys.stderr)
        return 2
    target = Path(argv[0])
    world = build_world(target / "world")
    paths = build_corpus(world, target / "bundles")
    for case in CORPUS:
        verdict = "accept" if case.accept else f"refuse ({case.says or 'any reason'})"
        print(f"{paths[case.name]}  {verdict}")
    print(f"office database: {world.office}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
