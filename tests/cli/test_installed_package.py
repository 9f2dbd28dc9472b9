"""An installed package is not a checkout: what `pip install .` puts on a machine must carry
everything the program reads at run time (the desk's stylesheets, the demo's sample)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from dutydesk_process import ROOT, child_env

pytestmark = pytest.mark.slow

PROBE = """
import sys
import tui
from tui.cli import demo_copy
from tui.store.store import Store
assert tui.__file__.startswith(sys.argv[1]), tui.__file__  # the installed copy, not the checkout
store = Store.open(demo_copy(), read_only=True)
print(len(store.incidents()), store.station)
"""


def test_the_demo_and_the_stylesheets_ship_in_the_wheel(tmp_path: Path) -> None:
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", wheels, ROOT],
        check=True,
        cwd=tmp_path,
        capture_output=True,
    )
    [wheel] = wheels.glob("dutydesk-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", target, wheel], check=True)
    installed = target / "tui"
    assert (installed / "sample" / "sample_db.json").is_file()
    assert not (installed / "sample" / "sample_db.json").is_symlink()
    assert (installed / "ui" / "screens" / "main.tcss").is_file()
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, str(installed)],
        env={**child_env(), "PYTHONPATH": str(target)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    count, station = probe.stdout.split()
    assert int(count) > 0 and station == "HQ"
