"""The database file format: a TinyDB JSON document, one record per line, sealed by a checksum.

Layout (TinyDB's: table name -> document id -> document), readable with TinyDB through
`tinydb_view.LiveFileStorage`:

    {"_meta":{"1":{...}},
    "incidents":{
    "1":{...},
    "2":{...}
    },
    "_integrity":{"1":{"sha256":"<hex of every byte before the _integrity key>"}}}

The checksum catches a flipped bit that still parses as JSON; one record per line keeps the file
something a person can read with `less` or `grep`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from tui import APP_ID
from tui.store.durable import read_regular, write_atomic
from tui.store.errors import DamagedFileError, SchemaTooNewError

SCHEMA_VERSION = 1
INTEGRITY_KEY = b'"_integrity":'

Tables = dict[str, dict[str, dict[str, Any]]]


def encode(
    meta: Mapping[str, Any], tables: Mapping[str, Iterable[Mapping[str, Any] | bytes]]
) -> bytes:
    """Serialise `meta` and the named lists of documents, numbering documents as TinyDB does.

    A document given as bytes is taken as already serialised (an archive copies the lines it
    already holds instead of parsing them).
    """
    parts: list[bytes] = [b'{"_meta":{"1":', orjson.dumps(meta), b"}"]
    dumps = orjson.dumps
    for name, docs in tables.items():
        parts.append(b",\n" + dumps(name) + b":{")
        first = True
        for number, doc in enumerate(docs, start=1):
            parts.append(b'\n"%d":' % number if first else b',\n"%d":' % number)
            parts.append(doc if isinstance(doc, bytes) else dumps(doc))
            first = False
        parts.append(b"\n}")
    parts.append(b",\n")
    body = b"".join(parts)
    digest = hashlib.sha256(body).hexdigest().encode()
    return body + INTEGRITY_KEY + b'{"1":{"sha256":"' + digest + b'"}}}\n'


def decode(path: Path, raw: bytes, *, kind: str = "database") -> Tables:
    """Parse and verify a file's bytes; anything wrong is a DamagedFileError naming `path`."""
    if not raw.strip():
        raise DamagedFileError(path, f"the {kind} file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise DamagedFileError(
            path, f"not a readable {kind} file (not valid JSON: truncated or damaged?)"
        ) from None
    meta = _meta_of(data)
    if meta is None or meta.get("app") != APP_ID:
        raise DamagedFileError(path, "not a Duty Desk database (no Duty Desk _meta record)")
    cut = raw.rfind(INTEGRITY_KEY)
    stored = _integrity_of(data) if cut >= 0 else None
    if not isinstance(stored, str) or hashlib.sha256(raw[:cut]).hexdigest() != stored:
        raise DamagedFileError(
            path, "integrity checksum does not match: the file was damaged or edited by hand"
        )
    schema = meta.get("schema")
    if not isinstance(schema, int) or schema < 1:
        raise DamagedFileError(path, "the file carries no valid schema version")
    if schema > SCHEMA_VERSION:
        raise SchemaTooNewError(
            path,
            f"written by a newer Duty Desk (schema {schema}; this version reads up to "
            f"{SCHEMA_VERSION}): upgrade Duty Desk to open it",
        )
    del data["_integrity"]
    return data


def verify_bytes(path: Path, raw: bytes, *, kind: str) -> None:
    """Check the checksum of a file without parsing it (for the line-wise readers below)."""
    cut = raw.rfind(INTEGRITY_KEY)
    tail = raw[cut:] if cut >= 0 else b""
    stored = tail[len(INTEGRITY_KEY) + len(b'{"1":{"sha256":"') :][:64]
    if cut < 0 or hashlib.sha256(raw[:cut]).hexdigest().encode() != stored:
        raise DamagedFileError(path, f"{kind} integrity checksum does not match")


def read_meta(path: Path, raw: bytes, *, kind: str) -> dict[str, Any]:
    """Verify a file's checksum and its `_meta` without parsing the rest."""
    verify_bytes(path, raw, kind=kind)
    first = raw[: raw.find(b"\n")].rstrip(b",") + b"}"
    try:
        meta = _meta_of(orjson.loads(first))
    except orjson.JSONDecodeError:
        meta = None
    if meta is None or meta.get("app") != APP_ID:
        raise DamagedFileError(path, f"not a Duty Desk {kind} (no Duty Desk _meta record)")
    return meta


def iter_doc_lines(raw: bytes, table: str, needle: bytes = b"") -> Iterator[bytes]:
    """The serialised documents of one table, one per line as `encode` writes them."""
    header = orjson.dumps(table) + b":{"
    start = raw.find(b"\n" + header + b"\n")
    if start < 0:
        return
    position = start + len(header) + 2
    end = raw.find(b"\n}", position - 1)
    for line in raw[position:end].split(b"\n"):
        if line and (not needle or needle in line):
            yield line[line.index(b":") + 1 :].rstrip(b",")


def iter_docs(raw: bytes, table: str, needle: bytes = b"") -> Iterator[dict[str, Any]]:
    """The documents of one table, parsed line by line (one document per line, as `encode`
    writes), skipping lines without `needle`: an archive's incidents can be listed without
    building its hundreds of thousands of entries in memory."""
    for line in iter_doc_lines(raw, table, needle):
        yield orjson.loads(line)


def _integrity_of(data: dict[str, Any]) -> Any:
    integrity = data.get("_integrity")
    record = integrity.get("1") if isinstance(integrity, dict) else None
    return record.get("sha256") if isinstance(record, dict) else None


def _meta_of(data: Any) -> dict[str, Any] | None:
    if not isinstance(data, dict):
        return None
    meta = data.get("_meta")
    if not isinstance(meta, dict):
        return None
    record = meta.get("1")
    return record if isinstance(record, dict) else None


def meta_of(tables: Tables) -> dict[str, Any]:
    return tables["_meta"]["1"]


def read_file(path: Path, *, kind: str = "database") -> Tables:
    """Read and verify the file at `path` (opened read-only)."""
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise DamagedFileError(path, f"cannot be read: {error.strerror}") from None
    return decode(path, raw, kind=kind)


def write_file(path: Path, meta: Mapping[str, Any], tables: Mapping[str, Iterable[Any]]) -> None:
    """Durably replace the file at `path` (temp, fsync, rename, fsync the directory)."""
    write_atomic(path, encode(meta, tables))
