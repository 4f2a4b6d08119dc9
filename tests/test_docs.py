"""Docs and CI cannot drift from the code; the code stays lint- and type-clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gigtool.cli.reference import missing_help, render

ROOT = Path(__file__).resolve().parent.parent


def test_command_reference_is_up_to_date() -> None:
    current = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert current == render(), "run: python -m gigtool.cli.reference > docs/commands.md"


def test_every_command_has_help() -> None:
    assert missing_help() == []


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    install, test = blocks[0], blocks[1]
    assert "gig" in install and "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_source_is_clean(tool: str) -> None:
    exe = shutil.which(tool, path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip(f"{tool} is installed with the test extras")
    args = {"ruff": [exe, "check", "src"], "mypy": [exe]}[tool]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    if tool == "ruff":
        fmt = subprocess.run([exe, "format", "--check", "src"], cwd=ROOT, capture_output=True,
                             text=True)
        assert fmt.returncode == 0, fmt.stdout
