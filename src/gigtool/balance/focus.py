"""Focus blocks: a while of undisturbed work on a running timer, then a break.

A block is a row in `focus_block` while it runs, so another terminal (or the
balance alerts, which keep quiet meanwhile) can tell one is running.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from gigtool.clock import Clock
from gigtool.errors import InputError, Refused

if TYPE_CHECKING:
    from gigtool.tracking.entries import Entry


@dataclass(frozen=True)
class FocusBlock:
    id: int
    entry_id: int  # the timer it runs on
    start: datetime  # UTC
    end: datetime  # UTC, as planned
    rest: timedelta  # the break announced at the end

    @property
    def back(self) -> datetime:
        """When the break after the block is over."""
        return self.end + self.rest


def plan(length: str, pause: str) -> tuple[timedelta, timedelta]:
    """The block's length and its break, from what the user typed."""
    from gigtool.tracking.timelang import parse_duration

    planned = parse_duration(length)
    rest = parse_duration(pause)
    if planned < timedelta(minutes=1) or planned > timedelta(hours=4):
        raise InputError(f"a focus block is 1 minute to 4 hours, not {length!r}; try 50m")
    return planned, rest


def running_until(conn: sqlite3.Connection, clock: Clock) -> datetime | None:
    """When the focus block running now (in any terminal) ends, or None."""
    now = int(clock.now().timestamp())
    row = conn.execute(
        "SELECT max(planned_end_utc) FROM focus_block "
        "WHERE ended_utc IS NULL AND planned_end_utc > ?",
        (now,),
    ).fetchone()
    return None if row is None or row[0] is None else datetime.fromtimestamp(row[0], UTC)


def refuse_if_running(conn: sqlite3.Connection, clock: Clock, zone: tzinfo) -> None:
    running = running_until(conn, clock)
    if running is not None:
        raise Refused(
            f"a focus block is running until {running.astimezone(zone):%H:%M}; "
            "let it finish or press Ctrl-C in its terminal"
        )


def start_block(
    conn: sqlite3.Connection, clock: Clock, entry_id: int, planned: timedelta, rest: timedelta
) -> FocusBlock:
    """A block from now on the timer `entry_id`."""
    from gigtool.store.db import transaction

    now = clock.now()
    end = now + planned
    with transaction(conn):
        if running_until(conn, clock) is not None:
            raise Refused("a focus block is already running; finish it first")
        block = conn.execute(
            "INSERT INTO focus_block (entry_id, start_utc, planned_end_utc, break_seconds) "
            "VALUES (?, ?, ?, ?)",
            (entry_id, int(now.timestamp()), int(end.timestamp()), int(rest.total_seconds())),
        ).lastrowid
    return FocusBlock(block or 0, entry_id, now, end, rest)


def end_block(
    conn: sqlite3.Connection, clock: Clock, block: FocusBlock, at: datetime
) -> Entry | None:
    """End the block and its timer; the stopped entry, or None if it had stopped already."""
    from gigtool.store.db import transaction

    with transaction(conn):
        conn.execute(
            "UPDATE focus_block SET ended_utc = ? WHERE id = ?", (int(at.timestamp()), block.id)
        )
        # Through the timer's own stop: the same checks, and no entry of 0 seconds.
        from gigtool.tracking.timer import stop_if_running

        return stop_if_running(conn, block.entry_id, at, clock.now())
