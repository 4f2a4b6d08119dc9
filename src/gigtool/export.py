"""The accountant's package: one folder (or ZIP) that opens without gig.

Everything is written into a temporary folder beside the destination and
moved into place at the very end, so a failed export leaves nothing
half-written, and an existing export is never overwritten.

Safe for spreadsheets: every text cell that begins with `=`, `+`, `-`, `@`, a
tab or a carriage return gets a leading `'` (OWASP's CSV-injection rule);
numbers are written as numbers; CSVs are UTF-8 with a byte-order mark so
Excel reads the accents and emoji right. File names inside the package are
built by gig from safe pieces, never taken from the user as paths.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path, PurePosixPath

from gigtool import __version__, ledger, tax
from gigtool import receipt_files as files_store
from gigtool.clock import Clock, local_zone
from gigtool.errors import InputError, Refused
from gigtool.money import format_money, to_decimal
from gigtool.safe_text import FORMULA_STARTS as FORMULA_STARTS  # the one rule for every
from gigtool.safe_text import neutralise  # CSV and workbook cell, in one pure module

Cell = str | int | Decimal | date | None
Progress = Callable[[str, int, int], None]  # (what, done, total)

QUICKBOOKS_DATE = "%m/%d/%Y"  # QuickBooks Online's US bank upload reads month/day/year


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


def quickbooks_sheets(data: ledger.PeriodData) -> dict[str, Sheet]:
    """QuickBooks Online bank upload files: `Date,Description,Amount`, money out negative."""
    grouped: dict[tuple[str, str], list[tuple[date, int, str, Decimal]]] = {}
    for r in data.receipts:
        # One line per bank transaction: QuickBooks reads a line break as a new row.
        description = " ".join((r.vendor + (f" - {r.note}" if r.note else "")).split())
        key = (r.paid_with or "unassigned", r.amount.currency)
        grouped.setdefault(key, []).append(
            (r.day, r.id, description, -_amount(r.amount.cents, r.amount.currency))
        )
    for i in data.income:
        description = " ".join(
            (i.client + (f" - invoice {i.invoice}" if i.invoice else "")).split()
        )
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


def write_csv(path: Path, sheet: Sheet) -> None:
    with path.open("x", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([neutralise(c) for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_csv_cell(v) for v in row])


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
    book.save(path)


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
        out.append(
            f"  quickbooks/{name}.csv: QuickBooks Online bank upload (Date,Description,Amount)"
        )
    out += [
        "  receipts/YYYY-MM/: the receipt files, named date_vendor_amount_id",
        "  SHA256SUMS: checksums of every file; check with `sha256sum -c SHA256SUMS`",
        "    (macOS: `shasum -a 256 -c SHA256SUMS`)",
        "",
        "CSV files are UTF-8 with a byte-order mark. Dates are YYYY-MM-DD (QuickBooks files:",
        "MM/DD/YYYY). Numbers are plain numbers with a dot for decimals. Text that begins with",
        "= + - @ or a tab or line break starts with an added ' so no spreadsheet runs it as",
        "a formula.",
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
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file, not a folder; give a folder with --out")
    final = out / (name + ".zip" if as_zip else name)
    if final.exists():
        raise Refused(
            f"{final} already exists; gig never overwrites an export. Move it or use --out"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".gig-export-", dir=out))
    except OSError as exc:
        raise Refused(f"cannot write in {out}: {exc.strerror}") from None
    tick = progress or (lambda what, done, total: None)
    try:
        root = work / name
        root.mkdir()
        with _one_read(conn):
            data = ledger.period_data(conn, clock, span)
        summary = ledger.summarize(data)
        files = _package_files(data.receipts)
        problems, bad = _copy_receipts(home, root, files, tick)
        flagged = {u.receipt.id: u.reason for u in ledger.unreceipted(home, data.receipts)}
        flagged.update(bad)
        sheets = build_sheets(summary, files, flagged, year=span.kind == "year")
        tick("Writing tables", 0, 1)
        for sheet in sheets:
            write_csv(root / f"{sheet.name}.csv", sheet)
        quickbooks = quickbooks_sheets(data)
        (root / "quickbooks").mkdir()
        for qb_name, sheet in quickbooks.items():
            write_csv(root / "quickbooks" / f"{qb_name}.csv", sheet)
        write_xlsx(root / "transactions.xlsx", sheets)
        tick("Writing tables", 1, 1)
        exported_at = clock.now().astimezone(local_zone())
        copied = sum(1 for f in files if (root / f.target).is_file())
        readme = _readme(exported_at, command, summary, sheets, quickbooks, copied, problems)
        (root / "README.txt").write_text(readme, encoding="utf-8", newline="\r\n")
        (root / "SHA256SUMS").write_text(sha256sums(root), encoding="utf-8", newline="\n")
        if as_zip:
            built = work / (name + ".zip")
            _zip(root, built, name, tick)
            try:
                files_store.link_new(built, final)
            except FileExistsError:
                raise Refused(
                    f"{final} appeared while exporting; nothing was overwritten"
                ) from None
        else:
            if final.exists():
                raise Refused(f"{final} appeared while exporting; nothing was overwritten")
            try:
                os.rename(root, final)
            except OSError as exc:
                raise Refused(f"cannot move the export to {final}: {exc.strerror}") from None
    except OSError as exc:
        raise Refused(f"the export failed and was removed: {exc}") from None
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
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with source.open("rb") as src, target.open("xb") as dst:
            for block in iter(lambda: src.read(1 << 20), b""):
                digest.update(block)
                dst.write(block)
        shutil.copystat(source, target)
        if digest.hexdigest() != f.sha256:
            problems.append(
                f"receipt #{f.receipt_id}: {f.source} has changed since it was filed "
                "(its SHA-256 no longer matches); included as it is now"
            )
            bad[f.receipt_id] = "file changed since it was filed"
    tick("Copying receipts", len(files), len(files))
    return problems, bad


def _zip(root: Path, target: Path, name: str, tick: Progress) -> None:
    every = sorted(p for p in root.rglob("*") if p.is_file())
    with zipfile.ZipFile(target, "x", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, path in enumerate(every, start=1):
            archive.write(path, f"{name}/{path.relative_to(root).as_posix()}")
            tick("Zipping", done, len(every))
