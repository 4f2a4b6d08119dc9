"""Figures a freelancer bills from: billable flags, empty entries, impossible times.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

import pytest
from test_cli_log import all_entries, error_line

# --- moving time between projects takes the new project's billable default ----------------


@pytest.fixture
def admin_and_acme(gig):
    gig("project", "add", "admin", "--no-billable")
    gig("project", "add", "acme")
    gig("log", "add", "admin", "9-10", "planning")
    gig("log", "add", "acme", "10-11", "review")
    return gig


def test_moving_an_entry_to_a_billable_project_makes_it_billable(admin_and_acme):
    gig = admin_and_acme
    out = gig("log", "edit", "1", "--project", "acme").stdout
    assert out.rstrip().endswith("; now billable.")
    assert all_entries(gig)[0]["billable"] is True
    report = gig.json("log", "report", "--billable", "--today")
    assert report["total"]["seconds"] == 7200


def test_moving_an_entry_off_a_billable_project_makes_it_not_billable(admin_and_acme):
    gig = admin_and_acme
    assert (
        gig("log", "edit", "2", "--project", "admin")
        .stdout.rstrip()
        .endswith("; now not billable.")
    )
    assert [e["billable"] for e in all_entries(gig)] == [False, False]
    # To no project at all: nobody's to bill.
    gig("log", "edit", "2", "--project", "acme")
    gig("log", "edit", "2", "--project", "")
    assert all_entries(gig)[1]["billable"] is False


@pytest.mark.parametrize(("flag", "billable"), [("--billable", True), ("--no-billable", False)])
def test_a_billable_flag_given_with_the_move_wins(admin_and_acme, flag, billable):
    gig = admin_and_acme
    gig("log", "edit", "1", "--project", "acme", flag)
    assert all_entries(gig)[0]["billable"] is billable


def test_an_edit_that_keeps_billability_does_not_mention_it(admin_and_acme):
    gig = admin_and_acme
    assert "billable" not in gig("log", "edit", "2", "-m", "API review").stdout
    gig("log", "edit", "2", "--no-billable")
    # Naming the project the entry is already on keeps the flag the user chose.
    assert "billable" not in gig("log", "edit", "2", "--project", "acme").stdout
    assert all_entries(gig)[1]["billable"] is False
    assert gig("log", "edit", "2", "--billable").stdout.rstrip().endswith("; now billable.")


# --- time on no project is not billable unless the user says so ----------------------------


def test_a_timer_on_no_project_is_not_billable(gig, clock):
    gig("log", "start")
    clock.advance(hours=1)
    gig("log", "stop")
    assert all_entries(gig)[0]["billable"] is False
    assert gig.json("log", "report", "--billable", "--today")["total"]["seconds"] == 0
    gig("log", "start", "--billable")
    assert gig.json("log", "status")["billable"] is True


def test_continuing_time_on_no_project_keeps_it_unbillable(gig, clock):
    gig("log", "start")
    clock.advance(hours=1)
    gig("log", "stop")
    gig("log", "continue")
    assert gig.json("log", "status")["billable"] is False
    clock.advance(hours=1)
    gig("log", "stop")
    gig("log", "continue", "--billable")
    assert gig.json("log", "status")["billable"] is True


def test_the_frog_on_a_task_without_a_project_is_not_billable(gig):
    gig("task", "add", "Tax return", "--rank", "A", "--due", "tomorrow", "-e", "2h")
    out = gig("frog", "start").stdout
    assert "(no project, so not billable)" in out
    assert gig.json("log", "status")["billable"] is False
    report = gig.json("log", "report", "--billable", "--today")
    assert report["total"]["seconds"] == 0 and report["unpriced_billable_seconds"] == 0


def test_a_task_without_a_project_added_by_hand_is_not_billable(gig):
    gig("task", "add", "Tax return")
    gig("log", "add", "--task", "1", "9-10")
    assert all_entries(gig)[0]["billable"] is False


# --- no entry of 0 seconds; starting what runs already changes nothing ---------------------


def test_a_stop_in_the_second_of_the_start_stores_nothing(gig):
    gig("log", "start", "acme", "review")
    out = gig("log", "stop").stdout
    assert "Discarded #1" in out and "nothing was kept" in out
    assert all_entries(gig) == []


def test_a_new_start_in_the_second_of_the_last_discards_the_empty_one(gig):
    gig("log", "start", "acme", "review")
    out = gig("log", "start", "globex", "call").stdout
    assert "Discarded #1" in out and "Started #2" in out
    assert [e["project"] for e in all_entries(gig)] == ["globex"]


def test_a_stop_at_the_start_time_stores_nothing(gig, clock):
    gig("log", "start", "acme", "--at", "14:00")
    assert "Discarded" in gig("log", "stop", "--at", "14:00").stdout
    assert all_entries(gig) == []


def test_starting_the_timer_that_runs_already_changes_nothing(gig, clock):
    gig("log", "start", "acme", "API review", "+call")
    clock.advance(minutes=20)
    out = gig("log", "start", "acme", "API review").stdout
    assert (
        out
        == 'Already running: #1 acme "API review" +call since 14:30 today (20m); nothing changed.\n'
    )
    assert [e["id"] for e in all_entries(gig)] == [1]
    assert gig.json("log", "status")["start"] == "2026-11-25T14:30:00-05:00"
    # Another description is another timer.
    assert "Started #2" in gig("log", "start", "acme", "deploy").stdout


def test_a_cancel_then_start_in_one_second_leaves_one_timer(gig):
    gig("log", "start", "acme")
    gig("log", "cancel", "--yes")
    gig("log", "start", "acme")
    gig("log", "start", "acme")
    assert len(all_entries(gig)) == 1


# --- every time that enters the log passes the same range and length checks ---------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--start", "1969-12-31"], 2, "before 2000"),
        (["--start", "1999-12-31 09:00"], 2, "before 2000"),
        (["--start", "2025-01-01 09:00"], 2, "999 hours at most"),
        (["--end", "2030-01-01 09:00"], 1, "in the future"),
        (["--end", "2026-11-25 8:00"], 2, "the end must come after the start"),
    ],
)
def test_edit_refuses_times_no_entry_can_have(gig, args, code, message):
    gig("log", "add", "acme", "9-11")
    assert message in error_line(gig("log", "edit", "1", *args, code=code))
    entry = all_entries(gig)[0]
    assert (entry["start"], entry["duration_seconds"]) == ("2026-11-25T09:00:00-05:00", 7200)
    gig("log", "add", "acme", "12-13")  # and nothing blocks later entries


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["log", "add", "acme", "9-10", "--date", "1999-12-31"], "before 2000"),
        (["log", "add", "acme", "--start", "1970-01-01 9:00", "--end", "14:00"], "before 2000"),
        (["log", "start", "acme", "--at", "1999-12-31 23:00"], "before 2000"),
        (["log", "start", "acme", "--at", "2026-10-01 9:00"], "lasts 1,327 hours"),
    ],
)
def test_add_and_start_refuse_times_no_entry_can_have(gig, command, message):
    assert message in error_line(gig(*command, code=2))
    assert all_entries(gig) == [] and gig.json("log", "status") is None


def test_stop_and_continue_pass_the_same_checks(gig, clock):
    gig("log", "start", "acme", "--at", "2026-10-15 9:00")  # 989h ago: still possible
    clock.advance(hours=11)
    message = error_line(gig("log", "stop", code=2))
    assert "timer #1 lasts 1,002 hours" in message and "gig log stop --at TIME" in message
    assert "999 hours at most" in error_line(gig("log", "start", "globex", code=2))
    gig("log", "stop", "--at", "2026-10-15 17:00")
    assert all_entries(gig)[0]["duration_seconds"] == 8 * 3600
    assert "before 2000" in error_line(gig("log", "continue", "--at", "1990-01-01", code=2))
