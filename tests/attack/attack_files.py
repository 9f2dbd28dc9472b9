"""Helpers of the attack tests: fingerprints of a database's files, what a terminal must never
receive, and the verdict of the record validators on everything a database holds."""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from pathlib import Path

from tui.model.text import TABLE
from tui.model.validators import RecordError, check_setting, readable
from tui.store.journal import journal_path
from tui.store.store import Store


def fingerprint(db: Path) -> dict[str, str]:
    """SHA-256 of the live file and of its journal (absent files too), and of the directory's
    listing (the writers' lock file aside: a writer creates it once and it is never part of the
    data): a refused operation leaves all three as they were."""
    out = {}
    for path in (db, journal_path(db)):
        out[path.name] = _file_print(path)
    out["listing"] = " ".join(
        sorted(
            p.name
            for p in db.parent.iterdir()
            if p.name.startswith(db.name) and p.suffix != ".lock"
        )
    )
    return out


def _file_print(path: Path) -> str:
    """A regular file by its bytes; a symlink by its target; anything else by its kind (a FIFO
    is never read: that would wait for a writer)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "-"
    if stat.S_ISLNK(st.st_mode):
        return f"symlink to {os.readlink(path)}"
    if stat.S_ISREG(st.st_mode):
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return f"special {stat.S_IFMT(st.st_mode):o}"


def raw_controls(output: str) -> list[str]:
    """The characters in `output` a terminal must never get raw (its own line breaks aside):
    C0 and C1 controls, DEL, bidi controls, line separators, surrogates and unassigned points."""
    return [
        char
        for char in output
        if char != "\n" and (ord(char) in TABLE or unicodedata.category(char) in ("Cs", "Co", "Cn"))
    ]


def invalid_records(db: Path) -> list[str]:
    """Every stored record (live) that fails its kind's validators, by table and id."""
    store = Store.open(db, read_only=True)
    state = store.state
    bad = []
    for table in ("incidents", "entries", "teams"):
        for record, doc in getattr(state, table).items():
            verdict = readable(doc, table, state.rules)
            if verdict is not None:
                bad.append(f"{table} {record}: {verdict['damaged']}")
    for key, doc in state.settings.items():
        try:
            check_setting(doc)
        except RecordError as error:
            bad.append(f"settings {key}: {error}")
    return bad
