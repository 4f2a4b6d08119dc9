"""The span of days a money list or summary covers: a month, a year, or all time."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from gigtool.clock import Clock, local_zone
from gigtool.errors import InputError


def today(clock: Clock) -> date:
    return clock.now().astimezone(local_zone()).date()


@dataclass(frozen=True)
class Span:
    first: date
    last: date
    label: str
    kind: str = "month"  # month | year | all

    @property
    def tax_year(self) -> int:
        return self.first.year

    @property
    def slug(self) -> str:
        """`2026-11` or `2026`, for folder names."""
        return f"{self.first:%Y-%m}" if self.kind == "month" else f"{self.first:%Y}"


ALL_TIME = Span(date(1, 1, 1), date(9999, 12, 31), "all time", "all")


def entry_day(text: str | None, now: date) -> date:
    """The day a money entry happened, as typed (`yesterday`, `mon`, `2026-11-03`), or today."""
    from gigtool.tracking.timelang import parse_day

    # Money is recorded once it happened: `dec 20` on 1 December is last year's or
    # nothing, and last year's is too far back to take without its year.
    return parse_day(text, now, ahead=0) if text is not None else now


def month_of(day: date) -> Span:
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return Span(day.replace(day=1), last, f"{day:%B %Y}")


def parse_month(text: str | None, now: date) -> Span:
    """`2026-11`, `nov`, `november 2025`, `this` or `last` → that month."""
    if text is None:
        return month_of(now)
    word = text.strip().lower()
    if word in ("this", "this-month", "month"):
        return month_of(now)
    if word in ("last", "last-month"):
        return month_of(now.replace(day=1) - timedelta(days=1))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", word):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise InputError(f"{text!r} is not a month: months go from 01 to 12")
        return month_of(date(year, month, 1))
    if m := re.fullmatch(r"([a-z]+)\.?(?:\s+(\d{4}))?", word):
        named = _month_number(m[1])
        if named is not None:
            if m[2]:
                return month_of(date(int(m[2]), named, 1))
            year = now.year if named <= now.month else now.year - 1
            return month_of(date(year, named, 1))
    raise InputError(f"{text!r} is not a month; write it like 2026-11, nov or last")


def _month_number(word: str) -> int | None:
    if len(word) < 3:
        return None
    for number in range(1, 13):
        if calendar.month_name[number].lower().startswith(word):
            return number
    return None


def parse_year(text: str) -> Span:
    if not re.fullmatch(r"\d{4}", text.strip()) or not 1970 <= int(text) <= 9998:
        raise InputError(f"{text!r} is not a year; write it like 2026")
    year = int(text)
    return Span(date(year, 1, 1), date(year, 12, 31), str(year), "year")


def pick_span(month: str | None, year: str | None, every: bool, now: date) -> Span:
    """The span a list asks for: a month (this one by default), a year, or all time."""
    if sum(bool(x) for x in (month, year, every)) > 1:
        raise InputError("choose one of --month, --year and --all")
    if every:
        return ALL_TIME
    if year:
        return parse_year(year)
    return parse_month(month, now)
