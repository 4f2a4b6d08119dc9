"""What a person reads: tables that never cut a figure, user text shown as written,
CSV that a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import json

import pytest

from gigtool.cli import output

CLIENT = "Initech International Holdings of the Americas"
PROJECT = "website-redesign-and-content-migration"


@pytest.fixture
def busy(gig):
    """A week with long names and a four-figure amount: 2,173.34 USD on one project."""
    gig("client", "add", CLIENT, "--rate", "2173.34")
    gig("project", "add", PROJECT, "--client", CLIENT)
    gig("project", "add", "quarterly-compliance-reporting", "--client", CLIENT, "--no-billable")
    gig(
        "log", "add", PROJECT, "9-10", "A very long description of the work that was done",
        "+frontend", "+migration", "--date", "mon",
    )  # fmt: skip
    for day in ("mon", "tue", "wed"):
        gig("log", "add", "quarterly-compliance-reporting", "13:30-14:10", "--date", day)
    gig("receipts", "add", "2173.34", "Very Long Vendor Name Incorporated Limited")
    gig("income", "add", "12345.67", CLIENT, "--invoice", "2026-0014-INITECH")
    gig("mileage", "add", "1234.5", "--purpose", "Driving to the Initech offices and back")
    gig("task", "add", "Send the invoice for the fourth quarter to Initech", "-i", "--due", "fri")
    return gig


# Figures 7: at any width from 60 columns up, no table cuts a number ------------------------

# The figures each command shows, and the column each sits in (which may be left out,
# with a note, but never cut).
FIGURES = {
    ("log", "week"): {"2,173.34 USD": "Amount", "1:00": "Mon 23", "3:00": "Total"},
    ("log", "report"): {"2,173.34 USD": "Amount", "33.3%": "Share", "3:00": "Time"},
    ("log", "list"): {"1h 00m": "Time", "Mon 23 Nov": "Date"},
    ("receipts", "list"): {"2,173.34 USD": "Amount", "0.00 USD": "Deductible"},
    ("income", "list"): {"12,345.67 USD": "Amount", "2026-0014-INITECH": "Invoice"},
    ("mileage", "list"): {"1234.50": "Miles", "895.01 USD": "Value"},
    ("money", "month"): {"12,345.67 USD": "Income", "2,173.34 USD": "Paid"},
    ("client", "list"): {"2,173.34 USD/h": "Rate"},
    ("balance",): {"1h 40m": "Hours"},
}


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("command", list(FIGURES), ids=" ".join)
def test_no_table_cuts_a_figure_at_any_width(busy, monkeypatch, width, command):
    monkeypatch.setenv("COLUMNS", str(width))
    shown = busy(*command).stdout
    said = " ".join(shown.split())
    left_out = said[said.find("Left out to fit") :] if "Left out to fit" in said else ""
    for figure, column in FIGURES[command].items():
        assert figure in shown or column in left_out, f"{figure} cut at {width}:\n{shown}"
    assert "…" not in shown, f"something was cropped at {width}:\n{shown}"


def test_log_week_at_80_columns_shows_the_whole_amount(busy, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    shown = busy("log", "week").stdout
    assert "2,173.34 USD" in shown and "2,173." + "\n" not in shown
    # Days with no time (the weekend still ahead) give way first, named in order.
    assert "Left out to fit 80 columns: Sat 28, Sun 29." in shown
    monkeypatch.setenv("COLUMNS", "60")
    shown = busy("log", "week").stdout
    assert "3:00" in shown  # the week's total stays
    said = " ".join(shown.split())  # the note wraps like any line
    assert "Left out to fit 60 columns: Client, Thu 26, Fri 27, Sat 28, Sun 29." in said


def test_a_column_left_out_is_named_and_the_figures_stay(busy, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    shown = busy("log", "list").stdout
    assert "Left out to fit 60 columns:" in shown and "Description" in shown
    assert "1h 00m" in shown
    monkeypatch.setenv("COLUMNS", "200")
    assert "Left out" not in busy("log", "list").stdout


def test_a_link_in_a_description_folds_instead_of_pushing_columns_out(gig, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    gig("client", "add", "Acme")
    gig("project", "add", "site", "--client", "Acme")
    gig("log", "add", "site", "9-10", "https://github.com/example/repository/pull/12345/files")
    shown = gig("log", "list").stdout
    assert "Left out" not in shown
    assert "Acme" in shown and "https://" in shown and "Description" in shown


def test_a_table_that_fits_is_left_as_it_was(busy, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    shown = busy("log", "report").stdout
    assert f"{PROJECT}  {CLIENT}" in shown  # neither wrapped nor shortened


# What was let in 1: Rich markup in stored text is printed, never run ------------------------


def test_markup_in_a_project_tag_or_description_is_printed_as_written(gig, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    gig(
        "log",
        "add",
        "[/]",
        "9-10",
        "[link=https://e.vil]Pay invoice[/link]",
        "+[bold]",
        "-d",
        "mon",
    )
    for command in (["log", "report"], ["log", "week"]):
        for _ in range(2):  # and again: stored markup never breaks a later run
            assert "[/]" in gig(*command).stdout
    assert "[bold]" in gig("log", "report", "--by", "tag").stdout
    shown = gig("log", "list").stdout
    assert "[link=https://e.vil]Pay invoice[/link]" in shown and "[bold]" in shown
    assert "\x1b]8;" not in shown


def test_an_emoji_code_in_user_text_stays_text(gig, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    gig("receipts", "add", "12", ":fire: Shop")
    assert ":fire: Shop" in gig("receipts", "list").stdout


# What was let in 2: control characters in stored text never reach the terminal -------------

NAME = "Acme\x1b[2J\x1b]0;pwned\x07\u202etxt.exe"
HOSTILE = NAME + "\nline two\ttab"


@pytest.mark.parametrize(
    "command",
    [
        ["log", "status"],
        ["log"],
        [],
        ["log", "stop"],
        ["frog"],
        ["task", "show", "1"],
        ["task", "done", "1"],
        ["task", "list"],
        ["log", "report"],
        ["log", "week"],
    ],
    ids=lambda c: " ".join(c) or "gig",
)
def test_escapes_newlines_and_bidi_in_stored_text_are_shown_as_marks(gig, monkeypatch, command):
    monkeypatch.setenv("COLUMNS", "300")
    gig("task", "add", HOSTILE, "-i", "--due", "fri")
    gig("task", "add", "untriaged " + HOSTILE)
    gig("log", "start", NAME, HOSTILE, "--at", "9:00")
    result = gig(*command)
    for text in (result.stdout, result.stderr):
        assert "\x1b" not in text and "\u202e" not in text and "\t" not in text
        assert "\nline two" not in text
    assert "Acme␛[2J␛]0;pwned␇" in result.stdout


def test_confirmations_show_user_text_as_marks(gig):
    said = [
        gig("log", "add", "acme", "9-10", HOSTILE, "-d", "mon").stdout,
        gig("log", "edit", "1", "--description", HOSTILE + "!").stdout,
        gig("receipts", "add", "12", HOSTILE, "--note", HOSTILE).stdout,
        gig("receipts", "edit", "1", "--vendor", HOSTILE + "!").stdout,
        gig("task", "add", HOSTILE).stdout,
        gig("income", "add", "100", "Acme", "--invoice", HOSTILE).stdout,
    ]
    for text in said:
        assert "\x1b" not in text and "\u202e" not in text and "\t" not in text, text
        assert "\nline two" not in text, text
        assert "␛[2J" in text, text


def test_json_stays_exact_and_escapes_what_a_terminal_would_obey(gig):
    gig("log", "add", "acme", "9-10", HOSTILE, "-d", "mon")
    result = gig("log", "list", "--json")
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert json.loads(result.stdout)[0]["description"] == HOSTILE


# What was let in 3: no formula in any CSV --------------------------------------------------

FORMULAS = ["=1+1", "@SUM(1,1)", "+cmd|' /C calc'!A0", '=HYPERLINK("http://e.vil","Pay")', "-2+3"]


def test_every_csv_list_neutralises_formulas_and_keeps_numbers(gig):
    for i, text in enumerate(FORMULAS):
        name = "=" + text if text[0] in "@+-" else text  # gig reserves @, + and -
        gig("client", "add", f"{name} {i}")
        gig("project", "add", f"{name}-p{i}", "--client", f"{name} {i}")
        gig("log", "add", f"{name}-p{i}", f"{9 + i}-{10 + i}", name, "-d", "mon")
        gig("receipts", "add", "12.50", f"{name} shop", f"--note={text}")
        gig("income", "add", "12.50", f"{name} {i}", f"--note={text}")
        gig("mileage", "add", "3", f"--purpose={text}")
        gig("task", "add", f"{name} task")
    commands = [
        ["log", "list"], ["log", "report"], ["log", "week"], ["log", "export"],
        ["receipts", "list"], ["income", "list"], ["mileage", "list"], ["task", "list"],
        ["client", "list"], ["project", "list"],
    ]  # fmt: skip
    for command in commands:
        text = gig(*command, "--csv").stdout
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (command, cell)
                assert not cell.startswith("-") or cell.replace(".", "").lstrip("-").isdigit()
    income = list(csv.DictReader(io.StringIO(gig("income", "list", "--csv").stdout)))
    assert {row["amount"] for row in income} == {"12.50"}  # numbers stay numbers
    assert {row["note"] for row in income} == {"'" + t for t in FORMULAS}


def test_csv_for_a_script_keeps_text_exact_and_on_a_terminal_shows_marks(gig, monkeypatch):
    gig("log", "add", "acme", "9-10", "two\nlines\x1b[31m", "-d", "mon")
    piped = list(csv.DictReader(io.StringIO(gig("log", "list", "--csv").stdout)))
    assert piped[0]["description"] == "two\nlines\x1b[31m"
    monkeypatch.setattr(output, "to_terminal", lambda: True)
    seen = gig("log", "list", "--csv").stdout
    assert "two␊lines␛[31m" in seen and "\x1b" not in seen
