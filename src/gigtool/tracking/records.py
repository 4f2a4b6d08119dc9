"""Reports and timesheets as plain records: what `--json` and `--csv` print.

Hours are decimal strings ("7.50"), as the tables show them and as money is; amounts are
decimal strings with their currency, never added across currencies.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from gigtool.amounts import decimal_string
from gigtool.tracking.figures import hours

if TYPE_CHECKING:
    from gigtool.periods import Period
    from gigtool.tracking.reports import Line, Report, Rounding
    from gigtool.tracking.timesheet import Timesheet


def amounts_json(amounts: dict[str, int]) -> list[dict[str, str]]:
    return [
        {"amount": decimal_string(cents, currency), "currency": currency}
        for currency, cents in sorted(amounts.items())
    ]


def line_json(line: Line) -> dict[str, Any]:
    # Hours as decimal strings ("7.50"), as the table and CSV show them and as money is.
    return {
        "seconds": line.seconds,
        "hours": str(hours(line.seconds)),
        "rounded_seconds": line.rounded,
        "rounded_hours": str(hours(line.rounded)),
        "entries": line.entries,
        "amounts": amounts_json(line.amounts),
    }


def period_json(period: Period, zone: tzinfo) -> dict[str, str]:
    return {
        "label": period.label,
        "from": period.first_day.isoformat(),
        "to": period.last_day.isoformat(),
        "start": period.since.astimezone(zone).isoformat(),
        "end": period.until.astimezone(zone).isoformat(),
    }


def rounding_json(rounding: Rounding | None) -> dict[str, Any] | None:
    return None if rounding is None else {"step_seconds": rounding.step, "mode": rounding.mode}


def report_json(result: Report, period: Period, zone: tzinfo) -> dict[str, Any]:
    rows = []
    for line in result.lines:
        row: dict[str, Any] = {"group": line.key, "label": line.label}
        if result.by == "project":
            row["client"] = line.client
        row.update(line_json(line))
        row["share_percent"] = float(result.share(line))
        rows.append(row)
    return {
        "period": period_json(period, zone),
        "by": result.by,
        "rounding": rounding_json(result.rounding),
        "billable_only": result.billable_only,
        "rows": rows,
        "total": line_json(result.total),
        "unpriced_billable_seconds": result.unpriced_seconds,
        "includes_running_timer": result.running,
    }


def report_csv(result: Report) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows and columns of `log report --csv`."""
    currencies = sorted(result.total.amounts)
    columns = ["group"] + (["client"] if result.by == "project" else [])
    columns += ["seconds", "hours", "rounded_seconds", "rounded_hours", "share_percent"]
    columns += ["entries", *(f"amount_{c}" for c in currencies)]
    rows = []
    for line in result.lines:
        row: dict[str, Any] = {"group": line.key}
        if result.by == "project":
            row["client"] = line.client
        row.update(
            seconds=line.seconds,
            hours=str(hours(line.seconds)),
            rounded_seconds=line.rounded,
            rounded_hours=str(hours(line.rounded)),
            share_percent=str(result.share(line)),
            entries=line.entries,
        )
        for currency in currencies:
            cents = line.amounts.get(currency)
            row[f"amount_{currency}"] = (
                decimal_string(cents, currency) if cents is not None else None
            )
        rows.append(row)
    return rows, columns


def cell_json(line: Line, key: str | None = None) -> dict[str, Any]:
    data = line_json(line)
    data.pop("entries")
    return {"date": key, **data} if key else data


def sheet_json(sheet: Timesheet, period: Period, zone: tzinfo) -> dict[str, Any]:
    return {
        "period": period_json(period, zone),
        "rounding": rounding_json(sheet.rounding),
        "days": [day.isoformat() for day in sheet.days],
        "rows": [
            {
                "project": row.key or None,
                "client": row.client,
                "days": [
                    cell_json(c, d.isoformat()) for c, d in zip(row.days, sheet.days, strict=True)
                ],
                **cell_json(row.total),
            }
            for row in sheet.rows
        ],
        "totals": {
            "days": [
                cell_json(c, d.isoformat()) for c, d in zip(sheet.columns, sheet.days, strict=True)
            ],
            **cell_json(sheet.total),
        },
    }


def sheet_csv(sheet: Timesheet) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows and columns of `log week --csv`."""
    rounded = sheet.rounding is not None
    days = [day.isoformat() for day in sheet.days]
    currencies = sorted(sheet.total.amounts)
    columns = ["project", "client", *days, "total_hours", "total_seconds"]
    columns += [f"amount_{c}" for c in currencies]

    def basis(line: Line) -> int:
        return line.rounded if rounded else line.seconds

    rows: list[dict[str, Any]] = []
    for row in sheet.rows:
        out: dict[str, Any] = {"project": row.key, "client": row.client}
        out.update({d: str(hours(basis(c))) for d, c in zip(days, row.days, strict=True)})
        out.update(total_hours=str(hours(basis(row.total))), total_seconds=basis(row.total))
        for currency in currencies:
            cents = row.total.amounts.get(currency)
            out[f"amount_{currency}"] = (
                decimal_string(cents, currency) if cents is not None else None
            )
        rows.append(out)
    return rows, columns
