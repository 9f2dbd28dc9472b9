"""Where Duty Desk keeps its files, and the one name it goes by (no Textual here).

The CLI finds the default database here and the desk its settings file, so both agree on the
directories. `platformdirs` is imported only when a location is asked for: a logging command
that is given `--db` never pays for it.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The program's name: its command, its directories, the `app` mark in its database files.
APP_NAME = "dutydesk"
#: The environment variable that names the database when `--db` is not given.
DB_ENV = "DUTYDESK_DB"
#: The sample database `--demo` opens a scratch copy of: package data, so that an installed
#: package has it too (in a checkout, links to `sample_db.json` at the root).
SAMPLE_DB = Path(__file__).with_name("sample") / "sample_db.json"


def data_dir() -> Path:
    """The user's data directory for Duty Desk (~/.local/share/dutydesk on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def default_db() -> Path:
    """`$DUTYDESK_DB`, else `duty.json` in the user's data directory."""
    env = os.environ.get(DB_ENV)
    return Path(env) if env else data_dir() / "duty.json"


def config_path() -> Path:
    """Where the settings live: the platform's user config directory (~/.config/dutydesk)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"
