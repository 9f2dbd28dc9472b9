"""The user's settings file: a TOML file whose `[keys]` table rebinds keys by binding id.

```toml
[keys]
"incident.new" = "N"
"app.quit" = "ctrl+q"
```
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tui.locations import config_path


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and what is wrong."""


def load_keymap(
    path: Path | None = None, known_ids: frozenset[str] | None = None
) -> dict[str, str]:
    """The `[keys]` table of the config file as {binding id: keys}; {} if there is no file.

    A file that is not TOML, or a `[keys]` table that is not a table of strings, raises
    ConfigError with one line that names the file. Unknown binding ids are refused too when
    `known_ids` is given, so a typo ("incident.nwe") does not silently do nothing.
    """
    path = config_path() if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config file: {error.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the config file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError(f'{path}: [keys] must be a table of binding id = "key"')
    keymap: dict[str, str] = {}
    for binding_id, value in keys.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f'{path}: [keys] {binding_id!r} must be a key name in quotes, e.g. "N" or "ctrl+n"'
            )
        if known_ids is not None and binding_id not in known_ids:
            known = ", ".join(sorted(known_ids))
            raise ConfigError(f"{path}: [keys] has no binding {binding_id!r}; known: {known}")
        keymap[binding_id] = value.strip()
    return keymap
