"""Helpers of the command-line tests: run the real `dutydesk` in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def ok(self) -> str:
        assert self.returncode == 0, f"{self.args[3:]} failed: {self.stderr}"
        return self.stdout

    def error_line(self) -> str:
        """The one line a failing command must print; fails the test on anything else."""
        assert self.returncode != 0, f"{self.args[3:]} succeeded: {self.stdout!r}"
        assert "Traceback" not in self.stderr, self.stderr
        lines = self.stderr.strip().splitlines()
        assert len(lines) == 1, f"{self.args[3:]}: expected one line on stderr: {self.stderr!r}"
        return lines[0]


RunDutydesk = Callable[..., Run]


def run_dutydesk(
    *args: str | os.PathLike[str], env: dict[str, str] | None = None, timeout: float = 30
) -> Run:
    argv = [sys.executable, "-m", "tui", *map(str, args)]
    proc = subprocess.run(
        argv,
        capture_output=True,
        env=env if env is not None else child_env(),
        cwd=ROOT,
        timeout=timeout,
    )
    return Run(argv, proc.returncode, proc.stdout.decode(), proc.stderr.decode())
