"""``exportscreen screen``: screen whole manifests (CSV or XLSX) for people and for CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from datetime import date as date_type
from pathlib import Path
from typing import IO, Annotated

import typer

from exportscreen.cli.common import (
    AuditDbOption,
    FailOn,
    FailOnOption,
    NoAuditOption,
    NoBuiltinPartyListsOption,
    NoBuiltinRulesOption,
    PartyListFormatOption,
    PartyListOption,
    ReviewsOption,
    RulesOption,
    ThresholdOption,
    fail,
    user_errors,
)
from exportscreen.cli.fetched import MaxListAgeOption
from exportscreen.cli.inputs import AllowDateOption, check_inputs

FORMAT_HELP = (
    "table, csv, jsonl, xlsx, sarif, junit, github, html, or auto (github under "
    "GitHub Actions, table on a terminal, jsonl otherwise)"
)


def screen(
    files: Annotated[list[Path], typer.Argument(help="Manifests to screen (.csv, .xlsx).")],
    date: Annotated[
        str | None,
        typer.Option(
            help="Shipment date for rows without a date column (default: today).",
            rich_help_panel="Input",
        ),
    ] = None,
    columns: Annotated[
        Path | None,
        typer.Option(
            help="YAML mapping of fields to your header names (field: [header, ...]).",
            rich_help_panel="Input",
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="CSV encoding (default: UTF-8, else GB18030).", rich_help_panel="Input"),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(help="XLSX sheet name (default: the first visible).", rich_help_panel="Input"),
    ] = None,
    allow_date: AllowDateOption = False,
    rules: RulesOption = None,
    no_builtin_rules: NoBuiltinRulesOption = False,
    party_list: PartyListOption = None,
    party_list_format: PartyListFormatOption = None,
    no_builtin_party_lists: NoBuiltinPartyListsOption = False,
    max_list_age: MaxListAgeOption = None,
    threshold: ThresholdOption = None,
    reviews: ReviewsOption = None,
    audit_db: AuditDbOption = None,
    no_audit: NoAuditOption = False,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=FORMAT_HELP, rich_help_panel="Output / CI")
    ] = "auto",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the report here instead of standard output.",
            rich_help_panel="Output / CI",
        ),
    ] = None,
    fail_on: FailOnOption = FailOn.review,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero",
            help="Always exit 0 when the run completes (report only).",
            rich_help_panel="Output / CI",
        ),
    ] = False,
    no_progress: Annotated[
        bool,
        typer.Option(
            "--no-progress",
            help="No progress bar on standard error.",
            rich_help_panel="Output / CI",
        ),
    ] = False,
    jobs: Annotated[
        str,
        typer.Option(
            "--jobs",
            "-j",
            help="Worker processes that classify rows: a number, or auto (one per usable CPU, "
            "at most 4). 1 screens in this process, as do runs of 1,000 rows or fewer.",
            rich_help_panel="Input",
        ),
    ] = "auto",
) -> None:
    """Screen every row of CSV or Excel manifests: goods, parties, or both.

    Exit code: 1 when any row's decision is at or above --fail-on; otherwise 2 when any row could
    not be read (bad HS code, date, country, ragged row); otherwise 0.
    """
    from exportscreen.cli.fetched import row_with_warnings, use_fetched_lists
    from exportscreen.cli.progress import progress_rows
    from exportscreen.declaration import check_plausible_date, parse_date
    from exportscreen.manifest.columns import load_column_aliases
    from exportscreen.manifest.screen import RunSummary, ScreenOptions, exit_code, screen_files
    from exportscreen.pipeline import load_engine, run_config
    from exportscreen.report import BINARY_FORMATS, FORMATS, reporter_for

    fmt = resolve_format(output_format, output)
    if fmt not in FORMATS:
        raise fail(f"--format: unknown format {output_format!r}; use {FORMAT_HELP}")
    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        raise fail(f"--format {fmt} writes a binary file: give --output PATH")
    check_inputs(files)
    summary = RunSummary()
    with user_errors(), report_write_errors(output), ExitStack() as stack:
        try:
            default_date = parse_date(date) if date else date_type.today()
            if not allow_date:
                check_plausible_date(default_date)
        except ValueError as exc:
            raise fail(f"--date: {exc}") from None
        config = run_config(
            threshold=threshold,
            reviews=reviews,
            default_date=default_date,
            fail_on=fail_on.value,
        )
        options = ScreenOptions(
            default_date,
            load_column_aliases(columns),
            encoding,
            sheet,
            jobs=parse_jobs(jobs),
            config=config,
            allow_date=allow_date,
        )
        fetched = use_fetched_lists(party_list, max_list_age)
        summary.warnings.extend(fetched.warnings)
        engine = load_engine(
            rules or [],
            builtin=not no_builtin_rules,
            party_lists=fetched.paths,
            party_list_format=party_list_format,
            builtin_party_lists=not no_builtin_party_lists,
        )
        engine = fetched.annotate(engine)
        out = stack.enter_context(_open_output(output, fmt in BINARY_FORMATS, fmt == "csv"))
        reporter = reporter_for(fmt, out)
        recorder = None
        if not no_audit:
            from exportscreen.audit.recording import record_row, start_recording

            store, recorder = start_recording("screen", engine, files, audit_db)
            stack.enter_context(store)
            stack.enter_context(recorder)  # a run that fails midway is marked failed
        reporter.start()
        rows = screen_files(files, engine, options, summary)
        show_progress = not no_progress and sys.stderr.isatty() and output_is_not_terminal(output)
        for info, screened in progress_rows(rows, enabled=show_progress):
            row = row_with_warnings(screened, fetched.warnings)
            reporter.row(info, row)
            if recorder is not None:
                record_row(recorder, row, info.columns.headers)
        reporter.finish(summary)
        if recorder is not None:
            recorder.finish(counts=dict(summary.counts))
    for info in summary.files:
        for note in info.notes:
            typer.echo(f"warning: {info.path}: {note}", err=True)
    if config.reviews is not None and len(config.reviews):
        unused = summary.unused_reviews(review.id for review in config.reviews)
        if unused:
            shown = ", ".join(unused[:10]) + (", ..." if len(unused) > 10 else "")
            typer.echo(
                f"note: {len(unused)} of {len(config.reviews)} reviews matched no hit in this "
                f"run ({config.reviews.source}): {shown}",
                err=True,
            )
    raise typer.Exit(exit_code(summary, fail_on.value, exit_zero=exit_zero))


@contextmanager
def report_write_errors(output: Path | None) -> Iterator[None]:
    """A report that cannot be written (a full disk, /dev/full) is one line and exit 2."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or output or "standard output"
        raise fail(f"cannot write the report to {where}: {exc.strerror or exc}") from None


def parse_jobs(text: str) -> int:
    from exportscreen.manifest.parallel import default_jobs

    if text.strip().lower() == "auto":
        return default_jobs()
    try:
        jobs = int(text)
    except ValueError:
        raise fail(
            f"--jobs: {text!r} is not a number; use a number of 1 or more, or auto"
        ) from None
    if jobs < 1:
        raise fail(f"--jobs: {jobs} is too few; use a number of 1 or more, or auto")
    return jobs


def resolve_format(requested: str, output: Path | None) -> str:
    if requested != "auto":
        return requested.lower()
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    if output is not None:
        return {
            ".csv": "csv",
            ".jsonl": "jsonl",
            ".xlsx": "xlsx",
            ".sarif": "sarif",
            ".xml": "junit",
            ".html": "html",
        }.get(output.suffix.lower(), "jsonl")
    return "table" if sys.stdout.isatty() else "jsonl"


def output_is_not_terminal(output: Path | None) -> bool:
    """A progress bar on stderr would interleave with a report printed to the same terminal."""
    return output is not None or not sys.stdout.isatty()


def _open_output(
    output: Path | None, binary: bool, bom_csv: bool
) -> AbstractContextManager[IO[str] | IO[bytes]]:
    if output is None:
        stream: IO[str] | IO[bytes] = sys.stdout.buffer if binary else sys.stdout
        return nullcontext(stream)  # standard output stays open
    try:
        if binary:
            return output.open("wb")
        return output.open("w", encoding="utf-8", newline="" if bom_csv else None)
    except OSError as exc:
        raise fail(f"--output: cannot write {output}: {exc.strerror}") from None
