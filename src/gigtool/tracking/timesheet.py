"""The weekly timesheet: projects down, the seven working days across, with totals."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from gigtool.periods import Period
from gigtool.tracking.reports import NONE_LABEL, Line, Piece, Rounding


@dataclass
class SheetRow:
    key: str
    label: str
    client: str | None
    days: list[Line]
    total: Line


@dataclass
class Timesheet:
    days: list[date]
    rows: list[SheetRow]
    columns: list[Line]
    total: Line
    rounding: Rounding | None


def timesheet(
    pieces: Iterable[Piece], first_day: date, rounding: Rounding | None = None
) -> Timesheet:
    """Projects down, the seven working days across, with row and column totals."""
    days = [first_day + timedelta(days=i) for i in range(7)]
    index = {day: i for i, day in enumerate(days)}
    columns = [Line(day.isoformat(), f"{day:%a %d}") for day in days]
    total = Line("", "Total")
    rows: dict[str, SheetRow] = {}
    for piece in pieces:
        column = index.get(piece.day)
        if column is None:
            continue
        item = piece.item
        key = (item.project or "").lower()
        row = rows.get(key)
        if row is None:
            label = item.project or NONE_LABEL["project"]
            cells = [Line(day.isoformat(), label) for day in days]
            row = rows[key] = SheetRow(
                item.project or "", label, item.client, cells, Line("", label)
            )
        row.days[column].add(piece)
        row.total.add(piece)
        columns[column].add(piece)
        total.add(piece)
    ordered = sorted(rows.values(), key=lambda r: (r.key == "", r.label.lower()))
    return Timesheet(days, ordered, columns, total, rounding)


def build_timesheet(
    conn: sqlite3.Connection,
    period: Period,
    now: datetime,
    zone: tzinfo,
    *,
    rounding: Rounding | None = None,
    billable_only: bool = False,
    project: str | None = None,
    client: str | None = None,
    tag: str | None = None,
    not_tags: Sequence[str] = (),
) -> Timesheet:
    """The timesheet of the week `period`, its entries filtered and priced as a report's."""
    from gigtool.tracking import reports

    items = reports.load_items(
        conn,
        period.since,
        period.until,
        now,
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tags,
        billable_only=billable_only,
        fallback_rate=reports.fallback_rate(conn),
    )
    days = reports.working_days(conn, zone)
    pieces = reports.cut(items, period.since, period.until, now, days, rounding)
    return timesheet(pieces, period.first_day, rounding)


def shown_seconds(sheet: Timesheet) -> dict[int, int]:
    """The time each cell and total shows, by `id()` of its Line.

    Every cell is shown so that rows, columns and the total add up as shown; the total
    is the exact one, cut to the minute. Each day shows what `log report --by day` shows
    for it, and its cells are made to add up to that."""
    from gigtool.tracking.figures import agreeing
    from gigtool.tracking.grid_rounding import controlled

    rounded = sheet.rounding is not None

    def basis(line: Line) -> int:
        return line.rounded if rounded else line.seconds

    days, week = agreeing([basis(column) for column in sheet.columns])
    seconds_of = {id(sheet.total): week}
    for i, column in enumerate(sheet.columns):
        seconds_of[id(column)] = days[i]
    # Each project's total is its own time cut (or a minute more), as `log report` has it:
    # the cells are chosen to add up both ways around those (62:00 is never shown 1:01).
    grid_of = controlled([[basis(c) for c in row.days] for row in sheet.rows], days)
    if grid_of is not None:
        for row, shown_row, row_total in zip(sheet.rows, *grid_of, strict=True):
            seconds_of.update(zip(map(id, row.days), shown_row, strict=True))
            seconds_of[id(row.total)] = row_total
    else:
        for i in range(len(sheet.columns)):
            cells = [row.days[i] for row in sheet.rows]
            shown = agreeing([basis(c) for c in cells], shown_total=days[i])[0]
            seconds_of.update(zip(map(id, cells), shown, strict=True))
        for row in sheet.rows:
            seconds_of[id(row.total)] = sum(seconds_of[id(c)] for c in row.days)
    return seconds_of
