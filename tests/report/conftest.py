"""Fixtures of the report tests; the helpers themselves live in reporthelp.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from reporthelp import open_sample

from tui.store.store import Store


@pytest.fixture
def sample_store(tmp_path: Path) -> Store:
    """The sample database (a copy), read-only, at 13:00 Moscow time on 24 November 2026."""
    return open_sample(tmp_path)
