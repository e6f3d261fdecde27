"""``exportscreen audit`` and ``exportscreen rescreen``: what was decided, and what would be now."""

from __future__ import annotations

import csv
import json
import sys
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
    if not runs:
        typer.echo("no runs recorded")
    for run in runs:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(run.counts.items()))
        inputs = ", ".join(i["name"] for i in run.inputs) or "command line"
        typer.echo(
            f"{run.run_id[:12]}  {run.started_at}  {run.status:<8} {run.command:<7} "
            f"{run.user}@{run.host}  {inputs}  rows {run.rows}  [{counts}]"
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
        declarations = list(store.declarations(run.run_id))
    if output_format is OutputFormat.json:
        from dataclasses import asdict

        typer.echo(
            json.dumps(
                {"run": asdict(run), "declarations": [asdict(d) for d in declarations]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    typer.echo(f"run {run.run_id} ({run.status}, chain #{run.seq})")
    typer.echo(f"  {run.command} by {run.user}@{run.host}, {run.started_at} → {run.finished_at}")
    typer.echo(f"  exportscreen {run.tool_version}: {' '.join(run.argv)}")
    typer.echo(f"  rules fingerprint {run.rules_fingerprint}")
    for listed in run.lists:
        reviewed = f", reviewed {listed['reviewed']}" if listed.get("reviewed") else ""
        fetched = (
            f", fetched list {listed['list_name']} version {listed['list_version']}"
            if listed.get("list_version")
            else ""
        )
        typer.echo(
            f"    {listed['kind']} {listed['id']}{reviewed}, sha256 {listed['sha256'][:16]}"
            + fetched
        )
    for item in run.inputs:
        typer.echo(f"  input {item['name']} sha256 {item['sha256']}")
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
        typer.echo(f"  #{stored.row} {where}: {stored.decision} — {reasons}")
        for note in suppressed:
            typer.echo(f"      cleared by review: {note}")


@app.command("export")
def export(
    audit_db: AuditDbOption = None,
    since: SinceOption = None,
    export_format: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Every recorded declaration with its run's facts, as CSV or JSON Lines."""
    from exportscreen.audit.store import EXPORT_COLUMNS, csv_row

    if export_format not in ("csv", "jsonl"):
        raise fail("--format: use csv or jsonl")
    with user_errors(), _store(audit_db) as store:
        handle: IO[str] = (
            output.open(
                "w", encoding="utf-8-sig" if export_format == "csv" else "utf-8", newline=""
            )
            if output
            else sys.stdout
        )
        try:
            records = store.export(since=_since(since))
            if export_format == "csv":
                writer = csv.DictWriter(handle, fieldnames=list(EXPORT_COLUMNS))
                writer.writeheader()
                writer.writerows(csv_row(r) for r in records)
            else:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        finally:
            if output:
                handle.close()


@app.command("verify")
def verify(audit_db: AuditDbOption = None) -> None:
    """Check the hash chain: exit 1 naming every edited or deleted record."""
    with user_errors(), _store(audit_db) as store:
        problems = store.verify()
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
        changes = list(run_rescreen(store, engine, since=_since(since), as_of=day, config=config))
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
        if not changes:
            typer.echo("no decision changed")
        for change in changes:
            arrow = "▲" if change.more_severe else "▼"
            where = f"{change.source}:{change.line}" if change.line else change.source
            typer.echo(
                f"{arrow} {change.run_id[:12]} {where} row {change.row}: {change.old} → "
                f"{change.new.decision.value}"
            )
            for reason in change.new.reasons[:3]:
                typer.echo(f"    {reason}")
            for note in list_changes[change.run_id]:
                typer.echo(f"    list {note}")
    raise typer.Exit(EXIT_FINDINGS if any(c.more_severe for c in changes) else EXIT_OK)


def _run_lists(store: AuditStore, run_id: str) -> list[dict[str, str]]:
    run = store.run(run_id)
    return run.lists if run is not None else []


__all__ = ["EXIT_ERROR", "app", "rescreen"]
