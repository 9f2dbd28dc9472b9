"""The sanitiser every pane uses, the keymap file, and the board's clock format."""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import tui.ui
from tui.model.filters import IncidentFilter
from tui.model.gazetteer import get_region
from tui.model.records import Incident
from tui.ui.actions import known_binding_ids
from tui.ui.config import ConfigError, load_keymap
from tui.ui.rows import RowMaker, filter_rows
from tui.ui.text import clean, literal
from tui.ui.widgets.team_board import time_in_status


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[red]x[/red]", "[red]x[/red]"),
        ("a\x1b[2Jb", "a␛[2Jb"),
        ("bell\x07", "bell␇"),
        ("cr\rlf\nend", "cr␍lf end"),
        ("tab\there", "tab here"),
        ("del\x7f c1\x9b", "del␡ c1\ufffd"),
        ("rtl\u202eevil", "rtl\ufffdevil"),
        ("Сухиничский район", "Сухиничский район"),
        (None, ""),
    ],
)
def test_clean_makes_controls_visible(raw: str | None, shown: str) -> None:
    assert clean(raw) == shown


def test_clean_multiline_keeps_newlines_only() -> None:
    assert clean("a\r\nb\nc\x1b", multiline=True) == "a\nb\nc␛"


def test_literal_is_never_markup() -> None:
    text = literal("[bold]x[/bold] :smile:")
    assert text.plain == "[bold]x[/bold] :smile:"
    assert not text.spans


def test_keymap_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"incident.new" = "N"\n"app.quit" = "ctrl+q"\n', encoding="utf-8")
    assert load_keymap(path) == {"incident.new": "N", "app.quit": "ctrl+q"}
    assert load_keymap(tmp_path / "missing.toml") == {}


@pytest.mark.parametrize(
    "content",
    ["[keys\n", '[keys]\n"incident.new" = 5\n', 'keys = "N"\n', b"\xff\xfe[keys]"],
)
def test_bad_config_is_one_clear_error(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ConfigError) as raised:
        load_keymap(path)
    assert str(path) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_unknown_binding_id_is_named(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\n"incident.nwe" = "N"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"incident\.nwe"):
        load_keymap(path, known_ids=frozenset({"incident.new"}))


def test_time_in_status_has_minute_resolution() -> None:
    t = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert time_in_status(t, t + timedelta(seconds=59)) == "0m"
    assert time_in_status(t, t + timedelta(minutes=65, seconds=30)) == "1h 05m"
    assert time_in_status(t, t + timedelta(days=3, hours=4, minutes=1)) == "3d 04h"


def _incident(n: int, **fields: object) -> Incident:
    base = {
        "id": f"id{n}",
        "ref": f"HQ-2026-{n:04d}",
        "title": f"Incident {n}",
        "kind": "other",
        "severity": "minor",
        "status": "new",
        "district": "kozelsky" if n % 2 else "obninsk",
        "reported_at": f"2026-11-{1 + n % 28:02d}T10:00:00Z",
        "created_by": "x",
        "created_at": "2026-11-01T10:00:00Z",
        "updated_by": "x",
        "updated_at": "2026-11-01T10:00:00Z",
    }
    base.update(fields)
    return Incident(**base)  # type: ignore[arg-type]


def test_list_filter_agrees_with_incident_filter() -> None:
    region = get_region("kaluga")
    names = {d.key: f"{d.name_en} {d.name_ru}" for d in region.districts}
    incidents = [
        _incident(n, status=["new", "closed", "active"][n % 3], narrative=f"дрон {n % 5}")
        for n in range(60)
    ]
    now = datetime(2026, 11, 30, tzinfo=UTC)
    rows = RowMaker(region, names, region_tz()).rows(incidents, now)
    for where in [
        IncidentFilter(text="козельск"),
        IncidentFilter(text="ДРОН 3"),
        IncidentFilter(text="incident 1", statuses=frozenset({"open"})),
        IncidentFilter(severities=frozenset({"minor"}), districts=frozenset({"obninsk"})),
        IncidentFilter(since="2026-11-10T00:00:00Z", until="2026-11-20T00:00:00Z"),
    ]:
        expected = [i.id for i in incidents if where.matches(i.to_doc(), names)]
        assert [r.id for r in filter_rows(rows, where)] == expected, where


def region_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Moscow")


def test_every_binding_id_in_the_app_may_be_rebound_and_no_other() -> None:
    """The keymap loader's ids come from the actions table: each id a binding of the app
    carries is accepted, so a rebinding a user writes is never refused as unknown."""
    found: set[str] = set()
    for module_info in pkgutil.walk_packages(tui.ui.__path__, "tui.ui."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode):
                for binding in getattr(value, "BINDINGS", []):
                    if isinstance(binding, Binding) and binding.id:
                        found.add(binding.id)
    assert found == known_binding_ids()


def test_the_app_refuses_a_config_naming_a_binding_that_does_not_exist(tmp_path: Path) -> None:
    config = tmp_path / "dutydesk" / "config.toml"
    config.parent.mkdir()
    config.write_text('[keys]\n"incident.nwe" = "N"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--demo"],
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "incident.nwe" in result.stderr and "incident.new" in result.stderr
    assert "Traceback" not in result.stderr
