"""Export bundles: one file carrying a station's changes to another (docs/product.md §10).

    {"format":"dutydesk-bundle","version":1,"schema":1,"station":"FL1","device":"...",
     "bundle_id":"...","created_at":"...","region":"kaluga","heads":{...},"changes":[
    {...one change per line...}],
    "ranges":{"FL1":[1,240],"HQ":[1,1800]},
    "checksum":"<sha256 of every byte before the checksum key>"}

The changes are the same records the journal holds, so export, import, the audit trail and the
live view are one mechanism. The checksum covers the whole file: a flipped bit or a truncated
copy on a USB stick is refused before anything is applied.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from tui.model.refs import STATION_RE
from tui.store import livefile
from tui.store.durable import open_regular, write_atomic_parts
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


#: The largest bundle read: a year of a busy region's changes is about 300 MB.
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
#: The most changes one bundle may carry (a year is well under a million).
MAX_CHANGES = 2_000_000
#: Records are flat documents: an entry's structured data nests a few levels, never more.
MAX_NESTING = 8

_CHANGES_OPEN = b',"changes":['


def read(path: Path) -> dict[str, Any]:
    """Read, parse and verify a bundle file as a stream; anything wrong refuses it whole.

    The size is judged before anything is parsed, and the file is read one line (one change)
    at a time: a bundle is only ever read as Duty Desk writes it (`encode_parts`).
    """
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(fd).st_size
        if size > MAX_BUNDLE_BYTES:
            raise DamagedFileError(
                path,
                f"the bundle is {size / 2**20:,.0f} MB, more than the "
                f"{MAX_BUNDLE_BYTES / 2**20:,.0f} MB a bundle may be: not read",
            )
        return _parse(path, handle)


def decode(path: Path, raw: bytes) -> dict[str, Any]:
    """`read` for a bundle already in memory (named `path` in refusals)."""
    return _parse(path, io.BytesIO(raw))


def _parse(path: Path, lines: BinaryIO) -> dict[str, Any]:
    digest = hashlib.sha256()
    first = lines.readline()
    digest.update(first)
    cut = first.find(_CHANGES_OPEN)
    if not first.startswith(b"{") or cut < 0:
        raise _foreign(path, first + lines.read())
    data = _loads(path, first[:cut] + b"}", "its header")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DamagedFileError(path, "not a Duty Desk bundle (unknown format)")
    changes: list[Any] = []
    rest = first[cut + len(_CHANGES_OPEN) :]
    closed = rest == b"],\n"
    if not closed and rest != b"\n":
        raise _layout(path)
    while not closed:
        line = lines.readline()
        digest.update(line)
        if line.endswith(b"],\n"):
            body, closed = line[:-3], True
        elif line.endswith(b",\n"):
            body = line[:-2]
        else:
            raise _layout(path)
        changes.append(_loads(path, body, f"change {len(changes) + 1}"))
        if len(changes) > MAX_CHANGES:
            raise DamagedFileError(
                path, f"the bundle carries more than {MAX_CHANGES:,} changes: not read"
            )
    line = lines.readline()
    digest.update(line)
    if not line.startswith(b'"ranges":') or not line.endswith(b",\n"):
        raise _layout(path)
    data["ranges"] = _loads(path, b"{" + line[:-2] + b"}", "its ranges").get("ranges")
    line = lines.readline()
    tail = CHECKSUM_KEY + b'"' + digest.hexdigest().encode() + b'"}\n'
    complete = line.startswith(CHECKSUM_KEY) and len(line) == len(tail) and line.endswith(b'"}\n')
    if not complete or lines.read(1):
        raise _layout(path)
    if line != tail:
        raise DamagedFileError(path, "bundle checksum does not match: the file was damaged")
    data["changes"] = changes
    _check(path, data)
    return data


def _loads(path: Path, raw: bytes, what: str) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise DamagedFileError(path, f"not a readable bundle ({what} is damaged)") from None


def _foreign(path: Path, raw: bytes) -> DamagedFileError:
    """Why a file that does not open like a bundle is refused: not JSON, or another format."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return DamagedFileError(path, "not a readable bundle (truncated or damaged?)")
    if isinstance(data, dict) and data.get("format") == FORMAT:
        return _layout(path)
    return DamagedFileError(path, "not a Duty Desk bundle (unknown format)")


def _layout(path: Path) -> DamagedFileError:
    return DamagedFileError(
        path, "not a readable bundle (truncated, damaged, or not laid out as Duty Desk writes)"
    )


def _check(path: Path, data: dict[str, Any]) -> None:
    """The header's version, schema and ranges, and every change's form."""
    if data.get("version") != VERSION:
        raise DamagedFileError(
            path, f"bundle format version {data.get('version')!r} is not one this Duty Desk reads"
        )
    schema = data.get("schema")
    if not isinstance(schema, int) or schema > livefile.SCHEMA_VERSION:
        raise DamagedFileError(
            path,
            f"bundle written by a newer Duty Desk (schema {schema!r}; this version reads up to "
            f"{livefile.SCHEMA_VERSION})",
        )
    station = data.get("station")
    if not isinstance(station, str) or STATION_RE.fullmatch(station) is None:
        raise DamagedFileError(path, "the bundle's header names no valid station")
    changes = data["changes"]
    seen: set[str] = set()
    for number, change in enumerate(changes):
        problem = change_problem(change)
        if problem:
            raise DamagedFileError(path, f"change {number + 1} of the bundle {problem}")
        if change["id"] in seen:
            raise DamagedFileError(
                path, f"change {change['station']}#{change['seq']} repeats the id of another"
            )
        seen.add(change["id"])
    ranges = data.get("ranges")
    heads = data.get("heads", {})
    if not _is_map_of(ranges, _is_range) or not _is_map_of(heads, _is_seq):
        raise DamagedFileError(path, "the bundle's header is malformed (ranges or heads)")
    check_ranges(path, ranges, changes)


#: What each field of a change must be: a bundle from elsewhere is checked before it is merged.
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(
        ("id", "station", "device", "hlc", "prev", "hash", "by", "at", "table", "record", "op"),
        (str,),
    ),
    "seq": (int,),
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
#: Record and change ids: 32 hex digits as Duty Desk mints them, or a setting's name.
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def _too_deep(value: Any) -> bool:
    """True if `value` nests lists and objects more than `MAX_NESTING` levels (counted without
    recursion; a flat record, the common case, is seen through at once)."""
    level, items = 1, [value]
    while items:
        nested = [
            child
            for item in items
            for child in (item.values() if type(item) is dict else item)
            if type(child) in _CONTAINERS
        ]
        if nested and level >= MAX_NESTING:
            return True
        level, items = level + 1, nested
    return False


_CONTAINERS = (dict, list)


def change_problem(change: Any) -> str | None:
    """Why `change` is not a well-formed change record, or None if it is."""
    if not isinstance(change, dict):
        return "is not a change record"
    for field, kinds in _FIELD_TYPES.items():
        if field not in change or type(change[field]) not in kinds:
            return f"has no valid {field!r}"
    base = change.get("base", {})
    if not _is_map_of(
        base, lambda heads: type(heads) is list and all(type(h) is str for h in heads)
    ):
        return "has no valid 'base'"
    ops = TABLE_OPS.get(change["table"])
    if ops is None:
        return f"names an unknown table {change['table']!r}"
    if change["op"] not in ops:
        return f"has an unknown operation {change['op']!r} on {change['table']}"
    if STATION_RE.fullmatch(change["station"]) is None:
        return "names no valid station"
    if not _ID.fullmatch(change["id"]) or not _ID.fullmatch(change["record"]):
        return "has a malformed id"
    if not 1 <= change["seq"] < 2**53 or not _HLC.match(change["hlc"]):
        return "has a malformed sequence number or clock"
    if any(value is not None and _too_deep(value) for value in (change["after"], change["before"])):
        return f"nests deeper than a record can ({MAX_NESTING} levels)"
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
            repeated = next((a for a, b in pairwise(seqs) if a == b), None)
            if repeated is not None:
                raise DamagedFileError(
                    path, f"station {station}'s change #{repeated} is in the bundle twice"
                )
            missing = sorted(set(range(seqs[0], seqs[-1] + 1)) - set(seqs))
            raise DamagedFileError(
                path, f"station {station}'s changes have a gap (missing #{missing[0]})"
            )
        if announced.get(station) != (seqs[0], seqs[-1]):
            raise DamagedFileError(path, f"station {station}'s changes do not match the header")
    if set(announced) != set(seen):
        raise DamagedFileError(path, "the header announces changes the bundle does not carry")
