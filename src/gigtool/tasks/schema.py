"""Frozen schema for tasks and the frog. Never edit once shipped; add a new step.

Builds exactly the tables in `models_tasks.py`. Statements run one by one with
`execute`, not `executescript` (which commits), so the whole step stays inside
the migration's transaction.
"""

from __future__ import annotations

import sqlite3

_TASKS = """
CREATE TABLE task (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    title VARCHAR NOT NULL,
    important BOOLEAN,
    rank VARCHAR,
    urgent BOOLEAN NOT NULL DEFAULT 0,
    due_on VARCHAR,
    deferred_until VARCHAR,
    estimate_seconds INTEGER,
    client_id INTEGER REFERENCES client (id),
    project_id INTEGER REFERENCES project (id),
    every VARCHAR,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    done_at INTEGER
);
CREATE INDEX ix_task_due_on ON task (due_on);
CREATE INDEX ix_task_client_id ON task (client_id);
CREATE INDEX ix_task_project_id ON task (project_id);
CREATE INDEX ix_task_done_at ON task (done_at);
CREATE TABLE task_tag (
    task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag (id),
    PRIMARY KEY (task_id, tag_id)
);
CREATE INDEX ix_task_tag_tag_id ON task_tag (tag_id);
CREATE TABLE task_event (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    detail VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX ix_task_event_task_id ON task_event (task_id);
CREATE TABLE frog_pick (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    day VARCHAR NOT NULL,
    task_id INTEGER REFERENCES task (id) ON DELETE SET NULL,
    how VARCHAR NOT NULL,
    outcome VARCHAR,
    picked_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX ix_frog_pick_day ON frog_pick (day);
CREATE INDEX ix_frog_pick_task_id ON frog_pick (task_id);
CREATE UNIQUE INDEX ux_frog_pick_current ON frog_pick (day) WHERE outcome IS NULL;
CREATE INDEX ix_time_entry_task_id ON time_entry (task_id)
"""


def upgrade(conn: sqlite3.Connection) -> None:
    for statement in _TASKS.split(";"):
        if statement.strip():
            conn.execute(statement)
