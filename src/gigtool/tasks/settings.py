"""The tasks' setting: how near a due date makes a task urgent.

Registered with `gigtool.config` when this module is imported: code that reads
it imports this module first.
"""

from __future__ import annotations

import re
import sqlite3

from gigtool import config
from gigtool.config import Setting
from gigtool.errors import InputError


def _days(value: str) -> str:
    if re.fullmatch(r"[0-9]{1,2}", value.strip()) and int(value) <= 60:
        return str(int(value))
    raise InputError(f"{value!r} is not a number of days from 0 to 60; try 3")


config.register(
    Setting("urgency-window", "3", "Days before a due date that a task becomes urgent", _days),
    after="day-start",
)


def urgency_window(conn: sqlite3.Connection) -> int:
    """Days before a due date that a task becomes urgent."""
    return int(config.get(conn, "urgency-window"))
