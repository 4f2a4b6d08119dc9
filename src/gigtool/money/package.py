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
import errno
import hashlib
import io
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from gigtool import __version__
from gigtool.amounts import decimal_string, format_money
from gigtool.clock import Clock, local_zone
from gigtool.errors import InputError, Refused
from gigtool.money import receipt_files as files_store
from gigtool.money import spreadsheets
from gigtool.money.nudges import unreceipted
from gigtool.money.quickbooks import quickbooks_parts, quickbooks_sheets
from gigtool.money.sheets import FileOut, Sheet, build_sheets, package_files
from gigtool.money.span import Span
from gigtool.money.summary import Summary, period_data, summarize
from gigtool.store import files as safe_files
from gigtool.store.files import user_path
from gigtool.store.leftovers import sweep

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class Exported:
    path: Path
    span: Span
    receipts: int
    income: int
    trips: int
    files: int
    problems: list[str]
    summary: Summary


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
    summary: Summary,
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


def destination(out: Path | None) -> Path:
    """The folder to write into: `out` as the user gave it, or else the current folder."""
    try:
        return (user_path(out) if out else Path.cwd()).absolute()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise Refused(f"cannot find the current folder ({reason}); give one with --out") from None


def exported_fields(done: Exported) -> dict[str, Any]:
    """What an export wrote, as plain fields, totals as decimal text per currency."""
    s = done.summary
    return {
        "path": str(done.path),
        "period": done.span.slug,
        "receipts": done.receipts,
        "income": done.income,
        "trips": done.trips,
        "files": done.files,
        "income_total": {c: decimal_string(v, c) for c, v in s.income_total.items()},
        "deductible_total": {c: decimal_string(v, c) for c, v in s.deductible_total.items()},
        "warnings": done.problems,
    }


def package_name(span: Span) -> str:
    return f"gig-export-{span.slug}"


def export(
    conn: sqlite3.Connection,
    clock: Clock,
    home: Path,
    span: Span,
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
            data = period_data(conn, clock, span)
        summary = summarize(data)
        package = package_files(data.receipts)
        problems, bad = _copy_receipts(home, root, package, tick)
        flagged = {u.receipt.id: u.reason for u in unreceipted(home, data.receipts)}
        flagged.update(bad)
        sheets = build_sheets(summary, package, flagged, year=span.kind == "year")
        tick("Writing tables", 0, 1)
        for sheet in sheets:
            spreadsheets.write_csv(root / f"{sheet.name}.csv", sheet)
        quickbooks: list[str] = []
        safe_files.make_folder(root / "quickbooks")
        for qb_name, sheet in quickbooks_sheets(data).items():
            for file_name, content in quickbooks_parts(qb_name, sheet):
                spreadsheets.write_new(root / "quickbooks" / file_name, content)
                quickbooks.append(file_name)
        spreadsheets.write_xlsx(root / "transactions.xlsx", sheets)
        tick("Writing tables", 1, 1)
        exported_at = clock.now().astimezone(local_zone())
        copied = sum(1 for f in package if (root / f.target).is_file())
        readme = _readme(exported_at, command, summary, sheets, quickbooks, copied, problems)
        spreadsheets.write_new(root / "README.txt", readme.replace("\n", "\r\n").encode("utf-8"))
        spreadsheets.write_new(root / "SHA256SUMS", sha256sums(root).encode("utf-8"))
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
    home: Path, root: Path, files: Sequence[FileOut], tick: Progress
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
