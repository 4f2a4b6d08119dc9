"""Numbers as reports show them: hours to two places, clock times, shares of 100%, and
parts cut to the minute that still add up to their total as shown."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

PRICED_BY_ENTRY = (
    "Each entry's amount is rounded to the cent before adding up, so an amount may "
    "differ by a few cents from its hours × rate."
)


def hours(seconds: int) -> Decimal:
    """Decimal hours to two places, the same in the table, the CSV and the JSON."""
    return (Decimal(seconds) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def agreeing(
    parts: Sequence[int], unit: int = 60, *, nearest: bool = False, shown_total: int | None = None
) -> tuple[list[int], int]:
    """Parts and their total as shown to whole `unit`s (a minute for `2h 05m` and `2:05`,
    36 seconds for hours to two places), made to add up: rows of 7h 49m in all never
    print a total of 7h 50m.

    The total is the exact total cut to the unit (`nearest`: rounded half up), as it shows
    anywhere else; each part is its own value cut to the unit, or one unit more where the
    parts that lost the most make up the difference (largest remainder). When everything
    is under a minute, seconds are exact and returned as they are.

    `shown_total` is a total already shown for these parts (a day's, in a grid of
    projects by day), which they are made to add up to instead.
    """
    total = sum(parts)
    if unit == 60 and 0 <= total < 60 and shown_total is None:
        return list(parts), total
    units = (total + unit // 2) // unit if nearest else total // unit
    if shown_total is not None:
        units = shown_total // unit
    shown = [part // unit for part in parts]
    missing = units - sum(shown)
    for i in sorted(range(len(parts)), key=lambda i: (-(parts[i] % unit), i))[:missing]:
        shown[i] += 1
    return [n * unit for n in shown], units * unit


def shares(parts: Sequence[int]) -> list[Decimal]:
    """Each part's percent of their sum to one place, adding up to exactly 100.0
    (largest remainder), so a Share column never totals 99.9% or 100.1%."""
    whole = sum(parts)
    if whole <= 0:
        return [Decimal("0.0")] * len(parts)
    tenths = [part * 1000 // whole for part in parts]
    missing = 1000 - sum(tenths)
    for i in sorted(range(len(parts)), key=lambda i: (-(parts[i] * 1000 % whole), i))[:missing]:
        tenths[i] += 1
    return [Decimal(n).scaleb(-1) for n in tenths]  # 68.0, not 68, beside 32.1


def share(part: int, whole: int) -> Decimal:
    """Percent of the whole, to one place."""
    if whole <= 0:
        return Decimal("0.0")
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def clock_text(seconds: int) -> str:
    """`12:05` (hours and minutes, as timesheets show time)."""
    hours_part, rest = divmod(seconds, 3600)
    return f"{hours_part}:{rest // 60:02d}"
