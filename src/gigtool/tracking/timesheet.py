"""The weekly timesheet: projects down, the seven working days across, with totals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

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
