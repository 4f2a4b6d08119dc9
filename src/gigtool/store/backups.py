"""Copies of the database: `gig db backup`, and the dated ones gig takes itself
before an upgrade or an import, of which it keeps the newest few."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

from gigtool.errors import Refused
from gigtool.store.files import (
    OUTSIDE_PATTERNS,
    discard,
    disk_full,
    finish,
    make_folder,
    new_temp,
    place_new,
    private_folder,
    reason,
    refuse_gigs_own,
)
from gigtool.store.home import backups_dir
from gigtool.store.leftovers import data_folders, sweep

KEEP_BACKUPS = 7


def backup_to(
    conn: sqlite3.Connection, dest: Path, home: Path | None = None, *, rotated: bool = False
) -> Path:
    """SQLite's online backup: a consistent copy even while another gig writes. Written
    under a temporary name and linked into place: an existing file is never touched.
    Only gig's own copies (`rotated`) take the names whose oldest gig removes."""
    if home is not None:
        instead = f"choose another name, such as {backups_dir(home) / 'my-copy.db'}"
        refuse_gigs_own(home, dest, instead)
        own = Path(os.path.abspath(backups_dir(home)))
        if (
            not rotated
            and Path(os.path.abspath(dest)).parent == own
            and (dest.name.startswith("gig-") and dest.name.endswith(".db"))
        ):
            raise Refused(
                f"{dest.name} is named like the copies gig takes itself, whose oldest it "
                f"removes; {instead}"
            )
    if os.path.lexists(dest):
        raise Refused(f"{dest} already exists; choose another file name")
    folder = dest.parent
    temp: Path | None = None
    try:
        if home is not None and _is_below(home, dest):
            private_folder(home, folder)
            sweep(folder)
        else:
            make_folder(folder)
            sweep(folder, OUTSIDE_PATTERNS)
        temp, fd = new_temp(folder)
        os.close(fd)
        target = sqlite3.connect(temp)
        try:
            conn.backup(target)
        finally:
            target.close()
        finish(temp)
        place_new(temp, dest)
    except FileExistsError:
        raise Refused(f"{dest} appeared meanwhile; nothing was overwritten") from None
    except OSError as exc:
        raise Refused(f"cannot write a backup to {dest}: {reason(exc, dest)}") from None
    except sqlite3.Error as exc:
        if "full" in str(exc) or disk_full(folder):
            raise Refused(
                f"cannot write a backup to {dest}: the disk is full; nothing was kept and "
                "the database is unchanged. Free some space, then try again"
            ) from None
        raise Refused(f"cannot write a backup to {dest}: {exc}") from None
    finally:
        if temp is not None:
            for end in ("", "-journal", "-wal", "-shm"):
                discard(Path(f"{temp}{end}"))
    return dest


def _is_below(home: Path, path: Path) -> bool:
    try:
        Path(os.path.abspath(path)).relative_to(os.path.abspath(home))
    except ValueError:
        return False
    return True


def backup_auto(conn: sqlite3.Connection, home: Path, reason: str) -> Path:
    """A dated copy in `backups/`, keeping the newest few."""
    folder = backups_dir(home)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = backup_to(conn, folder / f"gig-{stamp}-{reason}.db", home, rotated=True)
    # Rotate each kind on its own, so a run of imports never pushes out the copy
    # taken before the last schema upgrade. Only files: never anything through a link.
    kind = "-".join(reason.split("-")[:2])
    copies = [p for p in folder.glob(f"gig-*-{kind}*.db") if stat.S_ISREG(os.lstat(p).st_mode)]
    for old in sorted(copies)[:-KEEP_BACKUPS]:
        discard(old)
    # Imports and upgrades are rare and slow anyway: a good moment to clear what killed
    # gigs left anywhere in the data folder (only what is over an hour old).
    for place in data_folders(home):
        sweep(place)
    return dest
