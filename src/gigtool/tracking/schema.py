"""Time entries and their tags. Frozen: append, never edit.

Must build exactly the tables in `models.py` (tests/test_store.py checks).
"""

from __future__ import annotations

import sqlite3

from gigtool.store.migrations import run_script

# Part of the first version. Frozen, indentation included: SQLite keeps this text.
INITIAL = """
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
        """


def initial(conn: sqlite3.Connection) -> None:
    """Time entries, tags and their links, as the first version made them."""
    run_script(conn, INITIAL)
