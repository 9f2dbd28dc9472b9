"""A time field that reads the officer's time grammar (tui/model/timegrammar.py) and says
what it understood.

`TimeInput` is an `Input` whose `Validator` is the grammar itself, so a form validates it like any
other field. `TimeField` puts the input and an echo side by side:
"yesterday 22:10  → 25.11.2026 22:10 MSK". Past times (reported, occurred, filter windows) use
`parse_time`; a check-in due time looks forward and uses `parse_due` ("+30m", "in 2h", "15:30").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.validation import ValidationResult, Validator
from textual.widgets import Input, Label

from tui.model.timegrammar import FUTURE_SLACK, TimeParseError, echo, parse_due, parse_time

TimeMode = Literal["past", "due"]
"""`past`: when something happened or was reported; `due`: when a check-in is expected."""

Clock = Callable[[], datetime]

_HINT_DUE = "write +30m, in 2h, 15:30 or 24.11.2026 15:30"


def read_time(text: str, now: datetime, tz: tzinfo, mode: TimeMode) -> datetime:
    """One entry point for both directions; a due time that has already passed is refused."""
    if mode == "past":
        return parse_time(text, now, tz)
    instant = parse_due(text, now, tz)
    if instant < now - FUTURE_SLACK:
        raise TimeParseError(f"'{' '.join(text.split())}' has already passed: {_HINT_DUE}")
    return instant


class TimeGrammar(Validator):
    """A Textual validator that accepts exactly what the time grammar accepts.

    The failure description is the grammar's own one-line message, which always shows an
    accepted form ("'25:00' has hour 25, hours go 0-23: write 14:05 or 24.11.2026 14:05").
    """

    def __init__(self, now: Clock, tz: tzinfo, *, mode: TimeMode = "past") -> None:
        super().__init__()
        self.now = now
        self.tz = tz
        self.mode: TimeMode = mode

    def validate(self, value: str) -> ValidationResult:
        try:
            read_time(value, self.now(), self.tz, self.mode)
        except TimeParseError as error:
            return self.failure(str(error), value)
        return self.success()


class TimeInput(Input):
    """An Input for one instant in the officer's grammar; blank is allowed when `optional`."""

    def __init__(
        self,
        value: str = "",
        *,
        now: Clock,
        tz: tzinfo,
        mode: TimeMode = "past",
        optional: bool = False,
        blank: str = "",
        placeholder: str = "",
        id: str | None = None,
        compact: bool = True,
    ) -> None:
        self.blank = blank or ("none" if mode == "due" else "unknown")
        """What a blank optional field means, as the echo says it ("unknown", "no limit")."""
        default_hint = f"blank = {self.blank}" if optional else "14:05, -15m, yesterday 22:10"
        if mode == "due":
            default_hint = "+30m, in 2h, 15:30" + (" (optional)" if optional else "")
        super().__init__(
            value,
            placeholder=placeholder or default_hint,
            validators=[TimeGrammar(now, tz, mode=mode)],
            valid_empty=optional,
            id=id,
            compact=compact,
        )
        self.now = now
        self.tz = tz
        self.mode: TimeMode = mode
        self.optional = optional

    @property
    def instant(self) -> datetime | None:
        """What the field says now, read against the clock now; None when blank and optional.

        Raises TimeParseError for text the grammar refuses (validate first to avoid it).
        """
        if not self.value.strip() and self.optional:
            return None
        return read_time(self.value, self.now(), self.tz, self.mode)

    def understood(self) -> str:
        """The echo: "→ 25.11.2026 22:10 MSK", "unknown"/"none" for a blank, "" if refused."""
        try:
            instant = self.instant
        except TimeParseError:
            return ""
        if instant is None:
            return self.blank
        return f"→ {echo(instant, self.tz)}"


class TimeField(Horizontal):
    """A `TimeInput` with what it understood echoed beside it, kept current as time passes."""

    DEFAULT_CSS = """
    TimeField {
        height: auto;
        width: 1fr;
    }
    TimeField > TimeInput {
        width: 1fr;
        min-width: 16;
    }
    TimeField > .time-echo {
        width: auto;
        margin-left: 1;
        color: $text-muted;
    }
    """

    def __init__(
        self,
        value: str = "",
        *,
        now: Clock,
        tz: tzinfo,
        mode: TimeMode = "past",
        optional: bool = False,
        blank: str = "",
        input_id: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.input = TimeInput(
            value, now=now, tz=tz, mode=mode, optional=optional, blank=blank, id=input_id
        )
        self.echo_label = Label("", classes="time-echo", markup=False)

    def compose(self) -> ComposeResult:
        yield self.input
        yield self.echo_label

    def on_mount(self) -> None:
        self.refresh_echo()
        # "now" and "-15m" move with the clock: keep the echo honest while the form is open.
        self.set_interval(20, self.refresh_echo)

    @on(Input.Changed)
    def _changed(self) -> None:
        self.refresh_echo()  # the event bubbles on to the form, which shows any error

    def refresh_echo(self) -> None:
        text = self.input.understood()
        if str(self.echo_label.content) != text:
            self.echo_label.update(text)
