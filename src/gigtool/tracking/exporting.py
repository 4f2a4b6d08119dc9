"""Entries going out: as rows of Toggl Track's detailed-report CSV, which Toggl, gig and
most time trackers read back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

from gigtool.periods import Period
from gigtool.tracking.reports import Item, amount_cents

TOGGL_HEADER = [
    "User",
    "Email",
    "Client",
    "Project",
    "Task",
    "Description",
    "Billable",
    "Start date",
    "Start time",
    "End date",
    "End time",
    "Duration",
    "Tags",
]


def toggl_header(currencies: Iterable[str]) -> list[str]:
    return [*TOGGL_HEADER, *(f"Amount ({c})" for c in currencies)]


def toggl_record(
    item: Item, zone: tzinfo, currencies: list[str], user: str = "", email: str = ""
) -> list[str]:
    """One finished entry as a row of Toggl's detailed-report CSV."""
    from gigtool.amounts import decimal_string

    assert item.end is not None
    start = datetime.fromtimestamp(item.start, UTC).astimezone(zone)
    end = datetime.fromtimestamp(item.end, UTC).astimezone(zone)
    seconds = item.end - item.start
    hours, rest = divmod(seconds, 3600)
    amounts = [""] * len(currencies)
    if item.billable and item.rate is not None and item.rate.currency in currencies:
        cents = amount_cents(seconds, item.rate.cents)
        amounts[currencies.index(item.rate.currency)] = decimal_string(cents, item.rate.currency)
    return [
        user,
        email,
        item.client or "",
        item.project or "",
        "",
        item.description,
        "Yes" if item.billable else "No",
        f"{start:%Y-%m-%d}",
        f"{start:%H:%M:%S}",
        f"{end:%Y-%m-%d}",
        f"{end:%H:%M:%S}",
        f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}",
        ", ".join(item.tags),
        *amounts,
    ]


def to_export(
    conn: sqlite3.Connection,
    period: Period,
    now: datetime,
    *,
    project: str | None = None,
    client: str | None = None,
    tag: str | None = None,
    not_tags: Sequence[str] = (),
) -> tuple[list[Item], bool]:
    """The finished entries that start in `period`, priced, and whether a running timer
    was left out (it has no end to write yet)."""
    from gigtool.tracking.reports import fallback_rate, load_items

    items = load_items(
        conn,
        period.since,
        period.until,
        now,
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tags,
        fallback_rate=fallback_rate(conn),
        starting_only=True,
    )
    running = [item for item in items if item.end is None]
    return [item for item in items if item.end is not None], bool(running)


def currencies_of(items: Iterable[Item], default: str) -> list[str]:
    """The Amount columns the CSV needs: one per currency billed, else the default."""
    return sorted({i.rate.currency for i in items if i.billable and i.rate}) or [default]


def json_record(item: Item, zone: tzinfo) -> dict[str, Any]:
    """One finished entry as `log export --json` writes it."""
    from gigtool.amounts import decimal_string

    assert item.end is not None
    seconds = item.end - item.start
    rate = item.rate if item.billable else None
    return {
        "id": item.id,
        "project": item.project,
        "client": item.client,
        "description": item.description,
        "tags": list(item.tags),
        "start": datetime.fromtimestamp(item.start, UTC).astimezone(zone).isoformat(),
        "end": datetime.fromtimestamp(item.end, UTC).astimezone(zone).isoformat(),
        "duration_seconds": seconds,
        "billable": item.billable,
        "amount": decimal_string(amount_cents(seconds, rate.cents), rate.currency)
        if rate
        else None,
        "currency": rate.currency if rate else None,
    }
