"""Import a bundle from another station (docs/product.md §10), from the command palette.

Two steps: the path, then the plan (`Store.plan_import`, in a worker: the bundle is read and
checked once and nothing is written), whose summary is shown literally. Only `enter`/`ctrl+s`
on that summary applies the plan (`Store.apply_import`, one durable write, in the save worker);
`esc` leaves the database untouched. A damaged bundle's error shows beside the path.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from tui.store.errors import StoreError
from tui.store.store import ImportPlan, Store
from tui.ui.actions import bound_key
from tui.ui.forms.base import FormScreen, form_css
from tui.ui.forms.fields import FieldRow, KeyHint
from tui.ui.forms.file_path import BUNDLE_SUFFIX, FilePath, expand
from tui.ui.text import literal


class ImportBundleForm(FormScreen[str]):
    """The path, then the plan's summary; confirming applies it. Dismisses with what was done."""

    HEADING = "Import a bundle"
    CSS_PATH = form_css("bundle_import.tcss")
    AUTO_FOCUS = "#path"
    DEFAULT_ERROR_FIELD = "path"

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.plan: ImportPlan | None = None
        """The plan of the bundle at `planned`; applying needs one for the path shown."""
        self.planned: Path | None = None
        self.planning = False

    def compose_header(self) -> ComposeResult:
        yield KeyHint(
            "A bundle exported by another station. Enter shows what importing it would change; "
            "enter again imports it, {cancel} cancels and writes nothing.",
            classes="form-context",
        )

    def compose_fields(self) -> ComposeResult:
        yield FieldRow(
            "bundle *",
            Input(
                "~/",
                select_on_focus=False,
                validators=[
                    FilePath(must_exist=True, example=f"/media/usb/dutydesk-FL1.{BUNDLE_SUFFIX}")
                ],
                id="path",
                compact=True,
            ),
            key="path",
        )
        yield Static("", id="summary", markup=False)

    # -- step one: the plan -------------------------------------------------------------------

    def _begin_save(self) -> bool:
        """Enter on a new path plans the import (a dry run: the form settles when the plan is
        shown); enter on the plan shown applies it, in one durable write."""
        if self.planning:
            return True  # settles when the plan under way arrives
        path = expand(self.value("path")) if self.value("path").strip() else None
        if self.plan is not None and path == self.planned:
            return super()._begin_save()  # the officer has seen the summary: apply it
        if self.refused_read_only:
            self.say("This database is open read-only: nothing can be imported.")
            return False
        if not self.validate_all() or path is None:
            return False
        self.planning = True
        self.say("Reading the bundle (dry run)…", error=False)
        self.make_plan(path)
        return True

    @work(thread=True, exclusive=True, group="import-plan", exit_on_error=False)
    def make_plan(self, path: Path) -> tuple[Path, ImportPlan | StoreError]:
        try:
            return path, self.store.plan_import(path)
        except StoreError as error:
            return path, error

    @on(Worker.StateChanged)
    def _planned(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "import-plan" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        self.planning = False
        self._settle()
        if event.state == WorkerState.ERROR:
            self.say(f"The bundle could not be read: {event.worker.error}")
            return
        result: tuple[Path, ImportPlan | StoreError] | None = event.worker.result
        if result is None:  # a cancelled plan (a newer one replaced it)
            return
        path, outcome = result
        if isinstance(outcome, StoreError):
            self._forget_plan()
            self.place_error(str(outcome), outcome.field)
            self.say("Nothing was imported: the bundle was refused.")
            return
        self.plan, self.planned = outcome, path
        summary = self.query_one("#summary", Static)
        summary.update(literal("\n".join(outcome.summary.lines(dry_run=True)), multiline=True))
        summary.add_class("-shown")
        if outcome.summary.new_changes:
            conflicts = len(outcome.summary.conflicts)
            also = f", {conflicts} conflict(s) to resolve" if conflicts else ""
            save, cancel = bound_key(self, "form.save"), bound_key(self, "form.cancel")
            self.say(
                f"Enter or {save} imports {outcome.summary.new_changes} change(s){also}; "
                f"{cancel} cancels and writes nothing.",
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

    # -- step two: applying the plan ------------------------------------------------------------

    def gather(self) -> ImportPlan:
        assert self.plan is not None
        return self.plan

    def save(self, payload: ImportPlan) -> str:
        return "\n".join(self.store.apply_import(payload).lines(dry_run=False))

    def place_error(self, message: str, field: str | None = None) -> None:
        super().place_error(message, field)
        if self.plan is not None and not self.saving:
            self._forget_plan()  # a refused import asks for a fresh plan
            self.say(f"Nothing was imported: {message}")
