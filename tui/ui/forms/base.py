"""What every Duty Desk form shares: the modal frame, validation and the save worker.

A form is a `ModalScreen[Result | None]`. Each field sits in a `FieldRow` (forms/fields.py)
with its caption and an error line; validation is one loop over the rows, live on every
keystroke and again on submit. Saving runs the store call in a thread worker and dismisses with
the record only once the store has acknowledged it; a refusal is shown beside the field it names
(or at the foot) and the form stays open with everything typed. `escape` dismisses with None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from textual import events, on, work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from tui.model.timegrammar import TimeParseError
from tui.store.errors import StoreError
from tui.store.store import Store
from tui.ui.forms.fields import FieldRow, first_failure
from tui.ui.text import literal
from tui.ui.widgets.time_input import TimeField

ResultT = TypeVar("ResultT")

SAVE_GROUP = Binding.Group("Save")

#: The frame every form shares.
FORMS_CSS = Path(__file__).with_name("forms.tcss")


def form_css(sheet: str) -> list[str | PurePath]:
    """The forms' frame plus a form's own sheet beside it (`CSS_PATH` replaces, not adds)."""
    return [FORMS_CSS, FORMS_CSS.with_name(sheet)]


# -- what a form is about ------------------------------------------------------------------------


class ListedIncident(Protocol):
    """An incident as the desk lists it (a list row, or a stored Incident): what a form shows
    of the incident it is about or offers, handed over so that it reads nothing itself."""

    @property
    def id(self) -> str: ...

    @property
    def ref(self) -> str: ...

    @property
    def title(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Saved:
    record: Any


@dataclass(frozen=True, slots=True)
class Refused:
    message: str
    field: str | None
    """The record field the store named (`StoreError.field`), or None."""


class NothingToSave(Exception):
    """Raised by `gather` when the form changes nothing (an edit left as it was)."""


class FieldProblem(Exception):
    """Raised by `gather` for a problem only visible on submit, naming the field."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


# -- the form -------------------------------------------------------------------------------


class FormScreen(ModalScreen[ResultT | None], Generic[ResultT]):
    """The frame of every form: heading, scrolling fields, a foot line for errors, the footer.

    Subclasses give `compose_fields`, `gather` (read the widgets into a payload, on the UI
    thread) and `save` (write the payload through the store, on a worker thread).
    """

    CSS_PATH: ClassVar[CSSPathType | None] = str(FORMS_CSS)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True, group=SAVE_GROUP),
        Binding("enter", "save", "Save", id="form.save_enter", group=SAVE_GROUP),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("tab", "app.focus_next", "Next field", id="form.next", priority=True),
        Binding(
            "shift+tab", "app.focus_previous", "Previous field", id="form.previous", priority=True
        ),
    ]

    class Settled(Message):
        """A save key is dealt with: the keys typed after it may be handed on."""

    HEADING: ClassVar[str] = "Form"
    SAVES_TO: ClassVar[Literal["database", "file", None]] = "database"
    """What saving writes: the database (refused read-only), another file (a report, an export
    bundle: saved in a worker like any form, and fine on a read-only database, which it never
    touches), or nothing (the filter: the form's result is its payload)."""
    FIELD_KEYS: ClassVar[Mapping[str, str]] = {}
    """Record field -> form field key, only where the form names a field otherwise: a refusal
    naming the record field (`StoreError.field`) is shown beside that form field."""
    ENTER_SAVES: ClassVar[bool] = True
    """False for a form recorded only deliberately (`ctrl+s`): enter in a field moves on."""
    DEFAULT_ERROR_FIELD: ClassVar[str | None] = None
    """Where a refusal that names no field is shown (a form of one field); else at the foot."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.saving = False
        """A save is with the store: a second one would write twice, so it waits."""
        self.loaded = True
        """False while `load` reads what the fields show: they are composed after it."""

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            if self.loaded:
                dialog.border_title = literal(self.heading())  # else a title is markup
                yield from self.compose_header()
            else:
                dialog.border_title = literal(self.HEADING)
                yield Static("Loading…", id="form-loading", classes="form-context", markup=False)
            with VerticalScroll(id="fields"):
                if self.loaded:
                    yield from self.compose_fields()
            yield Static("", id="form-message", markup=False)
        yield Footer()

    def heading(self) -> str:
        return self.HEADING

    def compose_header(self) -> ComposeResult:
        """Read-only context above the fields (which incident, what is corrected)."""
        yield from ()

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def refused_read_only(self) -> bool:
        """True when saving would write a database that is open read-only."""
        return self.SAVES_TO == "database" and self.store.read_only

    def on_mount(self) -> None:
        if self.refused_read_only:
            self.say("This database is open read-only: nothing can be saved from here.")
        if not self.loaded:
            self._load_in_thread()

    # -- a form whose caller could not hand over what it shows --------------------------------

    def load(self) -> None:
        """Read what the header and fields show (worker thread), for a form opened with only
        an id; `loaded` says whether this is still to do. StoreError: it cannot be shown."""
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def _load_in_thread(self) -> str | None:
        try:
            self.load()
        except StoreError as error:
            return str(error)
        return None

    @on(Worker.StateChanged)
    async def _load_done(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "form-load" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        note = self.query_one("#form-loading", Static)
        problem = event.worker.result if event.state == WorkerState.SUCCESS else event.worker.error
        if problem is not None:
            note.update(literal(f"This cannot be shown: {problem}"))
            return
        self.loaded = True
        dialog = self.query_one("#dialog")
        dialog.border_title = literal(self.heading())
        await note.remove()
        header = list(self.compose_header())
        if header:
            await dialog.mount_all(header, before="#fields")
        await self.query_one("#fields", VerticalScroll).mount_all(list(self.compose_fields()))
        if self.AUTO_FOCUS:
            self.query(self.AUTO_FOCUS).first().focus()

    def on_key(self, event: events.Key) -> None:
        """Type-ahead: keys that arrive before the form has focus (an officer typing straight
        after `l` over a slow link) go to the field typed most instead of being lost."""
        if self.focused is not None or not event.is_printable or not event.character:
            return
        target = self.query(self.AUTO_FOCUS).first() if self.AUTO_FOCUS else None
        if isinstance(target, Input):
            target.insert_text_at_cursor(event.character)
        elif isinstance(target, TextArea):
            target.insert(event.character)
        else:
            return
        target.focus()
        event.stop()

    # -- fields -------------------------------------------------------------------------------

    def rows(self) -> list[FieldRow]:
        return list(self.query(FieldRow))

    def row(self, key: str) -> FieldRow:
        return self.query_one(f"#row-{key}", FieldRow)

    def value(self, key: str) -> str:
        """The text of an Input field, or the chosen value of a Select ('' when blank)."""
        control = self.row(key).control
        if isinstance(control, TimeField):
            return control.input.value
        if isinstance(control, Input):
            return control.value
        if isinstance(control, Select):
            return "" if control.is_blank() else str(control.value)
        raise TypeError(f"field {key!r} has no text value")

    def instant(self, key: str) -> datetime | None:
        """A time field read against the clock now (validated already, so it parses)."""
        control = self.row(key).control
        assert isinstance(control, TimeField)
        try:
            return control.input.instant
        except TimeParseError as error:  # "now"-relative text can only fail at the edges
            raise FieldProblem(key, str(error)) from None

    def validate_all(self) -> bool:
        """Check every field again (one loop over the rows); focus the first bad one."""
        first_bad: FieldRow | None = None
        for field_row in self.rows():
            error = field_row.check()
            field_row.show(error)
            if error and first_bad is None:
                first_bad = field_row
        if first_bad is not None:
            first_bad.focus_target.focus()
            self.say("Nothing was saved: correct the marked field.")
            return False
        return True

    @on(Input.Changed)
    def _live_check(self, event: Input.Changed) -> None:
        """Validate as the officer types, so a mistake shows before Enter."""
        for field_row in event.input.ancestors:
            if isinstance(field_row, FieldRow):
                error = first_failure(event.validation_result)
                untouched = event.value == field_row.opened_with
                if untouched and not field_row.has_class("-invalid"):
                    error = None
                field_row.show(error)
                break

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.ENTER_SAVES:
            self.action_save()
        else:
            self.focus_next()

    def say(self, message: str, *, error: bool = True) -> None:
        """The form's foot line: read-only notices, store errors that name no field."""
        foot = self.query_one("#form-message", Static)
        foot.update(literal(message))
        foot.set_class(bool(message), "-shown")
        foot.set_class(error, "-error")

    # -- saving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Check, gather, and hand the payload to the store. Keys typed after the save key
        wait at the app (`key_saves`) until the form settles: they belong to whatever is on
        screen once the store has answered, not to this form's fields."""
        if self.saving:
            return  # settles when the store answers the save under way
        if not self._begin_save():
            self._settle()

    def _begin_save(self) -> bool:
        """True if a save is now with the store; False if nothing was handed to it."""
        if not self.loaded:
            return False
        if self.refused_read_only:
            self.say("This database is open read-only: nothing was saved.")
            return False
        if not self.validate_all():
            return False
        try:
            payload = self.gather()
        except NothingToSave:
            self.dismiss(None)
            return False
        except FieldProblem as problem:
            self.place_error(problem.message, problem.key)
            return False
        if self.SAVES_TO is None:
            self.dismiss(payload)
            return False
        self.saving = True
        self.say("Saving…", error=False)
        self._save_in_thread(payload)
        return True

    def key_saves(self, key: str) -> bool:
        """True if `key`, pressed now, ends in `action_save`: the save binding, or enter in
        a field whose enter saves. Keys after it are held until the form settles."""
        active = self.active_bindings.get(key)
        if active is None:
            return False
        action = active.binding.action
        return action == "save" or (
            action == "submit" and self.ENTER_SAVES and isinstance(self.focused, Input)
        )

    def _settle(self) -> None:
        """The save key is dealt with (saved, refused, or nothing to save): held keys flow."""
        self.app.post_message(self.Settled())

    def action_cancel(self) -> None:
        if self.saving:
            return  # the store may acknowledge any moment: closing now would hide that
        self.dismiss(None)

    def gather(self) -> Any:
        """Read the widgets into what `save` needs (UI thread). Fields are already valid."""
        raise NotImplementedError

    def save(self, payload: Any) -> ResultT:
        """Write through the store (worker thread); StoreError means nothing was written."""
        raise NotImplementedError

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def _save_in_thread(self, payload: Any) -> Saved | Refused:
        try:
            return Saved(self.save(payload))
        except StoreError as error:
            return Refused(str(error), error.field)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "form-save":
            return
        if event.state == WorkerState.SUCCESS:
            outcome = event.worker.result
            self._settle()
            if isinstance(outcome, Saved):
                self.dismiss(outcome.record)
                return
            self.saving = False
            assert isinstance(outcome, Refused)
            self.place_error(outcome.message, outcome.field)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._settle()
            self.saving = False
            self.say(f"Could not save: {event.worker.error or 'cancelled'}")

    def place_error(self, message: str, field: str | None = None) -> None:
        """Put a refusal beside the form field for the record field it names; one naming no
        field (or one this form does not show) goes beside DEFAULT_ERROR_FIELD or at the foot."""
        key = self.FIELD_KEYS.get(field, field) if field else None
        target = self.shown_row(key) if key else None
        if target is None and self.DEFAULT_ERROR_FIELD:
            target = self.shown_row(self.DEFAULT_ERROR_FIELD)
        if target is None:
            self.say(f"Nothing was saved: {message}")
            return
        target.show(message)
        target.focus_target.focus()
        self.say("Nothing was saved: correct the marked field.")

    def shown_row(self, key: str) -> FieldRow | None:
        """The field row `key`, if this form has it and shows it now."""
        found = self.query(f"#row-{key}")
        target = found.first(FieldRow) if found else None
        return target if target is not None and target.display else None
