"""A command line loads only what it runs, and still behaves like the whole tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gigtool.cli import _command_to_load, _group_to_load, build_app


@pytest.mark.parametrize(
    ("argv", "group", "command"),
    [
        (["log", "start", "acme"], "log", "start"),
        (["--home", "log", "log", "stop"], "log", "stop"),
        (["log", "start", "--at", "9:15", "log"], "log", "start"),
        (["log"], "log", None),
        (["log", "--help", "start"], "log", None),
        (["log", "start", "--help"], "log", "start"),
        (["frog"], "frog", None),
        ([], "", None),
        (["--help"], None, None),
    ],
)
def test_the_group_and_command_a_line_needs(argv, group, command) -> None:
    assert _group_to_load(argv) == group
    assert _command_to_load(argv, group) == command


def _names(app) -> set[str]:  # type: ignore[no-untyped-def]
    import typer.main

    return set(typer.main.get_command(app).commands["log"].commands)  # type: ignore[attr-defined]


def test_only_the_command_about_to_run_is_built() -> None:
    assert _names(build_app("log", "start")) == {"start"}
    assert _names(build_app("log", "import")) == {"import"}
    # Not a command of the group (a typo, or `gig log` alone): the whole group, so
    # click can list the commands or say which one does not exist.
    assert {"start", "stop", "report", "import"} <= _names(build_app("log", "strat"))
    assert {"start", "stop"} <= _names(build_app("log", None))


@pytest.mark.parametrize(
    ("args", "code", "shown"),
    [
        (["log", "start", "--help"], 0, "Usage: gig log start"),
        (["log", "import", "toggl", "--help"], 0, "Usage: gig log import toggl"),
        (["log", "strat"], 2, "Error: No such command 'strat'"),
        (["log", "start", "acme"], 0, "Started #1 acme"),
    ],
)
def test_a_real_gig_process(gig_home: Path, args, code, shown) -> None:
    env = {**os.environ, "GIG_HOME": str(gig_home), "COLUMNS": "100"}
    run = subprocess.run(
        [sys.executable, "-m", "gigtool", *args], env=env, capture_output=True, text=True
    )
    assert run.returncode == code, run.stderr
    assert shown in run.stdout + run.stderr


def test_a_log_command_loads_only_its_own_module() -> None:
    code = (
        "import sys; from gigtool.cli import build_app; build_app('log', 'start'); "
        "print(sorted(m for m in sys.modules if m.startswith('gigtool.cli.log')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "['gigtool.cli.log', 'gigtool.cli.log_options']"
