"""The officer's time grammar: read what a duty officer types, store UTC, show local time.

An incident log is evidence, so a time is either read unambiguously or refused with a message
that shows a form that works; nothing is ever silently guessed. Accepted (case-insensitive,
surrounding whitespace ignored, English or Russian keywords):

* ``14:05`` - today at that local time; if that is more than 5 minutes after now, yesterday.
* ``today 14:05`` / ``сегодня 14:05``, ``yesterday 22:10`` / ``вчера в 22:10``.
* ``24.11.2026 14:05``, ``2026-11-24 14:05``, ``2026-11-24T14:05`` (seconds allowed here, and an
  optional zone abbreviation such as ``MSK`` so that :func:`echo` output reads back).
* ``now`` / ``сейчас``, ``-15m``, ``2h ago``, ``15 min ago``, ``2 ч назад``, ``1 day ago``.

Absolute times more than 5 minutes in the future are refused: a report cannot be from the future.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

__all__ = [
    "TimeParseError",
    "echo",
    "format_local",
    "format_local_short",
    "from_iso",
    "instant_key",
    "parse_due",
    "parse_time",
    "to_iso",
]

FUTURE_SLACK = timedelta(minutes=5)
"""How far ahead of `now` a typed time may be: clocks on desks and phones drift a little."""

_HINT = "write 14:05, 24.11.2026 14:05, yesterday 22:10, 15 min ago or now"
_HINT_DATE = "write 24.11.2026 14:05"
_HINT_CLOCK = "write 14:05 or 24.11.2026 14:05"
_HINT_PAST = "write 15 min ago, 14:05 or now"
_HINT_REL = "write 15 min ago, 2h ago or -1d"

_NOW_WORDS = frozenset({"now", "сейчас"})
_TODAY_WORDS = frozenset({"today", "сегодня"})
_YESTERDAY_WORDS = frozenset({"yesterday", "вчера"})

_UNIT_MINUTES: dict[str, int] = {}
for _names, _minutes in (
    ("m min mins minute minutes мин минута минуты минут минуту", 1),
    ("h hr hrs hour hours ч час часа часов", 60),
    ("d day days д дн дня день дней", 24 * 60),
):
    for _name in _names.split():
        _UNIT_MINUTES[_name] = _minutes

# [0-9] rather than \d: other scripts' digits are not something an officer means to type.
_CLOCK = r"(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})"
_CLOCK_S = _CLOCK + r"(?::(?P<s>[0-9]{2}))?"
_ZONE = r"(?: (?P<zone>[^\W\d_]{2,6}|[+-][0-9]{2}(?:[0-9]{2})?))?"
_UNIT = r"(?P<unit>[^\W\d_]+)\.?"

_RE_AGO = re.compile(r"(?P<n>[0-9]+) ?" + _UNIT + r" (?:ago|назад)")
_RE_SIGNED = re.compile(r"(?P<sign>[-+−]) ?(?P<n>[0-9]+) ?" + _UNIT)
_RE_ISO = re.compile(r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})(?:t| )" + _CLOCK_S + _ZONE)
_RE_DOTTED = re.compile(
    r"(?P<d>[0-9]{1,2})\.(?P<mo>[0-9]{1,2})\.(?P<y>[0-9]{4}) " + _CLOCK_S + _ZONE
)
_RE_KEYWORD = re.compile(r"(?P<kw>[^\W\d_]+)(?: (?:at|в))? " + _CLOCK)
_RE_BARE = re.compile(_CLOCK)
_RE_AHEAD = re.compile(r"(?:\+ ?|in |через )(?P<n>[0-9]+) ?" + _UNIT)

# Shapes that are refused, matched only to say *why* in the message.
_RE_DATE_ONLY = re.compile(
    r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})"
    r"|(?P<d2>[0-9]{1,2})\.(?P<mo2>[0-9]{1,2})\.(?P<y2>[0-9]{4})"
)
_RE_SHORT_YEAR = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2}\b|[0-9]{2}-[0-9]{2}-[0-9]{2}\b")
_RE_DAY_MONTH = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}\.?")
_RE_NO_YEAR = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}\.? .*")
_RE_BARE_SECONDS = re.compile(r"(?:[^\W\d_]+ (?:(?:at|в) )?)?[0-9]{1,2}:[0-9]{2}:[0-9]{2}")
_RE_NO_DIRECTION = re.compile(r"[0-9]+ ?[^\W\d_]+\.?")
_RE_NO_UNIT = re.compile(r"[-+−] ?[0-9]+|[0-9]+ (?:ago|назад)")
_RE_ISO_STORED = re.compile(
    r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{2})-(?P<d>[0-9]{2})"
    r"T(?P<h>[0-9]{2}):(?P<mi>[0-9]{2}):(?P<s>[0-9]{2})(?:\.(?P<f>[0-9]{3}|[0-9]{6}))?Z"
)


class TimeParseError(ValueError):
    """Message is one line for the officer and always names an accepted form, e.g.
    "'1405' is not a time I can read: write 14:05, 24.11.2026 14:05, yesterday 22:10, 15 min ago or now".
    """  # noqa: E501


def _shown(text: str) -> str:
    """The input as quoted back: one line, printable, short - a message must fit a status bar."""
    flat = " ".join(text.split())
    flat = "".join(ch if ch.isprintable() else "?" for ch in flat)
    return flat if len(flat) <= 40 else flat[:39] + "…"


def _refuse(text: str, reason: str, hint: str = _HINT) -> TimeParseError:
    """Build the one-line refusal; every path goes through here so every message has a hint."""
    return TimeParseError(f"'{_shown(text)}' {reason}: {hint}")


def _require_aware(value: datetime, name: str) -> None:
    """Naive datetimes are a programming error, not officer input: a plain ValueError."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")


@dataclass(frozen=True)
class _Wall:
    """A local wall-clock reading in UTC: zero (skipped), one or two (repeated) instants."""

    valid: tuple[datetime, ...]
    """Instants whose local reading really is that wall time, fold=0 first."""
    raw: tuple[datetime, datetime]
    """What fold=0 and fold=1 map to even if the wall time was skipped; to place a gap in time."""


def _wall(day: date, clock: time, tz: tzinfo) -> _Wall:
    """Resolve a local date and time in `tz`, detecting DST gaps and overlaps by round-trip."""
    naive = datetime.combine(day, clock)
    raw: list[datetime] = []
    valid: list[datetime] = []
    for fold in (0, 1):
        instant = naive.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        raw.append(instant)
        if instant.astimezone(tz).replace(tzinfo=None) == naive and instant not in valid:
            valid.append(instant)
    return _Wall(valid=tuple(valid), raw=(raw[0], raw[1]))


def _clock(text: str, h: str, m: str, s: str | None) -> time:
    """Validate hour/minute/second ranges; `25:00` is a typo, not a time to round."""
    hour, minute, second = int(h), int(m), int(s or 0)
    if hour > 23:
        raise _refuse(text, f"has hour {hour}, hours go 0-23", _HINT_CLOCK)
    if minute > 59:
        raise _refuse(text, f"has minute {minute}, minutes go 0-59", _HINT_CLOCK)
    if second > 59:
        raise _refuse(text, f"has second {second}, seconds go 0-59", _HINT_DATE)
    return time(hour, minute, second)


def _date(text: str, y: str, mo: str, d: str) -> date:
    """Validate a calendar date; `31.02.2026` and month/day swaps are refused, not rolled over."""
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        raise _refuse(text, "is not a real date (day.month.year)", _HINT_DATE) from None


def _resolve(text: str, wall: _Wall, tz: tzinfo, zone: str | None) -> datetime:
    """Pick the instant for a wall time: refuse a skipped one, take fold=0 unless a zone says so."""
    if not wall.valid:
        raise _refuse(
            text,
            "never happened here: the clocks jumped forward over it",
            "write 15 min ago, or the time the clock showed after the jump",
        )
    if zone is None:
        return wall.valid[0]
    names = [instant.astimezone(tz).tzname() or "" for instant in wall.valid]
    for instant, name in zip(wall.valid, names, strict=True):
        if name.casefold() == zone:
            return instant
    here = " or ".join(dict.fromkeys(name for name in names if name)) or "unnamed"
    raise _refuse(text, f"names zone {zone.upper()}, but local time here is {here}", _HINT_DATE)


def _not_future(text: str, instant: datetime, now_utc: datetime, tz: tzinfo) -> datetime:
    """Refuse an absolute time beyond the slack: an incident report cannot be from the future."""
    if instant > now_utc + FUTURE_SLACK:
        raise _refuse(text, f"is in the future (it is now {echo(now_utc, tz)})", _HINT_PAST)
    return instant


def _relative(text: str, n: str, unit: str, now_utc: datetime) -> datetime:
    """Subtract an offset from now (to the minute); unknown units are refused, not assumed."""
    per_unit = _UNIT_MINUTES.get(unit)
    if per_unit is None:
        raise _refuse(text, f"has unit '{_shown(unit)}' (use min, h or d)", _HINT_REL)
    try:
        return now_utc.replace(second=0, microsecond=0) - timedelta(minutes=int(n) * per_unit)
    except (OverflowError, ValueError):
        raise _refuse(text, "is too far back", _HINT_REL) from None


def parse_time(text: str, now: datetime, tz: tzinfo) -> datetime:
    """Read an officer's time; `now` is aware, the result is aware UTC.

    Minute precision unless seconds are given: offsets are cut to the minute; `now` is to
    the second, so entries logged one after another stay in the order they were written.

    Wall-clock forms are read in `tz`; a repeated (DST fall-back) local time means its first
    occurrence (fold=0) unless a zone abbreviation picks the other, a skipped one is refused.
    """
    _require_aware(now, "now")
    now_utc = now.astimezone(UTC)
    norm = " ".join(text.split()).casefold()
    if not norm:
        raise TimeParseError(f"no time given: {_HINT}")
    try:
        return _parse(text, norm, now_utc, tz)
    except OverflowError:
        raise _refuse(text, "is out of the calendar's range", _HINT_DATE) from None


def _parse(text: str, norm: str, now_utc: datetime, tz: tzinfo) -> datetime:
    """Try each accepted form in turn, then explain the refusal of whatever is left."""
    if norm in _NOW_WORDS:
        # To the second: entries logged "now" one after another must keep their order.
        return now_utc.replace(microsecond=0)

    if match := _RE_AGO.fullmatch(norm):
        return _relative(text, match["n"], match["unit"], now_utc)

    if match := _RE_SIGNED.fullmatch(norm):
        if match["sign"] == "+":
            raise _refuse(text, "points into the future", _HINT_PAST)
        return _relative(text, match["n"], match["unit"], now_utc)

    if match := _RE_ISO.fullmatch(norm) or _RE_DOTTED.fullmatch(norm):
        day = _date(text, match["y"], match["mo"], match["d"])
        clock = _clock(text, match["h"], match["m"], match["s"])
        instant = _resolve(text, _wall(day, clock, tz), tz, match["zone"])
        return _not_future(text, instant, now_utc, tz)

    today = now_utc.astimezone(tz).date()

    if (match := _RE_KEYWORD.fullmatch(norm)) and match["kw"] in _TODAY_WORDS | _YESTERDAY_WORDS:
        clock = _clock(text, match["h"], match["m"], None)
        day = today if match["kw"] in _TODAY_WORDS else today - timedelta(days=1)
        instant = _resolve(text, _wall(day, clock, tz), tz, None)
        return _not_future(text, instant, now_utc, tz)

    if match := _RE_BARE.fullmatch(norm):
        clock = _clock(text, match["h"], match["m"], None)
        wall = _wall(today, clock, tz)
        limit = now_utc + FUTURE_SLACK
        if wall.valid and wall.valid[0] <= limit:
            return wall.valid[0]
        if not wall.valid and min(wall.raw) <= limit:
            _resolve(text, wall, tz, None)  # raises: today's reading was skipped by DST
        instant = _resolve(text, _wall(today - timedelta(days=1), clock, tz), tz, None)
        return _not_future(text, instant, now_utc, tz)

    raise _explain(text, norm)


def parse_due(text: str, now: datetime, tz: tzinfo) -> datetime:
    """Read a time that lies ahead, such as a team's next check-in.

    `+30m`, `in 30 min`, `через 30 мин` count forward from now; a bare `HH:MM` is the next such
    local time (today, or tomorrow once today's has passed); a full date is taken as written.
    Everything else reads as `parse_time` reads it.
    """
    _require_aware(now, "now")
    now_utc = now.astimezone(UTC)
    norm = " ".join(text.split()).casefold()
    if match := _RE_AHEAD.fullmatch(norm):
        per_unit = _UNIT_MINUTES.get(match["unit"])
        if per_unit is None:
            raise _refuse(text, f"has unit '{_shown(match['unit'])}'", "write +30m or in 2 h")
        return now_utc.replace(second=0, microsecond=0) + timedelta(
            minutes=int(match["n"]) * per_unit
        )
    if match := _RE_BARE.fullmatch(norm):
        clock = _clock(text, match["h"], match["m"], None)
        today = now_utc.astimezone(tz).date()
        instant = _resolve(text, _wall(today, clock, tz), tz, None)
        if instant < now_utc - FUTURE_SLACK:
            instant = _resolve(text, _wall(today + timedelta(days=1), clock, tz), tz, None)
        return instant
    if match := _RE_ISO.fullmatch(norm) or _RE_DOTTED.fullmatch(norm):
        day = _date(text, match["y"], match["mo"], match["d"])
        clock = _clock(text, match["h"], match["m"], match["s"])
        return _resolve(text, _wall(day, clock, tz), tz, match["zone"])
    return parse_time(text, now, tz)


def _explain(text: str, norm: str) -> TimeParseError:
    """Name the specific problem with a refused input, so the officer can fix it in one go."""
    if "/" in norm:
        return _refuse(
            text,
            "uses slashes, so day and month could be swapped",
            "write the day first, with dots, e.g. 24.11.2026 14:05",
        )
    if match := _RE_DATE_ONLY.fullmatch(norm):
        if match["y"]:
            _date(text, match["y"], match["mo"], match["d"])
        else:
            _date(text, match["y2"], match["mo2"], match["d2"])
        return _refuse(text, "has no time of day", _HINT_DATE)
    if _RE_SHORT_YEAR.match(norm):
        return _refuse(text, "has a 2-digit year", "write the full year, e.g. 24.11.2026 14:05")
    if _RE_DAY_MONTH.fullmatch(norm):
        return _refuse(text, "could be a date without a year or a time with a dot", _HINT_CLOCK)
    if _RE_NO_YEAR.fullmatch(norm):
        return _refuse(text, "has no year", "write the year, e.g. 24.11.2026 14:05")
    if norm in _TODAY_WORDS | _YESTERDAY_WORDS:
        return _refuse(text, "needs a time of day", "write yesterday 22:10 or today 09:30")
    if _RE_BARE_SECONDS.fullmatch(norm):
        return _refuse(text, "has seconds but no date", "write 14:05 or 24.11.2026 14:05:30")
    if _RE_NO_UNIT.fullmatch(norm):
        return _refuse(text, "has no unit (minutes, hours or days?)", _HINT_REL)
    if _RE_NO_DIRECTION.fullmatch(norm):
        return _refuse(text, "does not say ago", _HINT_REL)
    return _refuse(text, "is not a time I can read")


def to_iso(instant: datetime) -> str:
    """UTC ISO 8601 with 'Z', e.g. "2026-11-24T11:05:00Z": one canonical spelling for storage.

    Seconds always; ".123" when there are milliseconds, ".123456" only when there are
    sub-millisecond digits, so :func:`from_iso` gives back exactly the same instant.
    """
    _require_aware(instant, "instant")
    u = instant.astimezone(UTC)
    text = f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}"
    if u.microsecond % 1000:
        text += f".{u.microsecond:06d}"
    elif u.microsecond:
        text += f".{u.microsecond // 1000:03d}"
    return text + "Z"


def instant_key(text: str) -> str:
    """A stored UTC time as text that sorts as the instant does.

    `to_iso` writes a fraction only when there is one, so "10:00:00.500Z" would sort before
    "10:00:00Z" as plain text; this pads every time to microseconds.
    """
    seconds, _, fraction = text.rstrip("Z").partition(".")
    return f"{seconds}.{fraction:0<6}"


def from_iso(text: str) -> datetime:
    """Inverse of :func:`to_iso`, aware UTC; strict so a corrupted store is noticed, not guessed."""
    match = _RE_ISO_STORED.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise TimeParseError(
            f"'{_shown(str(text))}' is not a stored UTC time: expected 2026-11-24T11:05:00Z"
        )
    fraction = match["f"] or "0"
    micros = int(fraction) * (1000 if len(fraction) == 3 else 1)
    try:
        return datetime(
            int(match["y"]),
            int(match["mo"]),
            int(match["d"]),
            int(match["h"]),
            int(match["mi"]),
            int(match["s"]),
            micros,
            tzinfo=UTC,
        )
    except ValueError:
        raise TimeParseError(
            f"'{_shown(text)}' is not a real UTC time: expected 2026-11-24T11:05:00Z"
        ) from None


def _local(instant: datetime, tz: tzinfo) -> datetime:
    """The instant on the local wall clock; naive input is a programming error."""
    _require_aware(instant, "instant")
    return instant.astimezone(tz)


def format_local(instant: datetime, tz: tzinfo) -> str:
    """Display form "24.11.2026 14:05"; parse_time reads it back (seconds are not shown)."""
    t = _local(instant, tz)
    return f"{t.day:02d}.{t.month:02d}.{t.year:04d} {t.hour:02d}:{t.minute:02d}"


def format_local_short(instant: datetime, tz: tzinfo, now: datetime) -> str:
    """List form: "14:05" on now's local day, "25.11 22:10" otherwise, for narrow columns.

    A different year gets the full "25.11.2025 22:10": a bare day.month would be misread.
    """
    _require_aware(now, "now")
    t = _local(instant, tz)
    today = now.astimezone(tz).date()
    if t.date() == today:
        return f"{t.hour:02d}:{t.minute:02d}"
    if t.year == today.year:
        return f"{t.day:02d}.{t.month:02d} {t.hour:02d}:{t.minute:02d}"
    return format_local(instant, tz)


def echo(instant: datetime, tz: tzinfo) -> str:
    """What a form shows it understood: "25.11.2026 22:10 MSK"; parse_time reads this back too."""
    zone = _local(instant, tz).strftime("%Z")
    shown = format_local(instant, tz)
    return f"{shown} {zone}" if zone else shown
