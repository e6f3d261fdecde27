"""Rich views of the loaded rules for ``rules list`` and ``rules show``."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from exportscreen.ruleset import schema
from exportscreen.ruleset.loader import LoadedRules
from exportscreen.status import status_on

# Below this width the table's Id column leaves the others a few characters each ("M… c…"):
# each list or measure is printed as a short block instead (issue 12 E8).
TABLE_MIN_WIDTH = 120


def print_rules_list(loaded: LoadedRules, on: date, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    entries = _entries(loaded, on)
    title = f"Control lists and measures on {on.isoformat()}"
    if console.width < TABLE_MIN_WIDTH:
        console.print(Text(title, style="bold"))
        for rule_id, announcement, kind, count, (in_force, reason) in entries:
            console.print()
            if kind == "clause":
                console.print(Text.assemble(f"  {announcement.strip()}  ", _styled(False, reason)))
                continue
            counted = f", {count.replace(' cl.', ' clauses')}" if count else ""
            if kind == "control list":
                counted += " items"
            console.print(Text.assemble((rule_id, "bold"), f"  {kind}{counted}"))
            line = Text.assemble(f"{announcement} · ", _styled(in_force, reason))
            grid = Table.grid()
            grid.add_column(width=2)
            grid.add_column()
            grid.add_row("", line)
            console.print(grid)
        return
    table = Table(title=title, title_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Announcement")
    table.add_column("Kind")
    table.add_column("Items", justify="right")
    table.add_column("Status")
    for rule_id, announcement, kind, count, (in_force, reason) in entries:
        table.add_row(Text(rule_id), Text(announcement), kind, count, _styled(in_force, reason))
    console.print(table)


_Entry = tuple[str, str, str, str, tuple[bool, str]]


def _entries(loaded: LoadedRules, on: date) -> list[_Entry]:
    """Id, announcement, kind, item count and (in force, status) of every list and measure,
    with each clause not in force under a measure that is."""
    entries: list[_Entry] = []
    for lst in loaded.control_lists:
        status = status_on(lst.effective, lst.status, on)
        entries.append(
            (
                lst.id,
                lst.announcement,
                "control list",
                str(len(lst.items)),
                (status.in_force, status.reason),
            )
        )
    for measure in loaded.measures:
        status = status_on(measure.effective, measure.status, on)
        entries.append(
            (
                measure.id,
                measure.announcement,
                "measure",
                f"{len(measure.clauses)} cl.",
                (status.in_force, status.reason),
            )
        )
        for clause in measure.clauses:
            clause_status = status_on(measure.effective, clause.status, on)
            if not clause_status.in_force and status.in_force:
                entries.append(("", f"  {clause.id}", "clause", "", (False, clause_status.reason)))
    return entries


def _styled(in_force: bool, reason: str) -> Text:
    return Text(reason, style="green" if in_force else "yellow")


def print_rule(loaded: LoadedRules, rule_id: str, console: Console | None = None) -> bool:
    """Print the list, measure or item with this id; False when there is none."""
    console = console or Console(highlight=False)
    list_id, _, item_id = rule_id.partition("/")
    for lst in loaded.control_lists:
        if lst.id != list_id:
            continue
        if not item_id:
            _print_header(console, lst)
            for item in lst.items:
                code = f" {item.code}" if item.code else ""
                console.print(
                    f"  • {item.id}{code}: {item.name.en} {item.name.zh} "
                    f"[dim]({item.confidence})[/dim]"
                )
            return True
        for item in lst.items:
            if item.id == item_id:
                _print_header(console, lst)
                console.print_json(item.model_dump_json(by_alias=True, exclude_defaults=True))
                return True
    for measure in loaded.measures:
        if measure.id == list_id and not item_id:
            _print_header(console, measure)
            for clause in measure.clauses:
                console.print_json(clause.model_dump_json(by_alias=True, exclude_defaults=True))
            return True
    return False


def _print_header(console: Console, header: schema.ListHeader) -> None:
    console.print(f"[bold]{header.announcement}[/bold] ({header.id})")
    console.print(f"{header.title}  {header.title_zh}")
    console.print(
        f"authority: {header.authority}; issued {header.issued}; effective "
        f"{header.effective}; reviewed {header.reviewed}; confidence {header.confidence}"
    )
    for period in header.status:
        until = f" to {period.to}" if period.to else ""
        console.print(f"status: {period.status} from {period.from_}{until} by {period.by}")
    for source in header.sources:
        console.print(f"source: {source}")
