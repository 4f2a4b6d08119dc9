"""`gig task`: tasks on the urgent/important matrix (Eisenhower's)."""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Annotated

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.output import (
    Csv,
    Json,
    Yes,
    confirm,
    console,
    emit_csv,
    emit_json,
    note,
    pick_format,
    print_table,
    say,
    styled,
    table,
    visible,
)
from gigtool.tasks import changes, completion, inputs, queries
from gigtool.tasks.days import format_day, in_days, relative_due, today_of
from gigtool.tasks.history import history, history_record
from gigtool.tasks.matrix import (
    QUADRANT_ADVICE,
    QUADRANT_TITLES,
    QUADRANTS,
    RANKS,
    Task,
    by_quadrant,
    in_order,
    is_urgent,
)
from gigtool.tasks.recurrence import describe_every
from gigtool.tracking.timelang import format_duration

app = typer.Typer(help="Tasks on the urgent/important matrix: add, triage, list, finish.")

TaskId = Annotated[
    int, typer.Argument(metavar="ID", help="Task number, as in `gig task list`", show_default=False)
]
Due = Annotated[
    str | None, typer.Option("--due", "-d", help="Due day: fri, tomorrow, nov 30, +3d, 2026-12-01")
]
Important = Annotated[
    bool | None,
    typer.Option("--important/--not-important", "-i/-I", help="Your call: important or not"),
]
Rank = Annotated[
    str | None,
    typer.Option(
        "--rank", "-r", help="A must, B should, C nice, D delegate, E eliminate (A, B: important)"
    ),
]
Estimate = Annotated[
    str | None, typer.Option("--estimate", "-e", help="How long it will take: 5m, 1h30m, 2h")
]
Every = Annotated[
    str | None,
    typer.Option("--every", help="Repeat: day, weekday, week, month on 1, month on last, 2 weeks"),
]
ClientOpt = Annotated[str | None, typer.Option("--client", "-c", help="Client it is for")]
ProjectOpt = Annotated[str | None, typer.Option("--project", "-p", help="Project it belongs to")]

# --- helpers -----------------------------------------------------------------------------------


def _today(app: App) -> date:
    return today_of(app.db(), app.clock)


def _window(app: App) -> int:
    from gigtool.tasks.settings import urgency_window

    return urgency_window(app.db())


def _note_if_past(app: App, task: Task) -> None:
    today = _today(app)
    if task.due is not None and task.due < today and not task.done:
        note(f"Note: {format_day(task.due, today)} has passed, so #{task.id} is overdue already.")


def _time_text(task: Task) -> str:
    """`2h`, `1h 30m / 2h`, `40m tracked`: the estimate, with the time spent beside it."""
    if task.tracked_seconds and task.estimate_seconds:
        return f"{format_duration(task.tracked_seconds)} / {format_duration(task.estimate_seconds)}"
    if task.tracked_seconds:
        return f"{format_duration(task.tracked_seconds)} tracked"
    return format_duration(task.estimate_seconds) if task.estimate_seconds else ""


def _facts(task: Task, today: date) -> list[str]:
    facts = []
    if task.due:
        facts.append(relative_due(task.due, today))
    if text := _time_text(task):
        facts.append(text)
    if task.client:
        facts.append(task.client)
    if task.rank:
        facts.append(task.rank)
    if task.deferred(today) and task.deferred_until:
        facts.append(f"hidden until {format_day(task.deferred_until, today)}")
    return facts


def _line(task: Task, today: date) -> str:
    return visible(" · ".join([f"#{task.id} {visible(task.title)}", *_facts(task, today)]))


# --- gig task ----------------------------------------------------------------------------------


@app.callback(invoke_without_command=True)
def overview(ctx: typer.Context) -> None:
    """Show open tasks on the urgent/important grid.

    Example: gig task
    """
    if ctx.invoked_subcommand is None:
        app_ = app_of(ctx)
        _grid(app_, queries.open_tasks(app_.db(), app_.clock), show_all=False)


@app.command()
def add(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(help="TITLE, with +tags anywhere", show_default=False, metavar="TITLE..."),
    ] = None,
    due: Due = None,
    important: Important = None,
    rank: Rank = None,
    urgent: Annotated[
        bool, typer.Option("--urgent", "-u", help="Urgent whatever the date")
    ] = False,
    estimate: Estimate = None,
    client: ClientOpt = None,
    project: ProjectOpt = None,
    every: Every = None,
) -> None:
    """Add a task.

    Example: gig task add "Send the Acme invoice" +billing --due fri -i --estimate 15m
    """
    app = app_of(ctx)
    title, tags = inputs.title_and_tags(words or [])
    inputs.check_title(title)
    inputs.not_blank(
        {"due": due, "estimate": estimate, "client": client, "project": project, "every": every}
    )
    added = changes.add_task(
        app.db(),
        app.clock,
        title,
        due=inputs.due_option(due, _today(app)) if due else None,
        important=important,
        rank=rank,
        urgent=urgent,
        estimate_seconds=inputs.parse_estimate(estimate) if estimate else None,
        client=client,
        project=project,
        tags=tags,
        every=every,
    )
    task = added.task
    today = _today(app)
    if added.new_project:
        say(f"Created project {task.project!r}.")
    where = QUADRANT_TITLES[task.quadrant(today, _window(app))].lower()
    facts = _facts(task, today)
    if task.every:
        facts.append(describe_every(task.every))
    say(f"Added #{task.id} {visible(task.title)}: " + " · ".join([where, *facts]) + ".")
    _note_if_past(app, task)
    if not task.triaged:
        say("Say whether it matters with -i / --rank, or later with: gig task triage")


@app.command(name="list")
def list_(
    ctx: typer.Context,
    flat: Annotated[bool, typer.Option("--flat", help="One table instead of the grid")] = False,
    show_all: Annotated[
        bool, typer.Option("--all", "-a", help="Include dropped and deferred tasks")
    ] = False,
    done: Annotated[bool, typer.Option("--done", help="Finished tasks instead")] = False,
    client: Annotated[str | None, typer.Option("--client", "-c", help="Only this client")] = None,
    project: Annotated[
        str | None, typer.Option("--project", "-p", help="Only this project")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", "-t", help="Only with this tag")] = None,
    quadrant: Annotated[
        str | None,
        typer.Option("--quadrant", "-q", help="do-first, schedule, delegate, drop or untriaged"),
    ] = None,
    due_before: Annotated[
        str | None, typer.Option("--due-before", help="Only due on or before this day: fri")
    ] = None,
    as_json: Json = False,
    as_csv: Csv = False,
) -> None:
    """List tasks on the urgent/important grid, or flat.

    Example: gig task list --client acme --due-before fri
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    inputs.not_blank(
        {
            "client": client,
            "project": project,
            "tag": tag,
            "quadrant": quadrant,
            "due-before": due_before,
        }
    )
    today, window = _today(app), _window(app)
    wanted = inputs.parse_quadrant(quadrant) if quadrant else None
    before = inputs.due_option(due_before, today, "--due-before") if due_before else None
    found = queries.list_tasks(
        app.db(),
        app.clock,
        window,
        done=done,
        quadrant=wanted,
        client=client,
        project=project,
        tag=tag,
        due_before=before,
    )
    if fmt == "table" and not (flat or done or wanted):
        filtered = bool(client or project or tag or due_before)
        _grid(app, found, show_all=show_all, filtered=filtered)
        return
    dropped = 0
    if not show_all and not done:
        # Neither urgent nor important: hidden from people as in the grid, with a
        # count; scripts get every task with its quadrant to filter on.
        drop = wanted != "drop" and fmt == "table"
        found, dropped = queries.without_hidden(found, today, window, drop=drop)
    if fmt != "table":
        rows = [
            queries.task_record(t, today, window, app.zone) for t in in_order(found, today, window)
        ]
        emit_json(rows) if fmt == "json" else emit_csv(rows, queries.COLUMNS)
    else:
        _flat(app, found, done=done)
    if dropped and fmt == "table":
        say(f"{dropped} in drop (neither urgent nor important) hidden; --all shows them.")


def _flat(app: App, found: list[Task], *, done: bool = False) -> None:
    today, window = _today(app), _window(app)
    if not found:
        say("No finished tasks." if done else "No tasks match.")
        return
    columns: list[str | tuple[str, str]] = [
        ("#", "right"),
        "Quadrant",
        "Task",
        "Due",
        ("Time", "right"),
        "Client",
        "Project",
        "Tags",
        "Rank",
        "Hidden until",
    ]
    rows = [
        [
            str(t.id),
            QUADRANT_TITLES[t.quadrant(today, window)],
            t.title,
            relative_due(t.due, today),
            _time_text(t),
            t.client or "",
            t.project or "",
            " ".join("+" + x for x in t.tags),
            t.rank or "",
            format_day(t.deferred_until, today) if t.deferred_until and t.deferred(today) else "",
        ]
        for t in (found if done else in_order(found, today, window))
    ]
    _table_of_filled(columns, rows, always=3)


def _table_of_filled(
    columns: list[str | tuple[str, str]], rows: list[list[str]], *, always: int
) -> None:
    """A table without the columns nobody filled (past the first `always`): empty
    ones would only squeeze the titles in an 80-column terminal."""
    keep = [i for i in range(len(columns)) if i < always or any(row[i] for row in rows)]
    table([columns[i] for i in keep], [[row[i] for i in keep] for row in rows])


def _grid(app: App, found: list[Task], *, show_all: bool, filtered: bool = False) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    today, window = _today(app), _window(app)
    shown = [t for t in found if show_all or not t.deferred(today)]
    deferred = len(found) - len(shown)
    if not found:
        if filtered:
            say("No tasks match.")
        elif queries.done_tasks(app.db(), app.clock):
            say("No open tasks: all done. `gig task list --done` shows what you finished.")
        else:
            say('No tasks yet. Add one with: gig task add "Send the Acme invoice" --due fri -i')
        return
    by = by_quadrant(shown, today, window)

    def cell(name: str) -> Text:
        advice = QUADRANT_ADVICE[name].split(": ")[1]
        head = styled((QUADRANT_TITLES[name], "bold"), " ", (f"· {advice}", "dim"))
        if name == "drop" and not show_all:
            count = len(by["drop"])
            hidden = f"{count} hidden (gig task list --all)" if count else "nothing here"
            return Text("\n").join([head, styled((hidden, "dim"))])
        lines = [styled(_line(t, today)) for t in by[name]] or [styled(("nothing here", "dim"))]
        return Text("\n").join([head, *lines])

    grid = Table(box=box.ROUNDED, show_lines=True, header_style="bold", expand=False)
    grid.add_column("")
    grid.add_column(f"Urgent (due within {window}d)" if window else "Urgent (due today)", ratio=1)
    grid.add_column("Not urgent", ratio=1)
    grid.add_row(styled(("Important", "bold")), cell("do-first"), cell("schedule"))
    grid.add_row(Text("Not\nimportant", style="bold"), cell("delegate"), cell("drop"))
    out = console()
    print_table(grid, out)
    if by["untriaged"]:
        out.print(styled(("To triage", "bold"), f" ({len(by['untriaged'])}): gig task triage"))
        for task in by["untriaged"]:
            out.print(styled("  " + _line(task, today)))
    quick = [t for t in shown if t.quick]
    if quick:
        out.print(f"Quick wins: {len(quick)} under 5 minutes; do them now (gig task quick).")
    if deferred:
        out.print(f"Deferred: {deferred} hidden until their day (gig task list --all).")


@app.command()
def triage(ctx: typer.Context, as_json: Json = False) -> None:
    """Walk the untriaged tasks: urgent? important? estimate? One key each.

    Example: gig task triage
    """
    app = app_of(ctx)
    waiting = sorted(
        queries.untriaged(app.db(), app.clock), key=lambda t: (t.due or date.max, t.id)
    )
    if as_json:
        today, window = _today(app), _window(app)
        emit_json([queries.task_record(t, today, window, app.zone) for t in waiting])
        return
    if not waiting:
        say("Nothing to triage: every open task has been given its importance.")
        return
    if not _interactive():
        _flat(app, waiting)
        say(
            "Not a terminal, so here they are. Triage them in a terminal with `gig task triage`, "
            "or one at a time: gig task edit ID -i --estimate 1h"
        )
        return
    _walk(app, waiting)


def _interactive() -> bool:
    return sys.stdin.isatty()


class _Stop(Exception):
    """The user pressed q (or the input ended)."""


class _Skip(Exception):
    """The user pressed s: leave this task for later."""


def _key(prompt: str, allowed: str) -> str:
    """One keystroke from `allowed` ("\\r" stands for Enter); s skips the task, q stops."""
    while True:
        typer.echo(f"  {prompt} ", nl=False)
        try:
            key = typer.getchar()
        except (KeyboardInterrupt, EOFError):
            key = "q"
        key = "\r" if key in ("\r", "\n") else (key or "q").lower()
        if key in ("\x03", "\x04", "\x1b"):
            key = "q"
        typer.echo("" if key == "\r" else visible(key))
        if key == "q":
            raise _Stop
        if key == "s":
            raise _Skip
        if key in allowed:
            return key
        typer.echo("  (press one of the keys shown, s to skip this task or q to stop)")


def _walk(app: App, waiting: list[Task]) -> None:
    conn, today, window = app.db(), _today(app), _window(app)
    say(
        f"{len(waiting)} to triage. One key per question; s skips a task, q stops "
        "(keeping answers)."
    )
    sorted_into: dict[str, int] = {}
    left = len(waiting)
    try:
        for task in waiting:
            say("")
            say(_line(task, today))
            hint = ""
            if is_urgent(task.due, False, today, window):
                hint = f" ({relative_due(task.due, today)}: urgent by date anyway)"
            try:
                urgent = _key(f"Urgent?{hint} [y/n]", "yn") == "y"
                answer = _key("Important? [y/n, or rank a-e]", "ynabcde")
                keep = (
                    f"keep {format_duration(task.estimate_seconds)}"
                    if task.estimate_seconds
                    else "none"
                )
                size = _key(
                    f"Estimate? [1]5m [2]15m [3]30m [4]1h [5]2h [6]4h [0]none [Enter]{keep}",
                    "0123456\r",
                )
            except _Skip:
                say("  skipped")
                continue
            important, rank, estimate = inputs.triage_keys(answer, size)
            done = changes.triage_task(
                conn,
                app.clock,
                task.id,
                important=important,
                rank=rank,
                urgent=urgent,
                estimate_seconds=estimate,
            )
            where = done.quadrant(today, window)
            sorted_into[where] = sorted_into.get(where, 0) + 1
            left -= 1
            say(f"  → {QUADRANT_TITLES[where].lower()}: {QUADRANT_ADVICE[where].split(': ')[1]}")
    except _Stop:
        say("")
        say("Stopped.")
    triaged = sum(sorted_into.values())
    parts = ", ".join(
        f"{sorted_into[q]} {QUADRANT_TITLES[q].lower()}" for q in QUADRANTS if q in sorted_into
    )
    say(f"Triaged {triaged} of {len(waiting)}" + (f": {parts}." if parts else "."))
    if left:
        say(f"{left} still to triage; run gig task triage again when ready.")


@app.command()
def done(
    ctx: typer.Context,
    task_ids: Annotated[
        list[int],
        typer.Argument(metavar="ID", help="One or more task numbers: 3 7", show_default=False),
    ],
    undo: Annotated[bool, typer.Option("--undo", help="Reopen a task marked done")] = False,
) -> None:
    """Mark tasks done; a repeating task comes back on its next day.

    Example: gig task done 3 7
    """
    app = app_of(ctx)
    conn, today = app.db(), _today(app)
    if undo:
        for task_id in task_ids:
            reopened = completion.reopen_task(conn, app.clock, task_id)
            task, gone = reopened.task, reopened.withdrawn
            taken = f" Its next repeat, #{gone.id}, is taken back." if gone else ""
            say(f"Reopened #{task.id} {visible(task.title)}.{taken}")
        return
    for finished in completion.complete_tasks(conn, app.clock, task_ids):
        task = finished.task
        say(f"Done: #{task.id} {visible(task.title)}.")
        if finished.was_frog:
            from gigtool.tasks.frog import after_note, streak
            from gigtool.tasks.frog_score import day_count

            say(
                f"That was today's frog, eaten{after_note(conn, today)}. "
                f"Streak: {day_count(streak(conn, today))}."
            )
        if finished.next:
            nxt = finished.next
            assert nxt.due and nxt.every
            say(
                f"Next: #{nxt.id} {visible(nxt.title)}, due {format_day(nxt.due, today)} "
                f"({describe_every(nxt.every)})."
            )


@app.command()
def edit(
    ctx: typer.Context,
    task_id: TaskId,
    title: Annotated[str | None, typer.Option("--title", "-m", help="New title")] = None,
    due: Due = None,
    no_due: Annotated[bool, typer.Option("--no-due", help="Remove the due date")] = False,
    important: Important = None,
    rank: Rank = None,
    urgent: Annotated[
        bool | None, typer.Option("--urgent/--not-urgent", "-u/-U", help="Flag urgent or not")
    ] = None,
    estimate: Estimate = None,
    no_estimate: Annotated[bool, typer.Option("--no-estimate", help="Remove the estimate")] = False,
    client: ClientOpt = None,
    no_client: Annotated[bool, typer.Option("--no-client", help="Remove the client")] = False,
    project: ProjectOpt = None,
    no_project: Annotated[bool, typer.Option("--no-project", help="Remove the project")] = False,
    every: Every = None,
    no_every: Annotated[bool, typer.Option("--no-every", help="Stop repeating")] = False,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="Add a tag")] = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag")] = None,
) -> None:
    """Change a task: title, due date, importance, estimate, client, tags, repeat.

    Example: gig task edit 3 --due "nov 30" --rank A --estimate 2h
    """
    app = app_of(ctx)
    asked = inputs.edit_changes(
        lambda: _today(app),
        due=(due, no_due),
        estimate=(estimate, no_estimate),
        client=(client, no_client),
        project=(project, no_project),
        every=(every, no_every),
    )
    edited = changes.edit_task(
        app.db(),
        app.clock,
        task_id,
        title=title,
        important=important,
        rank=rank,
        urgent=urgent,
        add_tags=tag or [],
        remove_tags=untag or [],
        **asked,
    )
    task = edited.task
    if edited.new_project:
        say(f"Created project {task.project!r}.")
    if edited.changes:
        say(f"Updated #{task.id} {visible(task.title)}: " + "; ".join(edited.changes) + ".")
    else:
        say(f"No change: #{task.id} {visible(task.title)} was already like that.")
    if "due" in asked:
        _note_if_past(app, task)


@app.command()
def delete(ctx: typer.Context, task_id: TaskId, yes: Yes = False) -> None:
    """Delete a task and its history (asks first); time tracked on it is kept.

    Example: gig task delete 3 --yes
    """
    app = app_of(ctx)
    task = queries.get_task(app.db(), app.clock, task_id)
    confirm(f"Delete task #{task.id} {task.title!r} and its history?", yes)
    changes.delete_task(app.db(), app.clock, task_id)
    kept = (
        f" Its {format_duration(task.tracked_seconds)} of tracked time is kept."
        if task.tracked_seconds
        else ""
    )
    say(f"Deleted task #{task.id} {visible(task.title)}.{kept}")


@app.command()
def defer(
    ctx: typer.Context,
    task_id: TaskId,
    until: Annotated[
        str, typer.Option("--until", help="Hide it until this day: mon, +1w, dec 1")
    ] = "tomorrow",
) -> None:
    """Hide a task until a later day (default tomorrow); `--until today` brings it back.

    Example: gig task defer 3 --until mon
    """
    app = app_of(ctx)
    today = _today(app)
    day = inputs.parse_until(until, today)
    task = changes.defer_task(app.db(), app.clock, task_id, day)
    if task.deferred_until:
        say(
            f"Deferred #{task.id} {visible(task.title)} until {format_day(day, today)}; "
            "it stays out of lists and the frog until then."
        )
    else:
        say(f"#{task.id} {visible(task.title)} is back on the list.")


@app.command()
def show(ctx: typer.Context, task_id: TaskId, as_json: Json = False) -> None:
    """Show a task with its history: created, triaged, put off, time tracked.

    Example: gig task show 3
    """
    app = app_of(ctx)
    conn, today, window = app.db(), _today(app), _window(app)
    task = queries.get_task(conn, app.clock, task_id)
    events = history(conn, app.clock, task_id)
    if as_json:
        emit_json(history_record(task, events, today, window, app.zone))
        return
    quadrant = task.quadrant(today, window)
    say(f"#{task.id} {visible(task.title)}")
    rows: list[tuple[str, str]] = [
        ("Status", "done " + _when(app, task.done_at) if task.done_at else "open"),
        ("Quadrant", f"{QUADRANT_TITLES[quadrant]}: {QUADRANT_ADVICE[quadrant].split(': ')[1]}"),
    ]
    if task.important is not None:
        rows.append(
            (
                "Importance",
                ("important" if task.important else "not important")
                + (f", rank {task.rank} ({RANKS[task.rank]})" if task.rank else ""),
            )
        )
    if task.urgent_flag:
        rows.append(("Urgent", "flagged by hand"))
    if task.due:
        rows.append(("Due", f"{format_day(task.due, today)} ({in_days(task.due, today)})"))
    estimate = format_duration(task.estimate_seconds) if task.estimate_seconds else "none"
    rows.append(("Time", f"estimate {estimate}, tracked {format_duration(task.tracked_seconds)}"))
    for label, value in (("Client", task.client), ("Project", task.project)):
        if value:
            rows.append((label, value))
    if task.tags:
        rows.append(("Tags", " ".join("+" + t for t in task.tags)))
    if task.every:
        rows.append(("Repeats", describe_every(task.every)))
    if task.deferred_until:
        rows.append(("Deferred", f"until {format_day(task.deferred_until, today)}"))
    if task.postponements:
        rows.append(
            ("Put off", f"{task.postponements} time{'s' if task.postponements > 1 else ''}")
        )
    for label, value in rows:
        say(f"  {label:<11}{visible(value)}")
    say("History")
    for event in events:
        say(f"  {_when(app, event.at):<18}{event.kind:<10}{visible(event.detail)}".rstrip())


def _when(app: App, moment: datetime) -> str:
    local = moment.astimezone(app.zone)
    today = _today(app)
    return f"{format_day(local.date(), today)} {local:%H:%M}"


@app.command()
def quick(ctx: typer.Context, as_json: Json = False, as_csv: Csv = False) -> None:
    """List quick wins: open tasks estimated at 5 minutes or less. Do them now.

    Example: gig task quick
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    today, window = _today(app), _window(app)
    found = queries.quick_wins(app.db(), app.clock)
    if fmt != "table":
        rows = [queries.task_record(t, today, window, app.zone) for t in found]
        emit_json(rows) if fmt == "json" else emit_csv(rows, queries.COLUMNS)
    elif not found:
        say("No quick wins: no open task is estimated at 5 minutes or less.")
    else:
        say("Quick wins: if it takes less than 5 minutes, do it now.")
        _table_of_filled(
            [("#", "right"), "Task", ("Estimate", "right"), "Due", "Client"],
            [
                [
                    str(t.id),
                    t.title,
                    _time_text(t),
                    relative_due(t.due, today),
                    t.client or "",
                ]
                for t in found
            ],
            always=3,
        )
