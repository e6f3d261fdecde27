"""The command-line front end: each command parses options, calls the core, formats, exits."""

from __future__ import annotations

import typer

from exportscreen import __version__
from exportscreen.cli import audit as audit_commands
from exportscreen.cli import check as check_command
from exportscreen.cli import lists as lists_commands
from exportscreen.cli import parties as parties_commands
from exportscreen.cli import review as review_commands
from exportscreen.cli import rules as rules_commands
from exportscreen.cli import screen as screen_command

app = typer.Typer(
    name="exportscreen",
    help="Screen export declarations against China's export controls on strategic minerals.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"exportscreen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """exportscreen: export-control screening for compliance officers, brokers and CI."""


app.command("check")(check_command.check)
app.command("screen")(screen_command.screen)
app.add_typer(rules_commands.app, name="rules")
app.add_typer(parties_commands.app, name="parties")
app.add_typer(review_commands.app, name="review")
app.add_typer(audit_commands.app, name="audit")
app.add_typer(lists_commands.app, name="lists")
app.command("rescreen")(audit_commands.rescreen)


def main() -> None:
    app()
