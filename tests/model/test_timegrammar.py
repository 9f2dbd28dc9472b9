"""Tests for the officer's time grammar: exact instants for every accepted form, a refusal with a
usable hint for every ambiguous one, and round-trips so that what is shown can be typed back."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.model.timegrammar import (
    TimeParseError,
    echo,
    format_local,
    format_local_short,
    from_iso,
    parse_time,
    to_iso,
)

MSK = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 14, 20, tzinfo=MSK)  # = 2026-11-24T11:20:00Z
CONCRETE_EXAMPLES = ("14:05", "15 min ago", "yesterday 22:10", "24.11.2026 14:05")
"""At least one of these appears in every refusal's hint, and each of them parses."""

FAST = settings(max_examples=120, deadline=None)


def utc(*args: int) -> datetime:
    """Shorthand for an expected UTC instant."""
    return datetime(*args, tzinfo=UTC)


def assert_refused(text: str, now: datetime = NOW, tz: ZoneInfo = MSK) -> str:
    """The input is refused with a one-line message whose hint names a form that works."""
    with pytest.raises(TimeParseError) as caught:
        parse_time(text, now, tz)
    message = str(caught.value)
    assert "\n" not in message
    assert "write " in message
    hint = message.rsplit("write ", 1)[1]
    assert any(form in hint for form in CONCRETE_EXAMPLES), message
    return message


# --- accepted forms -------------------------------------------------------------------------

ACCEPTED = [
    # bare clock: today, local Moscow time (UTC+3)
    ("14:05", utc(2026, 11, 24, 11, 5)),
    ("  14:05  ", utc(2026, 11, 24, 11, 5)),
    ("00:00", utc(2026, 11, 23, 21, 0)),
    ("9:05", utc(2026, 11, 24, 6, 5)),
    ("09:05", utc(2026, 11, 24, 6, 5)),
    # bare clock later than now+5min: yesterday
    ("22:10", utc(2026, 11, 23, 19, 10)),
    ("23:59", utc(2026, 11, 23, 20, 59)),
    # explicit today / yesterday, English and Russian, optional at / в
    ("today 09:30", utc(2026, 11, 24, 6, 30)),
    ("Today 14:05", utc(2026, 11, 24, 11, 5)),
    ("сегодня 09:30", utc(2026, 11, 24, 6, 30)),
    ("today at 09:30", utc(2026, 11, 24, 6, 30)),
    ("yesterday 22:10", utc(2026, 11, 23, 19, 10)),
    ("YESTERDAY 22:10", utc(2026, 11, 23, 19, 10)),
    ("yesterday   22:10", utc(2026, 11, 23, 19, 10)),
    ("yesterday at 22:10", utc(2026, 11, 23, 19, 10)),
    ("вчера 22:10", utc(2026, 11, 23, 19, 10)),
    ("Вчера в 22:10", utc(2026, 11, 23, 19, 10)),
    ("yesterday 14:05", utc(2026, 11, 23, 11, 5)),
    # full dates, ISO and day.month.year, seconds allowed
    ("2026-11-24 14:05", utc(2026, 11, 24, 11, 5)),
    ("2026-11-24T14:05", utc(2026, 11, 24, 11, 5)),
    ("2026-11-24t14:05", utc(2026, 11, 24, 11, 5)),
    ("2026-11-24 14:05:30", utc(2026, 11, 24, 11, 5, 30)),
    ("2026-11-24T14:05:30", utc(2026, 11, 24, 11, 5, 30)),
    ("24.11.2026 14:05", utc(2026, 11, 24, 11, 5)),
    ("24.11.2026 14:05:07", utc(2026, 11, 24, 11, 5, 7)),
    ("1.2.2026 8:00", utc(2026, 2, 1, 5, 0)),
    ("01.02.2026 08:00", utc(2026, 2, 1, 5, 0)),
    ("29.02.2024 12:00", utc(2024, 2, 29, 9, 0)),
    ("31.12.1999 23:59", utc(1999, 12, 31, 20, 59)),
    ("24.11.2026 14:05 MSK", utc(2026, 11, 24, 11, 5)),
    ("24.11.2026 14:05 msk", utc(2026, 11, 24, 11, 5)),
    # now
    ("now", utc(2026, 11, 24, 11, 20)),
    ("NOW", utc(2026, 11, 24, 11, 20)),
    (" now ", utc(2026, 11, 24, 11, 20)),
    ("сейчас", utc(2026, 11, 24, 11, 20)),
    # -N<unit>
    ("-15m", utc(2026, 11, 24, 11, 5)),
    ("-15 min", utc(2026, 11, 24, 11, 5)),
    ("-15мин", utc(2026, 11, 24, 11, 5)),
    ("- 15 m", utc(2026, 11, 24, 11, 5)),
    ("−15m", utc(2026, 11, 24, 11, 5)),
    ("-2h", utc(2026, 11, 24, 9, 20)),
    ("-2ч", utc(2026, 11, 24, 9, 20)),
    ("-1d", utc(2026, 11, 23, 11, 20)),
    ("-1д", utc(2026, 11, 23, 11, 20)),
    ("-0m", utc(2026, 11, 24, 11, 20)),
    # N <unit> ago / назад
    ("2h ago", utc(2026, 11, 24, 9, 20)),
    ("2 h ago", utc(2026, 11, 24, 9, 20)),
    ("2 hr ago", utc(2026, 11, 24, 9, 20)),
    ("2 hrs ago", utc(2026, 11, 24, 9, 20)),
    ("1 hour ago", utc(2026, 11, 24, 10, 20)),
    ("3 hours ago", utc(2026, 11, 24, 8, 20)),
    ("15 min ago", utc(2026, 11, 24, 11, 5)),
    ("15 MIN AGO", utc(2026, 11, 24, 11, 5)),
    ("15m ago", utc(2026, 11, 24, 11, 5)),
    ("15 mins ago", utc(2026, 11, 24, 11, 5)),
    ("1 minute ago", utc(2026, 11, 24, 11, 19)),
    ("15 minutes ago", utc(2026, 11, 24, 11, 5)),
    ("1 day ago", utc(2026, 11, 23, 11, 20)),
    ("2 days ago", utc(2026, 11, 22, 11, 20)),
    ("2d ago", utc(2026, 11, 22, 11, 20)),
    ("15 мин назад", utc(2026, 11, 24, 11, 5)),
    ("15мин назад", utc(2026, 11, 24, 11, 5)),
    ("15 мин. назад", utc(2026, 11, 24, 11, 5)),
    ("2 ч назад", utc(2026, 11, 24, 9, 20)),
    ("1 час назад", utc(2026, 11, 24, 10, 20)),
    ("3 часа назад", utc(2026, 11, 24, 8, 20)),
    ("5 часов назад", utc(2026, 11, 24, 6, 20)),
    ("1 д назад", utc(2026, 11, 23, 11, 20)),
    ("2 дн назад", utc(2026, 11, 22, 11, 20)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepted_form_gives_exact_utc_instant(text: str, expected: datetime) -> None:
    result = parse_time(text, NOW, MSK)
    assert result == expected
    assert result.utcoffset() == timedelta(0)
    assert to_iso(result) == to_iso(expected)


@pytest.mark.parametrize("form", [*CONCRETE_EXAMPLES, "now", "2h ago", "-1d", "today 09:30"])
def test_every_example_named_in_hints_parses(form: str) -> None:
    parse_time(form, NOW, MSK)


def test_now_is_to_the_second_and_offsets_are_cut_to_the_minute() -> None:
    now = datetime(2026, 11, 24, 14, 20, 42, 123456, tzinfo=MSK)
    assert parse_time("now", now, MSK) == utc(2026, 11, 24, 11, 20, 42)
    assert parse_time("15 min ago", now, MSK) == utc(2026, 11, 24, 11, 5)


def test_now_in_any_zone_means_the_same_instant() -> None:
    for now in (NOW, NOW.astimezone(UTC), NOW.astimezone(BERLIN)):
        assert parse_time("14:05", now, MSK) == utc(2026, 11, 24, 11, 5)
        assert parse_time("yesterday 22:10", now, MSK) == utc(2026, 11, 23, 19, 10)


def test_today_follows_the_local_date_not_the_utc_date() -> None:
    now = datetime(2026, 11, 25, 0, 30, tzinfo=MSK)  # still 24.11 in UTC
    assert parse_time("00:10", now, MSK) == utc(2026, 11, 24, 21, 10)
    assert parse_time("yesterday 23:50", now, MSK) == utc(2026, 11, 24, 20, 50)
    assert parse_time("23:50", now, MSK) == utc(2026, 11, 24, 20, 50)


def test_other_tzinfo_implementations_work() -> None:
    assert parse_time("14:05", NOW, dateutil_tz.gettz("Europe/Moscow")) == utc(2026, 11, 24, 11, 5)
    fixed = timezone(timedelta(hours=3))
    assert parse_time("24.11.2026 14:05", NOW, fixed) == utc(2026, 11, 24, 11, 5)


# --- the future rule ------------------------------------------------------------------------


def test_bare_clock_up_to_five_minutes_ahead_is_today() -> None:
    assert parse_time("14:25", NOW, MSK) == utc(2026, 11, 24, 11, 25)


def test_bare_clock_six_minutes_ahead_is_yesterday() -> None:
    assert parse_time("14:26", NOW, MSK) == utc(2026, 11, 23, 11, 26)


def test_boundary_with_seconds_in_now() -> None:
    now = datetime(2026, 11, 24, 14, 20, 30, tzinfo=MSK)
    assert parse_time("14:25", now, MSK) == utc(2026, 11, 24, 11, 25)
    assert parse_time("14:26", now, MSK) == utc(2026, 11, 23, 11, 26)


@pytest.mark.parametrize(
    "text", ["24.11.2026 14:26", "2026-11-24 14:26", "today 14:26", "25.11.2026 10:00", "+15m"]
)
def test_absolute_times_ahead_of_the_slack_are_refused(text: str) -> None:
    assert "future" in assert_refused(text)


@pytest.mark.parametrize("text", ["24.11.2026 14:25", "today 14:25", "2026-11-24 14:25:00"])
def test_absolute_times_within_the_slack_are_accepted(text: str) -> None:
    assert parse_time(text, NOW, MSK) == utc(2026, 11, 24, 11, 25)


# --- refused shapes -------------------------------------------------------------------------

REFUSED = [
    "1405",
    "5",
    "0",
    "11/24 14:05",
    "11/24/2026 14:05",
    "24/11/2026 14:05",
    "25:00",
    "24:00",
    "14:60",
    "14:5",
    "123:45",
    "31.02.2026",
    "31.02.2026 14:05",
    "30.02.2026 14:05",
    "29.02.2026 14:05",
    "31.04.2026 14:05",
    "00.11.2026 14:05",
    "24.13.2026 14:05",
    "11.24.2026 14:05",
    "2026-13-01 10:00",
    "2026-02-30 10:00",
    "2026-11-24 25:00",
    "24.11.2026 14:05:61",
    "24.11.2026",
    "2026-11-24",
    "24.11.26 14:05",
    "26-11-24 14:05",
    "24.11 14:05",
    "24.11",
    "14.05",
    "14:05:30",
    "yesterday 22:10:30",
    "yesterday",
    "вчера",
    "today",
    "tomorrow 10:00",
    "+15m",
    "+2h",
    "+1 day",
    "15m",
    "15 min",
    "-15",
    "15 ago",
    "15 sec ago",
    "-15s",
    "-15m ago",
    "1h30m ago",
    "2 weeks ago",
    "",
    "   ",
    "hello",
    "24.11.2026 14:05 CET",
    "yesterday 24:00",
    "today 9:60",
    "99999999999999d ago",
    "0001-01-01 00:00",
    "noon",
    "14h05",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refused_shape_names_an_accepted_form(text: str) -> None:
    assert_refused(text)


def test_refusal_message_matches_the_brief() -> None:
    assert str(_error("1405")) == (
        "'1405' is not a time I can read: "
        "write 14:05, 24.11.2026 14:05, yesterday 22:10, 15 min ago or now"
    )


def test_refusal_quotes_input_on_one_short_line() -> None:
    message = assert_refused("garbage\nwith\ttabs and a very long tail " + "x" * 200)
    assert "'garbage with tabs" in message
    assert len(message) < 200


def test_refusals_say_why() -> None:
    assert "slashes" in str(_error("11/24 14:05"))
    assert "hour 25" in str(_error("25:00"))
    assert "minute 60" in str(_error("14:60"))
    assert "not a real date" in str(_error("31.02.2026 14:05"))
    assert "no time of day" in str(_error("24.11.2026"))
    assert "2-digit year" in str(_error("24.11.26 14:05"))
    assert "CET" in str(_error("24.11.2026 14:05 CET"))


def _error(text: str) -> TimeParseError:
    """The refusal for `text` at the standard `NOW` in Moscow."""
    with pytest.raises(TimeParseError) as caught:
        parse_time(text, NOW, MSK)
    return caught.value


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_time("14:05", datetime(2026, 11, 24, 14, 20), MSK)


# --- DST: Europe/Berlin springs forward 29.03.2026 02:00->03:00, falls back 25.10.2026 03:00->02:00


def test_skipped_local_time_is_refused() -> None:
    now = datetime(2026, 4, 1, 12, 0, tzinfo=BERLIN)
    assert "jumped forward" in assert_refused("29.03.2026 02:30", now, BERLIN)
    assert "jumped forward" in assert_refused("29.03.2026 02:00", now, BERLIN)
    assert parse_time("29.03.2026 03:00", now, BERLIN) == utc(2026, 3, 29, 1, 0)
    assert parse_time("29.03.2026 01:59", now, BERLIN) == utc(2026, 3, 29, 0, 59)


def test_skipped_bare_clock_on_the_day_is_refused_not_moved() -> None:
    now = datetime(2026, 3, 29, 12, 0, tzinfo=BERLIN)
    assert "jumped forward" in assert_refused("02:30", now, BERLIN)


def test_skipped_bare_clock_still_ahead_means_yesterday() -> None:
    now = datetime(2026, 3, 29, 1, 0, tzinfo=BERLIN)  # before the jump: 02:30 is ahead anyway
    assert parse_time("02:30", now, BERLIN) == utc(2026, 3, 28, 1, 30)


def test_repeated_local_time_takes_the_first_occurrence() -> None:
    now = datetime(2026, 11, 1, 12, 0, tzinfo=BERLIN)
    assert parse_time("25.10.2026 02:30", now, BERLIN) == utc(2026, 10, 25, 0, 30)
    assert parse_time("2026-10-25T02:30", now, BERLIN) == utc(2026, 10, 25, 0, 30)


def test_zone_abbreviation_picks_the_occurrence() -> None:
    now = datetime(2026, 11, 1, 12, 0, tzinfo=BERLIN)
    assert parse_time("25.10.2026 02:30 CEST", now, BERLIN) == utc(2026, 10, 25, 0, 30)
    assert parse_time("25.10.2026 02:30 CET", now, BERLIN) == utc(2026, 10, 25, 1, 30)
    assert "MSK" in assert_refused("25.10.2026 02:30 MSK", now, BERLIN)


def test_repeated_bare_clock_on_the_day() -> None:
    after_second = datetime(2026, 10, 25, 2, 40, fold=1, tzinfo=BERLIN)  # 01:40Z
    assert parse_time("02:30", after_second, BERLIN) == utc(2026, 10, 25, 0, 30)
    during_first = datetime(2026, 10, 25, 2, 10, fold=0, tzinfo=BERLIN)  # 00:10Z
    assert parse_time("02:30", during_first, BERLIN) == utc(2026, 10, 24, 0, 30)


# --- display forms --------------------------------------------------------------------------


def test_format_local() -> None:
    assert format_local(utc(2026, 11, 24, 11, 5), MSK) == "24.11.2026 14:05"
    assert format_local(utc(2026, 2, 1, 5, 0, 59), MSK) == "01.02.2026 08:00"


def test_format_local_short() -> None:
    assert format_local_short(utc(2026, 11, 24, 11, 5), MSK, NOW) == "14:05"
    assert format_local_short(utc(2026, 11, 23, 21, 30), MSK, NOW) == "00:30"
    assert format_local_short(utc(2026, 11, 23, 19, 10), MSK, NOW) == "23.11 22:10"
    assert format_local_short(utc(2026, 11, 25, 19, 10), MSK, NOW) == "25.11 22:10"
    assert format_local_short(utc(2025, 11, 25, 19, 10), MSK, NOW) == "25.11.2025 22:10"


def test_echo_names_the_zone() -> None:
    assert echo(utc(2026, 11, 25, 19, 10), MSK) == "25.11.2026 22:10 MSK"
    assert echo(utc(2026, 7, 1, 10, 0), BERLIN) == "01.07.2026 12:00 CEST"
    assert echo(utc(2026, 1, 1, 10, 0), BERLIN) == "01.01.2026 11:00 CET"


def test_display_of_naive_datetime_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_local(datetime(2026, 11, 24, 14, 5), MSK)
    with pytest.raises(ValueError, match="aware"):
        to_iso(datetime(2026, 11, 24, 14, 5))


# --- storage form ---------------------------------------------------------------------------


def test_to_iso_shapes() -> None:
    assert to_iso(utc(2026, 11, 24, 11, 5)) == "2026-11-24T11:05:00Z"
    assert to_iso(datetime(2026, 11, 24, 14, 5, tzinfo=MSK)) == "2026-11-24T11:05:00Z"
    assert to_iso(utc(2026, 11, 24, 11, 5, 7, 123000)) == "2026-11-24T11:05:07.123Z"
    assert to_iso(utc(2026, 11, 24, 11, 5, 7, 1000)) == "2026-11-24T11:05:07.001Z"
    assert to_iso(utc(2026, 11, 24, 11, 5, 7, 123456)) == "2026-11-24T11:05:07.123456Z"
    assert to_iso(utc(999, 1, 2, 3, 4)) == "0999-01-02T03:04:00Z"


def test_from_iso_reads_to_iso() -> None:
    assert from_iso("2026-11-24T11:05:00Z") == utc(2026, 11, 24, 11, 5)
    assert from_iso("2026-11-24T11:05:07.123Z") == utc(2026, 11, 24, 11, 5, 7, 123000)
    assert from_iso("2026-11-24T11:05:07.123456Z") == utc(2026, 11, 24, 11, 5, 7, 123456)
    assert from_iso("2026-11-24T11:05:00Z").tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "2026-11-24",
        "2026-11-24T11:05Z",
        "2026-11-24T11:05:00",
        "2026-11-24T11:05:00+00:00",
        "2026-11-24 11:05:00Z",
        "2026-02-30T11:05:00Z",
        "2026-11-24T24:05:00Z",
        "2026-11-24T11:05:00.1Z",
        "2026-11-24T11:05:00.1234Z",
        " 2026-11-24T11:05:00Z",
        "２０２６-11-24T11:05:00Z",
    ],
)
def test_from_iso_refuses_garbage(text: str) -> None:
    with pytest.raises(TimeParseError, match="2026-11-24T11:05:00Z"):
        from_iso(text)


# --- properties -----------------------------------------------------------------------------

_LOW = datetime(1931, 1, 1, tzinfo=UTC)  # Moscow's offsets are whole minutes from here on
_HIGH = datetime(2099, 12, 31, tzinfo=UTC)
_MINUTES = st.integers(0, int((_HIGH - _LOW).total_seconds()) // 60)


def _instant(minutes: int) -> datetime:
    """A minute-aligned UTC instant in the supported range."""
    return _LOW + timedelta(minutes=minutes)


def _first_occurrence(instant: datetime, tz: ZoneInfo) -> datetime:
    """The instant a wall-clock reading resolves to: its fold=0 occurrence."""
    return instant.astimezone(tz).replace(fold=0).astimezone(UTC)


@FAST
@given(tz=st.sampled_from([MSK, BERLIN]), a=_MINUTES, b=_MINUTES)
@example(tz=BERLIN, a=0, b=0)
def test_format_local_reads_back(tz: ZoneInfo, a: int, b: int) -> None:
    instant, now = _instant(min(a, b)), _instant(max(a, b))
    parsed = parse_time(format_local(instant, tz), now, tz)
    if instant.astimezone(tz).fold == 0:
        assert parsed == instant
    else:  # second occurrence of a repeated wall time: deterministically the first
        assert parsed == _first_occurrence(instant, tz)


@pytest.mark.parametrize(
    ("instant", "tz"),
    [
        (utc(2026, 10, 25, 0, 30), BERLIN),  # 02:30 CEST, first occurrence
        (utc(2026, 10, 25, 1, 30), BERLIN),  # 02:30 CET, second occurrence
        (utc(2014, 10, 25, 22, 30), MSK),  # 01:30 MSK+4 before Moscow's 2014 switch
        (utc(2014, 10, 25, 23, 30), MSK),  # 01:30 MSK+3 after it, same abbreviation
    ],
)
def test_format_and_echo_read_back_around_repeated_hours(instant: datetime, tz: ZoneInfo) -> None:
    now = utc(2027, 1, 1)
    first = _first_occurrence(instant, tz)
    assert parse_time(format_local(instant, tz), now, tz) == first
    local = instant.astimezone(tz)
    other = local.replace(fold=1 - local.fold)
    names_differ = local.tzname() != other.tzname()
    assert parse_time(echo(instant, tz), now, tz) == (instant if names_differ else first)


@FAST
@given(tz=st.sampled_from([MSK, BERLIN]), a=_MINUTES, b=_MINUTES)
def test_echo_reads_back(tz: ZoneInfo, a: int, b: int) -> None:
    instant, now = _instant(min(a, b)), _instant(max(a, b))
    parsed = parse_time(echo(instant, tz), now, tz)
    local = instant.astimezone(tz)
    if local.fold == 0 or local.tzname() != local.replace(fold=0).tzname():
        assert parsed == instant
    else:
        assert parsed == _first_occurrence(instant, tz)


@FAST
@given(
    moment=st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from([UTC, MSK, BERLIN, timezone(timedelta(hours=-5))]),
        allow_imaginary=False,
    ),
    millis_only=st.booleans(),
)
def test_iso_round_trip(moment: datetime, millis_only: bool) -> None:
    if millis_only:
        moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    text = to_iso(moment)
    back = from_iso(text)
    # Compare in UTC: PEP 495 makes inter-zone == False for any time in a repeated hour.
    assert back == moment.astimezone(UTC)
    assert back.tzinfo is UTC
    assert to_iso(back) == text
    if millis_only:
        assert len(text) in (20, 24)


@FAST
@given(st.from_regex(r"[0-9]{1,8}", fullmatch=True))
def test_bare_digits_never_parse(text: str) -> None:
    assert_refused(text)


_SHAPES = ["{t}", "today {t}", "yesterday {t}", "24.11.2026 {t}", "2026-11-24 {t}"]


@FAST
@given(shape=st.sampled_from(_SHAPES), hour=st.integers(24, 99), minute=st.integers(0, 99))
def test_out_of_range_hours_never_parse(shape: str, hour: int, minute: int) -> None:
    assert_refused(shape.format(t=f"{hour}:{minute:02d}"))


@FAST
@given(shape=st.sampled_from(_SHAPES), hour=st.integers(0, 23), minute=st.integers(60, 99))
def test_out_of_range_minutes_never_parse(shape: str, hour: int, minute: int) -> None:
    assert_refused(shape.format(t=f"{hour:02d}:{minute}"))


@st.composite
def _impossible_dates(draw: st.DrawFn) -> tuple[int, int, int]:
    """Year, month, day where the day does not exist in that month (31.02, 30.02, 29.02.2026...)."""
    year = draw(st.integers(1931, 2025))
    month = draw(st.integers(1, 12))
    days = calendar.monthrange(year, month)[1]
    if days == 31:
        month, days = draw(st.sampled_from([(2, calendar.monthrange(year, 2)[1]), (4, 30)]))
    return year, month, draw(st.integers(days + 1, 31))


@FAST
@given(ymd=_impossible_dates(), with_time=st.booleans())
@example(ymd=(2026, 2, 31), with_time=True)
@example(ymd=(2026, 2, 30), with_time=False)
def test_impossible_dates_never_parse(ymd: tuple[int, int, int], with_time: bool) -> None:
    year, month, day = ymd
    suffix = " 10:00" if with_time else ""
    assert "not a real date" in assert_refused(f"{day:02d}.{month:02d}.{year}{suffix}")
    assert "not a real date" in assert_refused(f"{year}-{month:02d}-{day:02d}{suffix}")


@FAST
@given(
    year=st.integers(1931, 2025),
    month=st.integers(1, 12),
    day=st.integers(13, 28),
    with_year=st.booleans(),
)
def test_us_month_day_order_never_parses(year: int, month: int, day: int, with_year: bool) -> None:
    assert_refused(f"{month}/{day}/{year} 14:05" if with_year else f"{month}/{day} 14:05")
    assert "not a real date" in assert_refused(f"{month:02d}.{day:02d}.{year} 14:05")


@FAST
@given(day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(0, 99))
def test_two_digit_years_never_parse(day: int, month: int, year: int) -> None:
    assert_refused(f"{day:02d}.{month:02d}.{year:02d} 14:05")


@FAST
@given(n=st.integers(0, 10_000), unit=st.sampled_from(["m", "min", "h", "ч", "d", "дн", "hours"]))
def test_future_offsets_never_parse_and_past_ones_do(n: int, unit: str) -> None:
    assert "future" in assert_refused(f"+{n}{unit}")
    assert parse_time(f"-{n}{unit}", NOW, MSK) == parse_time(f"{n} {unit} ago", NOW, MSK)
    assert parse_time(f"-{n}{unit}", NOW, MSK) <= NOW


_TYPED = st.text(alphabet="0123456789:.-+/ tTmhdагоминчсдвера\n", max_size=20) | st.text(
    max_size=12
)


@FAST
@given(text=_TYPED)
def test_any_input_parses_to_utc_or_is_refused_with_a_hint(text: str) -> None:
    try:
        result = parse_time(text, NOW, MSK)
    except TimeParseError as error:
        assert "\n" not in str(error)
        assert any(form in str(error) for form in CONCRETE_EXAMPLES)
    else:
        assert result.tzinfo is UTC
        assert result <= NOW + timedelta(minutes=5)
