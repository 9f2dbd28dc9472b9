"""A corpus of damaged files: each is refused by name and left byte-for-byte unchanged.

Every case is opened through the Store (read-only and as a writer) and through the command line
(`list`, `show`, `log`, `check`). Each must fail with an error naming the damaged file (one line
on stderr, no traceback, non-zero exit), leave every file as it was (bytes and mtime), and leave no
temp file. Only the writers' lock file may appear: a writer takes the lock before reading.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from dutydesk_process import ROOT, Run, child_env
from marks import slow_except
from store_files import assert_unchanged, snapshot

from tui.store import livefile
from tui.store.errors import DamagedFileError, SchemaTooNewError, StoreError
from tui.store.store import Store

LOCK = "duty.json.lock"

Damage = Callable[[Path], Path]
"""Damages the database at the path; returns the file that is now damaged."""


def _rewrite(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _truncate(fraction: float) -> Damage:
    def damage(path: Path) -> Path:
        data = path.read_bytes()
        return _rewrite(path, data[: int(len(data) * fraction)])

    return damage


def _truncate_tail(nbytes: int) -> Damage:
    def damage(path: Path) -> Path:
        return _rewrite(path, path.read_bytes()[:-nbytes])

    return damage


def _flip_title_letter(path: Path) -> Path:
    """One bit of a title's first letter: `Alpha` -> `@lpha`; still valid JSON."""
    data = bytearray(path.read_bytes())
    at = data.index(b'"title":"Alpha') + len(b'"title":"')
    data[at] ^= 0x01
    damaged = bytes(data)
    orjson.loads(damaged)  # the flip alone must not break the JSON: only the checksum sees it
    return _rewrite(path, damaged)


def _flip_structure(path: Path) -> Path:
    """One bit of the quote that opens a title value: `"` -> `#`, no longer JSON."""
    data = bytearray(path.read_bytes())
    data[data.index(b'"title":"') + len(b'"title":')] ^= 0x01
    return _rewrite(path, bytes(data))


def _schema(version: int) -> Damage:
    """Re-seal the file with another schema number and a valid checksum."""

    def damage(path: Path) -> Path:
        tables = livefile.decode(path, path.read_bytes())
        meta = tables.pop("_meta")["1"]
        meta["schema"] = version
        body = {name: list(docs.values()) for name, docs in tables.items()}
        return _rewrite(path, livefile.encode(meta, body))

    return damage


def _journal_middle_line(path: Path) -> Path:
    """One byte inside the body of a journal line that has complete lines after it."""
    journal = path.with_name(path.name + ".journal")
    lines = journal.read_bytes().splitlines(keepends=True)
    assert len(lines) >= 4, "the base database should have several journal lines"
    victim = bytearray(lines[-2])
    at = victim.index(b"journal two")
    victim[at] ^= 0x01
    lines[-2] = bytes(victim)
    return _rewrite(journal, b"".join(lines))


def _bad_integrity_record(path: Path) -> Path:
    raw = path.read_bytes()
    cut = raw.rindex(b'"_integrity":')
    return _rewrite(path, raw[:cut] + b'"_integrity":{"1":5}}\n')


CASES = [
    pytest.param(lambda p: _rewrite(p, b""), id="empty"),
    pytest.param(lambda p: _rewrite(p, b"\n\n  \n"), id="whitespace"),
    pytest.param(_truncate(0.0001), id="truncated-1-byte-in"),
    pytest.param(_truncate(1 / 3), id="truncated-at-a-third"),
    pytest.param(_truncate(0.5), id="truncated-at-half"),
    pytest.param(_truncate_tail(3), id="truncated-before-last-brace"),
    pytest.param(_flip_title_letter, id="bit-flip-still-json"),
    pytest.param(_flip_structure, id="bit-flip-breaks-json"),
    pytest.param(lambda p: _rewrite(p, b'{"a": 1}'), id="foreign-json"),
    pytest.param(lambda p: _rewrite(p, b'{"_default": {"1": {"x": 1}}}'), id="plain-tinydb"),
    pytest.param(lambda p: _rewrite(p, b"[1, 2, 3]"), id="json-array"),
    pytest.param(lambda p: _rewrite(p, b"\x89PNG\r\n\x1a\n\x00\x00\rIHDR\xff\xfe"), id="not-json"),
    pytest.param(_schema(99), id="newer-schema"),
    pytest.param(_journal_middle_line, id="journal-middle-line"),
    pytest.param(_bad_integrity_record, id="integrity-record-not-an-object"),
]


def test_the_damage_is_real(base_db: Path) -> None:
    """The base database itself opens: every refusal below is the damage's doing."""
    store = Store.open(base_db)
    first = store.incidents()[-1]
    assert first.title == "Alpha bravo drone down"
    assert len(store.timeline(first.ref)) == 5  # report, one entry checkpointed, three journaled


@pytest.mark.parametrize("damage", CASES)
def test_store_refuses_damaged_file_by_name(base_db: Path, damage: Damage) -> None:
    damaged = damage(base_db)
    before = snapshot(base_db.parent)
    for read_only in (True, False):
        with pytest.raises(StoreError) as caught:
            Store.open(base_db, read_only=read_only)
        assert str(damaged) in str(caught.value), caught.value
        assert "\n" not in str(caught.value)
        assert isinstance(caught.value, DamagedFileError)
        if b'"schema":99' in base_db.read_bytes():
            assert isinstance(caught.value, SchemaTooNewError)
        assert_unchanged(before, base_db.parent, may_appear={LOCK})


#: One process per command per case: the fast set keeps the checksum case, the full run all.
@pytest.mark.parametrize("damage", slow_except(CASES, "bit-flip-still-json"))
def test_cli_refuses_damaged_file_by_name(base_db: Path, damage: Damage) -> None:
    damaged = damage(base_db)
    before = snapshot(base_db.parent)
    commands = [
        ["list"],
        ["show", "HQ-2026-0001"],
        ["log", "--incident", "HQ-2026-0001", "must not be written"],
        ["check"],
    ]
    procs = [  # the four commands run side by side: they only read, or fail before writing
        subprocess.Popen(
            [sys.executable, "-m", "tui", *command, "--db", str(base_db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=child_env(),
            cwd=ROOT,
        )
        for command in commands
    ]
    for command, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=30)
        run = Run(command, proc.returncode, out.decode(), err.decode())
        line = run.error_line()
        assert str(damaged) in line, f"{command}: {line}"
    assert_unchanged(before, base_db.parent, may_appear={LOCK})
