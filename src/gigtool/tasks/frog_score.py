"""The frog's score: which big important task you would otherwise put off comes first.

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
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

WEIGHTS = {"due": 3.0, "put_off": 3.0, "size": 2.0, "stale": 1.0, "age": 1.0}
DUE_HORIZON_DAYS = 14
PUT_OFF_CAP = 3
SIZE_SMALL = 15 * 60
SIZE_BIG = 4 * 3600
STALE_FULL_DAYS = 14
AGE_FULL_DAYS = 30
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


def day_count(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def reasons(scored: Scored, limit: int = 3) -> list[str]:
    """Why this frog in words: the strongest few reasons first, leaving out slight ones."""
    c = scored.candidate
    said: list[tuple[float, str]] = []
    weighted = scored.signals.weighted()
    d = scored.days_to_due
    if d is not None and weighted["due"] > 0:
        text = (
            f"overdue {day_count(-d)}"
            if d < 0
            else "due today"
            if d == 0
            else "due tomorrow"
            if d == 1
            else f"due in {day_count(d)}"
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
            f"untouched for {day_count(scored.days_stale)}"
            if c.last_worked
            else f"not started in {day_count(scored.days_stale)}"
        )
        said.append((weighted["stale"], text))
    if weighted["age"] > 0 and c.last_worked:
        said.append((weighted["age"], f"open {day_count(scored.days_open)}"))
    said.sort(key=lambda pair: -pair[0])
    words = [text for weight, text in said[:limit] if weight >= SLIGHT]
    if c.rank == "A":
        words.insert(0, "an A task")
    return words


def scored_record(scored: Scored) -> dict[str, Any]:
    """A candidate with its score, signals and the facts behind them, as plain data."""
    c = scored.candidate
    return {
        "id": c.id,
        "title": c.title,
        "rank": c.rank,
        "score": round(scored.score, 3),
        "signals": {k: round(v, 3) for k, v in vars(scored.signals).items()},
        "weighted": {k: round(v, 3) for k, v in scored.signals.weighted().items()},
        "facts": {
            "due": c.due.isoformat() if c.due else None,
            "days_to_due": scored.days_to_due,
            "put_off": c.put_off,
            "estimate_seconds": c.estimate_seconds,
            "days_since_worked": scored.days_stale,
            "days_open": scored.days_open,
        },
    }
