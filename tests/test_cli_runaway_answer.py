"""Answering the runaway alert is no sign the timer was in use.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

from typer.testing import CliRunner

from gigtool.cli import app as gig_app
from gigtool.cli.context import App


def at_terminal(clock, *args: str):
    result = CliRunner().invoke(gig_app, list(args), obj=App(clock=clock, interactive=True))
    assert result.exit_code == 0, result.stderr
    return result


def test_the_morning_that_reads_the_alert_is_not_offered_as_the_end(gig, clock):
    clock.advance(hours=-6, minutes=-30)  # 08:00
    at_terminal(clock, "log", "start", "acme", "API review")
    clock.advance(hours=9, minutes=42)  # 17:42, the last time the user was here
    at_terminal(clock, "task", "add", "Send the invoice")
    clock.advance(hours=14, minutes=18)  # 08:00 the next day: the alert shows
    assert "at Wed 17:42" in at_terminal(clock, "log", "status").stderr
    for _ in range(3):  # reading it, looking again, the morning view: still 17:42
        clock.advance(minutes=2)
        out = at_terminal(clock).stdout
        assert 'gig log stop --at "2026-11-25 17:42"' in out
        assert "2026-11-26 08:" not in out


def test_sightings_within_the_runaway_limit_still_count(gig, clock):
    gig("config", "set", "balance.runaway", "3h")
    clock.advance(hours=-6, minutes=-30)  # 08:00
    at_terminal(clock, "log", "start", "acme")
    clock.advance(hours=2, minutes=50)  # 10:50, within the 3 hours
    at_terminal(clock, "log", "status")
    clock.advance(hours=1)  # 11:50, past them
    out = at_terminal(clock, "log", "status").stderr
    assert 'gig log stop --at "2026-11-25 10:50"' in out
    clock.advance(minutes=5)
    assert 'gig log stop --at "2026-11-25 10:50"' in at_terminal(clock).stdout


def test_a_sighting_in_the_hour_run_twice_says_which(gig, clock):
    """New York falls back at 02:00 on 1 Nov 2026: 01:30 comes twice. The offered end
    names the second one, which pasted stops the timer when it was seen, not an hour
    before."""
    from datetime import UTC, datetime

    clock.current = datetime(2026, 11, 1, 4, 0, tzinfo=UTC)  # 00:00 EDT
    at_terminal(clock, "log", "start", "acme")
    clock.current = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST, the second one
    at_terminal(clock, "task", "add", "Night work")
    clock.current = datetime(2026, 11, 1, 23, 0, tzinfo=UTC)
    out = at_terminal(clock, "log", "status").stderr
    assert 'gig log stop --at "2026-11-01 01:30-0500"' in out
    at_terminal(clock, "log", "stop", "--at", "2026-11-01 01:30-0500")
    [entry] = gig.json("log", "list", "--from", "2026-10-31")
    assert entry["duration_seconds"] == 2 * 3600 + 30 * 60
