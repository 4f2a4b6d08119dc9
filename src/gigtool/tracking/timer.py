"""The timer: start, stop, cancel and continue, one running entry at a time.

Like every write to the log, each runs in one IMMEDIATE transaction and reads "now"
only once it holds the lock (see `entries`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime

from gigtool.clock import Clock, local_zone
from gigtool.errors import InputError, Refused
from gigtool.store.db import transaction
from gigtool.tracking.entries import (
    Entry,
    Started,
    as_utc,
    clean_tags,
    describe,
    get_entry,
    insert_entry,
    last_entry,
    project_for,
    refuse_overlap,
    running,
    secs,
)
from gigtool.tracking.spans import check_times


def start_timer(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    project: str | None,
    description: str = "",
    tags: Iterable[str] = (),
    at: datetime | None = None,
    billable: bool | None = None,
    allow_overlap: bool = False,
    task_id: int | None = None,
) -> Started:
    tag_list = clean_tags(tags)
    at = as_utc(at)
    with transaction(conn):
        now = clock.now()
        begin = at or now
        current = running(conn)
        if at is None and current is not None and _same_timer(current, project, description):
            wanted = {t.lower() for t in tag_list}
            same_task = task_id is None or task_id == current.task_id
            same_billable = billable is None or billable == current.billable
            if wanted <= {t.lower() for t in current.tags} and same_task and same_billable:
                return Started(current, already=True)
        check_times(secs(begin), None, now=secs(now), subject="the timer")
        stopped = _stop_running(conn, begin, now)
        if not allow_overlap:
            refuse_overlap(conn, secs(begin), None, secs(now))
        project_id, new_project, project_billable = project_for(conn, clock, project)
        entry_id = insert_entry(
            conn,
            project_id=project_id,
            description=description.strip(),
            start=secs(begin),
            end=None,
            billable=project_billable if billable is None else billable,
            tags=tag_list,
            now=secs(now),
            task_id=task_id,
        )
        return Started(get_entry(conn, entry_id), stopped, new_project)


def _same_timer(current: Entry, project: str | None, description: str) -> bool:
    return (current.project or "").lower() == (project or "").lower() and (
        current.description == description.strip()
    )


def _stop_running(conn: sqlite3.Connection, at: datetime, now: datetime) -> Entry | None:
    """Stop the running timer at `at`; one that would last under a second is discarded
    instead, as an entry of 0 seconds is no time worked."""
    current = running(conn)
    if current is None:
        return None
    if at < current.start:
        raise Refused(
            f"cannot stop {describe(current)} before it started; give a time after "
            f"{current.start.astimezone(local_zone()):%H:%M}"
        )
    current.end = at
    if secs(at) <= secs(current.start):
        conn.execute("DELETE FROM time_entry WHERE id = ?", (current.id,))
        current.end = current.start
        return current
    try:
        check_times(secs(current.start), secs(at), now=secs(now), subject=f"timer #{current.id}")
    except InputError as exc:
        raise InputError(
            f"{exc}, or stop it when it really ended: gig log stop --at TIME"
        ) from None
    conn.execute(
        "UPDATE time_entry SET end_utc = ?, updated_at = ? WHERE id = ?",
        (secs(at), secs(now), current.id),
    )
    return current


def stop_if_running(
    conn: sqlite3.Connection, entry_id: int, at: datetime, now: datetime
) -> Entry | None:
    """Stop entry `entry_id` at `at` if it is still the running timer, inside the
    caller's transaction (a focus block ends its timer with its own record)."""
    current = running(conn)
    if current is None or current.id != entry_id:
        return None
    return _stop_running(conn, at.astimezone(UTC), now)


def stop_timer(conn: sqlite3.Connection, clock: Clock, *, at: datetime | None = None) -> Entry:
    at = as_utc(at)
    with transaction(conn):
        now = clock.now()
        stopped = _stop_running(conn, at or now, now)
        if stopped is None:
            raise Refused("no timer is running; start one with `gig log start PROJECT`")
        return stopped


def cancel_timer(conn: sqlite3.Connection, expected: int | None = None) -> Entry:
    """Discard the running timer; `expected` is the one the user agreed to discard."""
    with transaction(conn):
        current = running(conn)
        if current is None:
            raise Refused("no timer is running, so there is nothing to cancel")
        if expected is not None and current.id != expected:
            raise Refused(
                f"the running timer changed meanwhile (now {describe(current)}); nothing discarded"
            )
        conn.execute("DELETE FROM time_entry WHERE id = ?", (current.id,))
        return current


def continue_entry(
    conn: sqlite3.Connection,
    clock: Clock,
    entry_id: int | None = None,
    *,
    at: datetime | None = None,
    billable: bool | None = None,
    allow_overlap: bool = False,
) -> Started:
    """A new timer like entry `entry_id` (or the last). It is billable as the source was,
    except that time on no project is billable only when `billable` says so."""
    source = get_entry(conn, entry_id) if entry_id is not None else last_entry(conn)
    if source is None:
        raise Refused("nothing to continue yet; start a timer with `gig log start PROJECT`")
    if entry_id is None and source.running:
        raise Refused(
            f"{describe(source)} is still running; stop it first (`gig log stop`), "
            "or continue an older entry with `gig log continue ID`"
        )
    return start_timer(
        conn,
        clock,
        project=source.project,
        description=source.description,
        tags=source.tags,
        at=at,
        billable=billable if billable is not None else bool(source.project and source.billable),
        allow_overlap=allow_overlap,
        task_id=source.task_id,
    )
