"""Watson's `frames` file: a JSON list of frames, streamed one frame at a time.

Watson writes each frame as a list, `[start, stop, project, id, tags, updated_at]`, with
Unix timestamps; some tools and older forks keep frames as objects instead
(`{"id", "begin_at", "end_at", "project", "tags"}` with ISO times, or `start`/`stop`).
The first frame says which layout the file has; a file in neither is refused in one
line, not once per frame. Tags are a JSON list, so a comma inside a tag stays in it.

Beside `frames` Watson keeps `state`, the frame still running (`{"project", "start",
"tags"}`): given as the file, it is refused in one line naming the frames file; found
beside the frames, its running frame is listed as not imported, as Timewarrior's is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from gigtool.errors import InputError
from gigtool.tracking.importing.files import Progress, checked_name, clean_tags, read_bytes, shown
from gigtool.tracking.importing.rows import Bad, Row, check_span, latest_end
from gigtool.tracking.importing.sniff import elsewhere_in

_WHAT = "Watson's frames file"
_WS = re.compile(r"[ \t\r\n]*")
_PROGRESS_EVERY = 1 << 16


def read_watson(
    path: Path, progress: Progress | None = None, *, now: datetime | None = None
) -> Iterator[Row | Bad]:
    """Frames of Watson's `frames` file; with `now`, a frame that ends more than a day
    after it is a bad row."""
    import json

    name = shown(path.name)
    try:
        text = read_bytes(path, _WHAT).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not UTF-8 text (byte {exc.start + 1}); is it Watson's frames file?"
        ) from None
    decoder = json.JSONDecoder()
    pos = _skip(text, 0)
    if not text.strip():
        return
    if text[pos : pos + 1] != "[":
        if text[pos : pos + 1] == "{" and (state := _state(text)) is not None:
            running = f"the frame still running: {state}" if state else "no frame running"
            raise InputError(
                f"{name} is Watson's state file ({running}), not its frames; give the "
                f"frames file beside it: {shown(path.absolute().with_name('frames'))}"
            )
        raise InputError(
            elsewhere_in(text, name, "watson")
            or f"{name} is not Watson's frames file: it should be a JSON list"
        )
    pos = _skip(text, pos + 1)
    line, counted, number = 1, 0, 0
    reported = 0
    latest = latest_end(now)
    layout: str | None = None
    ids: dict[str, tuple[int, int, int, str | None]] = {}  # key → (frame, start, end, project)
    while pos < len(text) and text[pos] != "]":
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            frame, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} line {exc.lineno}: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise InputError(
                f"{name} line {line}: a frame nested too deep to be Watson's; "
                "is it Watson's frames file?"
            ) from None
        except ValueError as exc:  # a number of more digits than Python converts
            raise InputError(f"{name} line {line}: not a frame ({exc})") from None
        number += 1
        where = f"line {line} (frame {number})"
        if layout is None:
            if other := elsewhere_in(text, name, "watson"):
                raise InputError(other)
            layout = _layout(frame, name)
        try:
            row = (
                _object_row(frame, where, latest)
                if layout == "object"
                else _list_row(frame, where, latest)
            )
        except ValueError as exc:
            yield Bad(where, str(exc))
        else:
            # An id is a frame's own; the same id with other times (two copies of the
            # file merged) would otherwise pass as already imported, and be lost.
            first = ids.setdefault(row.key, (number, row.start, row.end, row.project))
            if first[0] != number and first[1:] != (row.start, row.end, row.project):
                yield Bad(
                    where,
                    f"its id is also frame {first[0]}'s, with other times or project; is the "
                    "file two copies merged? Keep one of the two",
                )
            else:
                yield row
        pos = _skip(text, end)
        if text[pos : pos + 1] == ",":
            pos = _skip(text, pos + 1)
        elif text[pos : pos + 1] != "]":
            lineno = line + text.count("\n", counted, pos)
            raise InputError(f"{name} line {lineno}: expected , or ] between frames")
        if progress and pos - reported >= _PROGRESS_EVERY:
            progress(pos)
            reported = pos
    if progress:
        progress(len(text))
    still = _running_beside(path)
    if still:
        yield Bad(
            "state", f"{still} is still running in Watson; stop it there and import again", True
        )


def _state(text: str) -> str | None:
    """What Watson's `state` file says is running (`project conf since 2020-06-05 15:00
    UTC`, or "" for nothing), or None when the text is not a state file."""
    import json

    try:
        state = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(state, dict) or not state.keys() <= {"project", "start", "tags"}:
        return None
    if not state:
        return ""
    project, start = state.get("project"), state.get("start")
    if not isinstance(project, str) or isinstance(start, bool) or not isinstance(start, int):
        return None
    try:
        since = datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, OSError, ValueError):
        return None
    return f"project {project[:60]} since {since}"


def _running_beside(path: Path) -> str | None:
    """The running frame of the `state` file beside a frames file, if there is one."""
    beside = path.with_name("state")
    try:
        if not beside.is_file() or beside.stat().st_size > 65536:
            return None
        return _state(read_bytes(beside, _WHAT).decode("utf-8-sig")) or None
    except (OSError, InputError, UnicodeDecodeError):
        return None


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _layout(frame: object, name: str) -> str:
    if isinstance(frame, list):
        return "list"
    if isinstance(frame, dict) and ({"begin_at", "start"} & frame.keys()):
        return "object"
    raise InputError(
        f"{name} is not Watson's frames file: its first frame is neither a list "
        "[start, stop, project, id, tags] nor an object with begin_at and end_at"
    )


def _stamp(value: object, what: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise ValueError(f"the {what} {str(value)[:40]} is not a Unix timestamp")
    return int(value)


def _iso(value: object, what: str) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _stamp(value, what)
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError(f"the {what} {str(value)[:40]!r} is not a time like 2024-01-05T04:33:12Z")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"the {what} {value!r} is not a time like 2024-01-05T04:33:12Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # Watson keeps UTC
    return int(moment.timestamp())


def _project(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"the project {str(value)[:40]!r} is not a name")
    return checked_name(value, "project") or ""


def _taglist(value: object) -> list[str]:
    raw = [] if value is None else value
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        raise ValueError("the tags are not a list of words")
    return clean_tags(raw, split_commas=False)


def _list_row(frame: object, where: str, latest: int | None = None) -> Row:
    if not isinstance(frame, list) or not 4 <= len(frame) <= 6:
        raise ValueError("a frame is a list of 4 to 6 items: [start, stop, project, id, ...]")
    start, end = _stamp(frame[0], "start"), _stamp(frame[1], "stop")
    if end < start:
        raise ValueError("it stops before it starts")
    check_span(start, end, latest)
    project = _project(frame[2])
    frame_id = frame[3]
    if not isinstance(frame_id, str | int) or not str(frame_id).strip():
        raise ValueError(f"the id {str(frame_id)[:40]!r} is not a frame id")
    tags = _taglist(frame[4] if len(frame) > 4 else None)
    return Row(where, f"watson:{frame_id}", start, end, project, tags=tags)


def _object_row(frame: object, where: str, latest: int | None = None) -> Row:
    if not isinstance(frame, dict):
        raise ValueError("a frame is an object like the others: {begin_at, end_at, project, …}")
    begin = frame.get("begin_at", frame.get("start"))
    finish = frame.get("end_at", frame.get("stop"))
    if begin is None or finish is None:
        raise ValueError("a frame needs begin_at and end_at")
    start, end = _iso(begin, "start"), _iso(finish, "end")
    if end < start:
        raise ValueError("it stops before it starts")
    check_span(start, end, latest)
    project = _project(frame.get("project"))
    frame_id = frame.get("id")
    if not isinstance(frame_id, str | int) or not str(frame_id).strip():
        raise ValueError(f"the id {str(frame_id)[:40]!r} is not a frame id")
    description = frame.get("message") or frame.get("note") or ""
    if not isinstance(description, str):
        raise ValueError("its message is not text")
    tags = _taglist(frame.get("tags"))
    return Row(where, f"watson:{frame_id}", start, end, project, tags=tags, description=description)
