"""The shift report as Markdown: headings, field lists and tables, every data string escaped.

Data is shown literally: control characters become visible symbols (`printable`), and the
characters Markdown would read as markup (`[red]`, `*`, `|` in a table cell, `<b>`) are
backslash-escaped, so a title renders as the officer typed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tui.model.text import printable
from tui.report.layout import Block, Fields, Heading, Items, Paragraph, Table, layout
from tui.report.shift import ShiftReport

_MARKUP = re.compile(r"([\\`*_\[\]<>|#~&])")


def escape(text: str) -> str:
    """One line of literal text: markup characters escaped, controls made visible."""
    return _MARKUP.sub(r"\\\1", printable(text, single_line=True))


def render_md(report: ShiftReport) -> str:
    parts = ["\n".join(_block(block)) for block in layout(report)]
    return "\n\n".join(part for part in parts if part) + "\n"


def _sentence(text: str) -> str:
    return escape(text[:1].upper() + text[1:] + ".")


def _block(block: Block) -> Iterable[str]:
    match block:
        case Heading(level=level, text=text):
            yield "#" * level + " " + escape(text)
        case Fields(items=items):
            for name, value in items:
                yield f"- **{escape(name)}:** {escape(value)}"
        case Table():
            yield from _table(block)
        case Items(items=items, empty=empty):
            if not items:
                yield _sentence(empty)
            for item in items:
                yield f"- {escape(item)}"
        case Paragraph(text=text):
            yield escape(text)


def _table(table: Table) -> Iterable[str]:
    if table.caption:
        yield escape(table.caption) + (":" if table.rows else f": {escape(table.empty)}")
        if table.rows:
            yield ""
    elif not table.rows:
        yield _sentence(table.empty)
    if not table.rows:
        return
    yield _cells(table.columns)
    yield _cells(tuple("---" for _ in table.columns), raw=True)
    for row in table.rows:
        yield _cells(row)


def _cells(cells: tuple[str, ...], *, raw: bool = False) -> str:
    shown = cells if raw else tuple(escape(cell) for cell in cells)
    return "| " + " | ".join(shown) + " |"
