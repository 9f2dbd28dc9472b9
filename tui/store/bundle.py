"""Export bundles: one file carrying a station's changes to another (PRODUCT.md §10).

    {"format":"dutydesk-bundle","version":1,"schema":1,"station":"FL1","device":"...",
     "bundle_id":"...","created_at":"...","changes":[
    {...one change per line...}],
    "ranges":{"FL1":[1,240],"HQ":[1,1800]},
    "checksum":"<sha256 of every byte before the checksum key>"}

The changes are the same records the journal holds, so export, import, the audit trail and the
live view are one mechanism. The checksum covers the whole file: a flipped bit or a truncated
copy on a USB stick is refused before anything is applied.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from tui.store import livefile
from tui.store.durable import write_atomic_parts
from tui.store.errors import DamagedFileError

FORMAT = "dutydesk-bundle"
VERSION = 1
CHECKSUM_KEY = b'"checksum":'


def encode(header: dict[str, Any], changes: Iterable[dict[str, Any]]) -> bytes:
    """The whole bundle in memory (tests and small bundles); `write` streams it to a file."""
    return b"".join(encode_parts(header, changes))


def encode_parts(header: dict[str, Any], changes: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The bundle's bytes in pieces, one change at a time: the ranges go after the changes, so
    a year of changes is written without holding it in memory. The last piece is the checksum."""
    digest = hashlib.sha256()
    head = {k: v for k, v in header.items() if k != "ranges"}
    ranges: dict[str, list[int]] = {}
    piece = orjson.dumps(head)[:-1] + b',"changes":['
    for number, change in enumerate(changes):
        first_last = ranges.setdefault(change["station"], [change["seq"], change["seq"]])
        first_last[1] = change["seq"]
        digest.update(piece)
        yield piece
        piece = (b",\n" if number else b"\n") + orjson.dumps(change)
    ranges = header.get("ranges") or ranges  # a header may state them (tests of damage do)
    piece += b'],\n"ranges":' + orjson.dumps(ranges) + b",\n"
    digest.update(piece)
    header["ranges"] = ranges
    yield piece
    yield CHECKSUM_KEY + b'"' + digest.hexdigest().encode() + b'"}\n'


def write(target: Path, header: dict[str, Any], changes: Iterable[dict[str, Any]]) -> None:
    """Stream a bundle to `target` atomically, then read it back and verify its checksum.

    Fills in `header["ranges"]` from the changes written.
    """
    write_atomic_parts(target, encode_parts(header, changes))
    verify_file(target)


def verify_file(path: Path) -> None:
    """Re-read a written bundle and check its checksum, streaming: what is on the stick is right."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        tail_start = max(0, size - 256)
        handle.seek(tail_start)
        tail = handle.read()
        cut = tail_start + tail.rfind(CHECKSUM_KEY)
        handle.seek(0)
        remaining = cut
        while remaining > 0:
            chunk = handle.read(min(remaining, 1 << 20))
            if not chunk:
                break
            digest.update(chunk)
            remaining -= len(chunk)
    stored = tail[tail.rfind(CHECKSUM_KEY) + len(CHECKSUM_KEY) + 1 :][:64]
    if cut < tail_start or digest.hexdigest().encode() != stored:
        raise DamagedFileError(path, "the bundle read back does not match what was written")


def decode(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse and verify a bundle: checksum, format, version, schema, ranges; else refuse it."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise DamagedFileError(path, "not a readable bundle (truncated or damaged?)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DamagedFileError(path, "not a Duty Desk bundle (unknown format)")
    cut = raw.rfind(CHECKSUM_KEY)
    if cut < 0 or hashlib.sha256(raw[:cut]).hexdigest() != data.get("checksum"):
        raise DamagedFileError(path, "bundle checksum does not match: the file was damaged")
    if data.get("version") != VERSION:
        raise DamagedFileError(
            path, f"bundle format version {data.get('version')} is not one this Duty Desk reads"
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or schema > livefile.SCHEMA_VERSION:
        raise DamagedFileError(
            path,
            f"bundle written by a newer Duty Desk (schema {schema}; this version reads up to "
            f"{livefile.SCHEMA_VERSION})",
        )
    changes = data.get("changes")
    if not isinstance(changes, list):
        raise DamagedFileError(path, "the bundle carries no list of changes")
    check_ranges(path, data.get("ranges"), changes)
    return data


def check_ranges(path: Path, ranges: Any, changes: list[dict[str, Any]]) -> None:
    """Each station's changes run without a gap and match the ranges the header announces."""
    seen: dict[str, list[int]] = {}
    for change in changes:
        seen.setdefault(change["station"], []).append(change["seq"])
    announced = {k: tuple(v) for k, v in (ranges or {}).items()}
    for station, seqs in seen.items():
        seqs.sort()
        if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
            missing = sorted(set(range(seqs[0], seqs[-1] + 1)) - set(seqs))
            raise DamagedFileError(
                path, f"station {station}'s changes have a gap (missing #{missing[0]})"
            )
        if announced.get(station) != (seqs[0], seqs[-1]):
            raise DamagedFileError(path, f"station {station}'s changes do not match the header")
    if set(announced) != set(seen):
        raise DamagedFileError(path, "the header announces changes the bundle does not carry")
