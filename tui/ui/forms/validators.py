"""The checks the forms run as the officer types: each a Textual `Validator`.

The store judges every value again on save; these only say sooner, in the form's words.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.validation import ValidationResult, Validator

from tui.model.gazetteer import Region, UnknownDistrict


class Required(Validator):
    """Refuses blank text, optionally only while `when()` holds (a reason for cancelling)."""

    def __init__(self, message: str, when: Callable[[], bool] | None = None) -> None:
        super().__init__()
        self.message = message
        self.when = when

    def validate(self, value: str) -> ValidationResult:
        if not value.strip() and (self.when is None or self.when()):
            return self.failure(self.message, value)
        return self.success()


class MaxLength(Validator):
    """Says at once what the store would refuse on save: text over the field's limit."""

    def __init__(self, limit: int, what: str) -> None:
        super().__init__()
        self.limit = limit
        self.what = what

    def validate(self, value: str) -> ValidationResult:
        if len(value.strip()) > self.limit:
            return self.failure(f"the {self.what} is longer than {self.limit} characters", value)
        return self.success()


class Count(Validator):
    """A casualty count: blank is unknown, 0 is none; anything else a whole number."""

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if text and not (text.isascii() and text.isdigit()):
            return self.failure("a whole number (0 = none), or blank for unknown", value)
        return self.success()


class DistrictName(Validator):
    """A district of the region's gazetteer, in either language; unknown names suggest.

    With `several`, a comma-separated list (the filter form); blank passes when `optional`.
    """

    def __init__(self, region: Region, *, optional: bool = False, several: bool = False) -> None:
        super().__init__()
        self.region = region
        self.optional = optional
        self.several = several

    def names(self, value: str) -> list[str]:
        parts = value.split(",") if self.several else [value]
        return [p.strip() for p in parts if p.strip()]

    def validate(self, value: str) -> ValidationResult:
        names = self.names(value)
        if not names:
            if self.optional:
                return self.success()
            return self.failure("a district is needed, e.g. Sukhinichsky or Сухиничский", value)
        for name in names:
            try:
                self.region.lookup(name)
            except UnknownDistrict as error:
                if error.suggestions:
                    return self.failure(str(error), value)
                # The full list of districts would flood an 80x24 form; completion offers it.
                shown = " ".join(name.split())
                return self.failure(
                    f"unknown district {shown!r}: type the start of a district's name in "
                    "English or Russian; the right arrow completes it",
                    value,
                )
        return self.success()

    def describe(self, value: str) -> str:
        """What the field resolved to, in both languages."""
        try:
            found = [self.region.lookup(n) for n in self.names(value)]
        except UnknownDistrict:
            return ""
        return "→ " + "; ".join(f"{d.name_en} ({d.name_ru})" for d in found)


def district_names(region: Region) -> list[str]:
    """Every name a district is known by, for inline completion."""
    names: list[str] = []
    for d in region.districts:
        names += [d.name_en, d.name_ru]
    return names
