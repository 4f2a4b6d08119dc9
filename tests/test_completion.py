"""Shell completion offers the user's own projects, tags and clients (Typer's mechanism)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def complete(words: str, gig_home: Path) -> list[str]:
    env = {
        **os.environ,
        "GIG_HOME": str(gig_home),
        "_GIG_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    code = "import sys; sys.argv[0] = 'gig'; from gigtool.cli import main; main()"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    return out.stdout.split()


def test_completion_offers_projects_tags_clients_and_commands(gig, gig_home: Path) -> None:
    gig("client", "add", "Acme Corp")
    gig("project", "add", "website", "--client", "Acme Corp")
    gig("log", "add", "apireview", "9-10", "+call", "+deep-work", "--date", "yesterday")
    assert complete("gig log start w", gig_home) == ["website"]
    assert complete("gig log start a", gig_home) == ["apireview"]
    assert complete("gig log start website +d", gig_home) == ["+deep-work"]
    assert complete("gig log list --client A", gig_home) == ["Acme\\", "Corp"]  # Acme\ Corp
    assert complete("gig log li", gig_home) == ["list"]


def test_completion_before_any_data_offers_nothing_and_does_not_fail(gig_home: Path) -> None:
    assert complete("gig log start a", gig_home) == []
    assert not (gig_home / "gig.db").exists()
