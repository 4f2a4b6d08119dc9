"""What a period adds up to: income by client, expenses by Schedule C line, mileage,
hours and effective rates, and the notes an accountant should read."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gigtool.amounts import decimal_string
from gigtool.clock import Clock, local_zone
from gigtool.money import income as payments
from gigtool.money import mileage, receipts
from gigtool.money import tax_tables as tax
from gigtool.money.checks import now_stamp
from gigtool.money.income import IncomeRow
from gigtool.money.mileage import TripRow, miles_text
from gigtool.money.receipts import ReceiptRow
from gigtool.money.span import Span


@dataclass(frozen=True)
class ClientTime:
    client: str | None
    seconds: int
    billable_seconds: int
    entries: int


def time_by_client(conn: sqlite3.Connection, clock: Clock, span: Span) -> list[ClientTime]:
    """Time tracked inside the span's working days, per client: an entry across the
    span's edge (23:00 on 31 Dec to 01:00) counts only its part inside, as `gig log
    report` counts it, so a month's hours and rates agree with the report's."""
    from gigtool.config import get
    from gigtool.periods import days

    hour = int(get(conn, "day-start"))
    period = days(span.first, span.last, local_zone(), span.label, hour)
    now = now_stamp(clock)
    since, until = int(period.since.timestamp()), int(period.until.timestamp())
    inside = "(MIN(COALESCE(e.end_utc, :now), :until) - MAX(e.start_utc, :since))"
    rows = conn.execute(
        f"SELECT c.name, SUM({inside}), "
        f"SUM(CASE WHEN e.billable THEN {inside} ELSE 0 END), "
        "count(*) FROM time_entry e LEFT JOIN project p ON p.id = e.project_id "
        "LEFT JOIN client c ON c.id = p.client_id "
        "WHERE e.start_utc < :until AND COALESCE(e.end_utc, :now) > :since "
        "GROUP BY c.id ORDER BY c.name",
        {"now": now, "since": since, "until": until},
    )
    return [ClientTime(r[0], max(int(r[1]), 0), max(int(r[2]), 0), r[3]) for r in rows]


@dataclass
class PeriodData:
    span: Span
    receipts: list[ReceiptRow]
    income: list[IncomeRow]
    trips: list[TripRow]
    time: list[ClientTime]
    lines: tax.LineTable


def period_data(conn: sqlite3.Connection, clock: Clock, span: Span) -> PeriodData:
    return PeriodData(
        span,
        receipts.list_receipts(conn, span),
        payments.list_income(conn, span),
        mileage.list_trips(conn, span),
        time_by_client(conn, clock, span),
        tax.schedule_c(span.tax_year),
    )


@dataclass
class CategoryTotal:
    category: tax.Category
    line_number: str | None
    currency: str
    count: int = 0
    amount_cents: int = 0
    business_cents: int = 0
    deductible_cents: int = 0


@dataclass
class ClientIncome:
    client: str
    currency: str
    count: int = 0
    amount_cents: int = 0


@dataclass
class ClientRate:
    client: str | None
    seconds: int
    billable_seconds: int
    entries: int
    income: dict[str, int]

    def hourly(self, currency: str) -> int | None:
        """Income per tracked hour, in minor units, or None without hours."""
        if self.seconds <= 0 or currency not in self.income:
            return None
        value = Decimal(self.income[currency] * 3600) / Decimal(self.seconds)
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Summary:
    data: PeriodData
    income: list[ClientIncome]
    expenses: list[CategoryTotal]
    owner: list[CategoryTotal]
    rates: list[ClientRate]
    income_total: dict[str, int]
    paid_total: dict[str, int]
    deductible_total: dict[str, int]
    owner_total: dict[str, int]
    miles_hundredths: int
    commute_hundredths: int
    mileage_cents: int
    notes: list[str]

    @property
    def currencies(self) -> list[str]:
        every = set(self.income_total) | set(self.paid_total) | set(self.deductible_total)
        return sorted(every)

    def net(self) -> dict[str, int]:
        """Income minus deductible expenses, per currency: the Schedule C view."""
        return {
            c: self.income_total.get(c, 0) - self.deductible_total.get(c, 0)
            for c in self.currencies
        }

    @property
    def recorded(self) -> bool:
        """Anything at all in the period: a receipt, a payment, a drive or tracked time."""
        return bool(self.data.receipts or self.data.income or self.data.trips or self.data.time)

    @property
    def business_trips(self) -> int:
        return sum(1 for t in self.data.trips if not t.commute)

    @property
    def mileage_rates(self) -> list[Decimal]:
        """The standard rates the business drives were valued at, lowest first."""
        return sorted({t.rate.rate.cents_per_mile for t in self.data.trips if not t.commute})


def _add(sums: dict[str, int], currency: str, cents: int) -> None:
    sums[currency] = sums.get(currency, 0) + cents


def summarize(data: PeriodData) -> Summary:
    lines = data.lines
    by_category: dict[tuple[str, str], CategoryTotal] = {}
    paid: dict[str, int] = {}
    deductible: dict[str, int] = {}
    owner_total: dict[str, int] = {}
    for r in data.receipts:
        key = (r.category.key, r.amount.currency)
        total = by_category.get(key)
        if total is None:
            total = by_category[key] = CategoryTotal(
                r.category, lines.number(r.category.line), r.amount.currency
            )
        total.count += 1
        total.amount_cents += r.amount.cents
        total.business_cents += r.business_cents
        total.deductible_cents += r.deductible_cents
        if r.category.owner:
            _add(owner_total, r.amount.currency, r.amount.cents)
        else:
            _add(paid, r.amount.currency, r.amount.cents)
            _add(deductible, r.amount.currency, r.deductible_cents)
    order = {c.key: i for i, c in enumerate(tax.BUILTIN)}

    def place(t: CategoryTotal) -> tuple[int, str, str]:
        return (order.get(t.category.key, len(order)), t.category.key, t.currency)

    expenses = sorted((t for t in by_category.values() if not t.category.owner), key=place)
    owner = sorted((t for t in by_category.values() if t.category.owner), key=place)

    by_client: dict[tuple[str, str], ClientIncome] = {}
    income_total: dict[str, int] = {}
    for i in data.income:
        item = by_client.setdefault(
            (i.client, i.amount.currency), ClientIncome(i.client, i.amount.currency)
        )
        item.count += 1
        item.amount_cents += i.amount.cents
        _add(income_total, i.amount.currency, i.amount.cents)
    income = sorted(by_client.values(), key=lambda c: (c.client.lower(), c.currency))

    rates: dict[str | None, ClientRate] = {
        t.client: ClientRate(t.client, t.seconds, t.billable_seconds, t.entries, {})
        for t in data.time
    }
    for item in income:
        rate = rates.setdefault(item.client, ClientRate(item.client, 0, 0, 0, {}))
        rate.income[item.currency] = item.amount_cents

    miles = sum(t.miles_hundredths for t in data.trips if not t.commute)
    commute = sum(t.miles_hundredths for t in data.trips if t.commute)
    mileage = sum(t.value_cents for t in data.trips)
    if mileage:
        _add(deductible, "USD", mileage)

    notes: list[str] = []
    if lines.note:
        notes.append(lines.note)
    rate_notes = {t.rate.note for t in data.trips if t.rate.note}
    notes.extend(sorted(n for n in rate_notes if n))
    if mileage and any(r.category.line == "car_truck" for r in data.receipts):
        notes.append(
            "there are both car expenses and standard-mileage trips; the IRS allows one "
            "method per vehicle, so ask your accountant which to keep"
        )
    return Summary(
        data=data,
        income=income,
        expenses=expenses,
        owner=owner,
        rates=sorted(rates.values(), key=lambda r: (r.client is None, (r.client or "").lower())),
        income_total=income_total,
        paid_total=paid,
        deductible_total=deductible,
        owner_total=owner_total,
        miles_hundredths=miles,
        commute_hundredths=commute,
        mileage_cents=mileage,
        notes=notes,
    )


def figures(conn: sqlite3.Connection, clock: Clock, span: Span) -> Summary:
    """What `span` adds up to, read and summed."""
    return summarize(period_data(conn, clock, span))


def receipt_totals(span: Span, found: Sequence[ReceiptRow]) -> list[tuple[str, int, int]]:
    """What a list of receipts adds up to, per currency: (currency, paid, deductible),
    owner items counted as paid."""
    paid = summarize(PeriodData(span, list(found), [], [], [], tax.schedule_c(span.tax_year)))
    every = {
        k: paid.paid_total.get(k, 0) + paid.owner_total.get(k, 0)
        for k in set(paid.paid_total) | set(paid.owner_total)
    }
    return [(c, cents, paid.deductible_total.get(c, 0)) for c, cents in sorted(every.items())]


# --- as plain fields -----------------------------------------------------------------------


def hours_text(seconds: int) -> str:
    """Seconds as hours with two decimals: `1.50`."""
    return f"{(Decimal(seconds) / 3600).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"


def summary_fields(s: Summary) -> dict[str, Any]:
    """A period's figures as plain fields, amounts as decimal text per currency."""

    def amounts(sums: dict[str, int]) -> dict[str, str]:
        return {c: decimal_string(v, c) for c, v in sorted(sums.items())}

    return {
        "month": s.data.span.slug,
        "label": s.data.span.label,
        "tax_year": s.data.lines.tax_year,
        "schedule_c_form_year": s.data.lines.form_year,
        "income_by_client": [
            {
                "client": c.client,
                "currency": c.currency,
                "payments": c.count,
                "amount": decimal_string(c.amount_cents, c.currency),
            }
            for c in s.income
        ],
        "expenses_by_category": [
            {
                "category": t.category.key,
                "label": t.category.label,
                "schedule_c_line": t.line_number,
                "currency": t.currency,
                "count": t.count,
                "amount": decimal_string(t.amount_cents, t.currency),
                "deductible": decimal_string(t.deductible_cents, t.currency),
            }
            for t in s.expenses
        ],
        "owner_items": [
            {
                "category": t.category.key,
                "currency": t.currency,
                "count": t.count,
                "amount": decimal_string(t.amount_cents, t.currency),
            }
            for t in s.owner
        ],
        "mileage": {
            "miles": miles_text(s.miles_hundredths),
            "commute_miles": miles_text(s.commute_hundredths),
            "value": decimal_string(s.mileage_cents, "USD"),
            "currency": "USD",
        },
        "time_by_client": [
            {
                "client": r.client,
                "hours": hours_text(r.seconds),
                "billable_hours": hours_text(r.billable_seconds),
                "income": amounts(r.income),
                "effective_hourly_rate": {
                    c: decimal_string(v, c)
                    for c in sorted(r.income)
                    if (v := r.hourly(c)) is not None
                },
            }
            for r in s.rates
        ],
        "income": amounts(s.income_total),
        "expenses": amounts(s.paid_total),
        "deductible": amounts(s.deductible_total),
        "net": amounts(s.net()),
        "notes": s.notes,
    }
