"""Nudges against the pile-up: days since the last money entry, expenses still missing
their receipt file, receipts not categorized yet."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gigtool.clock import Clock, local_zone
from gigtool.money import receipt_files as files_store
from gigtool.money import tax_tables as tax
from gigtool.money.categories import categories
from gigtool.money.receipts import (
    RECEIPT_THRESHOLD,
    THRESHOLD_CENTS,
    THRESHOLD_CURRENCY,
    ReceiptRow,
    missing_files,
    query_receipts,
    receipt_fields,
)
from gigtool.money.span import today


@dataclass(frozen=True)
class Unreceipted:
    receipt: ReceiptRow
    reason: str


@dataclass(frozen=True)
class LastEntry:
    kind: str  # receipt | income | trip
    id: int
    what: str
    created_at: int


@dataclass
class Nudges:
    last: LastEntry | None
    days_since: int | None
    unreceipted: list[Unreceipted]
    uncategorized: list[ReceiptRow]


def _why(receipt: ReceiptRow) -> str:
    if receipt.category.always_receipt:
        return "lodging always needs a receipt"
    return f"{RECEIPT_THRESHOLD} {THRESHOLD_CURRENCY} or more needs a receipt"


def unreceipted(home: Path, receipts: Sequence[ReceiptRow]) -> list[Unreceipted]:
    """Expenses that need a receipt and have none, and receipts whose file has vanished."""
    out: list[Unreceipted] = []
    for r in receipts:
        gone = missing_files(home, r)
        if gone:
            out.append(Unreceipted(r, f"file missing from the data folder: {gone[0].path}"))
        elif not r.files and r.needs_receipt():
            out.append(Unreceipted(r, _why(r)))
    return out


def _unfiled(conn: sqlite3.Connection) -> list[Unreceipted]:
    """Expenses that need a receipt and have no file at all, found in SQL (as needs_receipt)."""
    cats = categories(conn).values()
    owner = [c.key for c in cats if c.owner]
    always = [c.key for c in cats if c.always_receipt]
    where = (
        "WHERE NOT EXISTS (SELECT 1 FROM receipt_file f WHERE f.receipt_id = r.id) "
        f"AND r.category NOT IN ({','.join('?' * len(owner))}) "
        f"AND (r.category IN ({','.join('?' * len(always))}) "
        "OR (r.currency = ? AND r.amount_cents >= ?))"
    )
    params = [*owner, *always, THRESHOLD_CURRENCY, THRESHOLD_CENTS]
    return [Unreceipted(r, _why(r)) for r in query_receipts(conn, where, params)]


def vanished(conn: sqlite3.Connection, home: Path) -> list[Unreceipted]:
    """Receipts whose file is no longer in the data folder: looks at every file on disk."""
    gone: dict[int, str] = {}
    for receipt_id, path in conn.execute("SELECT receipt_id, path FROM receipt_file ORDER BY id"):
        if receipt_id not in gone and not files_store.inside(home, path).is_file():
            gone[receipt_id] = path
    ids = list(gone)
    out: list[Unreceipted] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        where = f"WHERE r.id IN ({','.join('?' * len(chunk))})"
        for r in query_receipts(conn, where, chunk):
            out.append(Unreceipted(r, f"file missing from the data folder: {gone[r.id]}"))
    return out


def nudges(conn: sqlite3.Connection, clock: Clock, home: Path, *, on_disk: bool = False) -> Nudges:
    """What to catch up on. Cheap by default (for the morning view): the database only;
    `on_disk` also looks for receipt files that have vanished from the data folder."""
    row = conn.execute(
        "SELECT kind, id, what, created_at FROM ("
        " SELECT 'receipt' AS kind, id, vendor AS what, created_at FROM receipt"
        " UNION ALL SELECT 'income', i.id, c.name, i.created_at FROM income i"
        "  JOIN client c ON c.id = i.client_id"
        " UNION ALL SELECT 'trip', id, purpose, created_at FROM trip"
        ") ORDER BY created_at DESC, id DESC LIMIT 1"
    ).fetchone()
    last = LastEntry(*row) if row else None
    days_since = None
    if last:
        logged = datetime.fromtimestamp(last.created_at, UTC).astimezone(local_zone()).date()
        days_since = (today(clock) - logged).days
    flagged = _unfiled(conn)
    if on_disk:
        flagged += vanished(conn, home)
        flagged.sort(key=lambda u: (u.receipt.day, u.receipt.id))
    return Nudges(
        last,
        days_since,
        flagged,
        query_receipts(conn, "WHERE r.category = ?", (tax.UNCATEGORIZED,)),
    )


def missing_receipts(home: Path, receipts: Sequence[ReceiptRow]) -> list[ReceiptRow]:
    """Of `receipts`, those that need a file and have none, or whose file is gone."""
    flagged = {u.receipt.id for u in unreceipted(home, receipts)}
    return [r for r in receipts if r.id in flagged]


def nudge_fields(home: Path, found: Nudges) -> dict[str, Any]:
    """The nudges as plain fields, each receipt still missing its file with the reason."""
    return {
        "last_entry": None
        if found.last is None
        else {"kind": found.last.kind, "id": found.last.id, "what": found.last.what},
        "days_since_last_entry": found.days_since,
        "missing_receipts": [
            {**receipt_fields(home, u.receipt), "reason": u.reason} for u in found.unreceipted
        ],
        "uncategorized": [r.id for r in found.uncategorized],
    }
