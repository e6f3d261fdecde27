"""``--party-list NAME`` for fetched lists, and ``--max-list-age``, shared by check and screen.

One call, `use_fetched_lists`, turns the ``--party-list`` values into files (a name such as
``ofac`` becomes the current fetched version), applies ``--max-list-age`` (exit 2 when a list is
older) and prints each staleness warning once on standard error. The warnings also go into
every result's warnings (`result_with_warnings`, `row_with_warnings`), so that every output
format carries them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from exportscreen.feeds.store import Version
    from exportscreen.model import Result, RowResult
    from exportscreen.pipeline import Engine

STALE_LIST = "stale-list"  # the warning code of a fetched list older than its limit

MaxListAgeOption = Annotated[
    str | None,
    typer.Option(
        "--max-list-age",
        help="Exit 2 when a fetched list (--party-list ofac) is older than this: 1d, 12h, 30m.",
        rich_help_panel="Lists",
    ),
]


@dataclass(frozen=True)
class FetchedLists:
    paths: list[Path]
    versions: list[Version] = field(default_factory=list)
    warnings: tuple[str, ...] = ()

    def annotate(self, engine: Engine) -> Engine:
        """`engine` whose list sources name the fetched versions (for the audit record)."""
        if not self.versions:
            return engine
        from exportscreen.feeds.use import annotated_sources

        sources = tuple(annotated_sources(engine.sources, self.versions))
        return dataclasses.replace(engine, sources=sources)


def use_fetched_lists(party_list: list[Path] | None, max_list_age: str | None) -> FetchedLists:
    """Resolve list names among `party_list`; raise ListTooOldError past `max_list_age`."""
    values = list(party_list or [])
    if max_list_age is not None:
        from exportscreen.feeds.use import parse_age

        max_age = parse_age(max_list_age)  # a bad value is an error even without named lists
    else:
        max_age = None
    if all(value.exists() for value in values):
        return FetchedLists(values)  # files only: nothing fetched to look at
    from exportscreen.feeds.sources import load_registry
    from exportscreen.feeds.use import age_limits, resolve_party_lists, stale_warnings

    registry = load_registry()
    resolved = resolve_party_lists(values, known=[s.name for s in registry.lists])
    limits = age_limits(registry.lists, registry.sanctions_max_age_days)
    warnings = stale_warnings(resolved.versions, limits, max_age=max_age)
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    return FetchedLists(resolved.paths, resolved.versions, tuple(warnings))


def result_with_warnings(result: Result, warnings: tuple[str, ...]) -> Result:
    """`result` with the run's warnings after its own, as ``warning/stale-list`` findings."""
    if not warnings:
        return result
    from exportscreen.model import WARNING, Finding

    added = tuple(Finding(f"warning/{STALE_LIST}", WARNING, WARNING, text) for text in warnings)
    return dataclasses.replace(result, findings=(*result.findings, *added))


def row_with_warnings(row: RowResult, warnings: tuple[str, ...]) -> RowResult:
    """`row` with the run's warnings added to its result (an unreadable row has none)."""
    if not warnings or row.result is None:
        return row
    return dataclasses.replace(row, result=result_with_warnings(row.result, warnings))
