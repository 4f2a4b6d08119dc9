"""`gig task` (the Eisenhower matrix) and `gig frog` (one big task to eat first).

`gig frog` is an everyday command: this module imports nothing heavy, draws its
answer with plain lines, and imports Rich only inside the commands that draw tables.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

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
from gigtool.errors import InputError, Refused
from gigtool.tasks import core as tasks
from gigtool.tasks.core import Task
from gigtool.tracking.timelang import format_duration

if TYPE_CHECKING:
    from gigtool.tasks.frog import FrogDay, Scored

app = typer.Typer(help="Tasks on the urgent/important matrix: add, triage, list, finish.")
frog = typer.Typer(help="Today's frog: the big important task to do first.")

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

QUADRANT_TITLES = {
    "do-first": "Do first",
    "schedule": "Schedule",
    "delegate": "Delegate",
    "drop": "Drop",
    "untriaged": "To triage",
}
QUADRANT_ADVICE = {
    "do-first": "urgent and important: do these now",
    "schedule": "important, not urgent: book a focus block",
    "delegate": "urgent, not important: batch, hand off or push back",
    "drop": "neither: let these go",
    "untriaged": "not triaged yet: gig task triage",
}
COLUMNS = [
    "id",
    "title",
    "quadrant",
    "important",
    "rank",
    "urgent",
    "due",
    "due_in_days",
    "estimate_seconds",
    "tracked_seconds",
    "client",
    "project",
    "tags",
    "every",
    "deferred_until",
    "created",
    "done",
]


# --- helpers -----------------------------------------------------------------------------------


def _today(app: App) -> date:
    return tasks.today_of(app.db(), app.clock)


def _window(app: App) -> int:
    from gigtool.tasks.settings import urgency_window

    return urgency_window(app.db())


def _parse_due(app: App, text: str, option: str = "--due") -> date:
    try:
        return tasks.parse_due(text, _today(app))
    except InputError as exc:
        raise InputError(f"{option}: {exc}") from None


_EXAMPLES = {
    "due": "fri",
    "due-before": "fri",
    "estimate": "30m",
    "client": "Acme",
    "project": "acme-web",
    "tag": "billing",
    "quadrant": "do-first",
    "every": "week",
}


def _not_blank(options: dict[str, str | None], *, editing: bool = False) -> None:
    """`--due ""` is a slip, not a wish: say so instead of quietly dropping or clearing it."""
    for name, value in options.items():
        if value is not None and not value.strip():
            removing = f" (--no-{name} removes it)" if editing else ""
            raise InputError(f"--{name} needs a value, e.g. --{name} {_EXAMPLES[name]}{removing}")


def _note_if_past(app: App, task: Task) -> None:
    today = _today(app)
    if task.due is not None and task.due < today and not task.done:
        note(
            f"Note: {tasks.format_day(task.due, today)} has passed, so #{task.id} is overdue "
            "already."
        )


def _stamp(app: App, moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(app.zone).isoformat()


def task_json(app: App, task: Task, today: date, window: int) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "quadrant": task.quadrant(today, window),
        "important": task.important,
        "rank": task.rank,
        "urgent": task.urgent(today, window),
        "due": task.due.isoformat() if task.due else None,
        "due_in_days": (task.due - today).days if task.due else None,
        "estimate_seconds": task.estimate_seconds,
        "tracked_seconds": task.tracked_seconds,
        "client": task.client,
        "project": task.project,
        "tags": task.tags,
        "every": tasks.describe_every(task.every) if task.every else None,
        "deferred_until": task.deferred_until.isoformat() if task.deferred_until else None,
        "created": _stamp(app, task.created_at),
        "done": _stamp(app, task.done_at),
    }


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
        facts.append(tasks.relative_due(task.due, today))
    if text := _time_text(task):
        facts.append(text)
    if task.client:
        facts.append(task.client)
    if task.rank:
        facts.append(task.rank)
    if task.deferred(today) and task.deferred_until:
        facts.append(f"hidden until {tasks.format_day(task.deferred_until, today)}")
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
        _grid(app_, tasks.open_tasks(app_.db(), app_.clock), show_all=False)


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
    title = " ".join(w for w in words or [] if not (w.startswith("+") and len(w) > 1))
    tags = [w for w in words or [] if w.startswith("+") and len(w) > 1]
    tasks.check_title(title)
    _not_blank(
        {"due": due, "estimate": estimate, "client": client, "project": project, "every": every}
    )
    added = tasks.add_task(
        app.db(),
        app.clock,
        title,
        due=_parse_due(app, due) if due else None,
        important=important,
        rank=rank,
        urgent=urgent,
        estimate_seconds=tasks.parse_estimate(estimate) if estimate else None,
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
        facts.append(tasks.describe_every(task.every))
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
    _not_blank(
        {
            "client": client,
            "project": project,
            "tag": tag,
            "quadrant": quadrant,
            "due-before": due_before,
        }
    )
    conn = app.db()
    today, window = _today(app), _window(app)
    wanted = _quadrant(quadrant) if quadrant else None
    found = tasks.done_tasks(conn, app.clock) if done else tasks.open_tasks(conn, app.clock)
    found = tasks.select(
        conn,
        found,
        client=client,
        project=project,
        tag=tag,
        due_before=_parse_due(app, due_before, "--due-before") if due_before else None,
    )
    if wanted:
        found = [t for t in found if t.quadrant(today, window) == wanted]
    if fmt == "table" and not (flat or done or wanted):
        filtered = bool(client or project or tag or due_before)
        _grid(app, found, show_all=show_all, filtered=filtered)
        return
    dropped = 0
    if not show_all and not done:
        found = [t for t in found if not t.deferred(today)]
        if wanted != "drop" and fmt == "table":
            # Neither urgent nor important: hidden from people as in the grid, with a
            # count; scripts get every task with its quadrant to filter on.
            kept = [t for t in found if t.quadrant(today, window) != "drop"]
            dropped, found = len(found) - len(kept), kept
    if fmt != "table":
        rows = [task_json(app, t, today, window) for t in _in_order(found, today, window)]
        emit_json(rows) if fmt == "json" else emit_csv(rows, COLUMNS)
    else:
        _flat(app, found, done=done)
    if dropped and fmt == "table":
        say(f"{dropped} in drop (neither urgent nor important) hidden; --all shows them.")


def _quadrant(text: str) -> str:
    word = text.strip().lower().replace(" ", "-").replace("_", "-")
    word = {"do": "do-first", "first": "do-first", "dofirst": "do-first"}.get(word, word)
    if word not in (*tasks.QUADRANTS, tasks.UNTRIAGED):
        raise InputError(
            f"{text!r} is not a quadrant; use do-first, schedule, delegate, drop or untriaged"
        )
    return word


def _in_order(found: list[Task], today: date, window: int) -> list[Task]:
    order = [*tasks.QUADRANTS, tasks.UNTRIAGED]
    return sorted(
        found,
        key=lambda t: (order.index(t.quadrant(today, window)), t.due or date.max, t.id),
    )


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
            tasks.relative_due(t.due, today),
            _time_text(t),
            t.client or "",
            t.project or "",
            " ".join("+" + x for x in t.tags),
            t.rank or "",
            tasks.format_day(t.deferred_until, today)
            if t.deferred_until and t.deferred(today)
            else "",
        ]
        for t in (found if done else _in_order(found, today, window))
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
        elif tasks.done_tasks(app.db(), app.clock):
            say("No open tasks: all done. `gig task list --done` shows what you finished.")
        else:
            say('No tasks yet. Add one with: gig task add "Send the Acme invoice" --due fri -i')
        return
    by: dict[str, list[Task]] = {q: [] for q in (*tasks.QUADRANTS, tasks.UNTRIAGED)}
    for task in _in_order(shown, today, window):
        by[task.quadrant(today, window)].append(task)

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
    waiting = sorted(tasks.untriaged(app.db(), app.clock), key=lambda t: (t.due or date.max, t.id))
    if as_json:
        today, window = _today(app), _window(app)
        emit_json([task_json(app, t, today, window) for t in waiting])
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


ESTIMATE_KEYS = {"1": 5 * 60, "2": 15 * 60, "3": 30 * 60, "4": 3600, "5": 7200, "6": 4 * 3600}


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
            if tasks.is_urgent(task.due, False, today, window):
                hint = f" ({tasks.relative_due(task.due, today)}: urgent by date anyway)"
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
            important = answer in "yab"
            rank = answer.upper() if answer in "abcde" else None
            estimate: int | None | object = tasks.UNCHANGED
            if size == "0":
                estimate = None
            elif size in ESTIMATE_KEYS:
                estimate = ESTIMATE_KEYS[size]
            done = tasks.triage_task(
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
        f"{sorted_into[q]} {QUADRANT_TITLES[q].lower()}"
        for q in tasks.QUADRANTS
        if q in sorted_into
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
            reopened = tasks.reopen_task(conn, app.clock, task_id)
            task, gone = reopened.task, reopened.withdrawn
            taken = f" Its next repeat, #{gone.id}, is taken back." if gone else ""
            say(f"Reopened #{task.id} {visible(task.title)}.{taken}")
        return
    for finished in tasks.complete_tasks(conn, app.clock, task_ids):
        task = finished.task
        say(f"Done: #{task.id} {visible(task.title)}.")
        if finished.was_frog:
            from gigtool.tasks.frog import streak

            say(
                f"That was today's frog, eaten{_after(app)}. "
                f"Streak: {_streak(streak(conn, today))}."
            )
        if finished.next:
            nxt = finished.next
            assert nxt.due and nxt.every
            say(
                f"Next: #{nxt.id} {visible(nxt.title)}, due {tasks.format_day(nxt.due, today)} "
                f"({tasks.describe_every(nxt.every)})."
            )


def _streak(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _after(app: App) -> str:
    """`(after #5: …)`: what was done before today's frog, which keeps today out of the streak."""
    from gigtool.tasks.frog import came_before_frog

    earlier = came_before_frog(app.db(), _today(app))
    if not earlier:
        return ""
    return f" (after {', '.join(f'#{i}' for i in earlier)}: the streak counts frogs eaten first)"


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
    for given, cleared, name in (
        (due, no_due, "due"),
        (estimate, no_estimate, "estimate"),
        (client, no_client, "client"),
        (project, no_project, "project"),
        (every, no_every, "every"),
    ):
        if given is not None and cleared:
            raise InputError(f"give --{name} or --no-{name}, not both")
    _not_blank(
        {"due": due, "estimate": estimate, "client": client, "project": project, "every": every},
        editing=True,
    )
    changes: dict[str, Any] = {}
    if due is not None or no_due:
        changes["due"] = _parse_due(app, due) if due else None
    if estimate is not None or no_estimate:
        changes["estimate_seconds"] = tasks.parse_estimate(estimate) if estimate else None
    if client is not None or no_client:
        changes["client"] = client
    if project is not None or no_project:
        changes["project"] = project
    if every is not None or no_every:
        changes["every"] = every
    edited = tasks.edit_task(
        app.db(),
        app.clock,
        task_id,
        title=title,
        important=important,
        rank=rank,
        urgent=urgent,
        add_tags=tag or [],
        remove_tags=untag or [],
        **changes,
    )
    task = edited.task
    if edited.new_project:
        say(f"Created project {task.project!r}.")
    if edited.changes:
        say(f"Updated #{task.id} {visible(task.title)}: " + "; ".join(edited.changes) + ".")
    else:
        say(f"No change: #{task.id} {visible(task.title)} was already like that.")
    if "due" in changes:
        _note_if_past(app, task)


@app.command()
def delete(ctx: typer.Context, task_id: TaskId, yes: Yes = False) -> None:
    """Delete a task and its history (asks first); time tracked on it is kept.

    Example: gig task delete 3 --yes
    """
    app = app_of(ctx)
    task = tasks.get_task(app.db(), app.clock, task_id)
    confirm(f"Delete task #{task.id} {task.title!r} and its history?", yes)
    tasks.delete_task(app.db(), app.clock, task_id)
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
    from gigtool.tracking.timelang import parse_day

    app = app_of(ctx)
    today = _today(app)
    # Only a day to come can hide a task: `nov 1` on 1 December is next November's.
    day = parse_day(until, today, prefer="future", back=0)
    task = tasks.defer_task(app.db(), app.clock, task_id, day)
    if task.deferred_until:
        say(
            f"Deferred #{task.id} {visible(task.title)} until {tasks.format_day(day, today)}; "
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
    task = tasks.get_task(conn, app.clock, task_id)
    events = tasks.history(conn, app.clock, task_id)
    if as_json:
        data = task_json(app, task, today, window)
        data["put_off"] = task.postponements
        data["history"] = [
            {"at": _stamp(app, e.at), "kind": e.kind, "detail": e.detail} for e in events
        ]
        emit_json(data)
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
                + (f", rank {task.rank} ({tasks.RANKS[task.rank]})" if task.rank else ""),
            )
        )
    if task.urgent_flag:
        rows.append(("Urgent", "flagged by hand"))
    if task.due:
        rows.append(("Due", f"{tasks.format_day(task.due, today)} ({_in_days(task.due, today)})"))
    estimate = format_duration(task.estimate_seconds) if task.estimate_seconds else "none"
    rows.append(("Time", f"estimate {estimate}, tracked {format_duration(task.tracked_seconds)}"))
    for label, value in (("Client", task.client), ("Project", task.project)):
        if value:
            rows.append((label, value))
    if task.tags:
        rows.append(("Tags", " ".join("+" + t for t in task.tags)))
    if task.every:
        rows.append(("Repeats", tasks.describe_every(task.every)))
    if task.deferred_until:
        rows.append(("Deferred", f"until {tasks.format_day(task.deferred_until, today)}"))
    if task.postponements:
        rows.append(
            ("Put off", f"{task.postponements} time{'s' if task.postponements > 1 else ''}")
        )
    for label, value in rows:
        say(f"  {label:<11}{visible(value)}")
    say("History")
    for event in events:
        say(f"  {_when(app, event.at):<18}{event.kind:<10}{visible(event.detail)}".rstrip())


def _in_days(day: date, today: date) -> str:
    days = (day - today).days
    if days in (-1, 0, 1):
        return {-1: "yesterday, overdue", 0: "today", 1: "tomorrow"}[days]
    return f"{-days} days overdue" if days < 0 else f"in {days} days"


def _when(app: App, moment: datetime) -> str:
    local = moment.astimezone(app.zone)
    today = _today(app)
    return f"{tasks.format_day(local.date(), today)} {local:%H:%M}"


@app.command()
def quick(ctx: typer.Context, as_json: Json = False, as_csv: Csv = False) -> None:
    """List quick wins: open tasks estimated at 5 minutes or less. Do them now.

    Example: gig task quick
    """
    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    today, window = _today(app), _window(app)
    found = tasks.quick_wins(app.db(), app.clock)
    if fmt != "table":
        rows = [task_json(app, t, today, window) for t in found]
        emit_json(rows) if fmt == "json" else emit_csv(rows, COLUMNS)
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
                    tasks.relative_due(t.due, today),
                    t.client or "",
                ]
                for t in found
            ],
            always=3,
        )


# --- gig frog ----------------------------------------------------------------------------------


@frog.callback(invoke_without_command=True)
def frog_today(
    ctx: typer.Context,
    why: Annotated[bool, typer.Option("--why", help="Show the scores of the top five")] = False,
    as_json: Json = False,
) -> None:
    """Show today's frog, the big important task to do first, and why.

    Example: gig frog --why
    """
    if ctx.invoked_subcommand is not None:
        return
    from gigtool.tasks import frog as frogs

    app = app_of(ctx)
    day = frogs.frog_for(app.db(), app.clock)
    if why:
        _why(app, day, frogs.ranked_today(app.db(), app.clock), as_json)
    elif as_json:
        emit_json(_day_json(app, day))
    else:
        _say_day(day)


def _scored_json(scored: Scored) -> dict[str, Any]:
    c = scored.candidate
    return {
        "id": c.id,
        "title": c.title,
        "rank": c.rank,
        "score": round(scored.score, 3),
        "signals": {k: round(v, 3) for k, v in vars(scored.signals).items()},
        "weighted": {k: round(v, 3) for k, v in scored.signals.weighted().items()},
        "facts": {
            "due": c.due.isoformat() if c.due else None,
            "days_to_due": scored.days_to_due,
            "put_off": c.put_off,
            "estimate_seconds": c.estimate_seconds,
            "days_since_worked": scored.days_stale,
            "days_open": scored.days_open,
        },
    }


def _day_json(app: App, day: FrogDay) -> dict[str, Any]:
    from gigtool.tasks.frog import reasons

    pick = day.pick
    frog_data = None
    if pick:
        frog_data = {**_scored_json(pick.scored), "how": pick.how, "reasons": reasons(pick.scored)}
    return {
        "day": _today(app).isoformat(),
        "frog": frog_data,
        "eaten": [{"id": i, "title": t} for i, t in day.eaten],
        "skipped": day.skipped,
        "streak": day.streak,
    }


def _say_day(day: FrogDay) -> None:
    from gigtool.tasks.frog import reasons

    if day.eaten:
        names = ", ".join(f"#{i} {visible(t)}" for i, t in day.eaten)
        say(f"Eaten today: {names}. Streak: {_streak(day.streak)}.")
    pick = day.pick
    if pick:
        label = "Next frog" if day.eaten else "Today's frog"
        mine = " (your pick)" if pick.how == "hand" else ""
        say(f"{label}{mine}: #{pick.task_id} {visible(pick.title)}")
        why = reasons(pick.scored)
        say(f"  Why: {', '.join(why)}." if why else "  Why: the most important task open.")
        return
    if day.eaten:
        say("Nothing else important is waiting. Enjoy the rest of the day.")
    elif day.important == 0:
        hint = (
            f"{day.untriaged} task{'s wait' if day.untriaged > 1 else ' waits'} for triage: "
            "gig task triage"
            if day.untriaged
            else "mark one with gig task edit ID -i, or add one with gig task add TITLE -i"
        )
        say(f"No frog today: no open task is marked important. {hint[0].upper()}{hint[1:]}.")
    elif day.skipped:
        say(
            f"No frog left today: you skipped {day.skipped}; skipped frogs come back heavier "
            "tomorrow."
        )
    else:
        say("No frog today: the important tasks left are quick wins (gig task quick) or deferred.")


def _why(app: App, day: FrogDay, ranked: list[Scored], as_json: bool) -> None:
    from gigtool.tasks.frog import FORMULA, RULES

    top = ranked[:5]
    current = day.pick.task_id if day.pick else None
    if as_json:
        emit_json(
            {
                **_day_json(app, day),
                "formula": FORMULA,
                "rules": RULES,
                "top": [{**_scored_json(s), "frog": s.candidate.id == current} for s in top],
            }
        )
        return
    _say_day(day)
    if not top:
        return
    say("")
    _why_table(top, current)
    say(f"{FORMULA}.")
    say(f"{RULES}.")
    if day.pick is not None and top[0].candidate.id != day.pick.task_id:
        how = "you picked it" if day.pick.how == "hand" else "it was picked earlier today"
        say(
            f"#{day.pick.task_id} stays today's frog ({how}; the pick holds all day), "
            f"though #{top[0].candidate.id} leads now."
        )


def _why_table(top: list[Scored], current: int | None) -> None:
    """Each signal with the fact behind it on the line below, so it fits 80 columns."""
    from rich.table import Table
    from rich.text import Text

    def cell(value: float, fact: str) -> Text:
        figure = Text(f"{value:.2f}")
        return Text("\n").join([figure, styled((fact, "dim"))]) if fact else figure

    grid = Table(
        title=f"Top {len(top)} candidates",
        title_justify="left",
        box=None,
        header_style="bold",
        pad_edge=False,
    )
    grid.add_column("", no_wrap=True)
    grid.add_column("#", justify="right", no_wrap=True)
    grid.add_column("Task", ratio=1, min_width=8)
    ranked = any(s.candidate.rank for s in top)
    if ranked:
        grid.add_column("Rank", no_wrap=True)
    for name in ("Due", "Put off", "Size", "Stale", "Age", "Score"):
        grid.add_column(name, justify="right", no_wrap=True)
    for s in top:
        c = s.candidate
        d = s.days_to_due
        due_fact = (
            "" if d is None else "today" if d == 0 else f"in {d}d" if d > 0 else f"{-d}d late"
        )
        size_fact = _short(c.estimate_seconds) if c.estimate_seconds else "no est."
        grid.add_row(
            "→" if c.id == current else "",
            str(c.id),
            styled(c.title),
            *([c.rank or ""] if ranked else []),
            cell(s.signals.due, due_fact),
            cell(s.signals.put_off, f"{c.put_off}×" if c.put_off else ""),
            cell(s.signals.size, size_fact),
            cell(s.signals.stale, f"{s.days_stale}d"),
            cell(s.signals.age, f"{s.days_open}d"),
            styled((f"{s.score:.2f}", "bold")),
        )
    print_table(grid)


def _short(seconds: int) -> str:
    """`4h`, `1h30m`, `45m`: a duration in as few characters as it takes."""
    hours, minutes = divmod(round(seconds / 60), 60)
    if not hours:
        return f"{minutes}m"
    return f"{hours}h{minutes}m" if minutes else f"{hours}h"


@frog.command(name="done")
def frog_done(ctx: typer.Context) -> None:
    """Mark today's frog done and count the streak.

    Example: gig frog done
    """
    from gigtool.tasks import frog as frogs

    app = app_of(ctx)
    finished, days = frogs.eat_frog(app.db(), app.clock)
    task = finished.task
    say(f"Frog eaten: #{task.id} {visible(task.title)}{_after(app)}. Streak: {_streak(days)}.")
    if finished.next and finished.next.due:
        say(
            f"Next: #{finished.next.id} comes back "
            f"{tasks.format_day(finished.next.due, _today(app))}."
        )


@frog.command(name="skip")
def frog_skip(
    ctx: typer.Context,
    reason: Annotated[str, typer.Option("--reason", "-m", help="Why, for the task's history")] = "",
) -> None:
    """Put today's frog off and pick another; a skipped frog comes back heavier tomorrow.

    Example: gig frog skip --reason "waiting on the client's numbers"
    """
    from gigtool.tasks import frog as frogs

    app = app_of(ctx)
    skipped, day = frogs.skip_frog(app.db(), app.clock, reason)
    say(f"Skipped #{skipped.id} {visible(skipped.title)}; it comes back heavier tomorrow.")
    _say_day(day)


@frog.command(name="pick")
def frog_pick(ctx: typer.Context, task_id: TaskId) -> None:
    """Choose today's frog by hand.

    Example: gig frog pick 7
    """
    from gigtool.tasks import frog as frogs

    app = app_of(ctx)
    _say_day(frogs.pick_frog(app.db(), app.clock, task_id))


@frog.command(name="start")
def frog_start(ctx: typer.Context) -> None:
    """Start the timer on today's frog (on its project).

    Example: gig frog start
    """
    from gigtool.tasks import frog as frogs
    from gigtool.tracking import entries as tracking
    from gigtool.tracking.timer import start_timer

    app = app_of(ctx)
    conn = app.db()
    day = frogs.frog_for(conn, app.clock)
    if day.pick is None:
        raise Refused("there is no frog to start today; see why with `gig frog`")
    project, description = tasks.timer_fields(conn, app.clock, day.pick.task_id, None, [])
    started = start_timer(
        conn, app.clock, project=project, description=description, task_id=day.pick.task_id
    )
    entry = started.entry
    if started.already:
        say(
            f"Already timing the frog: #{entry.id} since "
            f"{entry.start.astimezone(app.zone):%H:%M}; nothing changed."
        )
        return
    if started.stopped:
        verb = "Discarded (under a second)" if started.stopped.discarded else "Stopped"
        say(f"{verb} {tracking.describe(started.stopped)}.")
    if started.new_project:
        say(f"Created project {project!r}.")
    on = f" on {visible(entry.project)}" if entry.project else " (no project, so not billable)"
    say(
        f"Started timer #{entry.id}{on} at {entry.start.astimezone(app.zone):%H:%M} "
        f"for the frog: #{day.pick.task_id} {visible(day.pick.title)}."
    )
