"""The balance.* settings: the limits each rule checks, your days off and hours,
which rules are off; and the limits they set, read back for the rules.

Registered with `gigtool.config` when this module is imported: code that reads a
balance.* key imports it first.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import time
from typing import TYPE_CHECKING, Any

from gigtool import config
from gigtool.config import WEEKDAYS, Setting, boolean, weekday
from gigtool.errors import InputError

if TYPE_CHECKING:
    from gigtool.balance.rules import Limits


def _duration(value: str) -> str:
    from gigtool.tracking.timelang import parse_duration

    length = parse_duration(value)
    minutes = int(length.total_seconds()) // 60
    if minutes <= 0:
        raise InputError(f"{value!r} is under a minute; try 9h or 90m")
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours}h"
    return f"{hours}h{rest:02d}m" if hours else f"{rest}m"


def _window(value: str) -> str:
    from gigtool.tracking.timelang import parse_time_of_day

    parts = re.split(r"\s*[-–]\s*", value.strip())
    if len(parts) != 2:
        raise InputError(f"{value!r} is not a window of the day; write it like 22:00-05:00")
    start, end = (parse_time_of_day(p) for p in parts)
    if start == end:
        raise InputError(f"{value!r} starts and ends at the same time")
    return f"{start:%H:%M}-{end:%H:%M}"


def _daytime_window(value: str, what: str = "a meal window", example: str = "12:00-13:00") -> str:
    """A window within one day, such as a meal: it may not run past midnight."""
    normal = _window(value)
    start, end = normal.split("-")
    if end <= start:
        raise InputError(
            f"{value!r} runs past midnight; {what} must fit within a day, e.g. {example}"
        )
    return normal


def _work_hours(value: str) -> str:
    if value.strip().lower() in ("none", "-"):
        return "none"
    return _daytime_window(value, "working hours", "09:00-17:30")


def _week_duration(value: str) -> str:
    from gigtool.tracking.timelang import parse_duration

    if parse_duration(value).total_seconds() > 7 * 24 * 3600:
        raise InputError(f"{value!r} is longer than a week; weekly rest is at most 168h")
    return _duration(value)


def _weekdays(value: str) -> str:
    words = [w for w in re.split(r"[,\s]+", value.strip().lower()) if w]
    if words in (["none"], ["-"]):
        return "none"
    if not words:
        raise InputError("give weekdays like saturday,sunday (or none)")
    days = {weekday(w) for w in words}
    return ",".join(d for d in WEEKDAYS if d in days)


def _rule_names(value: str) -> str:
    from gigtool.balance.rules import RULES

    words = [w for w in re.split(r"[,\s]+", value.strip().lower()) if w]
    if words in (["none"], ["-"]):
        return "none"
    unknown = [w for w in words if w not in RULES]
    if unknown:
        raise InputError(f"unknown rule {unknown[0]!r}; rules are: {', '.join(RULES)}")
    return ",".join(r for r in RULES if r in words)


BALANCE_SETTINGS = (
    Setting("balance.day-warn", "8h", "Warn past this much work in a day", _duration),
    Setting("balance.day-max", "10h", "Alert past this much work in a day", _duration),
    Setting("balance.week-warn", "40h", "Warn past this much work in a week", _duration),
    Setting("balance.week-max", "48h", "Alert past this much work in a week", _duration),
    Setting("balance.week-extreme", "55h", "Say plainly: weeks this long harm health", _duration),
    Setting("balance.average-max", "48h", "Alert when the last 4 weeks average more", _duration),
    Setting(
        "balance.rest-min", "11h", "Alert when rest between working days is shorter", _duration
    ),
    Setting(
        "balance.rest-warn", "12h", "Warn when rest between working days is shorter", _duration
    ),
    Setting(
        "balance.weekly-rest",
        "35h",
        "Alert without one work-free stretch this long a week",
        _week_duration,
    ),
    Setting("balance.days-off", "saturday,sunday", "Days you mean not to work", _weekdays),
    Setting("balance.weekend-max", "4h", "Alert past this much work on a day off", _duration),
    Setting("balance.late-window", "22:00-05:00", "Late-night hours", _window),
    Setting("balance.late-max", "1h", "Alert past this much late-night work in a day", _duration),
    Setting(
        "balance.work-hours",
        "none",
        "Your working hours, e.g. 09:00-17:30 (none: not set)",
        _work_hours,
    ),
    Setting(
        "balance.outside-max",
        "30m",
        "Warn past this much work outside your hours in a day",
        _duration,
    ),
    Setting("balance.break-nudge", "90m", "Nudge after this much work without a break", _duration),
    Setting("balance.break-max", "6h", "Alert after this much work without a break", _duration),
    Setting("balance.break-gap", "15m", "The shortest pause that counts as a break", _duration),
    Setting("balance.meal-window", "12:00-13:00", "When you mean to eat", _daytime_window),
    Setting("balance.runaway", "10h", "Alert when one timer runs longer", _duration),
    Setting("balance.off", "none", "Rules switched off, e.g. weekend,late", _rule_names),
    Setting("balance.alerts", "true", "One-line alerts after gig log commands", boolean),
)

# Limits that only make sense in this order (a warning before the alert).
ORDERED = (
    ("balance.day-warn", "balance.day-max"),
    ("balance.week-warn", "balance.week-max"),
    ("balance.week-max", "balance.week-extreme"),
    ("balance.rest-min", "balance.rest-warn"),
    ("balance.break-nudge", "balance.break-max"),
)


def _check_order(conn: sqlite3.Connection, key: str, value: str) -> None:
    from gigtool.tracking.timelang import parse_duration

    for low, high in ORDERED:
        if key not in (low, high):
            continue
        lo = value if key == low else config.get(conn, low)
        hi = value if key == high else config.get(conn, high)
        if parse_duration(lo) > parse_duration(hi):
            raise InputError(
                f"{low} ({lo}) cannot be more than {high} ({hi}); change the other one first"
            )


# The settings behind each rule's limits, as `gig balance rules` lists them.
RULE_SETTINGS = {
    "day": ("day-warn", "day-max"),
    "week": ("week-warn", "week-max", "week-extreme"),
    "average": ("average-max",),
    "rest": ("rest-warn", "rest-min"),
    "weekly-rest": ("weekly-rest",),
    "weekend": ("days-off", "weekend-max"),
    "late": ("late-window", "late-max"),
    "hours": ("work-hours", "outside-max"),
    "break": ("break-nudge", "break-max", "break-gap"),
    "meal": ("meal-window",),
    "runaway": ("runaway",),
}

config.register(*BALANCE_SETTINGS, check=_check_order)


def limits_from(conn: sqlite3.Connection) -> Limits:
    """The limits the balance.* settings set, as the rules read them."""
    from gigtool.balance.rules import Limits
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


def rule_table(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each rule, whether it is on, its settings as they stand and where its defaults come from."""
    from gigtool.balance.rules import RULES, SOURCES

    off = config.get(conn, "balance.off").split(",")
    rows: list[dict[str, Any]] = []
    for rule in RULES:
        settings = {key: config.get(conn, f"balance.{key}") for key in RULE_SETTINGS[rule]}
        rows.append(
            {"rule": rule, "on": rule not in off, "settings": settings, "source": SOURCES[rule]}
        )
    return rows
