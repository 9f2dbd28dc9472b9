"""The checks a reviewer would run, inside the one test command."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TUI = ROOT / "tui"


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_ruff_check_is_clean() -> None:
    result = run(tool("ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = run(tool("ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold() -> None:
    """Model, store, report and CLI never import Textual; layers import downward only."""
    result = run(tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_types_check() -> None:
    """mypy over `tui/`, as `[tool.mypy]` in pyproject.toml configures it."""
    result = run(tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


#: A chunk of a stylesheet up to the `{`, `}` or `;` that ends it: a selector ends with `{`.
CSS_CHUNK = re.compile(r"([^{};]*)([{};]|$)")
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")
DEFAULT_CSS = re.compile(r"^\s*DEFAULT_CSS\b", re.MULTILINE)


def hex_colours(stylesheet: str) -> list[str]:
    """Hex colour literals in the declarations of a stylesheet (not in `#id` selectors)."""
    text = re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.DOTALL)
    declarations = (
        chunk.strip()
        for chunk, end in CSS_CHUNK.findall(text)
        if end != "{" and ":" in chunk  # what ends with `{` is a selector
    )
    return [d for d in declarations if HEX_COLOUR.search(d.split(":", 1)[1])]


def test_the_hex_colour_finder_sees_colours_and_not_selectors() -> None:
    sheet = "#add-button, Input:focus #bad {\n  color: #ff0000;\n  background: $panel 50%;\n}\n"
    assert hex_colours(sheet) == ["color: #ff0000"]
    assert hex_colours("/* border: #abc; */\n#fed { tint: #abcd; }") == ["tint: #abcd"]


def test_stylesheets_use_theme_variables_not_hex_colours() -> None:
    """Colours come from the theme (`$primary`, `$error`, ...), so every theme reads well."""
    found = {
        str(path.relative_to(ROOT)): colours
        for path in sorted(TUI.rglob("*.tcss"))
        if (colours := hex_colours(path.read_text(encoding="utf-8")))
    }
    assert not found, found


def test_default_css_only_in_reusable_widgets() -> None:
    """Screens and forms keep their styles in a `.tcss` beside them; only a self-contained
    widget under `tui/ui/widgets/` carries `DEFAULT_CSS`."""
    widgets = TUI / "ui" / "widgets"
    outside = [
        str(path.relative_to(ROOT))
        for path in sorted(TUI.rglob("*.py"))
        if widgets not in path.parents and DEFAULT_CSS.search(path.read_text(encoding="utf-8"))
    ]
    assert not outside, outside


def test_rows_and_snapshots_are_built_without_textual() -> None:
    """The row and snapshot builders run in the store watcher's thread and in benchmarks:
    importing them must not pull in Textual (only the widgets need it)."""
    probe = (
        "import sys, tui.ui.rows, tui.ui.snapshot; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
