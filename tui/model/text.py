"""Text from the data is shown literally, and never drives the terminal: the one table for it.

A title may hold anything an officer (or a merged laptop) typed, including escape sequences
pasted from elsewhere. A bare ESC, CR or BEL could move the cursor, clear the screen or ring the
bell on the reader's terminal; a bidi override could show a line reversed from what is stored; a
line separator breaks a row as a newline does. So every place that shows data — the CLI, the
reports, the desk's panes and forms — passes it through `printable` (the desk through
`tui.ui.text.clean`, built on it), and every JSON writer through `printable_json`. Each
character of the table is replaced by a visible placeholder rather than dropped, so the officer
can see that something odd was stored.
"""

from __future__ import annotations

import unicodedata

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
#: What a line or paragraph separator (U+2028, U+2029) shows as: a break that did not happen.
SEPARATOR_MARK = "\N{RETURN SYMBOL}"

#: Format characters that reorder text or hide its direction: embeddings and overrides
#: (U+202A-202E), isolates (U+2066-2069), the direction marks LRM, RLM and ALM.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

#: Unicode categories no terminal can show: surrogates, private use, unassigned code points.
_UNSHOWABLE = frozenset({"Cs", "Co", "Cn"})


def _build_table() -> dict[int, str]:
    """Code point -> placeholder, for every character with a fixed placeholder."""
    table = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ .. ␟ (control pictures)
    table[0x7F] = "\N{SYMBOL FOR DELETE}"  # ␡
    table.update(dict.fromkeys(range(0x80, 0xA0), REPLACEMENT))  # C1 controls
    table.update(dict.fromkeys(map(ord, BIDI_CONTROLS), REPLACEMENT))
    table.update({0x2028: SEPARATOR_MARK, 0x2029: SEPARATOR_MARK})
    return table


#: THE table: every character that is never shown as it is (newline and tab included; the two
#: views below decide what they become).
TABLE: dict[int, str] = _build_table()
#: One line (a list cell, a label, a CLI line): a newline or tab is a space.
_SINGLE_LINE = {**TABLE, ord("\n"): " ", ord("\t"): " "}
#: Several lines (a narrative, a timeline text): newlines stay, a tab is four spaces.
_MULTILINE = {**TABLE, ord("\n"): "\n", ord("\t"): "    "}


def _unshowable(char: str) -> bool:
    return unicodedata.category(char) in _UNSHOWABLE


def printable(text: str, *, single_line: bool = False) -> str:
    """`text` with every character of the table, and every code point a terminal cannot show,
    replaced by a visible placeholder (ESC shows as ␛, DEL as ␡, a bidi override as �).

    Single-line: newlines and tabs become spaces. Otherwise newlines stay (CR LF counts as one
    newline), tabs become four spaces. Text that needs no change comes back unchanged.
    """
    cleaned = text.replace("\r\n", "\n").translate(_SINGLE_LINE if single_line else _MULTILINE)
    # Fast path: only a line that str.isprintable() refuses can hold an unshowable code point.
    if all(line.isprintable() for line in cleaned.split("\n")):
        return cleaned
    return "".join(REPLACEMENT if _unshowable(char) else char for char in cleaned)


def printable_json(json_text: str) -> str:
    """JSON text with every character of the table written as a `\\uXXXX` escape.

    The data is carried exactly (a reader decodes the escape back to the stored character), but
    printing the JSON to a terminal is as safe as printing the text. JSON writers escape the C0
    controls themselves, so a raw newline here is the writer's own indentation and stays.
    """
    if all(line.isprintable() for line in json_text.split("\n")):
        return json_text
    return "".join(
        _json_escape(char) if char != "\n" and (ord(char) in TABLE or _unshowable(char)) else char
        for char in json_text
    )


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # a UTF-16 surrogate pair, as JSON spells it
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
