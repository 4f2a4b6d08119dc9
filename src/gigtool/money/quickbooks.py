"""QuickBooks Online bank upload files: `Date,Description,Amount`, one file per account
and currency, written as Intuit describes them (no byte-order mark, at most 350 KB each)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gigtool.money import receipt_files as files_store
from gigtool.money.sheets import Cell, Sheet, amount_cell
from gigtool.money.spreadsheets import csv_bytes
from gigtool.money.summary import PeriodData
from gigtool.safe_text import visible

QUICKBOOKS_DATE = "%m/%d/%Y"  # QuickBooks Online's US bank upload reads month/day/year
# QuickBooks Online takes a bank upload of at most 350 KB; larger files are split.
QUICKBOOKS_MAX_BYTES = 350_000


def _one_line(text: str) -> str:
    """A bank-feed description: one line (QuickBooks reads a line break as a new row),
    and an escape or bidi control shown as a mark, not carried into the books."""
    return visible(" ".join(text.split()))


def quickbooks_sheets(data: PeriodData) -> dict[str, Sheet]:
    """QuickBooks Online bank upload files: `Date,Description,Amount`, money out negative."""
    grouped: dict[tuple[str, str], list[tuple[date, int, str, Decimal]]] = {}
    for r in data.receipts:
        # One line per bank transaction: QuickBooks reads a line break as a new row.
        description = _one_line(r.vendor + (f" - {r.note}" if r.note else ""))
        key = (r.paid_with or "unassigned", r.amount.currency)
        grouped.setdefault(key, []).append(
            (r.day, r.id, description, -amount_cell(r.amount.cents, r.amount.currency))
        )
    for i in data.income:
        description = _one_line(i.client + (f" - invoice {i.invoice}" if i.invoice else ""))
        key = (i.account or "unassigned", i.amount.currency)
        grouped.setdefault(key, []).append(
            (i.day, i.id, description, amount_cell(i.amount.cents, i.amount.currency))
        )
    accounts = {account for account, _ in grouped}
    multi = {a for a in accounts if sum(1 for acc, _ in grouped if acc == a) > 1}
    out: dict[str, Sheet] = {}
    for (account, currency), items in sorted(grouped.items()):
        base = files_store.safe_name(account, 60, fallback="account")
        if account in multi:
            base += f"_{currency}"
        name = base
        n = 2
        while name.lower() in {k.lower() for k in out}:
            name = f"{base}-{n}"
            n += 1
        sheet = Sheet(name, ["Date", "Description", "Amount"])
        for day, _, description, amount in sorted(items, key=lambda x: (x[0], x[1])):
            sheet.rows.append([day.strftime(QUICKBOOKS_DATE), description, amount])
        out[name] = sheet
    return out


def quickbooks_parts(name: str, sheet: Sheet) -> list[tuple[str, bytes]]:
    """The upload files of one account: `name.csv`, or `name_part1.csv`, `name_part2.csv`, …
    when one file would pass QuickBooks Online's 350 KB limit. Each part has the header,
    no byte-order mark (Intuit's description has none), and whole rows only."""
    header = len(csv_bytes(sheet, bom=False, rows=[]))
    parts: list[list[list[Cell]]] = [[]]
    size = header
    for row in sheet.rows:
        line = len(csv_bytes(sheet, bom=False, rows=[row])) - header
        if parts[-1] and size + line > QUICKBOOKS_MAX_BYTES:
            parts.append([])
            size = header
        parts[-1].append(row)
        size += line
    if len(parts) == 1:
        return [(f"{name}.csv", csv_bytes(sheet, bom=False))]
    return [
        (f"{name}_part{n}.csv", csv_bytes(sheet, bom=False, rows=rows))
        for n, rows in enumerate(parts, start=1)
    ]
