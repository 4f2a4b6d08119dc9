"""Repeating tasks: the `--every` rules as typed and stored, and the next due day."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from gigtool.errors import InputError, Refused
from gigtool.tasks.days import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from dateutil.rrule import rrule

_EVERY = (
    r"(?:(\d+)\s+)?(days?|weekdays?|weeks?|months?|years?)"
    r"(?:\s+on\s+(?:the\s+)?(.+))?"
)
_ALIASES = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annually": "year",
    "workday": "weekday",
    "workdays": "weekday",
    "fortnightly": "2 weeks",
}


def _every_error(text: str) -> InputError:
    return InputError(
        f"{text.strip()!r} is not a repeat (try day, weekday, week, week on mon,thu, "
        "month, month on 1, month on last, year or 2 weeks)"
    )


def _weekday_list(spec: str, text: str) -> list[str]:
    days: list[str] = []
    for word in re.split(r"[\s,]+|\band\b", spec):
        if not word:
            continue
        found = [d for d in WEEKDAYS if len(word) >= 3 and _full_day(d).startswith(word)]
        if len(found) != 1:
            raise _every_error(text)
        if found[0] not in days:
            days.append(found[0])
    if not days:
        raise _every_error(text)
    return sorted(days, key=WEEKDAYS.index)


def _full_day(short: str) -> str:
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return full[WEEKDAYS.index(short)]


def _month_day(spec: str, text: str) -> str:
    if spec == "last":
        return "last"
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", spec)
    if not match or not 1 <= int(match[1]) <= 31:
        raise InputError(f"{text.strip()!r}: a month has days 1 to 31 (or say last)")
    return str(int(match[1]))


def _year_day(spec: str, text: str) -> str:
    match = (
        re.fullmatch(r"(\d{1,2})-(\d{1,2})", spec)
        or re.fullmatch(r"([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?", spec)
        or re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?", spec)
    )
    if not match:
        raise _every_error(text)
    first, second = match[1], match[2]
    if first.isdigit() and second.isdigit():
        month, day = int(first), int(second)
    else:
        word, number = (first, second) if second.isdigit() else (second, first)
        if word not in MONTHS:
            raise _every_error(text)
        month, day = MONTHS.index(word) + 1, int(number)
    try:
        date(2000, month, day)  # a leap year: only days no year has fail
    except ValueError:
        raise InputError(f"{text.strip()!r} is not a day of the year") from None
    return f"{month}-{day}"


def parse_every(text: str, anchor: date) -> str:
    """A repeat as typed → the stored rule, e.g. `month` on the 30th → `1 month on 30`.

    A rule without a day takes the anchor's (the due date's), so a monthly task due
    on the 31st stays at the end of the month instead of drifting to the 28th.
    """
    s = " ".join(text.strip().lower().split())
    s = _ALIASES.get(s, s)
    if any(s == _full_day(d)[: len(s)] and len(s) >= 3 for d in WEEKDAYS) or re.fullmatch(
        r"[a-z]{3,}(?:\s*(?:,|and)\s*[a-z]{3,})+", s
    ):
        s = "week on " + s
    match = re.fullmatch(_EVERY, s)
    if not match:
        raise _every_error(text)
    count = int(match[1] or 1)
    unit = match[2].rstrip("s")
    spec = (match[3] or "").strip()
    if not 1 <= count <= 99:
        raise InputError(f"{text.strip()!r}: repeat every 1 to 99 {unit}s")
    if unit == "day" or unit == "weekday":
        if spec:
            raise _every_error(text)
        if unit == "weekday" and count != 1:
            raise InputError(f"{text.strip()!r}: say weekday, or every N days")
        return f"{count} {unit}"
    if unit == "week":
        days = _weekday_list(spec, text) if spec else [WEEKDAYS[anchor.weekday()]]
        return f"{count} week on {','.join(days)}"
    if unit == "month":
        return f"{count} month on {_month_day(spec, text) if spec else anchor.day}"
    return f"{count} year on {_year_day(spec, text) if spec else f'{anchor.month}-{anchor.day}'}"


def describe_every(rule: str) -> str:
    """`1 month on 1` → `every month on the 1st`."""
    count_text, unit, *rest = rule.split(" ", 2)
    count = int(count_text)
    spec = rest[0][3:] if rest else ""
    every = f"every {unit}" if count == 1 else f"every {count} {unit}s"
    if unit == "week":
        return f"{every} on " + ", ".join(d.title() for d in spec.split(","))
    if unit == "month":
        return f"{every} on the " + ("last day" if spec == "last" else _ordinal(int(spec)))
    if unit == "year":
        month, day = (int(x) for x in spec.split("-"))
        return f"{every} on {day} {MONTHS[month - 1].title()}"
    return every


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rule(rule: str, start: date) -> rrule:
    from dateutil import rrule as rr

    count_text, unit, *rest = rule.split(" ", 2)
    count = int(count_text)
    spec = rest[0][3:] if rest else ""
    dtstart = datetime.combine(start, time())
    weekdays = (rr.MO, rr.TU, rr.WE, rr.TH, rr.FR, rr.SA, rr.SU)

    def month_days(day: str) -> dict[str, Any]:
        if day == "last":
            return {"bymonthday": -1}
        number = int(day)
        if number <= 28:
            return {"bymonthday": number}
        # The 29th-31st fall back to the month's last day: the latest of 28..N it has.
        return {"bymonthday": tuple(range(28, number + 1)), "bysetpos": -1}

    if unit == "day":
        return rr.rrule(rr.DAILY, interval=count, dtstart=dtstart)
    if unit == "weekday":
        return rr.rrule(rr.DAILY, byweekday=weekdays[:5], dtstart=dtstart)
    if unit == "week":
        days = [weekdays[WEEKDAYS.index(d)] for d in spec.split(",")]
        return rr.rrule(rr.WEEKLY, interval=count, byweekday=days, dtstart=dtstart)
    if unit == "month":
        return rr.rrule(rr.MONTHLY, interval=count, dtstart=dtstart, **month_days(spec))
    month, day = spec.split("-")
    return rr.rrule(
        rr.YEARLY,
        interval=count,
        bymonth=int(month),
        dtstart=dtstart,
        **month_days(day),
    )


def first_due(rule: str, today: date) -> date:
    """The first day the rule falls on, today included."""
    found = _rule(rule, today).after(datetime.combine(today, time()), inc=True)
    return found.date() if found else today


def next_due(rule: str, due: date | None, today: date) -> date:
    """The next occurrence after the one just done: after its due date, and not in the past.

    A weekly task done three weeks late comes back next week, not three times;
    one done early comes back a period after its due date.
    """
    anchor = due or today
    after = max(anchor, today) if due else today
    found = _rule(rule, anchor).after(datetime.combine(after, time()), inc=False)
    if found is None:
        raise Refused(f"the repeat {describe_every(rule)!r} has no next day")
    return found.date()
