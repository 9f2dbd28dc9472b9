"""Helpers of the report tests: the sample under a frozen clock, goldens, a generated database.

Run with `DUTYDESK_UPDATE_GOLDEN=1` to rewrite the golden files from the current output
(then read the diff before committing it).
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.store.journal import journal_path
from tui.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_db.json"
GOLDEN = Path(__file__).resolve().parent / "golden"
#: 13:00 Moscow time on 24 November 2026: the sample's "now", EOD-1 30 minutes overdue.
FROZEN_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
UPDATE_ENV = "DUTYDESK_UPDATE_GOLDEN"
SUFFIX = {"text": "txt", "md": "md", "json": "json"}

_ID = re.compile(r"\b[0-9a-f]{32}\b")


def copy_sample(directory: Path) -> Path:
    """The sample database and its journal, copied so that nothing can touch the originals."""
    target = directory / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    shutil.copyfile(journal_path(SAMPLE), journal_path(target))
    return target


def open_sample(directory: Path, now: datetime = FROZEN_NOW) -> Store:
    return Store.open(copy_sample(directory), read_only=True, clock=lambda: now)


def normalise_ids(text: str) -> str:
    """Record ids (uuid4 hex) as `id-1`, `id-2`, ... in order of first appearance.

    `scripts/make_sample.py` builds the same content with fresh ids each run; the JSON golden
    should survive a rebuilt sample as the text and Markdown ones do.
    """
    seen: dict[str, str] = {}
    return _ID.sub(lambda m: seen.setdefault(m.group(), f"id-{len(seen) + 1}"), text)


def check_golden(name: str, actual: str) -> None:
    """Compare `actual` with golden/`name`; under DUTYDESK_UPDATE_GOLDEN, rewrite it instead."""
    path = GOLDEN / name
    if os.environ.get(UPDATE_ENV):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"no golden file {path}; run the tests with {UPDATE_ENV}=1"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from its golden file; if the change is intended, rerun with "
        f"{UPDATE_ENV}=1 and review the diff"
    )


class MovableClock:
    """A clock the test moves forward by hand, for building a database at chosen times."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def new_db(directory: Path, start: datetime) -> tuple[Store, MovableClock]:
    clock = MovableClock(start)
    store = Store.create(directory / "duty.json", "HQ", operator="Tester", clock=clock)
    return store, clock
