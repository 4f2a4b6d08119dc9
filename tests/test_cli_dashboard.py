"""`gig` alone: the morning view on an empty database and on a full one."""

from __future__ import annotations


def test_new_user_sees_guidance_not_an_empty_table(gig) -> None:
    out = gig().stdout
    assert out.startswith("Welcome to gig.")
    assert "gig log start" in out and "gig task add" in out and "gig receipts add" in out


def test_full_day_on_one_screen(gig, clock) -> None:
    gig("client", "add", "Acme")
    gig("project", "add", "website", "--client", "Acme")
    gig("log", "add", "website", "6:00-10:00")
    gig("log", "add", "website", "10:05-14:00")  # 7h 55m with no real break
    gig("log", "start", "website", "review")
    clock.advance(minutes=30)
    gig("task", "add", "Write the proposal", "-i", "--due", "fri", "-e", "3h", "-c", "Acme")
    gig("task", "add", "Renew the domain", "-i", "--due", "yesterday", "-e", "1h")
    gig("task", "add", "Next quarter", "-i", "--due", "dec 20")  # not due soon
    gig("receipts", "add", "120", "Hotel", "--category", "travel")
    out = gig().stdout
    lines = out.splitlines()
    assert lines[0] == "Wednesday 25 November 2026 · 15:00"
    assert any(l.strip().startswith("Timer") and '"review"' in l and "(30m)" in l for l in lines)
    assert any(l.strip().startswith("Today") and "8h 25m of 8h 00m" in l for l in lines)
    assert any(l.strip().startswith("Week") and "8h 25m of 40h 00m" in l for l in lines)
    assert any(l.strip().startswith("Frog") and "#" in l for l in lines)
    assert any("Acme: #1 Write the proposal" in l for l in lines)
    assert any("No client: #2 Renew the domain" in l and "overdue" in l for l in lines)
    assert "Next quarter" not in out
    assert any(l.strip().startswith("Money") and "1 expense missing a receipt" in l for l in lines)
    assert any("warn day: 8h 25m worked Wed 25 Nov" in l for l in lines)
    assert any("alert break" in l for l in lines)


def test_morning_view_is_calm_when_all_is_well(gig) -> None:
    gig("log", "add", "acme", "9-12")
    out = gig().stdout
    assert "Balance  all well" in out
    assert "Timer    not running" in out
    assert "no important task yet" in out


def _unwrapped(out: str) -> str:
    """The view with each line that went on below (indented past the labels) joined
    back to the line it continues."""
    import re

    return re.sub(r"\n {11}(?=\S)", " ", out)


def test_a_busy_client_stays_on_one_line(gig) -> None:
    gig("client", "add", "Big Co")
    for i in range(7):
        gig("task", "add", f"Chore {i}", "--due", "tomorrow", "-c", "Big Co")
    line = next(l for l in _unwrapped(gig().stdout).splitlines() if "Big Co:" in l)
    assert "Chore 3" in line and "Chore 4" not in line
    assert "+3 more (gig task list -c 'Big Co' --due-before 2026-11-28)" in line
    assert len(gig("task", "list", "-c", "Big Co", "--due-before", "2026-11-28", "--json").stdout
               .split('"id"')) == 8  # the command it names lists all seven


def test_money_nudges(gig, clock) -> None:
    gig("log", "add", "acme", "9-12")
    assert any(l.strip().startswith("Money") and "nothing recorded yet" in l
               for l in gig().stdout.splitlines())
    gig("receipts", "add", "120", "Hotel", "--category", "travel")  # over $75, no file
    clock.advance(days=9)
    money = next(l for l in gig().stdout.splitlines() if l.strip().startswith("Money"))
    assert "last entry 9 days ago" in money and "1 expense missing a receipt" in money


def test_a_forgotten_timer_shows_the_fix(gig, clock) -> None:
    gig("log", "start", "acme", "--at", "8:00")
    clock.advance(hours=4)  # 18:30, ten and a half hours on
    out = _unwrapped(gig().stdout)
    assert "alert runaway: timer #1 has run 10h 30m" in out
    # Never an invented end: gig has not seen the user since the start, so it asks.
    assert "when did you stop? gig log stop --at TIME" in out and "16:00" not in out
    assert "Week" in out and "10h 30m of 40h 00m" in out


def test_the_full_morning_view_stays_off_the_heavy_imports(gig, clock) -> None:
    # The everyday speed budget: a full view, not only the welcome, loads no ORM nor Rich.
    import subprocess
    import sys

    gig("client", "add", "Acme")
    gig("task", "add", "Write the proposal", "-i", "--due", "today", "-c", "Acme")
    gig("receipts", "add", "120", "Hotel", "--category", "travel")
    gig("log", "add", "acme", "3-14")
    gig("log", "start", "acme")
    code = (
        "import sys\n"
        "from gigtool.cli import main\n"
        "sys.argv = ['gig']\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sqlmodel', 'sqlalchemy', 'rich', 'pydantic'})\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "Acme: #1 Write the proposal" in out and "▶ #2 acme" in out  # a full view, for real
    assert "HEAVY []" in out, out
