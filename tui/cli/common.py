"""What every subcommand shares: opening the database it names, reading a TIME argument, and
the tidy-up after a save (whose failure is a warning: the save is durable already)."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from tui.cli.output import say
from tui.locations import APP_NAME, default_db
from tui.model.timegrammar import parse_time
from tui.store.errors import StoreError, WriteFailedError
from tui.store.store import Store


class CommandError(Exception):
    """A user-facing failure of a command: printed as one line, exit status 1."""


def after_save(store: Store) -> None:
    """Tidy up after an acknowledged save (fold a long journal into the file). The save is
    durable already: a failure here is a warning, so nobody enters the record twice. A
    system clock that disagrees with the log is said here too."""
    warning = store.clock_warning()
    if warning:
        say(f"{APP_NAME}: warning: {warning}", err=True)
    try:
        store.checkpoint_if_due()
    except WriteFailedError as error:
        say(
            f"{APP_NAME}: warning: saved; folding the journal into {error.path} failed "
            f"({error.reason}): the saved change is safe in the journal",
            err=True,
        )
    except StoreError as error:
        say(f"{APP_NAME}: warning: saved; the tidy-up afterwards failed ({error})", err=True)


def warn_about_archives(store: Store) -> None:
    """Say which yearly archives a listing or report had to leave out, and why."""
    for warning in store.archive_warnings():
        say(f"{APP_NAME}: warning: {warning}", err=True)


def db_path(args: argparse.Namespace) -> Path:
    return args.db or default_db()


def open_store(args: argparse.Namespace, *, read_only: bool = False) -> Store:
    return Store.open(db_path(args), read_only=read_only, operator=args.operator)


def when(store: Store, text: str | None) -> datetime | None:
    """Parse a TIME argument in the database's region time zone."""
    if text is None:
        return None
    return parse_time(text, store.clock(), store.tz)
