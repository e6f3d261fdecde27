"""``--format table``: a terminal summary — counts per decision and the rows needing action."""

from __future__ import annotations

from typing import IO, cast

from rich.console import Console
from rich.table import Table

from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import Decision, RowResult

STATUS_STYLE = {
    "prohibited": "bold red",
    "licence_required": "bold yellow",
    "review": "bold cyan",
    "not_controlled": "green",
    "error": "bold magenta",
}
ORDER = ("prohibited", "licence_required", "review", "error", "not_controlled")
MAX_ROWS_SHOWN = 200


class TableReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes]) -> None:
        self.console = Console(file=cast(IO[str], out), highlight=False)
        self.action: list[RowResult] = []
        self.hidden = 0

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        if row.decision is Decision.NOT_CONTROLLED:
            return
        if len(self.action) < MAX_ROWS_SHOWN:
            self.action.append(row)
        else:
            self.hidden += 1

    def finish(self, summary: RunSummary) -> None:
        console = self.console
        for info in summary.files:
            encoding = f", {info.encoding}" if info.encoding else ""
            sheet = f", sheet {info.sheet}" if info.sheet else ""
            console.print(f"[bold]{info.path}[/bold] ({info.mode}{encoding}{sheet})")
            if info.columns.unmapped:
                console.print(f"  [dim]columns not used: {', '.join(info.columns.unmapped)}[/dim]")
        counts = Table(
            title=f"{summary.rows} rows screened in {summary.elapsed:.1f} s", title_justify="left"
        )
        counts.add_column("Decision")
        counts.add_column("Rows", justify="right")
        for status in ORDER:
            style = STATUS_STYLE[status]
            counts.add_row(f"[{style}]{status}[/{style}]", str(summary.counts[status]))
        console.print(counts)
        if not self.action:
            console.print("[green]No row needs action.[/green]")
            return
        table = Table(title="Rows needing action", title_justify="left", show_lines=True)
        table.add_column("Line", justify="right")
        table.add_column("Decision")
        table.add_column("Why")
        for row in sorted(self.action, key=_severity):
            style = STATUS_STYLE[row.status]
            table.add_row(str(row.line), f"[{style}]{row.status}[/{style}]", _why(row))
        console.print(table)
        if self.hidden:
            console.print(
                f"… and {self.hidden} more rows needing action (use --format csv, "
                "jsonl or xlsx for all of them)"
            )


def _severity(row: RowResult) -> tuple[float, int]:
    """Most severe first; error rows between licence_required and review."""
    return (-(row.decision.severity if row.decision else 1.5), row.line)


def _why(row: RowResult) -> str:
    if row.result is None:
        return "; ".join(f"{e.field}: {e.message}" for e in row.errors)
    return "\n".join(row.result.reasons[:4])
