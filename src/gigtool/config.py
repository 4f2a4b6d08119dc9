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
    from gigtool.money import check_currency

    return check_currency(value)


def _rate(value: str) -> str:
    from gigtool.money import decimal_string, parse_money

    money = parse_money(value, "USD")
    has_code = bool(re.search(r"[A-Za-z€£¥$₹₩]", value))
    amount = decimal_string(money.cents, money.currency)
    return f"{amount} {money.currency}" if has_code else amount


def _weekday(value: str) -> str:
    word = value.strip().lower()
    for day in WEEKDAYS:
        if len(word) >= 3 and day.startswith(word):
            return day
    raise InputError(f"{value!r} is not a weekday; try monday or sunday")


def _hour(value: str) -> str:
    match = re.fullmatch(r"(\d{1,2})(?::00)?\s*(am|pm)?", value.strip().lower())
    if match:
        hour = int(match.group(1))
        if match.group(2):
            hour = hour % 12 + (12 if match.group(2) == "pm" else 0)
        if 0 <= hour <= 23:
            return str(hour)
    raise InputError(f"{value!r} is not an hour of the day; try 0 (midnight) or 4 (4am)")


def _days(value: str) -> str:
    if value.strip().isdigit() and 0 <= int(value) <= 60:
        return str(int(value))
    raise InputError(f"{value!r} is not a number of days from 0 to 60; try 3")


def _bool(value: str) -> str:
    word = value.strip().lower()
    if word in {"true", "yes", "on", "1"}:
        return "true"
    if word in {"false", "no", "off", "0"}:
        return "false"
    raise InputError(f"{value!r} is not true or false")


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
    )
}


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

    normal = setting(key).normalise(value)
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
