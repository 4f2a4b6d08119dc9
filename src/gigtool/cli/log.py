"""`gig log`: the timer, manual entries and the time log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.output import (
    Csv,
    Json,
    Yes,
    completions,
    confirm,
    emit_csv,
    emit_json,
    pick_format,
    say,
    table,
    visible,
)
from gigtool.errors import InputError
from gigtool.tracking import entries as tracking
from gigtool.tracking.entries import Entry
from gigtool.tracking.timelang import format_duration, past_midnight

app = typer.Typer(help="Track time: a timer, manual entries and the log.", no_args_is_help=False)


def _complete_words(incomplete: str) -> list[str]:
    """Projects for the first word, tags for words starting with +."""
    try:
        from gigtool.clients.catalog import names
        from gigtool.database import open_db
        from gigtool.store.home import data_home

        conn = open_db(data_home(), create=False)
        try:
            if incomplete.startswith("+"):
                tags = completions(names(conn, "tag"), incomplete[1:], exact_case=True)
                return ["+" + t for t in tags]
            return completions(names(conn, "project"), incomplete)
        finally:
            conn.close()
    except Exception:
        return []


def _complete_names(table_name: str) -> Any:
    def complete(incomplete: str) -> list[str]:
        try:
            from gigtool.clients.catalog import names
            from gigtool.database import open_db
            from gigtool.store.home import data_home

            conn = open_db(data_home(), create=False)
            try:
                found = names(conn, table_name)
            finally:
                conn.close()
            return completions(found, incomplete)
        except Exception:
            return []

    return complete


Words = Annotated[
    list[str] | None,
    typer.Argument(
        help="PROJECT, then a description, and +tags anywhere",
        metavar="[PROJECT] [DESCRIPTION]... [+TAG]...",
        autocompletion=_complete_words,
    ),
]
At = Annotated[str | None, typer.Option("--at", help="When, if not now: 10:15, -30m, 2h ago")]
OnTask = Annotated[
    int | None,
    typer.Option("--task", help="Track it on task ID: takes the task's project and title"),
]
Billable = Annotated[
    bool | None, typer.Option("--billable/--no-billable", help="Default: the project's setting")
]
AllowOverlap = Annotated[
    bool, typer.Option("--allow-overlap", help="Keep it even if it overlaps another entry")
]
ProjectOpt = Annotated[
    str | None,
    typer.Option(
        "--project", "-p", help="Only this project", autocompletion=_complete_names("project")
    ),
]
ClientOpt = Annotated[
    str | None,
    typer.Option(
        "--client", "-c", help="Only this client", autocompletion=_complete_names("client")
    ),
]
TagOpt = Annotated[
    str | None,
    typer.Option(
        "--tag", "-t", help="Only entries with this tag", autocompletion=_complete_names("tag")
    ),
]


def split_words(words: list[str] | None) -> tuple[str | None, list[str], list[str]]:
    """`acme API review +call` → project, description words, tags."""
    project: str | None = None
    text: list[str] = []
    tags: list[str] = []
    for word in words or []:
        if word.startswith("+") and len(word) > 1:
            tags.append(word)
        elif project is None:
            project = word
        else:
            text.append(word)
    return project, text, tags


def _instant(app: App, text: str | None, base_day: date | None = None) -> datetime | None:
    if text is None:
        return None
    from gigtool.tracking.timelang import parse_instant

    # Every time the log takes has happened (a timer starts or stops up to now): a day
    # without its year is never read ahead, where it would only be refused as future.
    return parse_instant(text, app.now(), base_day=base_day, ahead=0)


def _when(app: App, moment: datetime) -> str:
    from gigtool.tracking.timelang import format_instant

    return format_instant(moment.astimezone(app.zone), app.now())


def _what(entry: Entry) -> str:
    text = entry.project or "(no project)"
    if entry.description:
        text += f' "{entry.description}"'
    if entry.tags:
        text += " " + " ".join("+" + t for t in entry.tags)
    return visible(text)


def entry_json(entry: Entry, app: App, now: datetime) -> dict[str, Any]:
    return {
        "id": entry.id,
        "project": entry.project,
        "client": entry.client,
        "description": entry.description,
        "tags": entry.tags,
        "start": entry.start.astimezone(app.zone).isoformat(),
        "end": entry.end.astimezone(app.zone).isoformat() if entry.end else None,
        "duration_seconds": entry.seconds(now),
        "billable": entry.billable,
    }


def _created(entry: Entry) -> str:
    owner = f" for client {entry.client!r}" if entry.client else ""
    return f"Created project {entry.project!r}{owner}."


def report_stopped(app: App, entry: Entry) -> None:
    if entry.discarded:
        say(f"Discarded #{entry.id} {_what(entry)}: it ran under a second, so nothing was kept.")
        return
    say(
        f"Stopped #{entry.id} {_what(entry)} at {_when(app, entry.end or app.now())} "
        f"({format_duration(entry.seconds(app.clock.now()))})."
    )


def _report_started(app: App, started: tracking.Started) -> None:
    entry = started.entry
    if started.already:
        say(
            f"Already running: #{entry.id} {_what(entry)} since {_when(app, entry.start)} "
            f"({format_duration(entry.seconds(app.clock.now()))}); nothing changed."
        )
        return
    if started.stopped:
        report_stopped(app, started.stopped)
    if started.new_project:
        say(_created(entry))
    say(f"Started #{entry.id} {_what(entry)} at {_when(app, entry.start)}.")


@app.callback(invoke_without_command=True)
def overview(ctx: typer.Context) -> None:
    """Show the running timer, today's entries and today's total.

    Example: gig log
    """
    if ctx.invoked_subcommand is None:
        show_today(app_of(ctx))


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
            f"Running: #{current.id} {_what(current)} since {_when(app, current.start)} "
            f"({format_duration(current.seconds(now))})."
        )
    else:
        say("No timer running.")
    if not entries:
        say("Nothing tracked today yet. Start with: gig log start PROJECT [DESCRIPTION]")
        return
    within = sum(
        max(0, int((min(e.end or now, period.until) - max(e.start, period.since)).total_seconds()))
        for e in entries
    )
    crossing = any(e.start < period.since or (e.end or now) > period.until for e in entries)
    _entry_table(
        app,
        entries,
        now,
        title=f"Today, {today:%a %d %b %Y}",
        total=within,
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
    from gigtool.tracking.reports import agreeing

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
    footer = [
        "",
        "",
        "",
        "Total",
        format_duration(total),
        "",
        "",
        f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}",
        "",
        "",
    ]
    table(
        [
            ("#", "right"),
            "Date",
            "Start",
            "End",
            ("Time", "right"),
            "Project",
            "Client",
            "Description",
            "Tags",
            "$",
        ],
        rows,
        title=title,
        caption=caption,
        footer=footer,
    )


@app.command()
def start(
    ctx: typer.Context,
    words: Words = None,
    at: At = None,
    billable: Billable = None,
    allow_overlap: AllowOverlap = False,
    task: OnTask = None,
) -> None:
    """Start a timer; a running one stops at the same instant.

    Example: gig log start acme "API review" +call --at 9:15
    """
    app = app_of(ctx)
    project, text, tags = split_words(words)
    description = " ".join(text)
    if task is not None:
        from gigtool.tasks.core import timer_fields

        project, description = timer_fields(app.db(), app.clock, task, project, text)
    started = tracking.start_timer(
        app.db(),
        app.clock,
        project=project,
        description=description,
        tags=tags,
        at=_instant(app, at),
        billable=billable,
        allow_overlap=allow_overlap,
        task_id=task,
    )
    _report_started(app, started)


@app.command()
def stop(ctx: typer.Context, at: At = None, as_json: Json = False) -> None:
    """Stop the running timer.

    Example: gig log stop --at 17:30
    """
    app = app_of(ctx)
    entry = tracking.stop_timer(app.db(), app.clock, at=_instant(app, at))
    if as_json:
        emit_json(entry_json(entry, app, app.clock.now()))
        return
    report_stopped(app, entry)


@app.command()
def status(ctx: typer.Context, as_json: Json = False) -> None:
    """Say what the timer is doing.

    Example: gig log status
    """
    app = app_of(ctx)
    conn = app.db()
    now = app.clock.now()
    current = tracking.running(conn)
    if as_json:
        emit_json(entry_json(current, app, now) if current else None)
        return
    if current:
        say(
            f"Running: #{current.id} {_what(current)} since {_when(app, current.start)} "
            f"({format_duration(current.seconds(now))})."
        )
        return
    last = tracking.last_entry(conn)
    if last and last.end:
        say(f"No timer running. Last: #{last.id} {_what(last)}, stopped {_when(app, last.end)}.")
    else:
        say("No timer running. Start one with: gig log start PROJECT [DESCRIPTION]")


@app.command(name="continue")
def continue_(
    ctx: typer.Context,
    entry_id: Annotated[
        int | None, typer.Argument(help="Entry to restart; default the last", metavar="[ID]")
    ] = None,
    at: At = None,
    billable: Annotated[
        bool | None,
        typer.Option(
            "--billable/--no-billable", help="Default: as the entry was (no project: not billable)"
        ),
    ] = None,
    allow_overlap: AllowOverlap = False,
) -> None:
    """Start a new timer like the last entry (or entry ID).

    Example: gig log continue 42
    """
    app = app_of(ctx)
    started = tracking.continue_entry(
        app.db(),
        app.clock,
        entry_id,
        at=_instant(app, at),
        billable=billable,
        allow_overlap=allow_overlap,
    )
    _report_started(app, started)


@app.command()
def cancel(ctx: typer.Context, yes: Yes = False) -> None:
    """Discard the running timer without keeping its time.

    Example: gig log cancel
    """
    app = app_of(ctx)
    conn = app.db()
    current = tracking.running(conn)
    if current is None:
        tracking.cancel_timer(conn)  # raises the clean "no timer" error
        return
    confirm(
        f"Discard #{current.id} {_what(current)} "
        f"({format_duration(current.seconds(app.clock.now()))}) for good?",
        yes,
    )
    entry = tracking.cancel_timer(conn, current.id)
    say(f"Discarded #{entry.id} {_what(entry)}.")


@app.command()
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
        begin, end = _span_from_options(app, on, start_at, end_at, duration, bool(day))
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
        say(_created(started.entry))
    entry = started.entry
    say(
        f"Added #{entry.id} {_what(entry)}: {_when(app, entry.start)} to "
        f"{_when(app, entry.end or app.now())} ({format_duration(entry.seconds(app.clock.now()))})."
    )


def _span_from_options(
    app: App,
    on: date,
    start_at: str | None,
    end_at: str | None,
    duration: str | None,
    day_given: bool,
) -> tuple[datetime, datetime]:
    from gigtool.tracking.timelang import parse_duration

    length = parse_duration(duration) if duration else None
    if length is not None and length <= timedelta(0):
        raise InputError(f"a duration must be more than zero, not {duration!r}")
    begin = _utc(_instant(app, start_at, on))
    end = _utc(_instant(app, end_at, on))
    if begin is not None and end is not None:
        if length is not None:
            raise InputError("give two of --start, --end and --duration, not all three")
        if end <= begin and _is_clock_time(end_at):
            end = past_midnight(begin, end.astimezone(app.zone), str(end_at)).astimezone(UTC)
        return begin, end
    if length is None:
        raise InputError(
            "say when: a range like 9-11:30, or --start and --end, or --duration with one of them"
        )
    if begin:
        return begin, begin + length
    if end is None:
        if day_given and on != app.now().date():
            raise InputError("with --date, give --start or --end beside --duration")
        end = app.clock.now()
    return end - length, end


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


def _is_clock_time(text: str | None) -> bool:
    from gigtool.tracking.timelang import parse_time_of_day

    if not text:
        return False
    try:
        parse_time_of_day(text)
    except InputError:
        return False
    return True


@app.command(name="list")
def list_(
    ctx: typer.Context,
    today: Annotated[bool, typer.Option("--today", help="Today")] = False,
    yesterday: Annotated[bool, typer.Option("--yesterday", help="Yesterday")] = False,
    week: Annotated[bool, typer.Option("--week", help="This week (the default)")] = False,
    last_week: Annotated[bool, typer.Option("--last-week", help="Last week")] = False,
    month: Annotated[bool, typer.Option("--month", help="This month")] = False,
    last_month: Annotated[bool, typer.Option("--last-month", help="Last month")] = False,
    since: Annotated[str | None, typer.Option("--from", help="First day: 2026-11-01, mon")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last day (inclusive)")] = None,
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
    flags = {
        "today": today,
        "yesterday": yesterday,
        "week": week,
        "last-week": last_week,
        "month": month,
        "last-month": last_month,
    }
    period = resolve_period(app, [k for k, v in flags.items() if v], since, until)
    conn = app.db()
    entries = tracking.entries_between(
        conn, period.since, period.until, project=project, client=client, tag=tag
    )
    now = app.clock.now()
    if fmt == "json":
        emit_json([entry_json(e, app, now) for e in entries])
    elif fmt == "csv":
        rows = [entry_json(e, app, now) for e in entries]
        emit_csv(
            rows,
            [
                "id",
                "project",
                "client",
                "description",
                "tags",
                "start",
                "end",
                "duration_seconds",
                "billable",
            ],
        )
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


def resolve_period(app: App, chosen: list[str], since: str | None, until: str | None) -> Any:
    from gigtool import periods
    from gigtool.tracking.timelang import parse_day

    if len(chosen) > 1 or (chosen and (since or until)):
        raise InputError("choose one period: --today, --week, … or --from/--to")
    hour = int(app.setting("day-start"))
    today = periods.local_today(app.clock.now(), app.zone, hour)
    week_start = app.setting("week-start")
    if since or until:
        # A period of history starts at the last such day (`--from "jan 1"` in December).
        first = parse_day(since, today, back=366, ahead=0) if since else date(1970, 1, 2)
        # Its end, without a year, is the first such day from the start on: `--from
        # "dec 20" --to "jan 5"` in December is last winter's holidays, not 382 days.
        last = today
        if until and since:
            last = parse_day(until, today, yearless_from=first, back=0, ahead=366)
        elif until:
            last = parse_day(until, today)
        label = (
            f"from {first:%a %d %b %Y} to {last:%a %d %b %Y}"
            if since
            else f"up to {last:%a %d %b %Y}"
        )
        return periods.days(first, last, app.zone, label, hour)
    name = chosen[0] if chosen else "week"
    return periods.named(name, today, app.zone, week_start=week_start, hour=hour)


@app.command()
def edit(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(help="Entry to change", metavar="ID")],
    project: Annotated[
        str | None,
        typer.Option(
            "--project",
            "-p",
            help="Move to this project",
            autocompletion=_complete_names("project"),
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
    begin = _instant(app, start_at, day)
    end = _instant(app, end_at, begin.date() if begin else day)
    if (
        end
        and end.astimezone(UTC) <= (begin or entry.start).astimezone(UTC)
        and _is_clock_time(end_at)
    ):
        end = past_midnight(begin or entry.start, end, str(end_at))
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
        say(_created(updated))
    end_text = _when(app, updated.end) if updated.end else "running"
    change = ""
    if updated.billable != entry.billable:
        change = "; now billable" if updated.billable else "; now not billable"
    say(
        f"Updated #{updated.id} {_what(updated)}: {_when(app, updated.start)} to {end_text} "
        f"({format_duration(updated.seconds(app.clock.now()))}){change}."
    )


@app.command()
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


from gigtool.cli import log_reports  # noqa: E402,F401  (registers report commands)
