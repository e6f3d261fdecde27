"""``--format table``: a terminal summary — counts per decision and the rows needing action.

Each row needing action is a short block (goods, items, measures, party hits, reasons) rather than
a bordered table: long list and entry ids wrap cleanly at 80 columns instead of being cut off.
"""

from __future__ import annotations

import heapq
from typing import IO, cast

from rich.console import Console
from rich.text import Text

from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import Decision, PartyFinding, Result, RowResult
from exportscreen.report.safe import printable

STATUS_STYLE = {
    "prohibited": "bold red",
    "licence_required": "bold yellow",
    "review": "bold cyan",
    "not_controlled": "green",
    "error": "bold magenta",
}
ORDER = ("prohibited", "licence_required", "review", "error", "not_controlled")
# Rows are shown most severe first; an unreadable row sits between licence_required and review.
RANK = {"prohibited": 4, "licence_required": 3, "error": 2, "review": 1, "not_controlled": 0}
MAX_ROWS_SHOWN = 200
MAX_LINES_PER_KIND = 3  # party hits, reasons, ... per row before "and N more"
WIDTH_WHEN_PIPED = 100  # a fixed width off a terminal keeps logs and golden files stable
BAR_WIDTH = 30
LABEL_WIDTH = 11  # "  warning " and a space

_Kept = tuple[tuple[int, int], int, RowResult]


class TableReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes]) -> None:
        stream = cast(IO[str], out)
        width = None if _is_terminal(stream) else WIDTH_WHEN_PIPED
        # emoji=False and Text objects below: a consignee named ":warning:" or "[red]" is data.
        self.console = Console(file=stream, highlight=False, emoji=False, width=width)
        self.kept: list[_Kept] = []  # a min-heap: the least severe, latest row is dropped first
        self.hidden = 0
        self.seen = 0

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        if row.decision is Decision.NOT_CONTROLLED:
            return
        self.seen += 1
        # Keep the MAX_ROWS_SHOWN most severe rows, not merely the first ones: a prohibited row
        # late in a long file must not be hidden behind early reviews.
        entry = ((RANK[row.status], -self.seen), self.seen, row)
        if len(self.kept) < MAX_ROWS_SHOWN:
            heapq.heappush(self.kept, entry)
        else:
            heapq.heappushpop(self.kept, entry)
            self.hidden += 1

    def finish(self, summary: RunSummary) -> None:
        console = self.console
        for info in summary.files:
            console.print(_file_line(info))
        console.print()
        console.print(_counts(summary))
        for notice in summary.notices():  # about the data, not one row: said once
            console.print(_safe(f"warning: {notice}", "yellow"))
        if not self.kept:
            console.print(Text("No row needs action.", style="green"))
            return
        console.print()
        total = len(self.kept) + self.hidden
        console.print(Text(f"Rows needing action: {total}", style="bold underline"))
        # A file that could not be read is not in summary.files but has an error row.
        show_file = len(summary.files) > 1 or len({row.file for _, _, row in self.kept}) > 1
        for _, _, row in sorted(self.kept, key=lambda entry: (-entry[0][0], entry[1])):
            console.print()
            console.print(_heading(row, show_file) + _details(row, console.width))
        if self.hidden:
            console.print()
            console.print(
                Text(
                    f"… and {self.hidden} less severe rows needing action "
                    "(use --format csv, jsonl, xlsx or html for all of them)",
                    style="dim",
                )
            )


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or exotic streams
        return False


def _file_line(info: ManifestInfo) -> Text:
    facts = [info.mode]
    if info.encoding:
        facts.append(info.encoding)
    if info.sheet:
        facts.append(f"sheet {info.sheet}")
    line = Text.assemble((printable(info.path), "bold"), printable(f"  ({', '.join(facts)})"))
    if info.columns.unmapped:
        unused = printable(", ".join(info.columns.unmapped), newlines=False)
        line.append(f"\n  columns not used: {unused}", style="dim")
    return line


def _counts(summary: RunSummary) -> Text:
    """Counts per decision with a proportional bar, so the shape of the run shows at a glance."""
    text = Text(f"{summary.rows} rows screened in {summary.elapsed:.1f} s", style="bold")
    largest = max((summary.counts[s] for s in ORDER), default=0)
    for status in ORDER:
        count = summary.counts[status]
        bar = "█" * max(1, round(BAR_WIDTH * count / largest)) if count else ""
        style = STATUS_STYLE[status]
        text.append("\n  ")
        text.append(f"{status:<18}", style=style)
        text.append(f"{count:>7}  ")
        text.append(bar, style=style.split()[-1])
    return text


def _heading(row: RowResult, show_file: bool) -> Text:
    where = f"{row.file} line {row.line}" if show_file else f"line {row.line}"
    heading = Text.assemble(
        (printable(where, newlines=False), "bold"), "  ", (row.status, STATUS_STYLE[row.status])
    )
    if row.result is not None:
        goods = _goods(row.result)
        if goods:
            heading.append(f"  {printable(goods, newlines=False)}", style="dim")
        # issue 12 E1: the date the row was screened as of, never implied
        heading.append(f"  as of {row.result.declaration.date.isoformat()}", style="dim")
    return heading


def _goods(result: Result) -> str:
    declaration = result.declaration
    parts = [declaration.description.strip()]
    if declaration.hs_code:
        parts.append(f"HS {declaration.hs_code}")
    if declaration.destination:
        parts.append(f"to {declaration.destination.alpha2}")
    return " · ".join(p for p in parts if p)


def _details(row: RowResult, width: int) -> Text:
    """Label / value lines under the heading; values wrap with a hanging indent.

    Wrapped by hand rather than with a rich grid, which pads every line to the column width.
    """
    console = Console(width=width)  # only measures text; never prints
    block = Text()
    indent = " " * LABEL_WIDTH
    for label, lines in _sections(row):
        shown = lines[:MAX_LINES_PER_KIND]
        if len(lines) > len(shown):
            shown.append(Text(f"… and {len(lines) - len(shown)} more", style="dim"))
        for index, line in enumerate(shown):
            wrapped = line.wrap(console, max(20, width - LABEL_WIDTH))
            for number, piece in enumerate(wrapped):
                piece.rstrip()  # wrapping leaves the breaking space at the end of the line
                block.append("\n")
                first = index == 0 and number == 0
                block.append(f"  {label:<{LABEL_WIDTH - 2}}" if first else indent, style="dim")
                block.append_text(piece)
    return block


def _sections(row: RowResult) -> list[tuple[str, list[Text]]]:
    errors = [_safe(f"{e.field}: {e.message}") for e in row.errors]
    result = row.result
    if result is None:
        return [("error", errors)]
    sections = [
        (
            "item",
            [
                Text.assemble(
                    printable(f"{m.name_en}, {m.outcome} · "),
                    (printable(f"{m.list_id}/{m.item_id}"), "dim"),
                )
                for m in result.items
                if m.decision.severity > 0
            ],
        ),
        (
            "measure",
            [
                _safe(f"{m.measure_id}/{m.clause_id} — {m.decision.value}")
                for m in result.measures
                if m.in_force
            ],
        ),
        ("party", [_party(p) for p in result.parties]),
        ("why", [_safe(reason) for reason in result.reasons]),
        # issue 12 E2: the customs remark, as `check` shows it
        ("remark", [_safe(remark, "bold") for remark in result.remarks]),
        ("warning", [_safe(w, "yellow") for w in result.row_warnings]),
        ("error", errors),
    ]
    return [(label, lines) for label, lines in sections if lines]


def _party(hit: PartyFinding) -> Text:
    """Who matched whom, then the score, its effect and the list entry to look up."""
    text = _safe(f"{hit.role} {hit.query_part or hit.query} ≈ {hit.name}")
    text.append("\n")
    if hit.suppressed:
        text.stylize("strike")
    text.append(f"score {hit.score:.0f} ")
    text.append(hit.decision.value, STATUS_STYLE[hit.decision.value])
    text.append(printable(f" · {hit.list_id}/{hit.entity_id}", newlines=False), "dim")
    if hit.suppressed:
        text.append("\n")
        text.append(printable(f"suppressed by review: {hit.suppressed}", newlines=False), "italic")
    return text


def _safe(text: str, style: str = "") -> Text:
    """Data as one line of plain text with control characters escaped (issue 12 C2)."""
    return Text(printable(text, newlines=False), style=style)
