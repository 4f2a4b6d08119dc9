"""A task's history: every change that matters later (created, triaged, pushed back,
deferred, skipped, done) is kept as a row in `task_event`, so the history and the
frog's "put off" signal come from facts rather than counters.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from gigtool.clock import Clock
from gigtool.tasks.matrix import Task
from gigtool.tasks.queries import get_task, now_seconds, stamp, task_record, utc
from gigtool.tracking.timelang import format_duration


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    detail: str


def history(conn: sqlite3.Connection, clock: Clock, task_id: int) -> list[Event]:
    """The task's events and the time tracked on it, oldest first."""
    get_task(conn, clock, task_id)
    events = [
        Event(utc(at), kind, detail)
        for at, kind, detail in conn.execute(
            "SELECT at, kind, detail FROM task_event WHERE task_id = ? ORDER BY at, id",
            (task_id,),
        )
    ]
    now = now_seconds(clock)
    for entry_id, start, end in conn.execute(
        "SELECT id, start_utc, end_utc FROM time_entry WHERE task_id = ? ORDER BY start_utc",
        (task_id,),
    ):
        length = format_duration((end or now) - start)
        detail = f"{length} (time entry #{entry_id}{', running' if end is None else ''})"
        events.append(Event(utc(start), "tracked", detail))
    return sorted(events, key=lambda e: e.at)


def record_event(
    conn: sqlite3.Connection, task_id: int, at: int, kind: str, detail: str = ""
) -> None:
    conn.execute(
        "INSERT INTO task_event (task_id, at, kind, detail) VALUES (?, ?, ?, ?)",
        (task_id, at, kind, detail),
    )


def skip(conn: sqlite3.Connection, task_id: int, at: int, reason: str) -> None:
    """Record putting a task off (call inside a transaction)."""
    record_event(conn, task_id, at, "skipped", reason)


def history_record(
    task: Task, events: list[Event], today: date, window: int, zone: tzinfo
) -> dict[str, Any]:
    """A task and its history as plain data, for `gig task show --json`."""
    data = task_record(task, today, window, zone)
    data["put_off"] = task.postponements
    data["history"] = [
        {"at": stamp(zone, e.at), "kind": e.kind, "detail": e.detail} for e in events
    ]
    return data
