"""A grid of times shown to the minute so that every row, every column and the total add
up as shown, while each cell and each row total stays its own time cut or one minute more
(controlled rounding, found as a small flow from rows to columns)."""

from __future__ import annotations

from collections.abc import Sequence


def controlled(
    cells: Sequence[Sequence[int]], columns: Sequence[int], unit: int = 60
) -> tuple[list[list[int]], list[int]] | None:
    """Cells and row totals in whole `unit`s (as seconds) whose columns add up to the given
    column totals (already whole units), or None when no such rounding exists.

    Each cell is its own time cut to the unit, or one unit more when it has a remainder;
    each row total is its row's exact time cut, or one unit more when it has a remainder.
    """
    rows = len(cells)
    width = len(columns)
    if any(total % unit for total in columns):
        return None  # shown in seconds (all under a minute): nothing to round
    floors = [[value // unit for value in row] for row in cells]
    spare = [[1 if value % unit else 0 for value in row] for row in cells]
    need = [columns[j] // unit - sum(floors[i][j] for i in range(rows)) for j in range(width)]
    if any(n < 0 for n in need):
        return None
    low = [sum(row) // unit - sum(f) for row, f in zip(cells, floors, strict=True)]
    high = [lo + (1 if sum(row) % unit else 0) for lo, row in zip(low, cells, strict=True)]
    given = [[0] * width for _ in range(rows)]  # the extra unit each cell takes
    taken = [0] * rows
    filled = [0] * width

    def augment(limit: list[int]) -> bool:
        """One path source → row → col (→ row → col …) → sink, by depth-first search."""
        seen_rows: set[int] = set()

        def from_row(i: int) -> bool:
            seen_rows.add(i)
            for j in range(width):
                if spare[i][j] and not given[i][j] and (filled[j] < need[j] or from_col(j)):
                    given[i][j] = 1
                    return True
            return False

        def from_col(j: int) -> bool:
            # Move col j's unit from another row k to somewhere else k can give it.
            for k in range(rows):
                if given[k][j] and k not in seen_rows:
                    given[k][j] = 0
                    if from_row(k):
                        return True
                    given[k][j] = 1
            return False

        for i in range(rows):
            if taken[i] < limit[i]:
                seen_rows.clear()
                if from_row(i):
                    taken[i] += 1
                    for j in range(width):
                        filled[j] = sum(given[r][j] for r in range(rows))
                    return True
        return False

    for limit in (low, high):
        while augment(limit):
            pass
        if limit is low and taken != low:
            return None
    if filled != need:
        return None
    shown = [[(floors[i][j] + given[i][j]) * unit for j in range(width)] for i in range(rows)]
    return shown, [sum(row) for row in shown]
