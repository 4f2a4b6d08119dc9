"""Money tables: receipts and their files, income, mileage, user categories.

Amounts are integer minor units (`amount_cents`) beside an ISO 4217 code.
Money events are dated by the calendar day on the bill (`day`, ISO
`YYYY-MM-DD`), not by an instant: a receipt from 30 November stays in
November whatever zone the laptop is in when the accountant's package is made.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel  # noqa: TID253  (the schema module; never on a hot path)


class ExpenseCategory(SQLModel, table=True):
    """A category the user added; the built-in Schedule C ones live in `tax.py`."""

    __tablename__ = "expense_category"

    key: str = Field(primary_key=True)
    label: str
    line: str | None = Field(
        default=None, description="Schedule C line key (see tax.LINES); NULL: not deductible"
    )
    deductible_pct: int = Field(default=100, description="Share of the line that is deductible")
    created_at: int


class Receipt(SQLModel, table=True):
    __tablename__ = "receipt"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    day: str = Field(index=True, description="Date on the bill, YYYY-MM-DD")
    vendor: str
    amount_cents: int = Field(description="Minor units of `currency`")
    currency: str
    category: str = Field(index=True, description="Key of a built-in or user category")
    business_pct: int = Field(default=100, description="Business share, 1-100")
    paid_with: str | None = Field(default=None, description="Payment account")
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    note: str = ""
    created_at: int
    updated_at: int


class ReceiptFile(SQLModel, table=True):
    __tablename__ = "receipt_file"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    receipt_id: int = Field(foreign_key="receipt.id", index=True)
    path: str = Field(unique=True, description="Relative to the data folder, with / separators")
    sha256: str = Field(unique=True, description="Hex digest of the file as filed")
    size: int
    original_name: str = Field(description="The name the file had when it was added")
    added_at: int


class Income(SQLModel, table=True):
    __tablename__ = "income"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    day: str = Field(index=True, description="Date received, YYYY-MM-DD")
    client_id: int = Field(foreign_key="client.id", index=True)
    amount_cents: int
    currency: str
    invoice: str | None = None
    form: str = Field(default="none", description="1099-NEC, 1099-K or none")
    account: str | None = Field(default=None, description="Account it was paid into")
    note: str = ""
    created_at: int
    updated_at: int


class Trip(SQLModel, table=True):
    """A business drive, valued at the IRS standard mileage rate for its date."""

    __tablename__ = "trip"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    day: str = Field(index=True, description="YYYY-MM-DD")
    miles_hundredths: int = Field(description="Miles × 100, so 12.4 miles is 1240")
    purpose: str
    vehicle: str | None = None
    commute: bool = Field(default=False, description="Commuting miles are not deductible")
    created_at: int
    updated_at: int
