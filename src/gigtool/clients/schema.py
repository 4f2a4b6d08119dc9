"""Client aliases: the old names a client keeps after a rename. Frozen: append, never edit.

Must build exactly the table in `models_clients.py` (tests/test_store.py checks).
"""

from __future__ import annotations

import sqlite3

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
