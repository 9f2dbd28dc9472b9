"""Export a bundle for another station (docs/product.md §10), from the command palette.

The bundle file is written atomically and read back to verify; the database is never
written, so export works in a read-only session too.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input, Static

from tui.store.store import Store
from tui.ui.forms.base import FormScreen
from tui.ui.forms.fields import FieldRow
from tui.ui.forms.file_path import (
    BUNDLE_SUFFIX,
    FilePath,
    expand,
    file_problem,
    in_home,
    replacing_note,
    shown,
)
from tui.ui.widgets.time_input import TimeField


def default_bundle_name(store: Store) -> str:
    """`~/dutydesk-HQ-2026-11-24.ddb`: station and local date."""
    day = store.clock().astimezone(store.tz)
    return in_home(f"dutydesk-{store.station}-{day:%Y-%m-%d}.{BUNDLE_SUFFIX}")


class ExportBundleForm(FormScreen[str]):
    """Dismisses with a line saying what was exported, once the bundle is on disk."""

    HEADING = "Export a bundle"
    AUTO_FOCUS = "#path"
    SAVES_TO = "file"
    DEFAULT_ERROR_FIELD = "path"

    def compose_header(self) -> ComposeResult:
        yield Static(
            f"Every change station {self.store.station} knows (or those since a time) in one "
            "file for another station to import.",
            classes="form-context",
            markup=False,
        )

    def compose_fields(self) -> ComposeResult:
        default = default_bundle_name(self.store)
        yield FieldRow(
            "file *",
            Input(
                default,
                validators=[FilePath(must_exist=False, example=default)],
                id="path",
                compact=True,
            ),
            key="path",
            describe=replacing_note,
        )
        yield FieldRow(
            "since",
            TimeField(
                "",
                now=self.store.clock,
                tz=self.store.tz,
                optional=True,
                blank="everything",
                input_id="since",
            ),
            key="since",
        )

    def gather(self) -> tuple[Path, datetime | None]:
        return expand(self.value("path")), self.instant("since")

    def save(self, payload: tuple[Path, datetime | None]) -> str:
        path, since = payload
        try:
            header = self.store.export_bundle(path, since=since)
        except OSError as error:  # the read-back failed
            raise file_problem(path, error) from None
        ranges = header.get("ranges", {})
        count = sum(last - first + 1 for first, last in ranges.values())
        stations = ", ".join(f"{s} #{a}–{b}" for s, (a, b) in sorted(ranges.items()))
        return f"Exported {count} change(s) to {shown(path)}" + (
            f" ({stations})" if stations else ""
        )
