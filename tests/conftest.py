"""Fixtures every test folder shares; running the command itself: tests/dutydesk_process.py."""

from __future__ import annotations

import pytest
from dutydesk_process import RunDutydesk, run_dutydesk


@pytest.fixture
def DUTYDESK() -> RunDutydesk:
    """Run `python -m tui ARGS...` in a child process: `DUTYDESK("list", "--db", path)`."""
    return run_dutydesk
