"""What gigs killed mid-write leave behind, found and swept.

Leftovers of a gig killed mid-write keep a recognisable name (`.gig-tmp-…`) and
are removed by the next gig that writes in that folder once they are over an
hour old; `gig db check` lists any it finds.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import time
from pathlib import Path

from gigtool.store.files import LEFTOVER_PATTERNS, TEMP_PREFIX

STALE_SECONDS = 3600


def leftover_patterns(folder: Path) -> tuple[str, ...]:
    """What counts as a leftover in a folder of the data folder. Receipt folders (in
    receipts/ and trash/receipts/) hold files named after what the user filed, whose
    extension may be anything (`.partial` too): there only gig's temporary names are."""
    if "receipts" in folder.parts[-2:]:
        return (f"{TEMP_PREFIX}*",)
    return LEFTOVER_PATTERNS


def leftovers(folder: Path, patterns: tuple[str, ...] | None = None) -> list[Path]:
    """Leftovers of killed gigs directly in `folder` (none when it is not a real folder)."""
    if patterns is None:
        patterns = leftover_patterns(folder)
    try:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return []
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(
        folder / name
        for name in names
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
    )


def is_stale(path: Path, now: float | None = None) -> bool:
    """Over an hour old; for a folder (an export at work), everything in it too: a long
    export keeps writing inside its folder while the folder's own date stands still."""
    try:
        mtime = os.lstat(path).st_mtime
        if stat.S_ISDIR(os.lstat(path).st_mode):
            for folder, folders, names in os.walk(path):  # does not descend into links
                for name in (*folders, *names):
                    mtime = max(mtime, os.lstat(os.path.join(folder, name)).st_mtime)
    except OSError:
        return False
    return (time.time() if now is None else now) - mtime > STALE_SECONDS


def sweep(folder: Path, patterns: tuple[str, ...] | None = None) -> list[Path]:
    """Remove leftovers in `folder` that are over an hour old (a younger one may belong to
    a gig still at work). A link is removed itself, never what it points to."""
    import shutil

    removed = []
    for path in leftovers(folder, patterns):
        if not is_stale(path):
            continue
        try:
            if stat.S_ISDIR(os.lstat(path).st_mode):
                shutil.rmtree(path)
            else:
                os.unlink(path)
        except OSError:
            continue
        removed.append(path)
    return removed


def data_folders(home: Path) -> list[Path]:
    """The folders of the data folder where a write can leave something behind."""
    folders = [home, home / "backups"]
    for top in (home / "receipts", home / "trash" / "receipts"):
        folders.append(top)
        try:
            if stat.S_ISDIR(os.lstat(top).st_mode):
                folders += sorted(top / name for name in os.listdir(top))
        except OSError:
            continue
    return folders
