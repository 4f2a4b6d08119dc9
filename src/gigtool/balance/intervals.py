"""Tracked time as work intervals, and the geometry the balance rules measure them with."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

# Intervals that started this long before a window are looked at too; a
# longer entry is a runaway timer, which is checked on its own.
LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class Interval:
    start: datetime  # UTC
    end: datetime  # UTC; now for a running timer
    entry_id: int = 0
    running: bool = False


def load_intervals(
    conn: sqlite3.Connection, since: datetime, until: datetime, now: datetime
) -> list[Interval]:
    """Tracked time touching [since, until), by the indexed start time, plus a running timer."""
    rows = conn.execute(
        "SELECT id, start_utc, end_utc FROM time_entry WHERE start_utc >= ? AND start_utc < ? "
        "UNION SELECT id, start_utc, end_utc FROM time_entry WHERE end_utc IS NULL "
        "ORDER BY 2",
        (int((since - LOOKBACK).timestamp()), int(until.timestamp())),
    ).fetchall()
    now_s = int(now.timestamp())
    out = []
    for entry_id, start, end in rows:
        stop = now_s if end is None else end
        if stop > start and stop > since.timestamp():
            out.append(
                Interval(
                    datetime.fromtimestamp(start, UTC),
                    datetime.fromtimestamp(stop, UTC),
                    entry_id,
                    end is None,
                )
            )
    return out


# Geometry


def merge(intervals: Iterable[Interval], gap: int = 0) -> list[Interval]:
    """Union of intervals; pauses shorter than `gap` seconds are joined over."""
    out: list[Interval] = []
    for iv in sorted(intervals, key=lambda i: i.start):
        if out and (iv.start - out[-1].end).total_seconds() < max(gap, 1e-9):
            last = out[-1]
            out[-1] = Interval(
                last.start, max(last.end, iv.end), iv.entry_id, last.running or iv.running
            )
        else:
            out.append(iv)
    return out


def local_start(day: date, zone: tzinfo, hour: int = 0) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def overlap(iv: Interval, start: datetime, end: datetime) -> int:
    return max(0, int((min(iv.end, end) - max(iv.start, start)).total_seconds()))


def window_on(day: date, window: tuple[time, time], zone: tzinfo) -> tuple[datetime, datetime]:
    start, end = window
    end_day = day + timedelta(days=1) if end <= start else day
    return (
        datetime.combine(day, start, tzinfo=zone).astimezone(UTC),
        datetime.combine(end_day, end, tzinfo=zone).astimezone(UTC),
    )


def day_of(moment: datetime, zone: tzinfo, hour: int = 0) -> date:
    return (moment.astimezone(zone) - timedelta(hours=hour)).date()
