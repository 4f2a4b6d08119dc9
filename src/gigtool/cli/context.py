"""What every command gets through the Typer context: the clock and the database."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from gigtool.clock import Clock, SystemClock, local_zone
from gigtool.errors import GigError
from gigtool.safe_text import visible


@dataclass
class App:
    clock: Clock = field(default_factory=SystemClock)
    home_override: Path | None = None
    sleep: Callable[[float], None] = time.sleep
    # None: decide by whether stdout and stderr are terminals.
    interactive: bool | None = None
    quiet: bool = False
    args: list[str] = field(default_factory=list)
    _conn: sqlite3.Connection | None = None

    @property
    def at_terminal(self) -> bool:
        if self.interactive is not None:
            return self.interactive
        return sys.stdout.isatty() and sys.stderr.isatty()

    @property
    def home(self) -> Path:
        from gigtool.store.home import data_home

        return data_home(self.home_override)

    def db(self) -> sqlite3.Connection:
        if self._conn is None:
            from gigtool.database import open_db

            self._conn = open_db(self.home)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def zone(self) -> tzinfo:
        return local_zone()

    def now(self) -> datetime:
        """Now, in the user's zone."""
        return self.clock.now().astimezone(self.zone)

    def setting(self, key: str) -> str:
        from gigtool import config

        return config.get(self.db(), key)


def app_of(ctx: typer.Context) -> App:
    root = ctx.find_root()
    if not isinstance(root.obj, App):
        root.obj = App()
    return root.obj


class GigGroup(TyperGroup):
    """The one place a GigError becomes `Error: …` and an exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["gig.args"] = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            result = super().invoke(ctx)
            app = app_of(ctx)
            if ctx.invoked_subcommand == "log" and app.at_terminal and not app.quiet:
                # The command is done and committed; an alert that cannot be worked out
                # (a busy database, say) must not turn that success into an error.
                with contextlib.suppress(GigError, sqlite3.Error):
                    _alert_after_log_command(app, ctx.meta.get("gig.args", []))
            if app._conn is not None and app.at_terminal:
                # The user was here while the timer ran: what the runaway alert suggests.
                with contextlib.suppress(sqlite3.Error):
                    from gigtool.balance.last_seen import note

                    note(app._conn, int(app.clock.now().timestamp()))
            return result
        except GigError as exc:
            _fail(str(exc), exc.exit_code)
        except OverflowError:
            _fail("a number or date is far too large; check what you typed", 2)
        except BrokenPipeError:
            raise  # the reader went away (`gig log list | head`): nothing to tell it
        except OSError as exc:
            # A file the command reads or writes turned out not to be usable after all
            # (permissions, a device that cannot be read, a full disk).
            _fail(_os_problem(exc), 1)
        except sqlite3.Error as exc:
            from gigtool.store.db import damaged
            from gigtool.store.home import data_home, db_path

            problem = damaged(db_path(data_home(app_of(ctx).home_override)), exc)
            _fail(str(problem), problem.exit_code)
        finally:
            if isinstance(ctx.obj, App):
                ctx.obj.close()

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Usage errors as one `Error:` line too, instead of a framed box."""

        def run() -> Any:
            return super(GigGroup, self).main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )

        from gigtool.cli.args import check_words, harden

        harden(self)
        if not standalone_mode:
            check_words(sys.argv[1:] if args is None else args)
            return run()
        click_error = _click_exception()
        try:
            check_words(sys.argv[1:] if args is None else args)
            result = run()
        except GigError as exc:
            # Raised while the command line is read, before any command runs.
            _say_error(str(exc))
            sys.exit(exc.exit_code)
        except typer.Abort:
            print("Error: cancelled; nothing changed", file=sys.stderr)
            sys.exit(1)
        except click_error as exc:
            message = exc.format_message()  # type: ignore[attr-defined]
            context = getattr(exc, "ctx", None)
            if context is not None:
                message += f" (see: {context.command_path} --help)"
            _say_error(message)
            sys.exit(getattr(exc, "exit_code", 2))
        sys.exit(result if isinstance(result, int) else 0)


def _alert_after_log_command(app: App, args: list[str]) -> None:
    """One short stderr line per rule that has just tripped, at most once per rule per day."""
    if {"--json", "--csv"} & set(args) or "--help" in args or "-h" in args:
        return
    from gigtool.balance.alerts import alerts_to_show

    for f in alerts_to_show(app.db(), app.clock, app.zone):
        style = {"fg": "red"} if f.level == "alert" else {"fg": "yellow"}
        typer.secho(f"balance {f.level}: {f.rule}: {visible(f.message)}", err=True, **style)  # type: ignore[arg-type]


def _click_exception() -> type[Exception]:
    # Typer vendors click in some versions and not in others; find its base class.
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def _os_problem(exc: OSError) -> str:
    """An OSError no command turned into words: the path and what to do about it."""
    from gigtool.inputs import shown
    from gigtool.store.files import reason

    path = Path(exc.filename) if isinstance(exc.filename, str) else None
    what = shown(str(exc.filename), 300) if exc.filename else "a file"
    return f"cannot use {what}: {reason(exc, path)}"


def _say_error(message: str) -> None:
    """The one `Error:` line: one line whatever the message holds (a newline or an
    escape sequence in a name it quotes is shown as a mark, see safe_text), and a
    word of over 200 characters (5,000 digits, a 100,000-character name echoed back)
    cut short."""
    message = visible(message)
    if len(message) > 200:
        import re

        message = re.sub(
            r"\S{201,}", lambda m: f"{m[0][:80]}…{m[0][-3:]} ({len(m[0]):,} characters)", message
        )
    print(f"Error: {message}", file=sys.stderr)


def _fail(message: str, code: int) -> None:
    _say_error(message)
    raise typer.Exit(code)
