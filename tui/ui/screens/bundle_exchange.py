"""Exchanging bundles with another station (PRODUCT.md §10), from the command palette.

Export writes a bundle file (atomically, read back to verify) and never the database, so it
works in a read-only session. Import is two steps: the path, then a dry run in a worker whose
summary is shown literally; only `enter`/`ctrl+s` on that summary imports, in one write, and
`esc` leaves the database untouched. A damaged bundle's error shows beside the path.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from tui.store.errors import StoreError
from tui.store.store import ImportSummary, Store
from tui.ui.forms.base import FieldRow, FormScreen
from tui.ui.forms.file_path import FilePath, expand, in_home, replacing_note, shown
from tui.ui.text import literal
from tui.ui.widgets.time_input import TimeField

#: The suffix of a bundle file (any name works; this one says what the file is).
SUFFIX = "ddb"


def default_bundle_name(store: Store) -> str:
    """`~/dutydesk-HQ-2026-11-24.ddb`: station and local date."""
    day = store.clock().astimezone(store.tz)
    return in_home(f"dutydesk-{store.station}-{day:%Y-%m-%d}.{SUFFIX}")


#: The forms' frame, and this file's own rules (the dry run's summary).
EXCHANGE_CSS: list[str | Path] = [
    str(Path(__file__).parents[1] / "forms" / "forms.tcss"),
    str(Path(__file__).with_name("bundle_exchange.tcss")),
]


def _file_problem(path: Path, error: OSError) -> StoreError:
    return StoreError(f"{shown(path)}: {error.strerror or error}")


class ExportBundleForm(FormScreen[str]):
    """Dismisses with a line saying what was exported, once the bundle is on disk."""

    HEADING = "Export a bundle"
    CSS_PATH: ClassVar[list[str | Path]] = EXCHANGE_CSS  # type: ignore[assignment]
    AUTO_FOCUS = "#path"
    WRITES_DATABASE = False
    DEFAULT_ERROR_FIELD = "path"

    def compose_header(self) -> ComposeResult:
        yield Static(
            f"Every change station {self.store.station} knows (or those since a time) in one "
            "file for another station to import.",
            classes="form-context",
            markup=False,
        )

    def compose_fields(self) -> ComposeResult:
        default = default_bundle_name(self.store)
        yield FieldRow(
            "file *",
            Input(
                default,
                validators=[FilePath(must_exist=False, example=default)],
                id="path",
                compact=True,
            ),
            key="path",
            describe=replacing_note,
        )
        yield FieldRow(
            "since",
            TimeField(
                "",
                now=self.store.clock,
                tz=self.store.tz,
                optional=True,
                blank="everything",
                input_id="since",
            ),
            key="since",
        )

    def gather(self) -> tuple[Path, datetime | None]:
        return expand(self.value("path")), self.instant("since")

    def save(self, payload: tuple[Path, datetime | None]) -> str:
        path, since = payload
        try:
            header = self.store.export_bundle(path, since=since)
        except OSError as error:  # the read-back failed
            raise _file_problem(path, error) from None
        ranges = header.get("ranges", {})
        count = sum(last - first + 1 for first, last in ranges.values())
        stations = ", ".join(f"{s} #{a}–{b}" for s, (a, b) in sorted(ranges.items()))
        return f"Exported {count} change(s) to {shown(path)}" + (
            f" ({stations})" if stations else ""
        )


class ImportBundleForm(FormScreen[str]):
    """The path, then the dry run's summary; confirming imports. Dismisses with what was done."""

    HEADING = "Import a bundle"
    CSS_PATH: ClassVar[list[str | Path]] = EXCHANGE_CSS  # type: ignore[assignment]
    AUTO_FOCUS = "#path"
    DEFAULT_ERROR_FIELD = "path"

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.plan: ImportSummary | None = None
        """The dry run of the bundle at `planned`; importing needs one for the path shown."""
        self.planned: Path | None = None
        self.planning = False

    def compose_header(self) -> ComposeResult:
        yield Static(
            "A bundle exported by another station. Enter shows what importing it would change; "
            "enter again imports it, esc cancels and writes nothing.",
            classes="form-context",
            markup=False,
        )

    def compose_fields(self) -> ComposeResult:
        yield FieldRow(
            "bundle *",
            Input(
                "~/",
                select_on_focus=False,
                validators=[FilePath(must_exist=True, example=f"/media/usb/dutydesk-FL1.{SUFFIX}")],
                id="path",
                compact=True,
            ),
            key="path",
        )
        yield Static("", id="summary", markup=False)

    # -- step one: the dry run ---------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving or self.planning:
            return
        path = expand(self.value("path")) if self.value("path").strip() else None
        if self.plan is not None and path == self.planned:
            super().action_save()  # the officer has seen the summary: import
            return
        if self.refused_read_only:
            self.say("This database is open read-only: nothing can be imported.")
            return
        if not self.validate_all() or path is None:
            return
        self.planning = True
        self.say("Reading the bundle (dry run)…", error=False)
        self.dry_run(path)

    @work(thread=True, exclusive=True, group="import-plan", exit_on_error=False)
    def dry_run(self, path: Path) -> tuple[Path, ImportSummary | str]:
        try:
            return path, self.store.import_bundle(path, dry_run=True)
        except StoreError as error:
            return path, str(error)
        except OSError as error:
            return path, str(_file_problem(path, error))

    @on(Worker.StateChanged)
    def _planned(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "import-plan" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        self.planning = False
        if event.state == WorkerState.ERROR:
            self.say(f"The bundle could not be read: {event.worker.error}")
            return
        result: tuple[Path, ImportSummary | str] | None = event.worker.result
        if result is None:  # a cancelled dry run (a newer one replaced it)
            return
        path, outcome = result
        if isinstance(outcome, str):
            self._forget_plan()
            self.place_error(outcome, "path")
            self.say("Nothing was imported: the bundle was refused.")
            return
        self.plan, self.planned = outcome, path
        summary = self.query_one("#summary", Static)
        summary.update(literal("\n".join(outcome.lines(dry_run=True)), multiline=True))
        summary.add_class("-shown")
        if outcome.new_changes:
            conflicts = len(outcome.conflicts)
            also = f", {conflicts} conflict(s) to resolve" if conflicts else ""
            self.say(
                f"Enter or ctrl+s imports {outcome.new_changes} change(s){also}; "
                "esc cancels and writes nothing.",
                error=False,
            )
        else:
            self.say("Nothing new in this bundle: enter closes, nothing is written.", error=False)

    @on(Input.Changed, "#path")
    def _path_edited(self, event: Input.Changed) -> None:
        if self.plan is not None and expand(event.value) != self.planned:
            self._forget_plan()

    def _forget_plan(self) -> None:
        self.plan = self.planned = None
        summary = self.query_one("#summary", Static)
        summary.update("")
        summary.remove_class("-shown")
        self.say("", error=False)

    # -- step two: the import -----------------------------------------------------------------

    def gather(self) -> Path:
        assert self.planned is not None
        return self.planned

    def save(self, payload: Path) -> str:
        try:
            summary = self.store.import_bundle(payload, dry_run=False)
        except OSError as error:
            raise _file_problem(payload, error) from None
        return "\n".join(summary.lines(dry_run=False))

    def place_error(self, message: str, key: str | None = None) -> None:
        super().place_error(message, key)
        if self.plan is not None and not self.saving:
            self._forget_plan()  # a refused import asks for a fresh dry run
            self.say(f"Nothing was imported: {message}")
