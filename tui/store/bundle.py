"""Export bundles: one file carrying a station's changes to another (docs/product.md §10).

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
import re
from collections.abc import Callable, Iterable, Iterator
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
    given = header.get("ranges")  # a header may state them (tests of damaged bundles do)
    ranges: dict[str, list[int]] = {}
    piece = orjson.dumps(head)[:-1] + b',"changes":['
    for number, change in enumerate(changes):
        if given is None:
            first_last = ranges.setdefault(change["station"], [change["seq"], change["seq"]])
            first_last[1] = change["seq"]
        digest.update(piece)
        yield piece
        piece = (b",\n" if number else b"\n") + orjson.dumps(change)
    ranges = ranges if given is None else given
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
    for number, change in enumerate(changes):
        problem = change_problem(change)
        if problem:
            raise DamagedFileError(path, f"change {number + 1} of the bundle {problem}")
    ranges = data.get("ranges")
    heads = data.get("heads", {})
    if not _is_map_of(ranges, _is_range) or not _is_map_of(heads, _is_seq):
        raise DamagedFileError(path, "the bundle's header is malformed (ranges or heads)")
    check_ranges(path, ranges, changes)
    return data


#: What each field of a change must be: a bundle from elsewhere is checked before it is merged.
_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "station": str,
    "device": str,
    "seq": int,
    "hlc": str,
    "prev": str,
    "hash": str,
    "by": str,
    "at": str,
    "table": str,
    "record": str,
    "op": str,
    "before": (dict, type(None)),
    "after": (dict, type(None)),
}
TABLE_OPS: dict[str, frozenset[str]] = {
    "incidents": frozenset({"create", "update", "restore", "resolve"}),
    "entries": frozenset({"append"}),
    "teams": frozenset({"create", "update", "resolve"}),
    "settings": frozenset({"create", "update", "resolve"}),
}
_HLC = re.compile(r"^[0-9]{13}\.[0-9]{4}$")


def change_problem(change: Any) -> str | None:
    """Why `change` is not a well-formed change record, or None if it is."""
    if not isinstance(change, dict):
        return "is not a change record"
    for field, kind in _FIELD_TYPES.items():
        if not isinstance(change.get(field), kind) or isinstance(change.get(field), bool):
            return f"has no valid {field!r}"
    ops = TABLE_OPS.get(change["table"])
    if ops is None:
        return f"names an unknown table {change['table']!r}"
    if change["op"] not in ops:
        return f"has an unknown operation {change['op']!r} on {change['table']}"
    if change["seq"] < 1 or not _HLC.match(change["hlc"]):
        return "has a malformed sequence number or clock"
    if change["op"] != "update" and change["op"] != "resolve" and not change["after"]:
        return "carries no record"
    return None


def _is_seq(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_range(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_is_seq(v) for v in value)


def _is_map_of(value: Any, check: Callable[[Any], bool]) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and check(v) for k, v in value.items()
    )


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
