"""An entry's times as given by hand: --start, --end and --duration on a day, and an end
that reads as a time of day before the start (past midnight).

Every time given here has happened (time already worked): a day without its year is
never read ahead, where it would only be refused as future.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo

from gigtool.errors import InputError
from gigtool.tracking.timelang import parse_instant, past_midnight


def instant(
    text: str | None, now: datetime, zone: tzinfo, on: date | None = None
) -> datetime | None:
    """`text` (10:15, -30m, 2h ago, mon 9:00) as a moment, on day `on` when it has no day."""
    if text is None:
        return None
    return parse_instant(text, now.astimezone(zone), base_day=on, ahead=0)


def span_from_options(
    on: date,
    start_at: str | None,
    end_at: str | None,
    duration: str | None,
    *,
    day_given: bool,
    now: datetime,
    zone: tzinfo,
) -> tuple[datetime, datetime]:
    """[start, end) from two of --start, --end and --duration on day `on`; a duration
    alone ends now (today only)."""
    from gigtool.tracking.timelang import parse_duration

    length = parse_duration(duration) if duration else None
    if length is not None and length <= timedelta(0):
        raise InputError(f"a duration must be more than zero, not {duration!r}")
    begin = _utc(instant(start_at, now, zone, on))
    end = _utc(instant(end_at, now, zone, on))
    if begin is not None and end is not None:
        if length is not None:
            raise InputError("give two of --start, --end and --duration, not all three")
        if end <= begin and is_clock_time(end_at):
            end = past_midnight(begin, end.astimezone(zone), str(end_at)).astimezone(UTC)
        return begin, end
    if length is None:
        raise InputError(
            "say when: a range like 9-11:30, or --start and --end, or --duration with one of them"
        )
    if begin:
        return begin, begin + length
    if end is None:
        if day_given and on != now.astimezone(zone).date():
            raise InputError("with --date, give --start or --end beside --duration")
        end = now
    return end - length, end


def new_end(start: datetime, end: datetime, end_at: str | None) -> datetime:
    """An edited entry's end: a time of day at or before its start is past midnight."""
    if end.astimezone(UTC) <= start.astimezone(UTC) and is_clock_time(end_at):
        return past_midnight(start, end, str(end_at))
    return end


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def is_clock_time(text: str | None) -> bool:
    from gigtool.tracking.timelang import parse_time_of_day

    if not text:
        return False
    try:
        parse_time_of_day(text)
    except InputError:
        return False
    return True
