"""Receipts, income and mileage, their categories, and what a month adds up to.

Every write is one transaction. Receipt files are copied into the data folder
before the transaction and given their final name inside it; if the
transaction fails the copies are removed, and if a copy fails nothing is
recorded (see `receipt_files`).
"""

from __future__ import annotations

import calendar
import contextlib
import difflib
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from gigtool.amounts import Money, minor_digits, share
from gigtool.clients.catalog import client_for_payment, client_id
from gigtool.clock import Clock, local_zone
from gigtool.errors import InputError, NotFound, Refused
from gigtool.inputs import bounded
from gigtool.money import receipt_files as files_store
from gigtool.money import tax_tables as tax
from gigtool.store.db import transaction

# IRS: expenses of $75 or more need a receipt (lodging always). The rule is in US dollars,
# so the threshold applies to USD amounts only; in other currencies only lodging needs one.
RECEIPT_THRESHOLD = 75
THRESHOLD_CURRENCY = "USD"
INCOME_FORMS = ("1099-NEC", "1099-K", "none")
TEXT_LIMIT = 200
UNCHANGED: object = object()


def today(clock: Clock) -> date:
    return clock.now().astimezone(local_zone()).date()


def _now(clock: Clock) -> int:
    return int(clock.now().timestamp())


# --- periods -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    first: date
    last: date
    label: str
    kind: str = "month"  # month | year | all

    @property
    def tax_year(self) -> int:
        return self.first.year

    @property
    def slug(self) -> str:
        """`2026-11` or `2026`, for folder names."""
        return f"{self.first:%Y-%m}" if self.kind == "month" else f"{self.first:%Y}"


ALL_TIME = Span(date(1, 1, 1), date(9999, 12, 31), "all time", "all")


def month_of(day: date) -> Span:
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return Span(day.replace(day=1), last, f"{day:%B %Y}")


def parse_month(text: str | None, now: date) -> Span:
    """`2026-11`, `nov`, `november 2025`, `this` or `last` → that month."""
    if text is None:
        return month_of(now)
    word = text.strip().lower()
    if word in ("this", "this-month", "month"):
        return month_of(now)
    if word in ("last", "last-month"):
        return month_of(now.replace(day=1) - timedelta(days=1))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", word):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise InputError(f"{text!r} is not a month: months go from 01 to 12")
        return month_of(date(year, month, 1))
    if m := re.fullmatch(r"([a-z]+)\.?(?:\s+(\d{4}))?", word):
        named = _month_number(m[1])
        if named is not None:
            if m[2]:
                return month_of(date(int(m[2]), named, 1))
            year = now.year if named <= now.month else now.year - 1
            return month_of(date(year, named, 1))
    raise InputError(f"{text!r} is not a month; write it like 2026-11, nov or last")


def _month_number(word: str) -> int | None:
    if len(word) < 3:
        return None
    for number in range(1, 13):
        if calendar.month_name[number].lower().startswith(word):
            return number
    return None


def parse_year(text: str) -> Span:
    if not re.fullmatch(r"\d{4}", text.strip()) or not 1970 <= int(text) <= 9998:
        raise InputError(f"{text!r} is not a year; write it like 2026")
    year = int(text)
    return Span(date(year, 1, 1), date(year, 12, 31), str(year), "year")


def _check_day(day: date, clock: Clock, what: str) -> date:
    if day > today(clock):
        raise InputError(
            f"{day:%a %d %b %Y} is in the future; {what} are recorded once they happen"
        )
    return day


def _text(value: str, what: str, *, required: bool = True) -> str:
    clean = value.strip()
    if required and not clean:
        raise InputError(f"the {what} cannot be empty")
    if len(clean) > TEXT_LIMIT:
        raise InputError(f"the {what} is at most {TEXT_LIMIT} characters")
    return clean


def _optional(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    clean = _text(value, what, required=False)
    return clean or None


def parse_percent(text: str, what: str = "business share") -> int:
    """`60` or `60%` → 60; a share is a whole percent from 1 to 100."""
    clean = bounded(text, f"a {what}").strip().rstrip("%").strip()
    # ASCII digits only, and few of them: "²" and "١٢" are digits to str.isdigit().
    if not re.fullmatch(r"[0-9]{1,3}", clean) or not 1 <= int(clean) <= 100:
        raise InputError(f"{text!r} is not a {what}; give a whole percent from 1 to 100")
    return int(clean)


# --- categories ----------------------------------------------------------------------------


def categories(conn: sqlite3.Connection) -> dict[str, tax.Category]:
    found = dict(tax.BUILTIN_KEYS)
    for key, label, line, pct in conn.execute(
        "SELECT key, label, line, deductible_pct FROM expense_category ORDER BY key"
    ):
        found[key] = tax.Category(key, label, line, pct, builtin=False)
    return found


def _category_of(cats: dict[str, tax.Category], key: str) -> tax.Category:
    return cats.get(key) or tax.Category(key, key, None, builtin=False)


def _key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def resolve_category(cats: dict[str, tax.Category], text: str) -> tax.Category:
    key = _key(text)
    if key in cats:
        return cats[key]
    for category in cats.values():
        if category.label.lower() == text.strip().lower():
            return category
    close = difflib.get_close_matches(key, list(cats), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}? See" if close else "; see"
    raise InputError(f"no category {text!r}{hint} `gig receipts categories`")


def parse_line(text: str, tax_year: int) -> str:
    """A Schedule C expense line, by key (`office`) or by its number on that year's form."""
    word = _key(text)
    if word in tax.EXPENSE_LINES:
        return word
    numbers = tax.schedule_c(tax_year).numbers
    for key in tax.EXPENSE_LINES:
        if numbers.get(key, "").lower() == word:
            return key
    shown = ", ".join(f"{numbers[k]} {k}" for k in tax.EXPENSE_LINES if k in numbers)
    raise InputError(f"{text!r} is not a Schedule C expense line; lines are: {shown}")


def add_category(
    conn: sqlite3.Connection,
    clock: Clock,
    key: str,
    label: str,
    *,
    line: str | None,
    deductible_pct: int = 100,
) -> tax.Category:
    clean = _key(key)
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", clean):
        raise InputError(
            f"{key!r} cannot be a category key; use 2-40 letters, digits and _, like software"
        )
    if clean in tax.BUILTIN_KEYS:
        raise Refused(f"{clean!r} is a built-in category; pick another key")
    if line is not None and line not in tax.EXPENSE_LINES:
        raise InputError(f"{line!r} is not a Schedule C expense line")
    if not 1 <= deductible_pct <= 100:
        raise InputError("the deductible share is a whole percent from 1 to 100")
    label = _text(label, "category label")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM expense_category WHERE key = ?", (clean,)).fetchone():
            raise Refused(f"category {clean!r} already exists")
        conn.execute(
            "INSERT INTO expense_category (key, label, line, deductible_pct, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (clean, label, line, deductible_pct, _now(clock)),
        )
    return tax.Category(clean, label, line, deductible_pct, builtin=False)


def remove_category(conn: sqlite3.Connection, key: str) -> tax.Category:
    clean = _key(key)
    if clean in tax.BUILTIN_KEYS:
        raise Refused(f"{clean!r} is built in and cannot be removed")
    with transaction(conn):
        cats = categories(conn)
        if clean not in cats:
            raise NotFound(f"no category {key!r}; see `gig receipts categories`")
        used = conn.execute("SELECT count(*) FROM receipt WHERE category = ?", (clean,)).fetchone()
        if used[0]:
            raise Refused(
                f"{used[0]} receipt(s) use {clean!r}; move them first with "
                f"`gig receipts edit ID --category KEY`"
            )
        conn.execute("DELETE FROM expense_category WHERE key = ?", (clean,))
    return cats[clean]


# --- receipts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiledFile:
    id: int
    path: str  # relative to the data folder
    sha256: str
    size: int
    original_name: str


@dataclass
class ReceiptRow:
    id: int
    day: date
    vendor: str
    amount: Money
    category: tax.Category
    business_pct: int
    paid_with: str | None
    client: str | None
    note: str
    created_at: int
    files: list[FiledFile] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "owner" if self.category.owner else "expense"

    @property
    def business_cents(self) -> int:
        return share(self.amount.cents, self.business_pct)

    @property
    def deductible_cents(self) -> int:
        pct = tax.deductible_pct(self.category, self.day.year)
        return share(self.amount.cents, self.business_pct, pct) if pct else 0

    def needs_receipt(self) -> bool:
        if self.category.owner:
            return False
        return self.category.always_receipt or (
            self.amount.currency == THRESHOLD_CURRENCY and self.amount.cents >= _THRESHOLD_CENTS
        )


_THRESHOLD_CENTS = RECEIPT_THRESHOLD * 10 ** minor_digits(THRESHOLD_CURRENCY)

_RECEIPT_SELECT = (
    "SELECT r.id, r.day, r.vendor, r.amount_cents, r.currency, r.category, r.business_pct, "
    "r.paid_with, c.name, r.note, r.created_at FROM receipt r "
    "LEFT JOIN client c ON c.id = r.client_id "
)


def _receipts(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[ReceiptRow]:
    cats = categories(conn)
    rows = [
        ReceiptRow(
            id=r[0],
            day=date.fromisoformat(r[1]),
            vendor=r[2],
            amount=Money(r[3], r[4]),
            category=_category_of(cats, r[5]),
            business_pct=r[6],
            paid_with=r[7],
            client=r[8],
            note=r[9],
            created_at=r[10],
        )
        for r in conn.execute(_RECEIPT_SELECT + where + " ORDER BY r.day, r.id", params)
    ]
    by_id = {row.id: row for row in rows}
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for f in conn.execute(
            "SELECT receipt_id, id, path, sha256, size, original_name FROM receipt_file "
            f"WHERE receipt_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            by_id[f[0]].files.append(FiledFile(f[1], f[2], f[3], f[4], f[5]))
    return rows


def get_receipt(conn: sqlite3.Connection, receipt_id: int) -> ReceiptRow:
    found = _receipts(conn, "WHERE r.id = ?", (receipt_id,))
    if not found:
        raise NotFound(f"no receipt #{receipt_id}; see `gig receipts list`")
    return found[0]


def list_receipts(
    conn: sqlite3.Connection,
    span: Span = ALL_TIME,
    *,
    category: str | None = None,
    client: str | None = None,
) -> list[ReceiptRow]:
    where = "WHERE r.day >= ? AND r.day <= ?"
    params: list[object] = [span.first.isoformat(), span.last.isoformat()]
    if category:
        where += " AND r.category = ?"
        params.append(resolve_category(categories(conn), category).key)
    if client:
        where += " AND r.client_id = ?"
        params.append(client_id(conn, client))
    return _receipts(conn, where, params)


def missing_files(home: Path, receipt: ReceiptRow) -> list[FiledFile]:
    """The receipt's files that are no longer in the data folder."""
    return [f for f in receipt.files if not files_store.inside(home, f.path).is_file()]


@dataclass(frozen=True)
class AddedReceipt:
    receipt: ReceiptRow
    remembered_category: bool  # the category came from this vendor's last receipt


def add_receipt(
    conn: sqlite3.Connection,
    clock: Clock,
    home: Path,
    *,
    amount: Money,
    vendor: str,
    day: date,
    category: str | None = None,
    files: Sequence[Path] = (),
    paid_with: str | None = None,
    client: str | None = None,
    note: str = "",
    business_pct: int = 100,
) -> AddedReceipt:
    vendor = _text(vendor, "vendor")
    note = _text(note, "note", required=False)
    paid_with = _optional(paid_with, "payment account")
    _check_amount(amount)
    _check_day(day, clock, "receipts")
    _check_pct(business_pct)
    cats = categories(conn)
    remembered = False
    if category is None:
        last = conn.execute(
            "SELECT category FROM receipt WHERE vendor = ? COLLATE NOCASE ORDER BY id DESC LIMIT 1",
            (vendor,),
        ).fetchone()
        cat = _category_of(cats, last[0]) if last else cats[tax.UNCATEGORIZED]
        remembered = bool(last)
    else:
        cat = resolve_category(cats, category)
    _check_note(cat, note)
    if client:
        client_id(conn, client)  # a typo is reported before any file is copied
    with _staged(conn, home, day, files) as staged:
        placed: list[Path] = []
        try:
            with transaction(conn):
                _refuse_filed(conn, home, staged)
                cid = client_id(conn, client) if client else None
                now = _now(clock)
                cur = conn.execute(
                    "INSERT INTO receipt (day, vendor, amount_cents, currency, category, "
                    "business_pct, paid_with, client_id, note, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        day.isoformat(),
                        vendor,
                        amount.cents,
                        amount.currency,
                        cat.key,
                        business_pct,
                        paid_with,
                        cid,
                        note,
                        now,
                        now,
                    ),
                )
                receipt_id = int(cur.lastrowid or 0)
                _file_staged(conn, home, staged, receipt_id, day, vendor, amount, 1, now, placed)
                added = get_receipt(conn, receipt_id)
        except BaseException:
            files_store.discard(placed)
            raise
    return AddedReceipt(added, remembered)


@dataclass(frozen=True)
class Attached:
    receipt: ReceiptRow
    added: list[FiledFile]
    restored: list[FiledFile]  # files that had vanished from the data folder, put back


def attach(
    conn: sqlite3.Connection, clock: Clock, home: Path, receipt_id: int, files: Sequence[Path]
) -> Attached:
    """Attach files to a receipt. A file identical to one of the receipt's own files that
    has vanished from the data folder is put back under its recorded name instead."""
    if not files:
        raise InputError("give at least one file to attach")
    receipt = get_receipt(conn, receipt_id)
    vanished_here = {f.sha256: f for f in missing_files(home, receipt)}
    with _staged(conn, home, receipt.day, files, restorable=set(vanished_here)) as staged:
        placed: list[Path] = []
        try:
            with transaction(conn):
                receipt = get_receipt(conn, receipt_id)
                vanished_here = {f.sha256: f for f in missing_files(home, receipt)}
                new = [s for s in staged if s.sha256 not in vanished_here]
                _refuse_filed(conn, home, new)
                restored = [vanished_here[s.sha256] for s in staged if s.sha256 in vanished_here]
                for item in staged:
                    if item.sha256 in vanished_here:
                        placed.append(_put_back(home, item, vanished_here[item.sha256]))
                _file_staged(
                    conn,
                    home,
                    new,
                    receipt.id,
                    receipt.day,
                    receipt.vendor,
                    receipt.amount,
                    len(receipt.files) + 1,
                    _now(clock),
                    placed,
                )
                updated = get_receipt(conn, receipt_id)
        except BaseException:
            files_store.discard(placed)
            raise
    known = {f.id for f in receipt.files}
    return Attached(updated, [f for f in updated.files if f.id not in known], restored)


def _put_back(home: Path, item: files_store.Staged, filed: FiledFile) -> Path:
    """The staged copy, under the recorded name of a file that vanished; never overwrites."""
    target = files_store.inside(home, filed.path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        files_store.link_new(item.temp, target)
    except FileExistsError:
        raise Refused(f"{filed.path} appeared meanwhile; nothing was overwritten") from None
    except OSError as exc:
        raise Refused(f"cannot put {filed.path} back: {exc.strerror}") from None
    return target


@contextlib.contextmanager
def _staged(
    conn: sqlite3.Connection,
    home: Path,
    day: date,
    sources: Sequence[Path],
    *,
    restorable: set[str] | None = None,
) -> Iterator[list[files_store.Staged]]:
    """Copies of `sources` in the data folder under temporary names; always cleaned up.
    A file already filed is refused, unless its hash is in `restorable`."""
    staged: list[files_store.Staged] = []
    try:
        seen: dict[str, Path] = {}
        for source in sources:
            files_store.check_source(source)
            try:
                digest = files_store.sha256_of(source)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise InputError(f"cannot read {str(source)!r}: {reason}") from None
            if digest in seen:
                raise Refused(f"{str(source)!r} and {str(seen[digest])!r} are the same file")
            seen[digest] = source
            if digest not in (restorable or ()):
                _refuse_hash(conn, home, digest, source)
        for source in sources:
            staged.append(files_store.stage(home, day, source))
        yield staged
    finally:
        files_store.discard(s.temp for s in staged)


def _refuse_hash(conn: sqlite3.Connection, home: Path, digest: str, source: Path) -> None:
    row = conn.execute(
        "SELECT receipt_id, path FROM receipt_file WHERE sha256 = ?", (digest,)
    ).fetchone()
    if not row:
        return
    if not files_store.inside(home, row[1]).is_file():
        raise Refused(
            f"{str(source)!r} is already filed with receipt #{row[0]}, whose copy "
            f"({row[1]}) is missing from the data folder; put it back with "
            f"`gig receipts attach {row[0]} FILE`"
        )
    raise Refused(
        f"{str(source)!r} is already filed with receipt #{row[0]} ({row[1]}); "
        f"see `gig receipts show {row[0]}`"
    )


def _refuse_filed(
    conn: sqlite3.Connection, home: Path, staged: Sequence[files_store.Staged]
) -> None:
    # Again under the write lock: another gig may have filed the same file meanwhile.
    for item in staged:
        _refuse_hash(conn, home, item.sha256, item.source)


def _file_staged(
    conn: sqlite3.Connection,
    home: Path,
    staged: Sequence[files_store.Staged],
    receipt_id: int,
    day: date,
    vendor: str,
    amount: Money,
    first_n: int,
    now: int,
    placed: list[Path],
) -> None:
    for n, item in enumerate(staged, start=first_n):
        name = files_store.file_name(day, vendor, amount, receipt_id, n, item.ext)
        rel = files_store.place(home, item.temp, f"{files_store.month_folder(day)}/{name}")
        placed.append(files_store.inside(home, rel))
        conn.execute(
            "INSERT INTO receipt_file (receipt_id, path, sha256, size, original_name, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (receipt_id, rel, item.sha256, item.size, item.original_name, now),
        )


def edit_receipt(
    conn: sqlite3.Connection,
    clock: Clock,
    home: Path,
    receipt_id: int,
    *,
    amount: Money | None = None,
    vendor: str | None = None,
    day: date | None = None,
    category: str | None = None,
    paid_with: str | None | object = UNCHANGED,
    client: str | None | object = UNCHANGED,
    note: str | None = None,
    business_pct: int | None = None,
) -> ReceiptRow:
    """Change a receipt; its files are renamed to match (the old names go only after commit)."""
    if amount is not None:
        _check_amount(amount)
    if day is not None:
        _check_day(day, clock, "receipts")
    if business_pct is not None:
        _check_pct(business_pct)
    placed: list[Path] = []
    old_paths: list[Path] = []
    try:
        with transaction(conn):
            receipt = get_receipt(conn, receipt_id)
            cats = categories(conn)
            sets: dict[str, object] = {}
            new_vendor = receipt.vendor if vendor is None else _text(vendor, "vendor")
            new_amount = amount or receipt.amount
            new_day = day or receipt.day
            new_note = receipt.note if note is None else _text(note, "note", required=False)
            cat = receipt.category if category is None else resolve_category(cats, category)
            _check_note(cat, new_note)
            sets["vendor"] = new_vendor
            sets["amount_cents"] = new_amount.cents
            sets["currency"] = new_amount.currency
            sets["day"] = new_day.isoformat()
            sets["note"] = new_note
            sets["category"] = cat.key
            if business_pct is not None:
                sets["business_pct"] = business_pct
            if paid_with is not UNCHANGED:
                sets["paid_with"] = _optional(paid_with, "payment account")  # type: ignore[arg-type]
            if client is not UNCHANGED:
                sets["client_id"] = client_id(conn, str(client)) if client else None
            sets["updated_at"] = _now(clock)
            assignments = ", ".join(f"{column} = ?" for column in sets)
            conn.execute(
                f"UPDATE receipt SET {assignments} WHERE id = ?", (*sets.values(), receipt.id)
            )
            for n, filed in enumerate(receipt.files, start=1):
                ext = Path(filed.path).suffix
                name = files_store.file_name(new_day, new_vendor, new_amount, receipt.id, n, ext)
                wanted = f"{files_store.month_folder(new_day)}/{name}"
                old = files_store.inside(home, filed.path)
                if wanted == filed.path or not old.is_file():
                    continue
                rel = files_store.link_copy(home, filed.path, wanted)
                placed.append(files_store.inside(home, rel))
                old_paths.append(old)
                conn.execute("UPDATE receipt_file SET path = ? WHERE id = ?", (rel, filed.id))
            updated = get_receipt(conn, receipt.id)
    except BaseException:
        files_store.discard(placed)
        raise
    files_store.discard(old_paths)
    return updated


def delete_receipt(
    conn: sqlite3.Connection, home: Path, receipt_id: int
) -> tuple[ReceiptRow, list[str]]:
    """Delete a receipt; its files go to `trash/` in the data folder, never away."""
    trashed: list[Path] = []
    originals: list[Path] = []
    try:
        with transaction(conn):
            receipt = get_receipt(conn, receipt_id)
            for filed in receipt.files:
                source = files_store.inside(home, filed.path)
                if not source.is_file():
                    continue
                rel = files_store.link_copy(home, filed.path, files_store.trash_path(filed.path))
                trashed.append(files_store.inside(home, rel))
                originals.append(source)
            conn.execute("DELETE FROM receipt_file WHERE receipt_id = ?", (receipt.id,))
            conn.execute("DELETE FROM receipt WHERE id = ?", (receipt.id,))
    except BaseException:
        files_store.discard(trashed)
        raise
    files_store.discard(originals)
    return receipt, [p.relative_to(home).as_posix() for p in trashed]


def check_files(conn: sqlite3.Connection, home: Path) -> list[files_store.Problem]:
    stored = conn.execute("SELECT receipt_id, path, sha256 FROM receipt_file ORDER BY id")
    return files_store.check(home, list(stored))


def _check_amount(amount: Money) -> None:
    if amount.cents <= 0:
        raise InputError("the amount must be more than zero")


def _check_pct(pct: int) -> None:
    if not 1 <= pct <= 100:
        raise InputError("the business share is a whole percent from 1 to 100")


def _check_note(cat: tax.Category, note: str) -> None:
    if cat.needs_note and not note:
        raise InputError(
            f"category {cat.key!r} needs a description for Schedule C Part V; "
            "add --note 'what it was'"
        )


# --- income --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomeRow:
    id: int
    day: date
    client: str
    amount: Money
    invoice: str | None
    form: str
    account: str | None
    note: str
    created_at: int
    new_client: bool = False  # the payment created its client


_INCOME_SELECT = (
    "SELECT i.id, i.day, c.name, i.amount_cents, i.currency, i.invoice, i.form, i.account, "
    "i.note, i.created_at FROM income i JOIN client c ON c.id = i.client_id "
)


def _income_rows(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[IncomeRow]:
    return [
        IncomeRow(
            r[0], date.fromisoformat(r[1]), r[2], Money(r[3], r[4]), r[5], r[6], r[7], r[8], r[9]
        )
        for r in conn.execute(_INCOME_SELECT + where + " ORDER BY i.day, i.id", params)
    ]


def parse_form(text: str) -> str:
    word = text.strip().upper().replace(" ", "").replace("_", "-")
    aliases = {"NEC": "1099-NEC", "1099NEC": "1099-NEC", "K": "1099-K", "1099K": "1099-K"}
    word = aliases.get(word, word)
    if word == "NONE":
        return "none"
    if word in INCOME_FORMS:
        return word
    raise InputError(f"{text!r} is not a form gig knows; use 1099-NEC, 1099-K or none")


def get_income(conn: sqlite3.Connection, income_id: int) -> IncomeRow:
    found = _income_rows(conn, "WHERE i.id = ?", (income_id,))
    if not found:
        raise NotFound(f"no income #{income_id}; see `gig income list`")
    return found[0]


def list_income(
    conn: sqlite3.Connection, span: Span = ALL_TIME, *, client: str | None = None
) -> list[IncomeRow]:
    where = "WHERE i.day >= ? AND i.day <= ?"
    params: list[object] = [span.first.isoformat(), span.last.isoformat()]
    if client:
        where += " AND i.client_id = ?"
        params.append(client_id(conn, client))
    return _income_rows(conn, where, params)


def add_income(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    amount: Money,
    client: str,
    day: date,
    invoice: str | None = None,
    form: str = "none",
    account: str | None = None,
    note: str = "",
    allow_duplicate: bool = False,
    new_client: bool = False,
) -> IncomeRow:
    _check_amount(amount)
    _check_day(day, clock, "payments")
    invoice = _optional(invoice, "invoice reference")
    account = _optional(account, "account")
    note = _text(note, "note", required=False)
    form = parse_form(form)
    with transaction(conn):
        cid, created = client_for_payment(conn, clock, client, new_client=new_client)
        if invoice and not allow_duplicate:
            _refuse_duplicate_invoice(conn, cid, invoice, None)
        now = _now(clock)
        cur = conn.execute(
            "INSERT INTO income (day, client_id, amount_cents, currency, invoice, form, account, "
            "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (day.isoformat(), cid, amount.cents, amount.currency, invoice, form, account, note)
            + (now, now),
        )
        return replace(get_income(conn, int(cur.lastrowid or 0)), new_client=created)


def _refuse_duplicate_invoice(
    conn: sqlite3.Connection, cid: int, invoice: str, exclude: int | None
) -> None:
    row = conn.execute(
        "SELECT id FROM income WHERE client_id = ? AND invoice = ? AND id IS NOT ?",
        (cid, invoice, exclude),
    ).fetchone()
    if row:
        raise Refused(
            f"invoice {invoice!r} from this client is already recorded as income #{row[0]}; "
            "pass --allow-duplicate for a second payment on it"
        )


def edit_income(
    conn: sqlite3.Connection,
    clock: Clock,
    income_id: int,
    *,
    amount: Money | None = None,
    client: str | None = None,
    day: date | None = None,
    invoice: str | None | object = UNCHANGED,
    form: str | None = None,
    account: str | None | object = UNCHANGED,
    note: str | None = None,
    allow_duplicate: bool = False,
) -> IncomeRow:
    if amount is not None:
        _check_amount(amount)
    if day is not None:
        _check_day(day, clock, "payments")
    with transaction(conn):
        current = get_income(conn, income_id)
        sets: dict[str, object] = {}
        cid = client_id(conn, client or current.client)
        sets["client_id"] = cid
        if amount is not None:
            sets["amount_cents"] = amount.cents
            sets["currency"] = amount.currency
        if day is not None:
            sets["day"] = day.isoformat()
        new_invoice = current.invoice
        if invoice is not UNCHANGED:
            new_invoice = _optional(invoice, "invoice reference")  # type: ignore[arg-type]
            sets["invoice"] = new_invoice
        moved = invoice is not UNCHANGED or client is not None
        if new_invoice and moved and not allow_duplicate:
            _refuse_duplicate_invoice(conn, cid, new_invoice, income_id)
        if form is not None:
            sets["form"] = parse_form(form)
        if account is not UNCHANGED:
            sets["account"] = _optional(account, "account")  # type: ignore[arg-type]
        if note is not None:
            sets["note"] = _text(note, "note", required=False)
        sets["updated_at"] = _now(clock)
        assignments = ", ".join(f"{column} = ?" for column in sets)
        conn.execute(f"UPDATE income SET {assignments} WHERE id = ?", (*sets.values(), income_id))
        return get_income(conn, income_id)


def delete_income(conn: sqlite3.Connection, income_id: int) -> IncomeRow:
    with transaction(conn):
        row = get_income(conn, income_id)
        conn.execute("DELETE FROM income WHERE id = ?", (income_id,))
        return row


# --- mileage -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TripRow:
    id: int
    day: date
    miles_hundredths: int
    purpose: str
    vehicle: str | None
    commute: bool
    created_at: int

    @property
    def miles(self) -> Decimal:
        return Decimal(self.miles_hundredths).scaleb(-2)

    @property
    def rate(self) -> tax.RateFor:
        return tax.mileage_rate(self.day)

    @property
    def value_cents(self) -> int:
        """The deduction at the IRS standard rate, in USD cents; commuting is worth nothing."""
        if self.commute:
            return 0
        return tax.mileage_value(self.miles_hundredths, self.rate.rate.cents_per_mile)


def parse_miles(text: str) -> int:
    """`12.4`, `12.4 mi`, `30 miles` → hundredths of a mile."""
    clean = re.sub(r"\s*(mi|mile|miles)\.?$", "", text.strip().lower())
    try:
        value = Decimal(clean)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not re.fullmatch(r"\d*\.?\d+", clean):
        raise InputError(f"{text!r} is not a distance; give miles like 12.4")
    hundredths = value.scaleb(2)
    if hundredths != hundredths.to_integral_value():
        raise InputError(f"{text!r} has more than two decimals; round it to 0.01 mile")
    if not 0 < value <= 5000:
        raise InputError(f"{text!r}: a trip is more than 0 and at most 5,000 miles")
    return int(hundredths)


_TRIP_SELECT = "SELECT id, day, miles_hundredths, purpose, vehicle, commute, created_at FROM trip "


def _trips(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[TripRow]:
    return [
        TripRow(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4], bool(r[5]), r[6])
        for r in conn.execute(_TRIP_SELECT + where + " ORDER BY day, id", params)
    ]


def get_trip(conn: sqlite3.Connection, trip_id: int) -> TripRow:
    found = _trips(conn, "WHERE id = ?", (trip_id,))
    if not found:
        raise NotFound(f"no trip #{trip_id}; see `gig mileage list`")
    return found[0]


def list_trips(conn: sqlite3.Connection, span: Span = ALL_TIME) -> list[TripRow]:
    return _trips(
        conn, "WHERE day >= ? AND day <= ?", (span.first.isoformat(), span.last.isoformat())
    )


def add_trip(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    miles_hundredths: int,
    purpose: str,
    day: date,
    vehicle: str | None = None,
    commute: bool = False,
) -> TripRow:
    purpose = _text(purpose, "purpose")
    vehicle = _optional(vehicle, "vehicle")
    _check_day(day, clock, "trips")
    tax.mileage_rate(day)  # refuses a day before the rates gig knows
    with transaction(conn):
        now = _now(clock)
        cur = conn.execute(
            "INSERT INTO trip (day, miles_hundredths, purpose, vehicle, commute, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (day.isoformat(), miles_hundredths, purpose, vehicle, commute, now, now),
        )
        return get_trip(conn, int(cur.lastrowid or 0))


def edit_trip(
    conn: sqlite3.Connection,
    clock: Clock,
    trip_id: int,
    *,
    miles_hundredths: int | None = None,
    purpose: str | None = None,
    day: date | None = None,
    vehicle: str | None | object = UNCHANGED,
    commute: bool | None = None,
) -> TripRow:
    if day is not None:
        _check_day(day, clock, "trips")
        tax.mileage_rate(day)
    with transaction(conn):
        get_trip(conn, trip_id)
        sets: dict[str, object] = {}
        if miles_hundredths is not None:
            sets["miles_hundredths"] = miles_hundredths
        if purpose is not None:
            sets["purpose"] = _text(purpose, "purpose")
        if day is not None:
            sets["day"] = day.isoformat()
        if vehicle is not UNCHANGED:
            sets["vehicle"] = _optional(vehicle, "vehicle")  # type: ignore[arg-type]
        if commute is not None:
            sets["commute"] = commute
        sets["updated_at"] = _now(clock)
        assignments = ", ".join(f"{column} = ?" for column in sets)
        conn.execute(f"UPDATE trip SET {assignments} WHERE id = ?", (*sets.values(), trip_id))
        return get_trip(conn, trip_id)


def delete_trip(conn: sqlite3.Connection, trip_id: int) -> TripRow:
    with transaction(conn):
        row = get_trip(conn, trip_id)
        conn.execute("DELETE FROM trip WHERE id = ?", (trip_id,))
        return row


# --- what a period adds up to ----------------------------------------------------------------


@dataclass(frozen=True)
class ClientTime:
    client: str | None
    seconds: int
    billable_seconds: int
    entries: int


def time_by_client(conn: sqlite3.Connection, clock: Clock, span: Span) -> list[ClientTime]:
    """Time tracked inside the span's working days, per client: an entry across the
    span's edge (23:00 on 31 Dec to 01:00) counts only its part inside, as `gig log
    report` counts it, so a month's hours and rates agree with the report's."""
    from gigtool.config import get
    from gigtool.periods import days

    hour = int(get(conn, "day-start"))
    period = days(span.first, span.last, local_zone(), span.label, hour)
    now = _now(clock)
    since, until = int(period.since.timestamp()), int(period.until.timestamp())
    inside = "(MIN(COALESCE(e.end_utc, :now), :until) - MAX(e.start_utc, :since))"
    rows = conn.execute(
        f"SELECT c.name, SUM({inside}), "
        f"SUM(CASE WHEN e.billable THEN {inside} ELSE 0 END), "
        "count(*) FROM time_entry e LEFT JOIN project p ON p.id = e.project_id "
        "LEFT JOIN client c ON c.id = p.client_id "
        "WHERE e.start_utc < :until AND COALESCE(e.end_utc, :now) > :since "
        "GROUP BY c.id ORDER BY c.name",
        {"now": now, "since": since, "until": until},
    )
    return [ClientTime(r[0], max(int(r[1]), 0), max(int(r[2]), 0), r[3]) for r in rows]


@dataclass
class PeriodData:
    span: Span
    receipts: list[ReceiptRow]
    income: list[IncomeRow]
    trips: list[TripRow]
    time: list[ClientTime]
    lines: tax.LineTable


def period_data(conn: sqlite3.Connection, clock: Clock, span: Span) -> PeriodData:
    return PeriodData(
        span,
        list_receipts(conn, span),
        list_income(conn, span),
        list_trips(conn, span),
        time_by_client(conn, clock, span),
        tax.schedule_c(span.tax_year),
    )


@dataclass
class CategoryTotal:
    category: tax.Category
    line_number: str | None
    currency: str
    count: int = 0
    amount_cents: int = 0
    business_cents: int = 0
    deductible_cents: int = 0


@dataclass
class ClientIncome:
    client: str
    currency: str
    count: int = 0
    amount_cents: int = 0


@dataclass
class ClientRate:
    client: str | None
    seconds: int
    billable_seconds: int
    entries: int
    income: dict[str, int]

    def hourly(self, currency: str) -> int | None:
        """Income per tracked hour, in minor units, or None without hours."""
        if self.seconds <= 0 or currency not in self.income:
            return None
        value = Decimal(self.income[currency] * 3600) / Decimal(self.seconds)
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Summary:
    data: PeriodData
    income: list[ClientIncome]
    expenses: list[CategoryTotal]
    owner: list[CategoryTotal]
    rates: list[ClientRate]
    income_total: dict[str, int]
    paid_total: dict[str, int]
    deductible_total: dict[str, int]
    owner_total: dict[str, int]
    miles_hundredths: int
    commute_hundredths: int
    mileage_cents: int
    notes: list[str]

    @property
    def currencies(self) -> list[str]:
        every = set(self.income_total) | set(self.paid_total) | set(self.deductible_total)
        return sorted(every)

    def net(self) -> dict[str, int]:
        """Income minus deductible expenses, per currency: the Schedule C view."""
        return {
            c: self.income_total.get(c, 0) - self.deductible_total.get(c, 0)
            for c in self.currencies
        }


def _add(sums: dict[str, int], currency: str, cents: int) -> None:
    sums[currency] = sums.get(currency, 0) + cents


def summarize(data: PeriodData) -> Summary:
    lines = data.lines
    by_category: dict[tuple[str, str], CategoryTotal] = {}
    paid: dict[str, int] = {}
    deductible: dict[str, int] = {}
    owner_total: dict[str, int] = {}
    for r in data.receipts:
        key = (r.category.key, r.amount.currency)
        total = by_category.get(key)
        if total is None:
            total = by_category[key] = CategoryTotal(
                r.category, lines.number(r.category.line), r.amount.currency
            )
        total.count += 1
        total.amount_cents += r.amount.cents
        total.business_cents += r.business_cents
        total.deductible_cents += r.deductible_cents
        if r.category.owner:
            _add(owner_total, r.amount.currency, r.amount.cents)
        else:
            _add(paid, r.amount.currency, r.amount.cents)
            _add(deductible, r.amount.currency, r.deductible_cents)
    order = {c.key: i for i, c in enumerate(tax.BUILTIN)}

    def place(t: CategoryTotal) -> tuple[int, str, str]:
        return (order.get(t.category.key, len(order)), t.category.key, t.currency)

    expenses = sorted((t for t in by_category.values() if not t.category.owner), key=place)
    owner = sorted((t for t in by_category.values() if t.category.owner), key=place)

    by_client: dict[tuple[str, str], ClientIncome] = {}
    income_total: dict[str, int] = {}
    for i in data.income:
        item = by_client.setdefault(
            (i.client, i.amount.currency), ClientIncome(i.client, i.amount.currency)
        )
        item.count += 1
        item.amount_cents += i.amount.cents
        _add(income_total, i.amount.currency, i.amount.cents)
    income = sorted(by_client.values(), key=lambda c: (c.client.lower(), c.currency))

    rates: dict[str | None, ClientRate] = {
        t.client: ClientRate(t.client, t.seconds, t.billable_seconds, t.entries, {})
        for t in data.time
    }
    for item in income:
        rate = rates.setdefault(item.client, ClientRate(item.client, 0, 0, 0, {}))
        rate.income[item.currency] = item.amount_cents

    miles = sum(t.miles_hundredths for t in data.trips if not t.commute)
    commute = sum(t.miles_hundredths for t in data.trips if t.commute)
    mileage = sum(t.value_cents for t in data.trips)
    if mileage:
        _add(deductible, "USD", mileage)

    notes: list[str] = []
    if lines.note:
        notes.append(lines.note)
    rate_notes = {t.rate.note for t in data.trips if t.rate.note}
    notes.extend(sorted(n for n in rate_notes if n))
    if mileage and any(r.category.line == "car_truck" for r in data.receipts):
        notes.append(
            "there are both car expenses and standard-mileage trips; the IRS allows one "
            "method per vehicle, so ask your accountant which to keep"
        )
    return Summary(
        data=data,
        income=income,
        expenses=expenses,
        owner=owner,
        rates=sorted(rates.values(), key=lambda r: (r.client is None, (r.client or "").lower())),
        income_total=income_total,
        paid_total=paid,
        deductible_total=deductible,
        owner_total=owner_total,
        miles_hundredths=miles,
        commute_hundredths=commute,
        mileage_cents=mileage,
        notes=notes,
    )


# --- nudges against the pile-up ----------------------------------------------------------------


@dataclass(frozen=True)
class Unreceipted:
    receipt: ReceiptRow
    reason: str


@dataclass(frozen=True)
class LastEntry:
    kind: str  # receipt | income | trip
    id: int
    what: str
    created_at: int


@dataclass
class Nudges:
    last: LastEntry | None
    days_since: int | None
    unreceipted: list[Unreceipted]
    uncategorized: list[ReceiptRow]


def _why(receipt: ReceiptRow) -> str:
    if receipt.category.always_receipt:
        return "lodging always needs a receipt"
    return f"{RECEIPT_THRESHOLD} {THRESHOLD_CURRENCY} or more needs a receipt"


def unreceipted(home: Path, receipts: Sequence[ReceiptRow]) -> list[Unreceipted]:
    """Expenses that need a receipt and have none, and receipts whose file has vanished."""
    out: list[Unreceipted] = []
    for r in receipts:
        gone = missing_files(home, r)
        if gone:
            out.append(Unreceipted(r, f"file missing from the data folder: {gone[0].path}"))
        elif not r.files and r.needs_receipt():
            out.append(Unreceipted(r, _why(r)))
    return out


def _unfiled(conn: sqlite3.Connection) -> list[Unreceipted]:
    """Expenses that need a receipt and have no file at all, found in SQL (as needs_receipt)."""
    cats = categories(conn).values()
    owner = [c.key for c in cats if c.owner]
    always = [c.key for c in cats if c.always_receipt]
    where = (
        "WHERE NOT EXISTS (SELECT 1 FROM receipt_file f WHERE f.receipt_id = r.id) "
        f"AND r.category NOT IN ({','.join('?' * len(owner))}) "
        f"AND (r.category IN ({','.join('?' * len(always))}) "
        "OR (r.currency = ? AND r.amount_cents >= ?))"
    )
    params = [*owner, *always, THRESHOLD_CURRENCY, _THRESHOLD_CENTS]
    return [Unreceipted(r, _why(r)) for r in _receipts(conn, where, params)]


def vanished(conn: sqlite3.Connection, home: Path) -> list[Unreceipted]:
    """Receipts whose file is no longer in the data folder: looks at every file on disk."""
    gone: dict[int, str] = {}
    for receipt_id, path in conn.execute("SELECT receipt_id, path FROM receipt_file ORDER BY id"):
        if receipt_id not in gone and not files_store.inside(home, path).is_file():
            gone[receipt_id] = path
    ids = list(gone)
    out: list[Unreceipted] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        where = f"WHERE r.id IN ({','.join('?' * len(chunk))})"
        for r in _receipts(conn, where, chunk):
            out.append(Unreceipted(r, f"file missing from the data folder: {gone[r.id]}"))
    return out


def nudges(conn: sqlite3.Connection, clock: Clock, home: Path, *, on_disk: bool = False) -> Nudges:
    """What to catch up on. Cheap by default (for the morning view): the database only;
    `on_disk` also looks for receipt files that have vanished from the data folder."""
    row = conn.execute(
        "SELECT kind, id, what, created_at FROM ("
        " SELECT 'receipt' AS kind, id, vendor AS what, created_at FROM receipt"
        " UNION ALL SELECT 'income', i.id, c.name, i.created_at FROM income i"
        "  JOIN client c ON c.id = i.client_id"
        " UNION ALL SELECT 'trip', id, purpose, created_at FROM trip"
        ") ORDER BY created_at DESC, id DESC LIMIT 1"
    ).fetchone()
    last = LastEntry(*row) if row else None
    days_since = None
    if last:
        logged = datetime.fromtimestamp(last.created_at, UTC).astimezone(local_zone()).date()
        days_since = (today(clock) - logged).days
    flagged = _unfiled(conn)
    if on_disk:
        flagged += vanished(conn, home)
        flagged.sort(key=lambda u: (u.receipt.day, u.receipt.id))
    return Nudges(
        last,
        days_since,
        flagged,
        _receipts(conn, "WHERE r.category = ?", (tax.UNCATEGORIZED,)),
    )
