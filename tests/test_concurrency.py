"""Two (or more) gig processes at once: nothing lost, nothing doubled, one timer at most."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

WORKER = """
import json, sys
from pathlib import Path
from gigtool.tracking import timer as tracking
from gigtool.clock import SystemClock
from gigtool.errors import Refused
from gigtool.database import open_db

home, name, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
started, stops, refused = [], 0, []
for i in range(rounds):
    conn = open_db(home)  # a fresh connection per command, as the CLI does
    started.append(tracking.start_timer(conn, SystemClock(), project=name).entry.id)
    try:
        tracking.stop_timer(conn, SystemClock())
        stops += 1
    except Refused as exc:
        refused.append(str(exc))
    conn.close()
print(json.dumps({"started": started, "stops": stops, "refused": refused}))
"""


def run_workers(home: Path, workers: int, rounds: int) -> list[dict]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(home), f"p{n}", str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(workers)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    return results


def test_parallel_starts_and_stops_lose_and_double_nothing(gig_home: Path) -> None:
    # All processes race on a database none of them has created yet.
    results = run_workers(gig_home, workers=4, rounds=25)
    started = [i for r in results for i in r["started"]]
    assert len(started) == len(set(started)) == 100  # every start made exactly one entry
    for r in results:
        for message in r["refused"]:
            assert "no timer is running" in message  # another process stopped it first

    conn = sqlite3.connect(gig_home / "gig.db")
    rows = conn.execute("SELECT id, start_utc, end_utc FROM time_entry ORDER BY start_utc, id")
    entries = rows.fetchall()
    # A timer stopped in the second it started is discarded: 0 seconds is no work.
    assert {e[0] for e in entries} <= set(started)
    assert all(e[2] is None or e[2] > e[1] for e in entries)
    assert sum(1 for e in entries if e[2] is None) <= 1  # never two running timers
    stopped = [e for e in entries if e[2] is not None]
    for before, after in zip(stopped, stopped[1:], strict=False):
        assert before[2] <= after[1], f"entries {before[0]} and {after[0]} overlap"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_terminals_running_gig_commands(gig_home: Path) -> None:
    gig = [sys.executable, "-m", "gigtool"]
    env = {**os.environ, "GIG_HOME": str(gig_home)}
    script = "; ".join(
        f"{' '.join(gig)} log start {{name}} && {' '.join(gig)} log stop || true" for _ in range(4)
    )
    procs = [
        subprocess.Popen(
            ["sh", "-c", script.format(name=name)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for out, err in outputs:
        assert "Traceback" not in err
        for line in err.splitlines():
            assert line.startswith("Error: no timer is running"), line
    assert sum(out.count("Started #") for out, _ in outputs) == 8
    conn = sqlite3.connect(gig_home / "gig.db")
    assert conn.execute("SELECT count(*) FROM time_entry").fetchone()[0] <= 8
    assert not conn.execute("SELECT 1 FROM time_entry WHERE end_utc <= start_utc").fetchone()
    assert conn.execute("SELECT count(*) FROM time_entry WHERE end_utc IS NULL").fetchone()[0] <= 1


OPENER = """
import sys
from pathlib import Path
from gigtool.database import open_db
open_db(Path(sys.argv[1])).close()
"""


def test_several_gigs_creating_the_same_new_database_all_succeed(tmp_path: Path) -> None:
    # The first run in two terminals at once: each sees no schema yet, and one
    # switches the file to WAL while the other is already reading it.
    for round_ in range(4):
        home = tmp_path / f"home-{round_}"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", OPENER, str(home)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        errors = [proc.communicate(timeout=60)[1] for proc in procs]
        assert all(proc.returncode == 0 for proc in procs), errors
        conn = sqlite3.connect(home / "gig.db")
        from gigtool.database import LATEST

        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert conn.execute("SELECT count(*) FROM gig_migration").fetchone()[0] == LATEST
        conn.close()
