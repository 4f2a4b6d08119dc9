"""Clients, their projects, and a client's old names (so a payment under one finds the
client), as SQLModel tables."""

from __future__ import annotations

from sqlalchemy import String
from sqlmodel import Field, SQLModel

NOCASE = String(collation="NOCASE")


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


class ClientAlias(SQLModel, table=True):
    """An old name of a client, kept by `gig client rename`; unique across all
    clients' names and aliases (the code checks names against both)."""

    __tablename__ = "client_alias"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    name: str = Field(sa_type=NOCASE, unique=True)
    created_at: int = Field(description="Unix seconds, UTC")
