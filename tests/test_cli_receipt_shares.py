"""A receipt's confirmation says the deductible share of its own year when not the whole."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2026-11-20", "Category meals: Business meals, line 24b, 50% deductible in 2026."),
        ("2022-06-01", "Category meals: Business meals, line 24b, 100% deductible in 2022."),
        ("2020-12-31", "Category meals: Business meals, line 24b, 50% deductible in 2020."),
    ],
)
def test_a_meal_says_its_share(gig, day, said):
    out = gig("receipts", "add", "20", "Diner", "--category", "meals", "--date", day).stdout
    assert said in out.splitlines()


def test_a_whole_share_goes_unsaid(gig):
    out = gig("receipts", "add", "20", "Staples", "--category", "office").stdout
    assert "Category office: Office expense, line 18." in out.splitlines()
