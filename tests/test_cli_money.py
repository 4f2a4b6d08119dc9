"""`gig receipts`, `gig income`, `gig mileage`, `gig money` and `gig export` through the CLI.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


def error_line(result) -> str:
    """The one `Error: …` line a refused or bad command must print, and nothing else."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / 'Invoice, "final" 🧾.pdf'
    path.write_bytes(b"%PDF-1.4 adobe")
    return path


def receipts(gig, *args: str) -> list[dict]:
    return gig.json("receipts", "list", "--all", *args)


# --- receipts add ----------------------------------------------------------------------------


def test_add_a_receipt_with_its_file(gig, pdf, gig_home):
    out = gig("receipts", "add", "42.50", "Adobe", "--category", "office", "--file", str(pdf)).stdout
    assert "Filed receipt #1: 42.50 USD to Adobe on Wed 25 Nov 2026." in out
    assert "Category office: Office expense, line 18." in out
    assert "receipts/2026-11/2026-11-25_Adobe_42.50USD_1.pdf" in out
    assert pdf.exists()
    [r] = receipts(gig)
    assert r["amount"] == "42.50" and r["currency"] == "USD" and r["schedule_c_line"] == "18"
    assert r["files"][0]["original_name"] == pdf.name
    assert (gig_home / r["files"][0]["path"]).read_bytes() == pdf.read_bytes()


@pytest.mark.parametrize(
    ("args", "amount", "currency"),
    [
        (["$1,200"], "1200.00", "USD"),
        (["1200 EUR"], "1200.00", "EUR"),
        (["€18"], "18.00", "EUR"),
        (["18", "--currency", "gbp"], "18.00", "GBP"),
        (["9500", "--currency", "JPY"], "9500", "JPY"),
    ],
)
def test_amounts_as_people_type_them(gig, args, amount, currency):
    gig("receipts", "add", args[0], "Shop", "--category", "supplies", *args[1:])
    [r] = receipts(gig)
    assert (r["amount"], r["currency"]) == (amount, currency)


def test_decimal_comma_is_read_only_when_the_config_says_so(gig):
    result = gig("receipts", "add", "1.200,50", "Shop", code=2)
    message = error_line(result)
    assert "ambiguous" in message and "1200.50 with a decimal comma" in message
    assert "with a decimal point it would be 1.20050" in message  # both readings, none taken
    assert "gig config set decimal-comma true" in message
    assert receipts(gig) == []
    gig("config", "set", "decimal-comma", "true")
    gig("receipts", "add", "1.200,50", "Shop", "--category", "supplies")
    assert receipts(gig)[0]["amount"] == "1200.50"


def test_a_vendor_note_or_file_name_with_awkward_text_comes_back_intact(gig, tmp_path, gig_home):
    vendor = 'Café "Olé", =HYPERLINK("http://x") ../../etc 🧾\nsecond line'
    note = "-2+3, @SUM(A1) / \\ 'quoted'"
    source = tmp_path / "../inbox, \"x\" 🧾.pdf"
    source.write_bytes(b"receipt")
    gig(
        "receipts", "add", "12", vendor, "--category", "other", "--note", note,
        "--file", str(source),
    )
    [r] = receipts(gig)
    assert r["vendor"] == vendor and r["note"] == note
    path = r["files"][0]["path"]
    assert path.startswith("receipts/2026-11/") and path.count("/") == 2
    assert (gig_home / path).read_bytes() == b"receipt"
    assert r["files"][0]["original_name"] == source.name
    rows = list(csv.DictReader(io.StringIO(gig("receipts", "list", "--all", "--csv").stdout)))
    # JSON is exact; CSV is for spreadsheets, where a note that starts like a formula is text.
    assert rows[0]["vendor"] == vendor and rows[0]["note"] == "'" + note
    assert vendor.splitlines()[0][:10] in gig("receipts", "show", "1").stdout


def test_tables_show_markup_and_control_characters_as_typed(gig):
    gig("receipts", "add", "12", "[red]Acme[/red] [link=http://x]co", "--category", "office",
        "--note", "tab\there \x1b[31mred")
    shown = gig("receipts", "list").stdout
    assert "[red]Acme[/" in shown and "[link=http:" in shown  # printed, not run as markup
    assert "\x1b" not in shown  # a terminal escape is not passed to the terminal
    detail = gig("receipts", "show", "1").stdout
    assert "[red]Acme[/red] [link=http://x]co" in detail and "\x1b" not in detail
    assert gig.json("receipts", "show", "1")["note"] == "tab\there \x1b[31mred"  # kept as typed
    gig("mileage", "add", "3", "--purpose", "[bold]visit[/bold]")
    assert "[bold]visit" in gig("mileage", "list").stdout


def test_the_same_file_twice_is_refused_with_the_receipt_that_has_it(gig, pdf):
    gig("receipts", "add", "42.50", "Adobe", "--file", str(pdf))
    message = error_line(gig("receipts", "add", "42.50", "Adobe", "--file", str(pdf), code=1))
    assert "already filed with receipt #1" in message
    assert len(receipts(gig)) == 1


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["ninety", "Shop"], 2, "'ninety' is not an amount"),
        (["0", "Shop"], 2, "more than zero"),
        (["12", "Shop", "--currency", "XYZ"], 2, "'XYZ' is not an ISO 4217 currency code"),
        (["12 EUR", "Shop", "--currency", "USD"], 2, "says EUR but --currency says USD"),
        (["12", "Shop", "--category", "meal"], 2, "did you mean meals"),
        (["12", "Shop", "--category", "other"], 2, "needs a description"),
        (["12", "Shop", "--business-pct", "0"], 2, "whole percent from 1 to 100"),
        (["12", "Shop", "--business-pct", "150%"], 2, "whole percent from 1 to 100"),
        (["12", "Shop", "--date", "2026-12-01"], 2, "in the future"),
        (["12", "Shop", "--date", "someday"], 2, "'someday' is not a day"),
        (["12", "Shop", "--client", "Nobody"], 2, "no client named 'Nobody'"),
        (["12", "Shop", "--file", "/no/such/file.pdf"], 2, "no file at '/no/such/file.pdf'"),
        (["12", ""], 2, "vendor cannot be empty"),
    ],
)
def test_bad_receipts_get_one_clear_line(gig, args, code, says):
    assert says in error_line(gig("receipts", "add", *args, code=code))
    assert receipts(gig) == []


def test_a_file_that_is_a_folder_is_refused(gig, tmp_path):
    message = error_line(gig("receipts", "add", "12", "Shop", "--file", str(tmp_path), code=2))
    assert "is a folder" in message


# --- receipts list, show, edit, delete, attach, check ---------------------------------------


@pytest.fixture
def month_of_receipts(gig, pdf):
    gig("client", "add", "Acme")
    gig("receipts", "add", "42.50", "Adobe", "-c", "office", "--file", str(pdf))
    gig("receipts", "add", "180", "Hilton", "-c", "lodging", "--date", "2026-11-03")
    gig("receipts", "add", "60", "Lunch", "-c", "meals", "--client", "Acme", "--business-pct", "50")
    gig("receipts", "add", "99", "Old one", "-c", "supplies", "--date", "2026-10-30")


def test_list_filters(gig, month_of_receipts):
    assert [r["vendor"] for r in gig.json("receipts", "list")] == ["Hilton", "Adobe", "Lunch"]
    assert [r["vendor"] for r in receipts(gig)] == ["Old one", "Hilton", "Adobe", "Lunch"]
    october = gig.json("receipts", "list", "--month", "2026-10")
    assert [r["vendor"] for r in october] == ["Old one"]
    assert [r["vendor"] for r in gig.json("receipts", "list", "--category", "meals")] == ["Lunch"]
    assert [r["vendor"] for r in gig.json("receipts", "list", "--client", "acme")] == ["Lunch"]
    missing = gig.json("receipts", "list", "--missing-file")
    assert [r["vendor"] for r in missing] == ["Old one", "Hilton"]
    lunch = gig.json("receipts", "list", "--category", "meals")[0]
    assert lunch["deductible"] == "15.00"  # 60.00 × 50 % business × 50 % meals


def test_list_as_a_table_and_csv(gig, month_of_receipts):
    out = gig("receipts", "list").stdout
    assert "Receipts, November 2026" in out and "Hilton" in out and "Old one" not in out
    assert "3 receipts: 282.50 USD paid, 237.50 USD deductible" in out
    rows = list(csv.DictReader(io.StringIO(gig("receipts", "list", "--csv").stdout)))
    assert [r["vendor"] for r in rows] == ["Hilton", "Adobe", "Lunch"]
    assert rows[1]["files"].startswith("receipts/2026-11/")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--month", "2026-13"], "months go from 01 to 12"),
        (["--month", "nov", "--all"], "choose one of --month, --year and --all"),
        (["--json", "--csv"], "choose one of --json and --csv"),
        (["--category", "nope"], "no category 'nope'; see `gig receipts categories`"),
        (["--year", "26"], "'26' is not a year"),
    ],
)
def test_bad_list_options(gig, args, says):
    assert says in error_line(gig("receipts", "list", *args, code=2))


def test_show_edit_attach_delete(gig, month_of_receipts, tmp_path, gig_home):
    shown = gig("receipts", "show", "2").stdout
    assert "Hilton" in shown and "line 24a" in shown and "one is needed" in shown
    bill = tmp_path / "hilton.jpg"
    bill.write_bytes(b"hotel bill")
    out = gig("receipts", "attach", "2", str(bill)).stdout
    assert "as receipts/2026-11/2026-11-03_Hilton_180.00USD_2.jpg" in out
    gig("receipts", "edit", "2", "--vendor", "Hilton Paris", "--date", "2026-11-04")
    r = gig.json("receipts", "show", "2")
    assert r["files"][0]["path"] == "receipts/2026-11/2026-11-04_Hilton-Paris_180.00USD_2.jpg"
    assert (gig_home / r["files"][0]["path"]).read_bytes() == b"hotel bill"
    gig("receipts", "edit", "3", "--no-client", "--business-pct", "100%")
    assert gig.json("receipts", "show", "3")["client"] is None
    assert "nothing to change" in error_line(gig("receipts", "edit", "3", code=2))
    assert "--currency goes with --amount" in error_line(
        gig("receipts", "edit", "3", "--currency", "EUR", code=2)
    )
    assert "no receipt #99" in error_line(gig("receipts", "show", "99", code=2))
    gig("receipts", "delete", "2", input="n\n", code=1)
    assert gig.json("receipts", "show", "2")["id"] == 2
    out = gig("receipts", "delete", "2", "--yes").stdout
    assert "Deleted receipt #2." in out and "trash/receipts/2026-11/" in out
    assert "no receipt #2" in error_line(gig("receipts", "show", "2", code=2))


def test_check_reports_problems_and_exits_1(gig, month_of_receipts, gig_home):
    assert "All 1 receipt files are in place and unchanged." in gig("receipts", "check").stdout
    path = gig.json("receipts", "show", "1")["files"][0]["path"]
    (gig_home / path).unlink()
    (gig_home / "receipts" / "2026-11" / "stray.pdf").write_bytes(b"?")
    problems = json.loads(gig("receipts", "check", "--json", code=1).stdout)
    assert {(p["problem"], p["path"]) for p in problems} == {
        ("missing", path),
        ("unreferenced", "receipts/2026-11/stray.pdf"),
    }
    assert "missing" in gig("receipts", "check", code=1).stdout


def test_a_vanished_receipt_file_is_put_back_with_attach(gig, month_of_receipts, gig_home, pdf):
    path = gig.json("receipts", "show", "1")["files"][0]["path"]
    (gig_home / path).unlink()
    message = error_line(gig("receipts", "add", "5", "Again", "--file", str(pdf), code=1))
    assert "receipt #1" in message and "gig receipts attach 1 FILE" in message
    out = gig("receipts", "attach", "1", str(pdf)).stdout
    assert f"Put back {path} for receipt #1" in out
    assert (gig_home / path).read_bytes() == pdf.read_bytes()
    assert "All 1 receipt files are in place" in gig("receipts", "check").stdout


def test_categories_list_and_user_categories(gig):
    data = gig.json("receipts", "categories", "--year", "2024")
    by_key = {c["key"]: c for c in data["categories"]}
    assert by_key["other"]["schedule_c_line"] == "27a"
    assert gig.json("receipts", "categories", "--year", "2025")["categories"]
    assert {c["key"]: c for c in gig.json("receipts", "categories")["categories"]}["other"][
        "schedule_c_line"
    ] == "27b"
    assert gig.json("receipts", "categories")["note"].startswith("gig does not have the 2026")
    assert by_key["estimated_tax"]["kind"] == "owner"
    out = gig(
        "receipts", "categories", "add", "software", "Software subscriptions", "--line", "18"
    ).stdout
    assert "Schedule C line 18 (Office expense)" in out
    gig("receipts", "categories", "add", "fines", "Parking fines", "--not-deductible")
    gig("receipts", "add", "30", "City", "-c", "fines")
    assert receipts(gig)[0]["deductible"] == "0.00"
    assert "exactly one of --line" in error_line(
        gig("receipts", "categories", "add", "x_y", "X", code=2)
    )
    assert "not a Schedule C expense line" in error_line(
        gig("receipts", "categories", "add", "x_y", "X", "--line", "99", code=2)
    )
    assert "'0' is not a deductible share" in error_line(
        gig("receipts", "categories", "add", "x_y", "X", "--line", "office",
            "--deductible-pct", "0", code=2)
    )
    gig("receipts", "categories", "add", "gifts", "Client gifts", "--line", "other",
        "--deductible-pct", "50%")
    gig("receipts", "add", "40", "Florist", "-c", "gifts", "--business-pct", "50")
    gift = next(r for r in receipts(gig) if r["vendor"] == "Florist")
    assert (gift["deductible"], gift["schedule_c_line"]) == ("10.00", "27b")  # 40 × 50% × 50%
    assert "1 receipt(s) use 'fines'" in error_line(
        gig("receipts", "categories", "remove", "fines", code=1)
    )
    assert "Removed category software." in gig("receipts", "categories", "remove", "software").stdout
    rows = list(csv.DictReader(io.StringIO(gig("receipts", "categories", "--csv").stdout)))
    assert "fines" in {r["key"] for r in rows}
    assert "Categories and Schedule C lines, tax year 2026" in gig("receipts", "categories").stdout


# --- income and mileage ----------------------------------------------------------------------


def test_income(gig):
    gig("client", "add", "Acme")
    out = gig("income", "add", "2,400", "acme", "--invoice", "INV-7", "--form", "nec").stdout
    assert "Recorded income #1: 2,400.00 USD from Acme for invoice INV-7" in out
    assert "income #1" in error_line(gig("income", "add", "100", "Acme", "--invoice", "INV-7",
                                         code=1))
    gig("income", "add", "100", "Acme", "--invoice", "INV-7", "--allow-duplicate", "--date",
        "2026-10-02")
    assert [i["amount"] for i in gig.json("income", "list")] == ["2400.00"]
    assert [i["form"] for i in gig.json("income", "list", "--all")] == ["none", "1099-NEC"]
    rows = list(csv.DictReader(io.StringIO(gig("income", "list", "--year", "2026", "--csv").stdout)))
    assert len(rows) == 2
    gig("income", "edit", "2", "--amount", "150 EUR", "--note", "wire")
    assert gig.json("income", "list", "--month", "2026-10")[0]["currency"] == "EUR"
    assert "W-2" in error_line(gig("income", "add", "10", "Acme", "--form", "W-2", code=2))
    gig("income", "delete", "2", "--yes")
    assert len(gig.json("income", "list", "--all")) == 1
    assert "Income, November 2026" in gig("income", "list").stdout


def test_a_first_payment_creates_its_client_but_a_typo_is_refused(gig):
    out = gig("income", "add", "500", "Beta Labs").stdout
    assert out.startswith("Created client 'Beta Labs'.\nRecorded income #1: 500.00 USD from Beta")
    assert [c["name"] for c in gig.json("client", "list")] == ["Beta Labs"]
    assert "Created" not in gig("income", "add", "100", "beta labs").stdout
    result = gig("income", "add", "10", "Beta Lab", code=2)
    assert error_line(result) == (
        "Error: no client named 'Beta Lab'; did you mean 'Beta Labs'? "
        "(give --new-client if it is a new one)"
    )
    assert len(gig.json("income", "list", "--all")) == 2
    assert len(gig.json("client", "list")) == 1


@pytest.mark.parametrize(
    ("known", "typed", "refused"),
    [
        ("Acme", "Acne", True),  # one letter wrong in a short name
        ("Acme", "Amce", True),  # two swapped
        ("IBM", "IBMM", True),  # one extra
        ("Acme Inc.", "Acme Inc", True),
        ("Acme", "Globex", False),
        ("Acme Corp", "Acme Labs", False),
    ],
)
def test_income_for_a_likely_typo_of_a_client(gig, known, typed, refused):
    gig("client", "add", known)
    if refused:
        result = gig("income", "add", "10", typed, code=2)
        assert f"did you mean {known!r}?" in error_line(result)
        assert gig.json("income", "list", "--all") == []
    else:
        assert f"Created client {typed!r}." in gig("income", "add", "10", typed).stdout


def test_mileage(gig):
    out = gig("mileage", "add", "23.4", "--purpose", "Workshop at Acme").stdout
    assert "23.40 miles on Wed 25 Nov 2026, 16.97 USD at 72.5¢/mile (IRS Notice 2026-10)" in out
    gig("mileage", "add", "100", "--purpose", "Conference", "--date", "2025-06-01")
    gig("mileage", "add", "10", "--purpose", "Office", "--commute")
    trips = gig.json("mileage", "list", "--all")
    assert [t["value"] for t in trips] == ["70.00", "16.97", "0.00"]
    assert trips[0]["rate_source"] == "IRS Notice 2025-5"
    rows = list(csv.DictReader(io.StringIO(gig("mileage", "list", "--all", "--csv").stdout)))
    assert rows[0]["rate_cents_per_mile"] == "70"
    listed = gig("mileage", "list", "--all").stdout
    footer = next(line for line in listed.splitlines() if "3 trips" in line)
    assert footer.split()[:3] == ["133.40", "3", "trips"]  # the miles column adds up
    assert "133.40 miles, of which 10.00 commute (not deductible)." in listed
    assert "Missing option '--purpose'" in gig("mileage", "add", "12", code=2).stderr
    assert "not a distance" in error_line(gig("mileage", "add", "ten", "-p", "x", code=2))
    assert "from 2022-01-01" in error_line(
        gig("mileage", "add", "5", "-p", "x", "--date", "2021-05-05", code=1)
    )
    gig("mileage", "edit", "1", "--miles", "25")
    assert gig.json("mileage", "list")[0]["value"] == "18.13"
    gig("mileage", "delete", "3", "--yes")
    rates = gig.json("mileage", "rates")
    assert {"since": "2026-01-01", "cents_per_mile": "72.5", "source": "IRS Notice 2026-10"} in rates


def test_editing_an_amount_keeps_the_records_own_currency(gig):
    gig("client", "add", "Acme")
    gig("receipts", "add", "100 EUR", "Hotel", "-c", "lodging")
    gig("income", "add", "900 EUR", "Acme", "--date", "2026-11-02")
    out = gig("receipts", "edit", "1", "--amount", "120").stdout
    assert "Updated receipt #1: 120.00 EUR to Hotel" in out
    assert "Updated income #1: 1,000.00 EUR from Acme" in gig(
        "income", "edit", "1", "--amount", "1000"
    ).stdout
    # A currency written in the amount, or --currency, still wins.
    gig("receipts", "edit", "1", "--amount", "130 GBP")
    assert (receipts(gig)[0]["amount"], receipts(gig)[0]["currency"]) == ("130.00", "GBP")
    gig("income", "edit", "1", "--amount", "1100", "--currency", "USD")
    [paid] = gig.json("income", "list")
    assert (paid["amount"], paid["currency"]) == ("1100.00", "USD")


def test_an_unreadable_receipt_file_is_one_clear_line(gig, tmp_path, monkeypatch):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(b"%PDF secret")
    locked.chmod(0)
    real_open = Path.open

    def refuse(self, *args, **kwargs):  # root reads anything, so refuse as the OS would
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    message = error_line(gig("receipts", "add", "12", "Shop", "--file", str(locked), code=2))
    assert message == f"Error: cannot read {str(locked)!r}: Permission denied"
    assert receipts(gig) == []
    gig("receipts", "add", "12", "Shop", "-c", "supplies")
    message = error_line(gig("receipts", "attach", "1", str(locked), code=2))
    assert message == f"Error: cannot read {str(locked)!r}: Permission denied"
    assert receipts(gig)[0]["files"] == []


def test_empty_or_contradictory_edits_are_refused(gig):
    gig("client", "add", "Acme")
    gig("receipts", "add", "42.50", "Adobe", "-c", "office")
    gig("income", "add", "100", "Acme")
    gig("mileage", "add", "12", "-p", "Workshop")
    for args in (["receipts", "edit", "1"], ["income", "edit", "1"]):
        message = error_line(gig(*args, "--amount", "", code=2))
        assert "an amount is needed" in message
    assert receipts(gig)[0]["amount"] == "42.50"
    assert gig.json("income", "list")[0]["amount"] == "100.00"
    for option in ("--miles", "--date"):
        assert "Updated" not in gig("mileage", "edit", "1", option, "", code=2).stdout
    assert "choose one of --commute and --business" in error_line(
        gig("mileage", "edit", "1", "--commute", "--business", code=2)
    )
    [trip] = gig.json("mileage", "list")
    assert (trip["miles"], trip["commute"], trip["date"]) == ("12.00", False, "2026-11-25")
    gig("mileage", "edit", "1", "--commute")
    assert gig.json("mileage", "list")[0]["commute"] is True
    gig("mileage", "edit", "1", "--business")
    assert gig.json("mileage", "list")[0]["commute"] is False


# --- money -------------------------------------------------------------------------------------


def test_money_nudges(gig, month_of_receipts):
    out = gig("money").stdout
    assert "Last money entry: today (receipt #4, Old one)." in out
    assert "2 expenses need a receipt file" in out
    assert "#2 2026-11-03 Hilton 180.00 USD: lodging always needs a receipt" in out
    assert "#4 2026-10-30 Old one 99.00 USD: 75 USD or more needs a receipt" in out
    data = gig.json("money")
    assert data["days_since_last_entry"] == 0
    assert [r["id"] for r in data["missing_receipts"]] == [4, 2]  # oldest first
    gig.clock.advance(days=10)
    assert "10 days ago" in gig("money").stdout


def test_money_when_empty(gig):
    assert "No money entries yet" in gig("money").stdout


def test_money_month(gig, month_of_receipts):
    gig("project", "add", "site", "--client", "Acme")
    gig("log", "add", "site", "9-13", "--date", "2026-11-24")
    gig("income", "add", "1000", "Acme")
    gig("income", "add", "300 EUR", "Acme")
    gig("mileage", "add", "100", "-p", "Acme")
    data = gig.json("money", "month", "2026-11")
    assert data["income"] == {"EUR": "300.00", "USD": "1000.00"}
    assert data["expenses"] == {"USD": "282.50"}
    assert data["deductible"] == {"USD": "310.00"}  # 42.50 + 180 + 15 + 72.50 mileage
    assert data["net"] == {"EUR": "300.00", "USD": "690.00"}
    [acme] = data["time_by_client"]
    assert acme["hours"] == "4.00"
    assert acme["effective_hourly_rate"] == {"EUR": "75.00", "USD": "250.00"}
    lines = {e["category"]: e["schedule_c_line"] for e in data["expenses_by_category"]}
    assert lines == {"office": "18", "lodging": "24a", "meals": "24b"}
    out = gig("money", "month", "2026-11").stdout
    assert "250.00 USD/h" in out and "Schedule C lines of the 2025 form" in out
    # Deductible (310.00) is more than expenses (282.50): the screen says why.
    assert (
        "Deductible USD includes 72.50 USD of mileage (100.00 miles at 72.5¢/mile), "
        "which is not in expenses." in out
    )
    assert "1,000.00 USD" in out and "300.00 EUR" in out
    assert "Nothing recorded" in gig("money", "month", "2026-01").stdout
    assert "not a month" in error_line(gig("money", "month", "someday", code=2))


# --- export ----------------------------------------------------------------------------------


def test_export_month_zip(gig, month_of_receipts, tmp_path):
    out = gig("export", "month", "2026-11", "--out", str(tmp_path / "out"), "--zip").stdout
    target = tmp_path / "out" / "gig-export-2026-11.zip"
    assert f"Exported November 2026 to {target}" in out
    assert "3 receipts, 0 payments, 0 trips, 1 receipt file" in out
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert "gig-export-2026-11/transactions.csv" in names
    assert "gig-export-2026-11/receipts/2026-11/2026-11-25_Adobe_42.50USD_1.pdf" in names
    again = gig("export", "month", "2026-11", "--out", str(tmp_path / "out"), "--zip", code=1)
    assert "already exists" in error_line(again)


def test_export_defaults_to_the_month_just_closed(gig, month_of_receipts, tmp_path):
    data = gig.json("export", "month", "--out", str(tmp_path))
    assert data["period"] == "2026-10" and data["receipts"] == 1
    assert (tmp_path / "gig-export-2026-10" / "README.txt").exists()


def test_export_year(gig, month_of_receipts, tmp_path):
    data = gig.json("export", "year", "2026", "--out", str(tmp_path))
    assert data["receipts"] == 4
    assert (tmp_path / "gig-export-2026" / "schedule_c.csv").exists()
    assert "'20x6' is not a year" in error_line(gig("export", "year", "20x6", code=2))


# --- speed -------------------------------------------------------------------------------------


def test_receipts_add_stays_off_the_heavy_imports(gig_home, pdf):
    code = (
        "import sys\n"
        "from gigtool.cli import main\n"
        f"sys.argv = ['gig', 'receipts', 'add', '42.50', 'Adobe', '--file', {str(pdf)!r}]\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlmodel', 'sqlalchemy', 'rich', 'pydantic', 'openpyxl'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "Filed receipt #1" in out
    assert "HEAVY []" in out, out


def test_amounts_reach_the_database_as_whole_minor_units(gig, gig_home):
    """4.35 through a float would be 434 cents; SQLite must hold the integer 435."""
    import sqlite3

    gig("client", "add", "Acme")
    gig("receipts", "add", "4.35", "Shop", "-c", "supplies")
    gig("receipts", "add", "1.15 EUR", "Shop", "-c", "supplies")
    gig("income", "add", "0.29", "Acme")
    with sqlite3.connect(gig_home / "gig.db") as db:
        stored = db.execute(
            "SELECT amount_cents, typeof(amount_cents) FROM receipt "
            "UNION ALL SELECT amount_cents, typeof(amount_cents) FROM income"
        ).fetchall()
    assert sorted(stored) == [(29, "integer"), (115, "integer"), (435, "integer")]


# --- deductible shares by tax year --------------------------------------------------------------


def test_restaurant_meals_follow_their_own_years_share(gig, tmp_path):
    """Meals from a restaurant were 100% deductible in 2021 and 2022 (IRS Notice 2021-25)."""
    for day in ("2020-12-31", "2021-01-01", "2022-12-31", "2023-01-01"):
        out = gig("receipts", "add", "60", "Bistro", "--category", "meals", "--date", day).stdout
        assert ("100% deductible in" in out) == day.startswith(("2021", "2022"))
    months = {
        m: gig.json("money", "month", m)["deductible"]
        for m in ("2020-12", "2021-01", "2022-12", "2023-01")
    }
    assert months == {
        "2020-12": {"USD": "30.00"},
        "2021-01": {"USD": "60.00"},
        "2022-12": {"USD": "60.00"},
        "2023-01": {"USD": "30.00"},
    }
    shares = {
        year: {
            c["key"]: c["deductible_pct"]
            for c in gig.json("receipts", "categories", "--year", year)["categories"]
        }["meals"]
        for year in ("2020", "2022", "2026")
    }
    assert shares == {"2020": 50, "2022": 100, "2026": 50}
    assert "IRS Notice 2021-25" in gig("receipts", "categories", "--year", "2022").stdout
    # The accountant's package for 2022 carries the same figure.
    gig("export", "year", "2022", "--out", str(tmp_path))
    folder = tmp_path / "gig-export-2022"
    with open(folder / "expenses_by_category.csv", encoding="utf-8-sig") as f:
        [meals] = [r for r in csv.DictReader(f) if r["category"] == "meals"]
    assert meals["deductible_amount"] == "60.00"
    with open(folder / "schedule_c.csv", encoding="utf-8-sig") as f:
        [line] = [r for r in csv.DictReader(f) if r["line"] == "24b"]
    assert line["amount"] == "60.00"


def test_your_own_categories_keep_the_share_you_gave(gig):
    gig(
        "receipts",
        "categories",
        "add",
        "snacks",
        "Snacks for workshops",
        "--line",
        "meals",
        "--deductible-pct",
        "50",
    )
    gig("receipts", "add", "60", "Store", "--category", "snacks", "--date", "2022-05-02")
    assert gig.json("money", "month", "2022-05")["deductible"] == {"USD": "30.00"}
