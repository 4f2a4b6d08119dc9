"""`gig db`: where the database is, how it is, backups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gigtool.cli.context import App, app_of
from gigtool.cli.output import Json, emit_json, note, say, table, visible
from gigtool.errors import InputError, Refused

app = typer.Typer(help="The database: where it is, how it is, backups.")


def _need_database(app: App) -> Path:
    """The database's path, or a clear line why there is none to look at."""
    import os

    from gigtool.errors import StoreError
    from gigtool.store.files import reason
    from gigtool.store.home import db_path

    path = db_path(app.home)
    try:
        os.stat(path)
    except FileNotFoundError:
        raise Refused(f"there is no database at {path} yet; it is created on first use") from None
    except OSError as exc:
        raise StoreError(f"cannot reach {path}: {reason(exc, path)}") from None
    return path


@app.command("path")
def db_path(ctx: typer.Context) -> None:
    """Print where the database lives.

    Example: gig db path
    """
    from gigtool.store.home import db_path as path_of

    say(str(path_of(app_of(ctx).home)))


@app.command("status")
def db_status(ctx: typer.Context, as_json: Json = False) -> None:
    """Show the schema version, row counts and file size.

    Example: gig db status
    """
    from gigtool.database import LATEST
    from gigtool.store.db import table_counts
    from gigtool.store.home import backups_dir

    app = app_of(ctx)
    path = _need_database(app)
    conn = app.db()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    counts = table_counts(conn)
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    backups = sorted(backups_dir(app.home).glob("gig-*.db"))
    info = {
        "path": str(path),
        "schema_version": version,
        "latest_schema_version": LATEST,
        "size_bytes": size,
        "journal_mode": conn.execute("PRAGMA journal_mode").fetchone()[0],
        "tables": counts,
        "backups": len(backups),
        "last_backup": backups[-1].name if backups else None,
    }
    if as_json:
        emit_json(info)
        return
    say(f"Database: {path}")
    say(f"Schema:   version {version} of {LATEST}")
    say(f"Size:     {size / 1024:,.0f} KiB ({info['journal_mode']} journal)")
    say(f"Backups:  {len(backups)} automatic" + (f", newest {backups[-1].name}" if backups else ""))
    table(["Table", ("Rows", "right")], [[k, f"{v:,}"] for k, v in counts.items()])


@app.command("backup")
def db_backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Where to write the copy", metavar="FILE")],
) -> None:
    """Copy the database safely, even while another gig is running.

    Example: gig db backup ~/gig-2026-11-25.db
    """
    import os

    from gigtool.store.backups import backup_to
    from gigtool.store.files import user_path

    dest = user_path(file)
    if not str(file).strip() or os.path.isdir(dest):
        raise InputError(f"give a file name for the copy, not {str(file)!r}")
    app = app_of(ctx)
    _need_database(app)
    dest = backup_to(app.db(), dest.absolute(), app.home)
    say(f"Backed up to {dest} ({dest.stat().st_size / 1024:,.0f} KiB).")


@app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Check the database's integrity, and list what interrupted gigs left behind.

    Example: gig db check
    """
    from gigtool.store.db import integrity_problems

    app = app_of(ctx)
    _need_database(app)
    problems = integrity_problems(app.db())
    _report_leftovers(app.home)
    if problems:
        for problem in problems[:20]:
            note(visible(problem))
        raise Refused(
            f"the database has {len(problems)} problem(s); restore a backup "
            "(see `gig db status`) or copy it aside before changing anything"
        )
    say("Database is healthy: integrity check ok, no broken links.")


def _report_leftovers(home: Path) -> None:
    """List what killed gigs left behind; those over an hour old are removed now."""
    from gigtool.store import leftovers

    found = [p for folder in leftovers.data_folders(home) for p in leftovers.leftovers(folder)]
    if not found:
        return
    old = [p for p in found if leftovers.is_stale(p)]
    removed = set()
    for folder in {p.parent for p in old}:
        removed.update(leftovers.sweep(folder))
    for path in found:
        rel = path.relative_to(home).as_posix()
        if path in removed:
            say(f"Removed {rel}: left by an interrupted gig over an hour ago.")
        elif path in old:
            say(f"Leftover {rel}: left by an interrupted gig; could not remove it.")
        else:
            say(f"Leftover {rel}: less than an hour old (a gig may still be writing it).")
