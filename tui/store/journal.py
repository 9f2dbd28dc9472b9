"""The journal beside the database file: the append-only log of every change ever made.

Appending a line and fsyncing costs a fraction of a millisecond at any size, where rewriting the
whole file costs tens (docs/storage.md), so every write is one fsync'd line here. Each line is one
write (one or more changes, applied together or not at all) with a CRC of its bytes. The journal
is never rewritten: a checkpoint only records in the database file how far it has folded the
journal in, so a reader that read an older database file still finds every later change.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tui import APP_ID
from tui.store.durable import FILE_MODE, append_durable, open_regular, write_atomic
from tui.store.errors import DamagedFileError, JournalDamageError

_PREFIX = b'{"crc":"'
_MIDDLE = b'","changes":'


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".journal")


def header(journal_id: str) -> bytes:
    return orjson.dumps({"journal": APP_ID, "id": journal_id}) + b"\n"


def line_crc(line: bytes) -> str:
    """The CRC an encoded line carries in its prefix."""
    return line[len(_PREFIX) : len(_PREFIX) + 8].decode("ascii")


def encode_line(changes: list[dict[str, Any]]) -> bytes:
    body = orjson.dumps(changes)
    return _PREFIX + b"%08x" % zlib.crc32(body) + _MIDDLE + body + b"}\n"


@dataclass(slots=True)
class JournalRead:
    """What a read of the journal found from some offset on."""

    journal_id: str | None
    """The id in the journal's first line (None when the journal does not exist)."""
    batches: list[list[dict[str, Any]]]
    offsets: list[int]
    """Where each batch's line starts (to name a damaged or out-of-sequence line)."""
    end: int
    """Offset just past the last complete line: where the next read starts."""
    size: int
    """The file's size when read; more than `end` means a partial last line."""
    header_end: int
    """Where the first change line starts (just past the header)."""
    last: JournalLine | None
    """The last complete line read (None when none was)."""
    damage: JournalDamageError | None = None
    """With `tolerate`: why reading stopped early (a damaged header or line); the batches are
    the lines before it."""


@dataclass(frozen=True, slots=True)
class JournalLine:
    """Where one line of the journal lies and its CRC: a checkpoint records the last line it
    folded in, so that a journal cut or replaced below that point is noticed on open."""

    start: int
    end: int
    crc: str


def read_journal(path: Path, offset: int | None = None, *, tolerate: bool = False) -> JournalRead:
    """Read the header and the complete lines from `offset` on (default: after the header).

    An `offset` past the journal's end reads nothing; `size` then tells the caller so. A
    damaged header or line raises `JournalDamageError`; with `tolerate` (a repair), reading
    stops there instead and `damage` says why.
    """
    try:
        return _read_journal(path, offset, tolerate)
    except JournalDamageError as damage:
        if not tolerate:
            raise
        return JournalRead("", [], [], 0, 0, 0, None, damage)


def _read_journal(path: Path, offset: int | None, tolerate: bool) -> JournalRead:
    try:
        handle = os.fdopen(open_regular(path), "rb")
    except FileNotFoundError:
        return JournalRead(None, [], [], 0, 0, 0, None)
    except OSError as error:
        raise DamagedFileError(path, f"cannot be read: {error.strerror}") from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        first = handle.readline()
        if not first.endswith(b"\n"):
            if not first:
                raise JournalDamageError(path, "the journal is empty (no header line)")
            raise JournalDamageError(path, "not a Duty Desk journal (bad first line)")
        journal_id = _parse_header(path, first)
        start = len(first) if offset is None else max(offset, len(first))
        handle.seek(start)
        raw = handle.read()
    complete_end = raw.rfind(b"\n") + 1
    batches: list[list[dict[str, Any]]] = []
    offsets: list[int] = []
    position = start
    damage = None
    for line in raw[:complete_end].splitlines():
        try:
            batches.append(_parse_line(path, line, position))
        except JournalDamageError as error:
            if not tolerate:
                raise
            damage, complete_end = error, position - start
            break
        offsets.append(position)
        position += len(line) + 1
    last = None
    if batches:
        crc = line_crc(raw[offsets[-1] - start :])
        last = JournalLine(offsets[-1], start + complete_end, crc)
    end = start + complete_end
    return JournalRead(journal_id, batches, offsets, end, size, len(first), last, damage)


def line_crc_at(path: Path, start: int, end: int) -> str | None:
    """The CRC of the complete line that runs from `start` to `end` (None if there is none):
    enough to tell that the line a checkpoint folded last is still there, unchanged."""
    try:
        fd = open_regular(path)
    except (FileNotFoundError, DamagedFileError):
        return None
    try:
        prefix = os.pread(fd, len(_PREFIX) + 8, start)
        last = os.pread(fd, 1, end - 1) if end > start else b""
    finally:
        os.close(fd)
    if not prefix.startswith(_PREFIX) or last != b"\n":
        return None
    return prefix[len(_PREFIX) :].decode("ascii", "replace")


def iter_journal(path: Path) -> Iterator[list[dict[str, Any]]]:
    """Every complete line of the journal, one at a time (the change log can be large)."""
    try:
        handle = os.fdopen(open_regular(path), "rb")
    except FileNotFoundError:
        return
    with handle:
        first = handle.readline()
        if not first.endswith(b"\n"):
            raise JournalDamageError(path, "not a Duty Desk journal (bad first line)")
        _parse_header(path, first)
        position = len(first)
        for line in handle:
            if not line.endswith(b"\n"):
                return  # a torn last line: never acknowledged
            yield _parse_line(path, line[:-1], position)
            position += len(line)


def _parse_header(path: Path, line: bytes) -> str:
    try:
        head = orjson.loads(line)
        if head.get("journal") == APP_ID and isinstance(head.get("id"), str):
            return str(head["id"])
    except (orjson.JSONDecodeError, AttributeError):
        pass
    raise JournalDamageError(path, "not a Duty Desk journal (bad first line)")


def _parse_line(path: Path, line: bytes, offset: int) -> list[dict[str, Any]]:
    start = len(_PREFIX) + 8 + len(_MIDDLE)
    ok = (
        line.startswith(_PREFIX)
        and line[start - len(_MIDDLE) : start] == _MIDDLE
        and line.endswith(b"}")
    )
    body = line[start:-1]
    if ok:
        try:
            ok = int(line[len(_PREFIX) : len(_PREFIX) + 8], 16) == zlib.crc32(body)
        except ValueError:
            ok = False
    if not ok:
        raise JournalDamageError(path, f"damaged journal record at byte {offset:,} (checksum)")
    try:
        changes = orjson.loads(body)
    except orjson.JSONDecodeError:
        changes = None
    if not _are_changes(changes):
        # Its CRC is right, so it was written so: by hand, or by something that is not us.
        raise JournalDamageError(
            path, f"damaged journal record at byte {offset:,} (not a list of change records)"
        )
    return changes


#: The fields every reader of a journal line relies on, and their types.
_CHANGE_SHAPE = (
    ("station", str),
    ("seq", int),
    ("hash", str),
    ("prev", str),
    ("hlc", str),
    ("table", str),
    ("record", str),
    ("op", str),
)


def _are_changes(changes: Any) -> bool:
    """A journal line's body is a list of change records (judged by the fields replay reads;
    their records are judged by the validators, and shown marked damaged if they fail)."""
    return type(changes) is list and all(
        type(change) is dict
        and all(type(change.get(name)) is kind for name, kind in _CHANGE_SHAPE)
        and type(change.get("after", {})) in (dict, type(None))
        for change in changes
    )


class JournalWriter:
    """The open journal of a writing store; used only while the writers' lock is held."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = open_regular(path, os.O_RDWR | os.O_APPEND)

    @classmethod
    def create(cls, path: Path, journal_id: str, first: bytes = b"") -> None:
        """Start a new journal, with `first` (an encoded line) in it or empty: atomically, so
        no half-written header, and never a new journal without its first line, is seen."""
        write_atomic(path, header(journal_id) + first)
        os.chmod(path, FILE_MODE)

    def truncate_to(self, end: int) -> None:
        """Cut a torn tail left by a writer that died mid-append (we hold the lock)."""
        os.ftruncate(self.fd, end)
        os.fsync(self.fd)

    def append(self, changes: list[dict[str, Any]]) -> JournalLine:
        """Durably append one write; returns where its line lies."""
        line = encode_line(changes)
        append_durable(self.fd, self.path, line)
        end = os.lseek(self.fd, 0, os.SEEK_END)
        return JournalLine(end - len(line), end, line_crc(line))

    def size(self) -> int:
        return os.fstat(self.fd).st_size

    def close(self) -> None:
        os.close(self.fd)
