"""Named periods (today, this week, …) as UTC ranges over local days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from gigtool.errors import InputError

WEEKDAY_INDEX = {
    name: i
    for i, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}


@dataclass(frozen=True)
class Period:
    since: datetime
    until: datetime
    label: str
    first_day: date
    last_day: date


def day_start(day: date, zone: tzinfo, hour: int = 0) -> datetime:
    """When `day` begins locally, as an aware local time (DST-correct)."""
    return datetime.combine(day, time(hour), tzinfo=zone)


def days(first: date, last: date, zone: tzinfo, label: str, hour: int = 0) -> Period:
    if last < first:
        raise InputError(f"the period ends ({last}) before it starts ({first})")
    since = day_start(first, zone, hour).astimezone(UTC)
    until = day_start(last + timedelta(days=1), zone, hour).astimezone(UTC)
    return Period(since, until, label, first, last)


def week_of(day: date, week_start: str) -> date:
    offset = (day.weekday() - WEEKDAY_INDEX[week_start]) % 7
    return day - timedelta(days=offset)


def named(
    name: str, today: date, zone: tzinfo, *, week_start: str = "monday", hour: int = 0
) -> Period:
    if name == "today":
        return days(today, today, zone, "today", hour)
    if name == "yesterday":
        day = today - timedelta(days=1)
        return days(day, day, zone, "yesterday", hour)
    if name in ("week", "last-week"):
        first = week_of(today, week_start)
        if name == "last-week":
            first -= timedelta(days=7)
        label = "this week" if name == "week" else "last week"
        return days(first, first + timedelta(days=6), zone, label, hour)
    if name in ("month", "last-month"):
        first = today.replace(day=1)
        if name == "last-month":
            first = (first - timedelta(days=1)).replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return days(first, nxt - timedelta(days=1), zone, first.strftime("%B %Y"), hour)
    raise InputError(f"unknown period {name!r}; use today, yesterday, week, last-week or month")


def local_today(now: datetime, zone: tzinfo, hour: int = 0) -> date:
    """The working day `now` falls in; before the day-start hour it is still yesterday."""
    local = now.astimezone(zone)
    return (local - timedelta(hours=hour)).date()
