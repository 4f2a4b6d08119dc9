"""`gig log report` and `gig log week`: time summed up over a period, and a week's timesheet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from gigtool.cli.context import app_of
from gigtool.cli.log_options import (
    ClientOpt,
    LastMonth,
    LastWeek,
    Month,
    NotTag,
    ProjectOpt,
    Since,
    TagOpt,
    Today,
    Until,
    Week,
    Yesterday,
    period_of,
)
from gigtool.cli.output import (
    Csv,
    Json,
    console,
    emit_csv,
    emit_json,
    pick_format,
    print_table,
    say,
    visible,
)
from gigtool.tracking import period_choice

if TYPE_CHECKING:
    from gigtool.periods import Period
    from gigtool.tracking.reports import Line, Report
    from gigtool.tracking.timesheet import Timesheet

BillableOnly = Annotated[
    bool, typer.Option("--billable", help="Only billable time, with its amount per currency")
]
RoundStep = Annotated[
    str | None,
    typer.Option("--round", help="Round each entry to 6m, 15m, 30m, … (amounts follow)"),
]
RoundMode = Annotated[str, typer.Option("--round-mode", help="How to round: up, nearest or down")]


def _amounts_text(amounts: dict[str, int]) -> str:
    from gigtool.amounts import format_money

    return "\n".join(format_money(cents, cur) for cur, cents in sorted(amounts.items()))


# gig log report -------------------------------------------------------------------------------


def report(
    ctx: typer.Context,
    by: Annotated[
        str,
        typer.Option("--by", "-b", help="Group by project, client, tag, description, day or week"),
    ] = "project",
    today: Today = False,
    yesterday: Yesterday = False,
    week: Week = False,
    last_week: LastWeek = False,
    month: Month = False,
    last_month: LastMonth = False,
    since: Since = None,
    until: Until = None,
    project: ProjectOpt = None,
    client: ClientOpt = None,
    tag: TagOpt = None,
    not_tag: NotTag = None,
    billable: BillableOnly = False,
    round_to: RoundStep = None,
    round_mode: RoundMode = "up",
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """Sum up time over a period by project, client, tag, day, …, with billable amounts.

    Example: gig log report --last-month --by client --billable --round 6m
    """
    from gigtool.tracking import records, reports

    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    rounding = reports.parse_rounding(round_to, round_mode)
    period = period_of(
        app,
        since,
        until,
        today=today,
        yesterday=yesterday,
        week=week,
        last_week=last_week,
        month=month,
        last_month=last_month,
    )
    conn = app.db()
    result = reports.build_report(
        conn,
        period.since,
        period.until,
        app.clock.now(),
        reports.working_days(conn, app.zone),
        by=by.strip().lower(),
        week_start=app.setting("week-start"),
        rounding=rounding,
        billable_only=billable,
        fallback_rate=reports.fallback_rate(conn),
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tag or [],
    )
    if fmt == "json":
        emit_json(records.report_json(result, period, app.zone))
    elif fmt == "csv":
        emit_csv(*records.report_csv(result))
    elif not result.total.entries:
        say(
            f"No time tracked {period_choice.during(period)}"
            + (" that matches." if _filtered(project, client, tag, not_tag, billable) else ".")
        )
    else:
        _report_table(result, period)


def _filtered(*filters: object) -> bool:
    return any(bool(f) for f in filters)


def _report_table(result: Report, period: Period) -> None:
    from rich.bar import Bar
    from rich.table import Table

    from gigtool.tracking.figures import agreeing, clock_text, hours, shares

    total = result.total
    rounded = result.rounding is not None
    basis = total.rounded if rounded else total.seconds
    # Lines that split the total (every grouping but tag) are shown so that they add up
    # to the total as shown; by tag an entry counts under each of its tags, as noted.
    partition = result.by != "tag"

    def shown(values: list[int], unit: int = 60, *, nearest: bool = False) -> list[int]:
        return agreeing(values, unit, nearest=nearest)[0] if partition else values

    tracked = shown([line.seconds for line in result.lines])
    kept = shown([line.rounded for line in result.lines])
    basis_of = [line.rounded if rounded else line.seconds for line in result.lines]
    # Hours stay each row's own (18:44 is 18.73, as in the CSV and the JSON, never 18.74
    # to make a column add up): a row that is billed must read true on its own line.
    in_hours = basis_of
    heading = {"day": "Day", "week": "Week"}.get(result.by, result.by.capitalize())
    # (header, justify, footer, cells): the bar goes in after Share.
    columns: list[tuple[str, str, str, list[str]]] = [
        (heading, "left", "Total", [visible(line.label) for line in result.lines])
    ]
    if result.by == "project":
        columns.append(("Client", "left", "", [visible(line.client) for line in result.lines]))
    time_cells = [clock_text(seconds) for seconds in tracked]
    columns.append(
        ("Tracked" if rounded else "Time", "right", clock_text(total.seconds), time_cells)
    )
    if rounded:
        columns.append(
            (
                "Rounded",
                "right",
                clock_text(total.rounded),
                [clock_text(seconds) for seconds in kept],
            )
        )
    columns.append(
        (
            "Hours",
            "right",
            str(hours(basis)),
            [str(hours(seconds)) for seconds in in_hours],
        )
    )
    parts = shares(basis_of) if partition else [result.share(line) for line in result.lines]
    columns.append(("Share", "right", "100%", [f"{part}%" for part in parts]))
    if total.amounts:
        columns.append(
            (
                "Amount",
                "right",
                _amounts_text(total.amounts),
                [_amounts_text(line.amounts) for line in result.lines],
            )
        )
    out = console()
    # The bar takes what the terminal has left, up to 20 columns, and gives way first.
    used = sum(
        max(len(text) for cell in [head, foot, *cells] for text in cell.split("\n") or [""])
        for head, _, foot, cells in columns
    )
    bar_width = min(20, out.width - used - 2 * len(columns))
    grid = Table(
        title=f"{period_choice.title(period)}, by {result.by}",
        title_justify="left",
        box=None,
        header_style="bold",
        show_footer=True,
        pad_edge=False,
    )
    share_at = next(i for i, column in enumerate(columns) if column[0] == "Share")
    for i, (head, justify, foot, _) in enumerate(columns):
        grid.add_column(head, justify=justify, footer=foot, no_wrap=justify == "right")  # type: ignore[arg-type]
        if i == share_at and bar_width >= 4:
            grid.add_column("", width=bar_width, no_wrap=True)
    for r, _line in enumerate(result.lines):
        row: list[Any] = []
        for i, column in enumerate(columns):
            row.append(column[3][r])
            if i == share_at and bar_width >= 4:
                row.append(Bar(100, 0, float(parts[r]), width=bar_width, color="cyan"))
        grid.add_row(*row)
    print_table(grid, out)
    for note_text in _report_notes(result):
        say(note_text)
    added = sum(hours(seconds) for seconds in in_hours)
    if partition and added != hours(basis):
        say(f"Hours are rounded on each line; the lines add up to {added}.")
    if partition and parts != [result.share(line) for line in result.lines]:
        say("Shares are rounded so that the column adds up; --json has each line's own.")


def _report_notes(result: Report) -> list[str]:
    from gigtool.tracking.figures import PRICED_BY_ENTRY, hours

    notes = []
    if result.rounding:
        notes.append(f"Each entry rounded {result.rounding}; hours and amounts use rounded time.")
    if result.by == "tag":
        notes.append("An entry with several tags counts under each, so shares can pass 100%.")
    if result.unpriced_seconds and (result.billable_only or result.total.amounts):
        notes.append(
            f"{hours(result.unpriced_seconds)} billable hours have no rate; give one with "
            "`gig project edit NAME --rate 95` or `gig config set rate 95`."
        )
    if any(line.cents_apart for line in [*result.lines, result.total]):
        notes.append(PRICED_BY_ENTRY)
    if result.running:
        notes.append("Includes the running timer, counted up to now.")
    return notes


# gig log week ---------------------------------------------------------------------------------


def week_sheet(
    ctx: typer.Context,
    last_week: LastWeek = False,
    of: Annotated[
        str | None, typer.Option("--of", help="The week with this day: 2026-11-03, mon")
    ] = None,
    project: ProjectOpt = None,
    client: ClientOpt = None,
    tag: TagOpt = None,
    not_tag: NotTag = None,
    billable: BillableOnly = False,
    round_to: RoundStep = None,
    round_mode: RoundMode = "up",
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """Show a week as a timesheet: projects down, days across, with totals.

    Example: gig log week --last-week --client Acme
    """
    from gigtool.tracking import records
    from gigtool.tracking.period_choice import week_period
    from gigtool.tracking.reports import parse_rounding
    from gigtool.tracking.timesheet import build_timesheet

    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    rounding = parse_rounding(round_to, round_mode)
    period = week_period(app.setting, app.clock.now(), app.zone, last_week=last_week, of=of)
    sheet = build_timesheet(
        app.db(),
        period,
        app.clock.now(),
        app.zone,
        rounding=rounding,
        billable_only=billable,
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tag or [],
    )
    if fmt == "json":
        emit_json(records.sheet_json(sheet, period, app.zone))
    elif fmt == "csv":
        emit_csv(*records.sheet_csv(sheet))
    elif not sheet.total.entries:
        during = period.label if period.label != "the week" else "in the week"
        first, last = period.first_day, period.last_day
        say(f"No time tracked {during} ({first:%a %d %b} to {last:%a %d %b %Y}).")
    else:
        _sheet_table(sheet, period)


def _sheet_table(sheet: Timesheet, period: Period) -> None:
    from rich.table import Table

    from gigtool.tracking.figures import clock_text
    from gigtool.tracking.timesheet import shown_seconds

    seconds_of = shown_seconds(sheet)

    def cell(line: Line) -> str:
        return clock_text(seconds_of[id(line)]) if line.entries else "·"

    grid = Table(
        title=period_choice.title(period),
        title_justify="left",
        box=None,
        header_style="bold",
        show_footer=True,
        collapse_padding=True,
        pad_edge=False,
    )
    longest = max((len(row.label) for row in sheet.rows), default=7)
    grid.add_column("Project", footer="Total", min_width=min(longest, 24))
    grid.add_column(
        "Client", min_width=min(max((len(r.client or "") for r in sheet.rows), default=6), 16)
    )
    for day, column in zip(sheet.days, sheet.columns, strict=True):
        grid.add_column(f"{day:%a %d}", justify="right", no_wrap=True, footer=cell(column))
    grid.add_column("Total", justify="right", no_wrap=True, style="bold", footer=cell(sheet.total))
    priced = bool(sheet.total.amounts)
    if priced:
        grid.add_column(
            "Amount", justify="right", no_wrap=True, footer=_amounts_text(sheet.total.amounts)
        )
    for row in sheet.rows:
        amount = [_amounts_text(row.total.amounts)] if priced else []
        grid.add_row(
            visible(row.label),
            visible(row.client),
            *(cell(c) for c in row.days),
            cell(row.total),
            *amount,
        )
    print_table(grid)
    if sheet.rounding:
        say(f"Each entry rounded {sheet.rounding}.")
    from gigtool.tracking.figures import PRICED_BY_ENTRY

    lines = [sheet.total, *(r.total for r in sheet.rows)]
    if priced and any(line.cents_apart for line in lines):
        say(PRICED_BY_ENTRY)
