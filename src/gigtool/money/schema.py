"""Receipts, receipt files, income, mileage and user categories. Frozen: append, never edit.

Must build exactly the tables in `models_money.py` (tests/test_store.py checks).
Run statement by statement, inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3

STATEMENTS = (
    """CREATE TABLE expense_category (
        "key" VARCHAR NOT NULL PRIMARY KEY,
        label VARCHAR NOT NULL,
        line VARCHAR,
        deductible_pct INTEGER NOT NULL DEFAULT 100,
        created_at INTEGER NOT NULL
    )""",
    """CREATE TABLE receipt (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        day VARCHAR NOT NULL,
        vendor VARCHAR NOT NULL,
        amount_cents INTEGER NOT NULL,
        currency VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        business_pct INTEGER NOT NULL DEFAULT 100,
        paid_with VARCHAR,
        client_id INTEGER REFERENCES client (id),
        note VARCHAR NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
    "CREATE INDEX ix_receipt_day ON receipt (day)",
    "CREATE INDEX ix_receipt_category ON receipt (category)",
    "CREATE INDEX ix_receipt_client_id ON receipt (client_id)",
    """CREATE TABLE receipt_file (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        receipt_id INTEGER NOT NULL REFERENCES receipt (id),
        path VARCHAR NOT NULL UNIQUE,
        sha256 VARCHAR NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        original_name VARCHAR NOT NULL,
        added_at INTEGER NOT NULL
    )""",
    "CREATE INDEX ix_receipt_file_receipt_id ON receipt_file (receipt_id)",
    """CREATE TABLE income (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        day VARCHAR NOT NULL,
        client_id INTEGER NOT NULL REFERENCES client (id),
        amount_cents INTEGER NOT NULL,
        currency VARCHAR NOT NULL,
        invoice VARCHAR,
        form VARCHAR NOT NULL DEFAULT 'none',
        account VARCHAR,
        note VARCHAR NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
    "CREATE INDEX ix_income_day ON income (day)",
    "CREATE INDEX ix_income_client_id ON income (client_id)",
    """CREATE TABLE trip (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        day VARCHAR NOT NULL,
        miles_hundredths INTEGER NOT NULL,
        purpose VARCHAR NOT NULL,
        vehicle VARCHAR,
        commute BOOLEAN NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
    "CREATE INDEX ix_trip_day ON trip (day)",
)


def upgrade(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
