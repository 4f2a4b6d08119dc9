"""What `gig focus --project` says about the timer it starts, replaces or finds running.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations

from typer.testing import CliRunner

from gigtool.cli import app as gig_app
from gigtool.cli.context import App
from gigtool.clock import FixedClock


def focus(clock: FixedClock, *args: str) -> str:
    app = App(clock=clock, interactive=False)
    app.sleep = lambda seconds: clock.advance(seconds=seconds)  # type: ignore[method-assign]
    result = CliRunner().invoke(gig_app, ["focus", "10m", *args], obj=app)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_focus_on_the_project_already_timed_says_so_not_started(gig, clock):
    gig("log", "start", "acme", "--at", "14:00")
    out = focus(clock, "--project", "acme").splitlines()
    assert out[0] == "Timing #1 acme already, since 14:00 today."
    assert not any(line.startswith("Started") for line in out)
    [entry] = gig.json("log", "list", "--today")
    assert entry["duration_seconds"] == 40 * 60


def test_focus_on_another_project_says_which_timer_it_stopped(gig, clock):
    gig("log", "start", "globex", "--at", "14:00")
    out = focus(clock, "--project", "acme").splitlines()
    assert out[:2] == [
        "Stopped #1 globex at 14:30 today (30m).",
        "Started #2 acme at 14:30 today.",
    ]
