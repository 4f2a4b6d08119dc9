"""The same figures read the same in every view.

The clock is Wed 2026-11-25 14:30 in New York (see conftest.py).
"""

from __future__ import annotations


def test_shares_are_shown_to_one_place_even_when_whole(gig):
    gig("log", "add", "api", "8-10")
    gig("log", "add", "site", "10-13")
    out = gig("log", "report", "--today").stdout
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
    assert "40.0%" in rows["api"] and "60.0%" in rows["site"]
