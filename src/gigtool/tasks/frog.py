"""The frog: the big important task you would otherwise put off, one a day (Brian Tracy).

The score is a pure function of explicit signals, each between 0 and 1 (due
pressure up to 2), so `gig frog --why` can show every one:

    score = 3·due + 3·put off + 2·size + 1·stale + 1·age

- due: 0 from 14 days out, rising linearly to 1 on the due date; past it the
  pressure keeps growing towards 2 (Taskwarrior's stops growing once a task is
  a week overdue, so a long-forgotten task ties with yesterday's). No due date
  is 0, the same as a far one, so a date a month away never outranks an
  undated task (Taskwarrior's other complaint).
- put off: skipped frogs and due dates pushed back after they had passed,
  capped at 3.
- size: the estimate on a log scale, 15 min → 0, 1 h → 0.5, 4 h → 1; unknown
  counts half.
- stale: days since it was last worked on (or since it was added), full at 14.
- age: days open, full at 30.

Candidates are open, important, visible tasks that are not quick wins. A tasks
come before everything else ("never do a B when an A is undone"); then the
higher score; ties go to the earliest due date, then the oldest task, then the
lower id, so the pick is deterministic.

The day's pick is stored in `frog_pick`, so `gig frog` shows the same frog all
day; the current pick is the day's row with no outcome yet.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from gigtool.clock import Clock, local_zone
from gigtool.errors import NotFound, Refused
from gigtool.store.db import transaction

if TYPE_CHECKING:
    from gigtool.tasks.core import Completed

WEIGHTS = {"due": 3.0, "put_off": 3.0, "size": 2.0, "stale": 1.0, "age": 1.0}
DUE_HORIZON_DAYS = 14
PUT_OFF_CAP = 3
SIZE_SMALL = 15 * 60
SIZE_BIG = 4 * 3600
STALE_FULL_DAYS = 14
AGE_FULL_DAYS = 30
QUICK_SECONDS = 5 * 60
SLIGHT = 0.2  # a reason adding less than this to the score goes unsaid
FORMULA = "score = 3·due + 3·put off + 2·size + 1·stale + 1·age"
RULES = "A tasks first, then by score; ties: earliest due date, then the oldest task"


@dataclass(frozen=True)
class Candidate:
    id: int
    title: str
    rank: str | None
    due: date | None
    estimate_seconds: int | None
    put_off: int
    last_worked: date | None
    created: date


@dataclass(frozen=True)
class Signals:
    due: float
    put_off: float
    size: float
    stale: float
    age: float

    def weighted(self) -> dict[str, float]:
        return {name: WEIGHTS[name] * getattr(self, name) for name in WEIGHTS}


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    signals: Signals
    score: float
    days_to_due: int | None
    days_stale: int
    days_open: int

    @property
    def tier(self) -> int:
        return 0 if self.candidate.rank == "A" else 1

    def key(self) -> tuple[int, float, date, date, int]:
        c = self.candidate
        # Rounded so that float noise never decides between equal scores.
        return (self.tier, -round(self.score, 6), c.due or date.max, c.created, c.id)


# --- the pure core -----------------------------------------------------------------------------


def due_pressure(days_to_due: int | None) -> float:
    if days_to_due is None or days_to_due >= DUE_HORIZON_DAYS:
        return 0.0
    if days_to_due >= 0:
        return (DUE_HORIZON_DAYS - days_to_due) / DUE_HORIZON_DAYS
    overdue = -days_to_due
    return 2.0 - 1.0 / (1.0 + overdue / 7.0)


def put_off_signal(times: int) -> float:
    return min(max(times, 0), PUT_OFF_CAP) / PUT_OFF_CAP


def size_signal(estimate_seconds: int | None) -> float:
    if estimate_seconds is None:
        return 0.5
    if estimate_seconds <= SIZE_SMALL:
        return 0.0
    steps = math.log2(SIZE_BIG / SIZE_SMALL)
    return min(1.0, math.log2(estimate_seconds / SIZE_SMALL) / steps)


def stale_signal(days: int) -> float:
    return min(max(days, 0) / STALE_FULL_DAYS, 1.0)


def age_signal(days: int) -> float:
    return min(max(days, 0) / AGE_FULL_DAYS, 1.0)


def score(candidate: Candidate, today: date) -> Scored:
    days_to_due = None if candidate.due is None else (candidate.due - today).days
    days_stale = max((today - (candidate.last_worked or candidate.created)).days, 0)
    days_open = max((today - candidate.created).days, 0)
    signals = Signals(
        due=due_pressure(days_to_due),
        put_off=put_off_signal(candidate.put_off),
        size=size_signal(candidate.estimate_seconds),
        stale=stale_signal(days_stale),
        age=age_signal(days_open),
    )
    total = sum(signals.weighted().values())
    return Scored(candidate, signals, total, days_to_due, days_stale, days_open)


def rank(candidates: list[Candidate], today: date) -> list[Scored]:
    """Best frog first; the order does not depend on the order of `candidates`."""
    return sorted((score(c, today) for c in candidates), key=Scored.key)


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def reasons(scored: Scored, limit: int = 3) -> list[str]:
    """Why this frog in words: the strongest few reasons first, leaving out slight ones."""
    c = scored.candidate
    said: list[tuple[float, str]] = []
    weighted = scored.signals.weighted()
    d = scored.days_to_due
    if d is not None and weighted["due"] > 0:
        text = (
            f"overdue {_days(-d)}"
            if d < 0
            else "due today"
            if d == 0
            else "due tomorrow"
            if d == 1
            else f"due in {_days(d)}"
        )
        said.append((weighted["due"], text))
    if c.put_off:
        said.append((weighted["put_off"], f"put off {_times(c.put_off)}"))
    if c.estimate_seconds is None:
        said.append((weighted["size"], "size unknown"))
    elif weighted["size"] > 0:
        from gigtool.tracking.timelang import format_duration

        said.append((weighted["size"], f"about {format_duration(c.estimate_seconds)}"))
    if weighted["stale"] > 0:
        text = (
            f"untouched for {_days(scored.days_stale)}"
            if c.last_worked
            else f"not started in {_days(scored.days_stale)}"
        )
        said.append((weighted["stale"], text))
    if weighted["age"] > 0 and c.last_worked:
        said.append((weighted["age"], f"open {_days(scored.days_open)}"))
    said.sort(key=lambda pair: -pair[0])
    words = [text for weight, text in said[:limit] if weight >= SLIGHT]
    if c.rank == "A":
        words.insert(0, "an A task")
    return words


# --- the day's pick ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pick:
    id: int
    day: date
    task_id: int
    title: str
    how: str
    scored: Scored


@dataclass(frozen=True)
class FrogDay:
    """What `gig frog` has to say today."""

    pick: Pick | None
    eaten: list[tuple[int, str]]
    skipped: int
    streak: int
    important: int
    untriaged: int


_CANDIDATE = """
SELECT t.id, t.title, t.rank, t.due_on, t.estimate_seconds, t.created_at,
       (SELECT count(*) FROM task_event e WHERE e.task_id = t.id
        AND e.kind IN ('skipped', 'pushed')),
       (SELECT max(COALESCE(te.end_utc, :now)) FROM time_entry te WHERE te.task_id = t.id)
FROM task t
"""
# Open, not marked unimportant, visible today.
_VALID = (
    "t.done_at IS NULL AND t.important IS NOT 0 "
    "AND (t.deferred_until IS NULL OR t.deferred_until <= :today)"
)


def _local_day(seconds: int) -> date:
    return datetime.fromtimestamp(seconds, UTC).astimezone(local_zone()).date()


def _candidate(row: tuple) -> Candidate:
    return Candidate(
        id=row[0],
        title=row[1],
        rank=row[2],
        due=None if row[3] is None else date.fromisoformat(row[3]),
        estimate_seconds=row[4],
        put_off=row[6],
        last_worked=None if row[7] is None else _local_day(row[7]),
        created=_local_day(row[5]),
    )


def candidates(conn: sqlite3.Connection, today: date, now: int) -> list[Candidate]:
    """Open, important, visible tasks that are not quick wins nor skipped today."""
    rows = conn.execute(
        _CANDIDATE + "WHERE " + _VALID + " AND t.important = 1 "
        "AND (t.estimate_seconds IS NULL OR t.estimate_seconds > :quick) "
        "AND t.id NOT IN (SELECT task_id FROM frog_pick WHERE day = :today "
        "AND outcome = 'skipped' AND task_id IS NOT NULL)",
        {"now": now, "today": today.isoformat(), "quick": QUICK_SECONDS},
    ).fetchall()
    return [_candidate(r) for r in rows]


def _current(conn: sqlite3.Connection, today: date, now: int) -> tuple[int, str, Candidate | None]:
    """Today's current pick: its id, how it was made, and its task if still a fair frog."""
    row = conn.execute(
        "SELECT id, how, task_id FROM frog_pick WHERE day = ? AND outcome IS NULL",
        (today.isoformat(),),
    ).fetchone()
    if row is None:
        return 0, "", None
    task = conn.execute(
        _CANDIDATE + "WHERE t.id = :id AND " + _VALID,
        {"now": now, "today": today.isoformat(), "id": row[2]},
    ).fetchone()
    return row[0], row[1], None if task is None else _candidate(task)


def _pick(pick_id: int, today: date, how: str, candidate: Candidate) -> Pick:
    return Pick(pick_id, today, candidate.id, candidate.title, how, score(candidate, today))


def _today(conn: sqlite3.Connection, clock: Clock) -> tuple[date, int]:
    from gigtool.tasks.core import today_of

    return today_of(conn, clock), int(clock.now().timestamp())


def frog_for(conn: sqlite3.Connection, clock: Clock) -> FrogDay:
    """Today's frog, picking one if there is none yet; the same answer all day."""
    today, now = _today(conn, clock)
    pick_id, how, candidate = _current(conn, today, now)
    if candidate is not None:
        return _day(conn, today, _pick(pick_id, today, how, candidate))
    if not pick_id and not candidates(conn, today, now):
        return _day(conn, today, None)  # nothing to pick: no need for the write lock
    with transaction(conn):
        # Another gig may have picked while we looked.
        pick_id, how, candidate = _current(conn, today, now)
        if candidate is not None:
            return _day(conn, today, _pick(pick_id, today, how, candidate))
        if pick_id:
            _end(conn, pick_id, "gone", now)
        ranked = rank(candidates(conn, today, now), today)
        if not ranked:
            return _day(conn, today, None)
        best = ranked[0]
        new_id = _insert(conn, today, best.candidate.id, "auto", now)
        pick = Pick(new_id, today, best.candidate.id, best.candidate.title, "auto", best)
        return _day(conn, today, pick)


def _insert(conn: sqlite3.Connection, today: date, task_id: int, how: str, now: int) -> int:
    cur = conn.execute(
        "INSERT INTO frog_pick (day, task_id, how, picked_at) VALUES (?, ?, ?, ?)",
        (today.isoformat(), task_id, how, now),
    )
    return int(cur.lastrowid or 0)


def _end(conn: sqlite3.Connection, pick_id: int, outcome: str, now: int) -> None:
    conn.execute(
        "UPDATE frog_pick SET outcome = ?, ended_at = ? WHERE id = ?", (outcome, now, pick_id)
    )


def _day(conn: sqlite3.Connection, today: date, pick: Pick | None) -> FrogDay:
    day = today.isoformat()
    eaten = conn.execute(
        "SELECT f.task_id, COALESCE(t.title, '(deleted task)') FROM frog_pick f "
        "LEFT JOIN task t ON t.id = f.task_id WHERE f.day = ? AND f.outcome = 'eaten' "
        "ORDER BY f.ended_at, f.id",
        (day,),
    ).fetchall()
    skipped = conn.execute(
        "SELECT count(*) FROM frog_pick WHERE day = ? AND outcome = 'skipped'", (day,)
    ).fetchone()[0]
    important, untriaged = conn.execute(
        "SELECT count(CASE WHEN important = 1 THEN 1 END), "
        "count(CASE WHEN important IS NULL THEN 1 END) "
        "FROM task WHERE done_at IS NULL AND (deferred_until IS NULL OR deferred_until <= ?)",
        (day,),
    ).fetchone()
    return FrogDay(
        pick=pick,
        eaten=[(r[0], r[1]) for r in eaten],
        skipped=skipped,
        streak=streak(conn, today),
        important=important,
        untriaged=untriaged,
    )


def streak(conn: sqlite3.Connection, today: date) -> int:
    """Days in a row with the frog eaten first: before any other task done that day
    (quick wins aside: "if it takes less than 5 minutes, do it now" comes first too).
    Today counts once eaten and does not break it before; days without `gig frog` at
    all (a weekend off) neither count nor break it."""
    count = 0
    for day, before in sorted(_came_before(conn, None, today).items(), reverse=True):
        if before == []:
            count += 1
        elif day != today:
            break
    return count


def came_before_frog(conn: sqlite3.Connection, day: date) -> list[int] | None:
    """The tasks (not quick wins, not frogs) done on `day` before its first frog was
    eaten; None when no frog was eaten that day."""
    return _came_before(conn, day, day).get(day)


def _came_before(
    conn: sqlite3.Connection, first: date | None, last: date
) -> dict[date, list[int] | None]:
    """`came_before_frog` for every day with a frog pick in [first, last], in three
    queries however long the history (`gig frog` shows the streak every morning)."""
    from bisect import bisect_left

    from gigtool.config import get
    from gigtool.periods import day_start

    span = ((first or date.min).isoformat(), last.isoformat())
    eaten_at = {
        date.fromisoformat(day): at
        for day, at in conn.execute(
            "SELECT day, min(CASE WHEN outcome = 'eaten' THEN ended_at END) FROM frog_pick "
            "WHERE day BETWEEN ? AND ? GROUP BY day",
            span,
        )
    }
    if not eaten_at:
        return {}
    frogs = set(
        conn.execute(
            "SELECT day, task_id FROM frog_pick WHERE outcome = 'eaten' AND day BETWEEN ? AND ?",
            span,
        )
    )
    zone, hour = local_zone(), int(get(conn, "day-start"))
    begins = {day: int(day_start(day, zone, hour).timestamp()) for day in eaten_at}
    done = conn.execute(
        "SELECT done_at, id FROM task WHERE done_at >= ? AND done_at <= ? "
        "AND (estimate_seconds IS NULL OR estimate_seconds > ?) ORDER BY done_at",
        (
            min(begins.values()),
            max((at for at in eaten_at.values() if at), default=0),
            QUICK_SECONDS,
        ),
    ).fetchall()
    out: dict[date, list[int] | None] = {}
    for day, at in eaten_at.items():
        if at is None:
            out[day] = None
            continue
        window = done[bisect_left(done, (begins[day],)) : bisect_left(done, (at,))]
        out[day] = [i for _, i in window if (day.isoformat(), i) not in frogs]
    return out


def ranked_today(conn: sqlite3.Connection, clock: Clock) -> list[Scored]:
    today, now = _today(conn, clock)
    return rank(candidates(conn, today, now), today)


def mark_eaten(conn: sqlite3.Connection, task_id: int, today: date, now: int) -> bool:
    """A task just done: if it is today's frog, it is eaten (call inside a transaction)."""
    cur = conn.execute(
        "UPDATE frog_pick SET outcome = 'eaten', ended_at = ? "
        "WHERE day = ? AND task_id = ? AND outcome IS NULL",
        (now, today.isoformat(), task_id),
    )
    return cur.rowcount > 0


def _need_current(conn: sqlite3.Connection, clock: Clock) -> tuple[date, int, int, Candidate]:
    today, now = _today(conn, clock)
    pick_id, _, candidate = _current(conn, today, now)
    if candidate is None:
        raise Refused("no frog picked today yet; see it with `gig frog`")
    return today, now, pick_id, candidate


def skip_frog(
    conn: sqlite3.Connection, clock: Clock, reason: str = ""
) -> tuple[Candidate, FrogDay]:
    """Put today's frog off (it counts against it tomorrow) and pick another."""
    from gigtool.tasks import core as tasks

    with transaction(conn):
        _, now, pick_id, candidate = _need_current(conn, clock)
        _end(conn, pick_id, "skipped", now)
        tasks.skip(conn, candidate.id, now, reason.strip() or "skipped as the frog")
    return candidate, frog_for(conn, clock)


def pick_frog(conn: sqlite3.Connection, clock: Clock, task_id: int) -> FrogDay:
    """Choose today's frog by hand."""
    today, now = _today(conn, clock)
    with transaction(conn):
        row = conn.execute(
            "SELECT done_at, important, deferred_until FROM task WHERE id = ?", (task_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no task #{task_id}; see `gig task list`")
        if row[0] is not None:
            raise Refused(f"task #{task_id} is done; pick an open task")
        if row[1] == 0:
            raise Refused(
                f"task #{task_id} is marked not important; a frog is important "
                f"(mark it with `gig task edit {task_id} -i`)"
            )
        if row[2] is not None and row[2] > today.isoformat():
            from gigtool.tasks.core import format_day

            until = format_day(date.fromisoformat(row[2]), today)
            raise Refused(
                f"task #{task_id} is deferred until {until}; "
                f"bring it back with `gig task defer {task_id} --until today`"
            )
        current = conn.execute(
            "SELECT id, task_id FROM frog_pick WHERE day = ? AND outcome IS NULL",
            (today.isoformat(),),
        ).fetchone()
        if current and current[1] == task_id:
            conn.execute("UPDATE frog_pick SET how = 'hand' WHERE id = ?", (current[0],))
        else:
            if current:
                _end(conn, current[0], "replaced", now)
            _insert(conn, today, task_id, "hand", now)
    return frog_for(conn, clock)


def eat_frog(conn: sqlite3.Connection, clock: Clock) -> tuple[Completed, int]:
    """Mark today's frog done; returns what `tasks.complete_tasks` did and the streak."""
    from gigtool.tasks import core as tasks

    today, _, _, candidate = _need_current(conn, clock)
    done = tasks.complete_tasks(conn, clock, [candidate.id])[0]
    return done, streak(conn, today)
