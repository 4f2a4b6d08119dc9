"""`gig task` through the CLI: add, the grid, triage, done/edit/delete/defer, show, quick.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

NEW_YORK = ZoneInfo("America/New_York")


def error_line(result) -> str:
    """The one `Error: …` line a refused or bad command must print, and nothing else."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def listed(gig, *args: str) -> dict[str, dict]:
    return {t["title"]: t for t in gig.json("task", "list", *args)}


# --- add ---------------------------------------------------------------------------------------


def test_add_reads_title_tags_and_options(gig):
    gig("client", "add", "Globex")
    out = gig(
        "task", "add", "Write", "the", "proposal", "+writing", "--due", "fri", "--rank", "A",
        "--estimate", "2h", "--client", "Globex",
    ).stdout
    assert out == "Added #1 Write the proposal: do first · Fri (2d) · 2h 00m · Globex · A.\n"
    task = listed(gig)["Write the proposal"]
    assert task["due"] == "2026-11-27"
    assert task["due_in_days"] == 2
    assert task["tags"] == ["writing"]
    assert (task["important"], task["rank"], task["urgent"]) == (True, "A", True)
    assert task["estimate_seconds"] == 7200
    assert task["client"] == "Globex"
    assert task["created"] == "2026-11-25T14:30:00-05:00"


@pytest.mark.parametrize(
    ("due", "day"),
    [("fri", "2026-11-27"), ("nov 30", "2026-11-30"), ("+3d", "2026-11-28"),
     ("tomorrow", "2026-11-26"), ("2026-12-24", "2026-12-24"), ("wed", "2026-11-25")],
)
def test_due_dates_in_the_time_language(gig, due, day):
    gig("task", "add", "x", "--due", due)
    assert listed(gig)["x"]["due"] == day


def test_untriaged_task_says_how_to_triage(gig):
    out = gig("task", "add", "Call", "the", "bank").stdout
    assert "Added #1 Call the bank: to triage." in out
    assert "gig task triage" in out


def test_project_is_created_like_gig_log_start(gig):
    out = gig("task", "add", "Deploy", "-p", "acme-web", "-i").stdout
    assert "Created project 'acme-web'." in out
    assert listed(gig)["Deploy"]["project"] == "acme-web"


# --- the grid and the list ---------------------------------------------------------------------


@pytest.fixture
def board(gig):
    gig("task", "add", "Invoice", "--due", "today", "-i", "-e", "15m")
    gig("task", "add", "Proposal", "--due", "dec 20", "--rank", "A", "-e", "3h")
    gig("task", "add", "Recruiter", "-u", "-I")
    gig("task", "add", "Inbox", "--rank", "E")
    gig("task", "add", "Bank", "--due", "tomorrow")
    gig("task", "add", "Domain", "-i", "-e", "2m")
    return gig


def test_the_grid_shows_four_quadrants_and_hides_drop_with_a_count(board, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    out = board("task", "list").stdout
    for words in (
        "Do first", "Schedule", "Delegate", "Drop", "Important", "Not urgent",
        "#1 Invoice · today · 15m",
        "#2 Proposal · Sun 20 Dec (25d) · 3h 00m · A",
        "#3 Recruiter",
        "1 hidden (gig task list --all)",
        "To triage (1): gig task triage",
        "#5 Bank · tomorrow",
        "Quick wins: 1 under 5 minutes",
    ):
        assert words in out, words
    assert "Inbox" not in out
    assert "Inbox" in board("task", "list", "--all").stdout
    assert board("task").stdout == out  # `gig task` alone shows the grid


def test_quadrants_in_json(board):
    quadrants = {title: t["quadrant"] for title, t in listed(board).items()}
    assert quadrants == {
        "Invoice": "do-first",
        "Proposal": "schedule",
        "Recruiter": "delegate",
        "Inbox": "drop",
        "Bank": "untriaged",
        "Domain": "schedule",
    }


def test_urgency_window_comes_from_the_config(gig):
    gig("task", "add", "Edge", "--due", "+3d", "-i")
    gig("task", "add", "Past", "--due", "+4d", "-i")
    assert [t["quadrant"] for t in listed(gig).values()] == ["do-first", "schedule"]
    gig("config", "set", "urgency-window", "4")
    assert [t["quadrant"] for t in listed(gig).values()] == ["do-first", "do-first"]
    assert "Urgent (due within 4d)" in gig("task", "list").stdout
    gig("config", "set", "urgency-window", "0")
    assert [t["quadrant"] for t in listed(gig).values()] == ["schedule", "schedule"]
    assert "Urgent (due today)" in gig("task", "list").stdout


def test_flat_list_and_csv(board):
    out = board("task", "list", "--flat").stdout
    assert out.index("Invoice") < out.index("Proposal") < out.index("Recruiter") < out.index("Bank")
    rows = list(csv.DictReader(io.StringIO(board("task", "list", "--csv").stdout)))
    assert [r["title"] for r in rows] == [
        "Invoice", "Proposal", "Domain", "Recruiter", "Inbox", "Bank",
    ]
    assert rows[0]["quadrant"] == "do-first" and rows[0]["estimate_seconds"] == "900"
    assert rows[2]["due"] == ""


def test_filters(gig):
    gig("client", "add", "Acme")
    gig("task", "add", "A1", "--client", "Acme", "+call", "--due", "fri")
    gig("task", "add", "A2", "--client", "Acme", "--due", "dec 10", "-i")
    gig("task", "add", "B1", "+call", "-i")
    assert sorted(listed(gig, "--client", "acme")) == ["A1", "A2"]
    assert sorted(listed(gig, "--tag", "call")) == ["A1", "B1"]
    assert list(listed(gig, "--due-before", "fri")) == ["A1"]
    assert list(listed(gig, "--quadrant", "schedule")) == ["A2", "B1"]
    assert list(listed(gig, "--quadrant", "untriaged")) == ["A1"]
    assert "A2" in gig("task", "list", "-q", "schedule").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--client", "Nobody"], "no client named 'Nobody'"),
        (["--tag", "nope"], "no tag named 'nope'"),
        (["--quadrant", "later"], "'later' is not a quadrant"),
        (["--due-before", "someday"], "'someday' is not a day"),
        (["--json", "--csv"], "choose one of --json and --csv"),
    ],
)
def test_bad_filters(gig, args, message):
    result = gig("task", "list", *args, code=2)
    assert message in error_line(result)


def test_no_tasks_yet(gig):
    assert "No tasks yet. Add one with: gig task add" in gig("task", "list").stdout


# --- triage ------------------------------------------------------------------------------------


@pytest.fixture
def untriaged(gig):
    gig("task", "add", "Bank", "--due", "tomorrow")
    gig("task", "add", "Recruiter")
    gig("task", "add", "Slides")
    gig("task", "add", "Invoice", "-i")
    return gig


def test_triage_lists_the_tasks_when_not_in_a_terminal(untriaged):
    out = untriaged("task", "triage").stdout
    assert "Bank" in out and "Recruiter" in out and "Slides" in out
    assert "Invoice" not in out
    assert "Not a terminal, so here they are" in out
    assert [t["title"] for t in untriaged.json("task", "triage")] == ["Bank", "Recruiter", "Slides"]


def test_interactive_triage_one_key_per_question(untriaged, monkeypatch):
    monkeypatch.setattr("gigtool.cli.tasks._interactive", lambda: True)
    # Bank: not flagged, rank A, 1h. Recruiter: urgent, a wrong key, not important, keep.
    # Slides: q stops.
    out = untriaged("task", "triage", input="na4" + "yxn\r" + "q").stdout
    assert "3 to triage. One key per question" in out
    assert "#1 Bank · tomorrow" in out
    assert "Urgent? (tomorrow: urgent by date anyway) [y/n] n" in out
    assert "Important? [y/n, or rank a-e] a" in out
    assert "→ do first: do these now" in out
    assert "(press one of the keys shown, s to skip this task or q to stop)" in out
    assert "→ delegate: batch, hand off or push back" in out
    assert "Stopped." in out
    assert "Triaged 2 of 3: 1 do first, 1 delegate." in out
    assert "1 still to triage" in out
    tasks = listed(untriaged)
    assert (tasks["Bank"]["rank"], tasks["Bank"]["estimate_seconds"]) == ("A", 3600)
    assert (tasks["Recruiter"]["important"], tasks["Recruiter"]["urgent"]) == (False, True)
    assert tasks["Recruiter"]["estimate_seconds"] is None
    assert tasks["Slides"]["quadrant"] == "untriaged"
    history = untriaged.json("task", "show", "1")["history"]
    assert [(h["kind"], h["detail"]) for h in history][-1] == (
        "triaged", "important (A), estimate 1h 00m",
    )


def test_interactive_triage_skips_and_runs_out_of_input(untriaged, monkeypatch):
    monkeypatch.setattr("gigtool.cli.tasks._interactive", lambda: True)
    out = untriaged("task", "triage", input="s" + "ny\r").stdout
    assert "skipped" in out
    assert "Triaged 1 of 3: 1 schedule." in out
    assert listed(untriaged)["Recruiter"]["quadrant"] == "schedule"
    assert listed(untriaged)["Bank"]["quadrant"] == "untriaged"


def test_nothing_to_triage(gig):
    gig("task", "add", "x", "-i")
    assert "Nothing to triage" in gig("task", "triage").stdout


# --- done, edit, delete, defer -----------------------------------------------------------------


def test_done_and_undo(gig):
    gig("task", "add", "x", "-i")
    gig("task", "add", "y", "-i")
    out = gig("task", "done", "1", "2").stdout
    assert out == "Done: #1 x.\nDone: #2 y.\n"
    assert listed(gig) == {}
    done = gig.json("task", "list", "--done")
    assert [t["done"] for t in done] == ["2026-11-25T14:30:00-05:00"] * 2
    assert gig("task", "done", "1", "--undo").stdout == "Reopened #1 x.\n"
    assert list(listed(gig)) == ["x"]
    assert "already done" in error_line(gig("task", "done", "2", code=1))


def test_done_on_a_repeating_task_makes_the_next(gig):
    gig("task", "add", "Rent", "--every", "month on 1", "-i")
    out = gig("task", "done", "1").stdout
    assert "Next: #2 Rent, due Fri 1 Jan 2027 (every month on the 1st)." in out
    assert listed(gig)["Rent"]["every"] == "every month on the 1st"
    assert gig("task", "done", "1", "--undo").stdout == (
        "Reopened #1 Rent. Its next repeat, #2, is taken back.\n"
    )
    assert "Next: #3 Rent, due Fri 1 Jan 2027" in gig("task", "done", "1").stdout
    assert [t["id"] for t in gig.json("task", "list")] == [3]


def test_monthly_task_stays_at_the_end_of_the_month(gig, clock):
    gig("task", "add", "Books", "--every", "month", "--due", "2027-01-31", "-i")
    clock.current = datetime(2027, 1, 31, 9, 0, tzinfo=NEW_YORK)
    assert "due Sun 28 Feb" in gig("task", "done", "1").stdout
    clock.current = datetime(2027, 2, 28, 9, 0, tzinfo=NEW_YORK)
    assert "due Wed 31 Mar" in gig("task", "done", "2").stdout


def test_daily_task_across_the_start_of_dst(gig, clock):
    clock.current = datetime(2027, 3, 13, 22, 0, tzinfo=NEW_YORK)
    gig("task", "add", "Standup", "--every", "day", "-i")
    assert listed(gig)["Standup"]["due"] == "2027-03-13"
    assert "due Sun 14 Mar" in gig("task", "done", "1").stdout
    clock.current = datetime(2027, 3, 14, 23, 30, tzinfo=NEW_YORK)  # 03:30 UTC on the 15th
    assert listed(gig)["Standup"]["due_in_days"] == 0
    assert "due Mon 15 Mar" in gig("task", "done", "2").stdout


def test_weekly_task_across_the_end_of_dst(gig, clock):
    clock.current = datetime(2026, 10, 31, 12, 0, tzinfo=NEW_YORK)
    gig("task", "add", "Review", "--every", "sun", "-i")
    assert listed(gig)["Review"]["due"] == "2026-11-01"
    clock.current = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK)  # the hour that repeats
    assert listed(gig)["Review"]["due_in_days"] == 0
    assert "due Sun 8 Nov" in gig("task", "done", "1").stdout


def test_edit(gig):
    gig("task", "add", "x", "--due", "fri")
    out = gig("task", "edit", "1", "--due", "mon", "--rank", "B", "-e", "1h", "-t", "deep").stdout
    assert out == (
        "Updated #1 x: due Fri 27 Nov → Mon 30 Nov; now important (B); "
        "estimate none → 1h 00m; +deep.\n"
    )
    task = listed(gig)["x"]
    assert (task["due"], task["rank"], task["estimate_seconds"]) == ("2026-11-30", "B", 3600)
    gig("task", "edit", "1", "--no-due", "--no-estimate", "--untag", "deep", "-m", "y")
    task = listed(gig)["y"]
    assert (task["due"], task["estimate_seconds"], task["tags"]) == (None, None, [])
    # -i on a B task keeps its letter; saying what is already so changes nothing.
    assert gig("task", "edit", "1", "-i").stdout == "No change: #1 y was already like that.\n"
    assert listed(gig)["y"]["rank"] == "B"
    assert "now not important" in gig("task", "edit", "1", "-I").stdout
    assert listed(gig)["y"]["rank"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "nothing to change"),
        (["--due", "fri", "--no-due"], "give --due or --no-due, not both"),
        (["-e", "lots"], "'lots' is not a duration"),
        (["-m", "  "], "a task needs a title"),
        (["--every", "sometimes"], "'sometimes' is not a repeat"),
        (["-i", "--rank", "D"], "rank D means not important"),
    ],
)
def test_bad_edits(gig, args, message):
    gig("task", "add", "x")
    assert message in error_line(gig("task", "edit", "1", *args, code=2))


def test_delete_asks_first(gig):
    gig("task", "add", "x")
    result = gig("task", "delete", "1", input="n\n", code=1)
    assert "Nothing changed" in result.stderr
    assert list(listed(gig)) == ["x"]
    assert gig("task", "delete", "1", "--yes").stdout == "Deleted task #1 x.\n"
    assert listed(gig) == {}


def test_a_deferred_task_is_hidden_until_its_day(gig, clock):
    gig("task", "add", "Taxes", "-i", "-e", "2m")
    out = gig("task", "defer", "1", "--until", "mon").stdout
    assert out.startswith("Deferred #1 Taxes until Mon 30 Nov;")
    assert listed(gig) == {}
    assert "Deferred: 1 hidden until their day" in gig("task", "list").stdout
    assert "No quick wins" in gig("task", "quick").stdout
    assert listed(gig, "--all")["Taxes"]["deferred_until"] == "2026-11-30"
    clock.current = datetime(2026, 11, 29, 23, 59, tzinfo=NEW_YORK)
    assert listed(gig) == {}
    clock.current = datetime(2026, 11, 30, 0, 0, tzinfo=NEW_YORK)
    assert list(listed(gig)) == ["Taxes"]
    assert "Taxes" in gig("task", "quick").stdout


def test_defer_defaults_to_tomorrow_and_today_brings_it_back(gig):
    gig("task", "add", "x")
    assert "until Thu 26 Nov" in gig("task", "defer", "1").stdout
    assert gig("task", "defer", "1", "--until", "today").stdout == "#1 x is back on the list.\n"
    assert list(listed(gig)) == ["x"]


# --- show, quick, time on tasks ----------------------------------------------------------------


def test_show_has_the_history(gig, clock):
    gig("task", "add", "Proposal", "--due", "yesterday", "-e", "2h")
    clock.advance(minutes=10)
    gig("task", "edit", "1", "--due", "fri", "--rank", "A")
    clock.advance(minutes=10)
    gig("log", "start", "--task", "1")
    clock.advance(minutes=45)
    gig("log", "stop")
    out = gig("task", "show", "1").stdout
    assert out.splitlines()[0] == "#1 Proposal"
    for words in (
        "Status     open",
        "Quadrant   Do first: do these now",
        "Importance important, rank A (must)",
        "Due        Fri 27 Nov (in 2 days)",
        "Time       estimate 2h 00m, tracked 45m",
        "Put off    1 time",
        "Wed 25 Nov 14:30  created   due Tue 24 Nov, estimate 2h 00m",
        "Wed 25 Nov 14:40  pushed    due date pushed back from Tue 24 Nov (passed) to Fri 27 Nov",
        "Wed 25 Nov 14:40  triaged   important (A)",
        "Wed 25 Nov 14:50  tracked   45m (time entry #1)",
    ):
        assert words in out, words
    data = gig.json("task", "show", "1")
    assert data["put_off"] == 1 and data["tracked_seconds"] == 2700
    assert [h["kind"] for h in data["history"]] == ["created", "pushed", "triaged", "tracked"]


def test_log_start_on_a_task_takes_its_project_and_title(gig, clock):
    gig("client", "add", "Acme")
    gig("project", "add", "acme-api", "--client", "Acme")
    gig("task", "add", "API review", "-p", "acme-api", "-e", "2h", "-i")
    out = gig("log", "start", "--task", "1").stdout
    assert 'Started #1 acme-api "API review" at 14:30 today.' in out
    entry = gig.json("log", "status")
    assert (entry["project"], entry["client"], entry["description"]) == (
        "acme-api", "Acme", "API review",
    )
    clock.advance(minutes=30)
    assert "30m / 2h 00m" in gig("task", "list", "--flat").stdout
    gig("log", "start", "--task", "1", "acme-api", "second", "pass")
    assert gig.json("log", "status")["description"] == "second pass"
    assert listed(gig)["API review"]["tracked_seconds"] == 1800


def test_quick_wins(gig):
    gig("task", "add", "Renew", "domain", "-e", "2m")
    gig("task", "add", "Reply", "-e", "5m", "--due", "fri")
    gig("task", "add", "Report", "-e", "6m")
    out = gig("task", "quick").stdout
    assert "if it takes less than 5 minutes, do it now" in out
    assert "Renew domain" in out and "Reply" in out and "Report" not in out
    assert [t["title"] for t in gig.json("task", "quick")] == ["Renew domain", "Reply"]
    rows = list(csv.DictReader(io.StringIO(gig("task", "quick", "--csv").stdout)))
    assert [r["estimate_seconds"] for r in rows] == ["120", "300"]


# --- bad input ---------------------------------------------------------------------------------


def test_a_due_date_in_the_past_is_accepted_with_a_note(gig):
    result = gig("task", "add", "Call", "accountant", "--due", "2026-11-20", "-i")
    assert "Added #1 Call accountant: do first · 5d overdue." in result.stdout
    assert result.stderr == "Note: Fri 20 Nov has passed, so #1 is overdue already.\n"
    assert listed(gig)["Call accountant"]["due_in_days"] == -5
    assert "5d overdue" in gig("task", "list").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["done", "9"],
        ["done", "9", "--undo"],
        ["edit", "9", "-i"],
        ["delete", "9", "--yes"],
        ["defer", "9"],
        ["show", "9"],
    ],
)
def test_unknown_ids(gig, args):
    assert error_line(gig("task", *args, code=2)) == "Error: no task #9; see `gig task list`"


def test_unknown_task_for_the_timer(gig):
    result = gig("log", "start", "--task", "9", code=2)
    assert error_line(result) == "Error: no task #9; see `gig task list`"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "a task needs a title"),
        (["   "], "a task needs a title"),
        (["+tag-only"], "a task needs a title"),
        (["x", "-e", "banana"], "estimate: 'banana' is not a duration"),
        (["x", "-e", "3"], "add a unit (try 3m or 3h)"),
        (["x", "-e", "0h"], "an estimate must be more than zero"),
        (["x", "-e", "-2h"], "durations cannot be negative"),
        (["x", "--due", "someday"], "--due: 'someday' is not a day"),
        (["x", "--due", "feb 30"], "February has no day 30"),
        (["x", "--rank", "Z"], "'Z' is not a rank"),
        (["x", "--every", "now and then"], "is not a repeat"),
        (["x", "--client", "Nobody"], "no client named 'Nobody'"),
        (["x", "+bad tag"], "has spaces"),
    ],
)
def test_bad_input_to_add(gig, args, message):
    assert message in error_line(gig("task", "add", *args, code=2))
    assert listed(gig) == {}


def test_defer_to_a_past_day(gig):
    gig("task", "add", "x")
    result = gig("task", "defer", "1", "--until", "yesterday", code=2)
    assert error_line(result) == "Error: Tue 24 Nov has passed; defer to a day from tomorrow on"


def test_flat_list_hides_the_drop_quadrant_with_a_count(gig) -> None:
    gig("task", "add", "Important thing", "-i")
    gig("task", "add", "Newsletter", "-I")
    out = gig("task", "list", "--flat").stdout
    assert "Important thing" in out and "Newsletter" not in out
    assert "1 in drop (neither urgent nor important) hidden; --all shows them." in out
    assert "Newsletter" in gig("task", "list", "--flat", "--all").stdout
    assert "Newsletter" in gig("task", "list", "--flat", "--quadrant", "drop").stdout


def test_a_day_of_the_year_just_passed_is_overdue_not_next_year(gig):
    result = gig("task", "add", "Send", "the", "timesheet", "--due", "nov 20", "-i")
    assert "Added #1 Send the timesheet: do first · 5d overdue." in result.stdout
    assert result.stderr == "Note: Fri 20 Nov has passed, so #1 is overdue already.\n"
    gig("task", "add", "Renew", "insurance", "--due", "jan 5")
    assert listed(gig)["Renew insurance"]["due"] == "2027-01-05"


# --- how it looks in a terminal ----------------------------------------------------------------


@pytest.fixture
def busy(gig):
    gig("client", "add", "Globex")
    gig("task", "add", "Write the quarterly proposal for Globex", "--rank", "A", "--due", "fri",
        "-e", "4h", "--client", "Globex", "+writing")
    gig("task", "add", "Prepare the slides for the Monday workshop", "-i", "--due", "dec 9",
        "-e", "1h30m")
    gig("task", "add", "Answer the recruiter about the contract", "-I", "--due", "tomorrow")
    gig("task", "add", "Tidy the downloads folder", "--rank", "E")
    gig("task", "add", "Look into the new invoicing API", "--due", "dec 10")
    return gig


@pytest.mark.parametrize("columns", [80, 200])
def test_the_grid_fits_the_terminal_and_keeps_every_title(busy, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = busy("task", "list").stdout
    assert max(len(line) for line in out.splitlines()) <= columns
    words = " ".join(out.replace("│", " ").split())
    for title in (
        "Write the quarterly proposal for Globex",
        "Prepare the slides for the Monday workshop",
        "Answer the recruiter about the contract",
        "Look into the new invoicing API",
    ):
        # Wrapped inside its cell at 80 columns, every word still there in order.
        assert all(word in words for word in title.split()), title
    if columns == 200:  # room enough: one line per task
        assert "#1 Write the quarterly proposal for Globex · Fri (2d) · 4h 00m · Globex · A" in out


def test_the_flat_list_leaves_out_empty_columns(gig, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    gig("task", "add", "Prepare the slides for the Monday workshop", "-i", "--due", "fri")
    gig("task", "add", "Answer the recruiter about the contract", "-I", "--due", "tomorrow")
    out = gig("task", "list", "--flat").stdout
    header = out.splitlines()[0].split()
    assert header == ["#", "Quadrant", "Task", "Due"]
    assert "Prepare the slides for the Monday workshop" in out  # not squeezed into a column
    gig("task", "edit", "1", "-e", "2h", "-t", "talk")
    header = gig("task", "list", "--flat").stdout.splitlines()[0].split()
    assert header == ["#", "Quadrant", "Task", "Due", "Time", "Tags"]


def test_all_shows_deferred_tasks_with_their_day(gig, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    gig("task", "add", "Quarterly taxes", "-i", "-e", "2h")
    gig("task", "defer", "1", "--until", "mon")
    assert "Quarterly taxes" not in gig("task", "list").stdout
    assert "#1 Quarterly taxes · 2h 00m · hidden until Mon 30 Nov" in gig(
        "task", "list", "--all"
    ).stdout
    flat = gig("task", "list", "--flat", "--all").stdout.splitlines()
    assert flat[0].split()[-2:] == ["Hidden", "until"]
    assert flat[1].split()[-3:] == ["Mon", "30", "Nov"]


def test_the_triage_questions_fit_80_columns(untriaged, monkeypatch):
    monkeypatch.setattr("gigtool.cli.tasks._interactive", lambda: True)
    untriaged("task", "edit", "2", "-e", "1h30m")
    out = untriaged("task", "triage", input="ny\r" + "nn1" + "q").stdout
    assert "  Estimate? [1]5m [2]15m [3]30m [4]1h [5]2h [6]4h [0]none [Enter]none" in out
    assert "[Enter]keep 1h 30m" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert listed(untriaged)["Bank"]["estimate_seconds"] is None
    assert listed(untriaged)["Recruiter"]["estimate_seconds"] == 300


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "y", "--due", ""], "--due needs a value, e.g. --due fri"),
        (["add", "y", "-e", " "], "--estimate needs a value, e.g. --estimate 30m"),
        (["add", "y", "--every", ""], "--every needs a value, e.g. --every week"),
        (["add", "y", "--client", ""], "--client needs a value"),
        (["edit", "1", "--due", ""], "--due needs a value, e.g. --due fri (--no-due removes it)"),
        (["edit", "1", "-e", ""], "(--no-estimate removes it)"),
        (["list", "--due-before", ""], "--due-before needs a value"),
        (["list", "--quadrant", ""], "--quadrant needs a value"),
        (["list", "--tag", " "], "--tag needs a value"),
    ],
)
def test_an_empty_option_is_a_slip_not_a_wish(gig, args, message):
    gig("task", "add", "x", "--due", "fri", "-e", "1h")
    assert message in error_line(gig("task", *args, code=2))
    assert [(t["due"], t["estimate_seconds"]) for t in listed(gig).values()] == [
        ("2026-11-27", 3600)
    ]
