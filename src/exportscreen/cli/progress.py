"""A progress display on standard error for long manifests: rows done, an estimated total, the
time left; and the run's summary line, which stays on screen once the bar is gone."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")
SAMPLE_BYTES = 256 * 1024  # read this much of a CSV to learn its bytes per line
UPDATE_EVERY = 200  # rows between two refreshes of the bar


def progress_rows(
    rows: Iterator[T],
    *,
    enabled: bool,
    total: int | None = None,
    console: Console | None = None,
) -> Iterator[T]:
    """Yield ``rows`` unchanged, showing on stderr (when ``enabled``) the rows done, ``total``
    (an estimate: "~"), a bar and the time left. The bar is removed when the rows end."""
    if not enabled:
        yield from rows
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("screening {task.completed:,} of ~{task.total:,.0f} rows"),
        BarColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    console = console or Console(stderr=True)
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("screen", total=max(1, total or 0) if total else None)
        count = 0
        for count, row in enumerate(rows, start=1):
            if count % UPDATE_EVERY == 0:
                estimate = progress.tasks[0].total
                if estimate is not None and count >= estimate:  # the estimate was short
                    progress.update(task, total=int(count * 1.1) + 1)
                progress.update(task, completed=count)
            yield row
        progress.update(task, completed=count, total=count)


def estimate_rows(paths: Sequence[Path], sheet: str | None = None) -> int | None:
    """About how many data rows ``paths`` hold: an XLSX sheet's recorded dimension, a CSV's
    size divided by the bytes per line of its first part. None when nothing can be told."""
    total = 0
    for path in paths:
        try:
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                total += _xlsx_rows(path, sheet)
            else:
                total += _csv_rows(path)
        except Exception:
            continue
    return total or None


def _csv_rows(path: Path) -> int:
    size = path.stat().st_size
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    lines = sample.count(b"\n")
    if len(sample) == size:
        return max(0, lines - (0 if sample.endswith(b"\n") else -1) - 1)
    if lines == 0:
        return 0
    return max(0, round(size / (len(sample) / lines)) - 1)


def _xlsx_rows(path: Path, sheet: str | None) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        return max(0, (worksheet.max_row or 1) - 1)
    finally:
        workbook.close()


def summary_line(
    rows: int, elapsed: float, counts: dict[str, int], code: int, fail_on: str, exit_zero: bool
) -> str:
    """One line that stays after the bar: rows, decisions, and what the exit code means."""
    order = ("prohibited", "licence_required", "review", "error", "not_controlled")
    decided = ", ".join(f"{counts[s]} {s}" for s in order if counts.get(s)) or "no rows"
    meaning = {
        0: f"exit 0: nothing at or above --fail-on {fail_on}",
        1: f"exit 1: rows at or above --fail-on {fail_on}",
        2: "exit 2: rows that could not be read",
    }[code]
    if exit_zero:
        meaning = "exit 0: --exit-zero"
    return f"exportscreen: {rows:,} rows in {elapsed:.1f} s: {decided}; {meaning}"
