"""The week grid's rounding: every cell and row total its own time cut or a minute more,
columns adding up to the days as shown, rows to their totals, all to the week's total."""

from __future__ import annotations

import random

from gigtool.tracking.grid_rounding import controlled
from gigtool.tracking.figures import agreeing


def _ok(value: int, exact: int) -> bool:
    return value in (exact // 60 * 60, -(-exact // 60) * 60)


def test_random_grids_add_up_both_ways_with_every_figure_its_own() -> None:
    rng = random.Random(9)
    found = 0
    for _ in range(3000):
        rows = rng.randint(1, 8)
        cells = [
            [rng.choice([0, 0, rng.randint(1, rng.choice([90, 20000]))]) for _ in range(7)]
            for _ in range(rows)
        ]
        days, week = agreeing([sum(row[j] for row in cells) for j in range(7)])
        result = controlled(cells, days)
        if result is None:
            continue
        found += 1
        shown, totals = result
        for row, row_shown, total in zip(cells, shown, totals, strict=True):
            assert all(_ok(v, e) for v, e in zip(row_shown, row, strict=True))
            assert _ok(total, sum(row)) and sum(row_shown) == total
        assert [sum(r[j] for r in shown) for j in range(7)] == days
        assert sum(totals) == week
    assert found > 2700
