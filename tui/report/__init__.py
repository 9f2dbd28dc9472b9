"""Reports: data in, text out.

`build_shift_report(store)` reads the store once into a `ShiftReport`; `render(report, fmt)`
writes it as plain text, Markdown or JSON without touching the store.
"""

from tui.report.render import FORMATS, render
from tui.report.shift import ShiftReport, build_shift_report

__all__ = ["FORMATS", "ShiftReport", "build_shift_report", "render"]
