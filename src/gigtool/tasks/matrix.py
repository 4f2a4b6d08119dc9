"""Tasks on the Eisenhower matrix: what is urgent, what is important.

Importance is the user's call (`-i`, or Brian Tracy's ABCDE rank); urgency is
computed from the due date, the urgency window and a hand-set flag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

RANKS = {"A": "must", "B": "should", "C": "nice", "D": "delegate", "E": "eliminate"}
QUADRANTS = ("do-first", "schedule", "delegate", "drop")
UNTRIAGED = "untriaged"
QUICK_SECONDS = 5 * 60
# Event kinds that mean "put off": a skipped frog, a due date moved after it passed.
POSTPONED = ("skipped", "pushed")
# What each quadrant is called, and what to do with its tasks.
QUADRANT_TITLES = {
    "do-first": "Do first",
    "schedule": "Schedule",
    "delegate": "Delegate",
    "drop": "Drop",
    "untriaged": "To triage",
}
QUADRANT_ADVICE = {
    "do-first": "urgent and important: do these now",
    "schedule": "important, not urgent: book a focus block",
    "delegate": "urgent, not important: batch, hand off or push back",
    "drop": "neither: let these go",
    "untriaged": "not triaged yet: gig task triage",
}


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


def in_order(found: list[Task], today: date, window: int) -> list[Task]:
    order = [*QUADRANTS, UNTRIAGED]
    return sorted(
        found,
        key=lambda t: (order.index(t.quadrant(today, window)), t.due or date.max, t.id),
    )


def by_quadrant(found: list[Task], today: date, window: int) -> dict[str, list[Task]]:
    """The tasks of each quadrant (untriaged too), in order."""
    by: dict[str, list[Task]] = {q: [] for q in (*QUADRANTS, UNTRIAGED)}
    for task in in_order(found, today, window):
        by[task.quadrant(today, window)].append(task)
    return by
