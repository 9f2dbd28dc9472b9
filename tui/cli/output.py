"""What the command prints: every line through the one sanitiser (`tui.model.text`), so the
data it carries is shown literally and never drives the terminal."""

from __future__ import annotations

import sys

from tui.locations import APP_NAME
from tui.model.text import printable


def say(line: str, *, err: bool = False, flush: bool = False) -> None:
    """Print one line through the sanitiser: an escape or a newline in the data is shown, on
    this line, and never acts on the terminal."""
    print(printable(line, single_line=True), file=sys.stderr if err else sys.stdout, flush=flush)


#: An error line quoting a path or value of 100,000 characters is not a line a person reads:
#: its middle is left out, keeping the start (what) and the end (why).
ERROR_LINE_MAX = 600


def say_error(message: object) -> None:
    """The one line a failing command prints on stderr."""
    text = str(message)
    if len(text) > ERROR_LINE_MAX:
        keep = ERROR_LINE_MAX // 2
        text = f"{text[:keep]} … ({len(text) - 2 * keep:,} characters left out) … {text[-keep:]}"
    say(f"{APP_NAME}: error: {text}", err=True)
