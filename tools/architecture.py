"""Write docs/architecture.md from the code: the packages, their layers, what each
imports, and one command's path from argument to row.

    python tools/architecture.py > docs/architecture.md

tests/test_architecture.py checks that the committed page is what this prints, so
the map cannot drift from the house it describes.
"""

from __future__ import annotations

import ast
import importlib
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "gigtool"

# The kernel: small modules every layer may use, importing no domain.
KERNEL = ("errors", "inputs", "clock", "periods", "amounts", "safe_text")

INTRO = """\
# Architecture

gig is one Python package, `gigtool`, built in layers. A module imports only from
the layers below its own; domains side by side never import each other. The
layers are contracts in `pyproject.toml`, checked by `lint-imports` in the test
suite, so this page and the code cannot disagree for long: it is written by
`python tools/architecture.py > docs/architecture.md`, and a test compares.

To change one thing, find its domain below, then its module: each domain's
modules are named for what they hold (`money/receipts.py`, `tasks/recurrence.py`).
"""

# One command end to end. Each step names a function; the generator checks that
# every one exists, so a rename that forgets this page fails the tests.
PATH_TITLE = "## One command's path: `gig receipts add`"
PATH_STEPS: list[tuple[str, str]] = [
    (
        "gigtool.cli.main",
        "reads the command line and loads the `receipts` group alone (`GROUPS`), so a "
        "command pays only for its own imports.",
    ),
    (
        "gigtool.cli.receipts.receipt_add",
        "Typer hands it the words; it reads the amount and the day "
        "(`cli.money_options.amount_from`, `day_from`) and the files' paths "
        "(`store.files.user_path`), calls one domain function and says what happened.",
    ),
    (
        "gigtool.cli.context.App.db",
        "opens the database once per command through `database.open_db`: the data "
        "folder checked, WAL, a busy timeout, and any migration after a backup.",
    ),
    (
        "gigtool.money.receipts.add_receipt",
        "checks the text, amount, day and category, stages each file in the month's "
        "folder, then inserts the receipt and files its copies in one transaction; a "
        "failure removes the copies it placed.",
    ),
    (
        "gigtool.money.receipt_files.place",
        "writes each copy the one way gig writes files (`store.files`): private, "
        "never over an existing file, no link followed, synced to disk.",
    ),
    (
        "gigtool.money.package.export",
        "at the month's end, `gig export` reads the month in one read transaction, "
        "builds the sheets (`money.sheets.build_sheets`), copies the receipts' files "
        "and zips the accountant's package.",
    ),
]


def lines_of(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def first_line(package: Path) -> str:
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    return (doc or "").strip().splitlines()[0] if doc else ""


def contracts() -> list[dict]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(data["tool"]["importlinter"]["contracts"])


def layers() -> list[list[str]]:
    """The layers contract, top first, each layer's modules without `gigtool.`."""
    for contract in contracts():
        if contract["type"] == "layers":
            out = []
            for layer in contract["layers"]:
                names = layer.replace("|", ":").split(":")
                out.append([n.strip().removeprefix("gigtool.") for n in names])
            return out
    raise SystemExit("no layers contract in pyproject.toml")


def node(module: str) -> str:
    """The map's box a module belongs to: its top-level package, or the kernel."""
    top = module.split(".")[1] if module.count(".") else ""
    return "kernel" if top in KERNEL else top


def package_imports() -> set[tuple[str, str]]:
    import grimp

    graph = grimp.build_graph("gigtool")
    edges = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = node(importer), node(imported)
            if a and b and a != b:
                edges.add((a, b))
    return edges


def boxes() -> list[str]:
    """Top-level packages and the wiring modules, top layer first, then the kernel."""
    seen: list[str] = []
    for layer in layers():
        for name in layer:
            box = "kernel" if name in KERNEL else name
            if box not in seen:
                seen.append(box)
    return seen


def mermaid() -> list[str]:
    order = boxes()
    out = ["```mermaid", "flowchart TD"]
    out += [f"    {b}[{b}]" for b in order]
    edges = [(a, b) for a, b in package_imports() if a in order and b in order]
    for a, b in sorted(edges, key=lambda e: (order.index(e[0]), order.index(e[1]))):
        out.append(f"    {a} --> {b}")
    out.append("```")
    return out


def modules_of(box: str) -> list[Path]:
    if box == "kernel":
        return [SRC / f"{k}.py" for k in KERNEL]
    folder = SRC / box
    if folder.is_dir():
        return sorted(p for p in folder.rglob("*.py") if p.name != "__init__.py")
    return [SRC / f"{box}.py"]


def owns(box: str) -> str:
    if box == "kernel":
        return "Errors, reading input, the clock, periods, amounts of money, safe text."
    folder = SRC / box
    if folder.is_dir():
        return first_line(folder)
    doc = ast.get_docstring(ast.parse((SRC / f"{box}.py").read_text(encoding="utf-8")))
    return (doc or "").strip().splitlines()[0] if doc else ""


def table() -> list[str]:
    order = boxes()
    out = [
        "| Package | Owns | Imports | Modules (lines) |",
        "|---|---|---|---|",
    ]
    uses: dict[str, set[str]] = {}
    for a, b in package_imports():
        uses.setdefault(a, set()).add(b)
    for box in order:
        mods = modules_of(box)
        listed = ", ".join(
            f"`{p.relative_to(SRC / box if (SRC / box).is_dir() else SRC).with_suffix('')}` "
            f"({lines_of(p)})"
            for p in mods
        )
        used = ", ".join(sorted(uses.get(box, ()), key=order.index)) or "—"
        out.append(f"| `{box}` | {owns(box)} | {used} | {listed} |")
    return out


def share() -> list[str]:
    all_py = [p for p in SRC.rglob("*.py")]
    total = sum(lines_of(p) for p in all_py)
    cli = sum(lines_of(p) for p in (SRC / "cli").rglob("*.py"))
    biggest = max(all_py, key=lines_of)
    return [
        f"- {len(all_py)} modules, {total:,} lines; the cli layer holds "
        f"{cli:,} of them ({100 * cli / total:.0f} %).",
        f"- The largest module is `{biggest.relative_to(SRC.parent)}` ({lines_of(biggest)} lines).",
    ]


def resolve(dotted: str) -> None:
    """Fail unless `dotted` names a module's function, class or method that exists."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name, None)
        if found is not None:
            return
        break
    raise SystemExit(f"docs/architecture.md names {dotted}, which does not exist")


def path_steps() -> list[str]:
    out = [PATH_TITLE, ""]
    for n, (dotted, what) in enumerate(PATH_STEPS, 1):
        resolve(dotted)
        out.append(f"{n}. `{dotted.removeprefix('gigtool.')}`: {what}")
    return out


def render() -> str:
    parts = [
        INTRO,
        "## The map",
        "",
        "Each arrow is an import that exists today, package to package; arrows only point",
        "down the layers.",
        "",
        *mermaid(),
        "",
        "## The layers, top first",
        "",
        *[
            f"{n}. " + ", ".join(f"`{name}`" for name in layer)
            for n, layer in enumerate(layers(), 1)
        ],
        "",
        "## The packages",
        "",
        *table(),
        "",
        "## What the test suite holds the house to",
        "",
        *[f"- {c['name']}." for c in contracts()],
        "- No module over 500 lines, but for `cli/tasks.py`, still to split.",
        *share(),
        "",
        *path_steps(),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.stdout.write(render())
