"""Fixtures of the storage tests (`DUTYDESK`: tests/conftest.py); helpers: store_files.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_files import make_db


@pytest.fixture
def base_db(tmp_path: Path) -> Path:
    """A small database: two incidents, a team, entries on both sides of a checkpoint."""
    return make_db(tmp_path)
