"""A corpus of damaged journals and hand-edited live files (issue #9: the journal and the file
always agree, or nothing is written).

Each case starts from the same small database (tests/store/store_files.py `make_db`: records in
the live file, three entries in the journal after the checkpoint) and damages it in place. Each
says what the documents promise of it (docs/storage.md, "The promises"):

- `recovers`: the database opens as if nothing happened (a torn last line: a killed append, never
  acknowledged; the next writer cuts it off);
- `refused`: every command refuses it in one line naming the file and `says`, and no write is
  accepted; `dutydesk check --repair` (when `repairs`) then leaves a database that takes writes
  and passes `check`;
- `damaged_record`: the live file holds a record that fails its kind's validation (written by
  hand, checksum made good): readers show it marked, `check` names it, writes go on.

Run as a script to write every case to a directory:

    python tests/attack/journal_corpus.py /tmp/journals
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

if __name__ == "__main__":  # run as a script: the test helpers and the package from the tree
    sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).parents[1])]

from store.store_files import make_db

from tui.store import livefile
from tui.store.journal import journal_path
from tui.store.store import Store

Damage = Callable[[Path], None]
"""Damages the database at the path given, in place."""


@dataclass(frozen=True)
class JournalCase:
    name: str
    damage: Damage
    outcome: str
    """"recovers", "refused" or "damaged_record"."""
    says: str = ""
    repairs: bool = True
    """`check --repair` makes it writable again (else it stays refused: the live file itself
    is damaged, and nothing may overwrite it)."""


def _journal(db: Path) -> Path:
    return journal_path(db)


def _lines(db: Path) -> list[bytes]:
    return _journal(db).read_bytes().splitlines(keepends=True)


def _write_lines(db: Path, lines: list[bytes]) -> None:
    _journal(db).write_bytes(b"".join(lines))


def _sealed_line(body: bytes) -> bytes:
    """A journal line whose CRC is right for `body`, whatever `body` holds."""
    return b'{"crc":"%08x","changes":' % zlib.crc32(body) + body + b"}\n"


def torn_tail(db: Path) -> None:
    """A writer killed mid-append: half of a last line, no newline."""
    line = _lines(db)[-1]
    with open(_journal(db), "ab") as handle:
        handle.write(line[: len(line) // 2])


def truncated_last_line(db: Path) -> None:
    """The last complete line cut short (its newline gone): as a torn tail, but the cut
    removes an acknowledged write."""
    raw = _journal(db).read_bytes()
    _journal(db).write_bytes(raw[:-40])


def garbage_in_the_middle(db: Path) -> None:
    lines = _lines(db)
    lines[-2] = b"\x00\xff garbage from a bad sector \x1b[2J\n"
    _write_lines(db, lines)


def crc_ok_not_json(db: Path) -> None:
    """A line whose CRC is right but whose body is not JSON."""
    lines = _lines(db)
    lines[-1] = _sealed_line(b"[{not json at all")
    _write_lines(db, lines)


def crc_ok_not_changes(db: Path) -> None:
    """A line whose CRC is right and body is JSON, but not a list of change records."""
    lines = _lines(db)
    lines[-1] = _sealed_line(b'{"changes":"none"}')
    _write_lines(db, lines)


def crc_ok_list_of_junk(db: Path) -> None:
    lines = _lines(db)
    lines[-1] = _sealed_line(b'[1, "two", null]')
    _write_lines(db, lines)


def crc_ok_change_without_fields(db: Path) -> None:
    lines = _lines(db)
    lines[-1] = _sealed_line(b'[{"station":"HQ"}]')
    _write_lines(db, lines)


def crc_ok_invalid_record(db: Path) -> None:
    """The last line's change rewritten (CRC recomputed) to hold an entry that fails its
    validators: the line is in sequence, its record is damaged."""
    lines = _lines(db)
    body = orjson.loads(lines[-1][lines[-1].index(b"[") : -2])
    body[0]["after"]["occurred_at"] = "not-a-time"
    body[0]["after"]["text"] = ["not", "text"]
    lines[-1] = _sealed_line(orjson.dumps(body))
    _write_lines(db, lines)


def crc_ok_out_of_sequence(db: Path) -> None:
    """Two lines swapped: each CRC is right, the order is not."""
    lines = _lines(db)
    lines[-1], lines[-2] = lines[-2], lines[-1]
    _write_lines(db, lines)


def duplicated_line(db: Path) -> None:
    lines = _lines(db)
    _write_lines(db, [*lines, lines[-1]])


def older_journal(db: Path) -> None:
    """The journal as it was at the checkpoint's start: shorter than the file has folded."""
    lines = _lines(db)
    _write_lines(db, lines[:2])


def older_journal_then_file_checkpointed(db: Path) -> None:
    """The file checkpointed later; the journal put back from a copy taken before."""
    saved = _journal(db).read_bytes()
    store = Store.open(db)
    store.append_entry(store.incidents()[0].ref, "written after the copy")
    store.checkpoint()
    _journal(db).write_bytes(saved)


def journal_of_another_database(db: Path) -> None:
    other = make_db(db.parent, name="other.json")
    shutil.copyfile(_journal(other), _journal(db))
    for path in (other, _journal(other)):
        path.unlink()
    (db.parent / "other.json.lock").unlink(missing_ok=True)


def journal_missing(db: Path) -> None:
    _journal(db).unlink()


def zero_length_journal(db: Path) -> None:
    _journal(db).write_bytes(b"")


def journal_header_only(db: Path) -> None:
    _write_lines(db, _lines(db)[:1])


def journal_header_garbage(db: Path) -> None:
    lines = _lines(db)
    lines[0] = b'{"journal":"something else","id":1}\n'
    _write_lines(db, lines)


def journal_is_fifo(db: Path) -> None:
    _journal(db).unlink()
    os.mkfifo(_journal(db))


def journal_is_symlink_to_another(db: Path) -> None:
    """The journal replaced by a symlink to another database's journal."""
    other = make_db(db.parent, name="other.json")
    _journal(db).unlink()
    os.symlink(_journal(other), _journal(db))


def journal_is_dangling_symlink(db: Path) -> None:
    _journal(db).unlink()
    os.symlink(db.parent / "nowhere.journal", _journal(db))


def journal_is_directory(db: Path) -> None:
    _journal(db).unlink()
    _journal(db).mkdir()


def _reseal_live(db: Path, edit: Callable[[dict], None]) -> None:
    """Edit the live file's documents and make its checksum good again: a hand edit made by
    someone who knows the format."""
    raw = db.read_bytes()
    data = orjson.loads(raw)
    edit(data)
    meta = data["_meta"]["1"]
    tables = {k: list(v.values()) for k, v in data.items() if k not in ("_meta", "_integrity")}
    db.write_bytes(livefile.encode(meta, tables))


def hand_edited_invalid_record(db: Path) -> None:
    def edit(data: dict) -> None:
        doc = next(iter(data["incidents"].values()))
        doc.update(occurred_at="yesterday-ish", injured=-3, severity="apocalyptic")

    _reseal_live(db, edit)


def hand_edited_wrong_types(db: Path) -> None:
    def edit(data: dict) -> None:
        doc = next(iter(data["incidents"].values()))
        doc.update(title=["a", "list"], teams="R1", district=None)

    _reseal_live(db, edit)


def hand_edited_checksum_broken(db: Path) -> None:
    """An edit by hand that did not know about the checksum."""
    raw = db.read_bytes()
    db.write_bytes(raw.replace(b"Alpha bravo", b"Alpha BRAVO", 1))


def hand_edited_journal_id(db: Path) -> None:
    """The live file pointed at another journal id (checksum made good)."""

    def edit(data: dict) -> None:
        data["_meta"]["1"]["journal_id"] = hashlib.md5(b"x").hexdigest()

    _reseal_live(db, edit)


CASES: list[JournalCase] = [
    JournalCase("torn-tail", torn_tail, "recovers"),
    JournalCase("truncated-last-line", truncated_last_line, "recovers"),
    JournalCase("garbage-in-the-middle", garbage_in_the_middle, "refused", "damaged journal"),
    JournalCase("crc-ok-not-json", crc_ok_not_json, "refused", "damaged journal"),
    JournalCase("crc-ok-not-changes", crc_ok_not_changes, "refused", "damaged journal"),
    JournalCase("crc-ok-list-of-junk", crc_ok_list_of_junk, "refused", "damaged journal"),
    JournalCase(
        "crc-ok-change-without-fields", crc_ok_change_without_fields, "refused", "damaged journal"
    ),
    JournalCase("crc-ok-invalid-record", crc_ok_invalid_record, "damaged_record"),
    JournalCase("lines-swapped", crc_ok_out_of_sequence, "refused", "out of sequence"),
    JournalCase("line-duplicated", duplicated_line, "refused", "out of sequence"),
    JournalCase("older-journal", older_journal, "refused", "shorter than"),
    JournalCase(
        "older-journal-after-checkpoint",
        older_journal_then_file_checkpointed,
        "refused",
        "shorter than",
    ),
    JournalCase(
        "journal-of-another-database", journal_of_another_database, "refused", "another database"
    ),
    JournalCase("journal-missing", journal_missing, "refused", "journal is missing"),
    JournalCase("zero-length-journal", zero_length_journal, "refused", "empty"),
    JournalCase("header-only", journal_header_only, "refused", "shorter than"),
    JournalCase("header-garbage", journal_header_garbage, "refused", "not a Duty Desk journal"),
    JournalCase("journal-is-fifo", journal_is_fifo, "refused", "not a regular file", repairs=False),
    JournalCase(
        "journal-symlink-to-another",
        journal_is_symlink_to_another,
        "refused",
        "another database",
    ),
    JournalCase("journal-dangling-symlink", journal_is_dangling_symlink, "refused", "missing"),
    JournalCase(
        "journal-is-directory", journal_is_directory, "refused", "not a regular file", repairs=False
    ),
    JournalCase("hand-edited-invalid-record", hand_edited_invalid_record, "damaged_record"),
    JournalCase("hand-edited-wrong-types", hand_edited_wrong_types, "damaged_record"),
    JournalCase(
        "hand-edited-checksum-broken",
        hand_edited_checksum_broken,
        "refused",
        "checksum",
        repairs=False,
    ),
    JournalCase("hand-edited-journal-id", hand_edited_journal_id, "refused", "another database"),
]


def build(directory: Path) -> dict[str, Path]:
    """Every case as its own damaged database under `directory/<name>/duty.json`."""
    return {case.name: build_one(directory, case) for case in CASES}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: journal_corpus.py DIRECTORY", file=sys.stderr)
        return 2
    for case in CASES:
        print(f"{build_one(Path(argv[0]), case)}  {case.outcome} {case.says}".rstrip())
    return 0


def build_one(directory: Path, case: JournalCase) -> Path:
    where = directory / case.name
    where.mkdir(parents=True)
    db = make_db(where)
    case.damage(db)
    return db


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
