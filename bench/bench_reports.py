"""Reports and imports benchmark: a month's report as the history grows, beside Watson,
and importing 100,000 Toggl rows.

Run from the repository root with the Python of a virtual environment where gig is
installed:

    python bench/bench_reports.py                       # 10,000 and 100,000 entries, 11 runs
    python bench/bench_reports.py --sizes 2000,20000 --runs 3 --import-rows 20000  # quick
    python bench/bench_reports.py --out docs/performance-reports.md

What it does:

- For each size N it builds N back-to-back entries (10-60 minutes, six projects, three
  clients with rates, tags) ending on 2026-11-01, inserted straight into a gig database
  that gig itself created, and writes the same frames for Watson.
- It times `gig log report` over one fixed month (October 2026: `--from 2026-10-01 --to
  2026-10-31`, the code path of `--month`) and `watson report` over the same month on the
  same data: the whole process, output to /dev/null, one warm-up then the median of --runs
  rounds, every size timed in each round.
- It writes a 100,000-row Toggl detailed-report CSV and times `gig log import toggl` into
  an empty data folder (then once more, when every row is already there), with the peak
  memory of that process (ru_maxrss from wait4).

Budgets (issue #3): the month report over the largest history takes at most 1.2 x the
same report over the smallest, and under a quarter of Watson's on the same data; the
import of 100,000 rows takes under 20 s with a peak under 300 MiB.

Children run with TZ=UTC and with bytecode caching on (PYTHONPYCACHEPREFIX under
bench/.work), as an installed gig and Watson would. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work"
WATSON_VENV = WORK / "watson-venv"
BIN = "Scripts" if os.name == "nt" else "bin"

END = int(dt.datetime(2026, 11, 1, tzinfo=dt.UTC).timestamp())
MONTH = ("2026-10-01", "2026-10-31")
CLIENTS = {"Acme": (9500, "USD"), "Globex": (8000, "EUR"), "Initech": (12000, "USD")}
PROJECTS = {
    "acme-api": "Acme",
    "acme-web": "Acme",
    "globex-audit": "Globex",
    "globex-ops": "Globex",
    "initech-tps": "Initech",
    "admin": None,
}
TAGS = ("call", "review", "deep-work", "email")

REPORT_RATIO_BUDGET = 1.2
WATSON_RATIO_BUDGET = 0.25
IMPORT_SECONDS_BUDGET = 20.0
IMPORT_MIB_BUDGET = 300.0


class BenchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Frame:
    start: int
    end: int
    project: str
    tags: tuple[str, ...]
    description: str


# Building the data ------------------------------------------------------------------------------


def make_history(n: int) -> list[Frame]:
    """N back-to-back entries of 10-60 minutes, the last one ending at END."""
    rng = random.Random(n)
    names = list(PROJECTS)
    frames: list[Frame] = []
    end = END
    for i in range(n):
        start = end - rng.randint(10, 60) * 60
        tags = tuple(rng.sample(TAGS, rng.randint(0, 2)))
        frames.append(Frame(start, end, rng.choice(names), tags, f"task {n - i}"))
        end = start
    frames.reverse()
    return frames


def fill_gig(db: Path, history: Sequence[Frame]) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        client_ids = {}
        for name, (cents, currency) in CLIENTS.items():
            cur = conn.execute(
                "INSERT INTO client (name, rate_cents, currency, created_at) VALUES (?, ?, ?, ?)",
                (name, cents, currency, END),
            )
            client_ids[name] = cur.lastrowid
        project_ids = {}
        for name, client in PROJECTS.items():
            cur = conn.execute(
                "INSERT INTO project (name, client_id, created_at) VALUES (?, ?, ?)",
                (name, client_ids.get(client or ""), END),
            )
            project_ids[name] = cur.lastrowid
        tag_ids = {}
        for name in TAGS:
            tag_ids[name] = conn.execute("INSERT INTO tag (name) VALUES (?)", (name,)).lastrowid
        conn.executemany(
            "INSERT INTO time_entry (id, project_id, description, start_utc, end_utc, tz, "
            "billable, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'UTC', ?, ?, ?)",
            (
                (
                    i,
                    project_ids[f.project],
                    f.description,
                    f.start,
                    f.end,
                    f.project != "admin",
                    f.end,
                    f.end,
                )
                for i, f in enumerate(history, start=1)
            ),
        )
        conn.executemany(
            "INSERT INTO entry_tag (entry_id, tag_id) VALUES (?, ?)",
            ((i, tag_ids[t]) for i, f in enumerate(history, start=1) for t in f.tags),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


def fill_watson(folder: Path, history: Sequence[Frame], seed: int) -> None:
    rng = random.Random(seed)
    frames = [
        [f.start, f.end, f.project, f"{rng.getrandbits(128):032x}", list(f.tags), f.end]
        for f in history
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frames").write_text(json.dumps(frames, indent=1), encoding="utf-8")
    (folder / "state").write_text("{}", encoding="utf-8")


def write_toggl(path: Path, rows: int) -> None:
    """A Toggl Track detailed-report CSV as Toggl writes it (byte-order mark included)."""
    history = make_history(rows)
    rates = {p: CLIENTS[c] for p, c in PROJECTS.items() if c}
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "User",
                "Email",
                "Client",
                "Project",
                "Task",
                "Description",
                "Billable",
                "Start date",
                "Start time",
                "End date",
                "End time",
                "Duration",
                "Tags",
                "Amount (USD)",
            ]
        )
        for f in history:
            start = dt.datetime.fromtimestamp(f.start, dt.UTC)
            end = dt.datetime.fromtimestamp(f.end, dt.UTC)
            seconds = f.end - f.start
            rate = rates.get(f.project)
            amount = ""
            if rate and rate[1] == "USD":
                amount = f"{(seconds * rate[0] + 1800) // 3600 / 100:.2f}"
            out.writerow(
                [
                    "Ann",
                    "ann@example.com",
                    PROJECTS[f.project] or "",
                    f.project,
                    "",
                    f.description,
                    "Yes" if rate else "No",
                    f"{start:%Y-%m-%d}",
                    f"{start:%H:%M:%S}",
                    f"{end:%Y-%m-%d}",
                    f"{end:%H:%M:%S}",
                    f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}",
                    ", ".join(f.tags),
                    amount,
                ]
            )


# Running ----------------------------------------------------------------------------------------


def watson_executable() -> Path:
    exe = WATSON_VENV / BIN / ("watson.exe" if os.name == "nt" else "watson")
    if exe.exists():
        return exe
    log(f"Installing td-watson into {WATSON_VENV} ...")
    subprocess.run([sys.executable, "-m", "venv", str(WATSON_VENV)], check=True)
    pip = [str(WATSON_VENV / BIN / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "td-watson"], check=True)
    if not exe.exists():
        raise BenchError(f"td-watson installed but {exe} is missing")
    return exe


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TZ="UTC", PYTHONPYCACHEPREFIX=str(WORK / "pycache"), **extra)
    return env


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory (MiB) and stdout of one whole process."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    elapsed = time.perf_counter() - began
    if proc.returncode != 0:
        raise BenchError(f"`{' '.join(argv)}` exited with {proc.returncode}:\n{err.decode()}")
    return elapsed, 0.0, out.decode()


def run_measured(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Like run_once, with the peak resident memory of that very process (wait4)."""
    if not hasattr(os, "wait4"):
        return run_once(argv, env)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise BenchError(f"`{' '.join(argv)}` exited {proc.returncode}:\n{err.read().decode()}")
        # Linux reports KiB, macOS bytes.
        mib = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        return elapsed, mib, out.read().decode()


@dataclass
class SizeResult:
    n: int
    gig: list[float]
    watson: list[float]
    month_entries: int


def bench_sizes(
    sizes: list[int], runs: int, root: Path, gig: Path, watson: Path
) -> list[SizeResult]:
    """Build every history, then time the sizes in turn within each round, so a machine
    that slows down or speeds up during the run affects every size alike."""
    envs, entries = {}, {}
    report = [str(gig), "log", "report", "--from", MONTH[0], "--to", MONTH[1]]
    w_report = [str(watson), "report", "--from", MONTH[0], "--to", MONTH[1], "--no-pager"]
    for n in sizes:
        home, wdir = root / f"gig-{n}", root / f"watson-{n}"
        env = envs[n] = child_env(GIG_HOME=str(home), WATSON_DIR=str(wdir))
        log(f"N={n:,}: building the history ...")
        run_once([str(gig), "log", "status"], env)  # gig creates and migrates its database
        history = make_history(n)
        fill_gig(home / "gig.db", history)
        fill_watson(wdir, history, seed=n)
        _, _, out = run_once([*report, "--json"], env)
        entries[n] = json.loads(out)["total"]["entries"]
        run_once(report, env)  # warm-up
        run_once(w_report, env)
    timings: dict[int, tuple[list[float], list[float]]] = {n: ([], []) for n in sizes}
    for round_number in range(1, runs + 1):
        log(f"Round {round_number} of {runs}: `gig log report` and `watson report` ...")
        for n in sizes:
            timings[n][0].append(run_once(report, envs[n])[0])
            timings[n][1].append(run_once(w_report, envs[n])[0])
    return [SizeResult(n, *timings[n], entries[n]) for n in sizes]


@dataclass
class ImportResult:
    rows: int
    seconds: float
    mib: float
    again_seconds: float
    again_mib: float
    summary: str


def bench_import(rows: int, root: Path, gig: Path) -> ImportResult:
    path = root / "toggl.csv"
    log(f"Writing {rows:,} Toggl rows ...")
    write_toggl(path, rows)
    home = root / "gig-import"
    env = child_env(GIG_HOME=str(home))
    run_once([str(gig), "log", "status"], env)
    log(f"Importing {rows:,} Toggl rows ...")
    argv = [str(gig), "log", "import", "toggl", str(path), "--tz", "UTC"]
    seconds, mib, out = run_measured(argv, env)
    summary = out.strip().splitlines()[0] if out.strip() else ""
    if f"Added {rows:,} entries" not in summary:
        raise BenchError(f"the import did not add every row: {summary!r}")
    log("Importing them again (all already there) ...")
    again, again_mib, out = run_measured(argv, env)
    if f"{rows:,} already there" not in out:
        raise BenchError(f"the second import was not a no-op: {out!r}")
    return ImportResult(rows, seconds, mib, again, again_mib, summary)


# Reporting --------------------------------------------------------------------------------------


def md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        return "| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs) + " |"

    rule = ["-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)]
    return [line(header), "|" + "|".join(rule) + "|", *(line(r) for r in rows)]


def ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def verdict(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def render(
    args: argparse.Namespace,
    gig: Path,
    watson: Path,
    sizes: list[SizeResult],
    imported: ImportResult | None,
) -> str:
    version = subprocess.run([str(gig), "--version"], capture_output=True, text=True).stdout
    w_version = subprocess.run([str(watson), "--version"], capture_output=True, text=True).stdout
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        "# gig reports and imports benchmark",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {platform.platform()}, {cpus} CPUs, {platform.machine()}",
        f"- Python: {platform.python_version()}",
        f"- Tools: {version.strip()}; {w_version.strip()} (td-watson, own venv)",
        f"- Method: whole process, wall clock, output to /dev/null, TZ=UTC, bytecode cached; "
        f"one warm-up, then the median of {args.runs} rounds (each round runs every size)",
        f"- Month: {MONTH[0]} to {MONTH[1]} (`gig log report --from {MONTH[0]} --to "
        f"{MONTH[1]}`, `watson report --from {MONTH[0]} --to {MONTH[1]} --no-pager`)",
        "",
        "## One month's report as the history grows",
        "",
    ]
    rows = []
    smallest = sizes[0]
    for s in sizes:
        rows.append(
            [
                f"{s.n:,}",
                f"{s.month_entries:,}",
                f"{ms(s.gig):.0f}",
                f"{min(s.gig) * 1000:.0f}",
                f"{ms(s.watson):.0f}",
                f"{ms(s.gig) / ms(s.watson):.2f}",
                f"{ms(s.gig) / ms(smallest.gig):.2f}",
            ]
        )
    lines += md_table(
        [
            "entries",
            "in month",
            "gig ms (median)",
            "gig ms (min)",
            "watson ms",
            "gig / watson",
            f"gig / gig at {smallest.n:,}",
        ],
        rows,
    )
    largest = sizes[-1]
    growth = ms(largest.gig) / ms(smallest.gig)
    versus = ms(largest.gig) / ms(largest.watson)
    budget = [
        [
            f"month report at {largest.n:,} / at {smallest.n:,}",
            f"{growth:.2f}",
            f"<= {REPORT_RATIO_BUDGET}",
            verdict(growth <= REPORT_RATIO_BUDGET),
        ],
        [
            f"gig / watson report at {largest.n:,}",
            f"{versus:.3f}",
            f"< {WATSON_RATIO_BUDGET}",
            verdict(versus < WATSON_RATIO_BUDGET),
        ],
    ]
    if imported:
        lines += [
            "",
            f"## Importing {imported.rows:,} Toggl rows",
            "",
            *md_table(
                ["run", "seconds", "peak MiB", "rows a second"],
                [
                    [
                        "into an empty database",
                        f"{imported.seconds:.2f}",
                        f"{imported.mib:.0f}",
                        f"{imported.rows / imported.seconds:,.0f}",
                    ],
                    [
                        "again (all already there)",
                        f"{imported.again_seconds:.2f}",
                        f"{imported.again_mib:.0f}",
                        f"{imported.rows / imported.again_seconds:,.0f}",
                    ],
                ],
            ),
            "",
            f"gig said: {imported.summary}",
        ]
        budget += [
            [
                f"import {imported.rows:,} rows, seconds",
                f"{imported.seconds:.2f}",
                f"< {IMPORT_SECONDS_BUDGET:.0f}",
                verdict(imported.seconds < IMPORT_SECONDS_BUDGET),
            ],
            [
                f"import {imported.rows:,} rows, peak MiB",
                f"{imported.mib:.0f}",
                f"< {IMPORT_MIB_BUDGET:.0f}",
                verdict(imported.mib < IMPORT_MIB_BUDGET),
            ],
        ]
    lines += ["", "## Budgets", "", *md_table(["measure", "value", "budget", "within?"], budget)]
    return "\n".join(lines) + "\n"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="history sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=11, help="timed rounds per command")
    parser.add_argument("--import-rows", type=int, default=100_000, help="Toggl rows (0: skip)")
    parser.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.runs < 1 or not sizes or min(sizes) < 1:
        parser.error("--runs and every size must be at least 1")
    gig = Path(sys.executable).parent / ("gig.exe" if os.name == "nt" else "gig")
    if not gig.exists():
        parser.error(f"no gig next to {sys.executable}; run with the Python of gig's venv")
    root = Path(tempfile.mkdtemp(prefix="gig-bench-reports-"))
    try:
        watson = watson_executable()
        results = bench_sizes(sorted(sizes), args.runs, root, gig, watson)
        imported = bench_import(args.import_rows, root, gig) if args.import_rows else None
        text = render(args, gig, watson, results, imported)
    except (BenchError, subprocess.CalledProcessError) as exc:
        log(f"bench failed: {exc}")
        return 1
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(text, end="")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        log(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
