"""Time reports: entries over a period, cut at working-day boundaries, grouped, rounded, priced.

Pure logic over the database; no printing. The steps, each a function a test can call:

1. `load_items` reads the entries that overlap a period by the indexed start time, with
   each entry's hourly rate resolved (project, else client, else the default in config).
2. `cut` clips them to the period and splits them where a working day begins (midnight, or
   the configured day-start hour, in the user's zone, DST included), rounds each entry as a
   whole and spreads the rounded time and the amount over its pieces.
3. `group` (and `timesheet.timesheet`) add the pieces up. Every figure is a sum of pieces,
   so a report's total is the same however it is grouped, and amounts in two currencies are
   never added.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from gigtool.amounts import Money
from gigtool.errors import InputError, NotFound
from gigtool.tracking.figures import share

GROUPINGS = ("project", "client", "tag", "description", "day", "week")
ROUNDING_MODES = ("up", "nearest", "down")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NONE_LABEL = {
    "project": "(no project)",
    "client": "(no client)",
    "tag": "(no tag)",
    "description": "(no description)",
}


@dataclass(frozen=True)
class Rounding:
    """Toggl's rounding: each entry's time to a multiple of `step` seconds."""

    step: int
    mode: str = "up"

    def apply(self, seconds: int) -> int:
        whole, rest = divmod(seconds, self.step)
        if rest == 0 or self.mode == "down":
            return whole * self.step
        if self.mode == "up" or 2 * rest >= self.step:
            return (whole + 1) * self.step
        return whole * self.step

    def __str__(self) -> str:
        minutes, seconds = divmod(self.step, 60)
        step = f"{minutes}m" if not seconds else f"{self.step}s"
        return {"up": f"up to {step}", "down": f"down to {step}"}.get(
            self.mode, f"to the nearest {step}"
        )


def parse_rounding(step: str | None, mode: str) -> Rounding | None:
    """`--round 15m --round-mode up` → Rounding(900, "up"); no step → no rounding."""
    mode = mode.strip().lower()
    if mode not in ROUNDING_MODES:
        raise InputError(f"{mode!r} is not a rounding mode; use up, nearest or down")
    if step is None:
        return None
    from gigtool.tracking.timelang import parse_duration

    seconds = int(parse_duration(step).total_seconds())
    if not 60 <= seconds <= 86400:
        raise InputError(f"round to between 1 minute and 24 hours, not {step!r} (try 6m or 15m)")
    return Rounding(seconds, mode)


@dataclass(frozen=True)
class Item:
    """An entry as a report sees it: times in Unix seconds, its rate resolved."""

    id: int
    project: str | None
    client: str | None
    description: str
    tags: tuple[str, ...]
    start: int
    end: int | None
    billable: bool
    rate: Money | None


@dataclass(frozen=True)
class Piece:
    """The part of one entry that falls in one working day of the period."""

    item: Item
    day: date
    seconds: int
    rounded: int
    cents: int | None  # the amount, for billable time with a rate


@dataclass
class Line:
    """One row of a report (or its total)."""

    key: str
    label: str
    client: str | None = None
    seconds: int = 0
    rounded: int = 0
    amounts: dict[str, int] = field(default_factory=dict)  # currency → minor units
    entry_ids: set[int] = field(default_factory=set)
    # currency → seconds × rate in minor units an hour: the line's time priced at once
    exact: dict[str, int] = field(default_factory=dict)

    @property
    def entries(self) -> int:
        return len(self.entry_ids)

    def add(self, piece: Piece) -> None:
        self.seconds += piece.seconds
        self.rounded += piece.rounded
        self.entry_ids.add(piece.item.id)
        rate = piece.item.rate
        if piece.cents is not None and rate is not None:
            self.amounts[rate.currency] = self.amounts.get(rate.currency, 0) + piece.cents
            self.exact[rate.currency] = (
                self.exact.get(rate.currency, 0) + piece.rounded * rate.cents
            )

    @property
    def cents_apart(self) -> bool:
        """Whether an amount (each entry's own, rounded to the cent, added up) differs
        from the line's time priced at once, as hours × rate on a calculator gives it."""
        return any(
            (2 * exact + 3600) // 7200 != self.amounts.get(currency, 0)
            for currency, exact in self.exact.items()
        )


@dataclass
class Report:
    by: str
    since: datetime
    until: datetime
    rounding: Rounding | None
    billable_only: bool
    lines: list[Line]
    total: Line
    unpriced_seconds: int  # billable time with no rate anywhere
    running: bool  # the running timer is in it, counted up to now

    def basis(self, line: Line) -> int:
        """The time a line's hours and amounts stand on: rounded when rounding, else tracked."""
        return line.rounded if self.rounding else line.seconds

    def share(self, line: Line) -> Decimal:
        """A line's share of the report, in the same time as the Hours column."""
        return share(self.basis(line), self.basis(self.total))


# Reading ------------------------------------------------------------------------------------

_ITEM_SELECT = """
SELECT e.id, p.name, c.name, e.description, e.start_utc, e.end_utc, e.billable,
       CASE WHEN p.rate_cents IS NOT NULL THEN p.rate_cents ELSE c.rate_cents END,
       CASE WHEN p.rate_cents IS NOT NULL THEN p.currency ELSE c.currency END,
       (SELECT group_concat(t.name, char(31)) FROM entry_tag et JOIN tag t ON t.id = et.tag_id
        WHERE et.entry_id = e.id)
FROM time_entry e
LEFT JOIN project p ON p.id = e.project_id
LEFT JOIN client c ON c.id = p.client_id
"""


def default_rate(rate: str, currency: str) -> Money | None:
    """The `rate` setting ("90", "90.00 EUR"), in the `currency` setting unless it says."""
    if not rate.strip():
        return None
    from gigtool.amounts import parse_money

    return parse_money(rate, currency)


def fallback_rate(conn: sqlite3.Connection) -> Money | None:
    """The rate of time whose project and client have none: the `rate` setting."""
    from gigtool import config

    return default_rate(config.get(conn, "rate"), config.get(conn, "currency"))


def lookback_start(conn: sqlite3.Connection, since: int) -> int:
    """The earliest start of an entry that is under way at `since`.

    Found through the end-time index (entries that end after `since` and began before it),
    so it costs as much as the stretch from the period to now, not the history before it;
    the report then reads a bounded range of the start-time index. A running timer (found
    by its partial index) may have started any time.
    """
    row = conn.execute(
        # `+ 0` keeps SQLite off the start-time index, which would walk every earlier entry.
        "SELECT MIN(start_utc + 0) FROM time_entry WHERE end_utc > ? AND start_utc + 0 < ?",
        (since, since),
    ).fetchone()
    earliest = min(since, int(row[0])) if row and row[0] is not None else since
    running = conn.execute("SELECT start_utc FROM time_entry WHERE end_utc IS NULL").fetchone()
    if running is not None:
        earliest = min(earliest, int(running[0]))
    return earliest


def load_items(
    conn: sqlite3.Connection,
    since: datetime,
    until: datetime,
    now: datetime,
    *,
    project: str | None = None,
    client: str | None = None,
    tag: str | None = None,
    not_tags: Sequence[str] = (),
    billable_only: bool = False,
    fallback_rate: Money | None = None,
    starting_only: bool = False,
) -> list[Item]:
    """Entries that overlap [since, until) (or, with `starting_only`, start in it)."""
    begin, finish, at = _secs(since), _secs(until), _secs(now)
    if starting_only:
        sql = _ITEM_SELECT + "WHERE e.start_utc >= ? AND e.start_utc < ?"
        params: list[object] = [begin, finish]
    else:
        sql = (
            _ITEM_SELECT
            + "WHERE e.start_utc >= ? AND e.start_utc < ? AND COALESCE(e.end_utc, ?) > ?"
        )
        params = [lookback_start(conn, begin), finish, max(at, begin), begin]
    if project:
        from gigtool.clients.catalog import get_project

        sql += " AND e.project_id = ?"
        params.append(get_project(conn, project).id)
    if client:
        from gigtool.clients.catalog import client_id

        sql += " AND p.client_id = ?"
        params.append(client_id(conn, client))
    tag_test = (
        "EXISTS (SELECT 1 FROM entry_tag et JOIN tag t ON t.id = et.tag_id "
        "WHERE et.entry_id = e.id AND t.name = ?)"
    )
    for name, negate in [(tag, False)] + [(n, True) for n in not_tags]:
        if not name:
            continue
        if not conn.execute("SELECT 1 FROM tag WHERE name = ?", (name,)).fetchone():
            if negate:
                continue  # leaving out a tag nobody has used leaves out nothing
            raise NotFound(f"no tag named {name!r} has been used")
        sql += f" AND {'NOT ' if negate else ''}{tag_test}"
        params.append(name)
    if billable_only:
        sql += " AND e.billable = 1"
    items = []
    for row in conn.execute(sql + " ORDER BY e.start_utc, e.id", params):
        rate = Money(row[7], row[8]) if row[7] is not None and row[8] else fallback_rate
        tags = tuple(sorted(row[9].split("\x1f"), key=str.lower)) if row[9] else ()
        items.append(Item(row[0], row[1], row[2], row[3], tags, row[4], row[5], bool(row[6]), rate))
    return items


def _secs(moment: datetime) -> int:
    return int(moment.timestamp())


# Cutting into working days ---------------------------------------------------------------------


class WorkingDays:
    """Which working day an instant belongs to, and when the next one begins.

    A working day starts at `hour` o'clock local time, so with a day-start of 4 an entry
    at 2am counts toward the day before. DST days are 23 or 25 hours long.
    """

    def __init__(self, zone: tzinfo, hour: int = 0) -> None:
        self.zone = zone
        self.hour = hour
        self._starts: dict[date, int] = {}
        self._last: tuple[date, int, int] | None = None  # entries come in order: reuse

    def day_of(self, moment: int) -> date:
        last = self._last
        if last is not None and last[1] <= moment < last[2]:
            return last[0]
        wall = datetime.fromtimestamp(moment, UTC).astimezone(self.zone).replace(tzinfo=None)
        day = (wall - timedelta(hours=self.hour)).date()
        begins, ends = self.start_of(day), self.start_of(day + timedelta(days=1))
        if begins <= moment < ends:
            self._last = (day, begins, ends)
        return day

    def start_of(self, day: date) -> int:
        found = self._starts.get(day)
        if found is None:
            found = int(datetime.combine(day, time(self.hour), tzinfo=self.zone).timestamp())
            self._starts[day] = found
        return found


def working_days(conn: sqlite3.Connection, zone: tzinfo) -> WorkingDays:
    """Working days as the `day-start` setting has them."""
    from gigtool import config

    return WorkingDays(zone, int(config.get(conn, "day-start")))


def cut(
    items: Iterable[Item],
    since: datetime,
    until: datetime,
    now: datetime,
    days: WorkingDays,
    rounding: Rounding | None = None,
) -> list[Piece]:
    """Each entry's part of [since, until), split at working-day starts and rounded.

    Rounding applies to the entry's time inside the period as a whole (per entry, as Toggl
    does); the difference goes to its last piece, and its amount (from the rounded time) is
    spread over the pieces so that they add up to exactly the entry's amount.
    """
    begin, finish, at = _secs(since), _secs(until), _secs(now)
    pieces: list[Piece] = []
    for item in items:
        start = max(item.start, begin)
        end = min(at if item.end is None else item.end, finish)
        if end <= start:
            continue
        spans: list[tuple[date, int]] = []
        moment = start
        while moment < end:
            day = days.day_of(moment)
            nxt = days.start_of(day + timedelta(days=1))
            if nxt <= moment:  # a day-start hour skipped by DST; never loop
                nxt = moment + 3600
            upto = min(nxt, end)
            spans.append((day, upto - moment))
            moment = upto
        pieces.extend(_priced(item, spans, rounding))
    return pieces


def _priced(item: Item, spans: list[tuple[date, int]], rounding: Rounding | None) -> list[Piece]:
    tracked = sum(seconds for _, seconds in spans)
    rounded_total = rounding.apply(tracked) if rounding else tracked
    rounded = _spread_time([seconds for _, seconds in spans], rounded_total - tracked)
    cents: list[int | None] = [None] * len(spans)
    if item.billable and item.rate is not None:
        total_cents = amount_cents(rounded_total, item.rate.cents)
        cents = list(_spread_amount(rounded, rounded_total, total_cents))
    return [
        Piece(item, day, seconds, rounded[i], cents[i]) for i, (day, seconds) in enumerate(spans)
    ]


def amount_cents(seconds: int, rate_cents: int) -> int:
    """seconds at rate_cents an hour, to the nearest minor unit (half up), exactly."""
    return (2 * seconds * rate_cents + 3600) // 7200


def _spread_time(parts: list[int], delta: int) -> list[int]:
    out = list(parts)
    if delta >= 0:
        out[-1] += delta
        return out
    for i in range(len(out) - 1, -1, -1):
        take = min(out[i], -delta)
        out[i] -= take
        delta += take
        if delta == 0:
            break
    return out


def _spread_amount(parts: list[int], total_seconds: int, total_cents: int) -> list[int]:
    if total_seconds == 0:
        return [0] * len(parts)
    shares = [part * total_cents // total_seconds for part in parts[:-1]]
    return [*shares, total_cents - sum(shares)]


# Adding up ----------------------------------------------------------------------------------


def week_of(day: date, week_start: str) -> date:
    return day - timedelta(days=(day.weekday() - _WEEKDAYS.index(week_start)) % 7)


def _keys(
    piece: Piece, by: str, week_start: str, day_format: str
) -> list[tuple[str, str, str | None]]:
    """(key, label, client) of every line this piece counts toward."""
    item = piece.item
    if by == "project":
        return [(item.project or "", item.project or NONE_LABEL[by], item.client)]
    if by == "client":
        return [(item.client or "", item.client or NONE_LABEL[by], None)]
    if by == "description":
        return [(item.description, item.description or NONE_LABEL[by], None)]
    if by == "tag":
        return [(t, t, None) for t in item.tags] or [("", NONE_LABEL[by], None)]
    if by == "day":
        return [(piece.day.isoformat(), piece.day.strftime(day_format), None)]
    if by == "week":
        first = week_of(piece.day, week_start)
        return [(first.isoformat(), "Week of " + first.strftime(day_format), None)]
    raise InputError(f"cannot group by {by!r}; use one of {', '.join(GROUPINGS)}")


def group(pieces: Iterable[Piece], by: str, week_start: str = "monday") -> tuple[list[Line], Line]:
    """Lines by `by`, and the total. An entry with two tags counts under each tag, so by tag
    the lines may add up to more than the total; every other grouping adds up exactly."""
    pieces = list(pieces)
    years = {piece.day.year for piece in pieces}
    day_format = "%a %d %b %Y" if len(years) > 1 else "%a %d %b"
    lines: dict[str, Line] = {}
    total = Line("", "Total")
    for piece in pieces:
        total.add(piece)
        for key, label, client in _keys(piece, by, week_start, day_format):
            line = lines.get(key.lower())
            if line is None:
                line = lines[key.lower()] = Line(key, label, client)
            line.add(piece)
    ordered = list(lines.values())
    if by in ("day", "week"):
        ordered.sort(key=lambda line: line.key)
    else:
        ordered.sort(key=lambda line: (-line.seconds, line.key == "", line.label.lower()))
    return ordered, total


def build_report(
    conn: sqlite3.Connection,
    since: datetime,
    until: datetime,
    now: datetime,
    days: WorkingDays,
    *,
    by: str = "project",
    week_start: str = "monday",
    rounding: Rounding | None = None,
    billable_only: bool = False,
    fallback_rate: Money | None = None,
    project: str | None = None,
    client: str | None = None,
    tag: str | None = None,
    not_tags: Sequence[str] = (),
) -> Report:
    if by not in GROUPINGS:
        raise InputError(f"cannot group by {by!r}; use one of {', '.join(GROUPINGS)}")
    items = load_items(
        conn,
        since,
        until,
        now,
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tags,
        billable_only=billable_only,
        fallback_rate=fallback_rate,
    )
    pieces = cut(items, since, until, now, days, rounding)
    lines, total = group(pieces, by, week_start)
    if rounding and by not in ("day", "week"):
        # Largest first by the time the hours, shares and bars show.
        lines.sort(key=lambda line: (-line.rounded, line.key == "", line.label.lower()))
    unpriced = sum(p.rounded for p in pieces if p.item.billable and p.item.rate is None)
    running = any(p.item.end is None for p in pieces)
    return Report(by, since, until, rounding, billable_only, lines, total, unpriced, running)
