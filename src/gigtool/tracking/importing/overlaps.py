"""Overlaps an import would create, with gig's entries or within the file itself.

`log add` refuses time that overlaps an entry; an import holds to the same rule for
every row, in one sweep over the rows added and the entries already there (sorted by
start, so a year's file costs a sort, not a query per row). An overlap of less than a
minute is shown to the second, so two times that seem only to touch are never named as
overlapping without the seconds that make it so.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

SHOW_OVERLAPS = 3  # named in the refusal; a dry run lists them all


@dataclass(frozen=True)
class Overlap:
    """A row that would share time with another row of the file or an entry in gig.

    Both spans are kept as instants and shown in the zone the caller gives, so one line
    never mixes the file's zone with the user's."""

    where: str
    start: int
    end: int
    other: str  # `line 12` or `entry #5`
    other_start: int = 0
    other_end: int = 0
    other_project: str | None = None  # an entry's project, named after its span

    @property
    def shared(self) -> int:
        """Seconds the two have in common."""
        return min(self.end, self.other_end) - max(self.start, self.other_start)

    @property
    def to_the_second(self) -> bool:
        return self.shared < 60

    def text(self, zone: tzinfo) -> str:
        """`line 12 (03 Jun 2020 03:01–03:18) overlaps line 3 (…)`, to the second when
        the overlap is shorter than a minute, and then by how much."""
        seconds = self.to_the_second
        span = span_text(self.start, self.end, zone, seconds=seconds)
        other = span_text(self.other_start, self.other_end, zone, seconds=seconds)
        on = f", {self.other_project}" if self.other_project else ""
        by = f" by {self.shared} s" if seconds else ""
        return f"{self.where} ({span}) overlaps {self.other} ({other}{on}){by}"


def find_overlaps(
    conn: sqlite3.Connection,
    spans: list[tuple[int, int, str, str | None]],
    first_id: int,
    now: datetime,
) -> list[Overlap]:
    """Rows added (`spans`: start, end, where, whose) that share time with another row of
    the same person or an entry that was there before (ids below `first_id`): one sweep
    per person over both, sorted by start. Two people of a team's file working at the
    same hour is not an overlap; either of them against gig's own entries is."""
    if not spans:
        return []
    lo = min(span[0] for span in spans)
    hi = max(span[1] for span in spans)
    moment = int(now.timestamp())
    existing = conn.execute(
        "SELECT e.id, e.start_utc, COALESCE(e.end_utc, MAX(?, e.start_utc)), p.name "
        "FROM time_entry e LEFT JOIN project p ON p.id = e.project_id "
        "WHERE e.id < ? AND COALESCE(e.end_utc, ?) > ? AND e.start_utc < ?",
        (moment, first_id, moment, lo, hi),
    ).fetchall()
    people: dict[str | None, list[tuple[int, int, bool, object]]] = {}
    for start, end, where, whose in spans:
        people.setdefault(whose, []).append((start, end, True, where))
    # (start, end, is_new, label) for every interval; labels are built only when needed.
    before = [(int(r[1]), int(r[2]), False, r) for r in existing]
    found: list[Overlap] = []
    for added in people.values():
        intervals = added + before
        intervals.sort(key=lambda iv: (iv[0], iv[1]))
        holder: tuple[int, int, bool, object] | None = None
        for iv in intervals:
            if holder is not None and iv[0] < holder[1] and (iv[2] or holder[2]):
                new, other = (iv, holder) if iv[2] else (holder, iv)
                label, project = _label(other)
                found.append(
                    Overlap(str(new[3]), new[0], new[1], label, other[0], other[1], project)
                )
            if holder is None or iv[1] > holder[1]:
                holder = iv
    found.sort(key=lambda o: (o.start, o.end))
    return found


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return UTC


def span_text(start: int, end: int, zone: tzinfo, *, seconds: bool = False) -> str:
    first = datetime.fromtimestamp(start, UTC).astimezone(zone)
    last = datetime.fromtimestamp(end, UTC).astimezone(zone)
    clock = "%H:%M:%S" if seconds else "%H:%M"
    until = last.strftime(clock if last.date() == first.date() else f"%d %b {clock}")
    return f"{first.strftime(f'%d %b %Y {clock}')}–{until}"


def _label(iv: tuple[int, int, bool, object]) -> tuple[str, str | None]:
    """(`line 12` or `entry #5`, the entry's project) of an interval."""
    what = iv[3]
    if iv[2]:
        return str(what), None
    entry_id, project = what[0], what[3]  # type: ignore[index]
    return f"entry #{entry_id}", project


def overlap_refusal(source: str, overlaps: list[Overlap], zone: str) -> str:
    tz = _zone(zone)
    named = "; ".join(o.text(tz) for o in overlaps[:SHOW_OVERLAPS])
    more = len(overlaps) - SHOW_OVERLAPS
    if more > 0:
        named += f"; and {more:,} more"
    count = f"{len(overlaps):,} row{'s' if len(overlaps) != 1 else ''}"
    return (
        f"{source}: {count} would overlap other time: {named}. Nothing was imported; "
        "see them all with --dry-run, or pass --allow-overlap to keep both"
    )
