"""Fixtures of the merge tests; the helpers themselves live in mergehelp.py."""

from __future__ import annotations

import pytest
from dutydesk_process import RunDutydesk, run_dutydesk


@pytest.fixture
def DUTYDESK() -> RunDutydesk:
    """Run `python -m tui ARGS...` in a child process: `DUTYDESK("import", "--db", db, b)`."""
    return run_dutydesk
