"""Where "now" and the user's time zone come from.

Commands never call `datetime.now()` themselves: they ask the clock they were
given, so tests (and anything else) can pass a fixed one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gigtool.errors import InputError


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)


@dataclass
class FixedClock:
    """A clock that says what it is told; `advance` moves it on."""

    current: datetime

    def now(self) -> datetime:
        return self.current.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.current = self.current + timedelta(**delta)


def local_zone() -> tzinfo:
    """The user's time zone: `TZ` if set, else the system's."""
    return _zone_for(os.environ.get("TZ", ""))


@lru_cache(maxsize=8)
def _zone_for(tz_env: str) -> tzinfo:
    name = tz_env.lstrip(":")
    if name:
        return zone_named(name, "TZ=")
    system = _system_zone_name()
    if system:
        try:
            return ZoneInfo(system)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else UTC


def zone_named(name: str, where: str = "") -> tzinfo:
    """The zone called `name` (from TZ or --tz), or one clear line saying it is not one.
    A long name is refused before the file system is asked about it."""
    from gigtool.inputs import MAX_ZONE_TEXT, shown

    try:
        if len(name) > MAX_ZONE_TEXT:
            raise ValueError(name)
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(
            f"{where}{shown(name)} is not a time zone gig knows; use a name such as Europe/Berlin"
        ) from None


def _system_zone_name() -> str | None:
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    try:
        with open("/etc/timezone", encoding="utf-8") as fh:
            return fh.read().strip() or None
    except OSError:
        return None


def zone_name(zone: tzinfo) -> str:
    """A name to store beside an entry so it can be shown in the zone it was recorded in."""
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    return datetime.now(zone).strftime("%z") or "UTC"
