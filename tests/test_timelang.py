import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gigtool
from gigtool.errors import InputError
from gigtool.tracking.timelang import (
    format_duration,
    format_instant,
    looks_like_range,
    parse_day,
    parse_duration,
    parse_instant,
    parse_range,
    parse_time_of_day,
)

NY = ZoneInfo("America/New_York")
_MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec".split()
NOW = datetime(2026, 11, 25, 14, 30, tzinfo=NY)  # a Wednesday
TODAY = NOW.date()


def ny(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=NY)


def same_instant(got: datetime, want: datetime) -> None:
    """Equal as instants and as wall times (same-zone `==` alone ignores DST offsets)."""
    assert got.astimezone(UTC) == want.astimezone(UTC)
    assert got.replace(tzinfo=None) == want.replace(tzinfo=None)
    assert got.tzinfo is want.tzinfo
    assert got.microsecond == 0


# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1h 30m", timedelta(hours=1, minutes=30)),
        ("1 hour 30 minutes", timedelta(hours=1, minutes=30)),
        ("1h, 30m", timedelta(hours=1, minutes=30)),
        ("90m", timedelta(minutes=90)),
        ("90min", timedelta(minutes=90)),
        ("90 minutes", timedelta(minutes=90)),
        ("1.5h", timedelta(minutes=90)),
        ("1.5 hours", timedelta(minutes=90)),
        ("2h", timedelta(hours=2)),
        ("2 hrs", timedelta(hours=2)),
        ("45s", timedelta(seconds=45)),
        ("0.5m", timedelta(seconds=30)),
        ("1:30", timedelta(hours=1, minutes=30)),
        ("1:30:15", timedelta(hours=1, minutes=30, seconds=15)),
        ("1d", timedelta(hours=24)),
        ("1h70m", timedelta(hours=2, minutes=10)),
        ("1h 05m", timedelta(hours=1, minutes=5)),
        ("  2H  ", timedelta(hours=2)),
        ("0m", timedelta(0)),
        ("1000h", timedelta(hours=1000)),
    ],
)
def test_parse_duration(text: str, want: timedelta) -> None:
    assert parse_duration(text) == want


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a duration"),
        ("abc", "'abc' is not a duration (try 1h30m"),
        ("5x", "is not a duration"),
        ("-30m", "cannot be negative"),
        ("1:70", "minutes and seconds go from 0 to 59"),
        ("1001h", "up to 1000 hours"),
        ("42d", "up to 1000 hours"),
        ("90", "add a unit (try 90m or 90h)"),
        ("1h 30", "is not a duration"),
    ],
)
def test_parse_duration_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_duration(text)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("value", "want"),
    [
        (0, "0m"),
        (45, "45s"),
        (59, "59s"),
        (60, "1m"),
        (300, "5m"),
        (3900, "1h 05m"),
        (36000, "10h 00m"),
        (125 * 3600 + 30 * 60, "125h 30m"),
        (-300, "-5m"),
        (timedelta(minutes=65), "1h 05m"),
        (timedelta(seconds=-45), "-45s"),
    ],
)
def test_format_duration(value: timedelta | int, want: str) -> None:
    assert format_duration(value) == want


@given(st.integers(min_value=0, max_value=60000))
def test_format_then_parse_duration_round_trips_whole_minutes(minutes: int) -> None:
    delta = timedelta(minutes=minutes)
    assert parse_duration(format_duration(delta)) == delta


@given(st.integers(min_value=1, max_value=59))
def test_format_then_parse_duration_round_trips_seconds(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == timedelta(seconds=seconds)


# --- days --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "prefer", "want"),
    [
        ("today", "past", date(2026, 11, 25)),
        ("  Yesterday ", "past", date(2026, 11, 24)),
        ("tomorrow", "past", date(2026, 11, 26)),
        ("wed", "past", date(2026, 11, 25)),
        ("wed", "future", date(2026, 11, 25)),
        ("mon", "past", date(2026, 11, 23)),
        ("Monday", "past", date(2026, 11, 23)),
        ("mon", "future", date(2026, 11, 30)),
        ("tue", "past", date(2026, 11, 24)),
        ("tues", "past", date(2026, 11, 24)),
        ("thu", "past", date(2026, 11, 19)),
        ("thurs", "past", date(2026, 11, 19)),
        ("thu", "future", date(2026, 11, 26)),
        ("sunday", "past", date(2026, 11, 22)),
        ("2026-11-03", "past", date(2026, 11, 3)),
        ("2026-11-03", "future", date(2026, 11, 3)),
        ("nov 3", "past", date(2026, 11, 3)),
        ("nov 30", "past", date(2026, 11, 30)),
        ("nov 30", "future", date(2026, 11, 30)),
        ("30 nov", "past", date(2026, 11, 30)),
        ("Nov 25", "past", date(2026, 11, 25)),
        ("Nov 25", "future", date(2026, 11, 25)),
        ("dec 1", "past", date(2026, 12, 1)),
        ("dec 1", "future", date(2026, 12, 1)),
        ("sept 5", "past", date(2026, 9, 5)),
        ("oct 1", "past", date(2026, 10, 1)),
        ("oct 1", "future", date(2026, 10, 1)),
        ("feb 1", "past", date(2027, 2, 1)),
        ("may 1", "future", date(2027, 5, 1)),
        ("jun 1", "future", date(2027, 6, 1)),
        ("November 30 2026", "past", date(2026, 11, 30)),
        ("nov 30, 2026", "past", date(2026, 11, 30)),
        ("30 November 2027", "past", date(2027, 11, 30)),
        ("+3d", "past", date(2026, 11, 28)),
        ("-2d", "past", date(2026, 11, 23)),
        ("+1w", "past", date(2026, 12, 2)),
        ("+2w", "past", date(2026, 12, 9)),
        ("in 3 days", "past", date(2026, 11, 28)),
        ("3 days ago", "past", date(2026, 11, 22)),
    ],
)
def test_parse_day(text: str, prefer: str, want: date) -> None:
    assert parse_day(text, TODAY, prefer=prefer) == want


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Feb 30", "'Feb 30' is not a date: February has no day 30"),
        ("nov 31", "November has no day 31"),
        ("feb 29 2026", "February 2026 has no day 29"),
        ("2026-13-01", "months go from 1 to 12"),
        ("2026-02-29", "February 2026 has no day 29"),
        ("blah", "'blah' is not a day (try today"),
        ("", "is not a day"),
        ("3d", "is not a day"),
        ("nov", "is not a day"),
        ("mo", "is not a day"),
    ],
)
def test_parse_day_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_day(text, TODAY)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "today", "prefer", "message"),
    [
        (
            "dec 20",
            date(2026, 7, 1),
            "past",
            "'dec 20' is 20 Dec 2025, 193 days ago, or 20 Dec 2026, in 172 days; write the year",
        ),
        (
            "may 1",
            TODAY,
            "past",
            "'may 1' is 1 May 2026, 208 days ago, or 1 May 2027, in 157 days; write the year",
        ),
        (
            "feb 29",
            TODAY,
            "past",
            "'feb 29' is 29 Feb 2024, 1000 days ago, or 29 Feb 2028, in 461 days; write the year",
        ),
        ("feb 29", TODAY, "future", "or 29 Feb 2028, in 461 days; write the year"),
        ("Jan 2", date(2026, 6, 30), "past", "'Jan 2' is 2 Jan 2026, 179 days ago, or 2 Jan"),
    ],
)
def test_a_day_of_the_year_far_from_today_asks_for_its_year(
    text: str, today: date, prefer: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_day(text, today, prefer=prefer)
    assert message in str(caught.value)


@given(st.dates(date(1971, 1, 1), date(2998, 1, 1)), st.integers(1, 12), st.integers(1, 28))
def test_a_yearless_day_is_read_within_90_days_or_refused(
    today: date, month: int, day: int
) -> None:
    text = f"{_MONTH_NAMES[month - 1]} {day}"
    try:
        found = parse_day(text, today)
    except InputError as refused:
        assert "write the year" in str(refused)
    else:
        assert (found.month, found.day) == (month, day)
        assert abs((found - today).days) <= 90


def test_yearless_days_inside_times_follow_the_same_rule() -> None:
    now = datetime(2026, 12, 1, 10, tzinfo=NY)
    same_instant(parse_instant("dec 20 9am", now), ny(2026, 12, 20, 9))
    assert parse_day("dec 20", now.date()) == date(2026, 12, 20)
    same_instant(parse_instant("nov 20 9am", now), ny(2026, 11, 20, 9))
    with pytest.raises(InputError, match="write the year"):
        parse_instant("jun 20 9am", now)


# --- times of day ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("9", time(9)),
        ("0", time(0)),
        ("9am", time(9)),
        ("9 am", time(9)),
        ("9 a.m.", time(9)),
        ("9AM", time(9)),
        ("9:15", time(9, 15)),
        ("09:15", time(9, 15)),
        ("9:15pm", time(21, 15)),
        ("21:15", time(21, 15)),
        ("12am", time(0)),
        ("12:30am", time(0, 30)),
        ("12pm", time(12)),
        ("noon", time(12)),
        ("midnight", time(0)),
    ],
)
def test_parse_time_of_day(text: str, want: time) -> None:
    assert parse_time_of_day(text) == want


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", "'25:00' is not a time of day: hours go from 0 to 23 (try 13:00 or 1pm)"),
        ("24", "hours go from 0 to 23"),
        ("9:75", "minutes go from 0 to 59"),
        ("13pm", "with am/pm the hour goes from 1 to 12 (try 13:00 or 1pm)"),
        ("0am", "with am/pm the hour goes from 1 to 12 (try 00:00 or 12am)"),
        ("25pm", "hours go from 0 to 23"),
        ("0915", "is not a time of day"),
        ("abc", "is not a time of day"),
        ("", "is not a time of day"),
    ],
)
def test_parse_time_of_day_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_time_of_day(text)
    assert message in str(caught.value)


# --- instants ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("now", ny(2026, 11, 25, 14, 30)),
        ("9:15", ny(2026, 11, 25, 9, 15)),
        ("3pm", ny(2026, 11, 25, 15, 0)),
        ("yesterday 3pm", ny(2026, 11, 24, 15, 0)),
        ("yesterday at 3 pm", ny(2026, 11, 24, 15, 0)),
        ("3pm yesterday", ny(2026, 11, 24, 15, 0)),
        ("mon 9am", ny(2026, 11, 23, 9, 0)),
        ("2026-11-03 14:00", ny(2026, 11, 3, 14, 0)),
        ("2026-11-03T14:00", ny(2026, 11, 3, 14, 0)),
        ("2026-11-03T14:00:30", ny(2026, 11, 3, 14, 0, 30)),
        ("nov 3 14:00", ny(2026, 11, 3, 14, 0)),
        ("nov 3 2pm", ny(2026, 11, 3, 14, 0)),
        ("nov 30 2025 9:00", ny(2025, 11, 30, 9, 0)),
        ("yesterday", ny(2026, 11, 24, 0, 0)),
        ("2026-11-03", ny(2026, 11, 3, 0, 0)),
        ("nov 30", ny(2026, 11, 30, 0, 0)),
        ("-2d 9am", ny(2026, 11, 23, 9, 0)),
        ("-30m", ny(2026, 11, 25, 14, 0)),
        ("-2d", ny(2026, 11, 23, 14, 30)),
        ("in 2 weeks", ny(2026, 12, 9, 14, 30)),
        ("-1h30m", ny(2026, 11, 25, 13, 0)),
        ("30m ago", ny(2026, 11, 25, 14, 0)),
        ("2h ago", ny(2026, 11, 25, 12, 30)),
        ("1.5 hours ago", ny(2026, 11, 25, 13, 0)),
        ("+15m", ny(2026, 11, 25, 14, 45)),
        ("in 15m", ny(2026, 11, 25, 14, 45)),
        ("2026-11-03T14:00:00+01:00", ny(2026, 11, 3, 8, 0)),
        ("2026-11-03T14:00:00Z", ny(2026, 11, 3, 9, 0)),
    ],
)
def test_parse_instant(text: str, want: datetime) -> None:
    same_instant(parse_instant(text, NOW), want)


def test_parse_instant_options() -> None:
    same_instant(parse_instant("9:15", NOW, base_day=date(2026, 11, 20)), ny(2026, 11, 20, 9, 15))
    same_instant(parse_instant("mon 9am", NOW, prefer="future"), ny(2026, 11, 30, 9, 0))
    same_instant(parse_instant("now", NOW.replace(microsecond=123456)), NOW)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", "hours go from 0 to 23"),
        ("yesterday 25:00", "hours go from 0 to 23"),
        ("feb 30 9am", "February has no day 30"),
        ("-1:70", "minutes and seconds go from 0 to 59"),
        ("in 3", "add a unit"),
        ("-5000h", "up to 1000 hours"),
        ("blah", "'blah' is not a time I can read (try 9:15"),
        ("", "is not a time I can read"),
        ("2026-11-03T25:00:00Z", "is not a valid timestamp"),
    ],
)
def test_parse_instant_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_instant(text, NOW)
    assert message in str(caught.value)


def test_relative_instant_counts_real_time_across_spring_forward() -> None:
    now = ny(2026, 3, 8, 3, 30)  # EDT; 02:00-03:00 was skipped an hour ago
    got = parse_instant("2h ago", now)
    assert now.astimezone(UTC) - got.astimezone(UTC) == timedelta(hours=2)
    same_instant(got, ny(2026, 3, 8, 0, 30))


def test_relative_day_is_real_time_but_named_day_is_wall_time() -> None:
    now = ny(2026, 3, 7, 12, 0)
    assert parse_instant("in 1d", now).astimezone(UTC) - now.astimezone(UTC) == timedelta(days=1)
    same_instant(parse_instant("in 1d", now), ny(2026, 3, 8, 13, 0))
    same_instant(parse_instant("tomorrow 12:00", now), ny(2026, 3, 8, 12, 0))


def test_wall_time_in_spring_forward_gap_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_instant("2026-03-08 02:30", NOW)
    message = str(caught.value)
    assert "2026-03-08 02:30 does not exist in America/New_York" in message
    assert "jumped forward" in message
    assert "03:30" in message


def test_ambiguous_wall_time_takes_first_occurrence() -> None:
    got = parse_instant("2026-11-01 01:30", NOW)
    assert got.fold == 0
    assert got.utcoffset() == timedelta(hours=-4)


def test_common_forms_do_not_import_dateutil_parser() -> None:
    src = str(Path(gigtool.__file__).parent.parent)
    code = (
        "import sys\n"
        "from datetime import datetime\n"
        "from zoneinfo import ZoneInfo\n"
        "from gigtool.tracking.timelang import parse_instant, parse_duration\n"
        "now = datetime(2026, 11, 25, 14, 30, tzinfo=ZoneInfo('America/New_York'))\n"
        "for t in ['9:15', '-30m', '2h ago', '2026-11-03', 'mon 9', 'yesterday 3pm']:\n"
        "    parse_instant(t, now)\n"
        "parse_duration('1h30m')\n"
        "assert 'dateutil.parser' not in sys.modules\n"
        "parse_instant('nov 3', now)\n"
        "assert 'dateutil.parser' in sys.modules\n"
    )
    env = {**os.environ, "PYTHONPATH": src}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


# --- formatting instants -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "want"),
    [
        (ny(2026, 11, 25, 10, 15), "10:15 today"),
        (datetime(2026, 11, 25, 20, 0, tzinfo=UTC), "15:00 today"),
        (ny(2026, 11, 24, 15, 0), "15:00 yesterday"),
        (ny(2026, 11, 26, 8, 0), "08:00 tomorrow"),
        (ny(2026, 11, 23, 9, 0), "09:00 Mon 23 Nov"),
        (ny(2026, 12, 1, 9, 0), "09:00 Tue 1 Dec"),
        (ny(2025, 11, 23, 9, 0), "09:00 Sun 23 Nov 2025"),
    ],
)
def test_format_instant(moment: datetime, want: str) -> None:
    assert format_instant(moment, NOW) == want


# --- ranges ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("9-11:30", ny(2026, 11, 25, 9, 0), ny(2026, 11, 25, 11, 30)),
        ("9:00-11:30", ny(2026, 11, 25, 9, 0), ny(2026, 11, 25, 11, 30)),
        ("9:00 - 11:30", ny(2026, 11, 25, 9, 0), ny(2026, 11, 25, 11, 30)),
        ("9–11:30", ny(2026, 11, 25, 9, 0), ny(2026, 11, 25, 11, 30)),
        ("9am-1pm", ny(2026, 11, 25, 9, 0), ny(2026, 11, 25, 13, 0)),
        ("9-1pm", ny(2026, 11, 25, 9, 0), ny(2026, 11, 25, 13, 0)),
        ("1-3pm", ny(2026, 11, 25, 13, 0), ny(2026, 11, 25, 15, 0)),
        ("11-1pm", ny(2026, 11, 25, 11, 0), ny(2026, 11, 25, 13, 0)),
        ("9-11pm", ny(2026, 11, 25, 21, 0), ny(2026, 11, 25, 23, 0)),
        ("9-1", ny(2026, 11, 25, 9, 0), ny(2026, 11, 25, 13, 0)),
        ("12-2", ny(2026, 11, 25, 12, 0), ny(2026, 11, 25, 14, 0)),
        ("9am-5", ny(2026, 11, 25, 9, 0), ny(2026, 11, 25, 17, 0)),
        ("noon-1pm", ny(2026, 11, 25, 12, 0), ny(2026, 11, 25, 13, 0)),
        ("22:00-01:00", ny(2026, 11, 25, 22, 0), ny(2026, 11, 26, 1, 0)),
        ("22-1", ny(2026, 11, 25, 22, 0), ny(2026, 11, 26, 1, 0)),
        ("10pm-2am", ny(2026, 11, 25, 22, 0), ny(2026, 11, 26, 2, 0)),
    ],
)
def test_parse_range(text: str, start: datetime, end: datetime) -> None:
    got_start, got_end = parse_range(text, TODAY, NY)
    same_instant(got_start, start)
    same_instant(got_end, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-9", "is an empty range: it starts and ends at 09:00"),
        ("9am-9:00", "is an empty range"),
        ("9-25", "hours go from 0 to 23"),
        ("9-13pm", "with am/pm the hour goes from 1 to 12"),
        ("API", "'API' is not a time range (try 9-11:30"),
    ],
)
def test_parse_range_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_range(text, TODAY, NY)
    assert message in str(caught.value)


def test_range_across_spring_forward_spans_real_hours() -> None:
    start, end = parse_range("1-4", date(2026, 3, 8), NY)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
    with pytest.raises(InputError, match="does not exist"):
        parse_range("2:30-4", date(2026, 3, 8), NY)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("9-11:30", True),
        ("9:00 - 11:30", True),
        ("9am-1pm", True),
        ("9–11", True),
        ("22:00-01:00", True),
        ("noon-1pm", True),
        ("API", False),
        ("review-2", False),
        ("-30m", False),
        ("9", False),
        ("9-", False),
        ("2026-11-03", False),
        ("1-2-3", False),
        ("", False),
    ],
)
def test_looks_like_range(text: str, want: bool) -> None:
    assert looks_like_range(text) is want


_PIECE = st.builds(
    lambda hour, minute, style: {
        "24h": f"{hour}:{minute:02d}",
        "bare": f"{hour}",
        "ampm": f"{hour % 12 or 12}:{minute:02d}{'pm' if hour >= 12 else 'am'}",
    }[style],
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["24h", "bare", "ampm"]),
)


@given(
    _PIECE,
    _PIECE,
    st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "UTC"]),
)
def test_parse_range_always_ends_after_it_starts(
    first: str, last: str, day: date, zone_name: str
) -> None:
    text = f"{first}-{last}"
    assert looks_like_range(text)
    try:
        start, end = parse_range(text, day, ZoneInfo(zone_name))
    except InputError:
        return
    span = end.astimezone(UTC) - start.astimezone(UTC)
    assert timedelta(0) < span <= timedelta(hours=25)


@pytest.mark.parametrize("text", ["+99999999d", "99999999 days ago", "0001-01-01", "9999-12-31"])
def test_days_out_of_range_are_one_clean_error(text: str) -> None:
    with pytest.raises(InputError, match="out of range"):
        parse_day(text, date(2026, 11, 25))


def test_absurd_duration_is_refused_before_it_overflows() -> None:
    with pytest.raises(InputError, match="too long"):
        parse_duration("10000000000000h")


def test_things_that_already_happened_read_no_yearless_day_ahead() -> None:
    first_of_december = date(2026, 12, 1)
    assert parse_day("nov 20", first_of_december, ahead=0) == date(2026, 11, 20)
    assert parse_day("dec 20 2025", first_of_december, ahead=0) == date(2025, 12, 20)
    with pytest.raises(InputError) as caught:
        parse_day("dec 20", first_of_december, ahead=0)
    assert str(caught.value) == (
        "'dec 20' is 20 Dec 2025, 346 days ago, or 20 Dec 2026, in 19 days; write the year"
    )


def test_a_yearless_day_at_the_end_of_the_calendar_is_one_clean_error() -> None:
    with pytest.raises(InputError, match="write the year"):
        parse_day("feb 29", date(9999, 6, 1))
    with pytest.raises(InputError):
        parse_day("dec 31", date(1, 1, 2))
