"""Startup benchmark: gig's everyday commands against Watson on the same history.

Run from the repository root with the Python of a virtual environment where gig
is installed:

    python bench/bench.py                        # N = 10,000 and 100,000, 7 runs
    python bench/bench.py --sizes 1000 --runs 3  # a quick check
    python bench/bench.py --out docs/performance-bench.md

Each command is timed as a whole process (wall clock around subprocess.run,
output to /dev/null) after one warm-up run; we report the median and the
minimum. Watson (td-watson) is installed into bench/.work/watson-venv so both
tools run on the same machine in the same run. The budget for `gig log status`,
`start` and `stop` is 1.5 x the median of `watson status` at the same size.
Standard library only.
"""

from __future__ import annotations

import argparse
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
WATSON_VENV = REPO / "bench" / ".work" / "watson-venv"
PYCACHE = REPO / "bench" / ".work" / "pycache"
BIN = "Scripts" if os.name == "nt" else "bin"
BUDGET_FACTOR = 1.5

CLIENTS = ("Acme", "Globex", "Initech")
PROJECTS = {  # project -> client (None: internal work)
    "acme-api": "Acme",
    "acme-web": "Acme",
    "globex-audit": "Globex",
    "globex-ops": "Globex",
    "initech-tps": "Initech",
    "admin": None,
}
TAGS = ("call", "review", "deep-work", "email")
HOT_PATH_FORBIDDEN = ("sqlmodel", "sqlalchemy", "rich")
BUDGETED = ("gig log status", "gig log start", "gig log stop", "gig frog")
# `gig` alone (the morning view) aims for the same budget and must stay under twice it.
MORNING = "gig (morning view)"
TASKS = 300  # open tasks, a third of them important, for the frog and the morning view

Cycle = list[tuple[str, list[str]]]  # (label, argv) pairs, run in this order


class BenchError(RuntimeError):
    pass


@dataclass(frozen=True)
class Frame:
    """One finished stretch of work, written identically to gig and Watson."""

    start: int
    end: int
    project: str
    tags: tuple[str, ...]
    description: str


@dataclass
class Row:
    command: str
    samples: list[float]  # seconds
    budget_ms: float | None = None

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.samples) * 1000


# Setting up ---------------------------------------------------------------------------------


def watson_executable() -> Path:
    """td-watson in its own venv under bench/.work, created once and reused."""
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


def make_history(n: int, now: int) -> list[Frame]:
    """N back-to-back stopped entries of 10-60 minutes, the last ending an hour ago."""
    rng = random.Random(n)
    names = list(PROJECTS)
    frames: list[Frame] = []
    end = now - 3600
    for i in range(n):
        start = end - rng.randint(10, 60) * 60
        tags = tuple(rng.sample(TAGS, rng.randint(0, 2)))
        frames.append(Frame(start, end, rng.choice(names), tags, f"task {n - i}"))
        end = start
    frames.reverse()
    return frames


def fill_gig(db: Path, history: Sequence[Frame], now: int) -> None:
    """Insert the history into gig's (already migrated) database in one transaction."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        client_ids: dict[str, int] = {}
        for name in CLIENTS:
            cur = conn.execute("INSERT INTO client (name, created_at) VALUES (?, ?)", (name, now))
            client_ids[name] = int(cur.lastrowid or 0)
        project_ids: dict[str, int] = {}
        for name, client in PROJECTS.items():
            cur = conn.execute(
                "INSERT INTO project (name, client_id, created_at) VALUES (?, ?, ?)",
                (name, client_ids.get(client or ""), now),
            )
            project_ids[name] = int(cur.lastrowid or 0)
        tag_ids: dict[str, int] = {}
        for name in TAGS:
            cur = conn.execute("INSERT INTO tag (name) VALUES (?)", (name,))
            tag_ids[name] = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO time_entry (id, project_id, description, start_utc, end_utc, tz, "
            "billable, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'UTC', 1, ?, ?)",
            (
                (i, project_ids[f.project], f.description, f.start, f.end, f.end, f.end)
                for i, f in enumerate(history, start=1)
            ),
        )
        conn.executemany(
            "INSERT INTO entry_tag (entry_id, tag_id) VALUES (?, ?)",
            ((i, tag_ids[t]) for i, f in enumerate(history, start=1) for t in f.tags),
        )
        day = 86400
        conn.executemany(
            "INSERT INTO task (title, important, rank, due_on, estimate_seconds, client_id, "
            "created_at, updated_at) VALUES (?, ?, ?, date(?, 'unixepoch', ?), ?, ?, ?, ?)",
            (
                (
                    f"Task {i}",
                    i % 3 == 0,
                    "AB"[i % 2] if i % 3 == 0 else None,
                    now,
                    f"{i % 40 - 5} days",
                    (i % 8 + 1) * 900,
                    client_ids[CLIENTS[i % 3]],
                    now - (i % 60) * day,
                    now,
                )
                for i in range(TASKS)
            ),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def fill_watson(folder: Path, history: Sequence[Frame], seed: int) -> None:
    """Watson's `frames` ([start, stop, project, id, tags, updated_at]) and an idle `state`."""
    rng = random.Random(seed)
    frames = [
        [f.start, f.end, f.project, f"{rng.getrandbits(128):032x}", list(f.tags), f.end]
        for f in history
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frames").write_text(json.dumps(frames, indent=1), encoding="utf-8")
    (folder / "state").write_text("{}", encoding="utf-8")


# Timing -------------------------------------------------------------------------------------


def base_env() -> dict[str, str]:
    """UTC, and bytecode cached as a user's install would have it (in bench/.work, so the
    warm-up run compiles once even where PYTHONDONTWRITEBYTECODE is set)."""
    env = {**os.environ, "TZ": "UTC", "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(argv: Sequence[str], env: dict[str, str]) -> float:
    """Wall-clock seconds of one whole process; a failure stops the benchmark."""
    began = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - began
    if proc.returncode != 0:
        raise BenchError(
            f"`{' '.join(argv)}` exited with {proc.returncode}:\n{proc.stderr.decode()}"
        )
    return elapsed


def measure(cycles: Sequence[Cycle], env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Warm up every cycle once, then time `runs` rounds that each run every cycle once.

    A cycle such as (start, status, stop) keeps the timer state right for each of its
    commands; interleaving the cycles spreads drifts in machine load over all commands.
    """
    for cycle in cycles:
        for _, argv in cycle:
            run_once(argv, env)
    samples: dict[str, list[float]] = {label: [] for cycle in cycles for label, _ in cycle}
    for _ in range(runs):
        for cycle in cycles:
            for label, argv in cycle:
                samples[label].append(run_once(argv, env))
    return samples


def bench_size(n: int, runs: int, root: Path, gig: Path, watson: Path) -> list[Row]:
    now = int(time.time())
    home, wdir = root / f"gig-{n}", root / f"watson-{n}"
    env = {**base_env(), "GIG_HOME": str(home), "WATSON_DIR": str(wdir)}
    g, w = str(gig), str(watson)

    log(f"N={n:,}: building the history ...")
    run_once([g, "log", "status"], env)  # gig creates and migrates its database
    history = make_history(n, now)
    fill_gig(home / "gig.db", history, now)
    fill_watson(wdir, history, seed=n)

    log(f"N={n:,}: timing gig and Watson ...")
    samples = measure(
        [
            [("gig log status (idle)", [g, "log", "status"])],
            [
                ("gig log start", [g, "log", "start", "benchproj", "bench"]),
                ("gig log status (running)", [g, "log", "status"]),
                ("gig log stop", [g, "log", "stop"]),
            ],
            [("gig frog", [g, "frog"])],
            [(MORNING, [g])],
            [("gig --help", [g, "--help"])],
            [("gig log list --today", [g, "log", "list", "--today"])],
            [("watson status (idle)", [w, "status"])],
            [
                ("watson start", [w, "start", "benchproj"]),
                ("watson status (running)", [w, "status"]),
                ("watson stop", [w, "stop"]),
            ],
        ],
        env,
        runs,
    )
    budget = BUDGET_FACTOR * statistics.median(samples["watson status (idle)"]) * 1000

    def budget_for(label: str) -> float | None:
        if label.startswith(BUDGETED):
            return budget
        return 2 * budget if label == MORNING else None

    return [Row(label, times, budget_for(label)) for label, times in samples.items()]


def bench_context(runs: int) -> list[Row]:
    """The floor every Python CLI pays, and what the heavy libraries add to it."""
    cycles: list[Cycle] = [
        [(f'python -c "{code}"', [sys.executable, "-c", code])]
        for code in ("pass", "import typer", "import rich.console", "import sqlmodel")
    ]
    return [Row(label, times) for label, times in measure(cycles, base_env(), runs).items()]


def hot_path_imports(home: Path) -> tuple[int, dict[str, bool]]:
    """Modules imported by `gig log status`, and whether each forbidden one is among them."""
    env = {**base_env(), "GIG_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gigtool", "log", "status"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    modules = [
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line and "imported package" not in line
    ]
    tops = {m.split(".")[0] for m in modules}
    return len(modules), {name: name in tops for name in HOT_PATH_FORBIDDEN}


# Reporting ----------------------------------------------------------------------------------


def md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table whose columns also line up in a terminal (numbers right-aligned)."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        padded = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs]
        return "| " + " | ".join(padded) + " |"

    rule = ["-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)]
    return [line(header), "|" + "|".join(rule) + "|", *(line(r) for r in rows)]


def timing_rows(rows: list[Row]) -> list[list[str]]:
    out = []
    for r in rows:
        budget, ok = "", ""
        if r.budget_ms is not None:
            budget, ok = f"{r.budget_ms:.0f}", "yes" if r.median_ms <= r.budget_ms else "**NO**"
        out.append([f"`{r.command}`", f"{r.median_ms:.1f}", f"{r.min_ms:.1f}", budget, ok])
    return out


def report(
    args: argparse.Namespace,
    gig: Path,
    watson: Path,
    load: float,
    results: dict[int, list[Row]],
    context: list[Row],
    imports: tuple[int, dict[str, bool]],
) -> str:
    version = subprocess.run([str(gig), "--version"], capture_output=True, text=True).stdout
    w_version = subprocess.run([str(watson), "--version"], capture_output=True, text=True).stdout
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        "# gig startup benchmark",
        "",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {platform.platform()}, {cpus} CPUs (nproc), {platform.machine()}",
        f"- Python: {platform.python_version()} ({sys.executable})",
        f"- Tools: {version.strip()}; {w_version.strip()} (td-watson, own venv, same Python)",
        f"- Method: wall clock of each whole process, output to /dev/null, TZ=UTC, bytecode "
        f"cached; one warm-up, then {args.runs} interleaved rounds; start, status, stop run "
        "in turn so the timer state alternates",
        f"- Load average (1 min) at start and end: {load:.2f}, {load_average():.2f}",
        f"- Budget: {BUDGET_FACTOR} x the median of `watson status` (idle) at the same size "
        f"for the everyday commands; twice that at most for `gig` alone",
    ]
    header = ["command", "median ms", "min ms", "budget ms", "within budget?"]
    for n, rows in results.items():
        lines += ["", f"## {n:,} entries", "", *md_table(header, timing_rows(rows))]
    lines += ["", "## Context: interpreter and import costs", ""]
    lines += md_table(header[:3], [r[:3] for r in timing_rows(context)])
    count, found = imports
    lines += [
        "",
        "## Hot path imports (`python -X importtime -m gigtool log status`)",
        "",
        f"- Modules imported: {count}",
    ]
    lines += [
        f"- `{name}`: {'**imported**' if hit else 'not imported'}" for name, hit in found.items()
    ]
    return "\n".join(lines) + "\n"


def load_average() -> float:
    """Other work on the machine skews every number; the report says how much there was."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="entry counts, comma-separated")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command")
    parser.add_argument("--out", type=Path, help="also write the report to this Markdown file")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.runs < 1 or not sizes or min(sizes) < 1:
        parser.error("--runs and every size must be at least 1")

    gig = Path(sys.executable).parent / ("gig.exe" if os.name == "nt" else "gig")
    if not gig.exists():
        parser.error(f"no gig next to {sys.executable}; run with the Python of gig's venv")
    load = load_average()
    root = Path(tempfile.mkdtemp(prefix="gig-bench-"))
    try:
        watson = watson_executable()
        results = {n: bench_size(n, args.runs, root, gig, watson) for n in sizes}
        log("Timing interpreter and imports ...")
        context = bench_context(args.runs)
        imports = hot_path_imports(root / f"gig-{sizes[0]}")
        text = report(args, gig, watson, load, results, context, imports)
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
