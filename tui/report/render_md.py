"""The shift report as Markdown: headings, field lists and tables, every data string escaped.

Data is shown literally: control characters become visible symbols (`printable`), and the
characters Markdown would read as markup (`[red]`, `*`, `|` in a table cell, `<b>`) are
backslash-escaped, so a title renders as the officer typed it.
"""

from __future__ import annotations

import re
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

_MARKUP = re.compile(r"([\\`*_\[\]<>|#~&])")


def escape(text: str) -> str:
    """One line of literal text: markup characters escaped, controls made visible."""
    return _MARKUP.sub(r"\\\1", printable(text, single_line=True))


def render_md(report: ShiftReport) -> str:
    writer = _MarkdownWriter()
    parts = ["\n".join(writer.lines(block)) for block in layout(report)]
    return "\n\n".join(part for part in parts if part) + "\n"


class _MarkdownWriter(BlockWriter):
    def heading(self, block: Heading) -> Iterable[str]:
        yield "#" * block.level + " " + escape(block.text)

    def fields(self, block: Fields) -> Iterable[str]:
        for name, value in block.items:
            yield f"- **{escape(name)}:** {escape(value)}"

    def table(self, block: Table) -> Iterable[str]:
        intro = table_intro(block)
        if intro:
            yield escape(intro)
        if not block.rows:
            return
        if intro:
            yield ""
        yield _cells(block.columns)
        yield _cells(tuple("---" for _ in block.columns), raw=True)
        for row in block.rows:
            yield _cells(row)

    def items(self, block: Items) -> Iterable[str]:
        for item in block.items:
            yield f"- {escape(item)}"

    def paragraph(self, block: Paragraph) -> Iterable[str]:
        yield escape(block.text)


def _cells(cells: tuple[str, ...], *, raw: bool = False) -> str:
    shown = cells if raw else tuple(escape(cell) for cell in cells)
    return "| " + " | ".join(shown) + " |"
