"""Run the real `dutydesk` command in a child process: shared by the CLI, storage and merge
tests (importable from any test folder: `pythonpath = ["tests"]` in pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child_env(**overrides: str | None) -> dict[str, str]:
    """Our environment without any DUTYDESK_* setting the test did not ask for."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUTYDESK_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@dataclass
class Run:
    """What a finished command printed and returned."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def ok(self) -> str:
        assert self.returncode == 0, f"{self.args} failed: {self.stderr}"
        assert "Traceback" not in self.stderr, self.stderr
        return self.stdout

    def error_line(self) -> str:
        """The one line a failing command must print; fails the test on anything else."""
        assert self.returncode != 0, f"{self.args} succeeded: {self.stdout!r}"
        assert "Traceback" not in self.stderr, self.stderr
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, f"{self.args}: expected one line on stderr, got {self.stderr!r}"
        return lines[0]


RunDutydesk = Callable[..., Run]


def run_dutydesk(
    *args: str | os.PathLike[str],
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
    cwd: Path | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 60,
) -> Run:
    """Run the real command; `prefix` wraps it (e.g. setpriv to run as another user)."""
    argv = [*prefix, sys.executable, "-m", "tui", *map(str, args)]
    proc = subprocess.run(
        argv,
        capture_output=True,
        env=env if env is not None else child_env(),
        cwd=cwd or ROOT,
        preexec_fn=preexec_fn,
        timeout=timeout,
    )
    return Run(
        argv,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
