"""Settings: what one is, the registry of them all, and reading and writing them.

The general settings are declared here, checked with nothing but the kernel. Each
domain declares its own in its own `settings.py`, which registers them when it is
imported: code that reads a domain's keys imports that module first, and `gig
config` imports every one.
"""

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


def weekday(value: str) -> str:
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


def boolean(value: str) -> str:
    word = value.strip().lower()
    if word in {"true", "yes", "on", "1"}:
        return "true"
    if word in {"false", "no", "off", "0"}:
        return "false"
    raise InputError(f"{value!r} is not true or false")


# A check sees every new value before it is saved and may read the others (a warning
# limit must stay below its alert); it raises InputError to refuse the value.
Check = Callable[[sqlite3.Connection, str, str], None]

SETTINGS: dict[str, Setting] = {}
_CHECKS: list[Check] = []


def register(*settings: Setting, after: str | None = None, check: Check | None = None) -> None:
    """Declare settings (a domain's settings module does, when imported), listed right
    after the key `after`, else last; `check`, if given, sees every value set from now on."""
    entries = list(SETTINGS.items())
    at = [key for key, _ in entries].index(after) + 1 if after else len(entries)
    entries[at:at] = [(s.key, s) for s in settings]
    SETTINGS.clear()
    SETTINGS.update(entries)
    if check is not None:
        _CHECKS.append(check)


register(
    Setting("currency", "USD", "Default currency for rates and money (ISO 4217)", _currency),
    Setting("rate", "", "Default hourly rate when neither project nor client has one", _rate),
    Setting("week-start", "monday", "First day of the week in reports", weekday),
    Setting(
        "day-start", "0", "Hour a working day starts, for people who work past midnight", _hour
    ),
    Setting(
        "decimal-comma", "false", "Read 1.200,50 as one thousand two hundred and a half", boolean
    ),
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
    for check in _CHECKS:
        check(conn, key, normal)
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
