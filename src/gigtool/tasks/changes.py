"""Changing tasks: add, edit, triage, defer, delete."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import cast

from gigtool.clock import Clock
from gigtool.errors import InputError, Refused
from gigtool.store.db import transaction
from gigtool.tasks.days import format_day, today_of
from gigtool.tasks.history import record_event
from gigtool.tasks.inputs import UNCHANGED, check_title, importance
from gigtool.tasks.matrix import Task
from gigtool.tasks.queries import get_task, now_seconds
from gigtool.tasks.recurrence import describe_every, first_due, parse_every
from gigtool.tracking.timelang import format_duration


def _set_tags(conn: sqlite3.Connection, task_id: int, tags: Iterable[str]) -> None:
    for tag in tags:
        conn.execute("INSERT INTO tag (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (tag,))
        conn.execute(
            "INSERT OR IGNORE INTO task_tag (task_id, tag_id) SELECT ?, id FROM tag WHERE name = ?",
            (task_id, tag),
        )


def _client_and_project(
    conn: sqlite3.Connection,
    clock: Clock,
    client: str | None,
    project: str | None,
) -> tuple[int | None, int | None, bool]:
    """Ids for a task's client and project (inside a transaction); True if the project is new."""
    from gigtool.clients.catalog import client_id, project_for_tracking

    cid = client_id(conn, client) if client else None
    if not project:
        return cid, None, False
    found, created = project_for_tracking(conn, clock, project)
    _check_pair(conn, cid, found.id)
    return cid, found.id, created


def _check_pair(conn: sqlite3.Connection, cid: int | None, pid: int | None) -> None:
    if cid is None or pid is None:
        return
    row = conn.execute(
        "SELECT p.name, c.id, c.name FROM project p LEFT JOIN client c ON c.id = p.client_id "
        "WHERE p.id = ?",
        (pid,),
    ).fetchone()
    if row and row[1] is not None and row[1] != cid:
        raise Refused(
            f"project {row[0]!r} belongs to client {row[2]!r}; "
            "leave out --client or choose another project"
        )


def _summary(
    important: bool | None,
    rank: str | None,
    urgent: bool,
    estimate: int | None,
    due: date | None = None,
    today: date | None = None,
) -> str:
    parts = []
    if important is not None:
        parts.append(
            ("important" if important else "not important") + (f" ({rank})" if rank else "")
        )
    if urgent:
        parts.append("flagged urgent")
    if due is not None and today is not None:
        parts.append(f"due {format_day(due, today)}")
    if estimate is not None:
        parts.append(f"estimate {format_duration(estimate)}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Added:
    task: Task
    new_project: bool = False


def add_task(
    conn: sqlite3.Connection,
    clock: Clock,
    title: str,
    *,
    due: date | None = None,
    important: bool | None = None,
    rank: str | None = None,
    urgent: bool = False,
    estimate_seconds: int | None = None,
    client: str | None = None,
    project: str | None = None,
    tags: Iterable[str] = (),
    every: str | None = None,
) -> Added:
    from gigtool.tracking.entries import clean_tags

    title = check_title(title)
    important, rank = importance(important, rank)
    tag_list = clean_tags(tags)
    today = today_of(conn, clock)
    rule = parse_every(every, due or today) if every else None
    if rule and due is None:
        due = first_due(rule, today)
    with transaction(conn):
        now = now_seconds(clock)
        cid, pid, created = _client_and_project(conn, clock, client, project)
        cur = conn.execute(
            "INSERT INTO task (title, important, rank, urgent, due_on, estimate_seconds, "
            "client_id, project_id, every, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                title,
                important,
                rank,
                urgent,
                due and due.isoformat(),
                estimate_seconds,
                cid,
                pid,
                rule,
                now,
                now,
            ),
        )
        task_id = int(cur.lastrowid or 0)
        _set_tags(conn, task_id, tag_list)
        detail = _summary(important, rank, urgent, estimate_seconds, due, today)
        if rule:
            detail += ("; " if detail else "") + f"repeats {describe_every(rule)}"
        record_event(conn, task_id, now, "created", detail)
        return Added(get_task(conn, clock, task_id), created)


@dataclass(frozen=True)
class Edited:
    task: Task
    changes: list[str]
    new_project: bool = False


def edit_task(
    conn: sqlite3.Connection,
    clock: Clock,
    task_id: int,
    *,
    title: str | None = None,
    due: date | None | object = UNCHANGED,
    important: bool | None = None,
    rank: str | None = None,
    urgent: bool | None = None,
    estimate_seconds: int | None | object = UNCHANGED,
    client: str | None | object = UNCHANGED,
    project: str | None | object = UNCHANGED,
    every: str | None | object = UNCHANGED,
    add_tags: Iterable[str] = (),
    remove_tags: Iterable[str] = (),
) -> Edited:
    """Change a task; moving a due date that has passed is recorded as putting it off."""
    from gigtool.tracking.entries import clean_tags

    title = None if title is None else check_title(title)
    important, rank = importance(important, rank)
    adding, removing = clean_tags(add_tags), clean_tags(remove_tags)
    today = today_of(conn, clock)
    with transaction(conn):
        now = now_seconds(clock)
        task = get_task(conn, clock, task_id)
        sets: dict[str, object] = {}
        changes: list[str] = []
        pushed: str | None = None
        if title is not None and title != task.title:
            sets["title"] = title
            changes.append(f"title {task.title!r} → {title!r}")
        if due is not UNCHANGED and due != task.due:
            new_due = due if isinstance(due, date) else None
            sets["due_on"] = new_due and new_due.isoformat()
            old = format_day(task.due, today) if task.due else "none"
            new = format_day(new_due, today) if new_due else "none"
            if (
                task.due is not None
                and task.due < today
                and (new_due is None or new_due > task.due)
            ):
                pushed = f"due date pushed back from {old} (passed) to {new}"
            else:
                changes.append(f"due {old} → {new}")
        if important is not None and rank is None and task.rank:
            # `-i` on an A task keeps the A; it drops only a letter it contradicts.
            rank = task.rank if (task.rank in "AB") == important else None
        triaged: str | None = None
        if important is not None and (important != task.important or rank != task.rank):
            sets["important"], sets["rank"] = important, rank
            changes.append("now " + _summary(important, rank, False, None))
            if task.important is None:
                # Giving a task its importance for the first time is triaging it.
                triaged = changes[-1]
        if urgent is not None and urgent != task.urgent_flag:
            sets["urgent"] = urgent
            changes.append("flagged urgent" if urgent else "urgent flag removed")
        if estimate_seconds is not UNCHANGED and estimate_seconds != task.estimate_seconds:
            sets["estimate_seconds"] = estimate_seconds
            old = format_duration(task.estimate_seconds) if task.estimate_seconds else "none"
            new = format_duration(estimate_seconds) if isinstance(estimate_seconds, int) else "none"
            changes.append(f"estimate {old} → {new}")
        new_project = False
        if client is not UNCHANGED or project is not UNCHANGED:
            new_project = _move(conn, clock, task_id, client, project, sets, changes)
        if every is not UNCHANGED:
            anchor = date.fromisoformat(str(sets["due_on"])) if sets.get("due_on") else task.due
            rule = parse_every(str(every), anchor or today) if every else None
            if rule != task.every:
                sets["every"] = rule
                if rule and task.due is None and "due_on" not in sets:
                    sets["due_on"] = first_due(rule, today).isoformat()
                changes.append(f"repeats {describe_every(rule)}" if rule else "no longer repeats")
        asked = (
            bool(adding or removing)
            or any(value is not None for value in (title, important, urgent))
            or any(
                value is not UNCHANGED for value in (due, estimate_seconds, client, project, every)
            )
        )
        if not asked:
            raise InputError("nothing to change; see `gig task edit --help`")
        if sets:
            sets["updated_at"] = now
            assignments = ", ".join(f"{column} = ?" for column in sets)
            conn.execute(f"UPDATE task SET {assignments} WHERE id = ?", (*sets.values(), task_id))
        _set_tags(conn, task_id, adding)
        for tag in removing:
            conn.execute(
                "DELETE FROM task_tag WHERE task_id = ? AND tag_id = "
                "(SELECT id FROM tag WHERE name = ?)",
                (task_id, tag),
            )
        if adding or removing:
            changes.append(" ".join([*("+" + t for t in adding), *("-" + t for t in removing)]))
        if pushed:
            record_event(conn, task_id, now, "pushed", pushed)
        if triaged:
            record_event(conn, task_id, now, "triaged", triaged.removeprefix("now "))
        if edits := [change for change in changes if change is not triaged]:
            record_event(conn, task_id, now, "edited", "; ".join(edits))
        return Edited(
            get_task(conn, clock, task_id), ([pushed] if pushed else []) + changes, new_project
        )


def _move(
    conn: sqlite3.Connection,
    clock: Clock,
    task_id: int,
    client: object,
    project: object,
    sets: dict[str, object],
    changes: list[str],
) -> bool:
    """Put a task under another client or project; True if the project is new."""
    from gigtool.clients.catalog import client_id, project_for_tracking

    cid, pid = conn.execute(
        "SELECT client_id, project_id FROM task WHERE id = ?", (task_id,)
    ).fetchone()
    created = False
    if client is not UNCHANGED:
        cid = client_id(conn, str(client)) if client else None
        sets["client_id"] = cid
        changes.append(f"client {client or 'none'}")
    if project is not UNCHANGED:
        pid = None
        if project:
            found, created = project_for_tracking(conn, clock, str(project))
            pid = found.id
        sets["project_id"] = pid
        changes.append(f"project {project or 'none'}")
    _check_pair(conn, cid, pid)
    return created


def triage_task(
    conn: sqlite3.Connection,
    clock: Clock,
    task_id: int,
    *,
    important: bool,
    rank: str | None = None,
    urgent: bool | None = None,
    estimate_seconds: int | None | object = UNCHANGED,
) -> Task:
    important_, rank = importance(important, rank)
    with transaction(conn):
        now = now_seconds(clock)
        task = get_task(conn, clock, task_id)
        flag = task.urgent_flag if urgent is None else urgent
        estimate = task.estimate_seconds
        if estimate_seconds is not UNCHANGED:
            estimate = cast(int | None, estimate_seconds)
        conn.execute(
            "UPDATE task SET important = ?, rank = ?, urgent = ?, estimate_seconds = ?, "
            "updated_at = ? WHERE id = ?",
            (important_, rank, flag, estimate, now, task_id),
        )
        record_event(conn, task_id, now, "triaged", _summary(important_, rank, flag, estimate))
        return get_task(conn, clock, task_id)


def defer_task(conn: sqlite3.Connection, clock: Clock, task_id: int, until: date) -> Task:
    today = today_of(conn, clock)
    if until < today:
        raise InputError(f"{format_day(until, today)} has passed; defer to a day from tomorrow on")
    with transaction(conn):
        now = now_seconds(clock)
        task = get_task(conn, clock, task_id)
        if task.done_at is not None:
            raise Refused(f"task #{task_id} is done; there is nothing to defer")
        stored = None if until == today else until.isoformat()
        conn.execute(
            "UPDATE task SET deferred_until = ?, updated_at = ? WHERE id = ?",
            (stored, now, task_id),
        )
        detail = "back on the list" if stored is None else f"until {format_day(until, today)}"
        record_event(conn, task_id, now, "deferred", detail)
        return get_task(conn, clock, task_id)


def delete_task(conn: sqlite3.Connection, clock: Clock, task_id: int) -> Task:
    """Delete a task and its history; its tracked time stays, unlinked."""
    with transaction(conn):
        task = get_task(conn, clock, task_id)
        conn.execute("UPDATE time_entry SET task_id = NULL WHERE task_id = ?", (task_id,))
        conn.execute("DELETE FROM task WHERE id = ?", (task_id,))
        return task
