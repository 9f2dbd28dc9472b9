"""One entry point for every format of the shift report: `render(report, "text")`."""

from __future__ import annotations

from collections.abc import Callable

from tui.report.render_json import render_json
from tui.report.render_md import render_md
from tui.report.render_text import render_text
from tui.report.shift import ShiftReport

_WRITERS: dict[str, Callable[[ShiftReport], str]] = {
    "text": render_text,
    "md": render_md,
    "json": render_json,
}
#: The formats `dutydesk report --format` accepts, the default first.
FORMATS: tuple[str, ...] = tuple(_WRITERS)


def render(report: ShiftReport, fmt: str = "text") -> str:
    """The report as text ("text"), Markdown ("md") or JSON ("json")."""
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}"
        ) from None
    return writer(report)
