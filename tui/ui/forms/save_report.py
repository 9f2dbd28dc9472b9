"""Save the shift report to a file: a path (prefilled in the home folder), written atomically.

Read-only mode forbids writing the database, not a report file: this form works in a reviewer's
read-only session too. The file is replaced whole (temp file, fsync, rename) or left as it was.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input

from tui.store.durable import write_atomic
from tui.store.store import Store
from tui.ui.forms.base import FormScreen
from tui.ui.forms.fields import FieldRow
from tui.ui.forms.file_path import FilePath, expand, replacing_note


class SaveReportForm(FormScreen[Path]):
    """Asks where; dismisses with the path once the file is durably written."""

    HEADING = "Save the shift report"
    AUTO_FOCUS = "#path"
    SAVES_TO = "file"
    DEFAULT_ERROR_FIELD = "path"

    def __init__(self, store: Store, text: str, default_path: str) -> None:
        super().__init__(store)
        self.text = text
        self.default_path = default_path

    def compose_fields(self) -> ComposeResult:
        yield FieldRow(
            "file *",
            Input(
                self.default_path,
                validators=[FilePath(must_exist=False, example=self.default_path)],
                id="path",
                compact=True,
            ),
            key="path",
            describe=replacing_note,
        )

    def gather(self) -> Path:
        return expand(self.value("path"))

    def save(self, payload: Path) -> Path:
        write_atomic(payload, self.text.encode("utf-8"))
        return payload
