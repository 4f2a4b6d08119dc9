"""The data folder, resolved by one function at call time."""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "gig.db"


def data_home(override: str | os.PathLike[str] | None = None) -> Path:
    """`--home`, else `GIG_HOME`, else the platform's user data folder."""
    from gigtool.inputs import read_path

    if override:
        return read_path(override)
    env = os.environ.get("GIG_HOME")
    if env:
        return read_path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("gig", appauthor=False))


def db_path(home: Path) -> Path:
    return home / DB_NAME


def backups_dir(home: Path) -> Path:
    return home / "backups"
