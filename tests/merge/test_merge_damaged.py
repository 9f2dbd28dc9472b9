"""A corpus of damaged bundles: each is refused by name and the database left byte for byte.

The office has already merged the laptop once; the laptop then wrote more and exported a good
bundle. Every case below damages that bundle (or is a bundle from a laptop restored from an old
backup) and is imported into a copy of the office database through the Store (with and without
`dry_run`) and through `dutydesk import` (with and without `--dry-run`). Each must fail with a
DamagedFileError naming the bundle (the command: one line on stderr, no traceback, non-zero
exit), and leave the live file and its journal exactly as they were (bytes and mtime).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import orjson
import pytest
from dutydesk_process import RunDutydesk
from marks import slow_except
from stations import (
    T0,
    ManualClock,
    assert_files_unchanged,
    copy_db,
    documents,
    file_state,
    read_bundle,
    reencode,
)

from tui.store import bundle, livefile
from tui.store.changes import change_hash
from tui.store.errors import DamagedFileError
from tui.store.store import Store


@dataclass
class Corpus:
    """The office after one merge, the laptop's next (good) bundle, and bundles from laptops
    restored from an old backup."""

    office: Path
    good: Path
    since: Path
    """The laptop's `--since` export: its changes start after what the office has."""
    diverged_longer: Path
    """The restored laptop wrote more changes than it lost."""
    diverged_shorter: Path
    """The restored laptop wrote fewer changes than it lost."""


def _restored_laptop(backup: Path, target: Path, clock: ManualClock, incidents: int) -> Path:
    """A laptop put back from a copy of its files, writing on; returns its export."""
    copy_db(backup, target)
    store = Store.open(target, operator="field", clock=clock)
    for number in range(incidents):
        clock.advance(60_000)
        store.create_incident(f"Written after the restore {number}", "Babyninsky")
    out = target.with_suffix(".bundle")
    store.export_bundle(out)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("corpus")
    office_clock, laptop_clock = ManualClock(T0), ManualClock(T0)
    office = Store.create(root / "office.json", "HQ", operator="officer", clock=office_clock)
    office.create_team("R1", "Rescue one", "rescue", "Sukhinichsky")
    shared = office.create_incident("Drone shot down", "Sukhinichsky", severity="major").ref
    office.export_bundle(root / "start.bundle")

    laptop = Store.create(root / "laptop.json", "FL1", operator="field", clock=laptop_clock)
    laptop.import_bundle(root / "start.bundle")
    laptop_clock.advance(600_000)
    laptop.append_entry(shared, "Arrived at the crash site")
    (root / "backup").mkdir()
    copy_db(laptop.path, root / "backup" / "laptop.json")  # the old backup: FL1 up to #1
    for title in ("Debris in a field", "Second debris site"):
        laptop_clock.advance(600_000)
        laptop.create_incident(title, "Babyninsky")  # FL1 #2..#5: what the restore loses
    laptop.export_bundle(root / "first.bundle")
    office.import_bundle(root / "first.bundle")

    laptop_clock.advance(3_600_000)
    laptop.change_status(shared, "active")
    laptop_clock.advance(60_000)
    since = laptop_clock()  # after the status change: the office has not got that
    laptop.edit_incident(shared, {"injured": 0, "title": "Drone shot down near Glazovo"})
    laptop.append_entry(shared, "Road diverted via the minor road")
    laptop.create_incident("Power line down", "Babyninsky")
    laptop.export_bundle(root / "good.bundle")
    laptop.export_bundle(root / "since.bundle", since=since)

    restored = ManualClock(T0 + timedelta(hours=3))
    return Corpus(
        office=office.path,
        good=root / "good.bundle",
        since=root / "since.bundle",
        diverged_longer=_restored_laptop(
            root / "backup" / "laptop.json", root / "longer.json", restored, 4
        ),
        diverged_shorter=_restored_laptop(
            root / "backup" / "laptop.json", root / "shorter.json", restored, 1
        ),
    )


Damage = Callable[[Corpus, Path], None]
"""Writes the damaged bundle to the path given, from the corpus's files."""


def _bytes(c: Corpus) -> bytes:
    return c.good.read_bytes()


def _cut(at: Callable[[int], int]) -> Damage:
    def damage(c: Corpus, out: Path) -> None:
        data = _bytes(c)
        out.write_bytes(data[: at(len(data))])

    return damage


def _flip(marker: bytes, offset: int, bit: int, *, still_json: bool) -> Damage:
    """Flip one bit at `offset` bytes after `marker` (searched from the changes on)."""

    def damage(c: Corpus, out: Path) -> None:
        data = bytearray(_bytes(c))
        at = data.index(marker, data.index(b'"changes":[')) + offset
        data[at] ^= bit
        try:
            orjson.loads(bytes(data))
            parses = True
        except orjson.JSONDecodeError:
            parses = False
        assert parses == still_json, "the flip does not damage what the case says"
        out.write_bytes(bytes(data))

    return damage


def _header(**fields: object) -> Damage:
    def damage(c: Corpus, out: Path) -> None:
        header, _ = read_bundle(c.good)
        reencode(c.good, out, header={**header, **fields})

    return damage


def _changes(edit: Callable[[list[dict]], list]) -> Damage:
    """Re-seal the bundle with its changes edited (a valid checksum: only deeper checks see it)."""

    def damage(c: Corpus, out: Path) -> None:
        header, changes = read_bundle(c.good)
        changes = edit([dict(change) for change in changes])
        reencode(c.good, out, header=header, changes=changes)

    return damage


def _laptop_changes(changes: list[dict]) -> list[int]:
    return [i for i, change in enumerate(changes) if change["station"] == "FL1"]


def _drop_middle(changes: list[dict]) -> list[dict]:
    mine = _laptop_changes(changes)
    del changes[mine[len(mine) // 2]]
    return changes


def _retitle(rehash: bool) -> Callable[[list[dict]], list[dict]]:
    """Change the title in the laptop's last change that has one (hash kept, or redone)."""

    def edit(changes: list[dict]) -> list[dict]:
        victim = [i for i in _laptop_changes(changes) if "title" in (changes[i]["after"] or {})][-1]
        changes[victim]["after"] = {**changes[victim]["after"], "title": "Forged title"}
        if rehash:
            changes[victim]["hash"] = change_hash(changes[victim])
        return changes

    return edit


def _last_laptop_change(**fields: object) -> Callable[[list[dict]], list[dict]]:
    """Rewrite fields of the laptop's last change and re-hash it: the chain still holds."""

    def edit(changes: list[dict]) -> list[dict]:
        last = _laptop_changes(changes)[-1]
        changes[last].update(fields)
        changes[last]["hash"] = change_hash(changes[last])
        return changes

    return edit


def _copy(which: Callable[[Corpus], Path]) -> Damage:
    def damage(c: Corpus, out: Path) -> None:
        shutil.copyfile(which(c), out)

    return damage


CASES = [
    pytest.param(_cut(lambda n: 0), "not a readable bundle", id="truncated-empty"),
    pytest.param(_cut(lambda n: n // 4), "not a readable bundle", id="truncated-at-a-quarter"),
    pytest.param(_cut(lambda n: n // 2), "not a readable bundle", id="truncated-at-half"),
    pytest.param(
        _cut(lambda n: n - 120), "not a readable bundle", id="truncated-in-the-last-change"
    ),
    pytest.param(_cut(lambda n: n - 30), "not a readable bundle", id="truncated-in-the-checksum"),
    pytest.param(
        _cut(lambda n: n - 2), "not a readable bundle", id="truncated-before-the-last-brace"
    ),
    pytest.param(
        _flip(b'"text":"Road', 8, 0x01, still_json=True),
        "checksum does not match",
        id="bit-flip-in-a-change",
    ),
    pytest.param(
        _flip(b'"text":"Road', 7, 0x01, still_json=False),
        "not a readable bundle",
        id="bit-flip-breaks-json",
    ),
    pytest.param(
        _flip(b'"checksum":"', 12, 0x01, still_json=True),
        "checksum does not match",
        id="bit-flip-in-checksum",
    ),
    pytest.param(_header(format="dutydesk-backup"), "unknown format", id="unknown-format"),
    pytest.param(
        lambda c, out: out.write_bytes(b'{"format": "zip", "files": []}'),
        "unknown format",
        id="foreign-json",
    ),
    pytest.param(
        lambda c, out: out.write_bytes(b"PK\x03\x04\x14\x00\x08\x00"),
        "not a readable bundle",
        id="not-json",
    ),
    pytest.param(_copy(lambda c: c.office), "unknown format", id="a-database-file-not-a-bundle"),
    pytest.param(_header(schema=livefile.SCHEMA_VERSION + 1), "newer Duty Desk", id="newer-schema"),
    pytest.param(_header(version=bundle.VERSION + 1), "format version 2", id="format-version-2"),
    pytest.param(_changes(_drop_middle), "have a gap (missing #", id="gap-in-a-station-sequence"),
    pytest.param(
        _header(ranges={"FL1": [1, 99], "HQ": [1, 3]}),
        "do not match the header",
        id="ranges-not-the-changes",
    ),
    pytest.param(
        _copy(lambda c: c.since),
        "gap in station FL1's changes",
        id="since-bundle-starts-after-this-database",
    ),
    pytest.param(
        _changes(_retitle(rehash=False)),
        "does not match its hash",
        id="change-does-not-match-its-hash",
    ),
    pytest.param(
        _changes(_retitle(rehash=True)),
        "history in this bundle differs",
        id="forged-change-breaks-the-chain",
    ),
    pytest.param(
        _copy(lambda c: c.diverged_longer),
        "differs from this database's",
        id="restored-laptop-wrote-more",
    ),
    pytest.param(
        _copy(lambda c: c.diverged_shorter),
        "",
        id="restored-laptop-wrote-less",
    ),
    # Well sealed bundles whose changes are not what this Duty Desk writes:
    pytest.param(
        _changes(lambda cs: [{k: v for k, v in c.items() if k != "seq"} for c in cs]),
        "",
        id="change-without-seq",
    ),
    pytest.param(
        _changes(lambda cs: [*cs[:-1], 42]),
        "",
        id="change-not-an-object",
    ),
    pytest.param(
        _header(ranges=[["FL1", 1, 9]]),
        "",
        id="ranges-not-an-object",
    ),
    pytest.param(
        _changes(_last_laptop_change(table="attachments")),
        "",
        id="change-to-an-unknown-table",
    ),
    pytest.param(
        _changes(_last_laptop_change(op="move")),
        "",
        id="change-with-an-unknown-op",
    ),
]


def test_the_good_bundle_imports(corpus: Corpus, tmp_path: Path, DUTYDESK: RunDutydesk) -> None:
    """The undamaged bundle merges, by the API and by the command: refusals are the damage's."""
    db = copy_db(corpus.office, tmp_path / "office.json")
    summary = Store.open(db).import_bundle(corpus.good)
    assert summary.new_changes > 0 and summary.conflicts == []
    cli_db = copy_db(corpus.office, tmp_path / "cli.json")
    DUTYDESK("import", "--db", cli_db, corpus.good).ok()
    assert documents(Store.open(cli_db, read_only=True)) == documents(Store.open(db))
    # The other bundles the corpus uses are sound in themselves: their refusal is about
    # this database (a restored laptop's history, a `--since` bundle that starts too late).
    # (A third station takes them: a fresh "HQ" may not take changes signed as its own.)
    for number, path in enumerate((corpus.diverged_longer, corpus.diverged_shorter)):
        Store.create(tmp_path / f"fresh-{number}.json", "CHK").import_bundle(path)
    office_head = Store.open(corpus.office, read_only=True).state.heads["FL1"]["seq"]
    first_sent = read_bundle(corpus.since)[0]["ranges"]["FL1"][0]
    assert first_sent > office_head + 1 > 1


@pytest.mark.parametrize(("damage", "says"), CASES)
def test_store_refuses_damaged_bundle(
    corpus: Corpus, tmp_path: Path, damage: Damage, says: str
) -> None:
    db = copy_db(corpus.office, tmp_path / "office.json")
    bad = tmp_path / "damaged.bundle"
    damage(corpus, bad)
    before = file_state(db)
    store = Store.open(db)
    for dry_run in (True, False):
        with pytest.raises(DamagedFileError) as refused:
            store.import_bundle(bad, dry_run=dry_run)
        assert refused.value.path == bad
        assert str(bad) in str(refused.value) and "\n" not in str(refused.value)
        assert says in refused.value.reason
        assert_files_unchanged(before, db, f"refused import (dry_run={dry_run})")
    assert documents(Store.open(db, read_only=True)) == documents(store)


#: Three processes per case: the fast set keeps the gap case, the full run all.
@pytest.mark.parametrize(("damage", "says"), slow_except(CASES, "gap-in-a-station-sequence"))
def test_command_refuses_damaged_bundle(
    corpus: Corpus, tmp_path: Path, damage: Damage, says: str, DUTYDESK: RunDutydesk
) -> None:
    db = copy_db(corpus.office, tmp_path / "office.json")
    bad = tmp_path / "damaged.bundle"
    damage(corpus, bad)
    before = file_state(db)
    for dry_run in (("--dry-run",), ()):
        line = DUTYDESK("import", "--db", db, bad, *dry_run).error_line()
        assert str(bad) in line and says in line, line
        assert_files_unchanged(before, db, f"dutydesk import {' '.join(dry_run)}")
    DUTYDESK("check", "--db", db).ok()
