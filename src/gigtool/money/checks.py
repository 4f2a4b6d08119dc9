"""What every money entry (receipt, payment, trip) is checked against before it is recorded."""

from __future__ import annotations

import re
from datetime import date

from gigtool.amounts import Money
from gigtool.clock import Clock
from gigtool.errors import InputError
from gigtool.inputs import bounded
from gigtool.money.span import today

TEXT_LIMIT = 200
UNCHANGED: object = object()


def now_stamp(clock: Clock) -> int:
    return int(clock.now().timestamp())


def check_day(day: date, clock: Clock, what: str) -> date:
    if day > today(clock):
        raise InputError(
            f"{day:%a %d %b %Y} is in the future; {what} are recorded once they happen"
        )
    return day


def clean_text(value: str, what: str, *, required: bool = True) -> str:
    clean = value.strip()
    if required and not clean:
        raise InputError(f"the {what} cannot be empty")
    if len(clean) > TEXT_LIMIT:
        raise InputError(f"the {what} is at most {TEXT_LIMIT} characters")
    return clean


def optional_text(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    clean = clean_text(value, what, required=False)
    return clean or None


def parse_percent(text: str, what: str = "business share") -> int:
    """`60` or `60%` → 60; a share is a whole percent from 1 to 100."""
    clean = bounded(text, f"a {what}").strip().rstrip("%").strip()
    # ASCII digits only, and few of them: "²" and "١٢" are digits to str.isdigit().
    if not re.fullmatch(r"[0-9]{1,3}", clean) or not 1 <= int(clean) <= 100:
        raise InputError(f"{text!r} is not a {what}; give a whole percent from 1 to 100")
    return int(clean)


def check_amount(amount: Money) -> None:
    if amount.cents <= 0:
        raise InputError("the amount must be more than zero")
