"""New incident (`n`): the title has the cursor, everything else has a sensible default."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, TextArea

from tui.model.records import Incident, Severity
from tui.store.store import Store
from tui.ui.forms.base import FormScreen
from tui.ui.forms.fields import FieldRow, FormCheckbox, FormSelect, options
from tui.ui.forms.validators import Count, DistrictName, MaxLength, Required, district_names
from tui.ui.widgets.time_input import TimeField

#: Single-line text fields: (key, caption).
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("location", "location"),
    ("settlement", "settlement"),
    ("source", "source"),
    ("source_contact", "contact"),
)


class NewIncidentForm(FormScreen[Incident]):
    """Create an incident; dismisses with the stored Incident."""

    HEADING = "New incident"
    AUTO_FOCUS = "#title"

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.initial: dict[str, Any] = {}
        """The text or state each field opens with (set as the fields are composed, which for
        an edit is once its incident is loaded); an edit compares against these."""

    def initial_values(self) -> dict[str, Any]:
        """The text or state each field opens with; an edit compares against these."""
        kinds = self.store.kinds
        return {
            "title": "",
            "district": "",
            "kind": "other" if "other" in kinds else kinds[0],
            "severity": Severity.MINOR.value,
            "reported_at": "now",
            "occurred_at": "",
            "occurred_approx": False,
            "location": "",
            "settlement": "",
            "source": "",
            "source_contact": "",
            "narrative": "",
            "injured": "",
            "dead": "",
            "exercise": False,
        }

    def kind_choices(self) -> list[str]:
        return self.store.kinds

    def compose_fields(self) -> ComposeResult:
        self.initial = init = self.initial_values()
        store = self.store
        now, tz = store.clock, store.tz
        yield FieldRow(
            "title *",
            Input(
                init["title"],
                placeholder="what happened, in a line",
                validators=[Required("an incident needs a title"), MaxLength(200, "title")],
                id="title",
                compact=True,
            ),
            key="title",
        )
        district = DistrictName(store.region)
        yield FieldRow(
            "district *",
            Input(
                init["district"],
                placeholder="Sukhinichsky / Сухиничский",
                validators=[district],
                suggester=SuggestFromList(district_names(store.region), case_sensitive=False),
                id="district",
                compact=True,
            ),
            key="district",
            describe=district.describe,
        )
        yield FieldRow(
            "kind",
            FormSelect(
                options(self.kind_choices()),
                value=init["kind"],
                allow_blank=False,
                id="kind",
                compact=True,
            ),
            key="kind",
        )
        yield FieldRow(
            "severity",
            FormSelect(
                options(s.value for s in Severity),
                value=init["severity"],
                allow_blank=False,
                id="severity",
                compact=True,
            ),
            key="severity",
        )
        yield FieldRow(
            "reported at *",
            TimeField(init["reported_at"], now=now, tz=tz, input_id="reported_at"),
            key="reported_at",
        )
        yield FieldRow(
            "occurred at",
            TimeField(init["occurred_at"], now=now, tz=tz, optional=True, input_id="occurred_at"),
            key="occurred_at",
            extra=FormCheckbox(
                "approx.", init["occurred_approx"], id="occurred_approx", compact=True
            ),
        )
        for key, caption in TEXT_FIELDS:
            yield FieldRow(caption, Input(init[key], id=key, compact=True), key=key)
        yield FieldRow(
            "narrative",
            TextArea(init["narrative"], id="narrative", compact=True, soft_wrap=True),
            key="narrative",
        )
        for key in ("injured", "dead"):
            yield FieldRow(
                key,
                Input(
                    init[key],
                    placeholder="blank = unknown, 0 = none",
                    validators=[Count()],
                    id=key,
                    compact=True,
                ),
                key=key,
            )
        yield FieldRow(
            "exercise",
            FormCheckbox(
                "a drill, not a real incident", init["exercise"], id="exercise", compact=True
            ),
            key="exercise",
        )

    # -- reading the form ---------------------------------------------------------------------

    def raw(self) -> dict[str, Any]:
        """Every field as typed (text or checkbox state), keyed like `initial`."""
        out: dict[str, Any] = {}
        for key in self.initial:
            widget = self.query_one(f"#{key}")
            if isinstance(widget, Checkbox):
                out[key] = widget.value
            elif isinstance(widget, TextArea):
                out[key] = widget.text
            else:
                out[key] = self.value(key)
        return out

    def convert(self, key: str, raw: Any) -> Any:
        """One field's typed value as the store takes it."""
        if key in ("reported_at", "occurred_at"):
            return self.instant(key)
        if key in ("injured", "dead"):
            return int(raw) if str(raw).strip() else None
        if isinstance(raw, str) and key != "narrative":
            return raw.strip()
        return raw

    def gather(self) -> dict[str, Any]:
        raw = self.raw()
        return {key: self.convert(key, value) for key, value in raw.items()}

    def save(self, payload: dict[str, Any]) -> Incident:
        fields = dict(payload)
        return self.store.create_incident(
            fields.pop("title"),
            fields.pop("district"),
            kind=fields.pop("kind"),
            severity=fields.pop("severity"),
            reported_at=fields.pop("reported_at"),
            occurred_at=fields.pop("occurred_at"),
            **fields,
        )
