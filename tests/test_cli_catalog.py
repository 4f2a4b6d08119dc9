"""`gig client` and `gig project` through the CLI."""

from __future__ import annotations

import csv
import io

import pytest


def error_line(result) -> str:
    """The one `Error: …` line a refused or bad command must print, and nothing else."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    return lines[0]


NO_RATE = {"rate": None, "currency": None}


def client(gig, name: str, *, archived: bool = False) -> dict | None:
    args = ["client", "list"] + (["--archived"] if archived else [])
    return next((c for c in gig.json(*args) if c["name"] == name), None)


def project(gig, name: str, *, archived: bool = False) -> dict | None:
    args = ["project", "list"] + (["--archived"] if archived else [])
    return next((p for p in gig.json(*args) if p["name"] == name), None)


# --- clients -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said", "rate"),
    [
        ([], "Added client #1 Acme.", NO_RATE),
        (["--rate", "95", "--currency", "USD"], "Added client #1 Acme at 95.00 USD/h.",
         {"rate": "95.00", "currency": "USD"}),
        (["--rate", "95 EUR"], "at 95.00 EUR/h.", {"rate": "95.00", "currency": "EUR"}),
        (["--rate", "€95.50"], "at 95.50 EUR/h.", {"rate": "95.50", "currency": "EUR"}),
        (["--rate", "$1,200"], "at 1,200.00 USD/h.", {"rate": "1200.00", "currency": "USD"}),
        (["--rate", "95", "--currency", "gbp"], "at 95.00 GBP/h.",
         {"rate": "95.00", "currency": "GBP"}),
        (["--rate", "9500", "--currency", "JPY"], "at 9,500 JPY/h.",
         {"rate": "9500", "currency": "JPY"}),
        (["--rate", "95 EUR", "--currency", "EUR"], "at 95.00 EUR/h.",
         {"rate": "95.00", "currency": "EUR"}),
    ],
)
def test_client_add_with_rate(gig, args, said, rate):
    assert said in gig("client", "add", "Acme", *args).stdout
    assert gig.json("client", "list") == [
        {"id": 1, "name": "Acme", **rate, "projects": 0, "archived": False, "aliases": []}
    ]


def test_client_rate_uses_the_currency_setting(gig):
    gig("config", "set", "currency", "eur")
    assert "at 95.00 EUR/h." in gig("client", "add", "Acme", "--rate", "95").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate", "95 EUR", "--currency", "USD"], "the rate says EUR but --currency says USD"),
        (["--currency", "USD"], "--currency goes with --rate"),
        (["--rate", "ninety"], "'ninety' is not an amount"),
        (["--rate", "95", "--currency", "XYZ"], "'XYZ' is not an ISO 4217 currency code"),
        (["--rate", "95.505"], "more decimals than USD allows"),
        (["--rate", "95,50"], "ambiguous"),
    ],
)
def test_client_add_bad_rate(gig, args, message):
    assert message in error_line(gig("client", "add", "Acme", *args, code=2))
    assert gig.json("client", "list") == []


@pytest.mark.parametrize(
    ("kind", "first", "second"),
    [
        ("client", "Acme", "Acme"),
        ("client", "Acme", "acme"),
        ("client", "Acme", "  Acme  "),
        ("project", "website", "website"),
        ("project", "website", "WEBSITE"),
    ],
)
def test_duplicate_names_are_refused(gig, kind, first, second):
    gig(kind, "add", first)
    message = error_line(gig(kind, "add", second, code=1))
    assert f"{kind} '{first}' already exists (#1)" in message
    assert len(gig.json(kind, "list")) == 1


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("client", "   ", "needs a name"),
        ("client", "+acme", "cannot start with '+'"),
        ("project", "@home", "cannot start with '@'"),
        ("project", "x" * 101, "at most 100 characters"),
    ],
)
def test_bad_names_are_refused(gig, kind, name, message):
    assert message in error_line(gig(kind, "add", name, code=2))


def test_client_list_outputs(gig):
    assert "No clients yet" in gig("client", "list").stdout
    gig("client", "add", "Acme", "--rate", "95")
    gig("client", "add", "Beta")
    gig("project", "add", "website", "--client", "Acme")

    out = gig("client", "list").stdout
    assert "Acme" in out and "95.00 USD/h" in out and "Beta" in out

    assert [(c["name"], c["projects"]) for c in gig.json("client", "list")] == [
        ("Acme", 1), ("Beta", 0)]

    text = gig("client", "list", "--csv").stdout
    assert text.splitlines()[0] == "id,name,rate,currency,projects,archived,aliases"
    assert list(csv.DictReader(io.StringIO(text))) == [
        {"id": "1", "name": "Acme", "rate": "95.00", "currency": "USD", "projects": "1",
         "archived": "false", "aliases": ""},
        {"id": "2", "name": "Beta", "rate": "", "currency": "", "projects": "0",
         "archived": "false", "aliases": ""},
    ]


@pytest.mark.parametrize("kind", ["client", "project"])
def test_list_json_and_csv_together_is_bad_input(gig, kind):
    assert "choose one of --json and --csv" in error_line(
        gig(kind, "list", "--json", "--csv", code=2))


@pytest.mark.parametrize(
    ("args", "said", "rate"),
    [
        (["--rate", "110"], "Client Acme: rate 110.00 USD/h.",
         {"rate": "110.00", "currency": "USD"}),
        (["--rate", "80 EUR"], "Client Acme: rate 80.00 EUR/h.",
         {"rate": "80.00", "currency": "EUR"}),
        (["--no-rate"], "Client Acme: rate none.", NO_RATE),
    ],
)
def test_client_edit(gig, args, said, rate):
    gig("client", "add", "Acme", "--rate", "95")
    assert said in gig("client", "edit", "Acme", *args).stdout
    found = client(gig, "Acme")
    assert {"rate": found["rate"], "currency": found["currency"]} == rate


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Acme"], "nothing to change"),
        (["Nobody", "--rate", "5"], "no client named 'Nobody'"),
        (["Acme", "--rate", "5 EUR", "--currency", "GBP"], "the rate says EUR"),
    ],
)
def test_client_edit_bad_input(gig, args, message):
    gig("client", "add", "Acme", "--rate", "95")
    assert message in error_line(gig("client", "edit", *args, code=2))
    assert client(gig, "Acme")["rate"] == "95.00"


def test_client_rename_carries_projects_and_time(gig):
    gig("client", "add", "Acme")
    gig("project", "add", "website", "--client", "Acme")
    gig("log", "add", "website", "9-10")

    assert "Renamed client 'Acme' to 'Acme Corp'." in gig(
        "client", "rename", "Acme", "Acme Corp").stdout
    assert [c["name"] for c in gig.json("client", "list")] == ["Acme Corp"]
    assert project(gig, "website")["client"] == "Acme Corp"
    assert gig.json("log", "list", "--today")[0]["client"] == "Acme Corp"


@pytest.mark.parametrize(
    ("kind", "args", "code", "message"),
    [
        ("client", ["Acme", "Beta"], 1, "client 'Beta' already exists"),
        ("client", ["Nobody", "X"], 2, "no client named 'Nobody'"),
        ("client", ["Acme", "+x"], 2, "cannot start with '+'"),
        ("project", ["website", "app"], 1, "project 'app' already exists"),
        ("project", ["nothing", "x"], 2, "no project named 'nothing'"),
    ],
)
def test_rename_refused(gig, kind, args, code, message):
    gig("client", "add", "Acme")
    gig("client", "add", "Beta")
    gig("project", "add", "website")
    gig("project", "add", "app")
    assert message in error_line(gig(kind, "rename", *args, code=code))


def test_client_archive_and_undo(gig):
    gig("client", "add", "Acme")
    gig("client", "add", "Beta")

    assert "Archived client 'Acme'." in gig("client", "archive", "Acme").stdout
    assert [c["name"] for c in gig.json("client", "list")] == ["Beta"]
    assert client(gig, "Acme", archived=True)["archived"] is True
    assert "Acme" not in gig("client", "list").stdout

    assert "Restored client 'Acme'." in gig("client", "archive", "Acme", "--undo").stdout
    assert client(gig, "Acme")["archived"] is False


def test_client_archive_unknown(gig):
    assert "no client named 'Nobody'" in error_line(gig("client", "archive", "Nobody", code=2))


# --- projects ----------------------------------------------------------------------------------


def test_project_add_for_a_client_with_a_rate(gig):
    gig("client", "add", "Acme")
    out = gig("project", "add", "website", "--client", "Acme", "--rate", "110").stdout
    assert "Added project #1 website for Acme at 110.00 USD/h." in out
    assert gig.json("project", "list") == [{
        "id": 1, "name": "website", "client": "Acme", "rate": "110.00", "currency": "USD",
        "billable": True, "archived": False,
    }]


def test_project_not_billable_sets_the_default_for_its_time(gig):
    gig("project", "add", "internal", "--no-billable")
    assert project(gig, "internal")["billable"] is False
    gig("log", "add", "internal", "9-10")
    gig("log", "add", "internal", "10-11", "--billable")
    assert [e["billable"] for e in gig.json("log", "list", "--today")] == [False, True]


@pytest.mark.parametrize(
    "command",
    [
        ["project", "add", "website", "--client", "Nobody"],
        ["project", "edit", "site", "--client", "Nobody"],
        ["project", "list", "--client", "Nobody"],
        ["client", "edit", "Nobody", "--no-rate"],
        ["log", "list", "--client", "Nobody"],
    ],
)
def test_unknown_client_is_bad_input(gig, command):
    gig("project", "add", "site")
    message = error_line(gig(*command, code=2))
    assert "no client named 'Nobody'" in message
    assert "gig client list" in message


def test_project_list_filter_json_and_csv(gig):
    assert "No projects yet" in gig("project", "list").stdout
    gig("client", "add", "Acme")
    gig("project", "add", "website", "--client", "Acme", "--rate", "120 EUR")
    gig("project", "add", "app", "--client", "Acme", "--no-billable")
    gig("project", "add", "personal")

    assert [p["name"] for p in gig.json("project", "list")] == ["app", "personal", "website"]
    assert [p["name"] for p in gig.json("project", "list", "--client", "Acme")] == [
        "app", "website"]
    for entry in gig.json("project", "list"):
        assert set(entry) == {"id", "name", "client", "rate", "currency", "billable", "archived"}

    out = gig("project", "list").stdout
    assert "website" in out and "120.00 EUR/h" in out and "personal" in out

    text = gig("project", "list", "--client", "Acme", "--csv").stdout
    assert text.splitlines()[0] == "id,name,client,rate,currency,billable,archived"
    assert list(csv.DictReader(io.StringIO(text))) == [
        {"id": "2", "name": "app", "client": "Acme", "rate": "", "currency": "",
         "billable": "false", "archived": "false"},
        {"id": "1", "name": "website", "client": "Acme", "rate": "120.00", "currency": "EUR",
         "billable": "true", "archived": "false"},
    ]


@pytest.mark.parametrize(
    ("args", "said", "fields"),
    [
        (["--client", "Beta"], "Project website: client Beta", {"client": "Beta"}),
        (["--no-client"], "Project website: client none", {"client": None}),
        (["--rate", "120", "--currency", "EUR"], "rate 120.00 EUR/h",
         {"rate": "120.00", "currency": "EUR"}),
        (["--no-rate"], "rate none", NO_RATE),
        (["--no-billable"], "not billable", {"billable": False}),
    ],
)
def test_project_edit(gig, args, said, fields):
    gig("client", "add", "Acme")
    gig("client", "add", "Beta")
    gig("project", "add", "website", "--client", "Acme", "--rate", "100")
    before = project(gig, "website")

    assert said in gig("project", "edit", "website", *args).stdout
    after = project(gig, "website")
    assert after == {**before, **fields}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["website"], "nothing to change"),
        (["nothing", "--no-rate"], "no project named 'nothing'"),
        (["website", "--currency", "EUR"], "--currency goes with --rate"),
    ],
)
def test_project_edit_bad_input(gig, args, message):
    gig("project", "add", "website")
    assert message in error_line(gig("project", "edit", *args, code=2))


def test_project_rename_carries_its_time(gig):
    gig("log", "add", "website", "9-10")
    assert "Renamed project 'website' to 'website v2'." in gig(
        "project", "rename", "website", "website v2").stdout
    assert gig.json("log", "list", "--today")[0]["project"] == "website v2"
    assert [p["name"] for p in gig.json("project", "list")] == ["website v2"]


def test_project_archive_hides_it_and_refuses_new_time(gig):
    gig("project", "add", "website")
    gig("log", "add", "website", "9-10")

    assert "Archived project 'website'." in gig("project", "archive", "website").stdout
    assert gig.json("project", "list") == []
    assert project(gig, "website", archived=True)["archived"] is True
    assert len(gig.json("log", "list", "--today")) == 1  # its time is kept

    for command in (["log", "start", "website"], ["log", "add", "website", "11-12"]):
        message = error_line(gig(*command, code=1))
        assert "project 'website' is archived" in message
        assert "gig project archive website --undo" in message
    assert gig.json("log", "status") is None

    assert "Restored project 'website'." in gig("project", "archive", "website", "--undo").stdout
    assert "Started #2 website" in gig("log", "start", "website").stdout


# --- one client, one name: aliases and look-alike names ---------------------------------------


def test_a_renamed_clients_old_name_still_finds_it_everywhere(gig):
    gig("client", "add", "Acme")
    gig("income", "add", "500", "Acme")
    out = gig("client", "rename", "Acme", "Acme Corp").stdout
    assert out == "Renamed client 'Acme' to 'Acme Corp'. 'Acme' stays as an alias.\n"

    out = gig("income", "add", "100", "acme").stdout
    assert "Created client" not in out and "from Acme Corp" in out
    assert [c["name"] for c in gig.json("client", "list")] == ["Acme Corp"]
    assert [i["client"] for i in gig.json("income", "list", "--client", "Acme")] == [
        "Acme Corp",
        "Acme Corp",
    ]
    gig("project", "add", "website", "--client", "Acme")
    gig("project", "add", "app")
    gig("project", "edit", "app", "--client", "ACME")
    assert {p["name"] for p in gig.json("project", "list", "--client", "Acme")} == {
        "website",
        "app",
    }
    gig("task", "add", "Send", "the", "invoice", "--client", "Acme")
    assert gig.json("task", "list")[0]["client"] == "Acme Corp"
    gig("log", "add", "website", "9-10")
    assert [e["client"] for e in gig.json("log", "list", "--today", "--client", "acme")] == [
        "Acme Corp"
    ]
    gig("income", "add", "50", "Globex")
    gig("income", "edit", "3", "--client", "Acme")
    assert len(gig.json("income", "list", "--client", "Acme Corp")) == 3


def test_starting_a_timer_under_an_old_client_name_makes_that_clients_project(gig):
    gig("client", "add", "Acme")
    gig("client", "rename", "Acme", "Acme Corp")
    gig("log", "start", "acme")
    assert project(gig, "acme")["client"] == "Acme Corp"


def test_aliases_show_in_list_and_show(gig):
    gig("client", "add", "Acme")
    gig("client", "rename", "Acme", "Acme Corp")
    gig("client", "rename", "Acme Corp", "Acme Holdings")
    assert client(gig, "Acme Holdings")["aliases"] == ["Acme", "Acme Corp"]
    shown = gig.json("client", "show", "acme")
    assert shown["name"] == "Acme Holdings" and shown["aliases"] == ["Acme", "Acme Corp"]
    assert "Also known as: 'Acme', 'Acme Corp'" in gig("client", "show", "Acme Corp").stdout
    assert "Also known as" in gig("client", "list").stdout
    rows = list(csv.DictReader(io.StringIO(gig("client", "list", "--csv").stdout)))
    assert rows[0]["aliases"] == "Acme; Acme Corp"
    # Taking an old name back leaves no alias of it; a change of case makes none.
    out = gig("client", "rename", "Acme Holdings", "ACME HOLDINGS").stdout
    assert out == "Renamed client 'Acme Holdings' to 'ACME HOLDINGS'.\n"
    gig("client", "rename", "Acme Holdings", "Acme")
    assert client(gig, "Acme")["aliases"] == ["Acme Corp", "ACME HOLDINGS"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["client", "add", "acme"], "'acme' is an old name of client 'Acme Corp' (#1)"),
        (["client", "rename", "Beta", "Acme"], "'Acme' is an old name of client 'Acme Corp'"),
        (["client", "rename", "Beta", "acme corp"], "client 'Acme Corp' already exists (#1)"),
    ],
)
def test_a_name_answers_to_one_client_only(gig, args, message):
    gig("client", "add", "Acme")
    gig("client", "rename", "Acme", "Acme Corp")
    gig("client", "add", "Beta")
    assert message in error_line(gig(*args, code=1))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Acme Inc", "'Acme'"),
        ("ACME, Inc.", "'Acme'"),
        ("Acm", "'Acme'"),
        ("The Acme Company", "'Acme'"),
        ("Globex Corporation", "'Globex'"),
        ("Initech Europe", "'Initrode' (once 'Initech')"),
        ("Initech LLC Europe", "'Initrode' (once 'Initech LLC')"),
    ],
)
def test_a_new_client_name_inside_a_known_one_is_refused_with_it(gig, typed, meant):
    for name in ("Acme", "Globex", "Initech"):
        gig("client", "add", name)
    gig("client", "rename", "Initech", "Initech LLC")
    gig("client", "rename", "Initech LLC", "Initrode")  # two aliases now: both are known
    result = gig("income", "add", "500", typed, code=2)
    said = error_line(result)
    assert said.startswith(f"Error: no client named {typed!r}; did you mean {meant}? ")
    assert said.endswith("? (give --new-client if it is a new one)")
    assert gig.json("income", "list", "--all") == []
    assert "Added client" not in gig("client", "add", typed, code=2).stdout
    assert len(gig.json("client", "list")) == 3
    # Insisting makes it a client of its own.
    assert f"Created client {typed!r}." in gig("income", "add", "500", typed, "--new-client").stdout
    assert len(gig.json("client", "list")) == 4


def test_client_add_insists_with_new_client(gig):
    gig("client", "add", "Acme")
    said = error_line(gig("client", "add", "Acme Labs", code=2))
    assert said == (
        "Error: 'Acme Labs' looks like a client gig knows; did you mean 'Acme'? "
        "(give --new-client if it is a new one)"
    )
    gig("client", "add", "Acme Labs", "--new-client")
    assert [c["name"] for c in gig.json("client", "list")] == ["Acme", "Acme Labs"]
    # Payments to either now go where they are named.
    gig("income", "add", "10", "acme labs")
    gig("income", "add", "10", "Acme")
    assert [i["client"] for i in gig.json("income", "list")] == ["Acme Labs", "Acme"]


def test_an_import_under_an_old_client_name_goes_to_that_client(gig, tmp_path):
    gig("client", "add", "Acme")
    gig("client", "rename", "Acme", "Acme Corp")
    path = tmp_path / "toggl.csv"
    path.write_text(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
        "End date,End time,Duration,Tags,Amount (USD)\n"
        "Ann,a@x.io,acme,API,,Review,Yes,2026-11-03,09:00:00,2026-11-03,10:00:00,01:00:00,,\n",
        encoding="utf-8",
    )
    assert "Would create 1 client" not in gig("log", "import", "toggl", str(path), "--dry-run").stdout
    gig("log", "import", "toggl", str(path))
    assert [c["name"] for c in gig.json("client", "list")] == ["Acme Corp"]
    assert project(gig, "API")["client"] == "Acme Corp"


def test_an_import_naming_a_look_alike_client_is_refused_whole(gig, tmp_path):
    gig("client", "add", "Acme")
    path = tmp_path / "toggl.csv"
    path.write_text(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
        "End date,End time,Duration,Tags,Amount (USD)\n"
        "Ann,a@x.io,Acme Inc,API,,Review,Yes,2026-11-03,09:00:00,2026-11-03,10:00:00,01:00:00,,\n"
        "Ann,a@x.io,Beta,Site,,Build,Yes,2026-11-03,10:00:00,2026-11-03,11:00:00,01:00:00,,\n",
        encoding="utf-8",
    )
    dry = gig("log", "import", "toggl", str(path), "--dry-run").stdout
    assert "Would refuse client 'Acme Inc': it looks like 'Acme' (--new-client to insist)." in dry
    said = error_line(gig("log", "import", "toggl", str(path), code=1))
    assert "'Acme Inc' looks like 'Acme'. Nothing was imported" in said
    assert gig.json("log", "list", "--from", "2026-11-01") == []
    assert [c["name"] for c in gig.json("client", "list")] == ["Acme"]
    # Insisting creates it as a client of its own.
    gig("log", "import", "toggl", str(path), "--new-client")
    assert [c["name"] for c in gig.json("client", "list")] == ["Acme", "Acme Inc", "Beta"]


def test_an_import_finds_a_project_named_in_another_case_beyond_ascii(gig, tmp_path):
    gig("project", "add", "Café")
    path = tmp_path / "toggl.csv"
    path.write_text(
        "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
        "End date,End time,Duration,Tags,Amount (USD)\n"
        "Ann,a@x.io,,CAFÉ,,Menu,Yes,2026-11-03,09:00:00,2026-11-03,10:00:00,01:00:00,,\n",
        encoding="utf-8",
    )
    assert "Would create" not in gig("log", "import", "toggl", str(path), "--dry-run").stdout
    gig("log", "import", "toggl", str(path))
    assert [p["name"] for p in gig.json("project", "list")] == ["Café"]
