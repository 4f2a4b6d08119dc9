"""Reading what people type about a task: its title, rank, due day and estimate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from gigtool.errors import InputError
from gigtool.tasks.matrix import QUADRANTS, RANKS, UNTRIAGED

# An option left out, where None means "remove it".
UNCHANGED: object = object()


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


def parse_until(text: str, today: date) -> date:
    """The day a deferred task comes back."""
    from gigtool.tracking.timelang import parse_day

    # Only a day to come can hide a task: `nov 1` on 1 December is next November's.
    return parse_day(text, today, prefer="future", back=0)


def parse_estimate(text: str) -> int:
    from gigtool.tracking.timelang import parse_duration

    try:
        seconds = int(parse_duration(text).total_seconds())
    except InputError as exc:
        raise InputError(f"estimate: {exc}") from None
    if seconds <= 0:
        raise InputError(f"an estimate must be more than zero, not {text.strip()!r} (try 30m)")
    return seconds


def due_option(text: str, today: date, option: str = "--due") -> date:
    try:
        return parse_due(text, today)
    except InputError as exc:
        raise InputError(f"{option}: {exc}") from None


def title_and_tags(words: list[str]) -> tuple[str, list[str]]:
    """`Send invoice +billing` → the title and the +tags typed anywhere in it."""
    title = " ".join(w for w in words if not (w.startswith("+") and len(w) > 1))
    tags = [w for w in words if w.startswith("+") and len(w) > 1]
    return title, tags


_EXAMPLES = {
    "due": "fri",
    "due-before": "fri",
    "estimate": "30m",
    "client": "Acme",
    "project": "acme-web",
    "tag": "billing",
    "quadrant": "do-first",
    "every": "week",
}


def not_blank(options: dict[str, str | None], *, editing: bool = False) -> None:
    """`--due ""` is a slip, not a wish: say so instead of quietly dropping or clearing it."""
    for name, value in options.items():
        if value is not None and not value.strip():
            removing = f" (--no-{name} removes it)" if editing else ""
            raise InputError(f"--{name} needs a value, e.g. --{name} {_EXAMPLES[name]}{removing}")


def edit_changes(today: Callable[[], date], **options: tuple[str | None, bool]) -> dict[str, Any]:
    """What `gig task edit` was asked to change, from each option and its `--no-` twin:
    due, estimate, client, project and every, each as (given, cleared). `today` is
    asked for only when a due day is given."""
    for name, (given, cleared) in options.items():
        if given is not None and cleared:
            raise InputError(f"give --{name} or --no-{name}, not both")
    not_blank({name: given for name, (given, _) in options.items()}, editing=True)
    changes: dict[str, Any] = {}
    for name, (given, cleared) in options.items():
        if given is None and not cleared:
            continue
        if name == "due":
            changes["due"] = due_option(given, today()) if given else None
        elif name == "estimate":
            changes["estimate_seconds"] = parse_estimate(given) if given else None
        else:
            changes[name] = given
    return changes


def parse_quadrant(text: str) -> str:
    word = text.strip().lower().replace(" ", "-").replace("_", "-")
    word = {"do": "do-first", "first": "do-first", "dofirst": "do-first"}.get(word, word)
    if word not in (*QUADRANTS, UNTRIAGED):
        raise InputError(
            f"{text!r} is not a quadrant; use do-first, schedule, delegate, drop or untriaged"
        )
    return word


ESTIMATE_KEYS = {"1": 5 * 60, "2": 15 * 60, "3": 30 * 60, "4": 3600, "5": 7200, "6": 4 * 3600}


def triage_keys(answer: str, size: str) -> tuple[bool, str | None, int | None | object]:
    """The keys pressed in `gig task triage` → importance, rank and estimate (UNCHANGED
    for Enter: keep it)."""
    important = answer in "yab"
    rank = answer.upper() if answer in "abcde" else None
    estimate: int | None | object = UNCHANGED
    if size == "0":
        estimate = None
    elif size in ESTIMATE_KEYS:
        estimate = ESTIMATE_KEYS[size]
    return important, rank, estimate
