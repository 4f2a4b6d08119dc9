"""Which client a typed name is: look-alikes are refused by word, not by letter."""

from __future__ import annotations

import pytest


def error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("how", ["income", "client"])
@pytest.mark.parametrize(
    ("known", "typed"),
    [
        ("Ann", "Joanna"),  # letters inside a word are not the same client
        ("Al", "Walmart"),
        ("Art", "Smart Co"),
        ("Acme Corp", "Acme Labs"),
    ],
)
def test_a_short_name_inside_another_word_is_a_new_client(gig, how, known, typed):
    gig("client", "add", known)
    if how == "income":
        assert f"Created client {typed!r}." in gig("income", "add", "10", typed).stdout
    else:
        assert gig("client", "add", typed).stdout == f"Added client #2 {typed}.\n"
    assert sorted(c["name"] for c in gig.json("client", "list")) == sorted([known, typed])


@pytest.mark.parametrize(
    ("known", "typed"),
    [
        ("Acme, Inc.", "Acme Inc"),
        ("Acme Corp", "AcmeCorp"),
        ("Acme Corp", "acme-corp"),
        ("Acme", "ＡＣＭＥ Labs"),  # full-width letters read as what they show
        ("Zürich AG", "Zürich"),
    ],
)
def test_a_look_alike_by_its_words_is_refused_everywhere(gig, known, typed):
    gig("client", "add", known)
    for args in (["income", "add", "10", typed], ["client", "add", typed]):
        said = error_line(gig(*args, code=2))
        assert f"did you mean {known!r}? (give --new-client if it is a new one)" in said
    assert gig.json("income", "list", "--all") == []
    assert [c["name"] for c in gig.json("client", "list")] == [known]


def test_a_name_in_another_case_is_the_same_client_beyond_ascii(gig):
    gig("client", "add", "Zürich AG")
    gig("client", "rename", "Zürich AG", "Émile Zürich")
    out = gig("income", "add", "10", "ZÜRICH ag").stdout
    assert "Created client" not in out and "from Émile Zürich" in out
    gig("income", "add", "10", "émile zürich")
    assert len(gig.json("client", "list")) == 1
    assert [i["client"] for i in gig.json("income", "list", "--all")] == ["Émile Zürich"] * 2
    assert "already exists" in error_line(gig("client", "add", "ÉMILE ZÜRICH", code=1))


TOGGL = (
    "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,"
    "End date,End time,Duration,Tags,Amount (USD)\n"
    "Ann,a@x.io,{client},API,,Review,Yes,2026-11-03,09:00:00,2026-11-03,10:00:00,01:00:00,,\n"
)


@pytest.mark.parametrize(
    ("known", "in_file", "refused"),
    [("Al", "Walmart", False), ("Ann", "Joanna", False), ("Acme", "ACME, Inc.", True)],
)
def test_an_import_judges_look_alikes_as_income_does(gig, tmp_path, known, in_file, refused):
    gig("client", "add", known)
    path = tmp_path / "toggl.csv"
    path.write_text(TOGGL.format(client=f'"{in_file}"'), encoding="utf-8")
    if refused:
        said = error_line(gig("log", "import", "toggl", str(path), code=1))
        assert f"{in_file!r} looks like {known!r}. Nothing was imported" in said
        assert [c["name"] for c in gig.json("client", "list")] == [known]
    else:
        gig("log", "import", "toggl", str(path))
        assert sorted(c["name"] for c in gig.json("client", "list")) == sorted([known, in_file])


def test_taking_back_an_old_name_in_another_case_leaves_no_alias_of_it(gig):
    gig("client", "add", "Zürich AG")
    gig("client", "rename", "Zürich AG", "Zürich Holding")
    out = gig("client", "rename", "Zürich Holding", "ZÜRICH AG").stdout
    assert (
        out
        == "Renamed client 'Zürich Holding' to 'ZÜRICH AG'. 'Zürich Holding' stays as an alias.\n"
    )
    assert gig.json("client", "show", "zürich ag")["aliases"] == ["Zürich Holding"]
    assert gig("client", "rename", "ZÜRICH AG", "zürich ag").stdout == (
        "Renamed client 'ZÜRICH AG' to 'zürich ag'.\n"
    )
    assert gig.json("client", "show", "Zürich AG")["aliases"] == ["Zürich Holding"]


@pytest.mark.parametrize(
    ("known", "typed"), [("Acme", "ＡＣＭＥ"), ("Straße GmbH", "STRASSE GMBH")]
)
def test_a_name_written_in_other_letters_of_the_same_reading_is_the_client(gig, known, typed):
    gig("client", "add", known)
    out = gig("income", "add", "10", typed).stdout
    assert "Created client" not in out and f"from {known} on" in out
    said = error_line(gig("client", "add", typed, code=1))
    assert said == f"Error: client {known!r} already exists (#1)"


def test_a_project_in_another_case_beyond_ascii_is_the_same_project(gig):
    gig("log", "add", "Café", "9-10")
    out = gig("log", "add", "CAFÉ", "10-11").stdout
    assert "Created project" not in out
    assert [p["name"] for p in gig.json("project", "list")] == ["Café"]
    assert gig.json("log", "report", "--today", "--project", "café")["total"]["seconds"] == 7200
