"""The times a time entry may have: every way a time enters the database checks them here.

`gig log add|edit|start|stop|continue` and every importer call `check_times`, so a date
typed wrong (`--start 1969-12-31`), a column read as the wrong thing, or a timer that
ran for a month cannot reach the log, where it would vanish from lists and reports yet
block every later entry as an overlap.
"""

from __future__ import annotations

from datetime import UTC, datetime

from gigtool.errors import InputError, Refused

EARLIEST_YEAR = 2000
EARLIEST = 946_684_800  # 2000-01-01 00:00 UTC: no one tracks older work in gig
# The longest one entry may be. Toggl Track refuses entries longer than 999 hours too,
# so nothing a Toggl export holds is refused for its length.
LONGEST_HOURS = 999
LONGEST = LONGEST_HOURS * 3600
DAY = 86_400


def _local(moment: int) -> datetime | None:
    from gigtool.clock import local_zone

    try:
        return datetime.fromtimestamp(moment, UTC).astimezone(local_zone())
    except (OverflowError, ValueError, OSError):
        return None


def _too_early(start: int) -> bool:
    """Before 2000 where the user is (a day either side of the UTC instant)."""
    if start >= EARLIEST + DAY:
        return False
    local = _local(start)
    return local is None or local.year < EARLIEST_YEAR


def _when(moment: int, now: int) -> str:
    from gigtool.clock import local_zone
    from gigtool.tracking.timelang import format_instant

    zone = local_zone()
    return format_instant(
        datetime.fromtimestamp(moment, UTC).astimezone(zone),
        datetime.fromtimestamp(now, UTC).astimezone(zone),
    )


def check_times(
    start: int,
    end: int | None,
    *,
    now: int | None,
    grace: int = 0,
    subject: str = "it",
    allow_empty: bool = False,
) -> None:
    """Refuse a span no time entry can have, in Unix seconds; `end` None is a running
    timer, whose length runs to `now`.

    The start is in 2000 or later; the end comes after the start (or equals it, with
    `allow_empty`, for importers that skip empty rows themselves); nothing ends (or, for a
    running timer, starts) later than `grace` seconds after `now`; and no entry lasts
    more than 999 hours. Bad input raises InputError; a time in the future, Refused.
    """
    if _too_early(start):
        local = _local(start)
        day = "long" if local is None else f"on {local:%d %b %Y},"
        raise InputError(
            f"{subject} starts {day} before {EARLIEST_YEAR}; gig keeps time from {EARLIEST_YEAR} on"
        )
    if now is not None:
        for moment, which in ((end, "end"), (start, "start")):
            if moment is not None and moment > now + grace:
                if grace:
                    raise InputError(f"{subject} {which}s more than a day from now")
                raise Refused(
                    f"the {which} time {_when(moment, now)} is in the future; give a time up to now"
                )
    if end is not None and (end < start or (end == start and not allow_empty)):
        what = "ends before it starts" if end < start else "would last 0 seconds"
        raise InputError(f"{subject} {what}; the end must come after the start")
    finish = end if end is not None else now
    if finish is not None and finish - start > LONGEST:
        raise InputError(
            f"{subject} lasts {-((start - finish) // 3600):,} hours, and one entry may last "
            f"{LONGEST_HOURS} hours at most; check the dates"
        )
