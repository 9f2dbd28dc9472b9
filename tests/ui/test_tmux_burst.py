"""Type-ahead as a person over a slow link sends it: the real app in a real terminal (tmux at
80×24), a whole burst of keys written to the terminal at once."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from desk_data import make_store

from tui.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
SESSION = f"dutydesk-burst-{time.time_ns()}"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def wait_for_screen(shows: Callable[[str], bool], timeout: float = 20.0) -> str:
    """The screen as tmux captures it, once `shows(screen)` holds."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", SESSION)
        if shows(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"the screen never showed what was awaited:\n{screen}")


def test_two_quick_logs_typed_in_one_burst_are_two_entries(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    selected = Store.open(path, read_only=True).incidents()[0]
    before = len(Store.open(path, read_only=True).timeline(selected.id))
    command = (
        f"cd {shlex.quote(str(ROOT))} && {shlex.quote(sys.executable)} -m tui "
        f"--db {shlex.quote(str(path))} --operator petrova; sleep 30"
    )
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", SESSION, "sh", "-c", command)
    try:
        wait_for_screen(lambda screen: selected.ref in screen)
        time.sleep(0.5)  # the first detail
        # One send-keys: tmux writes the whole burst to the terminal in one go.
        tmux(
            "send-keys", "-t", SESSION, "l", "first entry", "Enter", "l", "engine at scene", "Enter"
        )
        deadline = time.monotonic() + 20
        texts: list[str] = []
        while time.monotonic() < deadline:
            texts = [e.text for e in Store.open(path, read_only=True).timeline(selected.id)]
            if len(texts) >= before + 2:
                break
            time.sleep(0.2)
        assert texts[before:] == ["first entry", "engine at scene"]
        # Back on the desk once the second form has closed (the store acknowledges first).
        screen = wait_for_screen(lambda screen: "Incidents 3" in screen and "Saving" not in screen)
        assert "Log · " not in screen  # no quick-log form left open
        assert "first entry" not in screen and "engine" not in screen  # not in the search box
    finally:
        tmux("kill-session", "-t", SESSION)
