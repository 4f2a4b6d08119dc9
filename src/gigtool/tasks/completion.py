"""Finishing tasks: done (a repeating task makes its next one) and its undo."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from gigtool.clock import Clock, local_zone
from gigtool.errors import Refused
from gigtool.store.db import transaction
from gigtool.tasks.days import format_day, today_of
from gigtool.tasks.history import record_event
from gigtool.tasks.matrix import Task
from gigtool.tasks.queries import get_task, now_seconds
from gigtool.tasks.recurrence import describe_every, next_due


@dataclass(frozen=True)
class Completed:
    task: Task
    next: Task | None = None
    was_frog: bool = False


def complete_tasks(
    conn: sqlite3.Connection, clock: Clock, task_ids: Sequence[int]
) -> list[Completed]:
    """Mark tasks done, all or none; a repeating task makes its next one."""
    today = today_of(conn, clock)
    done: list[Completed] = []
    with transaction(conn):
        now = now_seconds(clock)
        for task_id in dict.fromkeys(task_ids):
            task = get_task(conn, clock, task_id)
            if task.done_at is not None:
                when = format_day(task.done_at.astimezone(local_zone()).date(), today)
                raise Refused(f"task #{task_id} was already done on {when}")
            conn.execute(
                "UPDATE task SET done_at = ?, updated_at = ? WHERE id = ?", (now, now, task_id)
            )
            was_frog = mark_eaten(conn, task_id, today, now)
            record_event(conn, task_id, now, "done", "eaten as the day's frog" if was_frog else "")
            following = _repeat(conn, clock, task, today, now) if task.every else None
            done.append(Completed(get_task(conn, clock, task_id), following, was_frog))
    return done


def _next_of(conn: sqlite3.Connection, task_id: int) -> int | None:
    """The open task made as the next repeat of this one, if any (its `created` event says so)."""
    row = conn.execute(
        "SELECT e.task_id FROM task_event e JOIN task t ON t.id = e.task_id "
        "WHERE e.kind = 'created' AND e.detail LIKE ? AND t.done_at IS NULL "
        "ORDER BY e.id DESC LIMIT 1",
        (f"next of #{task_id},%",),
    ).fetchone()
    return None if row is None else int(row[0])


def _untouched(conn: sqlite3.Connection, task_id: int) -> bool:
    """Nothing happened to it but being made: no edits, no time, never a frog."""
    return not conn.execute(
        "SELECT 1 FROM task_event WHERE task_id = ? AND kind != 'created' "
        "UNION ALL SELECT 1 FROM time_entry WHERE task_id = ? "
        "UNION ALL SELECT 1 FROM frog_pick WHERE task_id = ?",
        (task_id, task_id, task_id),
    ).fetchone()


def _repeat(conn: sqlite3.Connection, clock: Clock, task: Task, today: date, now: int) -> Task:
    assert task.every
    if (already := _next_of(conn, task.id)) is not None:
        # Done, reopened and done again: its next one is still there; never make two.
        return get_task(conn, clock, already)
    due = next_due(task.every, task.due, today)
    cur = conn.execute(
        "INSERT INTO task (title, important, rank, urgent, due_on, estimate_seconds, client_id, "
        "project_id, every, created_at, updated_at) "
        "SELECT title, important, rank, urgent, ?, estimate_seconds, client_id, project_id, every, "
        "?, ? FROM task WHERE id = ?",
        (due.isoformat(), now, now, task.id),
    )
    new_id = int(cur.lastrowid or 0)
    conn.execute(
        "INSERT INTO task_tag (task_id, tag_id) SELECT ?, tag_id FROM task_tag WHERE task_id = ?",
        (new_id, task.id),
    )
    record_event(
        conn,
        new_id,
        now,
        "created",
        f"next of #{task.id}, {describe_every(task.every)}; due {format_day(due, today)}",
    )
    return get_task(conn, clock, new_id)


@dataclass(frozen=True)
class Reopened:
    task: Task
    withdrawn: Task | None = None  # the next repeat its completion made, taken back


def reopen_task(conn: sqlite3.Connection, clock: Clock, task_id: int) -> Reopened:
    """Undo `done`. A repeating task's next one goes too if nothing happened to it yet;
    otherwise it stays, and finishing this one again will not make another."""
    with transaction(conn):
        now = now_seconds(clock)
        task = get_task(conn, clock, task_id)
        if task.done_at is None:
            raise Refused(f"task #{task_id} is not done")
        withdrawn = None
        following = _next_of(conn, task_id) if task.every else None
        if following is not None and _untouched(conn, following):
            withdrawn = get_task(conn, clock, following)
            conn.execute("DELETE FROM task WHERE id = ?", (following,))
        conn.execute("UPDATE task SET done_at = NULL, updated_at = ? WHERE id = ?", (now, task_id))
        # A frog that is not eaten after all does not count towards the streak.
        conn.execute(
            "UPDATE frog_pick SET outcome = 'gone' WHERE task_id = ? AND outcome = 'eaten' "
            "AND day = ?",
            (task_id, today_of(conn, clock).isoformat()),
        )
        detail = f"its next repeat #{withdrawn.id} taken back" if withdrawn else ""
        record_event(conn, task_id, now, "reopened", detail)
        return Reopened(get_task(conn, clock, task_id), withdrawn)


def mark_eaten(conn: sqlite3.Connection, task_id: int, today: date, now: int) -> bool:
    """A task just done: if it is today's frog, it is eaten (call inside a transaction)."""
    cur = conn.execute(
        "UPDATE frog_pick SET outcome = 'eaten', ended_at = ? "
        "WHERE day = ? AND task_id = ? AND outcome IS NULL",
        (now, today.isoformat(), task_id),
    )
    return cur.rowcount > 0
