"""The shift report as plain text: at most 80 characters a line, no markup, safe to paste.

Every data string passes through `printable` (one line: a newline in an entry shows as ⏎) and
is wrapped with `textwrap`; a table whose columns cannot fit falls back to one wrapped line per
row, so no line is ever longer than `WIDTH`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from tui.model.text import printable
from tui.report.layout import (
    BlockWriter,
    Fields,
    Heading,
    Items,
    Paragraph,
    Table,
    layout,
    table_intro,
)
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
    writer = _TextWriter()
    lines: list[str] = []
    for block in layout(report):
        lines.extend(writer.lines(block))
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


class _TextWriter(BlockWriter):
    def heading(self, block: Heading) -> Iterable[str]:
        lines = wrap(clean(block.text), hang="")
        if block.level > 1:
            yield ""
        yield from lines
        if block.level <= 2:
            yield ("=" if block.level == 1 else "-") * max(len(line) for line in lines)

    def fields(self, block: Fields) -> Iterable[str]:
        width = max(len(name) for name, _ in block.items) + 2
        hang = " " * width if width <= MAX_LABEL else "  "
        for name, value in block.items:
            yield from wrap(clean(value), indent=f"{name}:".ljust(width), hang=hang)

    def table(self, block: Table) -> Iterable[str]:
        intro = table_intro(block)
        if intro:
            yield from wrap(clean(intro), hang="  ")
        if block.rows:
            yield from _grid(block)

    def items(self, block: Items) -> Iterable[str]:
        for item in block.items:
            yield from wrap(clean(item), indent="- ", hang="  ")

    def paragraph(self, block: Paragraph) -> Iterable[str]:
        yield from wrap(clean(block.text), hang="")


def _grid(table: Table) -> Iterable[str]:
    """The rows in columns, or a row that cannot fit as one wrapped line of its own."""
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
