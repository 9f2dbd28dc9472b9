"""Text from the data, made safe to show: every pane passes data strings through here.

A title is shown literally: `[red]x[/red]` is those characters, never markup (rich `Text`, not
markup strings), and control or escape characters never reach the terminal. A bare ESC, CR or BEL
in a title could move the cursor, clear the screen or ring the bell on the reviewer's terminal;
each is replaced by its visible Unicode "control picture" (ESC -> ␛) so the officer can see that
something odd was stored instead of having it silently vanish.
"""

from __future__ import annotations

import unicodedata

from rich.style import Style
from rich.text import Text

#: Format characters that reorder text (bidi overrides and isolates): a title could otherwise
#: display reversed from what is stored.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidi overrides: the replacement character


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        table[code] = _picture(chr(code))
    for char in _BIDI:
        table[ord(char)] = _picture(char)
    for code in (0x2028, 0x2029):  # line and paragraph separators break a row like \n
        table[code] = " "
    return table


_TABLE = _build_table()
_MULTILINE_TABLE = {**_TABLE, ord("\n"): "\n", ord("\t"): "    "}
_SINGLE_LINE_TABLE = {**_TABLE, ord("\n"): " ", ord("\t"): " "}


def clean(value: object, *, multiline: bool = False) -> str:
    """`value` as a string with every control character made visible and harmless.

    Single-line (the default, for list cells and labels): newlines and tabs become spaces.
    Multi-line (a narrative, a timeline text): newlines stay, tabs become spaces, CR is shown.
    """
    text = "" if value is None else str(value)
    if multiline:
        text = text.replace("\r\n", "\n")
    text = text.translate(_MULTILINE_TABLE if multiline else _SINGLE_LINE_TABLE)
    # Anything else Unicode calls a control (Cc) was mapped above; other unassigned or
    # surrogate code points cannot be encoded for the terminal either.
    if not text.isprintable() and any(_bad(c) for c in text):
        text = "".join("\ufffd" if _bad(c) else c for c in text)
    return text


def _bad(char: str) -> bool:
    return unicodedata.category(char) in ("Cs", "Co", "Cn") and char not in "\n"


def literal(value: object, style: Style | str = "", *, multiline: bool = False) -> Text:
    """A rich `Text` of `value` as stored (after `clean`): no markup, no emoji codes."""
    return Text(clean(value, multiline=multiline), style=style, end="")
