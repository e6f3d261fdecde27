"""``exportscreen audit`` and ``exportscreen rescreen``: what was decided, and what would be now."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from datetime import date as date_type
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from exportscreen.audit.store import AuditStore

from exportscreen.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    AuditDbOption,
    FormatOption,
    NoBuiltinPartyListsOption,
    NoBuiltinRulesOption,
    OutputFormat,
    PartyListFormatOption,
    PartyListOption,
    ReviewsOption,
    RulesOption,
    ThresholdOption,
    fail,
    user_errors,
)

if TYPE_CHECKING:
    from exportscreen.audit.store import RunInfo, StoredDeclaration

app = typer.Typer(
    help="Inspect, export and verify the audit trail of past runs.", no_args_is_help=True
)
SinceOption = Annotated[str | None, typer.Option(help="Only runs started on or after this date.")]


def _since(text: str | None) -> date_type | None:
    from exportscreen.declaration import parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise fail(f"--since: {exc}") from None


def _store(db: Path | None):  # type: ignore[no-untyped-def]
    from exportscreen.audit.store import AuditStore, default_db_path

    path = db or default_db_path()
    if not path.exists():
        raise fail(
            f"no audit store at {path}; runs are recorded by check and screen (or give --audit-db)"
        )
    return AuditStore(path)


@app.command("list")
def list_runs(audit_db: AuditDbOption = None, since: SinceOption = None) -> None:
    """Recorded runs, newest first: when, who, what, with which lists, and the outcome."""
    with user_errors(), _store(audit_db) as store:
        runs = store.runs(since=_since(since))
    from exportscreen.report.safe import printable

    if not runs:
        typer.echo("no runs recorded")
    for run in runs:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(run.counts.items()))
        inputs = ", ".join(i["name"] for i in run.inputs) or "command line"
        typer.echo(
            printable(
                f"{run.run_id[:12]}  {run.started_at}  {run.status:<8} {run.command:<7} "
                f"{run.user}@{run.host}  {inputs}  rows {run.rows}  [{counts}]",
                newlines=False,
            )
        )


@app.command("show")
def show(
    run_id: Annotated[str, typer.Argument(help="A run id or a unique prefix of it.")],
    audit_db: AuditDbOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """One run in full: who ran it, the lists and their review dates, every declaration."""
    with user_errors(), _store(audit_db) as store:
        run = store.run(run_id)
        if run is None:
            raise fail(f"no run {run_id!r}; see 'exportscreen audit list'")
        # Streamed, one declaration at a time: a run of 500,000 rows must not be held in memory.
        declarations = store.declarations(run.run_id)
        if output_format is OutputFormat.json:
            _show_json(run, declarations, sys.stdout)
        else:
            _show_table(run, declarations, sys.stdout)


def _show_json(run: RunInfo, declarations: Iterable[StoredDeclaration], out: IO[str]) -> None:
    """``{"run": ..., "declarations": [...]}``, indented, written as the rows are read."""
    from dataclasses import asdict

    def indented(value: object, by: str) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + by)

    out.write('{\n  "run": ' + indented(asdict(run), "  ") + ',\n  "declarations": [')
    separator = "\n    "
    for stored in declarations:
        out.write(separator + indented(asdict(stored), "    "))
        separator = ",\n    "
    out.write("\n  ]\n}\n" if separator != "\n    " else "]\n}\n")
    out.flush()


def _show_table(run: RunInfo, declarations: Iterable[StoredDeclaration], out: IO[str]) -> None:
    from exportscreen.report.safe import printable

    def line(text: str) -> None:
        out.write(printable(text) + "\n")

    line(f"run {run.run_id} ({run.status}, chain #{run.seq})")
    line(f"  {run.command} by {run.user}@{run.host}, {run.started_at} → {run.finished_at}")
    line(f"  exportscreen {run.tool_version}: {' '.join(run.argv)}")
    line(f"  rules fingerprint {run.rules_fingerprint}")
    for listed in run.lists:
        reviewed = f", reviewed {listed['reviewed']}" if listed.get("reviewed") else ""
        fetched = (
            f", fetched list {listed['list_name']} version {listed['list_version']}"
            if listed.get("list_version")
            else ""
        )
        line(
            f"    {listed['kind']} {listed['id']}{reviewed}, sha256 {listed['sha256'][:16]}"
            + fetched
        )
    for item in run.inputs:
        line(f"  input {item['name']} sha256 {item['sha256']}")
    for stored in declarations:
        where = f"{stored.source}:{stored.line}" if stored.line else stored.source
        findings = stored.findings
        # The unreadable fields first: an error row's reasons cover only what could be read.
        reasons = "; ".join(
            [f"{e['field']}: {e['message']}" for e in findings.get("errors", [])]
            + list(findings.get("reasons", []))
        )
        suppressed = [
            f"{p['name']} ({p['suppressed']})"
            for p in findings.get("parties", [])
            if p.get("suppressed")
        ]
        line(f"  #{stored.row} {where}: {stored.decision} — {reasons}")
        for note in suppressed:
            line(f"      cleared by review: {note}")
    out.flush()


@app.command("export")
def export(
    audit_db: AuditDbOption = None,
    since: SinceOption = None,
    export_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="csv or jsonl (default: from the --output file's extension, else jsonl).",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Every recorded declaration with its run's facts, as CSV or JSON Lines.

    CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
    prefixed with ' (see README, Security)."""
    from exportscreen.audit.store import EXPORT_COLUMNS, csv_row
    from exportscreen.report.safe import spreadsheet_cell

    fmt = _export_format(export_format, output)
    with user_errors(), _store(audit_db) as store:
        try:
            handle: IO[str] = (
                output.open("w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")
                if output
                else sys.stdout
            )
        except OSError as exc:
            raise fail(f"--output: cannot write {output}: {exc.strerror or exc}") from None
        try:
            records = store.export(since=_since(since))
            if fmt == "csv":
                writer = csv.DictWriter(handle, fieldnames=list(EXPORT_COLUMNS))
                writer.writeheader()
                writer.writerows(
                    {k: spreadsheet_cell(v) for k, v in csv_row(r).items()} for r in records
                )
            else:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        finally:
            if output:
                handle.close()


EXPORT_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl"}


def _export_format(requested: str | None, output: Path | None) -> str:
    """--format when given; else the output file's extension; else jsonl. A --format that
    contradicts a known extension, or an unknown extension without --format, is an error."""
    if requested is not None and requested not in ("csv", "jsonl"):
        raise fail("--format: use csv or jsonl")
    if output is None:
        return requested or "jsonl"
    implied = EXPORT_EXTENSIONS.get(output.suffix.lower())
    if implied is None:
        if requested is None:
            raise fail(
                f"--output: cannot tell the format from {output.name!r}; name it .csv or "
                ".jsonl, or give --format csv or jsonl"
            )
        return requested
    if requested is not None and requested != implied:
        raise fail(f"--format {requested} contradicts --output {output.name} ({implied})")
    return implied


@app.command("verify")
def verify(
    audit_db: AuditDbOption = None,
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head",
            metavar="HASH",
            help="A chain head kept elsewhere (printed after every run): the chain must reach "
            "it. At least 12 hex digits.",
        ),
    ] = None,
) -> None:
    """Check the hash chain: exit 1 naming every edited or deleted record."""
    with user_errors(), _store(audit_db) as store:
        try:
            problems = store.verify(expect_head=expect_head)
        except ValueError as exc:
            raise fail(f"--expect-head: {exc}") from None
        head = store.chain_head()
    for problem in problems:
        typer.echo(f"tampered: {problem}", err=True)
    if problems:
        raise typer.Exit(EXIT_FINDINGS)
    where = f"chain head #{head[0]} {head[1]}" if head else "no completed runs"
    typer.echo(f"ok: audit trail intact ({where})")
    raise typer.Exit(EXIT_OK)


def rescreen(
    audit_db: AuditDbOption = None,
    since: SinceOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--date", help="Screen as of this date (default: today; a later shipment date is kept)."
        ),
    ] = None,
    original_dates: Annotated[
        bool,
        typer.Option(
            "--original-dates", help="Screen each declaration as of its own shipment date."
        ),
    ] = False,
    rules: RulesOption = None,
    no_builtin_rules: NoBuiltinRulesOption = False,
    party_list: PartyListOption = None,
    party_list_format: PartyListFormatOption = None,
    no_builtin_party_lists: NoBuiltinPartyListsOption = False,
    threshold: ThresholdOption = None,
    reviews: ReviewsOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Screen past declarations again with the lists loaded now; exit 1 if any got more severe."""
    from exportscreen.audit.rescreen import Unreadable
    from exportscreen.audit.rescreen import rescreen as run_rescreen
    from exportscreen.cli.fetched import use_fetched_lists
    from exportscreen.feeds.use import version_changes
    from exportscreen.pipeline import load_engine, run_config

    with user_errors(), _store(audit_db) as store:
        day = None if original_dates else (_since(as_of) or date_type.today())
        fetched = use_fetched_lists(party_list, None)
        engine = load_engine(
            rules or [],
            builtin=not no_builtin_rules,
            party_lists=fetched.paths,
            party_list_format=party_list_format,
            builtin_party_lists=not no_builtin_party_lists,
        )
        config = run_config(threshold=threshold, reviews=reviews)
        unreadable: list[Unreadable] = []
        changes = list(
            run_rescreen(
                store,
                engine,
                since=_since(since),
                as_of=day,
                config=config,
                unreadable=unreadable,
            )
        )
        run_lists = {c.run_id: _run_lists(store, c.run_id) for c in changes}
    list_changes = {
        run_id: version_changes(recorded, fetched.versions)
        for run_id, recorded in run_lists.items()
    }
    if output_format is OutputFormat.json:
        typer.echo(
            json.dumps(
                [
                    {
                        "run_id": c.run_id,
                        "source": c.source,
                        "row": c.row,
                        "line": c.line,
                        "old": c.old,
                        "new": c.new.decision.value,
                        "more_severe": c.more_severe,
                        "reasons": list(c.new.reasons),
                        "list_versions": list_changes[c.run_id],
                    }
                    for c in changes
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        from exportscreen.report.safe import printable

        if not changes:
            typer.echo("no decision changed")
        for change in changes:
            arrow = "▲" if change.more_severe else "▼"
            where = f"{change.source}:{change.line}" if change.line else change.source
            typer.echo(
                printable(
                    f"{arrow} {change.run_id[:12]} {where} row {change.row}: {change.old} → "
                    f"{change.new.decision.value}"
                )
            )
            for reason in change.new.reasons[:3]:
                typer.echo(printable(f"    {reason}"))
            for note in list_changes[change.run_id]:
                typer.echo(printable(f"    list {note}"))
    if unreadable:
        # issue 12 D6: a declaration that was not screened again is said, counted and exit 2.
        for skipped in unreadable[:20]:
            where = f"{skipped.source}:{skipped.line}" if skipped.line else skipped.source
            typer.echo(
                printable(
                    f"unreadable: {skipped.run_id[:12]} {where} row {skipped.row}: "
                    f"{skipped.message}"
                ),
                err=True,
            )
        more = f" ({len(unreadable) - 20} more not shown)" if len(unreadable) > 20 else ""
        typer.echo(
            f"{len(unreadable)} stored declarations could not be read and were not screened "
            f"again{more}",
            err=True,
        )
    if any(c.more_severe for c in changes):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_ERROR if unreadable else EXIT_OK)


def _run_lists(store: AuditStore, run_id: str) -> list[dict[str, str]]:
    run = store.run(run_id)
    return run.lists if run is not None else []


__all__ = ["EXIT_ERROR", "app", "rescreen"]
