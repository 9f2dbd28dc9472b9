"""Text from the data is shown literally, and never drives the terminal.

A title may hold anything an officer (or a merged laptop) typed, including escape sequences
pasted from elsewhere. Every place that shows data to a terminal passes it through `printable`.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, except tab and newline; bidi overrides that could reorder a line.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\N{REPLACEMENT CHARACTER}"


def printable(text: str, *, single_line: bool = False) -> str:
    """`text` with control characters replaced by visible symbols (ESC shows as ␛)."""
    cleaned = _CONTROL.sub(_visible, text)
    if single_line:
        cleaned = cleaned.replace("\t", " ").replace("\n", " ⏎ ")
    return cleaned
