"""Rich terminal rendering of results. Pure presentation: everything shown comes from the Result.

Every text from the data is a rich ``Text`` (never markup: ``[/]`` or ``[link=...]`` in a goods
description is shown, not interpreted) with control characters escaped (issue 12 B3, C2). Lines
that wrap keep their indent: labels, bullets and marks sit in a column of their own.
"""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from exportscreen.declaration import country_label
from exportscreen.model import Decision, Evidence, Result
from exportscreen.report.safe import printable

DECISION_STYLE = {
    Decision.PROHIBITED: "bold white on red",
    Decision.LICENCE_REQUIRED: "bold black on yellow",
    Decision.REVIEW: "bold black on cyan",
    Decision.NOT_CONTROLLED: "bold white on green",
}
OUTCOME_WORDS = {
    "controlled": "controlled",
    "below_threshold": "below threshold",
    "excluded": "excluded",
    "undetermined": "parameter not stated",
    "content_unknown": "item content unknown",
    "hs_reference_only": "HS code only",
}


def safe(text: str, style: str = "") -> Text:
    """Data as plain text: no markup, no emoji codes, no control characters, one line."""
    return Text(printable(text.replace("\n", " / ")), style=style)


def hanging(mark: str, body: Text | str, style: str = "", indent: int = 0) -> Table:
    """``mark`` then ``body``; lines of ``body`` that wrap start under its first character."""
    grid = Table.grid()
    grid.add_column(width=indent + len(mark), no_wrap=True)
    grid.add_column()
    grid.add_row(Text(" " * indent + mark, style=style), body)
    return grid


def print_result(result: Result, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    declaration = result.declaration
    header = Text.assemble(
        (f" {result.decision.value} ", DECISION_STYLE[result.decision]),
        f"  as of {declaration.date.isoformat()}",
    )
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    facts.add_row("HS code", safe(declaration.hs_code or "-"))
    facts.add_row("Goods", safe(declaration.goods_text or "-"))
    facts.add_row("Destination", safe(country_label(declaration.destination)))
    if declaration.consignee:
        facts.add_row(
            "Consignee",
            safe(f"{declaration.consignee} [{country_label(declaration.consignee_country)}]"),
        )
    if declaration.end_user or declaration.end_use:
        facts.add_row(
            "End user / use",
            safe(f"{declaration.end_user or '-'} / {declaration.end_use or '-'}"),
        )
    if declaration.vessel:
        facts.add_row("Vessel", safe(declaration.vessel))
    parts: list[RenderableType] = [header, Text(""), facts]
    if result.reasons:
        parts += [Text(""), Text("Why", style="bold")]
        parts += [hanging("• ", safe(reason)) for reason in result.reasons]
    if result.items or result.measures:
        parts += [Text(""), *_items_block(result)]
    if result.parties:
        from exportscreen.cli.parties_view import hit_lines

        parts += [Text(""), Text("Restricted parties", style="bold")]
        parts += [line for hit in result.parties for line in hit_lines(hit)]
    if result.remarks:
        parts += [Text(""), Text("Customs remark (备注)", style="bold")]
        parts += [hanging("", safe(remark, "bold"), indent=2) for remark in result.remarks]
    if result.warnings:
        parts += [Text(""), Text("Warnings", style="bold yellow")]
        parts += [hanging("! ", safe(warning, "yellow"), "yellow") for warning in result.warnings]
    console.print(
        Panel(
            Group(*parts),
            title="exportscreen check",
            title_align="left",
            border_style=DECISION_STYLE[result.decision].split()[-1],
        )
    )


def _items_block(result: Result) -> list[RenderableType]:
    """One block per item: what it is, where it comes from, and the evidence line by line."""
    lines: list[RenderableType] = [Text("Control items", style="bold")]
    for match in result.items:
        style = DECISION_STYLE[match.decision].split()[-1]
        code = f" · code {match.code}" if match.code else ""
        ref = f" [{match.ref}]" if match.ref else ""
        title = Text.assemble(
            (printable(f"{match.name_en} {match.name_zh}"), "bold"),
            printable(f"{ref}{code}  "),
            (f"{OUTCOME_WORDS.get(match.outcome, match.outcome)} → {match.decision.value}", style),
        )
        lines.append(hanging("● ", title, style))
        basis = f"{match.legal_basis.announcement} · {match.legal_basis.status}"
        lines.append(hanging("", safe(basis, "dim"), indent=2))
        lines.extend(_evidence_line(e) for e in match.evidence)
        lines.extend(hanging("note: ", safe(note, "dim"), "dim", 2) for note in match.notes)
    for measure in result.measures:
        style = DECISION_STYLE[measure.decision].split()[-1]
        state = measure.decision.value if measure.in_force else "not applied"
        title = Text.assemble((printable(measure.title), "bold"), "  ", (state, style))
        lines.append(hanging("■ ", title, style))
        basis = f"{measure.legal_basis.announcement} · {measure.legal_basis.status}"
        lines.append(hanging("", safe(basis, "dim"), indent=2))
        lines.extend(_evidence_line(e) for e in measure.evidence)
    return lines


def _evidence_line(evidence: Evidence) -> Table:
    mark = {True: "✔", False: "✘", None: "?"}[evidence.outcome]
    found = (
        f" → {evidence.found!r}"
        if evidence.found and evidence.kind in ("keyword", "formula", "pattern")
        else ""
    )
    return hanging(f"{mark} ", safe(f"{evidence.detail}{found}"), indent=2)
