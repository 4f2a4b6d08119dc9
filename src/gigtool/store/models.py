"""The tables every domain shares, as SQLModel tables: the migrations' record and
the settings.

Each domain declares its own tables in its own models.py; `gigtool.database`
gathers them all into one `SQLModel.metadata`, the schema's source of truth. The
migrations are frozen SQL that must build exactly these tables (a test compares
them), and the everyday commands talk to SQLite directly with the column names
declared here (a test runs them against a database built from these models), so
importing SQLModel is never on the hot path.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class GigMigration(SQLModel, table=True):
    __tablename__ = "gig_migration"

    id: int = Field(primary_key=True, description="Position in the migration list, from 1")
    name: str
    applied_at: int = Field(description="Unix seconds, UTC")


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str
