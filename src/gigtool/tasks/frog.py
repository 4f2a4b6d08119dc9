"""The frog: the big important task you would otherwise put off, one a day (Brian Tracy).

How candidates are scored and ranked is in `frog_score`. The day's pick is stored
in `frog_pick`, so `gig frog` shows the same frog all day; the current pick is the
day's row with no outcome yet.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from gigtool.clock import Clock, local_zone
from gigtool.errors import NotFound, Refused
from gigtool.store.db import transaction
from gigtool.tasks.completion import Completed, complete_tasks
from gigtool.tasks.days import format_day, today_of
from gigtool.tasks.frog_score import (
    FORMULA,
    RULES,
    Candidate,
    Scored,
    rank,
    reasons,
    score,
    scored_record,
)
from gigtool.tasks.history import skip
from gigtool.tasks.matrix import QUICK_SECONDS
from gigtool.tasks.queries import timer_fields

if TYPE_CHECKING:
    from gigtool.tracking.entries import Started


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
    with transaction(conn):
        _, now, pick_id, candidate = _need_current(conn, clock)
        _end(conn, pick_id, "skipped", now)
        skip(conn, candidate.id, now, reason.strip() or "skipped as the frog")
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
    """Mark today's frog done; returns what `complete_tasks` did and the streak."""
    today, _, _, candidate = _need_current(conn, clock)
    done = complete_tasks(conn, clock, [candidate.id])[0]
    return done, streak(conn, today)


def after_note(conn: sqlite3.Connection, today: date) -> str:
    """`(after #5: …)`: what was done before today's frog, which keeps today out of the streak."""
    earlier = came_before_frog(conn, today)
    if not earlier:
        return ""
    return f" (after {', '.join(f'#{i}' for i in earlier)}: the streak counts frogs eaten first)"


def start_frog_timer(conn: sqlite3.Connection, clock: Clock) -> tuple[Pick, str | None, Started]:
    """Start the timer on today's frog (on its project): the pick, the project, what started."""
    from gigtool.tracking.timer import start_timer

    day = frog_for(conn, clock)
    if day.pick is None:
        raise Refused("there is no frog to start today; see why with `gig frog`")
    project, description = timer_fields(conn, clock, day.pick.task_id, None, [])
    started = start_timer(
        conn, clock, project=project, description=description, task_id=day.pick.task_id
    )
    return day.pick, project, started


def day_record(day: FrogDay, today: date) -> dict[str, Any]:
    """What `gig frog --json` says: the frog with its reasons, what was eaten, the streak."""
    pick = day.pick
    frog_data = None
    if pick:
        frog_data = {**scored_record(pick.scored), "how": pick.how, "reasons": reasons(pick.scored)}
    return {
        "day": today.isoformat(),
        "frog": frog_data,
        "eaten": [{"id": i, "title": t} for i, t in day.eaten],
        "skipped": day.skipped,
        "streak": day.streak,
    }


def why_record(day: FrogDay, today: date, top: list[Scored]) -> dict[str, Any]:
    """`gig frog --why --json`: the day, the formula and the top candidates."""
    current = day.pick.task_id if day.pick else None
    return {
        **day_record(day, today),
        "formula": FORMULA,
        "rules": RULES,
        "top": [{**scored_record(s), "frog": s.candidate.id == current} for s in top],
    }
