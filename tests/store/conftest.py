"""Fixtures of the storage tests; the helpers themselves live in storehelp.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from dutydesk_process import RunDutydesk, run_dutydesk
from storehelp import make_db


@pytest.fixture
def DUTYDESK() -> RunDutydesk:
    """Run `python -m tui ARGS...` in a child process: `DUTYDESK("list", "--db", path)`."""
    return run_dutydesk


@pytest.fixture
def base_db(tmp_path: Path) -> Path:
    """A small database: two incidents, a team, entries on both sides of a checkpoint."""
    return make_db(tmp_path)
