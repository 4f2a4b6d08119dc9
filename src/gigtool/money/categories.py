"""Expense categories: the built-in ones and yours, and the Schedule C line each goes on."""

from __future__ import annotations

import difflib
import re
import sqlite3
from typing import Any

from gigtool.clock import Clock
from gigtool.errors import InputError, NotFound, Refused
from gigtool.money import tax_tables as tax
from gigtool.money.checks import clean_text, now_stamp
from gigtool.store.db import transaction


def categories(conn: sqlite3.Connection) -> dict[str, tax.Category]:
    found = dict(tax.BUILTIN_KEYS)
    for key, label, line, pct in conn.execute(
        "SELECT key, label, line, deductible_pct FROM expense_category ORDER BY key"
    ):
        found[key] = tax.Category(key, label, line, pct, builtin=False)
    return found


def category_of(cats: dict[str, tax.Category], key: str) -> tax.Category:
    return cats.get(key) or tax.Category(key, key, None, builtin=False)


def _key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def resolve_category(cats: dict[str, tax.Category], text: str) -> tax.Category:
    key = _key(text)
    if key in cats:
        return cats[key]
    for category in cats.values():
        if category.label.lower() == text.strip().lower():
            return category
    close = difflib.get_close_matches(key, list(cats), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}? See" if close else "; see"
    raise InputError(f"no category {text!r}{hint} `gig receipts categories`")


def parse_line(text: str, tax_year: int) -> str:
    """A Schedule C expense line, by key (`office`) or by its number on that year's form."""
    word = _key(text)
    if word in tax.EXPENSE_LINES:
        return word
    numbers = tax.schedule_c(tax_year).numbers
    for key in tax.EXPENSE_LINES:
        if numbers.get(key, "").lower() == word:
            return key
    shown = ", ".join(f"{numbers[k]} {k}" for k in tax.EXPENSE_LINES if k in numbers)
    raise InputError(f"{text!r} is not a Schedule C expense line; lines are: {shown}")


def add_category(
    conn: sqlite3.Connection,
    clock: Clock,
    key: str,
    label: str,
    *,
    line: str | None,
    deductible_pct: int = 100,
) -> tax.Category:
    clean = _key(key)
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", clean):
        raise InputError(
            f"{key!r} cannot be a category key; use 2-40 letters, digits and _, like software"
        )
    if clean in tax.BUILTIN_KEYS:
        raise Refused(f"{clean!r} is a built-in category; pick another key")
    if line is not None and line not in tax.EXPENSE_LINES:
        raise InputError(f"{line!r} is not a Schedule C expense line")
    if not 1 <= deductible_pct <= 100:
        raise InputError("the deductible share is a whole percent from 1 to 100")
    label = clean_text(label, "category label")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM expense_category WHERE key = ?", (clean,)).fetchone():
            raise Refused(f"category {clean!r} already exists")
        conn.execute(
            "INSERT INTO expense_category (key, label, line, deductible_pct, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (clean, label, line, deductible_pct, now_stamp(clock)),
        )
    return tax.Category(clean, label, line, deductible_pct, builtin=False)


def remove_category(conn: sqlite3.Connection, key: str) -> tax.Category:
    clean = _key(key)
    if clean in tax.BUILTIN_KEYS:
        raise Refused(f"{clean!r} is built in and cannot be removed")
    with transaction(conn):
        cats = categories(conn)
        if clean not in cats:
            raise NotFound(f"no category {key!r}; see `gig receipts categories`")
        used = conn.execute("SELECT count(*) FROM receipt WHERE category = ?", (clean,)).fetchone()
        if used[0]:
            raise Refused(
                f"{used[0]} receipt(s) use {clean!r}; move them first with "
                f"`gig receipts edit ID --category KEY`"
            )
        conn.execute("DELETE FROM expense_category WHERE key = ?", (clean,))
    return cats[clean]


def line_number(category: tax.Category, year: int) -> str | None:
    """The category's line on `year`'s Schedule C, as the form numbers it."""
    return tax.schedule_c(year).number(category.line)


def where_it_goes(category: tax.Category, year: int) -> str:
    """Where an expense of `year` in this category goes: its line, with the share that
    year gives whenever it is not the whole (a meal says 50%, the label no longer does;
    a 2022 restaurant meal 100%), or where an owner item goes, or not deductible."""
    if not category.line:
        return category.where or "not deductible"
    where = f"line {line_number(category, year)}"
    pct = tax.deductible_pct(category, year)
    if pct != 100 or tax.share_for(category, year) is not None:
        where += f", {pct}% deductible in {year}"
    return where


def category_fields(cats: dict[str, tax.Category], tax_year: int) -> list[dict[str, Any]]:
    """Each category as plain fields, with its line and deductible share in `tax_year`."""
    lines = tax.schedule_c(tax_year)
    return [
        {
            "key": c.key,
            "label": c.label,
            "schedule_c_line": lines.number(c.line),
            "line": c.line,
            "deductible_pct": tax.deductible_pct(c, tax_year),
            "kind": "owner" if c.owner else "expense",
            "builtin": c.builtin,
            "needs_note": c.needs_note,
            "where": c.where or None,
        }
        for c in cats.values()
    ]


def year_shares(cats: dict[str, tax.Category], tax_year: int) -> list[tuple[str, int, str]]:
    """The categories whose share in `tax_year` is set by a rule of that year, as
    (key, percent, the rule's source)."""
    return [
        (c.key, found.deductible_pct, found.source)
        for c in cats.values()
        if (found := tax.share_for(c, tax_year))
    ]
