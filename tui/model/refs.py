"""Human references `HQ-2026-0042`: a station prefix keeps them unique across merged stations."""

from __future__ import annotations

import re

STATION_RE = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
REF_RE = re.compile(r"^(?P<station>[A-Z][A-Z0-9]{0,7})-(?P<year>\d{4})-(?P<number>\d{4,})$")


def check_station(code: str) -> str:
    """A station code: capital letter first, then up to seven letters or digits (HQ, FL1)."""
    if not STATION_RE.match(code):
        raise ValueError(
            f"station code {code!r} is not valid: use 1-8 capital letters or digits "
            "starting with a letter, like HQ or FL1"
        )
    return code


def format_ref(station: str, year: int, number: int) -> str:
    return f"{station}-{year}-{number:04d}"


def parse_ref(ref: str) -> tuple[str, int, int] | None:
    """(station, year, number), or None when `ref` is not a reference."""
    match = REF_RE.match(ref.strip().upper())
    if match is None:
        return None
    return match["station"], int(match["year"]), int(match["number"])
