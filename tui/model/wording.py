"""How a count and a span of time are said, wherever they are shown (CLI, reports, handover).

One wording each, so the handover item, the report and `dutydesk show` read the same figure the
same way.
"""

from __future__ import annotations

from datetime import timedelta

UNKNOWN = "unknown"


def count_or_unknown(count: int | None) -> str:
    """A count as read: 0 is "0" (a fact), None is "unknown" (nobody knows yet, never 0)."""
    return UNKNOWN if count is None else str(count)


def duration(span: timedelta) -> str:
    """ "35 min", "4 h 55 min", "2 d 3 h": precise enough for a board read aloud at handover.

    Whole minutes, rounded down; a negative span (a clock skewed between stations) is "0 min".
    """
    minutes = max(int(span.total_seconds()) // 60, 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes:02d} min" if minutes else f"{hours} h"
    return f"{minutes} min"
