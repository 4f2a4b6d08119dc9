"""Every setting gig has, validated in one place, stored in the database."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from gigtool.errors import InputError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Setting:
    key: str
    default: str
    help: str
    normalise: Callable[[str], str]


def _currency(value: str) -> str:
    from gigtool.amounts import check_currency

    return check_currency(value)


def _rate(value: str, currency: str = "USD", decimal_comma: bool = False) -> str:
    """Stored with its currency, so changing the `currency` setting later cannot
    reinterpret it (90.50 read as yen would not even be a valid amount)."""
    from gigtool.amounts import decimal_string, parse_money

    money = parse_money(value, currency, decimal_comma=decimal_comma)
    return f"{decimal_string(money.cents, money.currency)} {money.currency}"


def _weekday(value: str) -> str:
    word = value.strip().lower()
    for day in WEEKDAYS:
        if len(word) >= 3 and day.startswith(word):
            return day
    raise InputError(f"{value!r} is not a weekday; try monday or sunday")


def _hour(value: str) -> str:
    match = re.fullmatch(r"([0-9]{1,2})(?::00)?\s*(am|pm)?", value.strip().lower())
    if match:
        hour = int(match.group(1))
        if match.group(2):
            if not 1 <= hour <= 12:
                raise InputError(f"{value!r} is not an hour of the day; with am/pm use 1 to 12")
            hour = hour % 12 + (12 if match.group(2) == "pm" else 0)
        if 0 <= hour <= 23:
            return str(hour)
    raise InputError(f"{value!r} is not an hour of the day; try 0 (midnight) or 4 (4am)")


def _days(value: str) -> str:
    if re.fullmatch(r"[0-9]{1,2}", value.strip()) and int(value) <= 60:
        return str(int(value))
    raise InputError(f"{value!r} is not a number of days from 0 to 60; try 3")


def _bool(value: str) -> str:
    word = value.strip().lower()
    if word in {"true", "yes", "on", "1"}:
        return "true"
    if word in {"false", "no", "off", "0"}:
        return "false"
    raise InputError(f"{value!r} is not true or false")


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
    days = {_weekday(w) for w in words}
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
    Setting("balance.alerts", "true", "One-line alerts after gig log commands", _bool),
)

SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("currency", "USD", "Default currency for rates and money (ISO 4217)", _currency),
        Setting("rate", "", "Default hourly rate when neither project nor client has one", _rate),
        Setting("week-start", "monday", "First day of the week in reports", _weekday),
        Setting(
            "day-start", "0", "Hour a working day starts, for people who work past midnight", _hour
        ),
        Setting("urgency-window", "3", "Days before a due date that a task becomes urgent", _days),
        Setting(
            "decimal-comma", "false", "Read 1.200,50 as one thousand two hundred and a half", _bool
        ),
        *BALANCE_SETTINGS,
    )
}


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
        lo = value if key == low else get(conn, low)
        hi = value if key == high else get(conn, high)
        if parse_duration(lo) > parse_duration(hi):
            raise InputError(
                f"{low} ({lo}) cannot be more than {high} ({hi}); change the other one first"
            )


def setting(key: str) -> Setting:
    try:
        return SETTINGS[key]
    except KeyError:
        raise InputError(f"unknown setting {key!r}; settings are: {', '.join(SETTINGS)}") from None


def get(conn: sqlite3.Connection, key: str) -> str:
    spec = setting(key)
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else spec.default


def stored(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM setting").fetchall())


def set_value(conn: sqlite3.Connection, key: str, value: str) -> str:
    from gigtool.store.db import transaction

    if key == "rate":  # read in the user's own currency and decimal style
        normal = _rate(value, get(conn, "currency"), get(conn, "decimal-comma") == "true")
    else:
        normal = setting(key).normalise(value)
    _check_order(conn, key, normal)
    with transaction(conn):
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, normal),
        )
    return normal


def unset(conn: sqlite3.Connection, key: str) -> str:
    from gigtool.store.db import transaction

    spec = setting(key)
    with transaction(conn):
        conn.execute("DELETE FROM setting WHERE key = ?", (key,))
    return spec.default
