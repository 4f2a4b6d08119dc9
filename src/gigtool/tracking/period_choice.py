"""The period a command's flags choose: --today … --last-month, --from/--to, or a week.

One place knows the day-start hour and the week start, so `log list`, `log report`,
`log week` and `log export` agree on what "this week" is. The settings are read through
`setting` (a key's value), only once the flags are known to agree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from gigtool import periods
from gigtool.errors import InputError
from gigtool.periods import Period


def chosen_period(
    setting: Callable[[str], str],
    now: datetime,
    zone: tzinfo,
    chosen: list[str],
    since: str | None,
    until: str | None,
    *,
    all_time: bool = False,
) -> Period:
    """The period the flags `chosen` (`today`, `last-week`, …) or --from/--to choose, this
    week when none does; with `all_time`, none means all time."""
    from gigtool.tracking.timelang import parse_day

    if len(chosen) > 1 or (chosen and (since or until)):
        raise InputError("choose one period: --today, --week, … or --from/--to")
    hour = int(setting("day-start"))
    if all_time and not chosen and not since and not until:
        # "All time" takes in entries imported with times still to come.
        return periods.days(date(1970, 1, 2), date(2999, 12, 31), zone, "all time", hour)
    today = periods.local_today(now, zone, hour)
    week_start = setting("week-start")
    if since or until:
        # A period of history starts at the last such day (`--from "jan 1"` in December).
        first = parse_day(since, today, back=366, ahead=0) if since else date(1970, 1, 2)
        # Its end, without a year, is the first such day from the start on: `--from
        # "dec 20" --to "jan 5"` in December is last winter's holidays, not 382 days.
        last = today
        if until and since:
            last = parse_day(until, today, yearless_from=first, back=0, ahead=366)
        elif until:
            last = parse_day(until, today)
        label = (
            f"from {first:%a %d %b %Y} to {last:%a %d %b %Y}"
            if since
            else f"up to {last:%a %d %b %Y}"
        )
        return periods.days(first, last, zone, label, hour)
    name = chosen[0] if chosen else "week"
    return periods.named(name, today, zone, week_start=week_start, hour=hour)


def week_period(
    setting: Callable[[str], str], now: datetime, zone: tzinfo, *, last_week: bool, of: str | None
) -> Period:
    """The week of `gig log week`: this one, last one (`last_week`), or the one with day `of`."""
    from gigtool.tracking.timelang import parse_day

    if last_week and of:
        raise InputError("choose one of --last-week and --of")
    hour = int(setting("day-start"))
    week_start = setting("week-start")
    today = periods.local_today(now, zone, hour)
    day = parse_day(of, today) if of else today - timedelta(days=7 if last_week else 0)
    first = periods.week_of(day, week_start)
    label = "this week" if first == periods.week_of(today, week_start) else "the week"
    label = "last week" if last_week else label
    return periods.days(first, first + timedelta(days=6), zone, label, hour)


_CUSTOM = ("from ", "up to ")  # how `chosen_period` labels --from/--to periods


def title(period: Period) -> str:
    """`Today (Wed 25 Nov 2026)`, `This week (Mon 23 Nov to Sun 29 Nov 2026)`, and for
    --from/--to the days themselves: `Sun 01 Nov 2026`, `Up to Wed 25 Nov 2026`."""
    first, last, label = period.first_day, period.last_day, period.label
    if label.startswith(_CUSTOM):
        if first == last:
            return f"{first:%a %d %b %Y}"
        if label.startswith("up to "):
            return f"Up to {last:%a %d %b %Y}"
        return f"{first:%a %d %b %Y} to {last:%a %d %b %Y}"
    label = label[:1].upper() + label[1:]
    if label == "All time":
        return label
    if first == last:
        return f"{label} ({first:%a %d %b %Y})"
    return f"{label} ({first:%a %d %b} to {last:%a %d %b %Y})"


def during(period: Period) -> str:
    """The period after "No time tracked": `this week`, `on Sun 01 Nov 2026`."""
    if period.label.startswith(_CUSTOM) and period.first_day == period.last_day:
        return f"on {period.first_day:%a %d %b %Y}"
    return period.label
