"""Which database a command uses: `--db`, else `$DUTYDESK_DB`, else the user's data directory."""

from __future__ import annotations

from pathlib import Path

from dutydesk_process import RunDutydesk, child_env

from tui.store.store import Store


def _titles(path: Path) -> list[str]:
    return sorted(i.title for i in Store.open(path, read_only=True).incidents())


def test_db_resolution_order(DUTYDESK: RunDutydesk, tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    default = xdg / "dutydesk" / "duty.json"
    from_env = tmp_path / "env.json"
    from_flag = tmp_path / "flag.json"
    base = {"XDG_DATA_HOME": str(xdg), "HOME": str(tmp_path / "home")}
    new = ("new", "--district", "Kaluga", "--title")

    DUTYDESK(*new, "in the default", env=child_env(**base)).ok()
    assert _titles(default) == ["in the default"]

    with_env = child_env(**base, DUTYDESK_DB=str(from_env))
    DUTYDESK(*new, "in the env file", env=with_env).ok()
    assert _titles(from_env) == ["in the env file"]

    DUTYDESK(*new, "in the flag file", "--db", from_flag, env=with_env).ok()
    assert _titles(from_flag) == ["in the flag file"]

    # Nothing went anywhere else, and reads resolve the same way.
    assert _titles(default) == ["in the default"]
    assert _titles(from_env) == ["in the env file"]
    assert "in the env file" in DUTYDESK("list", env=with_env).ok()
    assert "in the flag file" in DUTYDESK("list", "--db", from_flag, env=with_env).ok()
    assert "in the default" in DUTYDESK("list", env=child_env(**base)).ok()
