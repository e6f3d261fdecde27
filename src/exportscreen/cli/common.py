"""Pieces every command shares: error handling, exit codes, shared options."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from exportscreen.errors import ExportscreenError, RulesError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class FailOn(enum.StrEnum):
    prohibited = "prohibited"
    licence_required = "licence_required"
    review = "review"
    never = "never"


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"


RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="Extra rules file or folder (repeatable). Also read from EXPORTSCREEN_RULES.",
        rich_help_panel="Lists",
    ),
]
NoBuiltinRulesOption = Annotated[
    bool,
    typer.Option(
        "--no-builtin-rules",
        help="Use only the rules given with --rules or EXPORTSCREEN_RULES.",
        rich_help_panel="Lists",
    ),
]
PartyListOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--party-list",
        help="Extra restricted-party list (repeatable): YAML, OFAC sdn.csv, US CSL, "
        "OpenSanctions targets.simple.csv or a CSV with a name column.",
        rich_help_panel="Lists",
    ),
]
PartyListFormatOption = Annotated[
    str | None,
    typer.Option(
        "--party-list-format",
        help="Format of --party-list files: yaml, ofac, csl, opensanctions, csv (default: detect).",
        rich_help_panel="Lists",
    ),
]
NoBuiltinPartyListsOption = Annotated[
    bool,
    typer.Option(
        "--no-builtin-party-lists",
        help="Do not screen against the built-in Chinese lists (UEL, Control List, Watch List).",
        rich_help_panel="Lists",
    ),
]
ThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        help="Party alert threshold, 0-100 (default 75). Hits up to 10 points below it give "
        "review.",
        rich_help_panel="Matching",
    ),
]
ReviewsOption = Annotated[
    Path | None,
    typer.Option(
        "--reviews",
        help="Reviewed party hits (YAML); default: exportscreen-reviews.yaml here, if present.",
        rich_help_panel="Lists",
    ),
]
AuditDbOption = Annotated[
    Path | None,
    typer.Option(
        "--audit-db",
        envvar="EXPORTSCREEN_AUDIT_DB",
        help="Audit store (SQLite); default: your data directory.",
        rich_help_panel="Audit",
    ),
]
NoAuditOption = Annotated[
    bool,
    typer.Option(
        "--no-audit", help="Do not record this run in the audit store.", rich_help_panel="Audit"
    ),
]
FailOnOption = Annotated[
    FailOn,
    typer.Option(
        "--fail-on",
        help="Exit 1 when the decision is at or above this level.",
        case_sensitive=False,
        rich_help_panel="Output / CI",
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f", help="Output format.", case_sensitive=False, rich_help_panel="Output / CI"
    ),
]


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's user errors into a clear message on stderr and exit code 2."""
    try:
        yield
    except RulesError as exc:
        for problem in exc.problems:
            typer.echo(f"error: {problem}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    except ExportscreenError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_ERROR) from None


def fail(message: str) -> typer.Exit:
    """Report a usage error and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
