"""The widgets a form is made of: a field row (caption, control, the line for its error),
selects and checkboxes whose enter saves the form, and a hint line naming the keys bound now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.validation import ValidationResult
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from tui.ui.actions import bound_key
from tui.ui.text import literal
from tui.ui.widgets.time_input import TimeField

# -- widgets tuned for forms ---------------------------------------------------------------------


class FormSelect(Select[str], inherit_bindings=False):
    """A Select whose menu opens with space or the arrows, so that enter saves the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,space,up", "show_overlay", "Show menu", show=False),
    ]


class FormCheckbox(Checkbox, inherit_bindings=False):
    """A Checkbox toggled by space, so that enter saves the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Toggle", show=False),
    ]


def options(values: Iterable[str], describe: Callable[[str], str] | None = None) -> list:
    """Select options whose labels are literal text (never markup)."""
    return [(literal(describe(v) if describe else v.replace("_", " ")), v) for v in values]


# -- a field ---------------------------------------------------------------------------------------


class KeyHint(Static):
    """A line of help naming the form's keys: `{save}` and `{cancel}` in the text become the
    keys bound now (after the keymap), so a rebound key is shown rebound."""

    def __init__(self, template: str, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.template = template

    def on_mount(self) -> None:
        screen = self.screen
        self.update(
            self.template.format(
                save=bound_key(screen, "form.save"), cancel=bound_key(screen, "form.cancel")
            )
        )


class FieldRow(Vertical):
    """Caption, control and the line beneath it for the field's error (or a neutral note)."""

    def __init__(
        self,
        caption: str,
        control: Widget,
        *,
        key: str,
        required: str | None = None,
        describe: Callable[[str], str] | None = None,
        extra: Widget | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(classes="field-row", id=id or f"row-{key}")
        self.key = key
        self.caption = caption
        self.control = control
        self.required = required
        """For a Select: the message when nothing is chosen."""
        self.describe = describe
        """For an Input: what a valid value means ("→ Sukhinichsky District (…)")."""
        self.extra = extra
        self.caption_label = Label(caption, classes="caption", markup=False)
        field_input = self.input
        self.opened_with = field_input.value if field_input is not None else None
        """An untouched prefill is not judged until submit: no error greets the officer."""
        self.message = Label("", classes="field-message", markup=False)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield self.caption_label
            yield self.control
            if self.extra is not None:
                yield self.extra
        yield self.message

    @property
    def input(self) -> Input | None:
        """The Input whose validators speak for this field, if it has one."""
        if isinstance(self.control, TimeField):
            return self.control.input
        return self.control if isinstance(self.control, Input) else None

    @property
    def focus_target(self) -> Widget:
        return self.input or self.control

    def check(self) -> str | None:
        """This field's first problem, or None; runs the Input's validators afresh."""
        if not self.display:
            return None
        field_input = self.input
        if field_input is not None:
            return first_failure(field_input.validate(field_input.value))
        if isinstance(self.control, Select) and self.required and self.control.is_blank():
            return self.required
        return None

    def show(self, error: str | None) -> None:
        """Show the error, or when there is none, the field's note."""
        note = ""
        if error is None and self.describe is not None and self.input is not None:
            note = self.describe(self.input.value)
        text = error or note
        self.message.update(literal(text))
        self.message.set_class(bool(text), "-shown")
        self.message.set_class(error is not None, "-error")
        self.set_class(error is not None, "-invalid")

    def set_caption(self, caption: str) -> None:
        self.caption_label.update(literal(caption))


def first_failure(result: ValidationResult | None) -> str | None:
    if result is None or result.is_valid:
        return None
    descriptions = result.failure_descriptions
    return descriptions[0] if descriptions else "not valid"


# -- outcomes of the save worker ----------------------------------------------------------------
