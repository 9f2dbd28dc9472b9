"""The shift report as plain text: at most 80 characters a line, no markup, safe to paste.

Every data string passes through `printable` (one line: a newline in an entry shows as ⏎) and
is wrapped with `textwrap`; a table whose columns cannot fit falls back to one wrapped line per
row, so no line is ever longer than `WIDTH`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from tui.model.text import printable
from tui.report.layout import Block, Fields, Heading, Items, Paragraph, Table, layout
from tui.report.shift import ShiftReport

WIDTH = 80
GAP = "  "
#: A column wider than this (a long call sign or author) sends its row to the fallback form.
MAX_CELL = 22
#: The wrapped last column of a table keeps at least this many characters.
MIN_LAST = 24
#: Field values wrap under the value; past this label width they hang by two spaces instead.
MAX_LABEL = 16


def render_text(report: ShiftReport) -> str:
    lines: list[str] = []
    for block in layout(report):
        lines.extend(_block(block))
    return "\n".join(lines).strip("\n") + "\n"


def clean(text: str) -> str:
    return printable(text, single_line=True)


def wrap(text: str, indent: str = "", hang: str = "  ") -> list[str]:
    """`text` in lines of at most WIDTH; long words (a pasted URL) are broken, not overflowed."""
    lines = textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=hang,
        break_on_hyphens=False,
    )
    # textwrap can leave a space before a long word it breaks onto the next line.
    return [line.rstrip() for line in lines] or [indent.rstrip()]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _block(block: Block) -> Iterable[str]:
    match block:
        case Heading(level=level, text=text):
            lines = wrap(clean(text), hang="")
            if level > 1:
                yield ""
            yield from lines
            if level <= 2:
                yield ("=" if level == 1 else "-") * max(len(line) for line in lines)
        case Fields(items=items):
            width = max(len(name) for name, _ in items) + 2
            hang = " " * width if width <= MAX_LABEL else "  "
            for name, value in items:
                yield from wrap(clean(value), indent=f"{name}:".ljust(width), hang=hang)
        case Table():
            yield from _table(block)
        case Items(items=items, empty=empty):
            if not items:
                yield _sentence(empty)
            for item in items:
                yield from wrap(clean(item), indent="- ", hang="  ")
        case Paragraph(text=text):
            yield from wrap(clean(text), hang="")


def _table(table: Table) -> Iterable[str]:
    if table.caption:
        yield from wrap(
            clean(table.caption) + (":" if table.rows else f": {table.empty}"), hang="  "
        )
    elif not table.rows:
        yield _sentence(table.empty)
    if not table.rows:
        return
    rows = [tuple(clean(cell) for cell in row) for row in table.rows]
    head = len(table.columns) - 1
    widths = [
        max(
            len(cell) for cell in (table.columns[i], *(r[i] for r in rows)) if len(cell) <= MAX_CELL
        )
        for i in range(head)
    ]
    prefix_width = sum(widths) + len(GAP) * head
    gridded = prefix_width <= WIDTH - MIN_LAST
    if gridded:
        yield from _row(table.columns, widths, prefix_width)
    for row in rows:
        if gridded and all(len(row[i]) <= widths[i] for i in range(head)):
            yield from _row(row, widths, prefix_width)
        else:
            yield from wrap(GAP.join(cell for cell in row if cell), hang="    ")


def _row(cells: tuple[str, ...], widths: list[int], prefix_width: int) -> list[str]:
    prefix = "".join(cell.ljust(width) + GAP for cell, width in zip(cells, widths, strict=False))
    return wrap(cells[-1], indent=prefix, hang=" " * prefix_width)
