"""The append-only journal beside the database file: one fsync'd line per acknowledged write.

Appending a line and fsyncing costs a fraction of a millisecond at any size, where rewriting the
whole file costs tens (docs/storage.md). Each line is one write (one or more changes applied
together or not at all) with a CRC of its bytes; the first line names the checkpoint generation
the journal continues, so a reader can tell a journal that belongs to the file it read.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tui import APP_ID
from tui.store.durable import FILE_MODE, append_durable, write_atomic
from tui.store.errors import DamagedFileError

_PREFIX = b'{"crc":"'
_MIDDLE = b'","changes":'


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".journal")


def header(generation: int) -> bytes:
    return orjson.dumps({"journal": APP_ID, "generation": generation}) + b"\n"


def encode_line(changes: list[dict[str, Any]]) -> bytes:
    body = orjson.dumps(changes)
    return _PREFIX + b"%08x" % zlib.crc32(body) + _MIDDLE + body + b"}\n"


@dataclass(slots=True)
class JournalRead:
    """What a read of the journal found from some offset on."""

    generation: int | None
    batches: list[list[dict[str, Any]]]
    end: int
    """Offset just past the last complete line: where the next read starts."""
    torn: bool
    """A partial last line (a write in progress, or one killed before its fsync)."""


def read_journal(path: Path, offset: int = 0) -> JournalRead:
    """Read complete lines from `offset` on; a missing journal reads as empty."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            raw = handle.read()
    except FileNotFoundError:
        return JournalRead(None, [], 0, False)
    except OSError as error:
        raise DamagedFileError(path, f"cannot be read: {error.strerror}") from None
    generation: int | None = None
    batches: list[list[dict[str, Any]]] = []
    position = 0
    last_newline = raw.rfind(b"\n")
    complete = raw[: last_newline + 1] if last_newline >= 0 else b""
    for line in complete.splitlines():
        line_offset = offset + position
        position += len(line) + 1
        if line_offset == 0:
            generation = _parse_header(path, line)
            continue
        batches.append(_parse_line(path, line, line_offset))
    return JournalRead(generation, batches, offset + len(complete), len(raw) > len(complete))


def _parse_header(path: Path, line: bytes) -> int:
    try:
        head = orjson.loads(line)
        if head.get("journal") == APP_ID and isinstance(head.get("generation"), int):
            return int(head["generation"])
    except (orjson.JSONDecodeError, AttributeError):
        pass
    raise DamagedFileError(path, "not a Duty Desk journal (bad first line)")


def _parse_line(path: Path, line: bytes, offset: int) -> list[dict[str, Any]]:
    start = len(_PREFIX) + 8 + len(_MIDDLE)
    ok = line.startswith(_PREFIX) and line[start - len(_MIDDLE) : start] == _MIDDLE
    body = line[start:-1]
    if ok and line.endswith(b"}"):
        try:
            ok = int(line[len(_PREFIX) : len(_PREFIX) + 8], 16) == zlib.crc32(body)
        except ValueError:
            ok = False
    else:
        ok = False
    if not ok:
        raise DamagedFileError(path, f"damaged journal record at byte {offset} (checksum)")
    return orjson.loads(body)


class JournalWriter:
    """The open journal of a writing store; used only while the writers' lock is held."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)

    @classmethod
    def create(cls, path: Path, generation: int) -> JournalWriter:
        """Start a fresh journal for `generation`, atomically replacing any old one."""
        write_atomic(path, header(generation))
        return cls(path)

    def truncate_to(self, end: int) -> None:
        """Cut a torn tail left by a writer that died mid-append (we hold the lock)."""
        os.ftruncate(self.fd, end)
        os.fsync(self.fd)

    def append(self, changes: list[dict[str, Any]]) -> int:
        """Durably append one write; returns the journal's new length."""
        append_durable(self.fd, self.path, encode_line(changes))
        return os.lseek(self.fd, 0, os.SEEK_END)

    def size(self) -> int:
        return os.fstat(self.fd).st_size

    def close(self) -> None:
        os.close(self.fd)
