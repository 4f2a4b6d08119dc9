"""What an import file is, from its first few kilobytes: so a file given to the wrong
importer (Watson's frames to `import toggl`, `timew export` output to `import watson`,
Toggl's JSON or one of its summary reports anywhere) is named in the refusal, with the
command that reads it, instead of a complaint about its first line.
"""

from __future__ import annotations

import re
from pathlib import Path

_HEAD = 8192

# kind → (what it is, what to do with it)
KINDS: dict[str, tuple[str, str]] = {
    "toggl-csv": ("a Toggl Track CSV", "import it with gig log import toggl"),
    "watson-frames": ("Watson's frames file", "import it with gig log import watson"),
    "watson-state": (
        "Watson's state file (the frame still running)",
        "give gig log import watson the frames file beside it",
    ),
    "timew-export": ("the output of `timew export`", "import it with gig log import timew"),
    "timew-data": (
        "one of Timewarrior's monthly data files",
        "import it with gig log import timew",
    ),
    "toggl-json": (
        "Toggl's JSON (its entries name projects by number, not by name)",
        "in Toggl, export Reports → Detailed → CSV and import that",
    ),
    "json": ("JSON", "in Toggl, export Reports → Detailed → CSV"),
}
READS = {
    "toggl": {"toggl-csv"},
    # JSON in no layout gig knows: the JSON readers' own checks say what is wrong with it.
    "watson": {"watson-frames", "watson-state", "json"},
    "timew": {"timew-export", "timew-data", "json"},
}

_WATSON_LIST = re.compile(r"\[\s*\[\s*-?\d")
_TIMEW_STAMP = re.compile(r'"start"\s*:\s*"\d{8}T\d{6}Z"')
_TIMEW_LINE = re.compile(r"inc \d{8}T\d{6}Z")


def kind_of(path: Path) -> str | None:
    """One of KINDS' keys for the file at `path`, or None when it is none of them (or
    cannot be read: the importer's own checks say why)."""
    from gigtool.tracking.importing.files import open_source

    try:
        with open_source(path) as fh:
            raw = fh.read(_HEAD)
    except Exception:  # noqa: BLE001 - the importer reports what is wrong with the file
        return None
    return kind_of_text(raw.decode("utf-8-sig", errors="replace"))


def kind_of_text(text: str) -> str | None:
    head = text.lstrip()
    if head.startswith("["):
        if _WATSON_LIST.match(head) or '"begin_at"' in head:
            return "watson-frames"
        if '"project"' in head and '"stop"' in head:
            return "watson-frames"  # what `watson log --json` writes
        if _TIMEW_STAMP.search(head):
            return "timew-export"
        if '"duronly"' in head or '"wid"' in head or '"workspace_id"' in head:
            return "toggl-json"
        return "json"
    if head.startswith("{"):
        if '"wid"' in head or '"workspace_id"' in head or '"duronly"' in head:
            return "toggl-json"
        if '"project"' in head and '"start"' in head or re.fullmatch(r"\{\s*\}\s*", head):
            return "watson-state"
        return "json"
    if _TIMEW_LINE.match(head):
        return "timew-data"
    first = head.split("\n", 1)[0].lower()
    if "start date" in first or ("start time" in first and "duration" in first):
        return "toggl-csv"
    return None


def elsewhere(path: Path, reader: str) -> str | None:
    """`frames is Watson's frames file; import it with gig log import watson`, when the
    file is of a kind that `reader` (toggl, watson, timew) does not read."""
    from gigtool.tracking.importing.files import shown

    return _advice(kind_of(path), shown(path.name), reader)


def elsewhere_in(text: str, name: str, reader: str) -> str | None:
    """As `elsewhere`, for a file already read (`text`, shown as `name`)."""
    return _advice(kind_of_text(text[:_HEAD]), name, reader)


def _advice(kind: str | None, name: str, reader: str) -> str | None:
    if kind is None or kind in READS[reader]:
        return None
    what, advice = KINDS[kind]
    return f"{name} is {what}, not what gig log import {reader} reads; {advice}"
