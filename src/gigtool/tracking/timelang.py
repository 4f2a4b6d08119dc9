"""The time language: durations, days, times of day, instants and ranges as people type them.

Pure logic, no I/O. Anything unreadable raises `InputError` with one line saying what was
wrong and what would work. The common forms are plain regexes; `dateutil.parser` is imported
only when a month name shows up, because importing it costs more than the rest of startup.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from gigtool.errors import InputError
from gigtool.inputs import bounded

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MAX_DURATION = timedelta(hours=1000)

_UNIT_SECONDS = {
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7 * 86400),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
}
# Patterns stay strings: the `re` cache compiles each on first use, so startup pays only
# for the ones a command actually needs.
_DUR_PART = r"\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)\s*,?\s*"
_DUR_CLOCK = r"(\d+):(\d{2})(?::(\d{2}))?"
_TIME = r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(?:([ap])\.?(?:m\.?)?)?"
_ISO_DAY = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_ISO_STAMP = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})"
_REL_DAY = r"(?:([+-])|(in)\s+)?(\d+)\s*(d|days?|w|wks?|weeks?)(\s+ago)?"
_MONTH_DAY = (
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]+)\.?"
    r"|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)(?:,?\s+(?P<y>\d{4}))?"
)
_RANGE_PIECE = r"(\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m?\.?)?|noon|midnight)"
_RANGE = rf"(?i)\s*{_RANGE_PIECE}\s*[-–—]\s*{_RANGE_PIECE}\s*"


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().split())


# --- durations ---------------------------------------------------------------------------------


def _match_duration(text: str) -> timedelta | None:
    """None when `text` is not shaped like a duration; raises when it is but is wrong."""
    s = _norm(text)
    if not s:
        return None
    if s.startswith("-") and _match_duration(s[1:]) is not None:
        raise InputError(f"'{text.strip()}' is not a duration: durations cannot be negative")
    if m := re.fullmatch(_DUR_CLOCK, s):
        hours, minutes, seconds = int(m[1]), int(m[2]), int(m[3] or 0)
        if minutes > 59 or seconds > 59:
            raise InputError(
                f"'{text.strip()}' is not a duration: minutes and seconds go from "
                f"0 to 59 in h:mm (try {hours}h{minutes}m)"
            )
        total = Decimal(hours * 3600 + minutes * 60 + seconds)
    elif re.fullmatch(r"\d+(?:\.\d+)?", s):
        raise InputError(f"'{text.strip()}' is not a duration: add a unit (try {s}m or {s}h)")
    else:
        total, pos = Decimal(0), 0
        while pos < len(s):
            part = re.compile(_DUR_PART).match(s, pos)
            if not part or part[2] not in _UNIT_SECONDS:
                return None
            total += Decimal(part[1]) * _UNIT_SECONDS[part[2]]
            pos = part.end()
    if total > Decimal(_MAX_DURATION.total_seconds()):
        raise InputError(f"'{text.strip()}' is too long: gig takes durations up to 1000 hours")
    return timedelta(seconds=int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def parse_duration(text: str) -> timedelta:
    delta = _match_duration(bounded(text, "a duration"))
    if delta is None:
        raise InputError(f"'{text.strip()}' is not a duration (try 1h30m, 90m, 1.5h or 1:30)")
    return delta


def format_duration(delta: timedelta | int) -> str:
    seconds = delta if isinstance(delta, int) else int(delta.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    hours, minutes = divmod(seconds // 60, 60)
    if 0 < seconds < 60:
        return f"{sign}{seconds}s"
    if not hours:
        return f"{sign}{minutes}m"
    return f"{sign}{hours}h {minutes:02d}m"


# --- days --------------------------------------------------------------------------------------


def _weekday(word: str) -> int | None:
    if word == "weds":
        return 2
    if len(word) >= 3:
        for index, name in enumerate(_WEEKDAYS):
            if name.lower().startswith(word):
                return index
    return None


def _date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(
            f"'{text}' is not a date: {_MONTHS[month - 1]} {year} has no day {day}"
        ) from None


def _month_day(s: str, text: str, today: date, reach: dict[str, int]) -> date | None:
    m = re.fullmatch(_MONTH_DAY, s)
    if not m:
        return None
    word, day = (m["m1"], int(m["d1"])) if m["m1"] else (m["m2"], int(m["d2"]))
    if word[:3] not in {name[:3].lower() for name in _MONTHS}:
        return None  # keeps dateutil unimported for the likes of "mon 9"
    from dateutil.parser import parserinfo

    month = parserinfo().month(word)
    if month is None:
        return None
    if m["y"]:
        return _date(text, int(m["y"]), month, day)
    return yearless_day(text, month, day, today, **reach)


# How far from today a day of the year typed without its year may lie. Times and report
# days take the nearest reading within 90 days either way; callers narrow or widen it
# (money and time added by hand, which already happened, pass ahead=0; the start of a
# period of history back=366, ahead=0). Task days (due, deferred until) look ahead up to
# a year, or back 90 days to an overdue one.
YEARLESS_DAYS = 90
_YEARLESS_REACH = {
    "past": {"back": YEARLESS_DAYS, "ahead": YEARLESS_DAYS},
    "future": {"back": YEARLESS_DAYS, "ahead": 366},
}


def _reading(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    unit = "day" if abs(days) == 1 else "days"
    return f"{-days} {unit} ago" if days < 0 else f"in {days} {unit}"


def yearless_day(
    text: str,
    month: int,
    day: int,
    today: date,
    *,
    back: int = YEARLESS_DAYS,
    ahead: int = YEARLESS_DAYS,
) -> date:
    """The day `month`/`day` typed without a year (`dec 20`): its reading nearest today
    among those at most `back` days before and `ahead` days after it. When no reading is
    that close, the year is asked for, with both readings, rather than guessed: on 1 Dec
    `dec 20` could be last year's tax year or this one's."""
    try:
        date(2000, month, day)  # a leap year, so only days no year has fail here
    except ValueError:
        raise InputError(f"'{text}' is not a date: {_MONTHS[month - 1]} has no day {day}") from None
    # The latest reading up to today and the earliest from today (a leap day's can be
    # years away).
    before: date | None = None
    after: date | None = None
    for year in range(today.year - 8, today.year + 9):
        reading = _reading(year, month, day)
        if reading is None:
            continue
        if reading <= today:
            before = reading
        elif after is None:
            after = reading
    if before == today:
        return today
    readings = [r for r in (before, after) if r is not None]
    if not readings:  # only at the ends of the calendar
        raise InputError(f"'{text}' is out of range: write the year")
    close = [r for r in readings if -back <= (r - today).days <= ahead]
    if close:
        return min(close, key=lambda r: (abs((r - today).days), r < today))
    said = ", or ".join(
        f"{r.day} {_MONTHS[r.month - 1][:3]} {r.year}, {_ago((r - today).days)}" for r in readings
    )
    raise InputError(f"'{text}' is {said}; write the year")


def _match_day(
    text: str,
    today: date,
    prefer: str,
    reach: dict[str, int] | None = None,
    yearless_from: date | None = None,
) -> date | None:
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    reach = {**_YEARLESS_REACH[prefer], **(reach or {})}
    s = _norm(text).rstrip(".")
    if s in ("today", "yesterday", "tomorrow"):
        return today + timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[s])
    if (wd := _weekday(s)) is not None:
        offset = (today.weekday() - wd) % 7 if prefer == "past" else -((wd - today.weekday()) % 7)
        return today - timedelta(days=offset)
    if m := re.fullmatch(_ISO_DAY, s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if not 1 <= month <= 12:
            raise InputError(f"'{text.strip()}' is not a date: months go from 1 to 12")
        return _date(text.strip(), year, month, day)
    if (m := re.fullmatch(_REL_DAY, s)) and [bool(m[1]), bool(m[2]), bool(m[5])].count(True) == 1:
        days = int(m[3]) * (7 if m[4].startswith("w") else 1)
        return today + timedelta(days=-days if m[1] == "-" or m[5] else days)
    return _month_day(s, text.strip(), yearless_from or today, reach)


# Days gig will file things under: its stored times are Unix seconds.
EARLIEST_DAY = date(1970, 1, 2)
LATEST_DAY = date(2999, 12, 31)


def parse_day(
    text: str,
    today: date,
    *,
    prefer: str = "past",
    back: int | None = None,
    ahead: int | None = None,
    yearless_from: date | None = None,
) -> date:
    """A day as typed. `back` and `ahead` bound how many days before and after today a
    day of the year typed without its year may be read: `ahead=0` for things that have
    already happened; `back=366, ahead=0` for the start of a period of history.
    `yearless_from` counts them from that day instead of today (the end of a period from
    its start); weekdays and `tomorrow` still count from today."""
    reach = {k: v for k, v in (("back", back), ("ahead", ahead)) if v is not None}
    try:
        found = _match_day(bounded(text, "a day"), today, prefer, reach, yearless_from)
    except OverflowError:
        found = date.max
    if found is not None and not EARLIEST_DAY <= found <= LATEST_DAY:
        raise InputError(
            f"'{text.strip()}' is out of range: gig keeps days from {EARLIEST_DAY} to {LATEST_DAY}"
        )
    if found is None:
        raise InputError(
            f"'{text.strip()}' is not a day (try today, yesterday, mon, 2026-11-03, nov 30 or -2d)"
        )
    return found


# --- times of day ------------------------------------------------------------------------------


def _match_time(text: str) -> time | None:
    s = _norm(text)
    if s in ("noon", "midnight"):
        return time(12 if s == "noon" else 0)
    m = re.fullmatch(_TIME, s)
    if not m:
        return None
    hour, minute, second, half = int(m[1]), int(m[2] or 0), int(m[3] or 0), m[4]
    shown = text.strip()
    if hour > 23:
        raise InputError(
            f"'{shown}' is not a time of day: hours go from 0 to 23 (try 13:00 or 1pm)"
        )
    if half and not 1 <= hour <= 12:
        raise InputError(
            f"'{shown}' is not a time of day: with am/pm the hour goes from 1 to 12"
            f" (try {hour:02d}:{minute:02d} or {hour % 12 or 12}"
            f"{'pm' if hour >= 12 else 'am'})"
        )
    if minute > 59 or second > 59:
        raise InputError(
            f"'{shown}' is not a time of day: minutes go from 0 to 59 (try 9:15 or 9:45pm)"
        )
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return time(hour, minute, second)


def parse_time_of_day(text: str) -> time:
    found = _match_time(bounded(text, "a time of day"))
    if found is None:
        raise InputError(f"'{text.strip()}' is not a time of day (try 9:15, 9am, 21:15 or noon)")
    return found


# --- instants ----------------------------------------------------------------------------------


def _wall(day: date, clock: time, zone: tzinfo) -> datetime:
    """`day` at `clock` on the wall in `zone`; the first one if the clocks fell back."""
    moment = datetime.combine(day, clock, tzinfo=zone)
    settled = moment.astimezone(UTC).astimezone(zone)
    if settled.replace(tzinfo=None) != moment.replace(tzinfo=None):
        name = getattr(zone, "key", None) or str(zone)
        raise InputError(
            f"{day} {clock:%H:%M} does not exist in {name}: the clocks jumped "
            f"forward past it (try {settled:%H:%M})"
        )
    return moment


def parse_instant(
    text: str,
    now: datetime,
    *,
    base_day: date | None = None,
    prefer: str = "past",
    ahead: int | None = None,
) -> datetime:
    """An instant as typed; `ahead` bounds a yearless day's reading as in `parse_day`."""
    zone = now.tzinfo
    if zone is None:
        raise ValueError("now must be timezone-aware")
    bounded(text, "a time")
    now = now.astimezone(zone).replace(microsecond=0)
    s = _norm(text)
    s = re.sub(r"(\d)\s+([ap]\.?m\.?)(?=\s|$)", r"\1\2", s)
    s = re.sub(r"\s+at\s+", " ", re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", s))
    if s == "now":
        return now
    if re.fullmatch(_ISO_STAMP, s):
        try:
            return datetime.fromisoformat(s.upper()).astimezone(zone).replace(microsecond=0)
        except ValueError:
            raise InputError(f"'{text.strip()}' is not a valid timestamp") from None
    if (clock := _match_time(s)) is not None:
        return _wall(base_day or now.date(), clock, zone)
    rel = re.fullmatch(r"([+-])\s*(.+)", s) or re.fullmatch(r"(in)\s+(.+)", s)
    rel = rel or re.fullmatch(r"(.+?)\s+(ago)", s)
    if rel:
        amount, back = (rel[1], True) if rel[2] == "ago" else (rel[2], rel[1] == "-")
        if (delta := _match_duration(amount)) is not None:
            return (now.astimezone(UTC) + (-delta if back else delta)).astimezone(zone)
    reach = {} if ahead is None else {"ahead": ahead}
    if (day := _match_day(s, now.date(), prefer, reach)) is not None:
        return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC).astimezone(zone)
    words = s.split(" ")
    if len(words) > 1:
        # "<day> <time>" or "<time> <day>"; the day is read first so that a bad time only
        # complains once the rest is known to be a day.
        for day_text, time_text in (
            (" ".join(words[:-1]), words[-1]),
            (" ".join(words[1:]), words[0]),
        ):
            day = _match_day(day_text, now.date(), prefer, reach)
            clock = _match_time(time_text) if day is not None else None
            if day is not None and clock is not None:
                return _wall(day, clock, zone)
    raise InputError(
        f"'{text.strip()}' is not a time I can read "
        "(try 9:15, 3pm, yesterday 3pm, mon 9am, 2026-11-03 14:00, -30m or 2h ago)"
    )


def format_instant(moment: datetime, now: datetime) -> str:
    local = moment.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    named = {0: "today", -1: "yesterday", 1: "tomorrow"}.get(days)
    if named is None:
        named = f"{_WEEKDAYS[local.weekday()][:3]} {local.day} {_MONTHS[local.month - 1][:3]}"
        if local.year != now.year:
            named += f" {local.year}"
    return f"{local:%H:%M} {named}"


# --- ranges ------------------------------------------------------------------------------------


def looks_like_range(text: str) -> bool:
    return len(text) <= 100 and re.fullmatch(_RANGE, text) is not None


def _range_end(piece: str) -> tuple[time, str | None, bool]:
    """The time, the half ("a"/"p") if one was written, and whether it is a bare 1-11 hour."""
    clock, s = parse_time_of_day(piece), _norm(piece)
    if s in ("noon", "midnight"):
        return clock, "p" if s == "noon" else "a", False
    half = re.search(r"[ap]", s)
    bare = re.fullmatch(r"(?:[1-9]|1[01])(?::\d{2})?", s) is not None
    return clock, half[0] if half else None, bare


def _in_half(clock: time, half: str) -> time:
    return clock.replace(hour=clock.hour % 12 + (12 if half == "p" else 0))


def parse_range(text: str, day: date, zone: tzinfo) -> tuple[datetime, datetime]:
    m = re.fullmatch(_RANGE, bounded(text, "a time range"))
    if not m:
        raise InputError(f"'{text.strip()}' is not a time range (try 9-11:30 or 9am-1pm)")
    start, start_half, _ = _range_end(m[1])
    end, end_half, end_bare = _range_end(m[2])
    if end_half and not start_half and 1 <= start.hour <= 12:
        # "1-3pm" is 13-15 but "9-1pm" is 9-13: the start takes the end's half unless that
        # puts it after the end.
        start = _in_half(start, end_half)
        if start > end:
            start = _in_half(start, "a" if end_half == "p" else "p")
    elif end < start and end_bare and end.replace(hour=end.hour + 12) > start:
        # A bare end hour ("9-1", "9am-5") is read as pm when that lands after the start;
        # otherwise ("22-1", "22:00-01:00") the range runs past midnight.
        end = end.replace(hour=end.hour + 12)
    if start == end:
        raise InputError(f"'{text.strip()}' is an empty range: it starts and ends at {start:%H:%M}")
    begins = _wall(day, start, zone)
    if end > start:
        return begins, _wall(day, end, zone)
    return begins, past_midnight(begins, _wall(day, end, zone), text.strip())


# A time of day that ends a span before its start reads as the next day, but only for
# a night's work: `14-13` (23 hours) is far more often a slip for `13-14`.
LONGEST_OVERNIGHT = timedelta(hours=12)


def past_midnight(start: datetime, end: datetime, shown: str) -> datetime:
    """`end`, a time of day at or before `start`, moved to the next day on the wall;
    refused when that would make the span longer than a night's work."""
    later = (end.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=end.tzinfo)
    length = later.astimezone(UTC) - start.astimezone(UTC)
    if length > LONGEST_OVERNIGHT:
        if looks_like_range(shown):
            fix = "write it the other way round, or give --start and --end with their days"
        else:
            fix = f"give the end with its day ('tomorrow {shown}') if that is what you mean"
        raise InputError(
            f"'{shown}' ends before it starts; read past midnight it would last "
            f"{format_duration(length)}; {fix}"
        )
    return later
