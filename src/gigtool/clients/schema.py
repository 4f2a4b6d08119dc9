"""Clients and projects, and the old names a client keeps after a rename.

Frozen: append, never edit. Must build exactly the tables in `models.py`
(tests/test_store.py checks).
"""

from __future__ import annotations

import sqlite3

from gigtool.store.migrations import run_script

# Part of the first version. Frozen, indentation included: SQLite keeps this text.
INITIAL = """
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
        """


def initial(conn: sqlite3.Connection) -> None:
    """Clients and projects, as the first version made them."""
    run_script(conn, INITIAL)


# A later step: the old names a client keeps after a rename.
STATEMENTS = (
    """CREATE TABLE client_alias (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        client_id INTEGER NOT NULL REFERENCES client (id),
        name VARCHAR COLLATE NOCASE NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
    )""",
    "CREATE INDEX ix_client_alias_client_id ON client_alias (client_id)",
)


def upgrade(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
