"""What a migration is, how one runs its SQL, and the tables every domain shares.

The history itself (every domain's steps, in order) is `gigtool.database`'s; the
runner in `db.py` applies it. Each migration runs in the same transaction as the
bump of `user_version` and its row in `gig_migration`, so a database is always
at exactly one version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run `script` statement by statement, inside the migration's transaction."""
    # Not executescript(): it commits first, which would break the
    # one-transaction-per-migration promise.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


# Part of the first version. Frozen, indentation included: SQLite keeps this text.
SHARED = """
        CREATE TABLE gig_migration (
            id INTEGER NOT NULL PRIMARY KEY,
            name VARCHAR NOT NULL,
            applied_at INTEGER NOT NULL
        );
        CREATE TABLE setting (
            key VARCHAR NOT NULL PRIMARY KEY,
            value VARCHAR NOT NULL
        );
        """


def create_shared(conn: sqlite3.Connection) -> None:
    """The migrations' own record and the settings: the first step's shared tables."""
    run_script(conn, SHARED)
