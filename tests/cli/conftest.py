"""Fixtures of the command-line tests; running the command: tests/dutydesk_process.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.store.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with one incident and one available team, R1."""
    path = tmp_path / "duty.json"
    store = Store.create(path, "HQ")
    store.create_incident("Drone shot down", "Sukhinichsky")
    store.create_team("R1", "Rescue one", "rescue", "Sukhinichsky")
    return path


@pytest.fixture
def ref(db: Path) -> str:
    return Store.open(db, read_only=True).incidents()[0].ref
