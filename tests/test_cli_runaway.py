"""The runaway-timer alert offers an end gig knows of, never an invented one.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

import sqlite3

from typer.testing import CliRunner

from gigtool.cli import app as gig_app
from gigtool.cli.context import App


def at_terminal(clock, *args: str):
    """Run gig as a person at a terminal does (the in-process runner is not a tty)."""
    result = CliRunner().invoke(gig_app, list(args), obj=App(clock=clock, interactive=True))
    assert result.exit_code == 0, result.stderr
    return result


def test_the_alert_offers_the_last_command_run_while_the_timer_ran(gig, clock, gig_home):
    clock.advance(hours=-6, minutes=-30)  # 08:00
    at_terminal(clock, "log", "start", "acme", "API review")
    clock.advance(hours=9, minutes=42)  # 17:42, the last time the user was here
    at_terminal(clock, "task", "add", "Send the invoice")
    clock.advance(hours=2)  # 19:42: nothing run since 17:42 (a status bar does not count)
    gig("log", "status")
    clock.advance(hours=12, minutes=18)  # 08:00 the next day
    out = at_terminal(clock, "log", "status").stderr
    assert "runaway: timer #1 has run 24h 00m" in out
    assert "you last ran gig while it ran at Wed 17:42" in out
    assert 'gig log stop --at "2026-11-25 17:42"' in out
    # Pasting it bills what was worked, not a working day counted from the start.
    at_terminal(clock, "log", "stop", "--at", "2026-11-25 17:42")
    assert gig.json("log", "list", "--from", "2026-11-25")[0]["duration_seconds"] == (
        9 * 3600 + 42 * 60
    )


def test_without_a_sighting_the_alert_asks_for_the_real_end(gig, clock):
    gig("log", "start", "acme", "--at", "1:00")
    clock.advance(hours=10)  # 00:30 the next day, no command run at a terminal meanwhile
    out = at_terminal(clock, "log", "status").stderr
    assert "runaway: timer #1 has run 23h 30m" in out
    assert "when did you stop? gig log stop --at TIME" in out
    assert "09:00" not in out and "11:00" not in out  # no start + 8h, no start + 10h


def test_the_sighting_is_written_once_a_minute_and_only_while_a_timer_runs(clock, gig_home):
    at_terminal(clock, "log")  # no timer: nothing noted
    db = sqlite3.connect(gig_home / "gig.db")
    key = "internal.timer-last-seen"
    assert db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone() is None
    at_terminal(clock, "log", "start", "acme")
    clock.advance(minutes=5)
    at_terminal(clock, "log", "status")
    first = db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()[0]
    clock.advance(seconds=30)
    at_terminal(clock, "log", "status")
    assert db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()[0] == first
    clock.advance(seconds=31)
    at_terminal(clock, "log", "status")
    assert int(db.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()[0]) == (
        int(first) + 61
    )
    # The internal key is no setting a user sees or sets.
    assert key not in at_terminal(clock, "config", "list").stdout
