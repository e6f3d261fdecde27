"""``exportscreen lists``: show, update, import and prune the fetched public party lists."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from exportscreen.cli.common import EXIT_ERROR, EXIT_OK, fail, user_errors

if TYPE_CHECKING:
    from exportscreen.feeds.download import Progress
    from exportscreen.feeds.update import Outcome

app = typer.Typer(
    help="Keep the public party lists current: show, update, import, prune.",
    invoke_without_command=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.callback()
def show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show each list: version in use, when fetched, age, entries, source."""
    if ctx.invoked_subcommand is not None:
        return
    from exportscreen.feeds.sources import effective_sources, load_registry
    from exportscreen.feeds.store import ListStore
    from exportscreen.feeds.use import age_limits, describe_age, list_statuses

    with user_errors():
        registry = load_registry()
        sources = effective_sources(registry)
        limits = age_limits(registry.lists, registry.sanctions_max_age_days)
        statuses = list_statuses(ListStore(), sources, limits)
    if as_json:
        typer.echo(json.dumps([s.to_dict() for s in statuses], indent=2, ensure_ascii=False))
        return
    rows = [("LIST", "VERSION", "FETCHED", "AGE", "ENTRIES", "PUBLISHED", "SOURCE")]
    for status in statuses:
        meta = status.version.meta if status.version else None
        if meta is None or status.age is None:
            rows.append((status.name, "-", "not fetched", "-", "-", "-", status.url))
            continue
        age = describe_age(status.age) + (" (stale)" if status.stale else "")
        rows.append(
            (
                status.name,
                meta.version,
                meta.fetched.replace("+00:00", "Z"),
                age,
                str(meta.entries),
                meta.published or "-",
                meta.source,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        typer.echo("  ".join([*cells, row[-1]]).rstrip())


@app.command("update")
def update(
    names: Annotated[
        list[str] | None, typer.Argument(help="Lists to update (default: all known lists).")
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            help="NAME=URL: fetch this list from URL (a mirror; repeatable). Also "
            "EXPORTSCREEN_SOURCE_<NAME>.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Accept a copy with fewer than half the entries."),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait to connect and between reads.")
    ] = 60.0,
    retries: Annotated[
        int, typer.Option("--retries", help="Further attempts after a network error.")
    ] = 2,
    no_progress: Annotated[
        bool, typer.Option("--no-progress", help="No progress bar on standard error.")
    ] = False,
) -> None:
    """Download lists; a copy becomes current only once it parsed in full.

    Exit code: 2 when any list failed (the previous version stays in use), otherwise 0.
    """
    from exportscreen.feeds.download import make_client
    from exportscreen.feeds.sources import effective_sources, load_registry, parse_overrides
    from exportscreen.feeds.store import ListStore
    from exportscreen.feeds.update import update_list

    if timeout <= 0:
        raise fail(f"--timeout: {timeout:g} must be more than 0")
    if retries < 0:
        raise fail(f"--retries: {retries} must be 0 or more")
    with user_errors():
        sources = effective_sources(load_registry(), parse_overrides(source or []))
        wanted = names or list(sources)
        unknown = [n for n in wanted if n not in sources]
        if unknown:
            raise fail(f"unknown list {', '.join(unknown)}; known: {', '.join(sources)}")
        store = ListStore()
        outcomes = []
        with make_client(timeout) as client:
            for name in wanted:
                with _progress_bar(name, enabled=not no_progress) as progress:
                    outcomes.append(
                        update_list(
                            store, sources[name], client, force=force,
                            attempts=retries + 1, progress=progress,
                        )
                    )  # fmt: skip
    raise typer.Exit(_report(outcomes))


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="A list file obtained elsewhere.")],
    name: Annotated[str, typer.Option("--as", help="The list it is a version of (ofac, un...).")],
    list_format: Annotated[
        str | None,
        typer.Option("--format", help="The file's format (default: the list's, or detected)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Accept a copy with fewer than half the entries.")
    ] = False,
) -> None:
    """Register a file obtained elsewhere (offline, air-gapped) with the same checks.

    For OFAC give sdn.csv (or cons_prim.csv); alt.csv and add.csv beside it come along.
    """
    from exportscreen.feeds.sources import effective_sources, load_registry
    from exportscreen.feeds.store import ListStore
    from exportscreen.feeds.update import import_list
    from exportscreen.feeds.use import valid_name

    with user_errors():
        if not valid_name(name):
            raise fail(f"--as: {name!r} is not a list name (a-z, 0-9, '.', '_', '-')")
        source = effective_sources(load_registry()).get(name)
        outcome = import_list(
            ListStore(),
            name,
            file,
            fmt=list_format or (source.format if source else None),
            title=source.title if source else None,
            force=force,
            file_names=[f.name for f in source.files] if source else (),
        )
    raise typer.Exit(_report([outcome]))


@app.command("prune")
def prune(
    names: Annotated[
        list[str] | None, typer.Argument(help="Lists to prune (default: all stored lists).")
    ] = None,
    keep: Annotated[
        int, typer.Option("--keep", help="Versions to keep per list, the current one included.")
    ] = 3,
) -> None:
    """Delete old versions of fetched lists, keeping the newest --keep and the current one."""
    from exportscreen.feeds.store import ListStore

    if keep < 1:
        raise fail(f"--keep: {keep} must be 1 or more")
    store = ListStore()
    with user_errors():
        for name in names or store.names():
            removed = store.prune(name, keep)
            typer.echo(f"{name}: removed {len(removed)} old version(s)")
            for version in removed:
                typer.echo(f"  {version.meta.version}")


def _report(outcomes: list[Outcome]) -> int:
    from exportscreen.feeds.update import FAILED, NEW

    code = EXIT_OK
    for outcome in outcomes:
        version = outcome.version.meta if outcome.version else None
        if outcome.status == NEW and version is not None:
            typer.echo(
                f"{outcome.name}: new version {version.version}, {version.entries} entries"
                + (f", published {version.published}" if version.published else "")
            )
        elif outcome.status == FAILED:
            code = EXIT_ERROR
            kept = f"; still using {version.version}" if version else "; no version in use"
            typer.echo(f"error: {outcome.name}: {outcome.reason}{kept}", err=True)
        else:
            typer.echo(
                f"{outcome.name}: unchanged ({outcome.reason})"
                + (f", version {version.version}" if version else "")
            )
    return code


@contextmanager
def _progress_bar(name: str, *, enabled: bool) -> Iterator[Progress | None]:
    """A download bar on stderr for a terminal, shown once a file passes 1 MB."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    columns = (TextColumn(f"{name}"), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(name, total=None, visible=False)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total, visible=done > 1 << 20)

        yield update
