"""The shift report as JSON: a stable, documented shape (docs/report-json.md), version 1.

Keys follow the report's section order (`layout.SECTIONS`). Times are objects with the UTC
instant and the region's local wall-clock reading. Data strings are carried exactly; the
characters a terminal could act on (the table of `tui.model.text`: C1 controls, DEL, bidi
controls, line separators) are written as `\\uXXXX` escapes, so printing the JSON is as safe as
printing the text report.
"""

from __future__ import annotations

import json
from typing import Any

from tui.model.text import printable_json
from tui.report.layout import SECTIONS
from tui.report.shift import ShiftReport

FORMAT = "dutydesk-shift-report"
VERSION = 1


def render_json(report: ShiftReport) -> str:
    return printable_json(json.dumps(report_document(report), ensure_ascii=False, indent=2)) + "\n"


def report_document(report: ShiftReport) -> dict[str, Any]:
    """The JSON document as Python data (what `json.loads(render_json(r))` gives back)."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for section in SECTIONS:
        doc.update(section.document(report))
    return doc
