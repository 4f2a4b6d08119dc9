"""Overlaps an import would create, with gig's entries or within the file itself.

`log add` refuses time that overlaps an entry; an import holds to the same rule for
every row, in one sweep over the rows added and the entries already there (sorted by
start, so a year's file costs a sort, not a query per row).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

SHOW_OVERLAPS = 3  # named in the refusal; a dry run lists them all


@dataclass(frozen=True)
class Overlap:
    """A row that would share time with another row of the file or an entry in gig."""

    where: str
    start: int
    end: int
    other: str  # `line 12 (…)` or `entry #5 (…)`


def find_overlaps(
    conn: sqlite3.Connection,
    spans: list[tuple[int, int, str]],
    first_id: int,
    now: datetime,
    zone: str,
) -> list[Overlap]:
    """Rows added (`spans`) that share time with another row added or an entry that was
    there before (ids below `first_id`): one sweep over both, sorted by start."""
    if not spans:
        return []
    lo = min(s for s, _, _ in spans)
    hi = max(e for _, e, _ in spans)
    moment = int(now.timestamp())
    existing = conn.execute(
        "SELECT e.id, e.start_utc, COALESCE(e.end_utc, MAX(?, e.start_utc)), p.name "
        "FROM time_entry e LEFT JOIN project p ON p.id = e.project_id "
        "WHERE e.id < ? AND COALESCE(e.end_utc, ?) > ? AND e.start_utc < ?",
        (moment, first_id, moment, lo, hi),
    ).fetchall()
    tz = _zone(zone)
    # (start, end, is_new, label) for every interval; labels are built only when needed.
    intervals: list[tuple[int, int, bool, object]] = [(s, e, True, w) for s, e, w in spans]
    intervals.extend((int(r[1]), int(r[2]), False, r) for r in existing)
    intervals.sort(key=lambda iv: (iv[0], iv[1]))
    found: list[Overlap] = []
    holder: tuple[int, int, bool, object] | None = None
    for iv in intervals:
        if holder is not None and iv[0] < holder[1] and (iv[2] or holder[2]):
            new, other = (iv, holder) if iv[2] else (holder, iv)
            found.append(Overlap(str(new[3]), new[0], new[1], _label(other, tz)))
        if holder is None or iv[1] > holder[1]:
            holder = iv
    return found


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return UTC


def span_text(start: int, end: int, zone: tzinfo) -> str:
    first = datetime.fromtimestamp(start, UTC).astimezone(zone)
    last = datetime.fromtimestamp(end, UTC).astimezone(zone)
    until = f"{last:%H:%M}" if last.date() == first.date() else f"{last:%d %b %H:%M}"
    return f"{first:%d %b %Y %H:%M}–{until}"


def _label(iv: tuple[int, int, bool, object], zone: tzinfo) -> str:
    start, end, new, what = iv
    if new:
        return f"{what} ({span_text(start, end, zone)})"
    entry_id, project = what[0], what[3]  # type: ignore[index]
    on = f", {project}" if project else ""
    return f"entry #{entry_id} ({span_text(start, end, zone)}{on})"


def overlap_refusal(source: str, overlaps: list[Overlap], zone: str) -> str:
    tz = _zone(zone)
    named = "; ".join(
        f"{o.where} ({span_text(o.start, o.end, tz)}) overlaps {o.other}"
        for o in overlaps[:SHOW_OVERLAPS]
    )
    more = len(overlaps) - SHOW_OVERLAPS
    if more > 0:
        named += f"; and {more:,} more"
    count = f"{len(overlaps):,} row{'s' if len(overlaps) != 1 else ''}"
    return (
        f"{source}: {count} would overlap other time: {named}. Nothing was imported; "
        "see them all with --dry-run, or pass --allow-overlap to keep both"
    )
