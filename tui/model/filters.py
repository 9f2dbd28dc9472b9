"""The incident filter of the list (`/`) and of `dutydesk list`: one definition serves both."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tui.model.records import IncidentStatus
from tui.model.timegrammar import instant_key


@dataclass(frozen=True, slots=True)
class IncidentFilter:
    """What the officer asked to see. Empty fields filter nothing.

    `statuses` may hold the pseudo-status "open" (new, active or monitoring). Times are UTC
    ISO strings compared as text, which orders them correctly.
    """

    text: str = ""
    statuses: frozenset[str] = field(default_factory=frozenset)
    severities: frozenset[str] = field(default_factory=frozenset)
    districts: frozenset[str] = field(default_factory=frozenset)
    since: str | None = None
    until: str | None = None

    @property
    def is_empty(self) -> bool:
        return self == IncidentFilter()

    def with_text(self, text: str) -> IncidentFilter:
        return replace(self, text=text)

    def matches(
        self, doc: Mapping[str, Any], district_names: Mapping[str, str] | None = None
    ) -> bool:
        """True if the incident document passes every part of the filter.

        Text matches case-insensitively (casefold, so Cyrillic works) against the reference,
        title, location, settlement, narrative and the district's names in `district_names`.
        """
        if self.statuses:
            status = doc["status"]
            is_open = IncidentStatus(status).is_open
            if status not in self.statuses and not ("open" in self.statuses and is_open):
                return False
        if self.severities and doc["severity"] not in self.severities:
            return False
        if self.districts and doc["district"] not in self.districts:
            return False
        if self.since and instant_key(doc["reported_at"]) < instant_key(self.since):
            return False
        if self.until and instant_key(doc["reported_at"]) > instant_key(self.until):
            return False
        if self.text:
            needle = self.text.casefold()
            names = district_names.get(doc["district"], "") if district_names else ""
            haystack = " ".join(
                (
                    doc["ref"],
                    doc["title"],
                    doc.get("location", ""),
                    doc.get("settlement", ""),
                    doc.get("narrative", ""),
                    names,
                )
            ).casefold()
            if not all(word in haystack for word in needle.split()):
                return False
        return True

    def apply(
        self, docs: Iterable[Mapping[str, Any]], district_names: Mapping[str, str] | None = None
    ) -> list[Mapping[str, Any]]:
        return [d for d in docs if self.matches(d, district_names)]
