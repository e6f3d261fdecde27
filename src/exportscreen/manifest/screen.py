"""Screen every row of one or more manifests, streaming.

Rows are read, parsed, classified and handed on one at a time, so memory stays flat however long
the file is. A row that cannot be parsed becomes an error row naming its line and field, and the
rest of the file is still screened. Party lookups are memoised per run, so each distinct
consignee is matched once.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from exportscreen.classify.engine import Engine
from exportscreen.declaration import parse_declaration
from exportscreen.errors import DeclarationError, ManifestError
from exportscreen.manifest.columns import QUANTITY_UNIT, ColumnMap, map_columns
from exportscreen.manifest.readers import SourceRow, Table, open_table
from exportscreen.model import Decision, RowError, RowResult

_QUANTITY_UNIT = re.compile(r"^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(.*?)\s*$")


@dataclass(frozen=True, slots=True)
class ManifestInfo:
    """What was read: the file, how it decoded, and which column feeds which field."""

    path: str
    encoding: str | None
    sheet: str | None
    columns: ColumnMap

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

    def add(self, row: RowResult) -> None:
        self.rows += 1
        self.counts[row.status] += 1

    @property
    def errors(self) -> int:
        return self.counts["error"]

    def worst(self) -> Decision:
        found = [d for d in Decision if self.counts[d.value]]
        return Decision.most_severe(found)


@dataclass(frozen=True)
class ScreenOptions:
    default_date: date
    column_aliases: dict[str, tuple[str, ...]]
    encoding: str | None = None
    sheet: str | None = None


def screen_files(
    paths: Sequence[Path], engine: Engine, options: ScreenOptions, summary: RunSummary
) -> Iterator[tuple[ManifestInfo, RowResult]]:
    """Screen each file in turn; ``summary`` is updated as rows are yielded."""
    for path in paths:
        table = open_table(path, encoding=options.encoding, sheet=options.sheet)
        info = ManifestInfo(
            str(path),
            table.encoding,
            table.sheet,
            map_columns(table.headers, options.column_aliases),
        )
        if not info.columns.fields:
            raise ManifestError(
                str(path),
                1,
                "no column maps to a declaration field",
                f"headers are {', '.join(table.headers)}; map them with --columns",
            )
        summary.files.append(info)
        for row in screen_table(table, info.columns, engine, options.default_date):
            summary.add(row)
            yield info, row
    summary.elapsed = time.perf_counter() - summary.started


def screen_table(
    table: Table, columns: ColumnMap, engine: Engine, default_date: date
) -> Iterator[RowResult]:
    ragged_allowed = table.encoding is None  # XLSX rows come padded or trimmed by the reader
    for number, source in enumerate(table.rows, start=1):
        yield _screen_row(
            str(table.path),
            number,
            source,
            columns,
            engine,
            default_date,
            check_width=not ragged_allowed,
        )


def _screen_row(
    file: str,
    number: int,
    source: SourceRow,
    columns: ColumnMap,
    engine: Engine,
    default_date: date,
    *,
    check_width: bool,
) -> RowResult:
    values = tuple(source.cells)
    width = len(columns.headers)
    if check_width and (len(values) < width or any(v.strip() for v in values[width:])):
        message = f"ragged row: {len(values)} fields, but the header has {width}"
        return RowResult(file, number, source.line, values, None, (RowError("row", message),))
    fields: dict[str, str] = {}
    errors: list[RowError] = []
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
        declaration = parse_declaration(fields, default_date=default_date)
    except DeclarationError as exc:
        errors.extend(RowError(name, message) for name, message in exc.fields)
    if errors:
        return RowResult(file, number, source.line, values, None, tuple(errors))
    return RowResult(file, number, source.line, values, engine.classify(declaration))


def exit_code(summary: RunSummary, fail_on: str, *, exit_zero: bool = False) -> int:
    """1 when a decision reaches ``fail_on``; otherwise 2 when some rows were errors; else 0."""
    if exit_zero:
        return 0
    if fail_on != "never":
        threshold = Decision(fail_on).severity
        if any(summary.counts[d.value] for d in Decision if d.severity >= threshold):
            return 1
    return 2 if summary.errors else 0
