"""The user's working day, and days said the way a person says them.

Due dates and deferrals are days on the user's calendar, stored as ISO dates.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from gigtool.clock import Clock, local_zone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def today_of(conn: sqlite3.Connection, clock: Clock) -> date:
    """The user's working day: before the configured day-start hour it is still yesterday."""
    from gigtool.config import get
    from gigtool.periods import local_today

    return local_today(clock.now(), local_zone(), int(get(conn, "day-start")))


def format_day(day: date, today: date) -> str:
    text = f"{WEEKDAYS[day.weekday()].title()} {day.day} {MONTHS[day.month - 1].title()}"
    return text if day.year == today.year else f"{text} {day.year}"


def relative_due(due: date | None, today: date) -> str:
    """`today`, `tomorrow`, `Fri (2d)`, `Mon 7 Dec (12d)`, `3d overdue`."""
    if due is None:
        return ""
    days = (due - today).days
    if days < 0:
        return f"{-days}d overdue"
    if days <= 1:
        return "today" if days == 0 else "tomorrow"
    if days < 7:
        return f"{WEEKDAYS[due.weekday()].title()} ({days}d)"
    return f"{format_day(due, today)} ({days}d)"


def in_days(day: date, today: date) -> str:
    days = (day - today).days
    if days in (-1, 0, 1):
        return {-1: "yesterday, overdue", 0: "today", 1: "tomorrow"}[days]
    return f"{-days} days overdue" if days < 0 else f"in {days} days"
