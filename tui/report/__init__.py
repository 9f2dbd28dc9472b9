"""Reports: data in, text out.

`build_shift_report(source)` reads a `ShiftSource` (the store is one) once into a `ShiftReport`;
`render(report, fmt)` writes it as plain text, Markdown or JSON without reading again. The
package stands beside the store, never on it: it imports only `tui.model`.
"""

from tui.report.render import FORMATS, render
from tui.report.shift import ShiftReport, build_shift_report

__all__ = ["FORMATS", "ShiftReport", "build_shift_report", "render"]
