"""Moving in: Toggl Track CSV, Watson frames and Timewarrior data (Toggl CSV out is `exporting`).

Each reader (`read_toggl`, `read_watson`, `read_timew`) turns a file into `Row`s
(or `Bad` rows with where they are), streaming, so a large file never sits in memory as
objects. `import_rows` writes them all in ONE transaction after an automatic backup: a
bad row stops the import with nothing written, unless the caller asked to skip bad rows.
Every row carries a stable import key (the source plus the row's own content or id), so
importing the same file again adds nothing. No printing here: progress goes to a
callback, the outcome comes back as `ImportResult`.

Decisions worth knowing: a Timewarrior interval with no end is its running timer and is
left out (listed as not imported; stop it there and import again), as are rows of zero
length; an entry already in gig with the same times, project and description counts as
already there, so a gig export imported back adds nothing; a project the import creates
takes the hourly rate Toggl's amounts imply, when every row agrees on it to the cent. An
import never adds overlapping time silently, with gig's entries or within the file (as
`log add` refuses it), and never merges a team's file into one person's log: with rows
of several people, one is picked by name or email.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import tzinfo
from pathlib import Path

from gigtool.clock import Clock
from gigtool.errors import Refused
from gigtool.tracking.importing.overlaps import find_overlaps, overlap_refusal
from gigtool.tracking.importing.rows import (
    Bad,
    ImportResult,
    ImportStopped,
    Note,
    Row,
    check_span,
    latest_end,
    person_of,
)
from gigtool.tracking.importing.sink import Sink

BATCH = 2000


def import_rows(
    conn: sqlite3.Connection,
    clock: Clock,
    home: Path,
    source: str,
    rows: Iterable[Row | Bad | Note],
    *,
    zone: str,
    dry_run: bool = False,
    skip_bad: bool = False,
    user: str | None = None,
    allow_overlap: bool = False,
    new_client: bool = False,
    wall_clock: tzinfo | None = None,
) -> ImportResult:
    """Write `rows` in one transaction (after a backup); nothing at all on a bad row unless
    `skip_bad`. With `dry_run`, count what would happen and write nothing.

    Rows of several people (a team's export) need `user` (a name or an email) to pick one
    person's; rows that would overlap each other or gig's entries are refused unless
    `allow_overlap`. A client name that looks like a known client's (`Acme Inc` beside
    `Acme`) is refused unless `new_client`. A dry run lists all three instead of refusing.

    `wall_clock`: the zone a file without UTC offsets (Toggl's) was read in, named in the
    result's notes so that a file from another zone is caught in the dry run."""
    import contextlib

    from gigtool.store.backups import backup_auto
    from gigtool.store.db import transaction

    result = ImportResult(source, dry_run=dry_run)
    if not dry_run:
        slug = re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")[:60]
        result.backup = backup_auto(conn, home, f"before-import-{slug}")
    wanted = user.strip().casefold() if user and user.strip() else None
    guard = contextlib.nullcontext() if dry_run else transaction(conn)
    with guard:
        now = clock.now()
        latest = latest_end(now)
        sink = Sink(conn, int(now.timestamp()), zone, result, new_client=new_client)
        batch: list[Row] = []
        for item in rows:
            if isinstance(item, Note):
                result.notes.append(item.text)
                continue
            if item.user is not None:
                person = person_of(item.user)
                result.users[person] += 1
                if wanted is not None and wanted not in {p.casefold() for p in item.user}:
                    result.others += 1
                    continue
                if wanted is not None:
                    result.user = person
            if isinstance(item, Row):
                # Whatever read the rows, times no entry can have never reach the database.
                try:
                    check_span(item.start, item.end, latest)
                except ValueError as exc:
                    item = Bad(item.where, str(exc))
            if isinstance(item, Bad):
                if item.ignore:
                    result.ignored.append(item)
                    continue
                if not skip_bad:
                    raise ImportStopped(
                        f"{source} {item.where}: {item.reason}. Nothing was imported; fix that "
                        "row, or pass --skip-bad to import the rest"
                    )
                result.skipped.append(item)
                continue
            if item.end == item.start:
                result.ignored.append(Bad(item.where, "zero length"))
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                sink.write(batch)
                batch = []
        sink.write(batch)
        sink.learn_rates()
        _check_people(result, user, dry_run)
        if result.look_alikes and not dry_run:
            named = ", ".join(f"{new!r} looks like {known!r}" for new, known in result.look_alikes)
            raise Refused(
                f"{source}: {named}. Nothing was imported; rename the client in the file or "
                "in gig (gig client rename), or pass --new-client to create it as a new one"
            )
        result.overlaps = find_overlaps(conn, sink.spans, sink.first_id, now)
        if result.overlaps and not (allow_overlap or dry_run):
            raise Refused(overlap_refusal(source, result.overlaps, zone))
    if wall_clock is not None and (result.added or result.already):
        from gigtool.tracking.importing.files import zone_label

        result.notes.insert(
            0,
            f"Times were read as {zone_label(wall_clock)} time: the file does not say "
            "which zone they were written in (--tz names another).",
        )
    return result


def _check_people(result: ImportResult, user: str | None, dry_run: bool) -> None:
    """A team's file is one person's log only once that person is named."""
    people = ", ".join(f"{p} ({n:,})" for p, n in result.users.most_common(10))
    if len(result.users) > 10:
        people += f" and {len(result.users) - 10:,} more"
    if user and user.strip() and result.user is None:
        held = f"it holds the time of {people}" if people else "it names no one"
        raise Refused(f"{result.source} has no rows of {user!r}; {held}")
    if not user and len(result.users) > 1 and not dry_run:
        raise Refused(
            f"{result.source} holds the time of {len(result.users):,} people: {people}. "
            "Nothing was imported; pick one with --user NAME or --user EMAIL"
        )
