"""The one check every time entering the log passes (spans.check_times)."""

from __future__ import annotations

import pytest

from gigtool.errors import InputError, Refused
from gigtool.tracking.spans import DAY, LONGEST, check_times

NOW = 1_795_635_000  # Wed 25 Nov 2026 14:30 in New York
HOUR = 3600


@pytest.mark.parametrize(
    ("start", "end", "kw"),
    [
        (NOW - HOUR, NOW, {}),
        (NOW - HOUR, None, {}),  # a running timer
        (NOW - LONGEST, NOW, {}),
        (946_720_800, 946_724_400, {"now": None}),  # 2000-01-01 05:00 UTC, midnight in NY
        (NOW, NOW, {"allow_empty": True}),
        (NOW, NOW + DAY, {"grace": DAY}),
    ],
)
def test_times_an_entry_may_have(start, end, kw):
    check_times(start, end, **{"now": NOW, **kw})


@pytest.mark.parametrize(
    ("start", "end", "kw", "error", "message"),
    [
        (-1, 60, {}, InputError, "starts on 31 Dec 1969, before 2000"),
        (946_700_000, NOW, {}, InputError, "starts on 31 Dec 1999, before 2000"),
        (-(10**300), 60, {}, InputError, "it starts long before 2000;"),
        (NOW, NOW - 1, {}, InputError, "ends before it starts"),
        (NOW, NOW, {}, InputError, "would last 0 seconds"),
        (NOW - HOUR, NOW + 60, {}, Refused, "the end time"),
        (NOW + 60, None, {}, Refused, "the start time"),
        (NOW, NOW + DAY + 1, {"grace": DAY}, InputError, "ends more than a day from now"),
        (NOW - LONGEST - 1, NOW, {}, InputError, "lasts 1,000 hours"),
        (NOW - LONGEST - 1, None, {}, InputError, "lasts 1,000 hours"),
    ],
)
def test_times_no_entry_can_have(start, end, kw, error, message):
    with pytest.raises(error, match=message):
        check_times(start, end, **{"now": NOW, **kw})
