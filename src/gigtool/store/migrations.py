"""Ordered, frozen schema changes. Append; never edit one that has shipped.

Each migration runs in the same transaction as the bump of `user_version`
and its row in `gig_migration`, so a database is always at exactly one
version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from gigtool.balance import schema as migrate_balance
from gigtool.clients import schema as migrate_clients
from gigtool.money import schema as migrate_money
from gigtool.tasks import schema as migrate_tasks

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, which would break the
    # one-transaction-per-migration promise.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _initial(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE gig_migration (
            id INTEGER NOT NULL PRIMARY KEY,
            name VARCHAR NOT NULL,
            applied_at INTEGER NOT NULL
        );
        CREATE TABLE setting (
            key VARCHAR NOT NULL PRIMARY KEY,
            value VARCHAR NOT NULL
        );
        CREATE TABLE client (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            name VARCHAR COLLATE NOCASE NOT NULL UNIQUE,
            rate_cents INTEGER,
            currency VARCHAR,
            archived BOOLEAN NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE project (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            name VARCHAR COLLATE NOCASE NOT NULL UNIQUE,
            client_id INTEGER REFERENCES client (id),
            rate_cents INTEGER,
            currency VARCHAR,
            billable BOOLEAN NOT NULL DEFAULT 1,
            archived BOOLEAN NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX ix_project_client_id ON project (client_id);
        CREATE TABLE time_entry (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            project_id INTEGER REFERENCES project (id),
            task_id INTEGER,
            description VARCHAR NOT NULL DEFAULT '',
            start_utc INTEGER NOT NULL,
            end_utc INTEGER,
            tz VARCHAR NOT NULL,
            billable BOOLEAN NOT NULL DEFAULT 1,
            import_key VARCHAR UNIQUE,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE INDEX ix_time_entry_project_id ON time_entry (project_id);
        CREATE INDEX ix_time_entry_start_utc ON time_entry (start_utc);
        CREATE INDEX ix_time_entry_end_utc ON time_entry (end_utc);
        CREATE UNIQUE INDEX ux_time_entry_running ON time_entry ((end_utc IS NULL))
            WHERE end_utc IS NULL;
        CREATE TABLE tag (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            name VARCHAR COLLATE NOCASE NOT NULL UNIQUE
        );
        CREATE TABLE entry_tag (
            entry_id INTEGER NOT NULL REFERENCES time_entry (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tag (id),
            PRIMARY KEY (entry_id, tag_id)
        );
        CREATE INDEX ix_entry_tag_tag_id ON entry_tag (tag_id);
        """,
    )


# Areas keep their DDL in store/migrate_<area>.py and add one line here.
MIGRATIONS: list[Migration] = [
    ("initial: clients, projects, time entries, tags, settings", _initial),
    ("balance: alerts shown, focus blocks", migrate_balance.upgrade),
    ("money: receipts and their files, income, mileage, categories", migrate_money.upgrade),
    ("tasks: triage, history and the frog of each day", migrate_tasks.upgrade),
    ("clients: old names kept as aliases", migrate_clients.upgrade),
]

LATEST = len(MIGRATIONS)
