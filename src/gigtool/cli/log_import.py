"""`gig log import …` and `gig log export`: history in from Toggl Track, Watson or
Timewarrior, and finished entries out as Toggl's CSV or as JSON."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from gigtool.cli.context import App, app_of
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
    Json,
    console,
    csv_writer,
    emit_json,
    note,
    pick_format,
    say,
    table,
    visible,
)

if TYPE_CHECKING:
    from gigtool.tracking.importing.rows import ImportResult
    from gigtool.tracking.importing.timew import ProjectFromTags

DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would be added; write nothing")]
SkipBad = Annotated[
    bool, typer.Option("--skip-bad", help="Import the good rows and list the malformed ones")
]

_PROGRESS_FROM_BYTES = 1_000_000


# gig log import -------------------------------------------------------------------------------

importer = typer.Typer(help="Bring your history from Toggl Track, Watson or Timewarrior.")


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
            wall_clock=wall_clock,
        )
    _import_summary(app, result, chooser)


def _say(message: str) -> None:
    """A summary line: names and reasons in it came from the file, so control
    characters in them are shown, never sent to the terminal."""
    say("\n".join(visible(line) for line in message.split("\n")))


def _import_summary(app: App, result: ImportResult, chooser: ProjectFromTags | None = None) -> None:
    from datetime import UTC

    from gigtool.tracking.figures import clock_text
    from gigtool.tracking.importing.summary import summary_lines

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
    for line in summary_lines(result, app.zone, chooser):
        _say(line)
    if not result.dry_run and result.backup and result.added:
        note(f"A backup from before the import is in {result.backup}.")


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
    from gigtool.tracking.importing.timew import (
        ProjectFromTags,
        default_folder,
        read_timew,
        read_timew_export,
        source_of,
    )

    app = app_of(ctx)
    where = folder or default_folder()
    exported, size = source_of(where)
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
    from gigtool.tracking import exporting

    app = app_of(ctx)
    fmt = pick_format(as_json, as_csv)
    zone = _zone(tz, app)
    period = period_of(
        app,
        since,
        until,
        all_time=True,
        today=today,
        yesterday=yesterday,
        week=week,
        last_week=last_week,
        month=month,
        last_month=last_month,
    )
    finished, running = exporting.to_export(
        app.db(),
        period,
        app.clock.now(),
        project=project,
        client=client,
        tag=tag,
        not_tags=not_tag or [],
    )
    if running:
        note("The running timer is not exported; stop it first to include it.")
    if fmt == "json":
        emit_json([exporting.json_record(item, zone) for item in finished])
        return
    currencies = exporting.currencies_of(finished, app.setting("currency"))
    user = email.split("@")[0] if email else ""
    writer = csv_writer()
    writer.writerow(exporting.toggl_header(currencies))
    for item in finished:
        writer.writerow(exporting.toggl_record(item, zone, currencies, user, email or ""))
