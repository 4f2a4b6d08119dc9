"""Reading tasks: one task, the open or finished ones, filtered, and the quick wins."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from gigtool.clock import Clock
from gigtool.errors import NotFound
from gigtool.tasks.days import today_of
from gigtool.tasks.matrix import Task
from gigtool.tasks.recurrence import describe_every

_SELECT = """
SELECT t.id, t.title, t.important, t.rank, t.urgent, t.due_on, t.deferred_until,
       t.estimate_seconds, COALESCE(c.name, pc.name), p.name, t.every, t.created_at, t.done_at,
       (SELECT group_concat(g.name, char(31)) FROM task_tag tt JOIN tag g ON g.id = tt.tag_id
        WHERE tt.task_id = t.id),
       (SELECT count(*) FROM task_event e WHERE e.task_id = t.id
        AND e.kind IN ('skipped', 'pushed')),
       (SELECT sum(COALESCE(te.end_utc, :now) - te.start_utc) FROM time_entry te
        WHERE te.task_id = t.id),
       (SELECT max(COALESCE(te.end_utc, :now)) FROM time_entry te WHERE te.task_id = t.id)
FROM task t
LEFT JOIN project p ON p.id = t.project_id
LEFT JOIN client pc ON pc.id = p.client_id
LEFT JOIN client c ON c.id = t.client_id
"""


def utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _task(row: sqlite3.Row | tuple) -> Task:
    tags = sorted(row[13].split("\x1f"), key=str.lower) if row[13] else []
    return Task(
        id=row[0],
        title=row[1],
        important=None if row[2] is None else bool(row[2]),
        rank=row[3],
        urgent_flag=bool(row[4]),
        due=_day(row[5]),
        deferred_until=_day(row[6]),
        estimate_seconds=row[7],
        client=row[8],
        project=row[9],
        every=row[10],
        created_at=utc(row[11]),
        done_at=None if row[12] is None else utc(row[12]),
        tags=tags,
        postponements=row[14],
        tracked_seconds=row[15] or 0,
        last_worked=None if row[16] is None else utc(row[16]),
    )


def now_seconds(clock: Clock) -> int:
    return int(clock.now().timestamp())


def get_task(conn: sqlite3.Connection, clock: Clock, task_id: int) -> Task:
    row = conn.execute(
        _SELECT + "WHERE t.id = :id", {"now": now_seconds(clock), "id": task_id}
    ).fetchone()
    if not row:
        raise NotFound(f"no task #{task_id}; see `gig task list`")
    return _task(row)


def open_tasks(conn: sqlite3.Connection, clock: Clock) -> list[Task]:
    rows = conn.execute(
        _SELECT + "WHERE t.done_at IS NULL ORDER BY t.id", {"now": now_seconds(clock)}
    ).fetchall()
    return [_task(r) for r in rows]


def done_tasks(conn: sqlite3.Connection, clock: Clock) -> list[Task]:
    rows = conn.execute(
        _SELECT + "WHERE t.done_at IS NOT NULL ORDER BY t.done_at, t.id",
        {"now": now_seconds(clock)},
    ).fetchall()
    return [_task(r) for r in rows]


def select(
    conn: sqlite3.Connection,
    tasks: Iterable[Task],
    *,
    client: str | None = None,
    project: str | None = None,
    tag: str | None = None,
    due_before: date | None = None,
) -> list[Task]:
    """Filter tasks; a client, project or tag that does not exist is an error, not 'none'."""
    from gigtool.clients.catalog import client_id, get_project

    chosen = list(tasks)
    if client:
        client_id(conn, client)
        chosen = [t for t in chosen if (t.client or "").lower() == client.strip().lower()]
    if project:
        name = get_project(conn, project).name
        chosen = [t for t in chosen if (t.project or "").lower() == name.lower()]
    if tag:
        wanted = tag.strip().lstrip("+").lower()
        if not conn.execute("SELECT 1 FROM tag WHERE name = ?", (wanted,)).fetchone():
            raise NotFound(f"no tag named {wanted!r} has been used")
        chosen = [t for t in chosen if wanted in {x.lower() for x in t.tags}]
    if due_before:
        chosen = [t for t in chosen if t.due is not None and t.due <= due_before]
    return chosen


def list_tasks(
    conn: sqlite3.Connection,
    clock: Clock,
    window: int,
    *,
    done: bool = False,
    quadrant: str | None = None,
    client: str | None = None,
    project: str | None = None,
    tag: str | None = None,
    due_before: date | None = None,
) -> list[Task]:
    """Open (or finished) tasks, filtered as `gig task list` is asked to."""
    today = today_of(conn, clock)
    found = done_tasks(conn, clock) if done else open_tasks(conn, clock)
    found = select(conn, found, client=client, project=project, tag=tag, due_before=due_before)
    if quadrant:
        found = [t for t in found if t.quadrant(today, window) == quadrant]
    return found


def without_hidden(
    found: list[Task], today: date, window: int, *, drop: bool
) -> tuple[list[Task], int]:
    """Deferred tasks left out; with `drop`, those neither urgent nor important too, and
    how many of them there were."""
    found = [t for t in found if not t.deferred(today)]
    if not drop:
        return found, 0
    kept = [t for t in found if t.quadrant(today, window) != "drop"]
    return kept, len(found) - len(kept)


def quick_wins(conn: sqlite3.Connection, clock: Clock) -> list[Task]:
    """Open, visible tasks estimated at five minutes or less: do them now."""
    today = today_of(conn, clock)
    return [t for t in open_tasks(conn, clock) if t.quick and not t.deferred(today)]


def untriaged(conn: sqlite3.Connection, clock: Clock) -> list[Task]:
    today = today_of(conn, clock)
    return [t for t in open_tasks(conn, clock) if not t.triaged and not t.deferred(today)]


def timer_fields(
    conn: sqlite3.Connection, clock: Clock, task_id: int, project: str | None, words: list[str]
) -> tuple[str | None, str]:
    """Project and description for a timer on a task.

    The entry takes the task's project (and so its client). When the task has one,
    every word the user typed is description; with none, the first word is the
    project as usual. No words: the task's title.
    """
    task = get_task(conn, clock, task_id)
    if task.project:
        typed = [project, *words] if project else list(words)
        if typed and typed[0].lower() == task.project.lower():
            typed = typed[1:]
        return task.project, " ".join(typed) or task.title
    # A task with a client but no project: track it on the client's own project
    # (created for the client if need be), so the time keeps its client.
    return project or task.client, " ".join(words) or task.title


COLUMNS = [
    "id",
    "title",
    "quadrant",
    "important",
    "rank",
    "urgent",
    "due",
    "due_in_days",
    "estimate_seconds",
    "tracked_seconds",
    "client",
    "project",
    "tags",
    "every",
    "deferred_until",
    "created",
    "done",
]


def stamp(zone: tzinfo, moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(zone).isoformat()


def task_record(task: Task, today: date, window: int, zone: tzinfo) -> dict[str, Any]:
    """A task as plain data, for --json and --csv (`COLUMNS`)."""
    return {
        "id": task.id,
        "title": task.title,
        "quadrant": task.quadrant(today, window),
        "important": task.important,
        "rank": task.rank,
        "urgent": task.urgent(today, window),
        "due": task.due.isoformat() if task.due else None,
        "due_in_days": (task.due - today).days if task.due else None,
        "estimate_seconds": task.estimate_seconds,
        "tracked_seconds": task.tracked_seconds,
        "client": task.client,
        "project": task.project,
        "tags": task.tags,
        "every": describe_every(task.every) if task.every else None,
        "deferred_until": task.deferred_until.isoformat() if task.deferred_until else None,
        "created": stamp(zone, task.created_at),
        "done": stamp(zone, task.done_at),
    }
