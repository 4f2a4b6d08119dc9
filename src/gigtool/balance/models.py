"""Balance: which alerts were already shown, and focus blocks."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel


class AlertShown(SQLModel, table=True):
    """One row per rule per day once its one-line alert has been printed."""

    __tablename__ = "alert_shown"

    rule: str = Field(primary_key=True)
    day: str = Field(primary_key=True, description="Local date, YYYY-MM-DD")
    level: str
    message: str
    shown_at: int = Field(description="Unix seconds, UTC")


class FocusBlock(SQLModel, table=True):
    __tablename__ = "focus_block"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("time_entry.id", ondelete="SET NULL")),
    )
    start_utc: int
    planned_end_utc: int = Field(index=True)
    ended_utc: int | None = None
    break_seconds: int = 0
