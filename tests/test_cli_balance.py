"""`gig balance`, its alerts after `gig log` commands, and `gig focus` driven by a fake clock."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from gigtool.cli import app as gig_app
from gigtool.cli.context import App
from gigtool.clock import FixedClock


def run(clock: FixedClock, *args: str, code: int = 0, terminal: bool = False, sleep=None):
    app = App(clock=clock, interactive=terminal)
    if sleep is not None:
        app.sleep = sleep
    result = CliRunner().invoke(gig_app, list(args), obj=app)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def test_new_user_gets_guidance_not_an_empty_table(clock: FixedClock) -> None:
    out = run(clock, "balance").stdout
    assert "Nothing tracked this week yet" in out and "gig log start" in out
    assert "all well" in run(clock, "balance", "check").stdout


def test_check_exit_codes_follow_the_rules(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "6:00-11:00")
    assert run(clock, "balance", "check").exit_code == 0
    run(clock, "log", "add", "acme", "11:00-14:29")  # 8h29m today, no break since 6:00
    result = run(clock, "balance", "check", code=1)
    assert result.stdout.startswith("gig balance: ")
    assert "day:" in result.stdout and "break:" in result.stdout
    data = json.loads(run(clock, "balance", "check", "--json", code=1).stdout)
    assert data["ok"] is False and {f["rule"] for f in data["findings"]} >= {"day", "break"}


def test_check_notify_says_when_notify_send_is_missing(clock: FixedClock, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = run(clock, "balance", "check", "--notify")
    assert "notify-send is not installed" in result.stderr


def test_report_marks_days_and_names_sources(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "7-19", "--date", "mon")
    run(clock, "log", "add", "acme", "22:00-23:30", "--date", "tue")
    out = run(clock, "balance").stdout
    assert "Mon 23 Nov" in out and "12h 00m" in out
    assert "alert day: 12h 00m worked Mon 23 Nov" in out
    assert "late" in out and "ArbZG" in out
    assert "not compliance checks" in out
    data = json.loads(run(clock, "balance", "--json").stdout)
    monday = next(d for d in data["days"] if d["date"] == "2026-11-23")
    assert monday["seconds"] == 12 * 3600
    assert {f["rule"] for f in monday["findings"]} >= {"day", "break", "meal"}
    assert data["verdict"].startswith("13h 30m over 2 days")


def test_limits_are_set_and_switched_through_balance_and_config(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "9-18:30", "--date", "mon")  # 9h30m
    assert "~day" in run(clock, "balance").stdout
    assert "balance.day-warn = 10h" in run(clock, "balance", "set", "day-warn", "10h").stdout
    assert "~day" not in run(clock, "balance").stdout
    run(clock, "balance", "off", "meal")
    assert run(clock, "config", "get", "balance.off").stdout.strip() == "meal"
    run(clock, "balance", "on", "meal")
    assert run(clock, "config", "get", "balance.off").stdout.strip() == "none"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["balance", "set", "day-max", "nine"], "not a duration"),
        (["balance", "set", "dinner", "1h"], "unknown balance setting 'dinner'"),
        (["balance", "set", "late-window", "22:00"], "22:00-05:00"),
        (["balance", "off", "sleep"], "unknown rule 'sleep'"),
        (["balance", "--week", "--month"], "choose one"),
        (["focus", "5 hours", "--project", "x"], "1 minute to 4 hours"),
        (["focus", "banana"], "not a duration"),
        (["focus", "25m"], "say what to focus on"),
    ],
)
def test_bad_input_is_one_clean_line(clock: FixedClock, args: list[str], message: str) -> None:
    result = run(clock, *args, code=2)
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def long_day(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "5:00-9:00")
    run(clock, "log", "add", "acme", "9:30-14:00")  # 8h30m by 14:30


def test_alert_prints_once_per_rule_per_day_after_log_commands(clock: FixedClock) -> None:
    long_day(clock)
    first = run(clock, "log", "status", terminal=True)
    assert "balance warn: day: 8h 30m worked Wed 25 Nov" in first.stderr
    again = run(clock, "log", "status", terminal=True)
    assert "balance" not in again.stderr
    clock.advance(days=1)  # a new day may alert again
    run(clock, "log", "add", "acme", "5:00-14:00")
    assert "balance" in run(clock, "log", "status", terminal=True).stderr


@pytest.mark.parametrize(
    "variant", ["json", "not a terminal", "quiet setting", "focus block"]
)
def test_alerts_stay_silent_when_they_should(clock: FixedClock, variant: str) -> None:
    long_day(clock)
    args = ["log", "list", "--today"]
    terminal = True
    if variant == "json":
        args.append("--json")
    elif variant == "not a terminal":
        terminal = False
    elif variant == "quiet setting":
        run(clock, "config", "set", "balance.alerts", "false")
    else:
        # A focus block running in another terminal silences alerts.
        from gigtool.database import open_db
        from gigtool.store.home import data_home

        conn = open_db(data_home())
        now = int(clock.now().timestamp())
        conn.execute(
            "INSERT INTO focus_block (start_utc, planned_end_utc) VALUES (?, ?)", (now, now + 600)
        )
        conn.close()
    assert "balance" not in run(clock, *args, terminal=terminal).stderr
    # And the alert was not used up: it shows the next time it may.
    if variant in ("json", "not a terminal"):
        assert "balance warn" in run(clock, "log", "status", terminal=True).stderr


def test_focus_block_runs_on_a_fake_clock_and_keeps_the_time(clock: FixedClock) -> None:
    ticks: list[float] = []

    def sleep(seconds: float) -> None:
        ticks.append(seconds)
        clock.advance(seconds=seconds)

    result = run(clock, "focus", "25m", "--project", "acme", "--break", "5m", sleep=sleep)
    assert "Focus until 14:55" in result.stdout
    assert "Take a 5m break; back at 15:00" in result.stdout
    entry = json.loads(run(clock, "log", "list", "--today", "--json").stdout)[0]
    assert entry["project"] == "acme" and entry["duration_seconds"] == 25 * 60
    assert entry["end"] is not None and sum(ticks) >= 25 * 60


def test_focus_on_the_running_timer(clock: FixedClock) -> None:
    run(clock, "log", "start", "acme", "deep work")
    clock.advance(minutes=5)

    def sleep(seconds: float) -> None:
        clock.advance(seconds=seconds)

    run(clock, "focus", "10m", sleep=sleep)
    entries = json.loads(run(clock, "log", "list", "--today", "--json").stdout)
    assert len(entries) == 1 and entries[0]["duration_seconds"] == 15 * 60


def test_ctrl_c_ends_focus_cleanly_with_the_time_kept(clock: FixedClock) -> None:
    calls = {"n": 0}

    def sleep(seconds: float) -> None:
        calls["n"] += 1
        clock.advance(minutes=7)
        if calls["n"] == 2:
            raise KeyboardInterrupt

    result = run(clock, "focus", "50m", "--project", "acme", sleep=sleep)
    assert "Focus ended early after 14m" in result.stdout
    entry = json.loads(run(clock, "log", "list", "--today", "--json").stdout)[0]
    assert entry["duration_seconds"] == 14 * 60 and entry["end"] is not None
    # The block is over: alerts are no longer held back.
    clock.advance(minutes=1)
    assert run(clock, "balance", "check").exit_code == 0


def test_a_focus_block_ended_in_its_first_second_stores_no_empty_entry(clock: FixedClock) -> None:
    def sleep(seconds: float) -> None:
        raise KeyboardInterrupt

    result = run(clock, "focus", "50m", "--project", "acme", sleep=sleep)
    assert "discarded, as no time passed" in result.stdout
    assert "the time is kept on" not in result.stdout.split("Ctrl-C")[-1]
    assert json.loads(run(clock, "log", "list", "--today", "--json").stdout) == []
    assert run(clock, "log", "start", "acme").exit_code == 0  # and the block is over


def test_focus_on_a_task_tracks_time_against_it(clock: FixedClock) -> None:
    run(clock, "task", "add", "Write the proposal", "-i", "--project", "acme", "-e", "2h")

    def sleep(seconds: float) -> None:
        clock.advance(seconds=seconds)

    result = run(clock, "focus", "30m", "--task", "1", sleep=sleep)
    assert "Focus until 15:00" in result.stdout
    entry = json.loads(run(clock, "log", "list", "--today", "--json").stdout)[0]
    assert entry["project"] == "acme" and entry["description"] == "Write the proposal"
    shown = json.loads(run(clock, "task", "show", "1", "--json").stdout)
    assert shown["tracked_seconds"] == 30 * 60
    assert "no task #9" in run(clock, "focus", "30m", "--task", "9", code=2).stderr


def test_quiet_flag_silences_the_alert(clock: FixedClock) -> None:
    long_day(clock)
    assert "balance" not in run(clock, "--quiet", "log", "status", terminal=True).stderr
    assert "balance warn" in run(clock, "log", "status", terminal=True).stderr


def test_focus_refuses_a_second_block_before_touching_the_timer(clock: FixedClock) -> None:
    run(clock, "log", "start", "acme")
    from gigtool.database import open_db
    from gigtool.store.home import data_home

    conn = open_db(data_home())
    now = int(clock.now().timestamp())
    conn.execute("INSERT INTO focus_block (start_utc, planned_end_utc) VALUES (?, ?)", (now, now + 600))
    conn.close()
    result = run(clock, "focus", "5m", "--project", "beta", code=1)
    assert "a focus block is running until 14:40" in result.stderr
    assert json.loads(run(clock, "log", "status", "--json").stdout)["project"] == "acme"


def test_balance_csv_has_a_row_a_day_with_the_rules_tripped(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "7-19", "--date", "mon")
    lines = run(clock, "balance", "--csv").stdout.splitlines()
    assert lines[0] == (
        "date,seconds,hours,late_seconds,outside_hours_seconds,longest_stretch_seconds,breaks,"
        "rest_before_seconds,day_off,findings"
    )
    assert lines[1].startswith("2026-11-23,43200,12.00,0,0,43200,0,,false,")
    assert "alert day" in lines[1] and len(lines) == 4  # Monday to today, Wednesday


def test_work_outside_the_hours_you_set_is_a_warning(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "8-12", "--date", "mon")
    run(clock, "log", "add", "acme", "9-17:31", "--date", "tue")
    unset = json.loads(run(clock, "balance", "--json").stdout)  # no schedule set yet
    assert not [f for f in unset["findings"] if f["rule"] == "hours"]
    said = run(clock, "balance", "set", "work-hours", "9-17:30").stdout
    assert "09:00-17:30" in said
    data = json.loads(run(clock, "balance", "--json").stdout)
    assert [d["outside_hours_seconds"] for d in data["days"]] == [3600, 60, 0]
    assert [f["message"] for f in data["findings"] if f["rule"] == "hours"] == [
        "1h 00m worked outside your hours (09:00–17:30) on Mon 23 Nov"
    ]
    bad = run(clock, "balance", "set", "work-hours", "22:00-06:00", code=2)
    assert bad.stderr.startswith("Error: '22:00-06:00' runs past midnight")


def test_check_on_an_unreadable_database_is_exit_2_not_a_tripped_rule(clock, gig_home) -> None:
    gig_home.mkdir(parents=True)
    (gig_home / "gig.db").write_bytes(b"garbage" * 200)
    result = run(clock, "balance", "check", code=2)
    assert result.stderr.startswith("Error: ") and "cannot be read" in result.stderr


def test_a_warning_that_grows_into_an_alert_speaks_once_more(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "5:00-13:40")  # 8h40m, with lunch after
    assert "balance warn: day" in run(clock, "log", "status", terminal=True).stderr
    run(clock, "log", "add", "acme", "13:50-14:30")
    clock.advance(hours=1)
    run(clock, "log", "add", "acme", "14:35-15:25")  # now 10h10m
    assert "balance alert: day" in run(clock, "log", "status", terminal=True).stderr
    assert "day" not in run(clock, "log", "status", terminal=True).stderr


def test_late_work_after_midnight_alerts_while_it_happens(clock: FixedClock) -> None:
    clock.advance(hours=10, minutes=30)  # Thursday 01:00
    run(clock, "log", "start", "acme", "--at", "0:00")
    result = run(clock, "balance", "check", code=1)
    assert "late:" in result.stdout
    assert "balance warn: late" in run(clock, "log", "status", terminal=True).stderr


def test_a_timer_on_a_task_with_a_client_keeps_the_client(clock: FixedClock) -> None:
    run(clock, "client", "add", "Acme")
    run(clock, "task", "add", "Call Acme", "-i", "--client", "Acme")
    run(clock, "log", "start", "--task", "1")
    status = json.loads(run(clock, "log", "status", "--json").stdout)
    assert status["client"] == "Acme" and status["description"] == "Call Acme"


def test_balance_shows_the_rest_between_working_days(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "9-21", "--date", "mon")
    run(clock, "log", "add", "acme", "7-12", "--date", "tue")
    data = json.loads(run(clock, "balance", "--json").stdout)
    tuesday = next(d for d in data["days"] if d["date"] == "2026-11-24")
    assert tuesday["rest_before_seconds"] == 10 * 3600
    assert any(f["rule"] == "rest" and f["level"] == "alert" for f in tuesday["findings"])


def fake_notify_send(tmp_path, monkeypatch, code: int = 0):
    """A notify-send on PATH that records what it was asked to show."""
    shown = tmp_path / "notified.txt"
    script = tmp_path / "bin" / "notify-send"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\necho "$1|$2" >> {shown}\necho "no bus" >&2\nexit {code}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin:/bin")
    return shown


def test_check_notify_pops_up_only_for_trouble(clock, tmp_path, monkeypatch) -> None:
    shown = fake_notify_send(tmp_path, monkeypatch)
    run(clock, "log", "add", "acme", "9-11")
    assert run(clock, "balance", "check", "--notify").stderr == ""
    assert not shown.exists()  # "all well" every half hour from cron would be nagging
    run(clock, "log", "add", "acme", "11-14:29", "--date", "today")  # 5h29m, no break since 9
    run(clock, "log", "add", "acme", "5-8:59")  # 9h28m today
    run(clock, "balance", "check", "--notify", code=1)
    title, body = shown.read_text().strip().split("|", 1)
    assert title == "gig balance" and body.startswith("gig balance: day: 9h 28m worked")


def test_a_failing_notify_send_is_one_line_not_a_crash(clock, tmp_path, monkeypatch) -> None:
    fake_notify_send(tmp_path, monkeypatch, code=1)
    run(clock, "log", "add", "acme", "3-14:29")
    result = run(clock, "balance", "check", "--notify", code=1)
    assert result.stderr.strip() == "(no desktop notification: notify-send said no bus)"


def test_balance_week_starts_on_the_configured_day(clock: FixedClock) -> None:
    run(clock, "config", "set", "week-start", "sunday")
    run(clock, "log", "add", "acme", "9-12", "--date", "sun")
    data = json.loads(run(clock, "balance", "--json").stdout)
    assert [d["date"] for d in data["days"]] == ["2026-11-22", "2026-11-23", "2026-11-24",
                                                 "2026-11-25"]
    sunday = data["days"][0]
    assert sunday["day_off"] is True and sunday["findings"][0]["rule"] == "weekend"
    assert "Sun 22 Nov" in run(clock, "balance").stdout


def test_the_week_view_reads_the_night_before_monday(clock: FixedClock) -> None:
    # Sunday evening until 23:00, Monday from 6:00: the rest before Monday is 7 h.
    run(clock, "log", "add", "acme", "19-23", "--date", "sun")
    run(clock, "log", "add", "acme", "6-9", "--date", "mon")
    data = json.loads(run(clock, "balance", "--json").stdout)
    monday = data["days"][0]
    assert monday["date"] == "2026-11-23" and monday["rest_before_seconds"] == 7 * 3600
    assert [f["rule"] for f in monday["findings"]] == ["rest"]
    assert all(d["date"] >= "2026-11-23" for d in data["days"])  # Sunday itself is not shown


def test_report_shows_breaks_and_the_night_of_late_work(clock: FixedClock) -> None:
    run(clock, "log", "add", "acme", "8-10", "--date", "mon")
    run(clock, "log", "add", "acme", "10:30-12", "--date", "mon")
    run(clock, "log", "add", "acme", "23:00-23:59", "--date", "tue")
    out = run(clock, "balance").stdout
    assert "Breaks" in out and "Rest" in out and "Longest" in out
    assert "worked late (22:00–05:00) the night of Tue 24 Nov" in out
    data = json.loads(run(clock, "balance", "--json").stdout)
    assert data["days"][0]["breaks"] == 1 and data["streak_days"] == 3  # Mon to Wed


def test_a_closed_terminal_ends_focus_like_ctrl_c(clock: FixedClock) -> None:
    import os
    import signal

    def sleep(seconds: float) -> None:
        clock.advance(minutes=10)
        os.kill(os.getpid(), signal.SIGHUP)

    before = signal.getsignal(signal.SIGHUP)
    result = run(clock, "focus", "50m", "--project", "acme", sleep=sleep)
    assert "Focus ended early after 10m" in result.stdout
    assert signal.getsignal(signal.SIGHUP) is before  # put back as it was
    entry = json.loads(run(clock, "log", "list", "--today", "--json").stdout)[0]
    assert entry["duration_seconds"] == 10 * 60 and entry["end"] is not None
    # The block is over, so the next one may start at once.
    run(clock, "focus", "5m", "--project", "acme", sleep=lambda s: clock.advance(seconds=s))


def test_rules_lists_every_rule_with_its_settings_and_source(clock: FixedClock) -> None:
    from gigtool.balance.rules import RULES

    run(clock, "balance", "off", "late")
    run(clock, "balance", "set", "day-max", "9h")
    rules = {r["rule"]: r for r in json.loads(run(clock, "balance", "rules", "--json").stdout)}
    assert list(rules) == list(RULES)
    assert all(r["settings"] and r["source"] for r in rules.values())
    assert rules["late"]["on"] is False and rules["day"]["on"] is True
    assert rules["day"]["settings"] == {"day-warn": "8h", "day-max": "9h"}
    out = run(clock, "balance", "rules").stdout
    assert "ArbZG" in out and "not compliance checks" in out


def test_check_on_a_busy_database_is_exit_2(clock: FixedClock, monkeypatch) -> None:
    import sqlite3

    import gigtool.balance.intervals

    def busy(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(gigtool.balance.intervals, "load_intervals", busy)
    result = run(clock, "balance", "check", code=2)
    assert result.stderr.startswith("Error: the database stayed busy")
