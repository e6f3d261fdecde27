"""Screen every row of one or more manifests, streaming.

Rows are read, parsed, classified and handed on one at a time, so memory stays flat however long
the file is. A row that cannot be parsed becomes an error row naming its line and field, and the
rest of the file is still screened. Party lookups are memoised per run, so each distinct
consignee is matched once.

With ``ScreenOptions.jobs`` > 1 a long input is parsed and classified in forked worker processes
(:mod:`exportscreen.manifest.parallel`) while this process reads the rows and hands the results
on, still one at a time and in input order: the results are the same as a sequential run's.
"""

from __future__ import annotations

import gc
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

from exportscreen.decide import exit_code as decide_exit_code
from exportscreen.declaration import parse_declaration
from exportscreen.errors import DeclarationError, ManifestError
from exportscreen.manifest.columns import QUANTITY_UNIT, ColumnMap, map_columns
from exportscreen.manifest.parallel import fork_available, ordered_map
from exportscreen.manifest.readers import SourceRow, open_table
from exportscreen.model import Decision, Result, RowError, RowResult
from exportscreen.pipeline import Engine, RunConfig

_QUANTITY_UNIT = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class ManifestInfo:
    """What was read: the file, how it decoded, and which column feeds which field."""

    path: str
    encoding: str | None
    sheet: str | None
    columns: ColumnMap
    notes: tuple[str, ...] = ()  # what the reader did not screen, e.g. hidden XLSX sheets

    @property
    def mode(self) -> str:
        goods, parties = self.columns.has_goods, self.columns.has_parties
        return "goods and parties" if goods and parties else ("goods" if goods else "parties")


@dataclass
class RunSummary:
    """Counts over a whole run, filled in as rows stream past."""

    files: list[ManifestInfo] = field(default_factory=list)
    rows: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)
    elapsed: float = 0.0
    reviews_used: set[str] = field(default_factory=set)
    # Rows with an unreadable field, whatever their status: a row screened on its readable
    # fields as licence_required still makes the run exit 2 under --fail-on never.
    unreadable: int = 0
    # Warnings about the data (not about one row), with the number of rows each concerns: human
    # reports show them once, in the run's summary.
    data_warnings: dict[str, int] = field(default_factory=dict)
    # Said once for the whole run (an out-of-date party list), not about any one row.
    warnings: list[str] = field(default_factory=list)

    def add(self, row: RowResult) -> None:
        self.rows += 1
        self.counts[row.status] += 1
        if row.errors:
            self.unreadable += 1
        if row.result is not None:
            for finding in row.result.run_warnings:
                self.data_warnings[finding.text] = self.data_warnings.get(finding.text, 0) + 1
        if row.result is not None and row.result.reviews_used:
            self.reviews_used.update(row.result.reviews_used)

    def notices(self) -> list[str]:
        """What human reports say once for the whole run: the run-level warnings (an out-of-date
        list), then each warning about the data with the number of rows it concerns."""
        counted = [
            f"{text} ({count} row{'s' if count != 1 else ''})"
            for text, count in self.data_warnings.items()
        ]
        return [*self.warnings, *counted]

    def unused_reviews(self, reviews: Iterable[str]) -> list[str]:
        """The review ids of ``reviews`` that matched no hit in this run."""
        return sorted(set(reviews) - self.reviews_used)

    @property
    def errors(self) -> int:
        return self.counts["error"]

    def worst(self) -> Decision:
        found = [d for d in Decision if self.counts[d.value]]
        return Decision.most_severe(found)


# --jobs N: inputs of at most this many rows are screened in this process. Measured on 2 cores
# (bench/manifest.py rows, engine loaded): 2 workers break even at about 500 rows and take 0.7 of
# the sequential time at 1,000, 0.6 at 4,000 and more.
MIN_PARALLEL_ROWS = 1_000


@dataclass(frozen=True)
class ScreenOptions:
    default_date: date
    column_aliases: dict[str, tuple[str, ...]]
    encoding: str | None = None
    sheet: str | None = None
    # Worker processes for classification (1: in this process). See exportscreen.manifest.parallel.
    jobs: int = 1
    # Rows read before deciding to start workers; None: MIN_PARALLEL_ROWS, 0: always start them.
    min_parallel_rows: int | None = None
    # Threshold, reviews and the day they are judged on: the run's, not the cached engine's.
    config: RunConfig = field(default_factory=RunConfig)
    # Accept row dates before 2000 or more than a year ahead (--allow-date; issue 12 A6).
    allow_date: bool = False


# One row on its way: the file it came from, its 1-based data row number, and its cells.
_Pending = tuple[ManifestInfo, int, SourceRow]


def screen_files(
    paths: Sequence[Path], engine: Engine, options: ScreenOptions, summary: RunSummary
) -> Iterator[tuple[ManifestInfo, RowResult]]:
    """Screen each file in turn; ``summary`` is updated as rows are yielded.

    With ``options.jobs`` > 1 (and the ``fork`` start method available) rows are classified in
    worker processes once the input has more than ``min_parallel_rows`` rows; the rows, their
    order and every result are the same either way.
    """
    pending = _read_files(paths, options, summary)
    if options.jobs > 1 and fork_available():
        rows = _screen_parallel(pending, engine, options)
    else:
        rows = (_screen_pending(item, engine, options) for item in pending)
    for info, row in rows:
        summary.add(row)
        yield info, row
    summary.elapsed = time.perf_counter() - summary.started


def _read_files(
    paths: Sequence[Path], options: ScreenOptions, summary: RunSummary
) -> Iterator[_Pending]:
    """Every row of every file, opening each file when its turn comes."""
    for path in paths:
        table = open_table(path, encoding=options.encoding, sheet=options.sheet)
        info = ManifestInfo(
            str(path),
            table.encoding,
            table.sheet,
            map_columns(table.headers, options.column_aliases),
            table.notes,
        )
        if not info.columns.fields:
            raise ManifestError(
                str(path),
                1,
                "no column maps to a declaration field",
                f"headers are {', '.join(table.headers)}; map them with --columns",
            )
        summary.files.append(info)
        for number, source in enumerate(table.rows, start=1):
            yield info, number, source


def _screen_pending(
    item: _Pending, engine: Engine, options: ScreenOptions
) -> tuple[ManifestInfo, RowResult]:
    info, number, source = item
    # XLSX rows come padded or trimmed by the reader; only CSV rows can be ragged.
    row = _screen_row(
        info.path,
        number,
        source,
        info.columns,
        engine,
        options,
        check_width=info.encoding is not None,
    )
    return info, row


def _screen_parallel(
    pending: Iterator[_Pending], engine: Engine, options: ScreenOptions
) -> Iterator[tuple[ManifestInfo, RowResult]]:
    """Read ahead; a short input is screened here, a long one by forked workers."""
    limit = MIN_PARALLEL_ROWS if options.min_parallel_rows is None else options.min_parallel_rows
    ahead: list[_Pending] = []
    failure: Exception | None = None
    try:
        for item in pending:
            ahead.append(item)
            if len(ahead) > limit:
                break
    except Exception as exc:  # rows read before a bad one are still screened, then it is raised
        failure = exc
    if failure is not None or len(ahead) <= limit:
        for item in ahead:
            yield _screen_pending(item, engine, options)
        if failure is not None:
            raise failure
        return
    _prepare_for_workers(engine, [info for info, _, _ in ahead])

    def work(items: list[_Pending]) -> list[RowResult]:  # runs in the workers
        return [_screen_pending(item, engine, options)[1] for item in items]

    consignee_columns: dict[int, int | None] = {}

    def consignee(item: _Pending) -> str | None:
        """Rows of one consignee go to one worker, whose memo then holds its search."""
        info, _, source = item
        column = consignee_columns.get(id(info), -1)
        if column == -1:
            column = next(
                (i for i, name in info.columns.field_by_index.items() if name == "consignee"),
                None,
            )
            consignee_columns[id(info)] = column
        if column is None or column >= len(source.cells):
            return None
        return source.cells[column].strip() or None

    # Frozen objects are left alone by the collectors of this process and of the workers, so the
    # pages holding the engine and the party index stay shared instead of being copied when a
    # collection touches them (bench/manifest.py: 311 MB instead of 376 MB PSS with the SDN list).
    gc.freeze()
    try:
        for (info, _, _), row in ordered_map(
            work, chain(ahead, pending), jobs=options.jobs, key=consignee
        ):
            yield info, row
    finally:
        gc.unfreeze()


def _prepare_for_workers(engine: Engine, infos: list[ManifestInfo]) -> None:
    """Build the party index once, here, so that every worker inherits it instead of building
    its own (a file later in the run that adds party columns makes each worker build it)."""
    lists = engine.party_lists
    if lists.records and any(info.columns.has_parties for info in infos):
        lists.matcher  # noqa: B018 - built on first use


def _screen_row(
    file: str,
    number: int,
    source: SourceRow,
    columns: ColumnMap,
    engine: Engine,
    options: ScreenOptions,
    *,
    check_width: bool,
) -> RowResult:
    values = tuple(source.cells)
    width = len(columns.headers)
    if check_width and (len(values) < width or any(v.strip() for v in values[width:])):
        message = f"ragged row: {len(values)} fields, but the header has {width}"
        return RowResult(file, number, source.line, values, None, (RowError("row", message),))
    fields: dict[str, str] = {}
    # Cells the reader could not give a value for (issue 12 A4: XLSX formulas never calculated).
    errors: list[RowError] = [RowError(column, message) for column, message in source.errors]
    for index, name in columns.field_by_index.items():
        if index < len(values) and values[index].strip():
            fields[name] = values[index]
    if QUANTITY_UNIT in fields:
        combined = fields.pop(QUANTITY_UNIT)
        match = _QUANTITY_UNIT.match(combined)
        if match is None:
            errors.append(RowError("quantity", f"cannot read a quantity from {combined!r}"))
        else:
            fields.setdefault("quantity", match.group(1))
            fields.setdefault("unit", match.group(2))
    if columns.has_goods and not any(fields.get(k) for k in ("hs_code", "description", "spec")):
        errors.append(RowError("description", "no HS code, description or specification"))
    try:
        declaration = parse_declaration(
            fields, default_date=options.default_date, allow_any_date=options.allow_date
        )
    except DeclarationError as exc:
        errors.extend(RowError(name, message) for name, message in exc.fields)
    if errors:
        partial = _screen_readable(fields, errors, engine, options)
        return RowResult(file, number, source.line, values, partial, tuple(errors))
    return RowResult(file, number, source.line, values, engine.screen(declaration, options.config))


def _screen_readable(
    fields: dict[str, str], errors: list[RowError], engine: Engine, options: ScreenOptions
) -> Result | None:
    """Screen what can be read of a row with unreadable fields, so that a mistyped HS code or
    date never hides a listed consignee; None when nothing worth screening is left."""
    readable = {
        name: value for name, value in fields.items() if name not in {e.field for e in errors}
    }
    try:
        declaration = parse_declaration(
            readable, default_date=options.default_date, allow_any_date=options.allow_date
        )
    except DeclarationError:
        return None
    parties = (declaration.consignee, declaration.end_user, declaration.vessel)
    if not declaration.has_goods and not any(name.strip() for name in parties):
        return None
    return engine.screen(declaration, options.config)


def exit_code(summary: RunSummary, fail_on: str, *, exit_zero: bool = False) -> int:
    """The run's exit code under the one policy (:func:`exportscreen.decide.exit_code`)."""
    worst = summary.worst() if summary.rows > summary.errors else None
    return decide_exit_code(worst, fail_on, errors=bool(summary.unreadable), exit_zero=exit_zero)
