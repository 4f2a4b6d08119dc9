"""Timewarrior's data folder: one `YYYY-MM.data` file a month, one interval a line:
`inc 20261103T140000Z - 20261103T151500Z # acme "client call" # "annotation"`.

Timewarrior has no projects, only tags, and it stores them sorted: `timew start tps
spec` is written `# spec tps`, so the first tag says nothing. Which tag is the project
is decided by `ProjectFromTags`: a mapping file first, then `--project-tag PATTERN`,
then a tag that names a gig project (or a client, meaning that client's project);
otherwise the entry has no project and keeps every tag. Two tags that both claim the
project make a bad row, never a silent pick. Its `choices` show the mapping in a dry run.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from gigtool.errors import InputError
from gigtool.tracking.importing.files import (
    Progress,
    checked_name,
    clean_tags,
    shown,
    source_file,
    text_lines,
)
from gigtool.tracking.importing.rows import Bad, Row, check_span, latest_end

_FILE = re.compile(r"\d{4}-\d{2}\.data")
_LINE = re.compile(r"inc\s+(\d{8}T\d{6}Z)(?:\s+-\s+(\d{8}T\d{6}Z))?\s*(?:#(.*))?")
# One word of the tags part: a quoted string (with \" and \\ escapes) or a bare word.
_WORD = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"|([^\s"]\S*)')
_SPACE = re.compile(r"\s*")
_ESCAPE = re.compile(r"\\(.)")
_WHAT = "Timewarrior's data folder (usually ~/.local/share/timewarrior)"


# Which tag is the project ------------------------------------------------------------------------


@dataclass
class ProjectFromTags:
    """Chooses an interval's project from its tags, and remembers what it chose."""

    fixed: str | None = None  # --project: everything goes there, every tag stays a tag
    mapping: dict[str, str] = field(default_factory=dict)  # folded tag → project
    pattern: str | None = None  # --project-tag: a tag matching it is the project
    projects: dict[str, str] = field(default_factory=dict)  # folded name → project
    clients: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    choices: Counter[tuple[str, str]] = field(default_factory=Counter)  # (project, why)

    @classmethod
    def load(
        cls,
        conn: sqlite3.Connection,
        *,
        fixed: str | None = None,
        pattern: str | None = None,
        mapping_file: Path | None = None,
    ) -> ProjectFromTags:
        """A chooser that knows the database's projects and clients."""
        projects = {str(n).casefold(): str(n) for (n,) in conn.execute("SELECT name FROM project")}
        clients: dict[str, tuple[str, list[str]]] = {}
        for client, project in conn.execute(
            "SELECT c.name, p.name FROM client c LEFT JOIN project p ON p.client_id = c.id "
            "AND p.archived = 0 ORDER BY p.name"
        ):
            entry = clients.setdefault(str(client).casefold(), (str(client), []))
            if project is not None:
                entry[1].append(str(project))
        if pattern is not None and not pattern.strip():
            raise InputError("--project-tag needs a pattern, such as 'client-*'")
        if fixed is not None:
            try:
                fixed = checked_name(fixed, "project")
            except ValueError as exc:
                raise InputError(str(exc)) from None
        mapping = read_mapping(mapping_file) if mapping_file else {}
        return cls(fixed, mapping, pattern and pattern.strip(), projects, clients)

    def choose(self, tags: list[str]) -> tuple[str | None, str | None, list[str]]:
        """(project, client for a new project, the tags left) for one interval."""
        if self.fixed:
            return self._chosen(self.fixed, "--project", None, tags, None)
        folded = [t.casefold() for t in tags]
        mapped = {self.mapping[f] for f in folded if f in self.mapping}
        if mapped:
            if len(mapped) > 1:
                raise ValueError(
                    f"its tags map to several projects ({', '.join(sorted(mapped))}) in the "
                    "mapping file; map only one of them"
                )
            project = mapped.pop()
            return self._chosen(project, "mapping file", None, tags, set(self.mapping))
        if self.pattern:
            pattern = _glob(self.pattern)
            hits = sorted({t for t, f in zip(tags, folded, strict=True) if pattern.fullmatch(f)})
            if len(hits) > 1:
                raise ValueError(
                    f"tags {' and '.join(hits)} both match --project-tag {shown(self.pattern)}; "
                    "say which is the project in a --map file"
                )
            if hits:
                return self._chosen(hits[0], "--project-tag", None, tags, {hits[0].casefold()})
        named = sorted({self.projects[f] for f in folded if f in self.projects})
        if len(named) > 1:
            raise ValueError(
                f"tags {' and '.join(named)} both name projects; say which is the project "
                "with --project-tag or a --map file"
            )
        if named:
            return self._chosen(named[0], "a project", None, tags, {named[0].casefold()})
        for tag, fold in zip(tags, folded, strict=True):
            if fold in self.clients:
                client, projects = self.clients[fold]
                if len(projects) > 1:
                    raise ValueError(
                        f"tag {tag} names client {client}, who has {len(projects)} projects "
                        f"({', '.join(projects[:5])}); say which in a --map file"
                    )
                project = projects[0] if projects else client
                return self._chosen(project, f"client {client}", client, tags, {fold})
        self.choices[("", "no tag names a project")] += 1
        return None, None, tags

    def _chosen(
        self,
        project: str,
        why: str,
        client: str | None,
        tags: list[str],
        used: set[str] | None,
    ) -> tuple[str | None, str | None, list[str]]:
        self.choices[(project, why)] += 1
        left = tags if used is None else [t for t in tags if t.casefold() not in used]
        return project, client, left


@functools.cache
def _glob(pattern: str) -> re.Pattern[str]:
    """--project-tag as a pattern: `*` any text, `?` one character, every other
    character itself. Brackets are literal: real tags read `[Project: C15]`, and
    `[Project: *]` must match them, not stand for a set of characters."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.casefold())
    return re.compile("".join(parts), re.DOTALL)


def read_mapping(path: Path) -> dict[str, str]:
    """A mapping file: one `TAG = PROJECT` a line; blank lines and `#` comments ignored."""
    mapping: dict[str, str] = {}
    for number, text in enumerate(text_lines(path, None, "a mapping file of TAG = PROJECT"), 1):
        line = text.strip()
        if not line or line.startswith("#"):
            continue
        tag, sep, project = line.partition("=")
        where = f"{shown(path.name)} line {number}"
        if not sep or not tag.strip() or not project.strip():
            raise InputError(f"{where} is not TAG = PROJECT, such as: tps = Acme website")
        try:
            name = checked_name(project, "project")
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
        mapping[tag.strip().lstrip("+").strip().casefold()] = name or ""
    return mapping


# Reading the folder -----------------------------------------------------------------------------


def default_folder() -> Path:
    """Timewarrior's own folder: TIMEWARRIORDB, else ~/.timewarrior, else its XDG place."""
    if os.environ.get("TIMEWARRIORDB"):
        return Path(os.environ["TIMEWARRIORDB"])
    legacy = Path.home() / ".timewarrior"
    if legacy.is_dir():
        return legacy
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "timewarrior"


def source_of(where: Path) -> tuple[bool, int]:
    """Whether `where` is what `timew export` wrote (else a folder or a data file), and the
    size in bytes of what will be read."""
    from gigtool.tracking.importing.sniff import kind_of

    try:
        exported = where.is_file() and kind_of(where) == "timew-export"
    except (OSError, ValueError):
        exported = False  # timew_files says what is wrong with the path
    size = where.stat().st_size if exported else sum(p.stat().st_size for p in timew_files(where))
    return exported, size


def timew_files(folder: Path) -> list[Path]:
    """The monthly data files of a Timewarrior folder (the database or its `data/`), each
    checked to be a regular file: a FIFO planted there is refused, never read."""
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        raise InputError(f"there is no folder {shown(folder)}; give {_WHAT}") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "not a usable path"
        raise InputError(f"cannot read {shown(folder)}: {reason}") from None
    if stat.S_ISREG(mode) and _FILE.fullmatch(folder.name):
        return [folder]  # one month's file, given by itself
    if not stat.S_ISDIR(mode):
        from gigtool.tracking.importing.sniff import elsewhere

        raise InputError(
            elsewhere(folder, "timew")
            or f"{shown(folder)} is not a folder; give {_WHAT}, one YYYY-MM.data file in it, "
            "or the output of timew export"
        )
    try:
        data = folder / "data" if (folder / "data").is_dir() else folder
        names = sorted(p for p in data.iterdir() if _FILE.fullmatch(p.name))
    except OSError as exc:
        raise InputError(f"cannot read {shown(folder)}: {exc.strerror}") from None
    if not names:
        raise InputError(
            f"no Timewarrior data files (YYYY-MM.data) in {shown(data)}; give the folder that "
            "holds them, usually ~/.local/share/timewarrior or ~/.timewarrior"
        )
    for path in names:
        source_file(path, "Timewarrior's monthly data files (YYYY-MM.data), which are files")
    return names


def read_timew(
    folder: Path,
    project: str | None = None,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
    chooser: ProjectFromTags | None = None,
) -> Iterator[Row | Bad]:
    """Intervals of Timewarrior's data files, the project chosen from the tags by
    `chooser` (or all in `project`). With `now`, an interval that ends more than a day
    after it is a bad row.

    An open interval (`inc START # tags`, no end) is Timewarrior's running timer: it is
    reported as ignored, to import once it is stopped there.
    """
    if chooser is None:
        fixed = checked_name(project, "project") if project else None
        chooser = ProjectFromTags(fixed=fixed)
    latest = latest_end(now)
    done = 0
    for path in timew_files(folder):
        size = source_file(path, "Timewarrior's monthly data files")

        def step(n: int, base: int = done) -> None:
            if progress:
                progress(base + n)

        for number, text in enumerate(text_lines(path, step), start=1):
            line = text.strip()
            if not line:
                continue
            where = f"{shown(path.name)} line {number}"
            try:
                yield _timew_row(line, where, chooser, latest)
            except ValueError as exc:
                yield Bad(where, str(exc))
        done += size


def read_timew_export(
    path: Path,
    chooser: ProjectFromTags,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
) -> Iterator[Row | Bad]:
    """Intervals of `timew export` output: a JSON list of {id, start, end, tags,
    annotation}, times as 20261103T140000Z. Keyed as the data files' lines are, so a
    folder and its export imported both add each interval once."""
    import json

    from gigtool.tracking.importing.files import read_bytes

    name = shown(path.name)
    try:
        intervals = json.loads(read_bytes(path, "the output of timew export").decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text; is it the output of timew export?") from None
    except RecursionError:
        raise InputError(f"{name} is nested too deep to be the output of timew export") from None
    except ValueError as exc:
        raise InputError(f"{name} is not the JSON timew export writes ({exc})") from None
    if not isinstance(intervals, list):
        raise InputError(f"{name} is not the output of timew export: it should be a JSON list")
    latest = latest_end(now)
    for number, interval in enumerate(intervals, start=1):
        where = f"{name} interval {number}"
        try:
            yield _export_row(interval, where, chooser, latest)
        except ValueError as exc:
            yield Bad(where, str(exc))
    if progress:
        progress(path.stat().st_size)


def _export_row(
    interval: object, where: str, chooser: ProjectFromTags, latest: int | None
) -> Row | Bad:
    if not isinstance(interval, dict) or not isinstance(interval.get("start"), str):
        raise ValueError('not an interval like {"start": "20261103T140000Z", ...}')
    start = _stamp(interval["start"][:40])
    if "end" not in interval:
        return Bad(where, "still running in Timewarrior; stop it there and import again", True)
    if not isinstance(interval["end"], str):
        raise ValueError(f"its end {str(interval['end'])[:40]!r} is not a time")
    end = _stamp(interval["end"][:40])
    check_span(start, end, latest)
    if end == start:  # left out by the import; counted by no project choice
        return Bad(where, "zero length", True)
    raw = interval.get("tags") or []
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        raise ValueError("its tags are not a list of words")
    annotation = interval.get("annotation") or ""
    if not isinstance(annotation, str):
        raise ValueError("its annotation is not text")
    project, client, tags = chooser.choose(clean_tags(raw, split_commas=False))
    row = Row(where, f"timew:{start}-{end}", start, end, project, client, tags=tags)
    row.description = annotation.strip()
    return row


def _words(text: str) -> list[tuple[str, bool]]:
    """The words of a tags part, each with whether it was quoted; linear in the length."""
    words: list[tuple[str, bool]] = []
    pos = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    while pos < len(text):
        m = _WORD.match(text, pos)
        if not m:
            raise ValueError("cannot read its tags (a quotation mark is not closed)")
        if m[1] is not None:
            words.append((_ESCAPE.sub(r"\1", m[1]) if "\\" in m[1] else m[1], True))
        else:
            words.append((m[2], False))
        pos = _SPACE.match(text, m.end()).end()  # type: ignore[union-attr]
    return words


def _timew_row(
    line: str, where: str, chooser: ProjectFromTags, latest: int | None = None
) -> Row | Bad:
    m = _LINE.fullmatch(line)
    if not m:
        raise ValueError("not a Timewarrior interval (inc START - END # tags)")
    start = _stamp(m[1])
    if m[2] is None:
        return Bad(where, "still running in Timewarrior; stop it there and import again", True)
    end = _stamp(m[2])
    check_span(start, end, latest)
    if end == start:  # left out by the import; counted by no project choice
        return Bad(where, "zero length", True)
    words = _words(m[3] or "")
    annotation = ""
    for at, (word, quoted) in enumerate(words):
        if word == "#" and not quoted:
            annotation = " ".join(w for w, _ in words[at + 1 :])
            words = words[:at]
            break
    tags = clean_tags((w for w, _ in words), split_commas=False)
    project, client, tags = chooser.choose(tags)
    row = Row(where, f"timew:{start}-{end}", start, end, project, client, tags=tags)
    row.description = annotation.strip()
    return row


def _stamp(text: str) -> int:
    try:
        moment = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"{text!r} is not a time") from None
    return int(moment.timestamp())
