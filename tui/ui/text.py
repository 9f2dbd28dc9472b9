"""Text from the data, made safe to show: every pane passes data strings through here.

A title is shown literally: `[red]x[/red]` is those characters, never markup (rich `Text`, not
markup strings), and control or escape characters never reach the terminal. The characters
replaced, and what they show as, are the one table of `tui.model.text`, so a pane shows what the
CLI and the reports show for the same data.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.model.text import printable


def clean(value: object, *, multiline: bool = False) -> str:
    """`value` as a string with every control character made visible and harmless.

    Single-line (the default, for list cells and labels): newlines and tabs become spaces.
    Multi-line (a narrative, a timeline text): newlines stay, tabs become spaces, CR is shown.
    """
    return printable("" if value is None else str(value), single_line=not multiline)


def literal(value: object, style: Style | str = "", *, multiline: bool = False) -> Text:
    """A rich `Text` of `value` as stored (after `clean`): no markup, no emoji codes."""
    return Text(clean(value, multiline=multiline), style=style, end="")
