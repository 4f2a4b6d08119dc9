"""The accountant's package: every CSV read back and checked against the database,
SHA256SUMS verifies, no formula survives, nothing escapes, nothing half-written."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import stat
import subprocess
import time
import zipfile
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gigtool.amounts import Money, minor_digits
from gigtool.clients import catalog
from gigtool.database import open_db
from gigtool.errors import InputError, Refused
from gigtool.money import income as income_book
from gigtool.money import mileage
from gigtool.money import receipts as receipt_book
from gigtool.money import span as spans
from gigtool.money import summary as summaries
from gigtool.money import package as export
from gigtool.money import quickbooks, spreadsheets
from gigtool import safe_text
from gigtool.tracking import entries as tracking

NY = ZoneInfo("America/New_York")
NOV = spans.month_of(date(2026, 11, 1))
NASTY = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTabbed",
    "\rReturn",
    'Quote "this", please',
    "Two\nlines",
    "Emoji 🧾 café",
    "../../etc/passwd",
    "C:\\Windows\\system32",
    "#N/A",
]


@pytest.fixture
def conn(gig_home: Path):
    connection = open_db(gig_home)
    yield connection
    connection.close()


@pytest.fixture
def books(conn, clock, gig_home, tmp_path):
    """A November with awkward text everywhere, two currencies, files, time and mileage."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    catalog.add_client(conn, clock, "Acme", None)
    catalog.add_client(conn, clock, "=cmd|' /C calc'!A0", None)
    catalog.add_project(conn, clock, "site", client="Acme")
    start = datetime(2026, 11, 2, 9, tzinfo=NY)
    tracking.add_entry(conn, clock, project="site", start=start, end=start + timedelta(hours=8))
    receipts = []
    for n, text in enumerate(NASTY, start=1):
        source = inbox / f"{text[:20].replace('/', '_').replace(chr(92), '_')}-{n}.pdf"
        source.write_bytes(f"receipt {n}".encode())
        receipts.append(
            receipt_book.add_receipt(
                conn,
                clock,
                gig_home,
                amount=Money(1000 * n + 1, "USD" if n % 3 else "EUR"),
                vendor=text,
                category=["office", "meals", "supplies", "other"][n % 4],
                note=text,
                paid_with=["Chase ••1234", "../../card", None][n % 3],
                day=date(2026, 11, n),
                files=[source],
            ).receipt
        )
    receipts.append(
        receipt_book.add_receipt(
            conn, clock, gig_home, amount=Money(18000, "USD"), vendor="Hotel",
            category="lodging", day=date(2026, 11, 20),
        ).receipt
    )
    receipts.append(
        receipt_book.add_receipt(
            conn, clock, gig_home, amount=Money(100000, "USD"), vendor="IRS",
            category="estimated_tax", day=date(2026, 11, 15),
        ).receipt
    )
    receipt_book.add_receipt(  # October: not in the package
        conn, clock, gig_home, amount=Money(100, "USD"), vendor="Old", category="office",
        day=date(2026, 10, 31),
    )
    income = [
        income_book.add_income(
            conn, clock, amount=Money(240000, "USD"), client="Acme", day=date(2026, 11, 10),
            invoice="=INV-1", form="1099-NEC", account="Chase ••1234",
        ),
        income_book.add_income(
            conn, clock, amount=Money(50000, "EUR"), client="=cmd|' /C calc'!A0",
            day=date(2026, 11, 12), note="-wire",
        ),
    ]
    trip = mileage.add_trip(
        conn, clock, miles_hundredths=2340, purpose="=Workshop", day=date(2026, 11, 3)
    )
    return {"receipts": receipts, "income": income, "trip": trip}


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if path.parent.name == "quickbooks":  # as Intuit describes the format: no byte-order mark
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has a byte-order mark"
    else:  # so Excel reads the accents right
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def plain(cell: str) -> str:
    """Undo the one documented change: the ' put before formula-looking text."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in tuple(safe_text.FORMULA_STARTS) else cell


def every_cell(root: Path):
    for path in root.rglob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                yield path.name, row


def is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except ArithmeticError:
        return False
    return True


def test_the_package_matches_the_database(conn, clock, gig_home, tmp_path, books):
    out = tmp_path / "out"
    done = export.export(conn, clock, gig_home, NOV, out, command="gig export month 2026-11")
    root = out / "gig-export-2026-11"
    assert done.path == root
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    for required in [
        "README.txt", "SHA256SUMS", "transactions.csv", "transactions.xlsx",
        "expenses_by_category.csv", "income_by_client.csv", "missing_receipts.csv",
        "mileage.csv", "time_by_client.csv",
    ]:
        assert required in names

    # transactions.csv: one row per money event, every field as in the database.
    rows = read_csv(root / "transactions.csv")
    receipts = {r.id: r for r in books["receipts"]}
    incomes = {i.id: i for i in books["income"]}
    assert len(rows) == len(receipts) + len(incomes)
    for row in rows:
        if row["kind"] == "income":
            i = incomes[int(row["id"])]
            assert plain(row["vendor_or_payer"]) == i.client
            assert Decimal(row["amount"]) == Decimal(i.amount.cents).scaleb(-2)
            assert row["schedule_c_line"] == "1"
            continue
        r = receipts[int(row["id"])]
        assert row["date"] == r.day.isoformat()
        assert row["kind"] == r.kind
        assert plain(row["vendor_or_payer"]) == r.vendor  # intact, newlines and all
        assert plain(row["description"]) == r.note
        assert row["category"] == r.category.key
        assert Decimal(row["amount"]) == -Decimal(r.amount.cents).scaleb(-2)
        assert row["currency"] == r.amount.currency
        assert Decimal(row["deductible_amount"]) == Decimal(r.deductible_cents).scaleb(-2)
        assert plain(row["payment_account"]) == (r.paid_with or "")
        assert int(row["business_pct"]) == r.business_pct
        if r.files:
            packaged = root / row["receipt_file"]
            assert packaged.read_bytes() == (gig_home / r.files[0].path).read_bytes()
            assert row["receipt_sha256"] == r.files[0].sha256
            assert hashlib.sha256(packaged.read_bytes()).hexdigest() == r.files[0].sha256
        else:
            assert row["receipt_file"] == ""
    meals = [r for r in rows if r["category"] == "meals"]
    assert meals and all(
        Decimal(r["deductible_amount"]) * 2 - Decimal(r["amount"]).copy_abs() in (0, Decimal("0.01"))
        for r in meals
    )

    # The summaries agree with the ledger.
    summary = summaries.summarize(summaries.period_data(conn, clock, NOV))
    by_category = read_csv(root / "expenses_by_category.csv")
    for t in summary.expenses:
        [row] = [
            r for r in by_category if r["category"] == t.category.key and r["currency"] == t.currency
        ]
        assert Decimal(row["amount"]) == Decimal(t.amount_cents).scaleb(-2)
        assert Decimal(row["deductible_amount"]) == Decimal(t.deductible_cents).scaleb(-2)
        assert row["schedule_c_line"] == (t.line_number or "")
    [mileage_row] = [r for r in by_category if r["category"] == "mileage"]
    assert Decimal(mileage_row["deductible_amount"]) == Decimal("16.97")  # 23.4 mi × 72.5¢
    assert mileage_row["schedule_c_line"] == "9"
    assert "estimated_tax" not in {r["category"] for r in by_category}  # owner item: out of P&L

    income = read_csv(root / "income_by_client.csv")
    assert {(plain(r["client"]), r["currency"], Decimal(r["amount"])) for r in income} == {
        ("Acme", "USD", Decimal("2400.00")),
        ("=cmd|' /C calc'!A0", "EUR", Decimal("500.00")),
    }

    missing = read_csv(root / "missing_receipts.csv")
    assert [(r["vendor"], r["reason"]) for r in missing] == [
        ("Hotel", "lodging always needs a receipt")
    ]

    [trip] = read_csv(root / "mileage.csv")
    assert (trip["miles"], trip["rate_cents_per_mile"], trip["deductible_value"]) == (
        "23.40", "72.5", "16.97",
    )
    assert "Notice 2026-10" in trip["rate_source"]
    assert plain(trip["purpose"]) == "=Workshop"

    time = {plain(r["client"]): r for r in read_csv(root / "time_by_client.csv")}
    assert time["Acme"]["hours"] == "8.00"
    assert time["Acme"]["effective_hourly_rate"] == "300.00"  # 2,400 over 8 hours

    # QuickBooks: three columns, signed, one file per account and currency, names kept inside.
    qb = sorted(p.relative_to(root).as_posix() for p in (root / "quickbooks").iterdir())
    assert all(name.startswith("quickbooks/") and name.count("/") == 1 for name in qb)
    total = Decimal(0)
    for path in (root / "quickbooks").iterdir():
        lines = read_csv(path)
        assert lines and list(lines[0]) == ["Date", "Description", "Amount"]
        total += sum(Decimal(r["Amount"]) for r in lines if r["Amount"])
        assert all(datetime.strptime(r["Date"], "%m/%d/%Y") for r in lines)
    expected = sum(Decimal(r["amount"]) for r in rows)
    assert total == expected

    # Every file is listed in SHA256SUMS and verifies.
    sums = (root / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in sums}
    assert set(listed) == set(names) - {"SHA256SUMS"}
    for rel, digest in listed.items():
        assert hashlib.sha256((root / rel).read_bytes()).hexdigest() == digest

    readme = (root / "README.txt").read_text(encoding="utf-8")
    assert "November 2026" in readme and "EUR, USD" in readme and "sha256sum -c" in readme
    assert "2025 form" in readme  # the 2026 Schedule C is not known yet, and it says so


def test_no_formula_looking_text_survives(conn, clock, gig_home, tmp_path, books):
    export.export(conn, clock, gig_home, NOV, tmp_path)
    root = tmp_path / "gig-export-2026-11"
    checked = 0
    for name, row in every_cell(root):
        for cell in row:
            checked += 1
            if cell[:1] in safe_text.FORMULA_STARTS:
                assert is_number(cell), f"{name}: {cell!r} would run as a formula"
    assert checked > 100

    from openpyxl import load_workbook

    book = load_workbook(root / "transactions.xlsx")
    assert "transactions" in book.sheetnames and "mileage" in book.sheetnames
    vendors = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                assert cell.data_type != "e"
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in safe_text.FORMULA_STARTS
    sheet = book["transactions"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row, strict=True))
        vendors.add(plain(record["vendor_or_payer"]))
        assert isinstance(record["amount"], int | float)  # a number, not text
    assert {text.strip() for text in NASTY} <= vendors  # stored without surrounding blanks


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\uff1dcmd", "'\uff1dcmd"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_owasp_neutralising(text, safe):
    assert safe_text.neutralise(text) == safe


def test_the_zip_holds_the_same_package_under_one_folder(conn, clock, gig_home, tmp_path, books):
    done = export.export(conn, clock, gig_home, NOV, tmp_path, as_zip=True)
    assert done.path == tmp_path / "gig-export-2026-11.zip"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("inbox", "gig-home")) == [
        "gig-export-2026-11.zip"
    ]  # no temporary folder left behind
    with zipfile.ZipFile(done.path) as archive:
        names = archive.namelist()
        assert all(n.startswith("gig-export-2026-11/") and ".." not in n for n in names)
        sums = archive.read("gig-export-2026-11/SHA256SUMS").decode().splitlines()
        for line in sums:
            digest, rel = line.split("  ", 1)
            assert hashlib.sha256(archive.read(f"gig-export-2026-11/{rel}")).hexdigest() == digest
        assert len(sums) == len(names) - 1


def test_an_existing_export_is_never_overwritten(conn, clock, gig_home, tmp_path, books):
    export.export(conn, clock, gig_home, NOV, tmp_path)
    marker = tmp_path / "gig-export-2026-11" / "README.txt"
    marker.write_text("the accountant's notes")
    with pytest.raises(Refused, match="already exists"):
        export.export(conn, clock, gig_home, NOV, tmp_path)
    assert marker.read_text() == "the accountant's notes"
    (tmp_path / "gig-export-2026-11.zip").write_bytes(b"old zip")
    with pytest.raises(Refused, match="already exists"):
        export.export(conn, clock, gig_home, NOV, tmp_path, as_zip=True)
    assert (tmp_path / "gig-export-2026-11.zip").read_bytes() == b"old zip"


def test_out_must_be_a_folder(conn, clock, gig_home, tmp_path):
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    with pytest.raises(InputError, match="is a file, not a folder"):
        export.export(conn, clock, gig_home, NOV, afile)
    assert afile.read_text() == "mine"


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils sha256sum")
@pytest.mark.parametrize("as_zip", [False, True])
def test_sha256sum_checks_the_package(conn, clock, gig_home, tmp_path, books, as_zip):
    """What the README tells the accountant to run, run: every file verifies."""
    done = export.export(conn, clock, gig_home, NOV, tmp_path / "out", as_zip=as_zip)
    root = done.path
    if as_zip:
        with zipfile.ZipFile(done.path) as archive:
            archive.extractall(tmp_path / "unzipped")
        root = tmp_path / "unzipped" / "gig-export-2026-11"
    checked = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"],
        cwd=root, capture_output=True, text=True, check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = checked.stdout.count(": OK")
    assert listed == sum(1 for p in root.rglob("*") if p.is_file()) - 1  # all but SHA256SUMS
    receipt = next((root / "receipts" / "2026-11").iterdir())
    receipt.write_bytes(b"tampered")
    again = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=root, capture_output=True, text=True, check=False
    )
    assert again.returncode != 0 and "FAILED" in again.stdout


def test_a_failed_export_leaves_nothing(conn, clock, gig_home, tmp_path, books, monkeypatch):
    def broken(path, sheets):
        Path(path).write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spreadsheets, "write_xlsx", broken)
    out = tmp_path / "out"
    with pytest.raises(Refused, match=r"the disk is full \(free some space, then try again\)$"):
        export.export(conn, clock, gig_home, NOV, out)
    assert list(out.iterdir()) == []


def test_a_missing_or_changed_receipt_file_is_reported_not_hidden(
    conn, clock, gig_home, tmp_path, books
):
    gone, changed = books["receipts"][0], books["receipts"][1]
    (gig_home / gone.files[0].path).unlink()
    (gig_home / changed.files[0].path).write_bytes(b"edited later")
    done = export.export(conn, clock, gig_home, NOV, tmp_path)
    assert any(f"#{gone.id}" in p and "missing" in p for p in done.problems)
    assert any(f"#{changed.id}" in p and "changed" in p for p in done.problems)
    missing = {int(r["id"]): r["reason"] for r in read_csv(done.path / "missing_receipts.csv")}
    assert "missing" in missing[gone.id] and "changed" in missing[changed.id]
    assert "Warnings" in (done.path / "README.txt").read_text(encoding="utf-8")


def test_the_year_package_has_a_schedule_c_worksheet(conn, clock, gig_home, tmp_path, books):
    done = export.export(conn, clock, gig_home, spans.parse_year("2026"), tmp_path)
    assert done.path.name == "gig-export-2026"
    lines = read_csv(done.path / "schedule_c.csv")
    usd = {r["line"]: r for r in lines if r["currency"] == "USD"}
    summary = summaries.summarize(summaries.period_data(conn, clock, spans.parse_year("2026")))
    assert Decimal(usd["1"]["amount"]) == Decimal("2400.00")
    assert Decimal(usd["28"]["amount"]) == Decimal(summary.deductible_total["USD"]).scaleb(-2)
    assert Decimal(usd["29"]["amount"]) == Decimal(summary.net()["USD"]).scaleb(-2)
    assert "27b" in usd and "9" in usd  # other expenses on the 2025 form's line; mileage on 9
    part_v = [r for r in lines if r["line"].startswith("Part V")]
    assert part_v and all("(48)" in r["line"] for r in part_v)
    # Receipts from every month of the year are in the package, October's too.
    assert (done.path / "receipts" / "2026-11").is_dir()
    assert len(read_csv(done.path / "transactions.csv")) == len(books["receipts"]) + 3


def test_files_in_the_package_never_leave_it(conn, clock, gig_home, tmp_path, books):
    done = export.export(conn, clock, gig_home, NOV, tmp_path)
    root = done.path.resolve()
    for path in done.path.rglob("*"):
        assert path.resolve().is_relative_to(root)
    assert not (tmp_path / "etc").exists()
    assert {p.name for p in tmp_path.iterdir()} <= {"gig-export-2026-11", "inbox", "gig-home"}


def test_long_exports_report_progress(conn, clock, gig_home, tmp_path, books):
    seen: list[tuple[str, int, int]] = []
    export.export(
        conn, clock, gig_home, spans.parse_year("2026"), tmp_path, as_zip=True,
        progress=lambda what, done, total: seen.append((what, done, total)),
    )
    copying = [s for s in seen if s[0] == "Copying receipts"]
    assert copying[-1] == ("Copying receipts", len(NASTY), len(NASTY))
    assert [d for _, d, _ in copying] == sorted(d for _, d, _ in copying)
    assert any(what == "Zipping" for what, _, _ in seen)


def test_an_export_reads_one_moment_while_another_gig_writes(
    conn, clock, gig_home, tmp_path, books, monkeypatch
):
    """A payment and a trip recorded by another gig halfway through are not half in it."""
    real = income_book.list_income
    before_income = len(income_book.list_income(conn, NOV))

    def meanwhile(*args, **kwargs):  # after the receipts are read, before the income is
        other = open_db(gig_home)
        try:
            income_book.add_income(
                other, clock, amount=Money(99900, "USD"), client="Acme", day=date(2026, 11, 20)
            )
            mileage.add_trip(
                other, clock, miles_hundredths=5000, purpose="Late", day=date(2026, 11, 21)
            )
        finally:
            other.close()
        return real(*args, **kwargs)

    monkeypatch.setattr(income_book, "list_income", meanwhile)
    done = export.export(conn, clock, gig_home, NOV, tmp_path / "out")
    assert (done.income, done.trips) == (before_income, 1)
    transactions = read_csv(done.path / "transactions.csv")
    assert sum(1 for row in transactions if row["kind"] == "income") == before_income
    assert [row["purpose"] for row in read_csv(done.path / "mileage.csv")] == ["'=Workshop"]
    # The read ended: this connection sees the new payment now.
    assert not conn.in_transaction
    assert len(real(conn, NOV)) == before_income + 1


def test_a_failed_read_ends_the_export_transaction(conn, clock, gig_home, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(mileage, "list_trips", broken)
    with pytest.raises(Refused, match="Input/output error"):
        export.export(conn, clock, gig_home, NOV, tmp_path / "out")
    assert not conn.in_transaction
    mileage.add_trip(conn, clock, miles_hundredths=100, purpose="After", day=date(2026, 11, 2))


CATEGORY_SHARE = {"office": 100, "meals": 50, "supplies": 100, "owner_draw": 0}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=10**11),
            st.sampled_from(["USD", "EUR", "JPY", "KWD"]),
            st.sampled_from(sorted(CATEGORY_SHARE)),
            st.integers(min_value=1, max_value=100),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_exported_totals_add_up_to_the_cent(tmp_path_factory, clock, items):
    """Every CSV's amounts, read back as text, sum per currency to what the database holds;
    the deductible share is computed here on its own, rounded once per receipt, half up."""
    home = tmp_path_factory.mktemp("home")
    conn = open_db(home)
    try:
        for n, (cents, currency, category, pct) in enumerate(items):
            receipt_book.add_receipt(
                conn, clock, home, amount=Money(cents, currency), vendor=f"V{n}",
                category=category, business_pct=pct, day=date(2026, 11, 1 + n),
            )
        root = export.export(conn, clock, home, NOV, home / "out").path
        stored = conn.execute(
            "SELECT currency, amount_cents, category, business_pct FROM receipt"
        ).fetchall()
    finally:
        conn.close()

    def major(cents: int, currency: str) -> Decimal:
        return Decimal(cents).scaleb(-minor_digits(currency))

    def deductible(cents: int, category: str, pct: int) -> int:
        exact = Decimal(cents) * pct * CATEGORY_SHARE[category] / 10000
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    rows = read_csv(root / "transactions.csv")
    by_category = read_csv(root / "expenses_by_category.csv")
    quickbooks = [r for p in (root / "quickbooks").iterdir() for r in read_csv(p)]
    assert len(rows) == len(stored) == len(quickbooks)
    for currency in {c for c, *_ in stored}:
        mine = [s for s in stored if s[0] == currency]
        paid = major(sum(s[1] for s in mine), currency)
        business = [s for s in mine if s[2] != "owner_draw"]
        assert -sum(Decimal(r["amount"]) for r in rows if r["currency"] == currency) == paid
        assert sum(Decimal(r["deductible_amount"]) for r in rows if r["currency"] == currency) == (
            major(sum(deductible(s[1], s[2], s[3]) for s in business), currency)
        )
        in_category = [r for r in by_category if r["currency"] == currency]
        assert sum(Decimal(r["amount"]) for r in in_category) == major(
            sum(s[1] for s in business), currency
        )
        assert sum(Decimal(r["deductible_amount"]) for r in in_category) == major(
            sum(deductible(s[1], s[2], s[3]) for s in business), currency
        )
    assert sum(Decimal(r["Amount"]) for r in quickbooks) == sum(Decimal(r["amount"]) for r in rows)


# --- QuickBooks files as Intuit describes them; private, and nothing left behind ----------------


def test_a_large_quickbooks_file_is_split_into_numbered_parts_under_the_limit(
    gig, gig_home, tmp_path, monkeypatch
):
    monkeypatch.setattr(quickbooks, "QUICKBOOKS_MAX_BYTES", 400)  # a few rows a part
    for i in range(1, 13):
        gig("receipts", "add", f"{i}.25", f"Vendor number {i:02d}", "--date", "2026-11-03",
            "--paid-with", "Chase card", "--category", "office")
    gig("export", "month", "2026-11", "--out", str(tmp_path / "out"))
    root = tmp_path / "out" / "gig-export-2026-11"
    parts = sorted((root / "quickbooks").iterdir())
    assert len(parts) >= 2
    assert [p.name for p in parts] == [f"Chase-card_part{n}.csv" for n in range(1, len(parts) + 1)]
    rows = []
    for part in parts:
        raw = part.read_bytes()
        assert len(raw) <= 400
        assert raw.startswith(b"Date,Description,Amount\r\n")  # a header, no byte-order mark
        rows += read_csv(part)
    assert len(rows) == 12
    assert sum(Decimal(r["Amount"]) for r in rows) == -sum(Decimal(f"{i}.25") for i in range(1, 13))
    readme = (root / "README.txt").read_text(encoding="utf-8")
    assert "quickbooks/Chase-card_part1.csv" in readme and "350 KB" in readme


def test_the_package_is_private_whatever_the_umask(gig, gig_home, tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF receipt")
    pdf.chmod(0o777)
    gig("receipts", "add", "42", "Adobe", "--date", "2026-11-03", "--file", str(pdf))
    old = os.umask(0)
    try:
        gig("export", "month", "2026-11", "--out", str(tmp_path / "out"))
        gig("export", "month", "2026-11", "--out", str(tmp_path / "out"), "--zip")
    finally:
        os.umask(old)
    root = tmp_path / "out" / "gig-export-2026-11"
    modes = {p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}
    assert modes["receipts/2026-11/2026-11-03_Adobe_42.00USD_1.pdf"] == 0o600
    assert {m for name, m in modes.items() if (root / name).is_file()} == {0o600}
    assert {m for name, m in modes.items() if (root / name).is_dir()} == {0o700}
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "out" / "gig-export-2026-11.zip").stat().st_mode) == 0o600


def test_leftovers_of_killed_exports_are_removed_once_over_an_hour_old(gig, gig_home, tmp_path):
    out = tmp_path / "out"
    old = [out / ".gig-export-abc123" / "gig-export-2026-10", out / ".gig-tmp-99-0a1b2c"]
    young = out / ".gig-tmp-98-3d4e5f"
    for folder in [*old, young]:
        folder.mkdir(parents=True)
        (folder / "half.csv").write_text("half")
    for folder in (out / ".gig-export-abc123", old[1]):
        for path in [folder, *folder.rglob("*")]:  # all of it, as a killed export's ages
            os.utime(path, (time.time() - 7200, time.time() - 7200))
    mine = out / "notes.partial"  # someone else's file with a name gig uses in its own folder
    mine.write_text("keep")
    gig("export", "month", "2026-11", "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == [
        young.name, "gig-export-2026-11", "notes.partial"
    ]
