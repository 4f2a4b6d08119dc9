"""Time entries and their tags, as SQLModel tables."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, text
from sqlmodel import Field, SQLModel

NOCASE = String(collation="NOCASE")


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
