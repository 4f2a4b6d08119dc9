"""What a new user met in a week of everyday use: small things a careful reader notices."""

from __future__ import annotations

import pytest


def test_one_of_a_kind_is_said_in_the_singular(gig):
    gig("client", "add", "Acme")
    gig("receipts", "add", "120", "Adobe")
    gig("income", "add", "500", "Acme")
    gig("mileage", "add", "12", "-p", "Client visit")
    assert "1 receipt: 120.00 USD paid" in gig("receipts", "list").stdout
    assert "1 payment " in gig("income", "list").stdout
    assert "1 trip " in gig("mileage", "list").stdout
    money = gig("money").stdout
    assert "1 expense needs a receipt file:" in money
    assert "(s)" not in money


def test_balance_counts_one_warning_in_the_singular(gig):
    gig("log", "add", "acme", "8:00-12:00", "design", "--date", "mon")
    gig("log", "add", "acme", "12:30-17:15", "design", "--date", "mon")
    out = gig("balance").stdout
    assert "1 warning (" in out
    assert "(s)" not in out


def test_every_command_summary_is_one_line_in_the_help():
    """A summary that spans lines breaks mid-sentence in its group's command list."""
    import typer.main

    from gigtool.cli import app

    def walk(command, path):
        summary = (command.help or "").strip().split("\n\n")[0]
        assert "\n" not in summary, f"{path}: {summary!r}"
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "gig")


def test_client_help_lists_rename_on_one_line(gig):
    listed = gig("client", "--help").stdout
    line = next(x for x in listed.splitlines() if "rename" in x)
    assert "alias" in line


def test_a_client_named_in_part_is_suggested_wherever_a_client_is_asked_for(gig):
    gig("client", "add", "Globex Corporation")
    out = gig("project", "add", "api", "--client", "Globex", code=2)
    assert "no client named 'Globex'; did you mean 'Globex Corporation'?" in out.stderr
    out = gig("log", "report", "--client", "globex", code=2)
    assert "did you mean 'Globex Corporation'?" in out.stderr
    assert "did you mean" not in gig("project", "add", "x", "--client", "Zeta", code=2).stderr


def test_a_guessed_date_order_is_shown_with_a_date_from_the_file(gig):
    from pathlib import Path

    path = Path(__file__).parent / "data" / "imports" / "clockify-2024.csv"
    out = gig("log", "import", "toggl", str(path), "--dry-run").stdout
    assert "Dates such as 03/04 were read month first (4 Mar, not 3 Apr)" in out
    assert "2011" not in out


def test_continue_while_a_timer_runs_says_what_would_work(gig):
    gig("log", "add", "acme", "9-10", "design")
    gig("log", "start", "beta", "review")
    message = gig("log", "continue", code=1).stderr
    assert "is still running; stop it first (`gig log stop`)" in message
    assert "gig log continue 1" not in message  # the way is named, not guessed
    gig("log", "continue", "1")  # and the way named works
    assert "acme" in gig("log", "status").stdout


def test_income_totals_each_currency_on_its_own_line(gig, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    gig("client", "add", "Globex Corporation")
    gig("client", "add", "Initech")
    gig("income", "add", "2400 EUR", "Globex Corporation")
    gig("income", "add", "300", "Initech")
    out = gig("income", "list").stdout
    assert " + " not in out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "2 payments" in line)
    assert lines[at].rstrip().endswith("2,400.00 EUR")
    assert lines[at + 1].strip() == "300.00 USD"
    assert "Globex Corporation" in out  # the client no longer wraps to make room


def test_the_morning_view_wraps_long_lines_under_themselves(gig, clock, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    gig("log", "start", "acme", "--at", "8:00")
    clock.advance(hours=4)  # a runaway timer: the longest line the view has
    lines = gig().stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    at = next(i for i, line in enumerate(lines) if "alert runaway" in line)
    assert lines[at].startswith("           alert runaway: timer #1 has run 10h 30m")
    assert lines[at + 1].startswith(" " * 11) and lines[at + 1][11] != " "


def test_the_morning_view_never_breaks_a_duration_or_a_date(gig, clock, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    gig("client", "add", "Big Co")
    for i in range(7):
        gig("task", "add", f"Chore {i}", "--due", "tomorrow", "-c", "Big Co")
    gig("log", "start", "acme", "--at", "8:00")
    clock.advance(hours=4)
    out = gig().stdout
    # Only a command to copy may pass the width, kept whole on its own line.
    assert all(len(x) <= 60 or "(gig task list" in x for x in out.splitlines())
    assert "(gig task list -c 'Big Co' --due-before 2026-11-28)" in out
    for line in out.splitlines():
        assert not line.rstrip().endswith(("h", "-", "(")), line
    assert "2026-11-28" in out and "10h 30m" in out


def test_an_overlap_says_the_times_it_read(gig):
    gig("log", "add", "acme", "20-21", "invoices", "--date", "mon")
    gig("log", "add", "acme", "7-8", "early", "--date", "tue")
    # 7:30 before Monday's 22:00 start is read as Tuesday's 7:30; the refusal shows it.
    message = gig("log", "edit", "1", "--start", "22:00", "--end", "7:30", code=1).stderr
    assert message.startswith("Error: 22:00 Mon 23 Nov to 07:30 Tue 24 Nov would overlap")


@pytest.mark.parametrize(
    "args",
    [
        ["log", "edit", "1", "--end", "9:00"],
        ["log", "add", "acme", "14-13", "--date", "mon"],
        ["log", "add", "acme", "--start", "14:00", "--end", "13:00", "--date", "mon"],
    ],
)
def test_an_end_before_the_start_is_a_night_at_most(gig, args):
    """An end read as the next day may make a night's work, never most of a day: a
    tired `--end 9:00` on an entry that began at 10:05 is not 22h 55m of billed time."""
    gig("log", "add", "acme", "10:05-11", "--date", "mon")
    said = gig(*args, code=2).stderr
    assert "ends before it starts; read past midnight it would last 2" in said
    assert [e["duration_seconds"] for e in gig.json("log", "list", "--week")] == [55 * 60]
    gig("log", "add", "acme", "22-6:30", "--date", "-3d")  # a night's work stays easy


def test_an_option_named_in_a_narrow_table_is_never_folded(gig, tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    monkeypatch.setenv("COLUMNS", "80")
    data = Path(__file__).parent / "data" / "imports" / "timew-2018-03.data"
    (tmp_path / "tw").mkdir()
    shutil.copy(data, tmp_path / "tw" / "2018-03.data")
    out = gig(
        "log",
        "import",
        "timew",
        str(tmp_path / "tw"),
        "--project-tag",
        "[Project: *]",
        "--dry-run",
    ).stdout
    mapping = out.split("Projects from tags", 1)[1]
    assert "--project-ta\n" not in mapping.replace(" ", "").replace("\n\n", "\n")
    assert "[Project: Changed Name of 'wait_delta' to 'delta']  " in mapping
    assert mapping.count("--project-tag") == 10
