"""What an import says when it is done (or would do, in a dry run): its summary's lines.

Names and reasons in them came from the file, so whoever prints them shows control
characters as marks (`visible`), never sends them to the terminal.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from gigtool.safe_text import visible

if TYPE_CHECKING:
    from gigtool.tracking.importing.rows import ImportResult
    from gigtool.tracking.importing.timew import ProjectFromTags

_SHOW = 50  # lines of a list (skipped rows, people, overlaps) before "… and N more"


def _plural(n: int, word: str) -> str:
    many = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n:,} {word if n == 1 else many}"


def _hms(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def summary_lines(
    result: ImportResult, zone: tzinfo, chooser: ProjectFromTags | None = None
) -> list[str]:
    """What was added (or would be), from where, and all a person should check."""
    from gigtool.amounts import format_money

    lines: list[str] = []
    say = lines.append
    verb = "Would add" if result.dry_run else "Added"
    text = f"{verb} {_plural(result.added, 'entry')}"
    text += f" from {visible(result.source)}"
    if result.first is not None and result.last is not None:
        first = datetime.fromtimestamp(result.first, UTC).astimezone(zone)
        last = datetime.fromtimestamp(result.last, UTC).astimezone(zone)
        text += f", {first:%d %b %Y} to {last:%d %b %Y}"
    skipped = len(result.skipped) + len(result.ignored)
    text += f"; {result.already:,} already there, {skipped:,} skipped."
    say(text)
    lines += _people(result)
    create = "Would create" if result.dry_run else "Created"
    if result.new_clients:
        say(
            f"{create} {_plural(len(result.new_clients), 'client')}: "
            + ", ".join(map(visible, result.new_clients))
            + "."
        )
    for new, known in result.look_alikes:
        say(f"Would refuse client {new!r}: it looks like {known!r} (--new-client to insist).")
    if result.new_projects:
        say(
            f"{create} {_plural(len(result.new_projects), 'project')}: "
            + ", ".join(map(visible, result.new_projects))
            + "."
        )
    unassigned = chooser.choices.get(("", "no tag names a project"), 0) if chooser else 0
    if unassigned and result.added and not result.dry_run:
        say(
            f"{_plural(unassigned, 'interval')} had no tag naming a project and came in without "
            "one (choose with --project-tag or --map; --dry-run shows the mapping)."
        )
    if result.long:
        where, since, until = max(result.long, key=lambda item: item[2] - item[1])
        began = datetime.fromtimestamp(since, UTC).astimezone(zone)
        verb = "lasts" if len(result.long) == 1 else "last"
        say(
            f"{_plural(len(result.long), 'entry')} {verb} more than a day, the longest "
            f"{(until - since) // 3600:,} hours ({where}, from {began:%d %b %Y %H:%M}): "
            "a timer left running? Check before billing."
        )
    if result.unbilled:
        say(f"Not billable, as every row of theirs in the file: {', '.join(result.unbilled)}.")
    for name, rate in result.rates.items():
        say(
            f"Rate of {visible(name)}: {format_money(rate.cents, rate.currency)} an hour "
            "(from the amounts in the file)."
        )
    if result.stated != result.spanned:
        gap = result.spanned - result.stated
        say(
            f"The file's Duration column adds up to {_hms(result.stated)}, "
            f"{_hms(abs(gap))} {'less' if gap > 0 else 'more'} than its start and end times "
            f"give (Toggl drops fractions of a second); gig keeps start and end: "
            f"{_hms(result.spanned)}."
        )
    lines += result.notes
    for heading, bad_rows in (("Skipped", result.skipped), ("Not imported", result.ignored)):
        if bad_rows:
            say(f"{heading}:")
            for bad in bad_rows[:_SHOW]:
                say(f"  {visible(bad.where)}: {visible(bad.reason)}")
            if len(bad_rows) > _SHOW:
                say(f"  … and {len(bad_rows) - _SHOW:,} more")
    lines += _overlaps(result, zone)
    if result.dry_run:
        say("Nothing was written: this was a dry run.")
    return lines


def _people(result: ImportResult) -> list[str]:
    if result.user:
        others = f"; left out {result.others:,} of other people" if result.others else ""
        return [f"Took the rows of {result.user}{others}."]
    lines = []
    if len(result.users) > 1:
        lines.append(
            f"The file holds the time of {len(result.users):,} people; a real import needs "
            "--user NAME or --user EMAIL to take one person's:"
        )
        for person, count in result.users.most_common(_SHOW):
            lines.append(f"  {person}: {_plural(count, 'row')}")
        if len(result.users) > _SHOW:
            lines.append(f"  … and {len(result.users) - _SHOW:,} more")
    return lines


def _overlaps(result: ImportResult, zone: tzinfo) -> list[str]:
    if not result.overlaps:
        return []
    count = _plural(len(result.overlaps), "row")
    if not result.dry_run:
        verb = "overlaps" if len(result.overlaps) == 1 else "overlap"
        return [f"Kept {count} that {verb} other time (--allow-overlap)."]
    lines = [
        f"Would overlap other time ({count}; a real import refuses them without --allow-overlap):"
    ]
    lines += [f"  {overlap.text(zone)}" for overlap in result.overlaps[:_SHOW]]
    if len(result.overlaps) > _SHOW:
        lines.append(f"  … and {len(result.overlaps) - _SHOW:,} more")
    return lines
