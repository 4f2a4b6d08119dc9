"""Tasks, their history and the frog of each day, as SQLModel tables.

Gathered by `gigtool.database` into `SQLModel.metadata`; the frozen SQL in
`schema.py` must build exactly these (a test compares).
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, text  # noqa: TID253
from sqlmodel import Field, SQLModel  # noqa: TID253

from gigtool.tracking.models import TimeEntry


class Task(SQLModel, table=True):
    __tablename__ = "task"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    title: str
    important: bool | None = Field(default=None, description="NULL until the user triages it")
    rank: str | None = Field(default=None, description="Brian Tracy's ABCDE letter")
    urgent: bool = Field(default=False, description="Flagged urgent by hand (dates also make it)")
    # Due and deferral are days on the user's calendar, not instants: ISO dates.
    due_on: str | None = Field(default=None, index=True, description="ISO date")
    deferred_until: str | None = Field(default=None, description="ISO date; hidden before it")
    estimate_seconds: int | None = None
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    every: str | None = Field(default=None, description="Repeat rule, e.g. '1 month on 1'")
    created_at: int = Field(description="Unix seconds, UTC")
    updated_at: int
    done_at: int | None = Field(default=None, index=True, description="NULL while open")


class TaskTag(SQLModel, table=True):
    __tablename__ = "task_tag"

    task_id: int = Field(
        sa_column=Column(Integer, ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    )
    tag_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tag.id"), primary_key=True, index=True)
    )


class TaskEvent(SQLModel, table=True):
    """One fact in a task's history: created, triaged, skipped, pushed, done…"""

    __tablename__ = "task_event"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("task.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    at: int = Field(description="Unix seconds, UTC")
    kind: str
    detail: str = ""


class FrogPick(SQLModel, table=True):
    """The frog chosen for a day; the one with no outcome yet is the current one."""

    __tablename__ = "frog_pick"
    __table_args__ = (
        Index(
            "ux_frog_pick_current",
            "day",
            unique=True,
            sqlite_where=text("outcome IS NULL"),
        ),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    day: str = Field(index=True, description="ISO date of the user's local day")
    # SET NULL keeps an eaten frog in the streak after its task is deleted.
    task_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("task.id", ondelete="SET NULL"), index=True),
    )
    how: str = Field(description="auto or hand")
    outcome: str | None = Field(
        default=None, description="NULL while current; eaten, skipped, replaced or gone"
    )
    picked_at: int
    ended_at: int | None = None


# Time on a task is looked up by task (its total, when it was last worked on).
Index("ix_time_entry_task_id", SQLModel.metadata.tables[TimeEntry.__tablename__].c.task_id)
