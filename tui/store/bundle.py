"""Export bundles: one file carrying a station's changes to another (PRODUCT.md §10).

    {"format":"dutydesk-bundle","version":1,"schema":1,"station":"FL1","device":"...",
     "bundle_id":"...","created_at":"...","ranges":{"FL1":[1,240],"HQ":[1,1800]},
     "changes":[...],
    "checksum":"<sha256 of every byte before the checksum key>"}

The changes are the same records the journal holds, so export, import, the audit trail and the
live view are one mechanism. The checksum covers the whole file: a flipped bit or a truncated
copy on a USB stick is refused before anything is applied.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from tui.store import livefile
from tui.store.errors import DamagedFileError

FORMAT = "dutydesk-bundle"
VERSION = 1
CHECKSUM_KEY = b'"checksum":'


def encode(header: dict[str, Any], changes: list[dict[str, Any]]) -> bytes:
    head = orjson.dumps({**header, "changes": []})[: -len(b'"changes":[]}')]
    lines = b",\n".join(orjson.dumps(change) for change in changes)
    body = head + b'"changes":[\n' + lines + b"],\n"
    digest = hashlib.sha256(body).hexdigest().encode()
    return body + CHECKSUM_KEY + b'"' + digest + b'"}\n'


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
