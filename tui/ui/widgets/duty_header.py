"""The header line: region, operating regime, station, operator, clock, READ-ONLY badge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.model.records import Regime, label
from tui.model.timegrammar import format_local
from tui.ui.text import clean

REGIME_SHOWN: dict[str, str] = {
    Regime.ROUTINE.value: "routine",
    Regime.HEIGHTENED_READINESS.value: "▲ HEIGHTENED READINESS",
    Regime.EMERGENCY.value: "‼ EMERGENCY",
}


class DutyHeader(Widget):
    """One line. The clock shows minutes and repaints only when the minute turns."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "duty-header--readonly",
        "duty-header--regime-raised",
        "duty-header--dim",
    }

    regime: reactive[str] = reactive(Regime.ROUTINE.value)
    """The department's operating regime, from the store's settings."""
    clock_text: reactive[str] = reactive("")
    """The local time shown, to the minute."""

    def __init__(
        self,
        *,
        region: str,
        station: str,
        operator: str,
        read_only: bool,
        clock: Callable[[], datetime],
        tz: tzinfo,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.region_name = clean(region)
        self.station = clean(station)
        self.operator = clean(operator)
        self.read_only = read_only
        self.clock = clock
        self.tz = tz

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        self.clock_text = format_local(self.clock(), self.tz)

    def set_regime(self, regime: dict[str, Any]) -> None:
        self.regime = str(regime.get("value", Regime.ROUTINE.value))

    def set_operator(self, operator: str) -> None:
        """A handover changed who holds the desk."""
        shown = clean(operator)
        if shown != self.operator:
            self.operator = shown
            self.refresh()

    def render(self) -> Text:
        dim = self.get_component_rich_style("duty-header--dim", partial=True)
        regime = REGIME_SHOWN.get(self.regime, label(clean(self.regime)))
        raised = self.regime != Regime.ROUTINE.value
        regime_style = (
            self.get_component_rich_style("duty-header--regime-raised", partial=True)
            if raised
            else "bold"
        )
        width = self.size.width
        for labelled, clock in ((True, True), (False, True), (False, False)):
            right = Text((self.clock_text if clock else self.clock_text[-5:]) + " ")
            parts: list[Any] = []
            if self.read_only:
                parts += [(" READ-ONLY ", self.get_component_rich_style("duty-header--readonly"))]
            parts += [
                " ",
                (self.region_name, "bold"),
                (" · regime " if labelled else " · ", dim),
                (regime, regime_style),
                (" · station " if labelled else " · ", dim),
                self.station,
                (" · operator " if labelled else " · ", dim),
                self.operator,
            ]
            left = Text.assemble(*parts, no_wrap=True, overflow="ellipsis")
            if left.cell_len + right.cell_len + 1 <= width:
                break
        # Never cut the clock or the READ-ONLY badge: the operator's name gives way first.
        left.truncate(max(0, width - right.cell_len - 1), overflow="ellipsis")
        gap = max(1, width - left.cell_len - right.cell_len)
        text = Text.assemble(left, " " * gap, right, no_wrap=True, overflow="ellipsis")
        return text
