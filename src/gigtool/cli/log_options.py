"""What the `gig log` commands share: their options, completion, and how they name entries.

Loaded with every log command, so only typer is imported at the top; the domain
modules come in inside the functions that use them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gigtool.cli.context import App
from gigtool.cli.output import completions, visible

if TYPE_CHECKING:
    from gigtool.periods import Period
    from gigtool.tracking.entries import Entry


def _names_of(table_name: str, incomplete: str, *, exact_case: bool = False) -> list[str]:
    from gigtool.clients.catalog import names
    from gigtool.database import open_db
    from gigtool.store.home import data_home

    conn = open_db(data_home(), create=False)
    try:
        found = names(conn, table_name)
    finally:
        conn.close()
    return completions(found, incomplete, exact_case=exact_case)


def _complete_words(incomplete: str) -> list[str]:
    """Projects for the first word, tags for words starting with +."""
    try:
        if incomplete.startswith("+"):
            return ["+" + t for t in _names_of("tag", incomplete[1:], exact_case=True)]
        return _names_of("project", incomplete)
    except Exception:
        return []


def complete_names(table_name: str) -> Any:
    def complete(incomplete: str) -> list[str]:
        try:
            return _names_of(table_name, incomplete)
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
        "--project", "-p", help="Only this project", autocompletion=complete_names("project")
    ),
]
ClientOpt = Annotated[
    str | None,
    typer.Option(
        "--client", "-c", help="Only this client", autocompletion=complete_names("client")
    ),
]
TagOpt = Annotated[
    str | None,
    typer.Option(
        "--tag", "-t", help="Only entries with this tag", autocompletion=complete_names("tag")
    ),
]
NotTag = Annotated[
    list[str] | None,
    typer.Option(
        "--not-tag", help="Leave out entries with this tag", autocompletion=complete_names("tag")
    ),
]

# Periods: one of these flags, or --from/--to.
Today = Annotated[bool, typer.Option("--today", help="Today")]
Yesterday = Annotated[bool, typer.Option("--yesterday", help="Yesterday")]
Week = Annotated[bool, typer.Option("--week", help="This week (the default)")]
LastWeek = Annotated[bool, typer.Option("--last-week", help="Last week")]
Month = Annotated[bool, typer.Option("--month", help="This month")]
LastMonth = Annotated[bool, typer.Option("--last-month", help="Last month")]
Since = Annotated[str | None, typer.Option("--from", help="First day: 2026-11-01, mon")]
Until = Annotated[str | None, typer.Option("--to", help="Last day (inclusive)")]


def period_of(
    app: App, since: str | None, until: str | None, *, all_time: bool = False, **flags: bool
) -> Period:
    """The period that `flags` (today=…, last_week=…) or --from/--to choose."""
    from gigtool.tracking.period_choice import chosen_period

    chosen = [name.replace("_", "-") for name, on in flags.items() if on]
    return chosen_period(
        app.setting, app.clock.now(), app.zone, chosen, since, until, all_time=all_time
    )


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


def instant(app: App, text: str | None, base_day: date | None = None) -> datetime | None:
    """A time the log takes (a timer starts or stops up to now), read as `entry_times` does."""
    if text is None:
        return None
    from gigtool.tracking.entry_times import instant as moment

    return moment(text, app.clock.now(), app.zone, base_day)


def when(app: App, moment: datetime) -> str:
    from gigtool.tracking.timelang import format_instant

    return format_instant(moment.astimezone(app.zone), app.now())


def what(entry: Entry) -> str:
    text = entry.project or "(no project)"
    if entry.description:
        text += f' "{entry.description}"'
    if entry.tags:
        text += " " + " ".join("+" + t for t in entry.tags)
    return visible(text)


def created(entry: Entry) -> str:
    owner = f" for client {entry.client!r}" if entry.client else ""
    return f"Created project {entry.project!r}{owner}."
