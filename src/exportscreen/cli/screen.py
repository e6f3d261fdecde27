"""``exportscreen screen``: screen whole manifests (CSV or XLSX) for people and for CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from datetime import date as date_type
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from collections.abc import Iterator

    from exportscreen.manifest.screen import ManifestInfo, RunSummary, ScreenOptions
    from exportscreen.model import RowResult
    from exportscreen.pipeline import Engine

FORMAT_HELP = (
    "table, csv, jsonl, xlsx, sarif, junit, github, html, compact (one line per row at or above "
    "--fail-on, for hooks), or auto (with --output: from its extension; else github under "
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
            help="YAML mapping of fields to your header names (field: \\[header, ...]).",
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
    from exportscreen.cli.progress import estimate_rows, progress_rows, summary_line
    from exportscreen.declaration import check_plausible_date, parse_date
    from exportscreen.manifest.columns import load_column_aliases
    from exportscreen.manifest.screen import RunSummary, ScreenOptions, exit_code
    from exportscreen.pipeline import load_engine, run_config
    from exportscreen.report import BINARY_FORMATS, FORMATS, reporter_for

    fmt = resolve_format(output_format, output)
    refuse_output_over_input(
        output,
        [
            *files,
            *(p for p in (columns, reviews) if p is not None),
            *(rules or []),
            *(party_list or []),
            *([] if no_audit else [_audit_path(audit_db)]),
        ],
    )
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
        reporter = reporter_for(fmt, out, fail_on=fail_on.value)
        recorder = None
        if not no_audit:
            from exportscreen.audit.recording import record_row, start_recording

            store, recorder = start_recording("screen", engine, files, audit_db)
            stack.enter_context(store)
            stack.enter_context(recorder)  # a run that fails midway is marked failed
        reporter.start()
        rows = screen_each_file(files, engine, options, summary)
        show_progress = progress_wanted(no_progress, output)
        total = estimate_rows(files, sheet) if show_progress else None
        for info, screened in progress_rows(rows, enabled=show_progress, total=total):
            row = row_with_warnings(screened, fetched.warnings)
            reporter.row(info, row)
            if recorder is not None:
                record_row(recorder, row, info.columns.headers)
        reporter.finish(summary)
        if recorder is not None:
            from exportscreen.audit.recording import head_line

            head = recorder.finish(counts=dict(summary.counts))
            typer.echo(head_line(recorder.run_id, head), err=True)
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
    code = exit_code(summary, fail_on.value, exit_zero=exit_zero)
    if show_progress:  # the bar is gone; this line stays (issue 12 E10)
        line = summary_line(
            summary.rows, summary.elapsed, summary.counts, code, fail_on.value, exit_zero
        )
        typer.echo(line, err=True)
    raise typer.Exit(code)


def screen_each_file(
    files: list[Path], engine: Engine, options: ScreenOptions, summary: RunSummary
) -> Iterator[tuple[ManifestInfo, RowResult]]:
    """The rows of every file. In a run of several files, one that cannot be read (or stops
    being readable midway) does not end the run: the files after it are screened and reported,
    and the file's error is reported as an error row at its line 1, after all other rows
    (issue 12 D5). A single unreadable file is an error of the run (exit 2, one line)."""
    from exportscreen.errors import ManifestError
    from exportscreen.manifest.columns import map_columns
    from exportscreen.manifest.screen import ManifestInfo, screen_files
    from exportscreen.model import RowError, RowResult

    if len(files) < 2:
        yield from screen_files(files, engine, options, summary)
        return
    failed: list[tuple[str, str]] = []
    remaining = list(files)
    while remaining:
        try:
            # One call for all the files left, so that workers start once for the run.
            yield from screen_files(remaining, engine, options, summary)
            break
        except (ManifestError, OSError) as exc:
            if isinstance(exc, ManifestError):
                culprit, message = exc.problem.file, str(exc)
            else:
                culprit = str(exc.filename)
                message = f"{culprit}: cannot read: {exc.strerror or exc}"
            at = next((i for i, path in enumerate(remaining) if str(path) == culprit), None)
            if at is None:
                raise  # not one of the files: not a file error
        failed.append((culprit, message))
        remaining = remaining[at + 1 :]
    for path, message in failed:
        info = ManifestInfo(path, None, None, map_columns([], options.column_aliases))
        row = RowResult(path, 0, 1, (), None, (RowError("file", message),))
        summary.add(row)
        yield info, row


@contextmanager
def report_write_errors(output: Path | None) -> Iterator[None]:
    """A report that cannot be written (a full disk, /dev/full) is one line and exit 2."""
    try:
        yield
    except OSError as exc:
        where = exc.filename or output or "standard output"
        raise fail(f"cannot write the report to {where}: {exc.strerror or exc}") from None


def parse_jobs(text: str) -> int:
    from exportscreen.manifest.parallel import default_jobs, usable_cpus

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
    usable = usable_cpus()
    if jobs > usable:
        # More workers than CPUs only adds memory and contention (issue 12 E4).
        typer.echo(
            f"warning: --jobs {jobs}: only {usable} usable CPUs here; using {usable}", err=True
        )
        return usable
    return jobs


# The format each --output extension means; with -o the extension decides (issue 12 B4).
OUTPUT_EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xlsx": "xlsx",
    ".sarif": "sarif",
    ".xml": "junit",
    ".html": "html",
    ".htm": "html",
}


def resolve_format(requested: str, output: Path | None) -> str:
    """The report format. With ``--output`` a known extension decides (a contradicting
    ``--format`` is an error, and GITHUB_ACTIONS does not turn a .sarif into annotations); an
    unknown extension needs ``--format``. Without it: github under GitHub Actions, table on a
    terminal, jsonl otherwise."""
    requested = requested.lower()
    if output is not None and not _is_device(output):
        implied = OUTPUT_EXTENSIONS.get(output.suffix.lower())
        if implied is None:
            if requested == "auto":
                known = ", ".join(sorted(OUTPUT_EXTENSIONS))
                raise fail(
                    f"--output: cannot tell the format from {output.name!r} (known: {known}); "
                    "give --format"
                )
            return requested
        if requested not in ("auto", implied):
            raise fail(
                f"--format {requested} contradicts --output {output.name}, which means {implied}"
            )
        return implied
    if requested != "auto":
        return requested
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "table" if sys.stdout.isatty() else "jsonl"


def _is_device(path: Path) -> bool:
    """/dev/null, /dev/stdout and the like: no extension to go by."""
    return str(path).startswith("/dev/") or str(path) == os.devnull


def refuse_output_over_input(output: Path | None, inputs: list[Path]) -> None:
    """``-o`` naming one of the run's own input files would truncate it before it is read
    (issue 12 C3): exit 2 instead."""
    if output is None or _is_device(output):
        return
    for path in inputs:
        if _same_file(output, path):
            raise fail(f"--output {output} is one of the inputs ({path}); write elsewhere")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist (yet): compare where they would be
        return a.resolve() == b.resolve()


def _audit_path(audit_db: Path | None) -> Path:
    from exportscreen.audit.store import default_db_path

    return audit_db or default_db_path()


def progress_wanted(no_progress: bool, output: Path | None) -> bool:
    """A progress display on stderr: on a terminal, unless the report goes to that terminal."""
    return not no_progress and sys.stderr.isatty() and output_is_not_terminal(output)


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
