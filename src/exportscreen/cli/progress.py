"""A progress display on standard error for long manifests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


def progress_rows(rows: Iterator[T], *, enabled: bool) -> Iterator[T]:
    """Yield ``rows`` unchanged, showing a live row count on stderr when ``enabled``."""
    if not enabled:
        yield from rows
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("screening: {task.completed} rows"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("screen", total=None)
        for count, row in enumerate(rows, start=1):
            if count % 200 == 0:
                progress.update(task, completed=count)
            yield row
