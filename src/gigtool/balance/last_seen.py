"""When the user last ran gig while the timer was running.

A timer left running overnight was last known to be in use when its owner last ran a
gig command at a terminal; that time, not a guess, is what the runaway-timer alert
offers as the end. It is kept in the `setting` table under an internal key that no
`gig config` command lists or accepts, written at most once a minute, and only while
a timer runs and has not yet run past the runaway limit (after it, a command is the
user answering the alert), so the everyday commands pay one small write at most.
"""

from __future__ import annotations

import sqlite3

KEY = "internal.timer-last-seen"
EVERY = 60  # seconds between two writes
_WAIT_MS = 100  # a busy database is not worth waiting for: the next command notes it


def note(conn: sqlite3.Connection, now: int) -> None:
    """Record `now` (Unix seconds) as the last time the user ran gig, if a timer runs."""
    row = _running_and_seen(conn)
    if row is None or now <= row[0]:
        return
    seen = _seconds(row[1])
    if seen is not None and row[0] <= seen <= now < seen + EVERY:
        return
    if now - row[0] > _runaway(conn):
        # Past the runaway limit gig is asking whether the timer was forgotten: the user
        # answering that alert (`gig` the next morning) is no sign it was in use, and
        # noting it would make the alert offer that morning as the end.
        return
    from gigtool.store.db import BUSY_TIMEOUT_MS

    conn.execute(f"PRAGMA busy_timeout = {_WAIT_MS}")
    try:
        conn.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (KEY, str(now)),
        )
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _running_and_seen(conn: sqlite3.Connection) -> tuple[int, str | None] | None:
    """The running timer's start and the stored sighting, or None when no timer runs."""
    row = conn.execute(
        "SELECT e.start_utc, (SELECT value FROM setting WHERE key = ?) "
        "FROM time_entry e WHERE e.end_utc IS NULL LIMIT 1",
        (KEY,),
    ).fetchone()
    return (int(row[0]), row[1]) if row else None


def while_running(conn: sqlite3.Connection) -> int | None:
    """When the user last ran gig during the running timer (a minute or more after it
    started), in Unix seconds; None when no timer runs or they have not been seen."""
    row = _running_and_seen(conn)
    if row is None:
        return None
    seen = _seconds(row[1])
    return seen if seen is not None and seen >= row[0] + 60 else None


def _runaway(conn: sqlite3.Connection) -> int:
    """How long a timer runs before the runaway alert calls it forgotten, in seconds:
    the alert's own limit, or its default if a stored one cannot be read."""
    from gigtool.balance.rules import Limits
    from gigtool.balance.settings import limits_from
    from gigtool.errors import GigError

    try:
        return limits_from(conn).runaway
    except GigError:
        return Limits().runaway


def _seconds(value: object) -> int | None:
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None
