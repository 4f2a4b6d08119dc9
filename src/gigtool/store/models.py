"""The schema, as SQLModel tables: the source of truth.

The migrations in `migrations.py` are frozen SQL that must build exactly these
tables (a test compares them), and the everyday commands talk to SQLite
directly with the column names declared here (a test runs them against a
database built from these models), so importing SQLModel is never on the
hot path.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, text
from sqlmodel import Field, SQLModel

NOCASE = String(collation="NOCASE")


class GigMigration(SQLModel, table=True):
    __tablename__ = "gig_migration"

    id: int = Field(primary_key=True, description="Position in the migration list, from 1")
    name: str
    applied_at: int = Field(description="Unix seconds, UTC")


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class Client(SQLModel, table=True):
    __tablename__ = "client"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=NOCASE, unique=True)
    rate_cents: int | None = Field(default=None, description="Hourly rate in minor units")
    currency: str | None = None
    archived: bool = False
    created_at: int


class Project(SQLModel, table=True):
    __tablename__ = "project"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=NOCASE, unique=True)
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    rate_cents: int | None = None
    currency: str | None = None
    billable: bool = True
    archived: bool = False
    created_at: int


class TimeEntry(SQLModel, table=True):
    __tablename__ = "time_entry"
    __table_args__ = (
        # At most one timer runs, whatever two processes do at once.
        Index(
            "ux_time_entry_running",
            text("(end_utc IS NULL)"),
            unique=True,
            sqlite_where=text("end_utc IS NULL"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    task_id: int | None = None
    description: str = ""
    start_utc: int = Field(index=True, description="Unix seconds, UTC")
    end_utc: int | None = Field(default=None, index=True, description="NULL while running")
    tz: str = Field(description="IANA zone the entry was recorded in")
    billable: bool = True
    import_key: str | None = Field(default=None, unique=True)
    created_at: int
    updated_at: int


class Tag(SQLModel, table=True):
    __tablename__ = "tag"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=NOCASE, unique=True)


class EntryTag(SQLModel, table=True):
    __tablename__ = "entry_tag"

    entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("time_entry.id", ondelete="CASCADE"), primary_key=True)
    )
    tag_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tag.id"), primary_key=True, index=True)
    )


# Areas keep their tables in their own models.py, imported here so that
# SQLModel.metadata holds the whole schema.
from gigtool.balance import models as models_balance  # noqa: E402,F401
from gigtool.clients import models as models_clients  # noqa: E402,F401
from gigtool.money import models as models_money  # noqa: E402,F401
from gigtool.tasks import models as models_tasks  # noqa: E402,F401
