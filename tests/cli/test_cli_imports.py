"""The commands that do not open the app never import Textual (they start fast)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from dutydesk_process import ROOT, child_env

IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for info in pkgutil.walk_packages(getattr(package, "__path__", []), package.__name__ + "."):
    importlib.import_module(info.name)  # every module of the package, not just its __init__
loaded = sorted(m for m in sys.modules if m == sys.argv[1] or m.startswith(sys.argv[1] + "."))
heavy = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(loaded), "modules;", "textual loaded:", heavy[:3])
sys.exit(1 if heavy else 0)
"""

RUN_COMMANDS = """
import contextlib, io, sys
from tui.cli import main
assert "textual" not in sys.modules, "imported by tui.cli itself"
from tui.store.store import Store
db = sys.argv[1]
out = io.TextIOWrapper(io.BytesIO())  # has a .buffer, as the real stdout has
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    codes = [
        main(["new", "--db", db, "--title", "t", "--district", "Kaluga"]),
        main(["log", "--db", db, "an entry"]),
        main(["list", "--db", db]),
        main(["list", "--db", db, "--json"]),
        main(["show", "--db", db, Store.open(db, read_only=True).incidents()[0].ref]),
        main(["show", "--db", db, "--json", "HQ-1999-0001"]),
        main(["check", "--db", db]),
    ]
assert codes == [0, 0, 0, 0, 0, 1, 0], codes
heavy = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not heavy, heavy[:5]
print("ok")
"""


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.parametrize(
    "package", ["tui.cli", "tui.model", "tui.store", "tui.report", "tui.locations"]
)
def test_package_does_not_import_textual(package: str) -> None:
    result = _python(IMPORT_ALL, package)
    assert result.returncode == 0, result.stdout + result.stderr


def test_running_commands_does_not_import_textual(tmp_path: Path) -> None:
    result = _python(RUN_COMMANDS, str(tmp_path / "duty.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("ok")


def test_the_probe_sees_textual_when_it_is_imported() -> None:
    """The check above would notice: importing the app does load Textual."""
    result = _python(IMPORT_ALL, "tui.ui")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "textual loaded: ['textual" in result.stdout
