"""Help: every key that works on the screen it was opened from, read from the live bindings,
so a key rebound in the config file shows as rebound."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def bindings_for(app: App[object]) -> list[tuple[str, str]]:
    """(key as shown, what it does) for every active binding with a description."""
    seen: set[tuple[str, str]] = set()
    rows: list[tuple[str, str]] = []
    for active in app.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        key = app.get_key_display(binding)
        row = (key, binding.description)
        if row not in seen:
            seen.add(row)
            rows.append(row)
    return rows


class HelpScreen(ModalScreen[None]):
    """A list of keys; any of esc, q, ? or enter closes it."""

    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,enter", "close", "Close", id="help.close"),
    ]

    def __init__(
        self,
        keys: list[tuple[str, str]],
        palette: Sequence[tuple[str, str]] = (),
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.keys = keys
        self.palette = list(palette)
        """(title, what it does) of the actions reached only from the command palette."""
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=4) + 2
        text = Text(end="")
        text.append("Keys on this screen\n\n", style="bold")
        for key, description in self.keys:
            text.append(key.ljust(width), style="bold")
            text.append(description + "\n")
        if self.palette:
            palette_key = self.app.get_key_display(Binding("ctrl+p", ""))
            text.append(f"\nFrom the command palette ({palette_key})\n\n", style="bold")
            for title, description in self.palette:
                text.append(f"{title}: ", style="bold")
                text.append(description + "\n")
        if self.read_only:
            text.append("\nREAD-ONLY session: the keys that change data are off.\n", style="bold")
        text.append("\nRebind keys in the [keys] table of the config file.", style="dim")
        with VerticalScroll(id="help-body"):
            yield Static(text, id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
