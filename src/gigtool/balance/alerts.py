"""The alerts after each `gig log` command: a rule that has just tripped, once a day."""

from __future__ import annotations

import sqlite3
from datetime import tzinfo

from gigtool.balance.assessment import current_findings
from gigtool.balance.focus import running_until
from gigtool.balance.rules import Finding
from gigtool.clock import Clock


def alerts_to_show(conn: sqlite3.Connection, clock: Clock, zone: tzinfo) -> list[Finding]:
    """The rules tripped now that the user has not been told of today, recorded as told.

    None while alerts are off (balance.alerts) or a focus block runs."""
    import gigtool.balance.settings  # noqa: F401  (declares the balance.* keys)
    from gigtool import config

    if config.get(conn, "balance.alerts") != "true" or running_until(conn, clock) is not None:
        return []
    findings, _ = current_findings(conn, clock, zone)
    # Once per rule per day; a warning that grows into an alert may speak once more.
    days = {f.day.isoformat() for f in findings}
    seen = {
        (rule, day): level
        for rule, day, level in conn.execute("SELECT rule, day, level FROM alert_shown")
        if day in days
    }
    findings = [
        f for f in findings if seen.get((f.rule, f.day.isoformat())) not in (f.level, "alert")
    ]
    if not findings:
        return []
    from gigtool.store.db import transaction

    shown: list[Finding] = []
    with transaction(conn):
        for f in findings:
            cur = conn.execute(
                "INSERT INTO alert_shown (rule, day, level, message, shown_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (rule, day) DO UPDATE SET "
                "level = excluded.level, message = excluded.message, "
                "shown_at = excluded.shown_at WHERE alert_shown.level = 'warn' "
                "AND excluded.level = 'alert'",
                (f.rule, f.day.isoformat(), f.level, f.message, int(clock.now().timestamp())),
            )
            if cur.rowcount:
                shown.append(f)
    return shown
