"""Income: payments from clients, with the invoice they pay and the tax form to expect."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from gigtool.amounts import Money, decimal_string
from gigtool.clients.catalog import client_for_payment, client_id
from gigtool.clock import Clock
from gigtool.errors import InputError, NotFound, Refused
from gigtool.money.checks import (
    UNCHANGED,
    check_amount,
    check_day,
    clean_text,
    now_stamp,
    optional_text,
)
from gigtool.money.span import ALL_TIME, Span
from gigtool.store.db import transaction

INCOME_FORMS = ("1099-NEC", "1099-K", "none")


@dataclass(frozen=True)
class IncomeRow:
    id: int
    day: date
    client: str
    amount: Money
    invoice: str | None
    form: str
    account: str | None
    note: str
    created_at: int
    new_client: bool = False  # the payment created its client


_INCOME_SELECT = (
    "SELECT i.id, i.day, c.name, i.amount_cents, i.currency, i.invoice, i.form, i.account, "
    "i.note, i.created_at FROM income i JOIN client c ON c.id = i.client_id "
)


def _income_rows(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[IncomeRow]:
    return [
        IncomeRow(
            r[0], date.fromisoformat(r[1]), r[2], Money(r[3], r[4]), r[5], r[6], r[7], r[8], r[9]
        )
        for r in conn.execute(_INCOME_SELECT + where + " ORDER BY i.day, i.id", params)
    ]


def parse_form(text: str) -> str:
    word = text.strip().upper().replace(" ", "").replace("_", "-")
    aliases = {"NEC": "1099-NEC", "1099NEC": "1099-NEC", "K": "1099-K", "1099K": "1099-K"}
    word = aliases.get(word, word)
    if word == "NONE":
        return "none"
    if word in INCOME_FORMS:
        return word
    raise InputError(f"{text!r} is not a form gig knows; use 1099-NEC, 1099-K or none")


def get_income(conn: sqlite3.Connection, income_id: int) -> IncomeRow:
    found = _income_rows(conn, "WHERE i.id = ?", (income_id,))
    if not found:
        raise NotFound(f"no income #{income_id}; see `gig income list`")
    return found[0]


def list_income(
    conn: sqlite3.Connection, span: Span = ALL_TIME, *, client: str | None = None
) -> list[IncomeRow]:
    where = "WHERE i.day >= ? AND i.day <= ?"
    params: list[object] = [span.first.isoformat(), span.last.isoformat()]
    if client:
        where += " AND i.client_id = ?"
        params.append(client_id(conn, client))
    return _income_rows(conn, where, params)


def add_income(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    amount: Money,
    client: str,
    day: date,
    invoice: str | None = None,
    form: str = "none",
    account: str | None = None,
    note: str = "",
    allow_duplicate: bool = False,
    new_client: bool = False,
) -> IncomeRow:
    check_amount(amount)
    check_day(day, clock, "payments")
    invoice = optional_text(invoice, "invoice reference")
    account = optional_text(account, "account")
    note = clean_text(note, "note", required=False)
    form = parse_form(form)
    with transaction(conn):
        cid, created = client_for_payment(conn, clock, client, new_client=new_client)
        if invoice and not allow_duplicate:
            _refuse_duplicate_invoice(conn, cid, invoice, None)
        now = now_stamp(clock)
        cur = conn.execute(
            "INSERT INTO income (day, client_id, amount_cents, currency, invoice, form, account, "
            "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (day.isoformat(), cid, amount.cents, amount.currency, invoice, form, account, note)
            + (now, now),
        )
        return replace(get_income(conn, int(cur.lastrowid or 0)), new_client=created)


def _refuse_duplicate_invoice(
    conn: sqlite3.Connection, cid: int, invoice: str, exclude: int | None
) -> None:
    row = conn.execute(
        "SELECT id FROM income WHERE client_id = ? AND invoice = ? AND id IS NOT ?",
        (cid, invoice, exclude),
    ).fetchone()
    if row:
        raise Refused(
            f"invoice {invoice!r} from this client is already recorded as income #{row[0]}; "
            "pass --allow-duplicate for a second payment on it"
        )


def edit_income(
    conn: sqlite3.Connection,
    clock: Clock,
    income_id: int,
    *,
    amount: Money | None = None,
    client: str | None = None,
    day: date | None = None,
    invoice: str | None | object = UNCHANGED,
    form: str | None = None,
    account: str | None | object = UNCHANGED,
    note: str | None = None,
    allow_duplicate: bool = False,
) -> IncomeRow:
    if amount is not None:
        check_amount(amount)
    if day is not None:
        check_day(day, clock, "payments")
    with transaction(conn):
        current = get_income(conn, income_id)
        sets: dict[str, object] = {}
        cid = client_id(conn, client or current.client)
        sets["client_id"] = cid
        if amount is not None:
            sets["amount_cents"] = amount.cents
            sets["currency"] = amount.currency
        if day is not None:
            sets["day"] = day.isoformat()
        new_invoice = current.invoice
        if invoice is not UNCHANGED:
            new_invoice = optional_text(invoice, "invoice reference")  # type: ignore[arg-type]
            sets["invoice"] = new_invoice
        moved = invoice is not UNCHANGED or client is not None
        if new_invoice and moved and not allow_duplicate:
            _refuse_duplicate_invoice(conn, cid, new_invoice, income_id)
        if form is not None:
            sets["form"] = parse_form(form)
        if account is not UNCHANGED:
            sets["account"] = optional_text(account, "account")  # type: ignore[arg-type]
        if note is not None:
            sets["note"] = clean_text(note, "note", required=False)
        sets["updated_at"] = now_stamp(clock)
        assignments = ", ".join(f"{column} = ?" for column in sets)
        conn.execute(f"UPDATE income SET {assignments} WHERE id = ?", (*sets.values(), income_id))
        return get_income(conn, income_id)


def delete_income(conn: sqlite3.Connection, income_id: int) -> IncomeRow:
    with transaction(conn):
        row = get_income(conn, income_id)
        conn.execute("DELETE FROM income WHERE id = ?", (income_id,))
        return row


# --- as plain fields -----------------------------------------------------------------------

INCOME_COLUMNS = (
    "id",
    "date",
    "client",
    "amount",
    "currency",
    "invoice",
    "form",
    "account",
    "note",
)


def income_fields(i: IncomeRow) -> dict[str, Any]:
    """A payment as plain fields (INCOME_COLUMNS), its amount as decimal text."""
    return {
        "id": i.id,
        "date": i.day.isoformat(),
        "client": i.client,
        "amount": decimal_string(i.amount.cents, i.amount.currency),
        "currency": i.amount.currency,
        "invoice": i.invoice,
        "form": i.form,
        "account": i.account,
        "note": i.note,
    }


def totals(rows: Sequence[IncomeRow]) -> dict[str, int]:
    """Each currency's total, in minor units: gig never adds two currencies."""
    sums: dict[str, int] = {}
    for i in rows:
        sums[i.amount.currency] = sums.get(i.amount.currency, 0) + i.amount.cents
    return sums
