"""The shift report (`r`): built from the data in a worker, read on screen, saved to a file.

The screen shows exactly the text that would be printed or pasted (plain text, or the Markdown
source), literally: a title with `[red]` in it is those characters. It only reads the database,
so it works in a read-only session; saving writes a report file, never the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from tui.report import build_shift_report, render
from tui.store.store import Store
from tui.ui.actions import bound_key
from tui.ui.forms.file_path import in_home, shown
from tui.ui.text import literal

#: The formats offered on screen: (format, name shown, file suffix).
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("text", "plain text", "txt"),
    ("md", "Markdown", "md"),
)

#: From this width the scrollbar fits beside an 80-column report line.
NARROW = 82


@dataclass(frozen=True, slots=True)
class RenderedReport:
    """The report in every format offered, and when it was built."""

    texts: dict[str, str]
    generated_at: datetime


class ShiftReportScreen(Screen[None]):
    """The report, scrollable; `m`/`t` switch format, `s` saves, `esc` goes back."""

    CSS_PATH = "shift_report.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="report.close"),
        Binding("s,ctrl+s", "save", "Save to file", id="report.save"),
        Binding("m", "format('md')", "Markdown", id="report.markdown"),
        Binding("t", "format('text')", "Plain text", id="report.text"),
    ]

    fmt: var[str] = var("text")
    """The format shown and saved: "text" or "md"."""

    narrow: var[bool] = var(False)
    """Below `NARROW` columns the scrollbar gives its column to the report's text."""

    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.report: RenderedReport | None = None

    def compose(self) -> ComposeResult:
        yield Static("Shift report · building…", id="report-title")
        with VerticalScroll(id="report-scroll"):
            yield Static("Building the shift report…", id="report-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()
        self.build()

    def on_resize(self) -> None:
        self.narrow = self.size.width < NARROW

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")

    # -- building ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="report-build", exit_on_error=False)
    def build(self) -> RenderedReport:
        """Read the store once and render every format (the store is read, never written)."""
        report = build_shift_report(self.store, now=self.clock())
        texts = {fmt: render(report, fmt) for fmt, _, _ in FORMATS}
        return RenderedReport(texts, report.generated_at)

    @on(Worker.StateChanged)
    def _built(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "report-build":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, RenderedReport):
            self.report = event.worker.result
            self._show()
        elif event.state == WorkerState.ERROR:
            self.query_one("#report-text", Static).update(
                literal(f"The report could not be built: {event.worker.error}")
            )
            self.query_one("#report-title", Static).update("Shift report · not built")

    def watch_fmt(self) -> None:
        if self.report is not None:
            self._show()
            self.query_one("#report-scroll").scroll_home(animate=False)

    def _show(self) -> None:
        assert self.report is not None
        text = self.report.texts[self.fmt]
        # Wrapped to the screen: the text report's lines fit 80 columns already, Markdown's long
        # lines would otherwise need scrolling sideways. The saved file is the text as rendered.
        self.query_one("#report-text", Static).update(literal(text, multiline=True))
        self._update_title()

    def _update_title(self) -> None:
        names = {fmt: name for fmt, name, _ in FORMATS}
        lines = self.report.texts[self.fmt].count("\n") + 1 if self.report else 0
        title = Text.assemble(("Shift report", "bold"), f" · {names[self.fmt]} · {lines} lines")
        other = (
            f"{bound_key(self, 'report.text')} plain text"
            if self.fmt == "md"
            else f"{bound_key(self, 'report.markdown')} Markdown"
        )
        keys = f" · {other} · {bound_key(self, 'report.save')} save"
        title.append(f"{keys} · {bound_key(self, 'report.close')} back", style="dim")
        self.query_one("#report-title", Static).update(title)

    # -- actions ------------------------------------------------------------------------------

    def action_format(self, fmt: str) -> None:
        self.fmt = fmt

    def action_close(self) -> None:
        self.dismiss(None)

    def default_path(self) -> str:
        """`~/shift-report-2026-11-24-1300.txt`: local time of the report, the format's suffix."""
        stamp = self.report.generated_at if self.report else self.clock()
        local = stamp.astimezone(self.store.tz)
        suffix = dict((fmt, sfx) for fmt, _, sfx in FORMATS)[self.fmt]
        return in_home(f"shift-report-{local:%Y-%m-%d-%H%M}.{suffix}")

    def action_save(self) -> None:
        if self.report is None:
            self.notify("The report is still being built.", severity="warning")
            return
        from tui.ui.forms.save_report import SaveReportForm

        form = SaveReportForm(self.store, self.report.texts[self.fmt], self.default_path())
        self.app.push_screen(form, callback=self._saved)

    def _saved(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Shift report saved to {shown(path)}", markup=False)
