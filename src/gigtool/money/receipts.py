"""Receipts: expenses with their files, filed by month in the data folder.

Every write is one transaction. Receipt files are copied into the data folder
before the transaction and given their final name inside it; if the
transaction fails the copies are removed, and if a copy fails nothing is
recorded (see `receipt_files` and `filing`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gigtool.amounts import Money, decimal_string, minor_digits, share
from gigtool.clients.catalog import client_id
from gigtool.clock import Clock
from gigtool.errors import InputError, NotFound
from gigtool.money import receipt_files as files_store
from gigtool.money import tax_tables as tax
from gigtool.money.categories import categories, category_of, line_number, resolve_category
from gigtool.money.checks import (
    UNCHANGED,
    check_amount,
    check_day,
    clean_text,
    now_stamp,
    optional_text,
)
from gigtool.money.filing import FiledFile, file_staged, put_back, refuse_filed, staged_copies
from gigtool.money.span import ALL_TIME, Span
from gigtool.store.db import transaction

# IRS: expenses of $75 or more need a receipt (lodging always). The rule is in US dollars,
# so the threshold applies to USD amounts only; in other currencies only lodging needs one.
RECEIPT_THRESHOLD = 75
THRESHOLD_CURRENCY = "USD"


@dataclass
class ReceiptRow:
    id: int
    day: date
    vendor: str
    amount: Money
    category: tax.Category
    business_pct: int
    paid_with: str | None
    client: str | None
    note: str
    created_at: int
    files: list[FiledFile] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "owner" if self.category.owner else "expense"

    @property
    def business_cents(self) -> int:
        return share(self.amount.cents, self.business_pct)

    @property
    def deductible_cents(self) -> int:
        pct = tax.deductible_pct(self.category, self.day.year)
        return share(self.amount.cents, self.business_pct, pct) if pct else 0

    def needs_receipt(self) -> bool:
        if self.category.owner:
            return False
        return self.category.always_receipt or (
            self.amount.currency == THRESHOLD_CURRENCY and self.amount.cents >= THRESHOLD_CENTS
        )


THRESHOLD_CENTS = RECEIPT_THRESHOLD * 10 ** minor_digits(THRESHOLD_CURRENCY)

_RECEIPT_SELECT = (
    "SELECT r.id, r.day, r.vendor, r.amount_cents, r.currency, r.category, r.business_pct, "
    "r.paid_with, c.name, r.note, r.created_at FROM receipt r "
    "LEFT JOIN client c ON c.id = r.client_id "
)


def query_receipts(
    conn: sqlite3.Connection, where: str, params: Sequence[object]
) -> list[ReceiptRow]:
    cats = categories(conn)
    rows = [
        ReceiptRow(
            id=r[0],
            day=date.fromisoformat(r[1]),
            vendor=r[2],
            amount=Money(r[3], r[4]),
            category=category_of(cats, r[5]),
            business_pct=r[6],
            paid_with=r[7],
            client=r[8],
            note=r[9],
            created_at=r[10],
        )
        for r in conn.execute(_RECEIPT_SELECT + where + " ORDER BY r.day, r.id", params)
    ]
    by_id = {row.id: row for row in rows}
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for f in conn.execute(
            "SELECT receipt_id, id, path, sha256, size, original_name FROM receipt_file "
            f"WHERE receipt_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            by_id[f[0]].files.append(FiledFile(f[1], f[2], f[3], f[4], f[5]))
    return rows


def get_receipt(conn: sqlite3.Connection, receipt_id: int) -> ReceiptRow:
    found = query_receipts(conn, "WHERE r.id = ?", (receipt_id,))
    if not found:
        raise NotFound(f"no receipt #{receipt_id}; see `gig receipts list`")
    return found[0]


def list_receipts(
    conn: sqlite3.Connection,
    span: Span = ALL_TIME,
    *,
    category: str | None = None,
    client: str | None = None,
) -> list[ReceiptRow]:
    where = "WHERE r.day >= ? AND r.day <= ?"
    params: list[object] = [span.first.isoformat(), span.last.isoformat()]
    if category:
        where += " AND r.category = ?"
        params.append(resolve_category(categories(conn), category).key)
    if client:
        where += " AND r.client_id = ?"
        params.append(client_id(conn, client))
    return query_receipts(conn, where, params)


def missing_files(home: Path, receipt: ReceiptRow) -> list[FiledFile]:
    """The receipt's files that are no longer in the data folder."""
    return [f for f in receipt.files if not files_store.inside(home, f.path).is_file()]


@dataclass(frozen=True)
class AddedReceipt:
    receipt: ReceiptRow
    remembered_category: bool  # the category came from this vendor's last receipt


def add_receipt(
    conn: sqlite3.Connection,
    clock: Clock,
    home: Path,
    *,
    amount: Money,
    vendor: str,
    day: date,
    category: str | None = None,
    files: Sequence[Path] = (),
    paid_with: str | None = None,
    client: str | None = None,
    note: str = "",
    business_pct: int = 100,
) -> AddedReceipt:
    vendor = clean_text(vendor, "vendor")
    note = clean_text(note, "note", required=False)
    paid_with = optional_text(paid_with, "payment account")
    check_amount(amount)
    check_day(day, clock, "receipts")
    _check_pct(business_pct)
    cats = categories(conn)
    remembered = False
    if category is None:
        last = conn.execute(
            "SELECT category FROM receipt WHERE vendor = ? COLLATE NOCASE ORDER BY id DESC LIMIT 1",
            (vendor,),
        ).fetchone()
        cat = category_of(cats, last[0]) if last else cats[tax.UNCATEGORIZED]
        remembered = bool(last)
    else:
        cat = resolve_category(cats, category)
    _check_note(cat, note)
    if client:
        client_id(conn, client)  # a typo is reported before any file is copied
    with staged_copies(conn, home, day, files) as staged:
        placed: list[Path] = []
        try:
            with transaction(conn):
                refuse_filed(conn, home, staged)
                cid = client_id(conn, client) if client else None
                now = now_stamp(clock)
                cur = conn.execute(
                    "INSERT INTO receipt (day, vendor, amount_cents, currency, category, "
                    "business_pct, paid_with, client_id, note, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        day.isoformat(),
                        vendor,
                        amount.cents,
                        amount.currency,
                        cat.key,
                        business_pct,
                        paid_with,
                        cid,
                        note,
                        now,
                        now,
                    ),
                )
                receipt_id = int(cur.lastrowid or 0)
                file_staged(conn, home, staged, receipt_id, day, vendor, amount, 1, now, placed)
                added = get_receipt(conn, receipt_id)
        except BaseException:
            files_store.discard(placed)
            raise
    return AddedReceipt(added, remembered)


@dataclass(frozen=True)
class Attached:
    receipt: ReceiptRow
    added: list[FiledFile]
    restored: list[FiledFile]  # files that had vanished from the data folder, put back


def attach(
    conn: sqlite3.Connection, clock: Clock, home: Path, receipt_id: int, files: Sequence[Path]
) -> Attached:
    """Attach files to a receipt. A file identical to one of the receipt's own files that
    has vanished from the data folder is put back under its recorded name instead."""
    if not files:
        raise InputError("give at least one file to attach")
    receipt = get_receipt(conn, receipt_id)
    vanished_here = {f.sha256: f for f in missing_files(home, receipt)}
    with staged_copies(conn, home, receipt.day, files, restorable=set(vanished_here)) as staged:
        placed: list[Path] = []
        try:
            with transaction(conn):
                receipt = get_receipt(conn, receipt_id)
                vanished_here = {f.sha256: f for f in missing_files(home, receipt)}
                new = [s for s in staged if s.sha256 not in vanished_here]
                refuse_filed(conn, home, new)
                restored = [vanished_here[s.sha256] for s in staged if s.sha256 in vanished_here]
                for item in staged:
                    if item.sha256 in vanished_here:
                        placed.append(put_back(home, item, vanished_here[item.sha256]))
                file_staged(
                    conn,
                    home,
                    new,
                    receipt.id,
                    receipt.day,
                    receipt.vendor,
                    receipt.amount,
                    len(receipt.files) + 1,
                    now_stamp(clock),
                    placed,
                )
                updated = get_receipt(conn, receipt_id)
        except BaseException:
            files_store.discard(placed)
            raise
    known = {f.id for f in receipt.files}
    return Attached(updated, [f for f in updated.files if f.id not in known], restored)


def edit_receipt(
    conn: sqlite3.Connection,
    clock: Clock,
    home: Path,
    receipt_id: int,
    *,
    amount: Money | None = None,
    vendor: str | None = None,
    day: date | None = None,
    category: str | None = None,
    paid_with: str | None | object = UNCHANGED,
    client: str | None | object = UNCHANGED,
    note: str | None = None,
    business_pct: int | None = None,
) -> ReceiptRow:
    """Change a receipt; its files are renamed to match (the old names go only after commit)."""
    if amount is not None:
        check_amount(amount)
    if day is not None:
        check_day(day, clock, "receipts")
    if business_pct is not None:
        _check_pct(business_pct)
    placed: list[Path] = []
    old_paths: list[Path] = []
    try:
        with transaction(conn):
            receipt = get_receipt(conn, receipt_id)
            cats = categories(conn)
            sets: dict[str, object] = {}
            new_vendor = receipt.vendor if vendor is None else clean_text(vendor, "vendor")
            new_amount = amount or receipt.amount
            new_day = day or receipt.day
            new_note = receipt.note if note is None else clean_text(note, "note", required=False)
            cat = receipt.category if category is None else resolve_category(cats, category)
            _check_note(cat, new_note)
            sets["vendor"] = new_vendor
            sets["amount_cents"] = new_amount.cents
            sets["currency"] = new_amount.currency
            sets["day"] = new_day.isoformat()
            sets["note"] = new_note
            sets["category"] = cat.key
            if business_pct is not None:
                sets["business_pct"] = business_pct
            if paid_with is not UNCHANGED:
                sets["paid_with"] = optional_text(paid_with, "payment account")  # type: ignore[arg-type]
            if client is not UNCHANGED:
                sets["client_id"] = client_id(conn, str(client)) if client else None
            sets["updated_at"] = now_stamp(clock)
            assignments = ", ".join(f"{column} = ?" for column in sets)
            conn.execute(
                f"UPDATE receipt SET {assignments} WHERE id = ?", (*sets.values(), receipt.id)
            )
            for n, filed in enumerate(receipt.files, start=1):
                ext = Path(filed.path).suffix
                name = files_store.file_name(new_day, new_vendor, new_amount, receipt.id, n, ext)
                wanted = f"{files_store.month_folder(new_day)}/{name}"
                old = files_store.inside(home, filed.path)
                if wanted == filed.path or not old.is_file():
                    continue
                rel = files_store.link_copy(home, filed.path, wanted)
                placed.append(files_store.inside(home, rel))
                old_paths.append(old)
                conn.execute("UPDATE receipt_file SET path = ? WHERE id = ?", (rel, filed.id))
            updated = get_receipt(conn, receipt.id)
    except BaseException:
        files_store.discard(placed)
        raise
    files_store.discard(old_paths)
    return updated


def delete_receipt(
    conn: sqlite3.Connection, home: Path, receipt_id: int
) -> tuple[ReceiptRow, list[str]]:
    """Delete a receipt; its files go to `trash/` in the data folder, never away."""
    trashed: list[Path] = []
    originals: list[Path] = []
    try:
        with transaction(conn):
            receipt = get_receipt(conn, receipt_id)
            for filed in receipt.files:
                source = files_store.inside(home, filed.path)
                if not source.is_file():
                    continue
                rel = files_store.link_copy(home, filed.path, files_store.trash_path(filed.path))
                trashed.append(files_store.inside(home, rel))
                originals.append(source)
            conn.execute("DELETE FROM receipt_file WHERE receipt_id = ?", (receipt.id,))
            conn.execute("DELETE FROM receipt WHERE id = ?", (receipt.id,))
    except BaseException:
        files_store.discard(trashed)
        raise
    files_store.discard(originals)
    return receipt, [p.relative_to(home).as_posix() for p in trashed]


def check_files(conn: sqlite3.Connection, home: Path) -> list[files_store.Problem]:
    stored = conn.execute("SELECT receipt_id, path, sha256 FROM receipt_file ORDER BY id")
    return files_store.check(home, list(stored))


def count_files(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM receipt_file").fetchone()[0])


def _check_pct(pct: int) -> None:
    if not 1 <= pct <= 100:
        raise InputError("the business share is a whole percent from 1 to 100")


def _check_note(cat: tax.Category, note: str) -> None:
    if cat.needs_note and not note:
        raise InputError(
            f"category {cat.key!r} needs a description for Schedule C Part V; "
            "add --note 'what it was'"
        )


# --- as plain fields -----------------------------------------------------------------------

RECEIPT_COLUMNS = (
    "id",
    "date",
    "vendor",
    "amount",
    "currency",
    "category",
    "schedule_c_line",
    "kind",
    "business_pct",
    "deductible",
    "paid_with",
    "client",
    "note",
    "files",
    "sha256",
)


def receipt_fields(home: Path, r: ReceiptRow) -> dict[str, Any]:
    """A receipt as plain fields, amounts as decimal text, each file saying if it is missing."""
    gone = {f.id for f in missing_files(home, r)}
    return {
        "id": r.id,
        "date": r.day.isoformat(),
        "vendor": r.vendor,
        "amount": decimal_string(r.amount.cents, r.amount.currency),
        "currency": r.amount.currency,
        "category": r.category.key,
        "schedule_c_line": line_number(r.category, r.day.year),
        "kind": r.kind,
        "business_pct": r.business_pct,
        "deductible": decimal_string(r.deductible_cents, r.amount.currency),
        "paid_with": r.paid_with,
        "client": r.client,
        "note": r.note,
        "files": [
            {
                "path": f.path,
                "sha256": f.sha256,
                "size": f.size,
                "original_name": f.original_name,
                "missing": f.id in gone,
            }
            for f in r.files
        ],
    }


def receipt_row(home: Path, r: ReceiptRow) -> dict[str, Any]:
    """`receipt_fields` as one flat row (RECEIPT_COLUMNS): its files' paths and hashes as lists."""
    row = receipt_fields(home, r)
    files = row.pop("files")
    row["files"] = [f["path"] for f in files]
    row["sha256"] = [f["sha256"] for f in files]
    return row


PROBLEM_COLUMNS = ("problem", "path", "receipt", "detail")


def problem_fields(problems: Sequence[files_store.Problem]) -> list[dict[str, Any]]:
    """What `check_files` found, as plain fields (PROBLEM_COLUMNS)."""
    return [
        {"problem": p.kind, "path": p.path, "receipt": p.receipt_id, "detail": p.detail}
        for p in problems
    ]


def file_state(home: Path, r: ReceiptRow) -> str:
    """`yes`, `3 files`, `MISSING` (gone from the data folder), `needed` or `none`."""
    if not r.files:
        return "needed" if r.needs_receipt() else "none"
    if missing_files(home, r):
        return "MISSING"
    return "yes" if len(r.files) == 1 else f"{len(r.files)} files"
