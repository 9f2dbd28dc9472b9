"""Change the department's operating regime: a new regime and the reason, which is required."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Static

from tui.model.records import Regime, label
from tui.model.text import printable
from tui.store.store import Store
from tui.ui.forms.base import FormScreen
from tui.ui.forms.fields import FieldRow, FormSelect, options
from tui.ui.forms.validators import Required


@dataclass(frozen=True, slots=True)
class RegimeChange:
    regime: str
    reason: str


class RegimeForm(FormScreen[dict[str, Any]]):
    """Dismisses with the new regime (`value`, `since`, `reason`) as the store returns it."""

    HEADING = "Operating regime"
    AUTO_FOCUS = "#regime"
    FIELD_KEYS: ClassVar[Mapping[str, str]] = {"value": "regime"}

    def __init__(self, store: Store, current: Mapping[str, Any]) -> None:
        """`current` is the regime as the desk shows it (`value`, `reason`)."""
        super().__init__(store)
        self.current = current
        self.choices = [r.value for r in Regime if r.value != self.current["value"]]

    def compose_header(self) -> ComposeResult:
        text = f"now: {label(self.current['value'])}"
        if self.current.get("reason"):
            text += f" ({printable(self.current['reason'], single_line=True)})"
        yield Static(text, classes="form-context", id="context", markup=False)

    def compose_fields(self) -> ComposeResult:
        yield FieldRow(
            "new regime",
            FormSelect(
                options(self.choices),
                value=self.choices[0],
                allow_blank=False,
                id="regime",
                compact=True,
            ),
            key="regime",
        )
        yield FieldRow(
            "reason *",
            Input(
                placeholder="order no., who decided, why",
                validators=[Required("changing the regime needs a reason")],
                id="reason",
                compact=True,
            ),
            key="reason",
        )

    def gather(self) -> RegimeChange:
        return RegimeChange(self.value("regime"), self.value("reason").strip())

    def save(self, payload: RegimeChange) -> dict[str, Any]:
        return self.store.change_regime(payload.regime, payload.reason)
