"""The command-line front end: each command parses options, calls the core, formats, exits.

``app`` (every command) is built on first use. ``main`` builds only ``check`` when that is the
command given: a one-shot check is the latency-sensitive call (one per declaration in a CI
hook), and the other command modules cost it about 15 ms of imports.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

import typer

from exportscreen import __version__

HELP = "Screen export declarations against China's export controls on strategic minerals."


def _version(value: bool) -> None:
    if value:
        typer.echo(f"exportscreen {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """exportscreen: export-control screening for compliance officers, brokers and CI."""


def _new_app() -> typer.Typer:
    built = typer.Typer(
        name="exportscreen",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(_root)
    from exportscreen.cli import check as check_command

    built.command("check")(check_command.check)
    return built


@cache
def build_app() -> typer.Typer:
    """Every command (built once)."""
    from exportscreen.cli import audit as audit_commands
    from exportscreen.cli import lists as lists_commands
    from exportscreen.cli import parties as parties_commands
    from exportscreen.cli import review as review_commands
    from exportscreen.cli import rules as rules_commands
    from exportscreen.cli import screen as screen_command

    built = _new_app()
    built.command("screen")(screen_command.screen)
    built.add_typer(rules_commands.app, name="rules")
    built.add_typer(parties_commands.app, name="parties")
    built.add_typer(review_commands.app, name="review")
    built.add_typer(audit_commands.app, name="audit")
    built.add_typer(lists_commands.app, name="lists")
    built.command("rescreen")(audit_commands.rescreen)
    return built


def __getattr__(name: str) -> Any:
    if name == "app":
        return build_app()
    raise AttributeError(f"module 'exportscreen.cli' has no attribute {name!r}")


def main() -> None:
    arguments = sys.argv[1:]
    if arguments[:1] == ["check"]:
        _new_app()()  # check only: the same command, options and exit codes
    else:
        build_app()()
