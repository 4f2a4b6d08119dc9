"""What every reader hands the import: rows, bad rows and notes; and what it gets back.

Times are Unix seconds UTC. A reader checks each row's times with `check_span`, so that
times no entry can have never reach the database, whatever read them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from gigtool.amounts import Money
from gigtool.errors import InputError
from gigtool.tracking.importing.overlaps import Overlap


@dataclass
class Row:
    """One entry read from a file, times in Unix seconds UTC."""

    where: str
    key: str
    start: int
    end: int
    project: str | None = None
    client: str | None = None
    description: str = ""
    tags: list[str] = field(default_factory=list)
    billable: bool | None = None
    amount: Money | None = None
    user: tuple[str, str] | None = None  # (name, email) in a team's export
    stated: int | None = None  # the file's own Duration, when it has one beside start and end


@dataclass(frozen=True)
class Bad:
    """A row that cannot be read: where it is (`line 12`) and what is wrong with it.

    `ignore` marks a row that is fine but has nothing to import yet (a running timer)."""

    where: str
    reason: str
    ignore: bool = False
    user: tuple[str, str] | None = None


@dataclass(frozen=True)
class Note:
    """Something a reader decided that the user should hear about (a date order, say)."""

    text: str


@dataclass
class ImportResult:
    source: str
    dry_run: bool = False
    added: int = 0
    already: int = 0
    skipped: list[Bad] = field(default_factory=list)  # malformed, with --skip-bad
    ignored: list[Bad] = field(default_factory=list)  # running or empty: nothing to import
    new_clients: list[str] = field(default_factory=list)
    new_projects: list[str] = field(default_factory=list)
    rates: dict[str, Money] = field(default_factory=dict)  # rates learnt for new projects
    unbilled: list[str] = field(default_factory=list)  # new projects whose rows all say No
    # Rows added that last more than a day: (where, start, end), a timer left running?
    long: list[tuple[str, int, int]] = field(default_factory=list)
    sample: list[Row] = field(default_factory=list)  # the first rows added
    first: int | None = None
    last: int | None = None
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)
    users: Counter[str] = field(default_factory=Counter)  # a team export: rows per person
    user: str | None = None  # the person whose rows were taken
    others: int = 0  # rows of other people, left out
    overlaps: list[Overlap] = field(default_factory=list)
    # New client names in the file that look like a known client's: (in the file, in gig).
    look_alikes: list[tuple[str, str]] = field(default_factory=list)
    stated: int = 0  # the file's Duration column, summed over rows added that have it
    spanned: int = 0  # end minus start over the same rows


class ImportStopped(InputError):
    """A malformed row stopped the import; nothing was written."""


# Times no entry can have ----------------------------------------------------------------------


_LEEWAY = 86400  # an entry may end up to a day after now (clocks and zones disagree)


def latest_end(now: datetime | None) -> int | None:
    """The latest end an imported entry may have: a day after `now` (no limit without one)."""
    return None if now is None else int(now.timestamp()) + _LEEWAY


def check_span(start: int, end: int, latest: int | None) -> None:
    """Refuse times no entry can have (the checks every way into the log shares), ending
    more than a day after now (`latest`): a corrupt file, or the wrong column, not work."""
    from gigtool.errors import GigError
    from gigtool.tracking.spans import check_times

    now = None if latest is None else latest - _LEEWAY
    try:
        check_times(start, end, now=now, grace=_LEEWAY, allow_empty=True)
    except GigError as exc:
        raise ValueError(str(exc)) from None


def person_of(user: tuple[str, str]) -> str:
    name, email = user
    return f"{name} <{email}>" if name and email else name or email
