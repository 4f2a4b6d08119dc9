"""The house's schema: every domain's migration steps in order, and `open_db`.

Each domain keeps its part of the schema in its own package: frozen SQL in
`schema.py`, the same tables as SQLModel in `models.py`. This module lines the
steps up into the one history every database follows (append a step; never edit
one that has shipped), opens the database with it, and gathers the models into
the metadata the parity test compares the history with.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from gigtool.balance import schema as balance
from gigtool.clients import schema as clients
from gigtool.money import schema as money
from gigtool.store.migrations import Migration, create_shared
from gigtool.tasks import schema as tasks
from gigtool.tracking import schema as tracking

if TYPE_CHECKING:
    from sqlalchemy import MetaData


def _initial(conn: sqlite3.Connection) -> None:
    create_shared(conn)
    clients.initial(conn)
    tracking.initial(conn)


MIGRATIONS: list[Migration] = [
    ("initial: clients, projects, time entries, tags, settings", _initial),
    ("balance: alerts shown, focus blocks", balance.upgrade),
    ("money: receipts and their files, income, mileage, categories", money.upgrade),
    ("tasks: triage, history and the frog of each day", tasks.upgrade),
    ("clients: old names kept as aliases", clients.upgrade),
]

LATEST = len(MIGRATIONS)


def open_db(home: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and if need be create and migrate) the database in `home`."""
    from gigtool.store import db

    return db.open_db(home, MIGRATIONS, create=create)


def metadata() -> MetaData:
    """Every domain's tables as SQLModel declares them: the schema's source of truth."""
    from sqlmodel import SQLModel

    # Each import declares its tables in SQLModel.metadata.
    from gigtool.balance import models as _balance  # noqa: F401
    from gigtool.clients import models as _clients  # noqa: F401
    from gigtool.money import models as _money  # noqa: F401
    from gigtool.store import models as _store  # noqa: F401
    from gigtool.tasks import models as _tasks  # noqa: F401
    from gigtool.tracking import models as _tracking  # noqa: F401

    return SQLModel.metadata
