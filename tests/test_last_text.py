"""Hostile names where the rendering tests do not look: shell completion and other
text that leaves gig for another program, run as real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HOSTILE = ["ba$(touch PWNED)d", "tick`id`x", "sp ace", "\x1b]0;TITLE\x1b\\esc", "plain"]


def _gig(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "GIG_HOME": str(home), "TZ": "America/New_York", **env}
    return subprocess.run(
        [sys.executable, "-m", "gigtool", *args],
        env=full,
        capture_output=True,
        text=True,
        cwd=home,
        timeout=60,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    for name in HOSTILE:
        assert _gig(tmp_path, "project", "add", name).returncode == 0
    return tmp_path


def _complete(home: Path, shell: str, line: str) -> str:
    words = line.split(" ")
    return _gig(
        home,
        _GIG_COMPLETE=f"complete_{shell}",
        COMP_WORDS=line,
        COMP_CWORD=str(len(words) - 1),
        _TYPER_COMPLETE_ARGS=line,
    ).stdout


def test_bash_completion_quotes_names_and_leaves_out_controls(home: Path) -> None:
    out = _complete(home, "bash", "gig log list --project ")
    assert "\x1b" not in out
    assert out.splitlines() == ["ba\\$\\(touch\\ PWNED\\)d", "plain", "sp\\ ace", "tick\\`id\\`x"]
    # What bash does with it: each line one word, inserted and run as typed.
    for line in out.splitlines():
        shown = subprocess.run(
            ["bash", "-c", f"printf '%s' {line}"], capture_output=True, text=True, cwd=home
        )
        assert shown.stdout in HOSTILE
    assert not (home / "PWNED").exists()
    # Completing a prefix keeps what was typed, so Typer does not drop the value.
    assert _complete(home, "bash", "gig log list --project sp").splitlines() == ["sp\\ ace"]
    assert _complete(home, "bash", "gig log list --project ba").splitlines() == [
        "ba\\$\\(touch\\ PWNED\\)d"
    ]


def test_zsh_and_fish_completion_leave_out_control_characters(home: Path) -> None:
    zsh = _complete(home, "zsh", "gig log list --project ")
    fish = _gig(
        home,
        _GIG_COMPLETE="complete_fish",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_ARGS="gig log list --project ",
    ).stdout
    for out in (zsh, fish):
        assert "\x1b" not in out
        assert "plain" in out
    assert fish.splitlines() == ["ba$(touch PWNED)d", "plain", "sp ace", "tick`id`x"]


def test_a_command_to_paste_quotes_the_name_for_the_shell(tmp_path: Path) -> None:
    name = "it's $(touch PWNED)"
    assert _gig(tmp_path, "project", "add", name).returncode == 0
    assert _gig(tmp_path, "project", "archive", name).returncode == 0
    done = _gig(tmp_path, "log", "start", name)
    assert done.returncode == 1
    command = done.stderr.split("`")[1]
    assert command.startswith("gig project archive ") and command.endswith(" --undo")
    pasted = command.removeprefix("gig ").replace("project archive", "printf %s", 1)
    shown = subprocess.run(
        ["bash", "-c", pasted.removesuffix(" --undo")], capture_output=True, text=True, cwd=tmp_path
    )
    assert shown.stdout == name
    assert not (tmp_path / "PWNED").exists()


def test_quickbooks_descriptions_show_controls_as_marks(tmp_path: Path) -> None:
    (tmp_path / "bill.pdf").write_bytes(b"%PDF-1.4 bill")
    vendor = "=Acme\x1b]0;TITLE\x1b\\ \u202eexe.pdf"
    added = _gig(tmp_path, "receipts", "add", "10", "--file", "bill.pdf", "--", vendor)
    assert added.returncode == 0, added.stderr
    year = added.stdout.splitlines()[0].rstrip(".").split()[-1]
    done = _gig(tmp_path, "export", "year", year, "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    (qb,) = (tmp_path / "out").glob("*/quickbooks/*.csv")
    text = qb.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u202e" not in text
    assert "'=Acme\u241b]0;TITLE\u241b\\ \ufffdexe.pdf" in text


def test_the_readme_command_is_quoted_and_shows_controls_as_marks(tmp_path: Path) -> None:
    out = tmp_path / "it's $(touch PWNED)"
    done = _gig(tmp_path, "export", "month", "--out", str(out))
    assert done.returncode == 0, done.stderr
    (readme,) = out.glob("*/README.txt")
    command = readme.read_text(encoding="utf-8").split("`")[1]
    words = subprocess.run(
        ["bash", "-c", "printf '%s\\n' " + command], capture_output=True, text=True, cwd=tmp_path
    ).stdout.splitlines()
    assert words[words.index("--out") + 1] == str(out)
    assert not (tmp_path / "PWNED").exists()

    escaped = tmp_path / "a\x1b[2Jb"
    assert _gig(tmp_path, "export", "month", "--out", str(escaped)).returncode == 0
    (readme,) = escaped.glob("*/README.txt")
    text = readme.read_text(encoding="utf-8")
    assert "\x1b" not in text and "a\u241b[2Jb" in text
