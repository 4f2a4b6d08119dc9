"""`gig log report`, `gig log week`, `gig log import …` and `gig log export`.

Loaded with the `gig log` group, so only typer is imported at the top; the domain
modules and rich come in inside the commands that use them.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.log import ClientOpt, Csv, Json, ProjectOpt, TagOpt, _complete_names, app
from gigtool.cli.output import (
    console,
    csv_writer,
    emit_csv,
    emit_json,
    note,
    pick_format,
    print_table,
    say,
    visible,
)
from gigtool.errors import InputError

if TYPE_CHECKING:
    from gigtool.amounts import Money
    from gigtool.periods import Period
    from gigtool.tracking.importing.rows import ImportResult
    from gigtool.tracking.importing.timew import ProjectFromTags
    from gigtool.tracking.reports import Item, Line, Report, Rounding
    from gigtool.tracking.timesheet import Timesheet

Today = Annotated[bool, typer.Option("--today", help="Today")]
Yesterday = Annotated[bool, typer.Option("--yesterday", help="Yesterday")]
Week = Annotated[bool, typer.Option("--week", help="This week (the default)")]
LastWeek = Annotated[bool, typer.Option("--last-week", help="Last week")]
Month = Annotated[bool, typer.Option("--month", help="This month")]
LastMonth = Annotated[bool, typer.Option("--last-month", help="Last month")]
Since = Annotated[str | None, typer.Option("--from", help="First day: 2026-11-01, mon")]
Until = Annotated[str | None, typer.Option("--to", help="Last day (inclusive)")]
NotTag = Annotated[
    list[str] | None,
    typer.Option(
        "--not-tag", help="Leave out entries with this tag", autocompletion=_complete_names("tag")
    ),
]
BillableOnly = Annotated[
    bool, typer.Option("--billable", help="Only billable time, with its amount per currency")
]
RoundStep = Annotated[
    str | None,
    typer.Option("--round", help="Round each entry to 6m, 15m, 30m, … (amounts follow)"),
]
RoundMode = Annotated[str, typer.Option("--round-mode", help="How to round: up, nearest or down")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would be added; write nothing")]
SkipBad = Annotated[
    bool, typer.Option("--skip-bad", help="Import the good rows and list the malformed ones")
]

_PROGRESS_FROM_BYTES = 1_000_000
_SHOW_SKIPPED = 50


# Periods ---------------------------------------------------------------------------------------


def _period(
    app: App,
    flags: dict[str, bool],
    since: str | None,
    until: str | None,
    *,
    all_time: bool = False,
) -> Period:
    """The period the flags or --from/--to choose, resolved as `gig log list` does (one
    place knows the day-start hour and week start); with `all_time`, none means all time."""
    from gigtool.cli.log import resolve_period

    chosen = [name for name, on in flags.items() if on]
    if all_time and not chosen and not since and not until:
        from gigtool import periods

        # "All time" takes in entries imported with times still to come.
        hour = int(app.setting("day-start"))
        return periods.days(date(1970, 1, 2), date(2999, 12, 31), app.zone, "all time", hour)
    period: Period = resolve_period(app, chosen, since, until)
    return period


_CUSTOM = ("from ", "up to ")  # how `resolve_period` labels --from/--to periods


def _title(period: Period) -> str:
    """`Today (Wed 25 Nov 2026)`, `This week (Mon 23 Nov to Sun 29 Nov 2026)`, and for
    --from/--to the days themselves: `Sun 01 Nov 2026`, `Up to Wed 25 Nov 2026`."""
    first, last, label = period.first_day, period.last_day, period.label
    if label.startswith(_CUSTOM):
        if first == last:
            return f"{first:%a %d %b %Y}"
        if label.startswith("up to "):
            return f"Up to {last:%a %d %b %Y}"
        return f"{first:%a %d %b %Y} to {last:%a %d %b %Y}"
    label = label[:1].upper() + label[1:]
    if label == "All time":
        return label
    if first == last:
        return f"{label} ({first:%a %d %b %Y})"
    return f"{label} ({first:%a %d %b} to {last:%a %d %b %Y})"


def _during(period: Period) -> str:
    """The period after "No time tracked": `this week`, `on Sun 01 Nov 2026`."""
    if period.label.startswith(_CUSTOM) and period.first_day == period.last_day:
        return f"on {period.first_day:%a %d %b %Y}"
    return period.label


def _flags(**flags: bool) -> dict[str, bool]:
    return {name.replace("_", "-"): on for name, on in flags.items()}


def _days(app: App) -> Any:
    from gigtool.tracking.reports import WorkingDays

    return WorkingDays(app.zone, int(app.setting("day-start")))


def _fallback_rate(app: App) -> Money | None:
    from gigtool.tracking.reports import default_rate

    return default_rate(app.setting("rate"), app.setting("currency"))


# Numbers --------------------------------------------------------------------------------------


def _amounts_json(amounts: dict[str, int]) -> list[dict[str, str]]:
    from gigtool.amounts import decimal_string

    return [
        {"amount": decimal_string(cents, currency), "currency": currency}
        for currency, cents in sorted(amounts.items())
    ]


def _amounts_text(amounts: dict[str, int]) -> str:
    from gigtool.amounts import format_money

    return "\n".join(format_money(cents, cur) for cur, cents in sorted(amounts.items()))


def _line_json(line: Line) -> dict[str, Any]:
    from gigtool.tracking.figures import hours

    # Hours as decimal strings ("7.50"), as the table and CSV show them and as money is.
    return {
        "seconds": line.seconds,
        "hours": str(hours(line.seconds)),
        "rounded_seconds": line.rounded,
        "rounded_hours": str(hours(line.rounded)),
        "entries": line.entries,
        "amounts": _amounts_json(line.amounts),
    }


def _period_json(period: Period, zone: tzinfo) -> dict[str, str]:
    return {
        "label": period.label,
        "from": period.first_day.isoformat(),
        "to": period.last_day.isoformat(),
        "start": period.since.astimezone(zone).isoformat(),
        "end": period.until.astimezone(zone).isoformat(),
    }


def _rounding_json(rounding: Rounding | None) -> dict[str, Any] | None:
    return None if rounding is None else {"step_seconds": rounding.step, "mode": rounding.mode}


# gig log report -------------------------------------------------------------------------------


@app.command()
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
    from gigtool.tracking import reports

    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    rounding = reports.parse_rounding(round_to, round_mode)
    period = _period(
        app,
        _flags(
            today=today,
            yesterday=yesterday,
            week=week,
            last_week=last_week,
            month=month,
            last_month=last_month,
        ),
        since,
        until,
    )
    result = reports.build_report(
        app.db(),
        period.since,
        period.until,
        app.clock.now(),
        _days(app),
        by=by.strip().lower(),
        week_start=app.setting("week-start"),
        rounding=rounding,
        billable_only=billable,
        fallback_rate=_fallback_rate(app),
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tag or [],
    )
    if fmt == "json":
        emit_json(_report_json(result, period, app.zone))
    elif fmt == "csv":
        _report_csv(result)
    elif not result.total.entries:
        say(
            f"No time tracked {_during(period)}"
            + (" that matches." if _filtered(project, client, tag, not_tag, billable) else ".")
        )
    else:
        _report_table(result, period)


def _filtered(*filters: object) -> bool:
    return any(bool(f) for f in filters)


def _report_json(result: Report, period: Period, zone: tzinfo) -> dict[str, Any]:
    rows = []
    for line in result.lines:
        row: dict[str, Any] = {"group": line.key, "label": line.label}
        if result.by == "project":
            row["client"] = line.client
        row.update(_line_json(line))
        row["share_percent"] = float(result.share(line))
        rows.append(row)
    return {
        "period": _period_json(period, zone),
        "by": result.by,
        "rounding": _rounding_json(result.rounding),
        "billable_only": result.billable_only,
        "rows": rows,
        "total": _line_json(result.total),
        "unpriced_billable_seconds": result.unpriced_seconds,
        "includes_running_timer": result.running,
    }


def _report_csv(result: Report) -> None:
    from gigtool.amounts import decimal_string
    from gigtool.tracking.figures import hours

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
    emit_csv(rows, columns)


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
        title=f"{_title(period)}, by {result.by}",
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


@app.command(name="week")
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
    from datetime import timedelta

    from gigtool import periods
    from gigtool.tracking import reports
    from gigtool.tracking.timelang import parse_day

    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    rounding = reports.parse_rounding(round_to, round_mode)
    if last_week and of:
        raise InputError("choose one of --last-week and --of")
    hour = int(app.setting("day-start"))
    week_start = app.setting("week-start")
    today = periods.local_today(app.clock.now(), app.zone, hour)
    day = parse_day(of, today) if of else today - timedelta(days=7 if last_week else 0)
    first = periods.week_of(day, week_start)
    label = "this week" if first == periods.week_of(today, week_start) else "the week"
    label = "last week" if last_week else label
    period = periods.days(first, first + timedelta(days=6), app.zone, label, hour)
    now = app.clock.now()
    conn = app.db()
    items = reports.load_items(
        conn,
        period.since,
        period.until,
        now,
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tag or [],
        billable_only=billable,
        fallback_rate=_fallback_rate(app),
    )
    pieces = reports.cut(items, period.since, period.until, now, _days(app), rounding)
    from gigtool.tracking.timesheet import timesheet

    sheet = timesheet(pieces, first, rounding)
    if fmt == "json":
        emit_json(_sheet_json(sheet, period, app.zone))
    elif fmt == "csv":
        _sheet_csv(sheet)
    elif not sheet.total.entries:
        during = label if label != "the week" else "in the week"
        say(f"No time tracked {during} ({first:%a %d %b} to {period.last_day:%a %d %b %Y}).")
    else:
        _sheet_table(sheet, period)


def _cell_json(line: Line, key: str | None = None) -> dict[str, Any]:
    data = _line_json(line)
    data.pop("entries")
    return {"date": key, **data} if key else data


def _sheet_json(sheet: Timesheet, period: Period, zone: tzinfo) -> dict[str, Any]:
    return {
        "period": _period_json(period, zone),
        "rounding": _rounding_json(sheet.rounding),
        "days": [day.isoformat() for day in sheet.days],
        "rows": [
            {
                "project": row.key or None,
                "client": row.client,
                "days": [
                    _cell_json(c, d.isoformat()) for c, d in zip(row.days, sheet.days, strict=True)
                ],
                **_cell_json(row.total),
            }
            for row in sheet.rows
        ],
        "totals": {
            "days": [
                _cell_json(c, d.isoformat()) for c, d in zip(sheet.columns, sheet.days, strict=True)
            ],
            **_cell_json(sheet.total),
        },
    }


def _sheet_csv(sheet: Timesheet) -> None:
    from gigtool.amounts import decimal_string
    from gigtool.tracking.figures import hours

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
    emit_csv(rows, columns)


def _sheet_table(sheet: Timesheet, period: Period) -> None:
    from rich.table import Table

    from gigtool.tracking.figures import agreeing, clock_text
    from gigtool.tracking.grid_rounding import controlled

    rounded = sheet.rounding is not None

    # Every cell is shown so that rows, columns and the total add up as shown; the total
    # is the exact one, cut to the minute. Each day shows what `log report --by day` shows
    # for it, and its cells are made to add up to that.
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

    def cell(line: Line) -> str:
        return clock_text(seconds_of[id(line)]) if line.entries else "·"

    grid = Table(
        title=_title(period),
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


# gig log import -------------------------------------------------------------------------------

importer = typer.Typer(help="Bring your history from Toggl Track, Watson or Timewarrior.")
app.add_typer(importer, name="import")


@contextlib.contextmanager
def _progress(size: int, label: str) -> Iterator[Any]:
    """A progress bar on stderr for large files, only when a person is watching."""
    if size < _PROGRESS_FROM_BYTES or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}", markup=False),  # a file name is not markup
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(visible(label), total=size)
        yield lambda done: bar.update(task, completed=done)


AllowOverlap = Annotated[
    bool,
    typer.Option("--allow-overlap", help="Import rows even where they overlap other time"),
]


def _run_import(
    app: App,
    source: str,
    size: int,
    rows_for: Any,
    zone_name: str,
    dry_run: bool,
    skip_bad: bool,
    *,
    allow_overlap: bool = False,
    user: str | None = None,
    chooser: ProjectFromTags | None = None,
    new_client: bool = False,
    wall_clock: tzinfo | None = None,
) -> None:
    """`wall_clock`: the zone a file without UTC offsets (Toggl's) was read in, named
    in the summary so that a file from another zone is caught in the dry run."""
    from gigtool.tracking.importing.core import import_rows

    with _progress(size, "Importing") as progress:
        result = import_rows(
            app.db(),
            app.clock,
            app.home,
            source,
            rows_for(progress),
            zone=zone_name,
            dry_run=dry_run,
            skip_bad=skip_bad,
            user=user,
            allow_overlap=allow_overlap,
            new_client=new_client,
        )
    if wall_clock is not None and (result.added or result.already):
        from gigtool.tracking.importing.files import zone_label

        result.notes.insert(
            0,
            f"Times were read as {zone_label(wall_clock)} time: the file does not say "
            "which zone they were written in (--tz names another).",
        )
    _import_summary(app, result, chooser)


def _plural(n: int, word: str) -> str:
    many = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n:,} {word if n == 1 else many}"


def _hms(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _say(message: str) -> None:
    """A summary line: names and reasons in it came from the file, so control
    characters in them are shown, never sent to the terminal."""
    from gigtool.cli.output import visible

    say("\n".join(visible(line) for line in message.split("\n")))


def _import_summary(app: App, result: ImportResult, chooser: ProjectFromTags | None = None) -> None:
    from datetime import UTC

    from gigtool.amounts import format_money
    from gigtool.cli.output import table
    from gigtool.tracking.figures import clock_text

    if result.dry_run and result.sample:
        rows = []
        for row in result.sample:
            start = datetime.fromtimestamp(row.start, UTC).astimezone(app.zone)
            rows.append(
                [
                    row.where,
                    f"{start:%Y-%m-%d %H:%M}",
                    clock_text(row.end - row.start),
                    row.project or "",
                    row.description,
                    " ".join("+" + t for t in row.tags),
                ]
            )
        more = result.added - len(result.sample)
        table(
            ["From", "Start", ("Time", "right"), "Project", "Description", "Tags"],
            rows,
            title="Would add",
            caption=f"… and {more:,} more" if more > 0 else None,
        )
    if result.dry_run and chooser is not None and chooser.choices:
        table(
            ["Project", "Chosen by", ("Intervals", "right")],
            [
                [project or "(none)", why, f"{count:,}"]
                for (project, why), count in chooser.choices.most_common(20)
            ],
            title="Projects from tags",
        )
    verb = "Would add" if result.dry_run else "Added"
    text = f"{verb} {_plural(result.added, 'entry')}"
    text += f" from {visible(result.source)}"
    if result.first is not None and result.last is not None:
        first = datetime.fromtimestamp(result.first, UTC).astimezone(app.zone)
        last = datetime.fromtimestamp(result.last, UTC).astimezone(app.zone)
        text += f", {first:%d %b %Y} to {last:%d %b %Y}"
    skipped = len(result.skipped) + len(result.ignored)
    text += f"; {result.already:,} already there, {skipped:,} skipped."
    _say(text)
    _people_summary(result)
    create = "Would create" if result.dry_run else "Created"
    if result.new_clients:
        _say(
            f"{create} {_plural(len(result.new_clients), 'client')}: "
            + ", ".join(map(visible, result.new_clients))
            + "."
        )
    for new, known in result.look_alikes:
        _say(f"Would refuse client {new!r}: it looks like {known!r} (--new-client to insist).")
    if result.new_projects:
        _say(
            f"{create} {_plural(len(result.new_projects), 'project')}: "
            + ", ".join(map(visible, result.new_projects))
            + "."
        )
    unassigned = chooser.choices.get(("", "no tag names a project"), 0) if chooser else 0
    if unassigned and result.added and not result.dry_run:
        _say(
            f"{_plural(unassigned, 'interval')} had no tag naming a project and came in without "
            "one (choose with --project-tag or --map; --dry-run shows the mapping)."
        )
    if result.long:
        where, since, until = max(result.long, key=lambda item: item[2] - item[1])
        began = datetime.fromtimestamp(since, UTC).astimezone(app.zone)
        verb = "lasts" if len(result.long) == 1 else "last"
        _say(
            f"{_plural(len(result.long), 'entry')} {verb} more than a day, the longest "
            f"{(until - since) // 3600:,} hours ({where}, from {began:%d %b %Y %H:%M}): "
            "a timer left running? Check before billing."
        )
    if result.unbilled:
        _say(f"Not billable, as every row of theirs in the file: {', '.join(result.unbilled)}.")
    for name, rate in result.rates.items():
        _say(
            f"Rate of {visible(name)}: {format_money(rate.cents, rate.currency)} an hour "
            "(from the amounts in the file)."
        )
    if result.stated != result.spanned:
        gap = result.spanned - result.stated
        _say(
            f"The file's Duration column adds up to {_hms(result.stated)}, "
            f"{_hms(abs(gap))} {'less' if gap > 0 else 'more'} than its start and end times "
            f"give (Toggl drops fractions of a second); gig keeps start and end: "
            f"{_hms(result.spanned)}."
        )
    for text in result.notes:
        _say(text)
    for heading, bad_rows in (("Skipped", result.skipped), ("Not imported", result.ignored)):
        if bad_rows:
            _say(f"{heading}:")
            for bad in bad_rows[:_SHOW_SKIPPED]:
                _say(f"  {visible(bad.where)}: {visible(bad.reason)}")
            if len(bad_rows) > _SHOW_SKIPPED:
                _say(f"  … and {len(bad_rows) - _SHOW_SKIPPED:,} more")
    _overlap_summary(app, result)
    if result.dry_run:
        _say("Nothing was written: this was a dry run.")
    elif result.backup and result.added:
        note(f"A backup from before the import is in {result.backup}.")


def _people_summary(result: ImportResult) -> None:
    if result.user:
        others = f"; left out {result.others:,} of other people" if result.others else ""
        _say(f"Took the rows of {result.user}{others}.")
    elif len(result.users) > 1:
        _say(
            f"The file holds the time of {len(result.users):,} people; a real import needs "
            "--user NAME or --user EMAIL to take one person's:"
        )
        for person, count in result.users.most_common(_SHOW_SKIPPED):
            _say(f"  {person}: {_plural(count, 'row')}")
        if len(result.users) > _SHOW_SKIPPED:
            _say(f"  … and {len(result.users) - _SHOW_SKIPPED:,} more")


def _overlap_summary(app: App, result: ImportResult) -> None:
    if not result.overlaps:
        return
    count = _plural(len(result.overlaps), "row")
    if not result.dry_run:
        verb = "overlaps" if len(result.overlaps) == 1 else "overlap"
        _say(f"Kept {count} that {verb} other time (--allow-overlap).")
        return
    _say(f"Would overlap other time ({count}; a real import refuses them without --allow-overlap):")
    for overlap in result.overlaps[:_SHOW_SKIPPED]:
        _say(f"  {overlap.text(app.zone)}")
    if len(result.overlaps) > _SHOW_SKIPPED:
        _say(f"  … and {len(result.overlaps) - _SHOW_SKIPPED:,} more")


def _zone(name: str | None, app: App) -> tzinfo:
    if not name:
        return app.zone
    from gigtool.clock import zone_named

    return zone_named(name)


@importer.command("toggl")
def import_toggl(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="Toggl Track detailed report, as CSV", metavar="FILE")
    ],
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Zone the times were exported in (default: your zone)"),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="In a team's export, import this person's rows (name, email)"),
    ] = None,
    dry_run: DryRun = False,
    skip_bad: SkipBad = False,
    allow_overlap: AllowOverlap = False,
    new_client: Annotated[
        bool,
        typer.Option(
            "--new-client", help="Create clients whose names look like known ones' anyway"
        ),
    ] = False,
) -> None:
    """Import a Toggl Track detailed-report CSV; clients and projects are created as needed.

    Example: gig log import toggl Toggl_time_entries_2026-01-01_to_2026-11-30.csv --dry-run
    """
    from gigtool.clock import zone_name
    from gigtool.tracking.importing.files import shown, source_file
    from gigtool.tracking.importing.toggl import read_toggl

    app = app_of(ctx)
    size = source_file(file, "the CSV file Toggl exported (Reports → Detailed → CSV)")
    zone = _zone(tz, app)
    _run_import(
        app,
        shown(file.name),
        size,
        lambda progress: read_toggl(file, zone, progress, now=app.clock.now()),
        zone_name(zone),
        dry_run,
        skip_bad,
        allow_overlap=allow_overlap,
        user=user,
        new_client=new_client,
        wall_clock=zone,
    )


def _watson_frames() -> Path:
    import os

    folder = os.environ.get("WATSON_DIR") or typer.get_app_dir("watson")
    return Path(folder) / "frames"


@importer.command("watson")
def import_watson(
    ctx: typer.Context,
    frames: Annotated[
        Path | None,
        typer.Argument(
            help="Watson's frames file (default: Watson's own, in WATSON_DIR)", metavar="[FRAMES]"
        ),
    ] = None,
    dry_run: DryRun = False,
    skip_bad: SkipBad = False,
    allow_overlap: AllowOverlap = False,
) -> None:
    """Import Watson's frames: projects, tags and times.

    Example: gig log import watson ~/.config/watson/frames
    """
    from gigtool.clock import zone_name
    from gigtool.tracking.importing.files import shown, source_file
    from gigtool.tracking.importing.watson import read_watson

    app = app_of(ctx)
    path = frames or _watson_frames()
    size = source_file(path, "Watson's frames file")
    _run_import(
        app,
        shown(path.name),
        size,
        lambda progress: read_watson(path, progress, now=app.clock.now()),
        zone_name(app.zone),
        dry_run,
        skip_bad,
        allow_overlap=allow_overlap,
    )


def _timew_folder() -> Path:
    import os

    if os.environ.get("TIMEWARRIORDB"):
        return Path(os.environ["TIMEWARRIORDB"])
    legacy = Path.home() / ".timewarrior"
    if legacy.is_dir():
        return legacy
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "timewarrior"


@importer.command("timew")
def import_timew(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="Timewarrior's folder or its data/ (default: TIMEWARRIORDB), one YYYY-MM.data "
            "file, or what timew export wrote",
            metavar="[DIR|FILE]",
        ),
    ] = None,
    project: Annotated[
        str | None,
        typer.Option("--project", "-p", help="Put everything in this project; keep all tags"),
    ] = None,
    project_tag: Annotated[
        str | None,
        typer.Option(
            "--project-tag",
            help="A tag matching this pattern is the project, e.g. 'client-*'",
            metavar="PATTERN",
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option("--map", help="File of TAG = PROJECT lines saying which tag is which project"),
    ] = None,
    dry_run: DryRun = False,
    skip_bad: SkipBad = False,
    allow_overlap: AllowOverlap = False,
) -> None:
    """Import Timewarrior's intervals; a tag naming a gig project becomes the project.

    Timewarrior keeps tags sorted, so no tag is the project by its place: a --map file,
    then --project-tag, then a tag naming one of your projects (or clients) decides, and
    --dry-run shows what it chose.

    Example: gig log import timew ~/.local/share/timewarrior --project-tag 'client-*' --dry-run
    """
    from gigtool.clock import zone_name
    from gigtool.tracking.importing.files import shown
    from gigtool.tracking.importing.sniff import kind_of
    from gigtool.tracking.importing.timew import (
        ProjectFromTags,
        read_timew,
        read_timew_export,
        timew_files,
    )

    app = app_of(ctx)
    where = folder or _timew_folder()
    try:
        exported = where.is_file() and kind_of(where) == "timew-export"
    except (OSError, ValueError):
        exported = False  # timew_files says what is wrong with the path
    size = where.stat().st_size if exported else sum(p.stat().st_size for p in timew_files(where))
    chooser = ProjectFromTags.load(
        app.db(), fixed=project, pattern=project_tag, mapping_file=mapping
    )

    def rows(progress: Any) -> Any:
        now = app.clock.now()
        if exported:
            return read_timew_export(where, chooser, progress, now=now)
        return read_timew(where, None, progress, now=now, chooser=chooser)

    _run_import(
        app,
        f"Timewarrior ({shown(where.absolute().name or where)})",
        size,
        rows,
        zone_name(app.zone),
        dry_run,
        skip_bad,
        allow_overlap=allow_overlap,
        chooser=chooser,
    )


# gig log export -------------------------------------------------------------------------------


@app.command()
def export(
    ctx: typer.Context,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Toggl Track's detailed-report CSV (the default)")
    ] = False,
    as_json: Json = False,
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
    tz: Annotated[
        str | None, typer.Option("--tz", help="Write times in this zone (default: yours)")
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="Fill Toggl's User and Email columns")
    ] = None,
) -> None:
    """Write finished entries (all of them unless a period is given) as CSV or JSON.

    Example: gig log export --csv --from 2026-01-01 > gig-2026.csv
    """
    from gigtool.tracking import reports
    from gigtool.tracking.exporting import toggl_header, toggl_record

    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    zone = _zone(tz, app)
    period = _period(
        app,
        _flags(
            today=today,
            yesterday=yesterday,
            week=week,
            last_week=last_week,
            month=month,
            last_month=last_month,
        ),
        since,
        until,
        all_time=True,
    )
    now = app.clock.now()
    items = reports.load_items(
        app.db(),
        period.since,
        period.until,
        now,
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tag or [],
        fallback_rate=_fallback_rate(app),
        starting_only=True,
    )
    running = [item for item in items if item.end is None]
    finished = [item for item in items if item.end is not None]
    if running:
        note("The running timer is not exported; stop it first to include it.")
    if fmt == "json":
        emit_json([_export_json(item, zone) for item in finished])
        return
    currencies = sorted({i.rate.currency for i in finished if i.billable and i.rate}) or [
        app.setting("currency")
    ]
    user = email.split("@")[0] if email else ""
    writer = csv_writer()
    writer.writerow(toggl_header(currencies))
    for item in finished:
        writer.writerow(toggl_record(item, zone, currencies, user, email or ""))


def _export_json(item: Item, zone: tzinfo) -> dict[str, Any]:
    from datetime import UTC

    from gigtool.amounts import decimal_string
    from gigtool.tracking.reports import amount_cents

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
