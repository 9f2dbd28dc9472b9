"""Filter the incident list (`/`): text, status, severity, district and a time window.

The window is on the reported time, typed in the time grammar ("-12h", "yesterday 08:00").

Nothing is written, so the filter works on a read-only database too. Enter applies; `ctrl+l`
clears every field (then Enter shows everything again).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widgets import Input

from tui.model.filters import IncidentFilter
from tui.model.records import IncidentStatus, Severity, label
from tui.model.timegrammar import format_local, from_iso, to_iso
from tui.store.store import Store
from tui.ui.forms.base import FieldProblem, FormScreen
from tui.ui.forms.fields import FieldRow, FormSelect
from tui.ui.forms.validators import DistrictName, district_names
from tui.ui.text import literal as _literal
from tui.ui.widgets.time_input import TimeField

ANY = "any"
CUSTOM = "custom"
OPEN = "open"


def status_choices() -> list[tuple[str, str]]:
    """(value, label): any, open, then each status on its own."""
    return [
        (ANY, "any status"),
        (OPEN, "open (new, active, monitoring)"),
        *((s.value, label(s.value)) for s in IncidentStatus),
    ]


def severity_choices() -> list[tuple[str, str]]:
    """(value, label): any, each severity, and "X or worse" for the middle ones."""
    severities = list(Severity)
    return [
        (ANY, "any severity"),
        *((f"{s.value}+", f"{s.value} or worse") for s in severities[1:-1]),
        *((s.value, f"only {s.value}") for s in severities),
    ]


def statuses_of(choice: str) -> frozenset[str]:
    return frozenset() if choice == ANY else frozenset({choice})


def severities_of(choice: str) -> frozenset[str]:
    if choice == ANY:
        return frozenset()
    if choice.endswith("+"):
        floor = Severity(choice[:-1]).rank
        return frozenset(s.value for s in Severity if s.rank >= floor)
    return frozenset({choice})


def _choice_for(
    current: frozenset[str],
    choices: list[tuple[str, str]],
    read: Callable[[str], frozenset[str]],
) -> str | None:
    """The option that means exactly `current`, or None if only a custom option can."""
    return next((value for value, _ in choices if read(value) == current), None)


class FilterForm(FormScreen[IncidentFilter]):
    """Dismisses with the new IncidentFilter (an empty one after clearing), or None on escape."""

    HEADING = "Filter incidents"
    AUTO_FOCUS = "#text"
    SAVES_TO = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+l", "clear", "Clear", id="filter.clear"),
    ]

    def __init__(self, store: Store, current: IncidentFilter) -> None:
        super().__init__(store)
        self.current = current
        self.statuses = status_choices()
        self.severities = severity_choices()
        if _choice_for(current.statuses, self.statuses, statuses_of) is None:
            shown = ", ".join(label(s) for s in sorted(current.statuses))
            self.statuses.append((CUSTOM, f"as before: {shown}"))
        if _choice_for(current.severities, self.severities, severities_of) is None:
            shown = ", ".join(sorted(current.severities))
            self.severities.append((CUSTOM, f"as before: {shown}"))

    def compose_fields(self) -> ComposeResult:
        current, store = self.current, self.store
        yield FieldRow(
            "text",
            Input(
                current.text, placeholder="words in any field, any case", id="text", compact=True
            ),
            key="text",
        )
        status = _choice_for(current.statuses, self.statuses, statuses_of) or CUSTOM
        yield FieldRow(
            "status",
            FormSelect(
                [(_literal(text), value) for value, text in self.statuses],
                value=status,
                allow_blank=False,
                id="status",
                compact=True,
            ),
            key="status",
        )
        severity = _choice_for(current.severities, self.severities, severities_of) or CUSTOM
        yield FieldRow(
            "severity",
            FormSelect(
                [(_literal(text), value) for value, text in self.severities],
                value=severity,
                allow_blank=False,
                id="severity",
                compact=True,
            ),
            key="severity",
        )
        district = DistrictName(store.region, optional=True, several=True)
        names = []
        for key in sorted(current.districts):
            found = store.region.get(key)
            names.append(found.name_en if found else key)
        yield FieldRow(
            "district",
            Input(
                ", ".join(names),
                placeholder="any; several with commas",
                validators=[district],
                valid_empty=True,
                suggester=SuggestFromList(district_names(store.region), case_sensitive=False),
                id="district",
                compact=True,
            ),
            key="district",
            describe=district.describe,
        )
        for key, caption, value in (
            ("since", "since", current.since),
            ("until", "until", current.until),
        ):
            shown = format_local(from_iso(value), store.tz) if value else ""
            yield FieldRow(
                caption,
                TimeField(
                    shown,
                    now=store.clock,
                    tz=store.tz,
                    optional=True,
                    blank="no limit",
                    input_id=key,
                ),
                key=key,
            )

    def action_clear(self) -> None:
        """Empty every field; Enter then applies the empty filter (everything shows)."""
        for key in ("text", "district", "since", "until"):
            self.query_one(f"#{key}", Input).value = ""
        self.query_one("#status", FormSelect).value = ANY
        self.query_one("#severity", FormSelect).value = ANY
        for field_row in self.rows():
            field_row.show(None)
        self.query_one("#text", Input).focus()
        self.say("Cleared: Enter shows every incident.", error=False)

    def gather(self) -> IncidentFilter:
        status, severity = self.value("status"), self.value("severity")
        district_text = self.value("district")
        districts = frozenset(
            self.store.region.lookup(name).key for name in district_text.split(",") if name.strip()
        )
        since, until = self.instant("since"), self.instant("until")
        if since and until and until < since:
            raise FieldProblem("until", "the window ends before it starts")
        return IncidentFilter(
            text=self.value("text").strip(),
            statuses=self.current.statuses if status == CUSTOM else statuses_of(status),
            severities=self.current.severities if severity == CUSTOM else severities_of(severity),
            districts=districts,
            since=to_iso(since) if since else None,
            # "until 14:00" includes what was reported during 14:00.
            until=to_iso(until + timedelta(seconds=59, milliseconds=999)) if until else None,
        )
