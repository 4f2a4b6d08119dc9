"""The limits the balance rules hold tracked time to, read from the settings."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class Limits:
    day_warn: int = 8 * 3600
    day_max: int = 10 * 3600
    week_warn: int = 40 * 3600
    week_max: int = 48 * 3600
    week_extreme: int = 55 * 3600
    average_max: int = 48 * 3600
    rest_min: int = 11 * 3600
    rest_warn: int = 12 * 3600
    weekly_rest: int = 35 * 3600
    days_off: frozenset[int] = frozenset({5, 6})
    weekend_max: int = 4 * 3600
    late_window: tuple[time, time] = (time(22), time(5))
    late_max: int = 3600
    work_hours: tuple[time, time] | None = None  # the schedule; None: no set hours
    outside_max: int = 30 * 60
    break_nudge: int = 90 * 60
    break_max: int = 6 * 3600
    break_gap: int = 15 * 60
    meal_window: tuple[time, time] = (time(12), time(13))
    runaway: int = 10 * 3600
    off: frozenset[str] = frozenset()
    week_start: int = 0
    day_start_hour: int = 0


def limits_from(conn: sqlite3.Connection) -> Limits:
    from gigtool import config
    from gigtool.periods import WEEKDAY_INDEX
    from gigtool.tracking.timelang import parse_duration, parse_time_of_day

    def secs(key: str) -> int:
        return int(parse_duration(config.get(conn, f"balance.{key}")).total_seconds())

    def window(key: str) -> tuple[time, time]:
        start, end = config.get(conn, f"balance.{key}").split("-")
        return parse_time_of_day(start), parse_time_of_day(end)

    days_off = config.get(conn, "balance.days-off")
    off = config.get(conn, "balance.off")
    hours = config.get(conn, "balance.work-hours")
    return Limits(
        day_warn=secs("day-warn"),
        day_max=secs("day-max"),
        week_warn=secs("week-warn"),
        week_max=secs("week-max"),
        week_extreme=secs("week-extreme"),
        average_max=secs("average-max"),
        rest_min=secs("rest-min"),
        rest_warn=secs("rest-warn"),
        weekly_rest=secs("weekly-rest"),
        days_off=frozenset(
            WEEKDAY_INDEX[d] for d in days_off.split(",") if d and days_off != "none"
        ),
        weekend_max=secs("weekend-max"),
        late_window=window("late-window"),
        late_max=secs("late-max"),
        work_hours=None if hours == "none" else window("work-hours"),
        outside_max=secs("outside-max"),
        break_nudge=secs("break-nudge"),
        break_max=secs("break-max"),
        break_gap=secs("break-gap"),
        meal_window=window("meal-window"),
        runaway=secs("runaway"),
        off=frozenset(r for r in off.split(",") if r and off != "none"),
        week_start=WEEKDAY_INDEX[config.get(conn, "week-start")],
        day_start_hour=int(config.get(conn, "day-start")),
    )
