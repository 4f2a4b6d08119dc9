"""Balance alerts already shown, and focus blocks. Frozen: append, never edit."""

from __future__ import annotations

import sqlite3

STATEMENTS = (
    """CREATE TABLE alert_shown (
        rule VARCHAR NOT NULL,
        day VARCHAR NOT NULL,
        level VARCHAR NOT NULL,
        message VARCHAR NOT NULL,
        shown_at INTEGER NOT NULL,
        PRIMARY KEY (rule, day)
    )""",
    """CREATE TABLE focus_block (
        id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        entry_id INTEGER REFERENCES time_entry (id) ON DELETE SET NULL,
        start_utc INTEGER NOT NULL,
        planned_end_utc INTEGER NOT NULL,
        ended_utc INTEGER,
        break_seconds INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX ix_focus_block_planned_end_utc ON focus_block (planned_end_utc)",
)


def upgrade(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
