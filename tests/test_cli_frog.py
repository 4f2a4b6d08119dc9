"""`gig frog` through the CLI: the pick and its reasons, --why, done, skip, pick, start.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.fixture
def pond(gig):
    gig("project", "add", "globex")
    gig("task", "add", "Proposal", "--rank", "A", "--due", "fri", "-e", "2h", "-p", "globex")
    gig("task", "add", "Slides", "-i", "--due", "tomorrow", "-e", "1h")
    gig("task", "add", "Inbox", "-I", "--due", "today")  # urgent but unimportant: never a frog
    gig("task", "add", "Renew domain", "-i", "-e", "2m")  # a quick win: do it, not a frog
    return gig


def test_the_frog_with_its_reasons(pond):
    assert pond("frog").stdout == (
        "Today's frog: #1 Proposal\n  Why: an A task, due in 2 days, about 2h 00m.\n"
    )


def test_the_frog_stays_the_same_all_day(pond, clock):
    first = pond("frog").stdout
    pond("task", "add", "Tax return", "--rank", "A", "--due", "yesterday", "-e", "4h")
    clock.advance(hours=9)
    assert pond("frog").stdout == first
    assert pond.json("frog")["frog"]["id"] == 1
    clock.advance(hours=1)  # tomorrow
    assert pond("frog").stdout.startswith("Today's frog: #5 Tax return\n")


def test_frog_json(pond):
    data = pond.json("frog")
    assert data["day"] == "2026-11-25"
    assert data["frog"]["id"] == 1 and data["frog"]["how"] == "auto"
    assert data["frog"]["signals"] == {
        "due": 0.857, "put_off": 0.0, "size": 0.75, "stale": 0.0, "age": 0.0,
    }
    assert data["frog"]["score"] == pytest.approx(3 * 12 / 14 + 2 * 0.75, abs=1e-3)
    assert data["frog"]["reasons"] == ["an A task", "due in 2 days", "about 2h 00m"]
    assert (data["eaten"], data["streak"]) == ([], 0)


@pytest.mark.parametrize("columns", ["80", "160"])
def test_why_shows_the_top_candidates_and_the_formula(pond, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    out = pond("frog", "--why").stdout
    assert out.startswith("Today's frog: #1 Proposal\n")
    assert "Top 2 candidates" in out
    assert "score = 3·due + 3·put off + 2·size + 1·stale + 1·age" in out
    assert "A tasks first" in out and "earliest due date, then the oldest task" in out
    assert "stays today's frog" not in out  # the frog is the top scorer
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    lines = out.split("Top 2 candidates")[1].splitlines()
    header = lines[1].split()
    assert header == ["#", "Task", "Rank", "Due", "Put", "off", "Size", "Stale", "Age", "Score"]
    # Each candidate: its signals on one line, the facts behind them on the next.
    at = next(i for i, line in enumerate(lines) if "Proposal" in line)
    assert lines[at].split() == ["→", "1", "Proposal", "A", "0.86", "0.00", "0.75", "0.00",
                                 "0.00", "4.07"]
    assert lines[at + 1].split() == ["in", "2d", "2h", "0d", "0d"]
    assert lines[at + 2].split() == ["2", "Slides", "0.93", "0.00", "0.50", "0.00", "0.00",
                                     "3.79"]
    assert lines[at + 3].split() == ["in", "1d", "1h", "0d", "0d"]
    assert "Inbox" not in out and "Renew domain" not in out
    top = pond.json("frog", "--why")["top"]
    assert [(t["id"], t["frog"]) for t in top] == [(1, True), (2, False)]
    assert top[1]["facts"] == {
        "due": "2026-11-26", "days_to_due": 1, "put_off": 0, "estimate_seconds": 3600,
        "days_since_worked": 0, "days_open": 0,
    }


def test_why_says_when_the_kept_frog_no_longer_leads(pond, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    pond("frog")
    pond("task", "add", "Tax return", "--rank", "A", "--due", "yesterday", "-e", "4h")
    out = pond("frog", "--why").stdout
    assert out.startswith("Today's frog: #1 Proposal\n")
    lines = out.split("Top 3 candidates")[1].splitlines()
    assert lines[2].split()[:3] == ["5", "Tax", "return"]  # leads the ranking now...
    assert lines[4].split()[:3] == ["→", "1", "Proposal"]  # ...but the pick holds
    assert lines[3].split() == ["1d", "late", "4h", "0d", "0d"]
    assert (
        "#1 stays today's frog (it was picked earlier today; the pick holds all day), "
        "though #5 leads now." in out
    )


def test_no_important_task_says_so_and_suggests_triage(gig):
    gig("task", "add", "Inbox", "-I", "--due", "today", "-e", "3h")
    gig("task", "add", "Call", "bank")
    gig("task", "add", "Plan", "week")
    assert gig("frog").stdout == (
        "No frog today: no open task is marked important. 2 tasks wait for triage: "
        "gig task triage.\n"
    )
    assert gig.json("frog")["frog"] is None


def test_no_task_at_all(gig):
    assert "Mark one with gig task edit ID -i, or add one with gig task add TITLE -i" in gig(
        "frog"
    ).stdout


def test_eating_the_frog_counts_the_streak_and_the_next_one_comes_up(pond, clock):
    pond("frog")
    assert pond("frog", "done").stdout == "Frog eaten: #1 Proposal. Streak: 1 day.\n"
    assert pond("frog").stdout == (
        "Eaten today: #1 Proposal. Streak: 1 day.\n"
        "Next frog: #2 Slides\n  Why: due tomorrow, about 1h 00m.\n"
    )
    pond("frog", "done")
    assert pond("frog").stdout.endswith(
        "Nothing else important is waiting. Enjoy the rest of the day.\n"
    )
    clock.advance(days=1)
    pond("task", "add", "Report", "--rank", "A")
    pond("frog")
    assert pond("frog", "done").stdout == "Frog eaten: #5 Report. Streak: 2 days.\n"
    assert "eaten as the day's frog" in pond("task", "show", "5").stdout


def test_frog_done_needs_a_frog(gig):
    result = gig("frog", "done", code=1)
    assert error_line(result) == "Error: no frog picked today yet; see it with `gig frog`"


def test_skip_picks_another_and_records_why(pond):
    pond("frog")
    out = pond("frog", "skip", "--reason", "waiting on their numbers").stdout
    assert out == (
        "Skipped #1 Proposal; it comes back heavier tomorrow.\n"
        "Today's frog: #2 Slides\n  Why: due tomorrow, about 1h 00m.\n"
    )
    assert "skipped   waiting on their numbers" in pond("task", "show", "1").stdout
    pond("frog", "skip")
    assert pond("frog").stdout == (
        "No frog left today: you skipped 2; skipped frogs come back heavier tomorrow.\n"
    )


def test_a_skipped_frog_weighs_more_the_next_day(pond, clock):
    before = pond.json("frog")["frog"]
    pond("frog", "skip")
    clock.advance(days=1)
    after = pond.json("frog")["frog"]
    assert after["id"] == before["id"] == 1
    assert (before["signals"]["put_off"], after["signals"]["put_off"]) == (0.0, 0.333)
    assert after["score"] - before["score"] > 1
    assert "put off once" in after["reasons"]
    assert pond("frog").stdout == (
        "Today's frog: #1 Proposal\n  Why: an A task, due tomorrow, about 2h 00m, put off once.\n"
    )


def test_pick_by_hand(pond):
    assert pond("frog", "pick", "2").stdout == (
        "Today's frog (your pick): #2 Slides\n  Why: due tomorrow, about 1h 00m.\n"
    )
    assert pond.json("frog")["frog"]["how"] == "hand"
    assert "marked not important" in error_line(pond("frog", "pick", "3", code=1))
    assert error_line(pond("frog", "pick", "9", code=2)) == (
        "Error: no task #9; see `gig task list`"
    )
    pond("task", "done", "1")
    assert "is done" in error_line(pond("frog", "pick", "1", code=1))


def test_start_the_timer_on_the_frog(pond):
    out = pond("frog", "start").stdout
    assert out == "Started timer #1 on globex at 14:30 for the frog: #1 Proposal.\n"
    entry = pond.json("log", "status")
    assert (entry["project"], entry["description"]) == ("globex", "Proposal")


def test_start_without_a_frog(gig):
    result = gig("frog", "start", code=1)
    assert "no frog to start today" in error_line(result)


def test_frog_stays_off_the_heavy_imports(gig_home: Path) -> None:
    code = (
        "import sys\n"
        "from gigtool.cli import main\n"
        "sys.argv = ['gig', 'task', 'add', 'Proposal', '--rank', 'A', '-e', '2h']\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "for name in list(sys.modules):\n"
        "    if name.startswith(('gigtool', 'rich', 'sqlmodel', 'sqlalchemy', 'dateutil')):\n"
        "        del sys.modules[name]\n"
        "sys.argv = ['gig', 'frog']\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlmodel', 'sqlalchemy', 'rich', 'pydantic', 'platformdirs', 'dateutil'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "Today's frog: #1 Proposal" in out
    assert "HEAVY []" in out, out


def test_the_frog_day_follows_the_day_start_setting(pond, clock):
    """Working past midnight: with day-start 4, 01:30 on Thursday is still Wednesday."""
    pond("config", "set", "day-start", "4")
    first = pond("frog").stdout
    pond("task", "add", "Tax return", "--rank", "A", "--due", "yesterday", "-e", "4h")
    clock.advance(hours=11)  # Thu 01:30
    assert pond("frog").stdout == first
    assert [t["due_in_days"] for t in pond.json("task", "list") if t["title"] == "Slides"] == [1]
    clock.advance(hours=3)  # Thu 04:30: a new working day
    assert pond("frog").stdout.startswith("Today's frog: #5 Tax return\n")


def test_bad_picks_are_one_clear_line(pond):
    pond("task", "defer", "2", "--until", "mon")
    assert error_line(pond("frog", "pick", "2", code=1)) == (
        "Error: task #2 is deferred until Mon 30 Nov; "
        "bring it back with `gig task defer 2 --until today`"
    )
    assert "Missing argument 'ID'" in error_line(pond("frog", "pick", code=2))
    assert "'x' is not a valid int" in error_line(pond("frog", "pick", "x", code=2))
