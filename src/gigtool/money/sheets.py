"""The tables of the accountant's package, built from a period's figures: transactions,
expenses by category, income by client, missing receipts, mileage, time, and for a
year the Schedule C worksheet. Numbers stay numbers; writing them is `spreadsheets`'."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath

from gigtool.amounts import to_decimal
from gigtool.money import receipt_files as files_store
from gigtool.money import tax_tables as tax
from gigtool.money.receipts import ReceiptRow
from gigtool.money.summary import Summary

Cell = str | int | Decimal | date | None


@dataclass
class Sheet:
    """One table, written as a CSV and as a sheet of the workbook."""

    name: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


# --- the cells -----------------------------------------------------------------------------


def amount_cell(cents: int, currency: str) -> Decimal:
    return to_decimal(cents, currency)


def _hours(seconds: int) -> Decimal:
    return (Decimal(seconds) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class FileOut:
    receipt_id: int
    source: str  # relative to the data folder
    target: str  # relative to the package root
    sha256: str  # as recorded when filed


def package_files(receipts: Sequence[ReceiptRow]) -> list[FileOut]:
    """Where each receipt file goes in the package: names gig builds, never user paths."""
    out: list[FileOut] = []
    for r in receipts:
        for n, filed in enumerate(r.files, start=1):
            ext = files_store.safe_ext(PurePosixPath(filed.path).name)
            name = files_store.file_name(r.day, r.vendor, r.amount, r.id, n, ext)
            out.append(FileOut(r.id, filed.path, f"receipts/{r.day:%Y-%m}/{name}", filed.sha256))
    return out


def build_sheets(
    summary: Summary, files: Sequence[FileOut], flagged: dict[int, str], *, year: bool
) -> list[Sheet]:
    """The tables of the package; `flagged` gives the receipts missing_receipts lists, and why."""
    data = summary.data
    lines = data.lines
    by_receipt: dict[int, list[FileOut]] = {}
    for f in files:
        by_receipt.setdefault(f.receipt_id, []).append(f)

    transactions = Sheet(
        "transactions",
        [
            "id",
            "date",
            "kind",
            "vendor_or_payer",
            "client",
            "description",
            "category",
            "schedule_c_line",
            "amount",
            "currency",
            "payment_account",
            "business_pct",
            "deductible_amount",
            "receipt_file",
            "receipt_sha256",
        ],
    )
    events: list[tuple[date, int, int, list[Cell]]] = []
    for r in data.receipts:
        mine = by_receipt.get(r.id, [])
        events.append(
            (
                r.day,
                1,
                r.id,
                [
                    r.id,
                    r.day,
                    r.kind,
                    r.vendor,
                    r.client,
                    r.note,
                    r.category.key,
                    lines.number(r.category.line),
                    -amount_cell(r.amount.cents, r.amount.currency),
                    r.amount.currency,
                    r.paid_with,
                    r.business_pct,
                    amount_cell(r.deductible_cents, r.amount.currency),
                    "; ".join(f.target for f in mine),
                    "; ".join(f.sha256 for f in mine),
                ],
            )
        )
    for i in data.income:
        description = "; ".join(
            part
            for part in (
                f"invoice {i.invoice}" if i.invoice else "",
                i.form if i.form != "none" else "",
                i.note,
            )
            if part
        )
        events.append(
            (
                i.day,
                0,
                i.id,
                [
                    i.id,
                    i.day,
                    "income",
                    i.client,
                    i.client,
                    description,
                    "income",
                    lines.number("gross_receipts"),
                    amount_cell(i.amount.cents, i.amount.currency),
                    i.amount.currency,
                    i.account,
                    None,
                    None,
                    None,
                    None,
                ],
            )
        )
    transactions.rows = [row for *_, row in sorted(events, key=lambda e: e[:3])]

    by_category = Sheet(
        "expenses_by_category",
        [
            "category",
            "label",
            "schedule_c_line",
            "currency",
            "count",
            "amount",
            "business_amount",
            "deductible_amount",
        ],
    )
    for t in summary.expenses:
        by_category.rows.append(
            [
                t.category.key,
                t.category.label,
                t.line_number,
                t.currency,
                t.count,
                amount_cell(t.amount_cents, t.currency),
                amount_cell(t.business_cents, t.currency),
                amount_cell(t.deductible_cents, t.currency),
            ]
        )
    if summary.mileage_cents:
        value = amount_cell(summary.mileage_cents, "USD")
        miles = Decimal(summary.miles_hundredths).scaleb(-2)
        by_category.rows.append(
            [
                "mileage",
                f"Car and truck: standard mileage rate, {miles} miles",
                lines.number("car_truck"),
                "USD",
                sum(1 for t in data.trips if not t.commute),
                value,
                value,
                value,
            ]
        )

    income = Sheet("income_by_client", ["client", "currency", "payments", "amount"])
    for c in summary.income:
        income.rows.append([c.client, c.currency, c.count, amount_cell(c.amount_cents, c.currency)])

    missing = Sheet(
        "missing_receipts", ["id", "date", "vendor", "category", "amount", "currency", "reason"]
    )
    for r in data.receipts:
        if r.id in flagged:
            missing.rows.append(
                [
                    r.id,
                    r.day,
                    r.vendor,
                    r.category.key,
                    amount_cell(r.amount.cents, r.amount.currency),
                    r.amount.currency,
                    flagged[r.id],
                ]
            )

    mileage = Sheet(
        "mileage",
        [
            "id",
            "date",
            "miles",
            "purpose",
            "vehicle",
            "commute",
            "rate_cents_per_mile",
            "deductible_value",
            "currency",
            "rate_source",
        ],
    )
    for trip in data.trips:
        mileage.rows.append(
            [
                trip.id,
                trip.day,
                trip.miles,
                trip.purpose,
                trip.vehicle,
                "yes" if trip.commute else "no",
                trip.rate.rate.cents_per_mile,
                amount_cell(trip.value_cents, "USD"),
                "USD",
                f"{trip.rate.rate.source}, {tax.MILEAGE_PAGE}",
            ]
        )

    time = Sheet(
        "time_by_client",
        [
            "client",
            "entries",
            "hours",
            "billable_hours",
            "income",
            "currency",
            "effective_hourly_rate",
        ],
    )
    for rate in summary.rates:
        name = rate.client or "(no client)"
        common: list[Cell] = [
            name,
            rate.entries,
            _hours(rate.seconds),
            _hours(rate.billable_seconds),
        ]
        if not rate.income:
            time.rows.append([*common, None, None, None])
        for currency, cents in sorted(rate.income.items()):
            hourly = rate.hourly(currency)
            time.rows.append(
                [
                    *common,
                    amount_cell(cents, currency),
                    currency,
                    None if hourly is None else amount_cell(hourly, currency),
                ]
            )

    sheets = [transactions, by_category, income, missing, mileage, time]
    if year:
        sheets.append(schedule_c_sheet(summary))
    return sheets


def schedule_c_sheet(summary: Summary) -> Sheet:
    """The year by Schedule C line, per currency, with Part V's list of other expenses."""
    lines = summary.data.lines
    sheet = Sheet("schedule_c", ["line", "description", "currency", "amount", "from"])
    currencies = summary.currencies
    for currency in currencies:
        gross = summary.income_total.get(currency, 0)
        sheet.rows.append(
            [
                lines.number("gross_receipts"),
                tax.LINES["gross_receipts"],
                currency,
                amount_cell(gross, currency),
                "income",
            ]
        )
        per_line: dict[str, tuple[int, set[str]]] = {}
        for t in summary.expenses:
            if t.currency != currency or t.category.line is None or not t.deductible_cents:
                continue
            cents, keys = per_line.get(t.category.line, (0, set()))
            per_line[t.category.line] = (cents + t.deductible_cents, keys | {t.category.key})
        if currency == "USD" and summary.mileage_cents:
            cents, keys = per_line.get("car_truck", (0, set()))
            per_line["car_truck"] = (cents + summary.mileage_cents, keys | {"mileage"})
        total = 0
        for line in tax.EXPENSE_LINES:
            if line in per_line:
                cents, keys = per_line[line]
                total += cents
                sheet.rows.append(
                    [
                        lines.number(line),
                        tax.LINES[line],
                        currency,
                        amount_cell(cents, currency),
                        ", ".join(sorted(keys)),
                    ]
                )
        sheet.rows.append(
            [
                lines.number("total_expenses"),
                tax.LINES["total_expenses"],
                currency,
                amount_cell(total, currency),
                "",
            ]
        )
        sheet.rows.append(
            [
                lines.number("tentative_profit"),
                tax.LINES["tentative_profit"],
                currency,
                amount_cell(gross - total, currency),
                "gross receipts minus total expenses",
            ]
        )
        for description, cents in _part_v(summary, currency):
            sheet.rows.append(
                [
                    f"Part V ({lines.number('other_total')})",
                    description,
                    currency,
                    amount_cell(cents, currency),
                    "other",
                ]
            )
    if lines.note:
        sheet.rows.append([None, f"Note: {lines.note}", None, None, None])
    sheet.rows.append(
        [
            None,
            "Not tracked by gig: returns, cost of goods sold, other income, "
            "depreciation schedules and business use of home (line "
            f"{lines.number('home_office')})",
            None,
            None,
            None,
        ]
    )
    return sheet


def _part_v(summary: Summary, currency: str) -> list[tuple[str, int]]:
    """Other expenses listed by what they were, as Part V asks."""
    items: dict[str, int] = {}
    for r in summary.data.receipts:
        if r.category.line != "other" or r.amount.currency != currency:
            continue
        what = r.category.label if not r.category.builtin else (r.note or r.vendor)
        items[what] = items.get(what, 0) + r.deductible_cents
    return sorted(items.items())
