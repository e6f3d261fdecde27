"""Rich views for ``parties search`` and ``parties lists``, and party blocks for ``check``."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from exportscreen.model import PartyFinding
from exportscreen.parties.lists import UNDATED, PartyLists
from exportscreen.report.safe import printable


def hit_lines(hit: PartyFinding) -> list[Text]:
    """One block per hit: score and list, the alias that matched, status, and why.

    Names come from manifests and lists: control characters are escaped (issue 12 C2)."""
    colour = "red" if hit.band == "alert" and hit.in_force else "yellow"
    alias = "" if hit.name == hit.primary_name else f" (alias of {hit.primary_name})"
    suppressed = f" — suppressed by review: {hit.suppressed}" if hit.suppressed else ""
    return [
        Text.assemble(
            ("● ", colour),
            (f"{hit.score:.0f} {hit.band}", f"bold {colour}"),
            printable(f"  {hit.list_title} · {hit.list_id}/{hit.entity_id}"),
            (printable(f"  → {hit.decision.value}{suppressed}"), colour),
        ),
        Text(printable(f"  {hit.role}: {hit.query_label()} matched {hit.name!r}{alias}")),
        Text(printable(f"  {_listing(hit)}"), style="dim"),
        Text(printable(f"  why: {hit.explanation}"), style="dim"),
    ]


def _listing(hit: PartyFinding) -> str:
    """Status, then the listing date and announcement; lists that give no date say so once."""
    if hit.listed == UNDATED:
        return hit.status
    return f"{hit.status} · listed {hit.listed.isoformat()} {hit.announcement}".rstrip()


def print_hits(query: str, hits: list[PartyFinding], console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    if not hits:
        console.print(Text(printable(f"no listed party matches {query!r}")))
        return
    console.print(Text(printable(f"Listed parties matching {query!r}"), style="bold"))
    for hit in hits:
        for line in hit_lines(hit):
            console.print(line)


def print_lists(lists: PartyLists, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    table = Table(title="Restricted-party lists", title_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Title")
    table.add_column("Entries", justify="right")
    table.add_column("Effect: controlled / other goods")
    table.add_column("Reviewed", no_wrap=True)
    counts: dict[str, int] = {}
    for record in lists.records:
        counts[record.list_id] = counts.get(record.list_id, 0) + 1
    for info in lists.lists.values():
        table.add_row(
            info.id,
            info.title,
            str(counts.get(info.id, 0)),
            f"{info.controlled_goods} / {info.other_goods}",
            info.reviewed.isoformat() if info.reviewed else "-",
        )
    console.print(table)
