"""Time entries: reading them, manual entries and edits (the timer is in `timer`).

Every write runs in one IMMEDIATE transaction and reads "now" only once it
holds the lock, so two gig processes starting and stopping timers at once
serialise cleanly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from gigtool.clients.catalog import client_id, get_project, project_for_tracking
from gigtool.clock import Clock, local_zone, zone_name
from gigtool.errors import InputError, NotFound, Refused
from gigtool.safe_text import visible
from gigtool.store.db import transaction
from gigtool.tracking.spans import check_times

# A running timer overlaps everything after its start.
FOREVER = 2**62


@dataclass
class Entry:
    id: int
    project: str | None
    client: str | None
    description: str
    start: datetime
    end: datetime | None
    tz: str
    billable: bool
    task_id: int | None = None
    tags: list[str] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.end is None

    def seconds(self, now: datetime) -> int:
        return int(((self.end or now) - self.start).total_seconds())

    @property
    def discarded(self) -> bool:
        """Stopped the second it began: deleted, not kept, as 0 seconds is no time worked."""
        return self.end is not None and self.end <= self.start


@dataclass
class Started:
    entry: Entry
    stopped: Entry | None = None
    new_project: bool = False
    # The timer asked for was running already: nothing changed.
    already: bool = False


_SELECT = """
SELECT e.id, p.name, c.name, e.description, e.start_utc, e.end_utc, e.tz, e.billable,
       e.task_id,
       (SELECT group_concat(t.name, char(31)) FROM entry_tag et JOIN tag t ON t.id = et.tag_id
        WHERE et.entry_id = e.id)
FROM time_entry e
LEFT JOIN project p ON p.id = e.project_id
LEFT JOIN client c ON c.id = p.client_id
"""


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    # Two times sharing one zone object compare by wall clock, which is wrong
    # across a DST change; in UTC they compare by elapsed time.
    return None if moment is None else moment.astimezone(UTC)


def secs(moment: datetime) -> int:
    return int(moment.timestamp())


def _entry(row: tuple) -> Entry:
    tags = sorted(row[9].split("\x1f"), key=str.lower) if row[9] else []
    return Entry(
        id=row[0],
        project=row[1],
        client=row[2],
        description=row[3],
        start=_utc(row[4]),
        end=None if row[5] is None else _utc(row[5]),
        tz=row[6],
        billable=bool(row[7]),
        task_id=row[8],
        tags=tags,
    )


# The fields of an entry's record, in the order a CSV has them.
COLUMNS = (
    "id",
    "project",
    "client",
    "description",
    "tags",
    "start",
    "end",
    "duration_seconds",
    "billable",
)


def entry_record(entry: Entry, zone: tzinfo, now: datetime) -> dict[str, object]:
    """An entry as `--json` and `--csv` print it, times in `zone`."""
    return {
        "id": entry.id,
        "project": entry.project,
        "client": entry.client,
        "description": entry.description,
        "tags": entry.tags,
        "start": entry.start.astimezone(zone).isoformat(),
        "end": entry.end.astimezone(zone).isoformat() if entry.end else None,
        "duration_seconds": entry.seconds(now),
        "billable": entry.billable,
    }


def describe(entry: Entry) -> str:
    """`#12 acme "API review" 09:00–11:30 Tue 24 Nov`, for messages."""
    zone = local_zone()
    start = entry.start.astimezone(zone)
    when = start.strftime("%H:%M") + "–"
    when += entry.end.astimezone(zone).strftime("%H:%M") if entry.end else "now"
    when += start.strftime(" %a %d %b %Y")
    what = entry.project or "(no project)"
    if entry.description:
        what += f' "{entry.description}"'
    return visible(f"#{entry.id} {what} {when}")


# Reading


def running(conn: sqlite3.Connection) -> Entry | None:
    row = conn.execute(_SELECT + "WHERE e.end_utc IS NULL LIMIT 1").fetchone()
    return _entry(row) if row else None


def get_entry(conn: sqlite3.Connection, entry_id: int) -> Entry:
    row = conn.execute(_SELECT + "WHERE e.id = ?", (entry_id,)).fetchone()
    if not row:
        raise NotFound(f"no time entry #{entry_id}; see `gig log list`")
    return _entry(row)


def last_entry(conn: sqlite3.Connection) -> Entry | None:
    row = conn.execute(_SELECT + "ORDER BY e.start_utc DESC, e.id DESC LIMIT 1").fetchone()
    return _entry(row) if row else None


def entries_between(
    conn: sqlite3.Connection,
    since: datetime,
    until: datetime,
    *,
    project: str | None = None,
    client: str | None = None,
    tag: str | None = None,
) -> list[Entry]:
    """Entries that start in [since, until), oldest first, by the indexed start time."""
    sql = _SELECT + "WHERE e.start_utc >= ? AND e.start_utc < ?"
    params: list[object] = [secs(since), secs(until)]
    if project:
        sql += " AND e.project_id = ?"
        params.append(get_project(conn, project).id)
    if client:
        sql += " AND p.client_id = ?"
        params.append(client_id(conn, client))
    if tag:
        if not conn.execute("SELECT 1 FROM tag WHERE name = ?", (tag,)).fetchone():
            raise NotFound(f"no tag named {tag!r} has been used")
        sql += (
            " AND EXISTS (SELECT 1 FROM entry_tag et JOIN tag t ON t.id = et.tag_id"
            " WHERE et.entry_id = e.id AND t.name = ?)"
        )
        params.append(tag)
    return [_entry(r) for r in conn.execute(sql + " ORDER BY e.start_utc, e.id", params)]


def entries_touching(
    conn: sqlite3.Connection, since: datetime, until: datetime, now: datetime
) -> list[Entry]:
    """Entries that share any time with [since, until), found by end time (a day's worth
    of rows, not the history), oldest first."""
    rows = conn.execute(
        _SELECT + "WHERE e.end_utc > ? AND +e.start_utc < ? "
        "UNION ALL " + _SELECT + "WHERE e.end_utc IS NULL AND e.start_utc < ? AND ? > ?",
        (secs(since), secs(until), secs(until), secs(now), secs(since)),
    ).fetchall()
    return sorted((_entry(r) for r in rows), key=lambda e: (e.start, e.id))


def within(entries: Iterable[Entry], since: datetime, until: datetime, now: datetime) -> int:
    """Seconds of `entries` inside [since, until): a running one counts up to `now`."""
    return sum(
        max(0, int((min(e.end or now, until) - max(e.start, since)).total_seconds()))
        for e in entries
    )


# Checks


def _overlap(
    conn: sqlite3.Connection, start: int, end: int | None, now: int, exclude: int | None = None
) -> Entry | None:
    """The first entry that shares time with [start, end). Searched by end time, so the
    usual case (a timer started now, an entry added for yesterday) reads a few rows,
    not the whole history. The unary `+` keeps SQLite off the start-time index, which
    it would otherwise pick for the ORDER BY and walk the whole history with."""
    until = FOREVER if end is None else end
    stopped = conn.execute(
        _SELECT + "WHERE e.end_utc > ? AND +e.start_utc < ? AND e.id IS NOT ? "
        "ORDER BY +e.start_utc LIMIT 1",
        (start, until, exclude),
    ).fetchone()
    running_row = conn.execute(
        _SELECT + "WHERE e.end_utc IS NULL AND e.start_utc < ? AND ? > ? AND e.id IS NOT ?",
        (until, now, start, exclude),
    ).fetchone()
    found = [_entry(r) for r in (stopped, running_row) if r]
    return min(found, key=lambda e: e.start) if found else None


def refuse_overlap(
    conn: sqlite3.Connection,
    start: int,
    end: int | None,
    now: int,
    exclude: int | None = None,
) -> None:
    other = _overlap(conn, start, end, now, exclude)
    if other:
        # The times as read, so that a time taken for another day shows at once.
        zone = local_zone()
        first = datetime.fromtimestamp(start, zone)
        last = "now" if end is None else f"{datetime.fromtimestamp(end, zone):%H:%M %a %d %b}"
        raise Refused(
            f"{first:%H:%M %a %d %b} to {last} would overlap {describe(other)}; "
            "pass --allow-overlap to keep both"
        )


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as stored: no `+`, no duplicates in any case. `+a,b` is two tags, as
    in Toggl, whose CSV keeps an entry's tags comma-separated in one cell."""
    out: list[str] = []
    seen: set[str] = set()  # one pass: thousands of tags cost no more than reading them
    for raw in tags:
        parts = raw.strip().lstrip("+").split(",")
        for part in parts:
            tag = part.strip().lstrip("+").strip()
            if not tag:
                raise InputError("an empty tag; write tags like +client-call")
            if any(ch.isspace() for ch in tag) and raw.startswith("+"):
                raise InputError(f"tag {tag!r} has spaces; join words with - or _")
            if tag.lower() not in seen:
                seen.add(tag.lower())
                out.append(tag)
    return out


def _set_tags(conn: sqlite3.Connection, entry_id: int, tags: list[str]) -> None:
    for tag in tags:
        conn.execute("INSERT INTO tag (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (tag,))
        conn.execute(
            "INSERT OR IGNORE INTO entry_tag (entry_id, tag_id) "
            "SELECT ?, id FROM tag WHERE name = ?",
            (entry_id, tag),
        )


def insert_entry(
    conn: sqlite3.Connection,
    *,
    project_id: int | None,
    description: str,
    start: int,
    end: int | None,
    billable: bool,
    tags: list[str],
    now: int,
    task_id: int | None = None,
) -> int:
    try:
        cur = conn.execute(
            "INSERT INTO time_entry (project_id, task_id, description, start_utc, end_utc, tz, "
            "billable, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                project_id,
                task_id,
                description,
                start,
                end,
                zone_name(local_zone()),
                billable,
                now,
                now,
            ),
        )
    except sqlite3.IntegrityError:
        raise Refused("another timer is already running; see `gig log status`") from None
    entry_id = int(cur.lastrowid or 0)
    _set_tags(conn, entry_id, tags)
    return entry_id


def project_for(
    conn: sqlite3.Connection, clock: Clock, name: str | None
) -> tuple[int | None, bool, bool]:
    """The project's id, whether it was just created, and its billable default. Time on
    no project is nobody's to bill, so it is not billable unless the user says so."""
    if not name:
        return None, False, False
    found, created = project_for_tracking(conn, clock, name)
    return found.id, created, found.billable


# Manual entries and edits


def add_entry(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    project: str | None,
    start: datetime,
    end: datetime,
    description: str = "",
    tags: Iterable[str] = (),
    billable: bool | None = None,
    allow_overlap: bool = False,
    task_id: int | None = None,
) -> Started:
    tag_list = clean_tags(tags)
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    with transaction(conn):
        now = clock.now()
        check_times(secs(start), secs(end), now=secs(now), subject="the entry")
        if not allow_overlap:
            refuse_overlap(conn, secs(start), secs(end), secs(now))
        project_id, new_project, project_billable = project_for(conn, clock, project)
        entry_id = insert_entry(
            conn,
            project_id=project_id,
            description=description.strip(),
            start=secs(start),
            end=secs(end),
            billable=project_billable if billable is None else billable,
            tags=tag_list,
            now=secs(now),
            task_id=task_id,
        )
        return Started(get_entry(conn, entry_id), None, new_project)


_UNCHANGED = object()


def edit_entry(
    conn: sqlite3.Connection,
    clock: Clock,
    entry_id: int,
    *,
    project: str | None | object = _UNCHANGED,
    description: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    add_tags: Iterable[str] = (),
    remove_tags: Iterable[str] = (),
    billable: bool | None = None,
    allow_overlap: bool = False,
) -> tuple[Entry, bool]:
    """Change an entry; returns it and whether a project was created for it."""
    adding, removing = clean_tags(add_tags), clean_tags(remove_tags)
    start, end = as_utc(start), as_utc(end)
    with transaction(conn):
        now = clock.now()
        entry = get_entry(conn, entry_id)
        new_start = start or entry.start
        new_end = end or entry.end
        if start or end:
            end_at = None if new_end is None else secs(new_end)
            check_times(secs(new_start), end_at, now=secs(now), subject="the entry")
        if not allow_overlap and (start or end):
            end_secs = None if new_end is None else secs(new_end)
            refuse_overlap(conn, secs(new_start), end_secs, secs(now), exclude=entry.id)
        new_project = False
        sets: dict[str, object] = {}
        if project is not _UNCHANGED:
            # Moved time takes its new project's billable default, as new time would.
            project_id, new_project, project_billable = project_for(conn, clock, str(project or ""))
            sets["project_id"] = project_id
            (old_id,) = conn.execute(
                "SELECT project_id FROM time_entry WHERE id = ?", (entry.id,)
            ).fetchone()
            if billable is None and project_id != old_id:
                billable = project_billable
        if description is not None:
            sets["description"] = description.strip()
        if start is not None:
            sets["start_utc"] = secs(start)
        if end is not None:
            sets["end_utc"] = secs(end)
        if billable is not None:
            sets["billable"] = billable
        sets["updated_at"] = secs(now)
        assignments = ", ".join(f"{column} = ?" for column in sets)
        conn.execute(
            f"UPDATE time_entry SET {assignments} WHERE id = ?", (*sets.values(), entry.id)
        )
        _set_tags(conn, entry.id, adding)
        for tag in removing:
            conn.execute(
                "DELETE FROM entry_tag WHERE entry_id = ? AND tag_id = "
                "(SELECT id FROM tag WHERE name = ?)",
                (entry.id, tag),
            )
        return get_entry(conn, entry.id), new_project


def delete_entry(conn: sqlite3.Connection, entry_id: int) -> Entry:
    with transaction(conn):
        entry = get_entry(conn, entry_id)
        conn.execute("DELETE FROM time_entry WHERE id = ?", (entry_id,))
        return entry


def total_seconds(entries: Iterable[Entry], now: datetime) -> int:
    return sum(entry.seconds(now) for entry in entries)


def day_bounds(day_start: datetime) -> tuple[datetime, datetime]:
    """A local day [start, next start) as UTC instants; DST-aware via the zone."""
    start = day_start
    nxt = (start.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=start.tzinfo)
    return start.astimezone(UTC), nxt.astimezone(UTC)
