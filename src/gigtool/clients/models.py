"""Client aliases: a client's old names, so a payment under one finds the client."""

from __future__ import annotations

from sqlalchemy import String
from sqlmodel import Field, SQLModel

NOCASE = String(collation="NOCASE")


class ClientAlias(SQLModel, table=True):
    """An old name of a client, kept by `gig client rename`; unique across all
    clients' names and aliases (the code checks names against both)."""

    __tablename__ = "client_alias"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    name: str = Field(sa_type=NOCASE, unique=True)
    created_at: int = Field(description="Unix seconds, UTC")
