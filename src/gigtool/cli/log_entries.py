"""`gig log` alone, `gig log add`, `list`, `edit` and `delete`: entries by hand and the log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.log_options import (
    AllowOverlap,
    Billable,
    ClientOpt,
    LastMonth,
    LastWeek,
    Month,
    OnTask,
    ProjectOpt,
    Since,
    TagOpt,
    Today,
    Until,
    Week,
    Words,
    Yesterday,
    complete_names,
    created,
    instant,
    period_of,
    split_words,
    what,
    when,
)
from gigtool.cli.output import Csv, Json, Yes, confirm, emit_csv, emit_json, pick_format, say, table
from gigtool.errors import InputError
from gigtool.tracking import entries as tracking
from gigtool.tracking.entries import Entry
from gigtool.tracking.timelang import format_duration


def show_today(app: App) -> None:
    from gigtool.periods import local_today, named

    conn = app.db()
    now = app.clock.now()
    hour = int(app.setting("day-start"))
    today = local_today(now, app.zone, hour)
    period = named("today", today, app.zone, hour=hour)
    entries = tracking.entries_touching(conn, period.since, period.until, now)
    current = tracking.running(conn)
    if current:
        say(
            f"Running: #{current.id} {what(current)} since {when(app, current.start)} "
            f"({format_duration(current.seconds(now))})."
        )
    else:
        say("No timer running.")
    if not entries:
        say("Nothing tracked today yet. Start with: gig log start PROJECT [DESCRIPTION]")
        return
    crossing = any(e.start < period.since or (e.end or now) > period.until for e in entries)
    _entry_table(
        app,
        entries,
        now,
        title=f"Today, {today:%a %d %b %Y}",
        total=tracking.within(entries, period.since, period.until, now),
        caption="The total counts only the part of each entry within today." if crossing else None,
    )


def _entry_table(
    app: App,
    entries: list[Entry],
    now: datetime,
    title: str,
    total: int | None = None,
    caption: str | None = None,
) -> None:
    from gigtool.tracking.figures import agreeing

    zone = app.zone
    parts = [e.seconds(now) for e in entries]
    if total is None or total == sum(parts):
        # The rows and the total as shown add up (the total is the exact one, cut).
        parts, total = agreeing(parts)
    rows = []
    for e, seconds in zip(entries, parts, strict=True):
        start = e.start.astimezone(zone)
        end = e.end.astimezone(zone).strftime("%H:%M") if e.end else "running"
        rows.append(
            [
                str(e.id),
                start.strftime("%a %d %b"),
                start.strftime("%H:%M"),
                end,
                format_duration(seconds),
                e.project or "",
                e.client or "",
                e.description,
                " ".join("+" + t for t in e.tags),
                "$" if e.billable else "",
            ]
        )
    many = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    footer = ["", "", "", "Total", format_duration(total), "", "", many, "", ""]
    columns: list[str | tuple[str, str]] = [("#", "right"), "Date", "Start", "End"]
    columns += [("Time", "right"), "Project", "Client", "Description", "Tags", "$"]
    table(columns, rows, title=title, caption=caption, footer=footer)


def add(
    ctx: typer.Context,
    words: Words = None,
    day: Annotated[
        str | None, typer.Option("--date", "-d", help="Day: yesterday, mon, 2026-11-03")
    ] = None,
    start_at: Annotated[str | None, typer.Option("--start", help="Start time")] = None,
    end_at: Annotated[str | None, typer.Option("--end", help="End time")] = None,
    duration: Annotated[
        str | None, typer.Option("--duration", help="Length: 1h30m, 90m, 1.5h")
    ] = None,
    billable: Billable = None,
    allow_overlap: AllowOverlap = False,
    task: OnTask = None,
) -> None:
    """Add a finished entry by hand.

    Example: gig log add acme 9-11:30 "API review" +call --date yesterday
    """
    from gigtool.tracking.entry_times import span_from_options
    from gigtool.tracking.timelang import looks_like_range, parse_day, parse_range

    app = app_of(ctx)
    now = app.now()
    project, text, tags = split_words(words)
    if task is not None and project is not None and looks_like_range(project):
        # `--task 7 9-11:30`: the task names the project, the first word is the range.
        text = [project, *text]
        project = None
    on = parse_day(day, now.date(), ahead=0) if day else now.date()  # time already worked
    span = text[0] if text and looks_like_range(text[0]) else None
    if span:
        text = text[1:]
    description = " ".join(text)
    if task is not None:
        from gigtool.tasks.core import timer_fields

        project, description = timer_fields(app.db(), app.clock, task, project, text)
    if project is None and task is None:
        raise InputError("say which project: gig log add PROJECT 9-11:30 [DESCRIPTION]")
    if span:
        if start_at or end_at or duration:
            raise InputError("give either a range like 9-11:30 or --start/--end/--duration")
        begin, end = parse_range(span, on, app.zone)
    else:
        begin, end = span_from_options(
            on, start_at, end_at, duration, day_given=bool(day), now=app.clock.now(), zone=app.zone
        )
    started = tracking.add_entry(
        app.db(),
        app.clock,
        project=project,
        start=begin,
        end=end,
        description=description,
        tags=tags,
        billable=billable,
        allow_overlap=allow_overlap,
        task_id=task,
    )
    if started.new_project:
        say(created(started.entry))
    entry = started.entry
    say(
        f"Added #{entry.id} {what(entry)}: {when(app, entry.start)} to "
        f"{when(app, entry.end or app.now())} ({format_duration(entry.seconds(app.clock.now()))})."
    )


def list_(
    ctx: typer.Context,
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
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """List time entries over a period.

    Example: gig log list --last-week --client acme --csv
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
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
    entries = tracking.entries_between(
        conn, period.since, period.until, project=project, client=client, tag=tag
    )
    now = app.clock.now()
    if fmt == "json":
        emit_json([tracking.entry_record(e, app.zone, now) for e in entries])
    elif fmt == "csv":
        emit_csv([tracking.entry_record(e, app.zone, now) for e in entries], tracking.COLUMNS)
    elif not entries:
        say(f"No entries {period.label}.")
    else:
        # Entries are listed by the day they start, with all their time: one that runs on
        # past the period's end is said to, as `log report` would count only its part.
        beyond = [e for e in entries if (e.end or now) > period.until]
        caption = (
            (
                "An entry runs on past the period's end and is counted whole"
                if len(beyond) == 1
                else f"{len(beyond)} entries run on past the period's end and are counted whole"
            )
            + "; `gig log report` counts only the part within."
            if beyond
            else None
        )
        _entry_table(
            app, entries, now, title=period.label[:1].upper() + period.label[1:], caption=caption
        )


def edit(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(help="Entry to change", metavar="ID")],
    project: Annotated[
        str | None,
        typer.Option(
            "--project",
            "-p",
            help="Move to this project",
            autocompletion=complete_names("project"),
        ),
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", "-m", help="New description")
    ] = None,
    start_at: Annotated[
        str | None, typer.Option("--start", help="New start (on the entry's day)")
    ] = None,
    end_at: Annotated[
        str | None, typer.Option("--end", help="New end (stops a running entry)")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="Add a tag")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag")] = None,
    billable: Annotated[
        bool | None,
        typer.Option(
            "--billable/--no-billable",
            help="Billable or not (default with --project: that project's setting)",
        ),
    ] = None,
    allow_overlap: AllowOverlap = False,
) -> None:
    """Change an entry's project, description, times, tags or billable flag.

    Example: gig log edit 42 --start 9:30 --tag review
    """
    app = app_of(ctx)
    conn = app.db()
    entry = tracking.get_entry(conn, entry_id)
    day = entry.start.astimezone(app.zone).date()
    begin = instant(app, start_at, day)
    end = instant(app, end_at, begin.date() if begin else day)
    if end:
        from gigtool.tracking.entry_times import new_end

        end = new_end(begin or entry.start, end, end_at)
    changes: dict[str, Any] = {}
    if project is not None:
        changes["project"] = project
    updated, new_project = tracking.edit_entry(
        conn,
        app.clock,
        entry_id,
        description=description,
        start=begin,
        end=end,
        add_tags=tag or [],
        remove_tags=untag or [],
        billable=billable,
        allow_overlap=allow_overlap,
        **changes,
    )
    if new_project:
        say(created(updated))
    end_text = when(app, updated.end) if updated.end else "running"
    change = ""
    if updated.billable != entry.billable:
        change = "; now billable" if updated.billable else "; now not billable"
    say(
        f"Updated #{updated.id} {what(updated)}: {when(app, updated.start)} to {end_text} "
        f"({format_duration(updated.seconds(app.clock.now()))}){change}."
    )


def delete(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(help="Entry to delete", metavar="ID")],
    yes: Yes = False,
) -> None:
    """Delete a time entry (asks first).

    Example: gig log delete 42 --yes
    """
    app = app_of(ctx)
    conn = app.db()
    entry = tracking.get_entry(conn, entry_id)
    confirm(f"Delete {tracking.describe(entry)}?", yes)
    tracking.delete_entry(conn, entry_id)
    say(f"Deleted {tracking.describe(entry)}.")
