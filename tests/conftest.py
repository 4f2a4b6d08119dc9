from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from gigtool.cli import app as gig_app
from gigtool.cli.context import App
from gigtool.clock import FixedClock

NEW_YORK = ZoneInfo("America/New_York")


_BUILT: dict[int, tuple[object, object]] = {}


@pytest.fixture(autouse=True)
def build_the_command_tree_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """CliRunner turns the Typer app into a click command on every call (a third of a
    second for the whole tree); the tree does not change, so build it once per app."""
    import typer.testing

    real = typer.testing._get_command

    def cached(app):  # type: ignore[no-untyped-def]
        if id(app) not in _BUILT:
            _BUILT[id(app)] = (app, real(app))
        return _BUILT[id(app)][1]

    monkeypatch.setattr(typer.testing, "_get_command", cached)


@pytest.fixture(autouse=True)
def gig_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder and a known time zone."""
    home = tmp_path / "gig-home"
    monkeypatch.setenv("GIG_HOME", str(home))
    monkeypatch.setenv("TZ", "America/New_York")
    return home


@pytest.fixture
def clock() -> FixedClock:
    # Wednesday 25 November 2026, 14:30 in New York.
    return FixedClock(datetime(2026, 11, 25, 14, 30, tzinfo=NEW_YORK))


class Gig:
    """Run gig commands in-process against the fixed clock."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int = 0):  # noqa: A002
        result = self.runner.invoke(gig_app, list(args), obj=App(clock=self.clock), input=input)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, (
            f"gig {' '.join(args)} exited {result.exit_code}, wanted {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        return result

    def json(self, *args: str):
        import json

        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def gig(clock: FixedClock) -> Iterator[Gig]:
    yield Gig(clock)
