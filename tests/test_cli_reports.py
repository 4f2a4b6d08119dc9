"""`gig log report`, `gig log week`, `gig log import …` and `gig log export` through the CLI.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py); this week runs from
Mon 23 to Sun 29 November.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

NY = ZoneInfo("America/New_York")


def error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.fixture
def week(gig):
    """A week's work: two clients in two currencies, a late night and unbilled admin."""
    gig("client", "add", "Acme", "--rate", "100")
    gig("client", "add", "Globex", "--rate", "90 EUR")
    gig("project", "add", "api", "--client", "Acme")
    gig("project", "add", "site", "--client", "Acme", "--rate", "120")
    gig("project", "add", "audit", "--client", "Globex")
    gig("log", "add", "api", "9-11:30", "API review", "+call", "--date", "mon")
    gig("log", "add", "site", "13-14:10", "design", "+deep", "--date", "mon")
    gig("log", "add", "audit", "22:00-01:30", "late audit", "--date", "tue")
    gig("log", "add", "admin", "10-11", "email", "--date", "tue", "--no-billable")
    return gig


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# gig log report -------------------------------------------------------------------------------


def test_report_table_by_project(week):
    out = week("log", "report").stdout
    assert "This week (Mon 23 Nov to Sun 29 Nov 2026), by project" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert lines["audit"].split()[1:5] == ["Globex", "3:30", "3.50", "42.9%"]
    assert "315.00 EUR" in lines["audit"]
    assert "250.00 USD" in lines["api"]
    assert "140.00 USD" in lines["site"]
    assert lines["admin"].split()[1:4] == ["1:00", "1.00", "12.2%"]
    assert "USD" not in lines["admin"]
    assert lines["Total"].split()[1:4] == ["8:10", "8.17", "100%"]
    assert "315.00 EUR" in lines["Total"] and "390.00 USD" in out  # never one sum of both
    assert "█" in lines["audit"]


def test_report_json_and_csv_carry_the_table_numbers(week):
    data = week.json("log", "report")
    assert data["period"]["from"] == "2026-11-23" and data["period"]["to"] == "2026-11-29"
    rows = {r["group"]: r for r in data["rows"]}
    assert rows["audit"] == {
        "group": "audit",
        "label": "audit",
        "client": "Globex",
        "seconds": 12600,
        "hours": "3.50",
        "rounded_seconds": 12600,
        "rounded_hours": "3.50",
        "entries": 1,
        "amounts": [{"amount": "315.00", "currency": "EUR"}],
        "share_percent": 42.9,
    }
    assert data["total"]["seconds"] == sum(r["seconds"] for r in data["rows"]) == 29400
    assert data["total"]["amounts"] == [
        {"amount": "315.00", "currency": "EUR"},
        {"amount": "390.00", "currency": "USD"},
    ]
    table = csv_rows(week("log", "report", "--csv").stdout)
    assert list(table[0]) == [
        "group",
        "client",
        "seconds",
        "hours",
        "rounded_seconds",
        "rounded_hours",
        "share_percent",
        "entries",
        "amount_EUR",
        "amount_USD",
    ]
    by_group = {r["group"]: r for r in table}
    assert by_group["site"]["hours"] == "1.17" and by_group["site"]["seconds"] == "4200"
    assert by_group["site"]["amount_USD"] == "140.00" and by_group["site"]["amount_EUR"] == ""
    for row in table:
        j = rows[row["group"]]
        assert row["hours"] == j["hours"]
        assert Decimal(row["share_percent"]) == Decimal(str(j["share_percent"]))


@pytest.mark.parametrize("by", ["project", "client", "tag", "day", "week", "description"])
def test_report_totals_equal_the_entries_for_every_grouping(week, by):
    listed = week.json("log", "list")
    data = week.json("log", "report", "--by", by)
    assert data["total"]["seconds"] == sum(e["duration_seconds"] for e in listed)
    if by != "tag":
        assert sum(r["seconds"] for r in data["rows"]) == data["total"]["seconds"]


def test_report_by_day_splits_the_late_night(week):
    rows = week.json("log", "report", "--by", "day")["rows"]
    assert [(r["group"], r["seconds"]) for r in rows] == [
        ("2026-11-23", 13200),
        ("2026-11-24", 10800),  # admin 1h + audit 22:00-24:00
        ("2026-11-25", 5400),  # audit 00:00-01:30
    ]


def test_day_start_hour_keeps_the_late_night_on_tuesday(week):
    week("config", "set", "day-start", "4")
    rows = week.json("log", "report", "--by", "day")["rows"]
    assert [(r["group"], r["seconds"]) for r in rows] == [
        ("2026-11-23", 13200),
        ("2026-11-24", 16200),
    ]
    assert week.json("log", "report")["period"]["start"] == "2026-11-23T04:00:00-05:00"


def test_report_billable_rounded(week):
    data = week.json("log", "report", "--billable", "--round", "15m", "--by", "client")
    rows = {r["group"]: r for r in data["rows"]}
    assert set(rows) == {"Acme", "Globex"}
    assert rows["Acme"]["seconds"] == 13200 and rows["Acme"]["rounded_seconds"] == 13500
    assert rows["Acme"]["amounts"] == [{"amount": "400.00", "currency": "USD"}]  # 2.5h + 1.25h
    assert data["rounding"] == {"step_seconds": 900, "mode": "up"}
    out = week("log", "report", "--billable", "--round", "15m", "--round-mode", "down").stdout
    assert "Tracked" in out and "Rounded" in out
    assert "Each entry rounded down to 15m" in out


def test_rounded_report_shares_follow_the_rounded_hours(week):
    # Rounded up to 30m: api 2:30, site 1:10 → 1:30, audit 3:30, admin 1:00; 8:30 in all.
    data = week.json("log", "report", "--round", "30m")
    rows = {r["group"]: r for r in data["rows"]}
    assert data["total"]["rounded_hours"] == "8.50"
    assert rows["site"]["rounded_hours"] == "1.50"
    assert rows["site"]["share_percent"] == 17.6  # 1.5 of 8.5 hours, not 1:10 of 8:10
    assert [r["group"] for r in data["rows"]] == ["audit", "api", "site", "admin"]
    table = week("log", "report", "--round", "30m").stdout
    site = next(line for line in table.splitlines() if line.startswith("site"))
    assert site.split()[2:6] == ["1:10", "1:30", "1.50", "17.6%"]
    text = week("log", "report", "--round", "30m", "--csv").stdout
    by_csv = {r["group"]: r for r in csv_rows(text)}
    assert by_csv["site"]["share_percent"] == "17.6"


def test_report_filters(week):
    assert week.json("log", "report", "--not-tag", "call")["total"]["seconds"] == 29400 - 9000
    assert week.json("log", "report", "--tag", "call")["total"]["seconds"] == 9000
    assert week.json("log", "report", "--client", "Acme")["total"]["seconds"] == 13200
    assert week.json("log", "report", "--project", "audit")["total"]["seconds"] == 12600
    assert "No time tracked last week." in week("log", "report", "--last-week").stdout
    out = week("log", "report", "--project", "api", "--not-tag", "call").stdout
    assert "No time tracked this week that matches." in out


def test_report_default_rate_and_unpriced_note(gig):
    gig("log", "add", "misc", "9-10", "--date", "mon")
    assert "no rate" not in gig("log", "report").stdout  # no rates anywhere: no nagging
    out = gig("log", "report", "--billable").stdout
    assert "1.00 billable hours have no rate" in out
    gig("config", "set", "rate", "80 GBP")
    data = gig.json("log", "report")
    assert data["total"]["amounts"] == [{"amount": "80.00", "currency": "GBP"}]
    assert data["unpriced_billable_seconds"] == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--by", "colour"], 2, "cannot group by 'colour'"),
        (["--week", "--month"], 2, "choose one period"),
        (["--round", "15m", "--round-mode", "sideways"], 2, "not a rounding mode"),
        (["--round", "later"], 2, "not a duration"),
        (["--json", "--csv"], 2, "choose one of --json and --csv"),
        (["--tag", "nope"], 2, "no tag named 'nope'"),
        (["--client", "nobody"], 2, "no client named 'nobody'"),
    ],
)
def test_report_bad_input(week, args, code, message):
    assert message in error_line(week("log", "report", *args, code=code))


def test_report_month_and_running_timer(gig, clock):
    gig("log", "start", "acme", "--at", "13:30")
    data = gig.json("log", "report", "--month")
    assert data["period"]["from"] == "2026-11-01" and data["period"]["to"] == "2026-11-30"
    assert data["total"]["seconds"] == 3600
    assert data["includes_running_timer"] is True
    assert "Includes the running timer" in gig("log", "report", "--today").stdout


def test_report_not_tag_of_an_unused_tag_leaves_out_nothing(week):
    data = week.json("log", "report", "--not-tag", "never-used")
    assert data["total"]["seconds"] == 29400
    assert week.json("log", "report", "--not-tag", "never-used", "--not-tag", "call")["total"][
        "seconds"
    ] == (29400 - 9000)


def test_report_hours_in_json_are_decimal_strings_like_the_table(week):
    data = week.json("log", "report", "--round", "6m")
    assert data["total"]["seconds"] == 29400 and data["total"]["hours"] == "8.17"
    assert data["total"]["rounded_hours"] == "8.20"
    site = next(r for r in data["rows"] if r["group"] == "site")
    assert (site["seconds"], site["hours"]) == (4200, "1.17")
    sheet = week.json("log", "week")
    assert sheet["totals"]["hours"] == "8.17"
    assert [d["hours"] for d in sheet["totals"]["days"]][:4] == ["3.67", "3.00", "1.50", "0.00"]
    assert isinstance(sheet["totals"]["days"][0]["seconds"], int)


def test_report_periods_are_those_of_log_list(week):
    from gigtool.cli.context import App
    from gigtool.tracking.period_choice import chosen_period

    app = App(clock=week.clock)
    for args in (["--from", "mon", "--to", "2026-11-25"], ["--to", "2026-11-25"], ["--today"]):
        flags = [a[2:] for a in args if a == "--today"]
        since = args[args.index("--from") + 1] if "--from" in args else None
        until = args[args.index("--to") + 1] if "--to" in args else None
        expected = chosen_period(app.setting, app.clock.now(), app.zone, flags, since, until)
        got = week.json("log", "report", *args)["period"]
        assert got["label"] == expected.label
        assert (got["from"], got["to"]) == (
            expected.first_day.isoformat(),
            expected.last_day.isoformat(),
        )
    last_month = week.json("log", "report", "--last-month")["period"]
    assert (last_month["label"], last_month["from"], last_month["to"]) == (
        "October 2026",
        "2026-10-01",
        "2026-10-31",
    )


def test_report_titles_read_naturally(week):
    out = week("log", "report", "--from", "2026-11-23", "--to", "2026-11-23").stdout
    assert out.startswith("Mon 23 Nov 2026, by project")
    out = week("log", "report", "--from", "2026-11-23", "--to", "2026-11-24").stdout
    assert out.startswith("Mon 23 Nov 2026 to Tue 24 Nov 2026, by project")
    assert week("log", "report", "--to", "2026-11-25").stdout.startswith(
        "Up to Wed 25 Nov 2026, by project"
    )
    assert week("log", "report", "--yesterday").stdout.startswith(
        "Yesterday (Tue 24 Nov 2026), by project"
    )
    empty = week("log", "report", "--from", "2026-11-01", "--to", "2026-11-01").stdout
    assert empty.strip() == "No time tracked on Sun 01 Nov 2026."


# gig log week ---------------------------------------------------------------------------------


def test_week_grid(week):
    out = week("log", "week").stdout
    lines = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert lines["Project"][:4] == ["Project", "Client", "Mon", "23"]
    assert lines["Project"][-2:] == ["Total", "Amount"]
    assert lines["audit"] == [
        *("audit", "Globex", "·", "2:00", "1:30", "·", "·", "·", "·", "3:30"),
        *("315.00", "EUR"),
    ]
    assert lines["admin"][-1] == "1:00"  # not billable: no amount
    assert lines["api"][-2:] == ["250.00", "USD"]
    assert lines["Total"] == [
        *("Total", "3:40", "3:00", "1:30", "·", "·", "·", "·", "8:10"),
        *("315.00", "EUR"),
    ]
    assert "390.00 USD" in out  # the second currency on its own line, never added


def test_week_of_nothing_says_which_week(week):
    out = week("log", "week", "--of", "2026-11-10").stdout
    assert out.strip() == "No time tracked in the week (Mon 09 Nov to Sun 15 Nov 2026)."


def test_week_json_and_csv(week):
    data = week.json("log", "week")
    assert data["days"][0] == "2026-11-23" and len(data["days"]) == 7
    rows = {r["project"]: r for r in data["rows"]}
    assert [d["seconds"] for d in rows["audit"]["days"]][:3] == [0, 7200, 5400]
    assert data["totals"]["seconds"] == sum(r["seconds"] for r in data["rows"]) == 29400
    assert [d["seconds"] for d in data["totals"]["days"]][:3] == [13200, 10800, 5400]
    table = csv_rows(week("log", "week", "--csv").stdout)
    audit = next(r for r in table if r["project"] == "audit")
    assert (audit["2026-11-24"], audit["2026-11-25"], audit["total_hours"]) == (
        "2.00",
        "1.50",
        "3.50",
    )
    assert audit["total_seconds"] == "12600"
    assert (audit["amount_EUR"], audit["amount_USD"]) == ("315.00", "")
    site = next(r for r in table if r["project"] == "site")
    assert site["amount_USD"] == "140.00"
    assert next(r for r in table if r["project"] == "admin")["amount_USD"] == ""
    for row in table:
        j = next(r for r in data["rows"] if (r["project"] or "") == row["project"])
        assert row["total_hours"] == j["hours"]
        assert row.get("amount_USD", "") == next(
            (a["amount"] for a in j["amounts"] if a["currency"] == "USD"), ""
        )


def test_week_start_from_config_and_other_weeks(week):
    week("config", "set", "week-start", "sunday")
    assert week.json("log", "week")["days"][0] == "2026-11-22"
    assert week.json("log", "week", "--last-week")["days"][0] == "2026-11-15"
    assert week.json("log", "week", "--of", "2026-11-03")["days"][0] == "2026-11-01"
    assert "No time tracked last week" in week("log", "week", "--last-week").stdout


# gig log import -------------------------------------------------------------------------------

TOGGL = (
    "\ufeffUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (USD)\n"
    "Ann,a@x.io,Acme,API,,Review,Yes,2026-11-03,09:00:00,2026-11-03,10:00:00,01:00:00,"
    '"call, urgent",95.00\n'
    "Ann,a@x.io,,Admin,,Email,No,2026-11-03,23:30:00,2026-11-04,00:30:00,01:00:00,,\n"
)


def test_import_toggl_dry_run_then_for_real_then_again(gig, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(TOGGL, encoding="utf-8")
    dry = gig("log", "import", "toggl", str(path), "--dry-run").stdout
    assert (
        "Would add 2 entries from toggl.csv, 03 Nov 2026 to 04 Nov 2026; 0 already there, "
        "0 skipped." in dry
    )
    assert "Would create 1 client: Acme." in dry
    assert "Would create 2 projects: API, Admin." in dry
    assert "Nothing was written: this was a dry run." in dry
    assert gig.json("log", "list", "--from", "2026-11-01") == []

    real = gig("log", "import", "toggl", str(path))
    assert "Added 2 entries from toggl.csv" in real.stdout
    assert "Rate of API: 95.00 USD an hour (from the amounts in the file)." in real.stdout
    assert "A backup from before the import is in" in real.stderr
    listed = gig.json("log", "list", "--from", "2026-11-01")
    assert [(e["project"], e["tags"], e["start"]) for e in listed] == [
        ("API", ["call", "urgent"], "2026-11-03T09:00:00-05:00"),
        ("Admin", [], "2026-11-03T23:30:00-05:00"),
    ]
    again = gig("log", "import", "toggl", str(path)).stdout
    assert "Added 0 entries from toggl.csv; 2 already there, 0 skipped." in again


def test_import_toggl_tz(gig, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(TOGGL, encoding="utf-8")
    gig("log", "import", "toggl", str(path), "--tz", "Europe/Berlin")
    first = gig.json("log", "list", "--from", "2026-11-01")[0]
    assert first["start"] == "2026-11-03T03:00:00-05:00"
    assert "'Mars/Base' is not a time zone" in error_line(
        gig("log", "import", "toggl", str(path), "--tz", "Mars/Base", code=2)
    )


def test_import_malformed_row_then_skip_bad(gig, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(TOGGL + ",,,X,,bad,Yes,2026-11-05,9am,,,01:00:00,,\n", encoding="utf-8")
    message = error_line(gig("log", "import", "toggl", str(path), code=2))
    assert "toggl.csv line 4: Start time '9am' is not a time like 09:15:00" in message
    assert "Nothing was imported" in message
    assert gig.json("log", "list", "--from", "2026-11-01") == []
    out = gig("log", "import", "toggl", str(path), "--skip-bad").stdout
    assert "Added 2 entries" in out and "1 skipped" in out
    assert "Skipped:\n  line 4: Start time '9am' is not a time like 09:15:00" in out


def test_import_missing_file_and_wrong_kind(gig, tmp_path):
    assert "there is no file" in error_line(
        gig("log", "import", "toggl", str(tmp_path / "nope.csv"), code=2)
    )
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    assert "not a Toggl Track detailed report" in error_line(
        gig("log", "import", "toggl", str(other), code=2)
    )


@pytest.mark.parametrize(
    ("kind", "make", "message"),
    [
        ("toggl", lambda d: d / "nope.csv", "there is no file"),
        ("toggl", lambda d: d, "is a folder; give the CSV file Toggl exported"),
        ("toggl", lambda d: _write(d / "frames", '[[1, 2, "a", "b"]]'), "is Watson's frames"),
        ("toggl", lambda d: _write(d / "t.csv", ""), "t.csv is empty"),
        ("toggl", lambda d: _write(d / "t.csv", b"\xff\xfe,\n"), "is not UTF-8 text"),
        ("toggl", lambda d: _write(d / "t.csv", 'Start date,Start time,Duration\n"x'), "t.csv"),
        ("watson", lambda d: d / "frames", "there is no file"),
        ("watson", lambda d: d, "is a folder; give Watson's frames file"),
        ("watson", lambda d: _write(d / "t.csv", TOGGL), "t.csv is a Toggl Track CSV, not"),
        ("watson", lambda d: _write(d / "frames", "[[1, 2"), "frames line 1: not valid JSON"),
        ("timew", lambda d: d / "nope", "there is no folder"),
        ("timew", lambda d: d, "no Timewarrior data files (YYYY-MM.data)"),
        ("timew", lambda d: _write(d / "2026-11.data", "inc"), "line 1: not a Timewarrior"),
        ("timew", lambda d: _write(d / "notes.txt", "inc"), "is not a folder"),
    ],
)
def test_import_bad_inputs_are_one_line(gig, tmp_path, kind, make, message):
    where = make(tmp_path)
    result = gig("log", "import", kind, str(where), code=2)
    assert message in error_line(result)
    assert result.stdout == ""
    assert gig.json("log", "list", "--from", "2026-01-01") == []


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_import_watson_default_location(gig, tmp_path, monkeypatch):
    monkeypatch.setenv("WATSON_DIR", str(tmp_path))
    start = int(datetime(2026, 11, 2, 9, tzinfo=NY).timestamp())
    frames = [[start, start + 5400, "acme", "f1", ["review"], start + 5400]]
    (tmp_path / "frames").write_text(json.dumps(frames, indent=1), encoding="utf-8")
    out = gig("log", "import", "watson").stdout
    assert "Added 1 entry from frames" in out
    (entry,) = gig.json("log", "list", "--from", "2026-11-01")
    assert (entry["project"], entry["tags"], entry["duration_seconds"]) == (
        "acme",
        ["review"],
        5400,
    )


def test_import_timew_with_project_and_running_interval(gig, tmp_path):
    data = tmp_path / "tw" / "data"
    data.mkdir(parents=True)
    (data / "2026-11.data").write_text(
        'inc 20261102T140000Z - 20261102T150000Z # call "big client"\n'
        "inc 20261125T180000Z # call\n",
        encoding="utf-8",
    )
    out = gig("log", "import", "timew", str(tmp_path / "tw"), "--project", "acme").stdout
    assert "Added 1 entry from Timewarrior (tw)" in out and "1 skipped" in out
    assert "Not imported:\n  2026-11.data line 2: still running in Timewarrior" in out
    (entry,) = gig.json("log", "list", "--from", "2026-11-01")
    assert (entry["project"], entry["tags"]) == ("acme", ["big client", "call"])


# Sat 31 Oct 22:00 EDT to Sun 1 Nov 03:00 EST: past midnight and through the fall-back hour,
# six real hours: two on Saturday, four on Sunday (00:00 EDT to 03:00 EST).
NIGHT_START, NIGHT_END = 1793498400, 1793520000


@pytest.mark.parametrize("kind", ["watson", "timew", "toggl"])
def test_imported_night_across_midnight_and_dst_counts_toward_each_day(gig, tmp_path, kind):
    assert datetime.fromtimestamp(NIGHT_START, NY).isoformat() == "2026-10-31T22:00:00-04:00"
    assert datetime.fromtimestamp(NIGHT_END, NY).isoformat() == "2026-11-01T03:00:00-05:00"
    if kind == "watson":
        where = _write(tmp_path / "frames", f'[[{NIGHT_START}, {NIGHT_END}, "ops", "n1"]]')
    elif kind == "timew":
        (tmp_path / "data").mkdir()
        _write(
            tmp_path / "data" / "2026-10.data",
            "inc 20261101T020000Z - 20261101T080000Z # ops deploy\n",
        )
        where = tmp_path
    else:
        where = _write(
            tmp_path / "t.csv",
            "Project,Start date,Start time,End date,End time,Duration\n"
            "ops,2026-10-31,22:00:00,2026-11-01,03:00:00,06:00:00\n",
        )
    assert "Added 1 entry" in gig("log", "import", kind, str(where)).stdout
    data = gig.json("log", "report", "--by", "day", "--from", "2026-10-31", "--to", "2026-11-01")
    assert [(r["group"], r["seconds"]) for r in data["rows"]] == [
        ("2026-10-31", 2 * 3600),
        ("2026-11-01", 4 * 3600),
    ]
    assert data["total"]["seconds"] == 6 * 3600
    gig("config", "set", "day-start", "4")  # the whole night belongs to Saturday
    data = gig.json("log", "report", "--by", "day", "--from", "2026-10-31", "--to", "2026-11-01")
    assert [(r["group"], r["seconds"]) for r in data["rows"]] == [("2026-10-31", 6 * 3600)]
    assert "Added 0 entries" in gig("log", "import", kind, str(where)).stdout


YEAR_10000 = 253402300000


def test_import_watson_frame_beyond_tomorrow_is_a_bad_row(gig, tmp_path, monkeypatch):
    monkeypatch.setenv("WATSON_DIR", str(tmp_path))
    start = int(datetime(2026, 11, 2, 9, tzinfo=NY).timestamp())
    frames = [[start, start + 3600, "acme", "ok"], [start, YEAR_10000, "acme", "far"]]
    (tmp_path / "frames").write_text(json.dumps(frames, indent=1), encoding="utf-8")
    message = error_line(gig("log", "import", "watson", code=2))
    assert "frames line 8 (frame 2): it ends more than a day from now" in message
    assert "Nothing was imported" in message
    out = gig("log", "import", "watson", "--skip-bad").stdout
    assert "Added 1 entry from frames, 02 Nov 2026 to 02 Nov 2026" in out
    assert "line 8 (frame 2): it ends more than a day from now" in out
    assert "No timer running. Last: #1 acme" in gig("log", "status").stdout


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        ('[Infinity, 1793433600, "acme", "a"]', "the start inf is not a Unix timestamp"),
        ('[1793430000, NaN, "acme", "a"]', "the stop nan is not a Unix timestamp"),
        ('[-7200, -3600, "acme", "a"]', "it starts on 31 Dec 1969, before 2000"),
        ('[1793433600, 1793430000, "acme", "a"]', "it stops before it starts"),
    ],
)
def test_import_watson_times_no_entry_can_have(gig, tmp_path, frame, reason):
    path = tmp_path / "frames"
    path.write_text(f"[\n{frame}\n]", encoding="utf-8")
    message = error_line(gig("log", "import", "watson", str(path), code=2))
    assert f"frames line 2 (frame 1): {reason}" in message
    assert "skipped" in gig("log", "import", "watson", str(path), "--skip-bad").stdout
    assert gig.json("log", "list", "--from", "1970-01-02") == []


def test_import_toggl_and_timew_dates_out_of_range(gig, tmp_path):
    path = tmp_path / "toggl.csv"
    path.write_text(
        TOGGL
        + "Ann,a@x.io,,Admin,,Far,No,9999-12-31,09:00:00,9999-12-31,10:00:00,01:00:00,,\n"
        + "Ann,a@x.io,,Admin,,Old,No,1969-12-31,09:00:00,1969-12-31,10:00:00,01:00:00,,\n"
        + "Ann,a@x.io,,Admin,,Edge,No,9999-12-31,23:00:00,,00:30:00,,,\n",
        encoding="utf-8",
    )
    message = error_line(gig("log", "import", "toggl", str(path), code=2))
    assert "toggl.csv line 4: it ends more than a day from now" in message
    out = gig("log", "import", "toggl", str(path), "--skip-bad").stdout
    assert "Added 2 entries" in out and "3 skipped" in out
    assert "line 5: it starts on 31 Dec 1969, before 2000" in out
    assert "line 6: its dates are out of range" in out
    # Tomorrow is fine: clocks and zones disagree by a few hours.
    tomorrow = tmp_path / "tomorrow.csv"
    tomorrow.write_text(
        TOGGL.splitlines()[0]
        + "\nAnn,a@x.io,,Admin,,Soon,No,2026-11-26,09:00:00,2026-11-26,10:00:00,01:00:00,,\n",
        encoding="utf-8",
    )
    assert "Added 1 entry" in gig("log", "import", "toggl", str(tomorrow)).stdout

    data = tmp_path / "tw" / "data"
    data.mkdir(parents=True)
    (data / "2026-11.data").write_text(
        "inc 20261102T140000Z - 20261102T150000Z # call\n"
        "inc 20261102T140000Z - 99991231T000000Z # call\n"
        "inc 19690101T000000Z - 19690101T010000Z # call\n",
        encoding="utf-8",
    )
    message = error_line(gig("log", "import", "timew", str(tmp_path / "tw"), code=2))
    assert "2026-11.data line 2: it ends more than a day from now" in message
    out = gig("log", "import", "timew", str(tmp_path / "tw"), "--skip-bad").stdout
    assert "Added 1 entry" in out and "2 skipped" in out
    assert "2026-11.data line 3: it starts on" in out


# gig log export -------------------------------------------------------------------------------


def test_export_csv_uses_toggl_headers(week):
    rows = csv_rows(week("log", "export", "--email", "ann@x.io").stdout)
    assert list(rows[0]) == [
        "User",
        "Email",
        "Client",
        "Project",
        "Task",
        "Description",
        "Billable",
        "Start date",
        "Start time",
        "End date",
        "End time",
        "Duration",
        "Tags",
        "Amount (EUR)",
        "Amount (USD)",
    ]
    audit = next(r for r in rows if r["Project"] == "audit")
    assert audit == audit | {
        "User": "ann",
        "Email": "ann@x.io",
        "Client": "Globex",
        "Start date": "2026-11-24",
        "Start time": "22:00:00",
        "End date": "2026-11-25",
        "End time": "01:30:00",
        "Duration": "03:30:00",
        "Billable": "Yes",
        "Amount (EUR)": "315.00",
        "Amount (USD)": "",
    }


def test_export_json_and_period(week):
    data = week.json("log", "export", "--from", "2026-11-24")
    assert [e["project"] for e in data] == ["admin", "audit"]
    assert data[1]["amount"] == "315.00" and data[1]["currency"] == "EUR"
    assert data[0]["amount"] is None


def test_export_leaves_out_the_running_timer(gig):
    gig("log", "add", "acme", "9-10", "--date", "mon")
    gig("log", "start", "acme")
    result = gig("log", "export")
    assert len(csv_rows(result.stdout)) == 1
    assert "running timer is not exported" in result.stderr


def test_export_then_import_into_the_same_data_adds_nothing(week, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(week("log", "export").stdout, encoding="utf-8")
    assert (
        "Added 0 entries from mine.csv; 4 already there"
        in week("log", "import", "toggl", str(path)).stdout
    )


# export → import round trip --------------------------------------------------------------------

BASE = datetime(2026, 10, 20, tzinfo=NY)  # the fall-back change (1 Nov) lies within

entry_strategy = st.tuples(
    st.integers(0, 30 * 86400),  # start, seconds after BASE
    st.integers(1, 30 * 3600),  # length
    st.sampled_from(["api", "Beta Site", "ops, inc", "solo"]),
    st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=20
    ).map(str.strip),
    st.lists(st.sampled_from(["call", "deep work", "Review", "call,x"]), max_size=3, unique=True),
    st.booleans(),
)


def _in_repeated_hour(moment: int) -> bool:
    """The second 1-2am of 1 Nov 2026 in New York, which a wall clock cannot tell apart."""
    return (
        datetime(2026, 11, 1, 6, tzinfo=ZoneInfo("UTC")).timestamp()
        <= moment
        < datetime(2026, 11, 1, 7, tzinfo=ZoneInfo("UTC")).timestamp()
    )


def _entries(gig, home: Path) -> list[tuple]:
    data = gig.json("--home", str(home), "log", "export")
    return sorted(
        (
            e["start"],
            e["end"],
            e["project"],
            e["client"],
            e["description"],
            e["tags"],
            e["billable"],
            e["amount"],
            e["currency"],
        )
        for e in data
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(entry_strategy, max_size=8), zone=st.sampled_from([None, "UTC"]))
def test_export_then_import_round_trips(gig, rows, zone):
    from gigtool.amounts import Money
    from gigtool.clients import catalog
    from gigtool.database import open_db
    from gigtool.tracking import entries as tracking

    base = int(BASE.timestamp())
    if zone is None:
        # Toggl's CSV has no UTC offsets: an entry wholly inside the repeated hour of a
        # fall-back night reads the same as one an hour earlier. Nothing can tell them apart.
        assume(
            not any(
                _in_repeated_hour(base + s) and _in_repeated_hour(base + s + n) for s, n, *_ in rows
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "source", Path(tmp) / "target"
        conn = open_db(source)
        try:
            catalog.add_client(conn, gig.clock, "Acme", Money(9500, "USD"))
            catalog.add_project(conn, gig.clock, "api", client="Acme")
            catalog.add_project(conn, gig.clock, "ops, inc", rate=Money(8000, "EUR"))
            for start, length, project, text, tags, billable in rows:
                tracking.add_entry(
                    conn,
                    gig.clock,
                    project=project,
                    start=datetime.fromtimestamp(base + start, NY),
                    end=datetime.fromtimestamp(base + start + length, NY),
                    description=text,
                    tags=tags,
                    billable=billable,
                    allow_overlap=True,
                )
        finally:
            conn.close()
        tz = ["--tz", zone] if zone else []
        exported = gig("--home", str(source), "log", "export", *tz).stdout
        path = Path(tmp) / "export.csv"
        path.write_text(exported, encoding="utf-8")
        out = gig(
            "--home", str(target), "log", "import", "toggl", str(path), *tz, "--allow-overlap"
        ).stdout
        assert f"Added {len(rows)} " in out
        assert _entries(gig, target) == _entries(gig, source)
        again = gig("--home", str(target), "log", "import", "toggl", str(path), *tz).stdout
        assert f"{len(rows)} already there" in again


def test_week_of_a_dst_change_has_its_real_hours(gig, clock):
    clock.current = datetime(2026, 11, 3, 12, tzinfo=NY)
    gig("log", "add", "acme", "--start", "2026-10-31 12:00", "--end", "2026-11-01 12:00")
    data = gig.json("log", "report", "--by", "day", "--from", "2026-10-31")
    assert [(r["group"], r["seconds"]) for r in data["rows"]] == [
        ("2026-10-31", 12 * 3600),
        ("2026-11-01", 13 * 3600),  # 00:00 to 12:00 on a 25-hour day
    ]
    assert timedelta(seconds=data["total"]["seconds"]) == timedelta(hours=25)
