"""The accountant's package: one folder (or ZIP) that opens without gig.

Everything is written into a private temporary folder beside the destination
(through `store.files`: files 0600, folders 0700, created exclusively) and
moved into place at the very end, so a failed export leaves nothing
half-written, and an existing export is never overwritten.

Safe for spreadsheets: every text cell that begins with `=`, `+`, `-`, `@`, a
tab or a carriage return gets a leading `'` (OWASP's CSV-injection rule);
numbers are written as numbers; CSVs are UTF-8 with a byte-order mark so
Excel reads the accents and emoji right, except the QuickBooks files, written as
Intuit describes them (no byte-order mark, at most 350 KB each). File names inside the package are
built by gig from safe pieces, never taken from the user as paths.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path, PurePosixPath

from gigtool import __version__
from gigtool.amounts import format_money, to_decimal
from gigtool.clock import Clock, local_zone
from gigtool.errors import InputError, Refused
from gigtool.money import ledger
from gigtool.money import receipt_files as files_store
from gigtool.money import tax_tables as tax
from gigtool.safe_text import FORMULA_STARTS as FORMULA_STARTS  # the one rule for every
from gigtool.safe_text import neutralise, visible  # CSV and workbook cell, in one pure module
from gigtool.store import files as safe_files
from gigtool.store.leftovers import sweep

Cell = str | int | Decimal | date | None
Progress = Callable[[str, int, int], None]  # (what, done, total)

QUICKBOOKS_DATE = "%m/%d/%Y"  # QuickBooks Online's US bank upload reads month/day/year
# QuickBooks Online takes a bank upload of at most 350 KB; larger files are split.
QUICKBOOKS_MAX_BYTES = 350_000


@dataclass
class Sheet:
    """One table, written as a CSV and as a sheet of the workbook."""

    name: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Exported:
    path: Path
    span: ledger.Span
    receipts: int
    income: int
    trips: int
    files: int
    problems: list[str]
    summary: ledger.Summary


# --- the cells -----------------------------------------------------------------------------


def _amount(cents: int, currency: str) -> Decimal:
    return to_decimal(cents, currency)


def _hours(seconds: int) -> Decimal:
    return (Decimal(seconds) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class _FileOut:
    receipt_id: int
    source: str  # relative to the data folder
    target: str  # relative to the package root
    sha256: str  # as recorded when filed


def _package_files(receipts: Sequence[ledger.ReceiptRow]) -> list[_FileOut]:
    """Where each receipt file goes in the package: names gig builds, never user paths."""
    out: list[_FileOut] = []
    for r in receipts:
        for n, filed in enumerate(r.files, start=1):
            ext = files_store.safe_ext(PurePosixPath(filed.path).name)
            name = files_store.file_name(r.day, r.vendor, r.amount, r.id, n, ext)
            out.append(_FileOut(r.id, filed.path, f"receipts/{r.day:%Y-%m}/{name}", filed.sha256))
    return out


def build_sheets(
    summary: ledger.Summary, files: Sequence[_FileOut], flagged: dict[int, str], *, year: bool
) -> list[Sheet]:
    """The tables of the package; `flagged` gives the receipts missing_receipts lists, and why."""
    data = summary.data
    lines = data.lines
    by_receipt: dict[int, list[_FileOut]] = {}
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
                    -_amount(r.amount.cents, r.amount.currency),
                    r.amount.currency,
                    r.paid_with,
                    r.business_pct,
                    _amount(r.deductible_cents, r.amount.currency),
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
                    _amount(i.amount.cents, i.amount.currency),
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
                _amount(t.amount_cents, t.currency),
                _amount(t.business_cents, t.currency),
                _amount(t.deductible_cents, t.currency),
            ]
        )
    if summary.mileage_cents:
        value = _amount(summary.mileage_cents, "USD")
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
        income.rows.append([c.client, c.currency, c.count, _amount(c.amount_cents, c.currency)])

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
                    _amount(r.amount.cents, r.amount.currency),
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
                _amount(trip.value_cents, "USD"),
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
                    _amount(cents, currency),
                    currency,
                    None if hourly is None else _amount(hourly, currency),
                ]
            )

    sheets = [transactions, by_category, income, missing, mileage, time]
    if year:
        sheets.append(schedule_c_sheet(summary))
    return sheets


def schedule_c_sheet(summary: ledger.Summary) -> Sheet:
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
                _amount(gross, currency),
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
                        _amount(cents, currency),
                        ", ".join(sorted(keys)),
                    ]
                )
        sheet.rows.append(
            [
                lines.number("total_expenses"),
                tax.LINES["total_expenses"],
                currency,
                _amount(total, currency),
                "",
            ]
        )
        sheet.rows.append(
            [
                lines.number("tentative_profit"),
                tax.LINES["tentative_profit"],
                currency,
                _amount(gross - total, currency),
                "gross receipts minus total expenses",
            ]
        )
        for description, cents in _part_v(summary, currency):
            sheet.rows.append(
                [
                    f"Part V ({lines.number('other_total')})",
                    description,
                    currency,
                    _amount(cents, currency),
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


def _part_v(summary: ledger.Summary, currency: str) -> list[tuple[str, int]]:
    """Other expenses listed by what they were, as Part V asks."""
    items: dict[str, int] = {}
    for r in summary.data.receipts:
        if r.category.line != "other" or r.amount.currency != currency:
            continue
        what = r.category.label if not r.category.builtin else (r.note or r.vendor)
        items[what] = items.get(what, 0) + r.deductible_cents
    return sorted(items.items())


def _one_line(text: str) -> str:
    """A bank-feed description: one line (QuickBooks reads a line break as a new row),
    and an escape or bidi control shown as a mark, not carried into the books."""
    return visible(" ".join(text.split()))


def quickbooks_sheets(data: ledger.PeriodData) -> dict[str, Sheet]:
    """QuickBooks Online bank upload files: `Date,Description,Amount`, money out negative."""
    grouped: dict[tuple[str, str], list[tuple[date, int, str, Decimal]]] = {}
    for r in data.receipts:
        # One line per bank transaction: QuickBooks reads a line break as a new row.
        description = _one_line(r.vendor + (f" - {r.note}" if r.note else ""))
        key = (r.paid_with or "unassigned", r.amount.currency)
        grouped.setdefault(key, []).append(
            (r.day, r.id, description, -_amount(r.amount.cents, r.amount.currency))
        )
    for i in data.income:
        description = _one_line(i.client + (f" - invoice {i.invoice}" if i.invoice else ""))
        key = (i.account or "unassigned", i.amount.currency)
        grouped.setdefault(key, []).append(
            (i.day, i.id, description, _amount(i.amount.cents, i.amount.currency))
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


# --- writing -------------------------------------------------------------------------------


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def csv_bytes(sheet: Sheet, *, bom: bool = True, rows: Sequence[list[Cell]] | None = None) -> bytes:
    """A sheet as CSV: CRLF lines, every text cell neutralised."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([neutralise(c) for c in sheet.columns])
    for row in sheet.rows if rows is None else rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" if bom else "").encode() + text.getvalue().encode("utf-8")


def write_new(path: Path, data: bytes) -> None:
    """A new private file; never over an existing one."""
    with safe_files.new_file(path) as fh:
        fh.write(data)


def write_csv(path: Path, sheet: Sheet) -> None:
    write_new(path, csv_bytes(sheet))


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


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        widths = [len(c) for c in sheet.columns]
        for col, name in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=col, value=name)
            cell.font = bold
        for r, row in enumerate(sheet.rows, start=2):
            for col, value in enumerate(row, start=1):
                if isinstance(value, str):
                    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", neutralise(value))
                    cell = ws.cell(row=r, column=col, value=text)
                    cell.data_type = "s"  # never a formula or an error code like #N/A
                    widths[col - 1] = max(widths[col - 1], min(len(text), 60))
                else:
                    cell = ws.cell(row=r, column=col, value=value)
                    if isinstance(value, date):
                        cell.number_format = "yyyy-mm-dd"
                        widths[col - 1] = max(widths[col - 1], 10)
                    elif isinstance(value, Decimal):
                        digits = max(0, -int(value.as_tuple().exponent))
                        cell.number_format = "0." + "0" * digits if digits else "0"
                        widths[col - 1] = max(widths[col - 1], len(f"{value:f}"))
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width + 2
        ws.freeze_panes = "A2"
    with safe_files.new_file(path) as fh:
        book.save(fh)


def sha256sums(root: Path) -> str:
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel == "SHA256SUMS":
            continue
        lines.append(f"{files_store.sha256_of(path)}  {rel}\n")
    return "".join(lines)


def _readme(
    exported_at: datetime,
    command: str,
    summary: ledger.Summary,
    sheets: Sequence[Sheet],
    quickbooks: Iterable[str],
    file_count: int,
    problems: Sequence[str],
) -> str:
    data = summary.data
    span = data.span
    expenses = [r for r in data.receipts if not r.category.owner]
    owner = [r for r in data.receipts if r.category.owner]
    currencies = summary.currencies or ["(none)"]
    out = [
        f"gig export: {span.label} ({span.first.isoformat()} to {span.last.isoformat()})",
        "",
        f"Made by gig {__version__} on {exported_at:%Y-%m-%d %H:%M %Z} with `{command}`.",
        f"Currencies: {', '.join(currencies)}. Each amount is in its own currency; gig never "
        "converts or adds different currencies together.",
        f"Schedule C line numbers are from the {data.lines.form_year} form ({data.lines.source}).",
    ]
    if data.lines.note:
        out.append(f"Note: {data.lines.note}.")
    out += [
        "",
        "Counts",
        f"  expenses {len(expenses)}, owner items {len(owner)}, income payments "
        f"{len(data.income)}, trips {len(data.trips)}, receipt files {file_count}.",
        "",
        "Totals",
    ]
    for currency in summary.currencies:
        out.append(
            f"  {currency}: income {format_money(summary.income_total.get(currency, 0), currency)}"
            f", expenses paid {format_money(summary.paid_total.get(currency, 0), currency)}"
            f", deductible {format_money(summary.deductible_total.get(currency, 0), currency)}"
            f", net {format_money(summary.net().get(currency, 0), currency)}"
        )
    if summary.mileage_cents:
        miles = Decimal(summary.miles_hundredths).scaleb(-2)
        out.append(
            f"  Mileage: {miles} business miles at the IRS standard rate = "
            f"{format_money(summary.mileage_cents, 'USD')} (included in USD deductible)."
        )
    for currency, cents in sorted(summary.owner_total.items()):
        out.append(f"  Owner items (kept out of profit and loss): {format_money(cents, currency)}")
    out += ["", "Files"]
    about = {
        "transactions": "one row per money event; amount is signed (money in +, out -)",
        "expenses_by_category": "expenses per category with their Schedule C line",
        "income_by_client": "income per client and currency",
        "missing_receipts": "expenses that need a receipt and have none, or whose file is gone",
        "mileage": "business drives and their value at the IRS standard mileage rate",
        "time_by_client": "hours tracked per client and the effective hourly rate",
        "schedule_c": "the year by Schedule C line, with Part V's other expenses",
    }
    for sheet in sheets:
        out.append(f"  {sheet.name}.csv: {about.get(sheet.name, '')}")
    out.append("  transactions.xlsx: the same tables as sheets, for Excel")
    for name in quickbooks:
        out.append(f"  quickbooks/{name}: QuickBooks Online bank upload (Date,Description,Amount)")
    out += [
        "  receipts/YYYY-MM/: the receipt files, named date_vendor_amount_id",
        "  SHA256SUMS: checksums of every file; check with `sha256sum -c SHA256SUMS`",
        "    (macOS: `shasum -a 256 -c SHA256SUMS`)",
        "",
        "CSV files are UTF-8 with a byte-order mark. Dates are YYYY-MM-DD. Numbers are plain",
        "numbers with a dot for decimals. Text that begins with = + - @ or a tab or line break",
        "starts with an added ' so no spreadsheet runs it as a formula.",
        "QuickBooks files are as Intuit describes them: Date (MM/DD/YYYY), Description,",
        "Amount (money out negative), UTF-8 without a byte-order mark, at most 350 KB each;",
        "an account with more is split into numbered parts (_part1, _part2, ...): upload each.",
    ]
    if problems:
        out += ["", "Warnings"] + [f"  {p}" for p in problems]
    notes = [n for n in summary.notes if n != data.lines.note]
    if notes:
        out += ["", "Notes"] + [f"  {n}" for n in notes]
    return "\n".join(out) + "\n"


# --- the package ---------------------------------------------------------------------------


def package_name(span: ledger.Span) -> str:
    return f"gig-export-{span.slug}"


def export(
    conn: sqlite3.Connection,
    clock: Clock,
    home: Path,
    span: ledger.Span,
    out: Path,
    *,
    as_zip: bool = False,
    command: str = "gig export",
    progress: Progress | None = None,
) -> Exported:
    """Write the package for `span` into `out`; returns where it went and what it holds."""
    name = package_name(span)
    final = out / (name + ".zip" if as_zip else name)
    try:
        if os.path.exists(out) and not os.path.isdir(out):
            raise InputError(f"{out} is a file, not a folder; give a folder with --out")
        safe_files.refuse_gigs_own(home, final, "give another folder with --out")
        if os.path.lexists(final):
            raise Refused(
                f"{final} already exists; gig never overwrites an export. Move it or use --out"
            )
        safe_files.make_folder(out)
        sweep(out, safe_files.OUTSIDE_PATTERNS)
        work = safe_files.new_temp_folder(out)
    except OSError as exc:
        raise Refused(f"cannot write in {out}: {safe_files.reason(exc, out)}") from None
    tick = progress or (lambda what, done, total: None)
    try:
        root = safe_files.make_folder(work / name)
        with _one_read(conn):
            data = ledger.period_data(conn, clock, span)
        summary = ledger.summarize(data)
        package = _package_files(data.receipts)
        problems, bad = _copy_receipts(home, root, package, tick)
        flagged = {u.receipt.id: u.reason for u in ledger.unreceipted(home, data.receipts)}
        flagged.update(bad)
        sheets = build_sheets(summary, package, flagged, year=span.kind == "year")
        tick("Writing tables", 0, 1)
        for sheet in sheets:
            write_csv(root / f"{sheet.name}.csv", sheet)
        quickbooks: list[str] = []
        safe_files.make_folder(root / "quickbooks")
        for qb_name, sheet in quickbooks_sheets(data).items():
            for file_name, content in quickbooks_parts(qb_name, sheet):
                write_new(root / "quickbooks" / file_name, content)
                quickbooks.append(file_name)
        write_xlsx(root / "transactions.xlsx", sheets)
        tick("Writing tables", 1, 1)
        exported_at = clock.now().astimezone(local_zone())
        copied = sum(1 for f in package if (root / f.target).is_file())
        readme = _readme(exported_at, command, summary, sheets, quickbooks, copied, problems)
        write_new(root / "README.txt", readme.replace("\n", "\r\n").encode("utf-8"))
        write_new(root / "SHA256SUMS", sha256sums(root).encode("utf-8"))
        try:
            if as_zip:
                built = work / (name + ".zip")
                _zip(root, built, name, tick)
                safe_files.place_new(built, final)
            else:
                safe_files.place_folder(root, final)
        except FileExistsError:
            raise Refused(f"{final} appeared while exporting; nothing was overwritten") from None
    except OSError as exc:
        said = safe_files.reason(exc, out)
        if exc.errno not in (errno.ENOSPC, getattr(errno, "EDQUOT", None)):
            said += f" ({exc})"  # which file, where the reason alone does not say
        raise Refused(f"the export failed and was removed: {said}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Exported(
        final,
        span,
        len(data.receipts),
        len(data.income),
        len(data.trips),
        copied,
        problems,
        summary,
    )


@contextlib.contextmanager
def _one_read(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction, so every SELECT of an export sees the same moment even while
    another gig writes; it always ends, error or not."""
    if conn.in_transaction:  # already inside one: it is the caller's to end
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:  # SQLite may have ended it already on some errors
            conn.execute("ROLLBACK")


def _copy_receipts(
    home: Path, root: Path, files: Sequence[_FileOut], tick: Progress
) -> tuple[list[str], dict[int, str]]:
    """Copy each receipt file into the package, checking it against its recorded hash."""
    problems: list[str] = []
    bad: dict[int, str] = {}
    for done, f in enumerate(files, start=1):
        tick("Copying receipts", done - 1, len(files))
        source = files_store.inside(home, f.source)
        target = root.joinpath(*PurePosixPath(f.target).parts)
        if not target.resolve().is_relative_to(root.resolve()):
            raise Refused(f"refusing to write {f.target!r} outside the package")
        if not source.is_file():
            problems.append(f"receipt #{f.receipt_id}: {f.source} is missing from the data folder")
            bad[f.receipt_id] = "file missing from the data folder"
            continue
        safe_files.make_folder(target.parent)
        digest = hashlib.sha256()
        with _open_stored(source) as src, safe_files.new_file(target) as dst:
            for block in iter(lambda: src.read(1 << 20), b""):
                digest.update(block)
                dst.write(block)
        with contextlib.suppress(OSError):
            st = source.stat()
            os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
        if digest.hexdigest() != f.sha256:
            problems.append(
                f"receipt #{f.receipt_id}: {f.source} has changed since it was filed "
                "(its SHA-256 no longer matches); included as it is now"
            )
            bad[f.receipt_id] = "file changed since it was filed"
    tick("Copying receipts", len(files), len(files))
    return problems, bad


def _open_stored(source: Path) -> io.BufferedReader:
    """A file of the data folder, for reading, never through a link put in its place."""
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    return os.fdopen(fd, "rb")


def _zip(root: Path, target: Path, name: str, tick: Progress) -> None:
    every = sorted(p for p in root.rglob("*") if p.is_file())
    with (
        safe_files.new_file(target) as fh,
        zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        for done, path in enumerate(every, start=1):
            archive.write(path, f"{name}/{path.relative_to(root).as_posix()}")
            tick("Zipping", done, len(every))
