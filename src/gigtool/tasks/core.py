"""Tasks on the Eisenhower matrix: what is urgent, what is important, what repeats.

Importance is the user's call (`-i`, or Brian Tracy's ABCDE rank); urgency is
computed from the due date, the urgency window and a hand-set flag. Every change
that matters later (created, triaged, pushed back, deferred, skipped, done) is
kept as a row in `task_event`, so a task's history and the frog's "put off"
signal come from facts rather than counters.

Due dates and deferrals are days on the user's calendar, stored as ISO dates.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, cast

from gigtool.clock import Clock, local_zone
from gigtool.errors import InputError, NotFound, Refused
from gigtool.store.db import transaction
from gigtool.tracking.timelang import format_duration

if TYPE_CHECKING:
    from dateutil.rrule import rrule

RANKS = {"A": "must", "B": "should", "C": "nice", "D": "delegate", "E": "eliminate"}
QUADRANTS = ("do-first", "schedule", "delegate", "drop")
UNTRIAGED = "untriaged"
QUICK_SECONDS = 5 * 60
# Event kinds that mean "put off": a skipped frog, a due date moved after it passed.
POSTPONED = ("skipped", "pushed")

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass
class Task:
    id: int
    title: str
    important: bool | None
    rank: str | None
    urgent_flag: bool
    due: date | None
    deferred_until: date | None
    estimate_seconds: int | None
    client: str | None
    project: str | None
    every: str | None
    created_at: datetime
    done_at: datetime | None
    tags: list[str] = field(default_factory=list)
    postponements: int = 0
    tracked_seconds: int = 0
    last_worked: datetime | None = None

    @property
    def triaged(self) -> bool:
        return self.important is not None

    @property
    def done(self) -> bool:
        return self.done_at is not None

    @property
    def quick(self) -> bool:
        return self.estimate_seconds is not None and self.estimate_seconds <= QUICK_SECONDS

    def deferred(self, today: date) -> bool:
        return self.deferred_until is not None and self.deferred_until > today

    def urgent(self, today: date, window: int) -> bool:
        return is_urgent(self.due, self.urgent_flag, today, window)

    def quadrant(self, today: date, window: int) -> str:
        if self.important is None:
            return UNTRIAGED
        return quadrant_of(self.important, self.urgent(today, window))


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    detail: str


@dataclass(frozen=True)
class Completed:
    task: Task
    next: Task | None = None
    was_frog: bool = False


# --- the matrix (pure) -------------------------------------------------------------------------


def is_urgent(due: date | None, flagged: bool, today: date, window: int) -> bool:
    """Flagged, overdue, or due within `window` calendar days (inclusive); no date: not urgent."""
    if flagged:
        return True
    return due is not None and (due - today).days <= window


def quadrant_of(important: bool, urgent: bool) -> str:
    if important:
        return "do-first" if urgent else "schedule"
    return "delegate" if urgent else "drop"


def today_of(conn: sqlite3.Connection, clock: Clock) -> date:
    """The user's working day: before the configured day-start hour it is still yesterday."""
    from gigtool.config import get
    from gigtool.periods import local_today

    return local_today(clock.now(), local_zone(), int(get(conn, "day-start")))


def format_day(day: date, today: date) -> str:
    text = f"{_WEEKDAYS[day.weekday()].title()} {day.day} {_MONTHS[day.month - 1].title()}"
    return text if day.year == today.year else f"{text} {day.year}"


def relative_due(due: date | None, today: date) -> str:
    """`today`, `tomorrow`, `Fri (2d)`, `Mon 7 Dec (12d)`, `3d overdue`."""
    if due is None:
        return ""
    days = (due - today).days
    if days < 0:
        return f"{-days}d overdue"
    if days <= 1:
        return "today" if days == 0 else "tomorrow"
    if days < 7:
        return f"{_WEEKDAYS[due.weekday()].title()} ({days}d)"
    return f"{format_day(due, today)} ({days}d)"


# --- reading what people type ------------------------------------------------------------------


def check_title(title: str) -> str:
    clean = " ".join(title.split())
    if not clean:
        raise InputError(
            'a task needs a title, e.g. gig task add "Send the Acme invoice" --due fri'
        )
    if len(clean) > 500:
        raise InputError("a task title is at most 500 characters")
    return clean


def parse_rank(text: str) -> str:
    letter = text.strip().upper()
    if letter not in RANKS:
        raise InputError(
            f"{text.strip()!r} is not a rank: use A (must), B (should), C (nice), "
            "D (delegate) or E (eliminate)"
        )
    return letter


def importance(important: bool | None, rank: str | None) -> tuple[bool | None, str | None]:
    """Combine `-i/-I` and `--rank`: A and B are important, C to E are not."""
    if rank is None:
        return important, None
    letter = parse_rank(rank)
    implied = letter in "AB"
    if important is not None and important != implied:
        flag = "-i" if important else "--not-important"
        raise InputError(
            f"rank {letter} means {'important' if implied else 'not important'}; "
            f"drop {flag} or choose another rank"
        )
    return implied, letter


def parse_due(text: str, today: date) -> date:
    """A due day as typed, in the time language.

    Weekdays look ahead (`fri` is this Friday, or today on a Friday). A day of
    the year without a year is the coming one, unless it passed within the last
    90 days: `dec 1` typed on 4 December is three days overdue, not a year off
    (the time language's one rule for yearless days, with a year's reach ahead).
    """
    from gigtool.tracking.timelang import parse_day

    return parse_day(text, today, prefer="future")


def parse_estimate(text: str) -> int:
    from gigtool.tracking.timelang import parse_duration

    try:
        seconds = int(parse_duration(text).total_seconds())
    except InputError as exc:
        raise InputError(f"estimate: {exc}") from None
    if seconds <= 0:
        raise InputError(f"an estimate must be more than zero, not {text.strip()!r} (try 30m)")
    return seconds


# --- repeats -----------------------------------------------------------------------------------

_EVERY = (
    r"(?:(\d+)\s+)?(days?|weekdays?|weeks?|months?|years?)"
    r"(?:\s+on\s+(?:the\s+)?(.+))?"
)
_ALIASES = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annually": "year",
    "workday": "weekday",
    "workdays": "weekday",
    "fortnightly": "2 weeks",
}


def _every_error(text: str) -> InputError:
    return InputError(
        f"{text.strip()!r} is not a repeat (try day, weekday, week, week on mon,thu, "
        "month, month on 1, month on last, year or 2 weeks)"
    )


def _weekday_list(spec: str, text: str) -> list[str]:
    days: list[str] = []
    for word in re.split(r"[\s,]+|\band\b", spec):
        if not word:
            continue
        found = [d for d in _WEEKDAYS if len(word) >= 3 and _full_day(d).startswith(word)]
        if len(found) != 1:
            raise _every_error(text)
        if found[0] not in days:
            days.append(found[0])
    if not days:
        raise _every_error(text)
    return sorted(days, key=_WEEKDAYS.index)


def _full_day(short: str) -> str:
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return full[_WEEKDAYS.index(short)]


def _month_day(spec: str, text: str) -> str:
    if spec == "last":
        return "last"
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", spec)
    if not match or not 1 <= int(match[1]) <= 31:
        raise InputError(f"{text.strip()!r}: a month has days 1 to 31 (or say last)")
    return str(int(match[1]))


def _year_day(spec: str, text: str) -> str:
    match = (
        re.fullmatch(r"(\d{1,2})-(\d{1,2})", spec)
        or re.fullmatch(r"([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?", spec)
        or re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?", spec)
    )
    if not match:
        raise _every_error(text)
    first, second = match[1], match[2]
    if first.isdigit() and second.isdigit():
        month, day = int(first), int(second)
    else:
        word, number = (first, second) if second.isdigit() else (second, first)
        if word not in _MONTHS:
            raise _every_error(text)
        month, day = _MONTHS.index(word) + 1, int(number)
    try:
        date(2000, month, day)  # a leap year: only days no year has fail
    except ValueError:
        raise InputError(f"{text.strip()!r} is not a day of the year") from None
    return f"{month}-{day}"


def parse_every(text: str, anchor: date) -> str:
    """A repeat as typed → the stored rule, e.g. `month` on the 30th → `1 month on 30`.

    A rule without a day takes the anchor's (the due date's), so a monthly task due
    on the 31st stays at the end of the month instead of drifting to the 28th.
    """
    s = " ".join(text.strip().lower().split())
    s = _ALIASES.get(s, s)
    if any(s == _full_day(d)[: len(s)] and len(s) >= 3 for d in _WEEKDAYS) or re.fullmatch(
        r"[a-z]{3,}(?:\s*(?:,|and)\s*[a-z]{3,})+", s
    ):
        s = "week on " + s
    match = re.fullmatch(_EVERY, s)
    if not match:
        raise _every_error(text)
    count = int(match[1] or 1)
    unit = match[2].rstrip("s")
    spec = (match[3] or "").strip()
    if not 1 <= count <= 99:
        raise InputError(f"{text.strip()!r}: repeat every 1 to 99 {unit}s")
    if unit == "day" or unit == "weekday":
        if spec:
            raise _every_error(text)
        if unit == "weekday" and count != 1:
            raise InputError(f"{text.strip()!r}: say weekday, or every N days")
        return f"{count} {unit}"
    if unit == "week":
        days = _weekday_list(spec, text) if spec else [_WEEKDAYS[anchor.weekday()]]
        return f"{count} week on {','.join(days)}"
    if unit == "month":
        return f"{count} month on {_month_day(spec, text) if spec else anchor.day}"
    return f"{count} year on {_year_day(spec, text) if spec else f'{anchor.month}-{anchor.day}'}"


def describe_every(rule: str) -> str:
    """`1 month on 1` → `every month on the 1st`."""
    count_text, unit, *rest = rule.split(" ", 2)
    count = int(count_text)
    spec = rest[0][3:] if rest else ""
    every = f"every {unit}" if count == 1 else f"every {count} {unit}s"
    if unit == "week":
        return f"{every} on " + ", ".join(d.title() for d in spec.split(","))
    if unit == "month":
        return f"{every} on the " + ("last day" if spec == "last" else _ordinal(int(spec)))
    if unit == "year":
        month, day = (int(x) for x in spec.split("-"))
        return f"{every} on {day} {_MONTHS[month - 1].title()}"
    return every


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rule(rule: str, start: date) -> rrule:
    from dateutil import rrule as rr

    count_text, unit, *rest = rule.split(" ", 2)
    count = int(count_text)
    spec = rest[0][3:] if rest else ""
    dtstart = datetime.combine(start, time())
    weekdays = (rr.MO, rr.TU, rr.WE, rr.TH, rr.FR, rr.SA, rr.SU)

    def month_days(day: str) -> dict[str, Any]:
        if day == "last":
            return {"bymonthday": -1}
        number = int(day)
        if number <= 28:
            return {"bymonthday": number}
        # The 29th-31st fall back to the month's last day: the latest of 28..N it has.
        return {"bymonthday": tuple(range(28, number + 1)), "bysetpos": -1}

    if unit == "day":
        return rr.rrule(rr.DAILY, interval=count, dtstart=dtstart)
    if unit == "weekday":
        return rr.rrule(rr.DAILY, byweekday=weekdays[:5], dtstart=dtstart)
    if unit == "week":
        days = [weekdays[_WEEKDAYS.index(d)] for d in spec.split(",")]
        return rr.rrule(rr.WEEKLY, interval=count, byweekday=days, dtstart=dtstart)
    if unit == "month":
        return rr.rrule(rr.MONTHLY, interval=count, dtstart=dtstart, **month_days(spec))
    month, day = spec.split("-")
    return rr.rrule(
        rr.YEARLY,
        interval=count,
        bymonth=int(month),
        dtstart=dtstart,
        **month_days(day),
    )


def first_due(rule: str, today: date) -> date:
    """The first day the rule falls on, today included."""
    found = _rule(rule, today).after(datetime.combine(today, time()), inc=True)
    return found.date() if found else today


def next_due(rule: str, due: date | None, today: date) -> date:
    """The next occurrence after the one just done: after its due date, and not in the past.

    A weekly task done three weeks late comes back next week, not three times;
    one done early comes back a period after its due date.
    """
    anchor = due or today
    after = max(anchor, today) if due else today
    found = _rule(rule, anchor).after(datetime.combine(after, time()), inc=False)
    if found is None:
        raise Refused(f"the repeat {describe_every(rule)!r} has no next day")
    return found.date()


# --- reading tasks -----------------------------------------------------------------------------

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


def _utc(seconds: int) -> datetime:
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
        created_at=_utc(row[11]),
        done_at=None if row[12] is None else _utc(row[12]),
        tags=tags,
        postponements=row[14],
        tracked_seconds=row[15] or 0,
        last_worked=None if row[16] is None else _utc(row[16]),
    )


def _now(clock: Clock) -> int:
    return int(clock.now().timestamp())


def get_task(conn: sqlite3.Connection, clock: Clock, task_id: int) -> Task:
    row = conn.execute(_SELECT + "WHERE t.id = :id", {"now": _now(clock), "id": task_id}).fetchone()
    if not row:
        raise NotFound(f"no task #{task_id}; see `gig task list`")
    return _task(row)


def open_tasks(conn: sqlite3.Connection, clock: Clock) -> list[Task]:
    rows = conn.execute(
        _SELECT + "WHERE t.done_at IS NULL ORDER BY t.id", {"now": _now(clock)}
    ).fetchall()
    return [_task(r) for r in rows]


def done_tasks(conn: sqlite3.Connection, clock: Clock) -> list[Task]:
    rows = conn.execute(
        _SELECT + "WHERE t.done_at IS NOT NULL ORDER BY t.done_at, t.id", {"now": _now(clock)}
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


def quick_wins(conn: sqlite3.Connection, clock: Clock) -> list[Task]:
    """Open, visible tasks estimated at five minutes or less: do them now."""
    today = today_of(conn, clock)
    return [t for t in open_tasks(conn, clock) if t.quick and not t.deferred(today)]


def untriaged(conn: sqlite3.Connection, clock: Clock) -> list[Task]:
    today = today_of(conn, clock)
    return [t for t in open_tasks(conn, clock) if not t.triaged and not t.deferred(today)]


def history(conn: sqlite3.Connection, clock: Clock, task_id: int) -> list[Event]:
    """The task's events and the time tracked on it, oldest first."""
    get_task(conn, clock, task_id)
    events = [
        Event(_utc(at), kind, detail)
        for at, kind, detail in conn.execute(
            "SELECT at, kind, detail FROM task_event WHERE task_id = ? ORDER BY at, id",
            (task_id,),
        )
    ]
    now = _now(clock)
    for entry_id, start, end in conn.execute(
        "SELECT id, start_utc, end_utc FROM time_entry WHERE task_id = ? ORDER BY start_utc",
        (task_id,),
    ):
        length = format_duration((end or now) - start)
        detail = f"{length} (time entry #{entry_id}{', running' if end is None else ''})"
        events.append(Event(_utc(start), "tracked", detail))
    return sorted(events, key=lambda e: e.at)


# --- writing -----------------------------------------------------------------------------------


def _event(conn: sqlite3.Connection, task_id: int, at: int, kind: str, detail: str = "") -> None:
    conn.execute(
        "INSERT INTO task_event (task_id, at, kind, detail) VALUES (?, ?, ?, ?)",
        (task_id, at, kind, detail),
    )


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
        now = _now(clock)
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
        _event(conn, task_id, now, "created", detail)
        return Added(get_task(conn, clock, task_id), created)


UNCHANGED: object = object()


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
        now = _now(clock)
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
            _event(conn, task_id, now, "pushed", pushed)
        if triaged:
            _event(conn, task_id, now, "triaged", triaged.removeprefix("now "))
        if edits := [change for change in changes if change is not triaged]:
            _event(conn, task_id, now, "edited", "; ".join(edits))
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
        now = _now(clock)
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
        _event(conn, task_id, now, "triaged", _summary(important_, rank, flag, estimate))
        return get_task(conn, clock, task_id)


def complete_tasks(
    conn: sqlite3.Connection, clock: Clock, task_ids: Sequence[int]
) -> list[Completed]:
    """Mark tasks done, all or none; a repeating task makes its next one."""
    from gigtool.tasks import frog

    today = today_of(conn, clock)
    done: list[Completed] = []
    with transaction(conn):
        now = _now(clock)
        for task_id in dict.fromkeys(task_ids):
            task = get_task(conn, clock, task_id)
            if task.done_at is not None:
                when = format_day(task.done_at.astimezone(local_zone()).date(), today)
                raise Refused(f"task #{task_id} was already done on {when}")
            conn.execute(
                "UPDATE task SET done_at = ?, updated_at = ? WHERE id = ?", (now, now, task_id)
            )
            was_frog = frog.mark_eaten(conn, task_id, today, now)
            _event(conn, task_id, now, "done", "eaten as the day's frog" if was_frog else "")
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
    _event(
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
        now = _now(clock)
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
        _event(conn, task_id, now, "reopened", detail)
        return Reopened(get_task(conn, clock, task_id), withdrawn)


def defer_task(conn: sqlite3.Connection, clock: Clock, task_id: int, until: date) -> Task:
    today = today_of(conn, clock)
    if until < today:
        raise InputError(f"{format_day(until, today)} has passed; defer to a day from tomorrow on")
    with transaction(conn):
        now = _now(clock)
        task = get_task(conn, clock, task_id)
        if task.done_at is not None:
            raise Refused(f"task #{task_id} is done; there is nothing to defer")
        stored = None if until == today else until.isoformat()
        conn.execute(
            "UPDATE task SET deferred_until = ?, updated_at = ? WHERE id = ?",
            (stored, now, task_id),
        )
        detail = "back on the list" if stored is None else f"until {format_day(until, today)}"
        _event(conn, task_id, now, "deferred", detail)
        return get_task(conn, clock, task_id)


def delete_task(conn: sqlite3.Connection, clock: Clock, task_id: int) -> Task:
    """Delete a task and its history; its tracked time stays, unlinked."""
    with transaction(conn):
        task = get_task(conn, clock, task_id)
        conn.execute("UPDATE time_entry SET task_id = NULL WHERE task_id = ?", (task_id,))
        conn.execute("DELETE FROM task WHERE id = ?", (task_id,))
        return task


def skip(conn: sqlite3.Connection, task_id: int, at: int, reason: str) -> None:
    """Record putting a task off (call inside a transaction)."""
    _event(conn, task_id, at, "skipped", reason)


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
