"""Mileage: business drives, valued at the IRS standard rate of their day."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from gigtool.amounts import decimal_string
from gigtool.clock import Clock
from gigtool.errors import InputError, NotFound
from gigtool.money import tax_tables as tax
from gigtool.money.checks import UNCHANGED, check_day, clean_text, now_stamp, optional_text
from gigtool.money.span import ALL_TIME, Span
from gigtool.store.db import transaction


@dataclass(frozen=True)
class TripRow:
    id: int
    day: date
    miles_hundredths: int
    purpose: str
    vehicle: str | None
    commute: bool
    created_at: int

    @property
    def miles(self) -> Decimal:
        return Decimal(self.miles_hundredths).scaleb(-2)

    @property
    def rate(self) -> tax.RateFor:
        return tax.mileage_rate(self.day)

    @property
    def value_cents(self) -> int:
        """The deduction at the IRS standard rate, in USD cents; commuting is worth nothing."""
        if self.commute:
            return 0
        return tax.mileage_value(self.miles_hundredths, self.rate.rate.cents_per_mile)


def parse_miles(text: str) -> int:
    """`12.4`, `12.4 mi`, `30 miles` → hundredths of a mile."""
    clean = re.sub(r"\s*(mi|mile|miles)\.?$", "", text.strip().lower())
    try:
        value = Decimal(clean)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not re.fullmatch(r"\d*\.?\d+", clean):
        raise InputError(f"{text!r} is not a distance; give miles like 12.4")
    hundredths = value.scaleb(2)
    if hundredths != hundredths.to_integral_value():
        raise InputError(f"{text!r} has more than two decimals; round it to 0.01 mile")
    if not 0 < value <= 5000:
        raise InputError(f"{text!r}: a trip is more than 0 and at most 5,000 miles")
    return int(hundredths)


_TRIP_SELECT = "SELECT id, day, miles_hundredths, purpose, vehicle, commute, created_at FROM trip "


def _trips(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[TripRow]:
    return [
        TripRow(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4], bool(r[5]), r[6])
        for r in conn.execute(_TRIP_SELECT + where + " ORDER BY day, id", params)
    ]


def get_trip(conn: sqlite3.Connection, trip_id: int) -> TripRow:
    found = _trips(conn, "WHERE id = ?", (trip_id,))
    if not found:
        raise NotFound(f"no trip #{trip_id}; see `gig mileage list`")
    return found[0]


def list_trips(conn: sqlite3.Connection, span: Span = ALL_TIME) -> list[TripRow]:
    return _trips(
        conn, "WHERE day >= ? AND day <= ?", (span.first.isoformat(), span.last.isoformat())
    )


def add_trip(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    miles_hundredths: int,
    purpose: str,
    day: date,
    vehicle: str | None = None,
    commute: bool = False,
) -> TripRow:
    purpose = clean_text(purpose, "purpose")
    vehicle = optional_text(vehicle, "vehicle")
    check_day(day, clock, "trips")
    tax.mileage_rate(day)  # refuses a day before the rates gig knows
    with transaction(conn):
        now = now_stamp(clock)
        cur = conn.execute(
            "INSERT INTO trip (day, miles_hundredths, purpose, vehicle, commute, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (day.isoformat(), miles_hundredths, purpose, vehicle, commute, now, now),
        )
        return get_trip(conn, int(cur.lastrowid or 0))


def edit_trip(
    conn: sqlite3.Connection,
    clock: Clock,
    trip_id: int,
    *,
    miles_hundredths: int | None = None,
    purpose: str | None = None,
    day: date | None = None,
    vehicle: str | None | object = UNCHANGED,
    commute: bool | None = None,
) -> TripRow:
    if day is not None:
        check_day(day, clock, "trips")
        tax.mileage_rate(day)
    with transaction(conn):
        get_trip(conn, trip_id)
        sets: dict[str, object] = {}
        if miles_hundredths is not None:
            sets["miles_hundredths"] = miles_hundredths
        if purpose is not None:
            sets["purpose"] = clean_text(purpose, "purpose")
        if day is not None:
            sets["day"] = day.isoformat()
        if vehicle is not UNCHANGED:
            sets["vehicle"] = optional_text(vehicle, "vehicle")  # type: ignore[arg-type]
        if commute is not None:
            sets["commute"] = commute
        sets["updated_at"] = now_stamp(clock)
        assignments = ", ".join(f"{column} = ?" for column in sets)
        conn.execute(f"UPDATE trip SET {assignments} WHERE id = ?", (*sets.values(), trip_id))
        return get_trip(conn, trip_id)


def delete_trip(conn: sqlite3.Connection, trip_id: int) -> TripRow:
    with transaction(conn):
        row = get_trip(conn, trip_id)
        conn.execute("DELETE FROM trip WHERE id = ?", (trip_id,))
        return row


# --- what a period adds up to ----------------------------------------------------------------


# --- as plain fields -----------------------------------------------------------------------

TRIP_COLUMNS = (
    "id",
    "date",
    "miles",
    "purpose",
    "vehicle",
    "commute",
    "rate_cents_per_mile",
    "value",
    "currency",
    "rate_source",
    "rate_note",
)


def miles_text(hundredths: int) -> str:
    """Hundredths of a mile as miles: `12.4`, `30`, `0.05`."""
    return f"{Decimal(hundredths).scaleb(-2):f}"


def trip_fields(t: TripRow) -> dict[str, Any]:
    """A drive as plain fields (TRIP_COLUMNS), with the rate of its day and its value."""
    return {
        "id": t.id,
        "date": t.day.isoformat(),
        "miles": f"{t.miles:f}",
        "purpose": t.purpose,
        "vehicle": t.vehicle,
        "commute": t.commute,
        "rate_cents_per_mile": f"{t.rate.rate.cents_per_mile:f}",
        "value": decimal_string(t.value_cents, "USD"),
        "currency": "USD",
        "rate_source": t.rate.rate.source,
        "rate_note": t.rate.note,
    }


@dataclass(frozen=True)
class TripTotals:
    miles_hundredths: int  # every mile, commuting too
    commute_hundredths: int
    value_cents: int  # USD


def totals(trips: Sequence[TripRow]) -> TripTotals:
    return TripTotals(
        sum(t.miles_hundredths for t in trips),
        sum(t.miles_hundredths for t in trips if t.commute),
        sum(t.value_cents for t in trips),
    )


def rate_fields() -> list[dict[str, str]]:
    """The IRS standard mileage rates gig knows, oldest first, with their sources."""
    return [
        {
            "since": r.since.isoformat(),
            "cents_per_mile": f"{r.cents_per_mile:f}",
            "source": r.source,
        }
        for r in tax.MILEAGE_RATES
    ]
