"""The command reference in docs/commands.md, generated from the commands themselves.

    python -m gigtool.cli.reference > docs/commands.md

A test regenerates it and fails when the file has drifted or a command lacks help.
"""

from __future__ import annotations

from typing import Any

import typer


def _walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)]
    for name in getattr(command, "commands", {}):
        found += _walk(command.commands[name], [*path, name])
    return found


def _params(command: Any) -> list[tuple[str, str]]:
    rows = []
    for param in command.params:
        if getattr(param, "hidden", False) or param.name in {
            "install_completion",
            "show_completion",
        }:
            continue
        if param.param_type_name == "argument":
            name = param.human_readable_name + ("..." if param.nargs == -1 else "")
        else:
            name = " / ".join(param.opts + param.secondary_opts)
            if not param.is_flag:
                name += f" {param.metavar or param.type.name.upper()}"
        rows.append((name, (getattr(param, "help", None) or "").replace("|", "\\|")))
    return rows


def render(app: typer.Typer | None = None) -> str:
    from typer.main import get_command

    if app is None:
        from gigtool.cli import build_app

        app = build_app()
    root = get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the code by `python -m gigtool.cli.reference`; do not edit by hand.",
        "",
    ]
    for path, command in _walk(root, ["gig"]):
        lines += [f"## {' '.join(path)}", ""]
        lines += [(command.help or "").strip(), ""]
        if getattr(command, "commands", None):
            lines += ["| Command | What it does |", "| --- | --- |"]
            for name, sub in command.commands.items():
                summary = (sub.help or "").strip().splitlines()[0] if sub.help else ""
                lines.append(f"| `{' '.join([*path, name])}` | {summary} |")
            lines.append("")
        params = _params(command)
        if params:
            lines += ["| Argument or option | Meaning |", "| --- | --- |"]
            lines += [f"| `{name}` | {text} |" for name, text in params]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def missing_help(app: typer.Typer | None = None) -> list[str]:
    from typer.main import get_command

    if app is None:
        from gigtool.cli import build_app

        app = build_app()
    return [
        " ".join(path)
        for path, command in _walk(get_command(app), ["gig"])
        if not (command.help or "").strip()
    ]


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
