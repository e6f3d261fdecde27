"""Rich views of the loaded rules for ``rules list`` and ``rules show``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from exportscreen.ruleset import schema
from exportscreen.ruleset.loader import LoadedRules
from exportscreen.ruleset.party_schema import PartyEntry
from exportscreen.status import status_on

# Below this width the table's Id column leaves the others a few characters each ("M… c…"):
# each list or measure is printed as a short block instead (issue 12 E8).
TABLE_MIN_WIDTH = 140

# id, announcement or title, kind, count, confidence counts, status
_Entry = tuple[str, str, str, str, str, Text]


def print_rules_list(loaded: LoadedRules, on: date, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    entries = _entries(loaded, on)
    title = f"Control lists and measures on {on.isoformat()}"
    if console.width < TABLE_MIN_WIDTH:
        _print_blocks(console, title, entries)
        return
    table = Table(title=title, title_justify="left")
    table.add_column("Id", no_wrap=True)
    table.add_column("Announcement")
    table.add_column("Kind")
    table.add_column("Items", justify="right")
    table.add_column("Confidence of items or entries")
    table.add_column("Status")
    for rule_id, announcement, kind, count, confidence, status in entries:
        table.add_row(Text(rule_id), Text(announcement), kind, count, confidence, status)
    console.print(table)


def _print_blocks(console: Console, title: str, entries: list[_Entry]) -> None:
    """One short block per list or measure; wrapped lines keep their indent."""
    console.print(Text(title, style="bold"))
    for rule_id, announcement, kind, count, confidence, status in entries:
        if kind == "clause":
            console.print(Text.assemble(f"  {announcement.strip()}  ", status))
            continue
        console.print()
        counted = f", {count.replace(' cl.', ' clauses')}" if count else ""
        if kind == "control list":
            counted += " items"
        elif kind == "party list":
            counted += " entries"
        console.print(Text.assemble((rule_id, "bold"), f"  {kind}{counted}"))
        grid = Table.grid()
        grid.add_column(width=2)
        grid.add_column()
        grid.add_row("", Text.assemble(f"{announcement} · ", status))
        if confidence:
            grid.add_row("", Text(f"confidence: {confidence}", style="dim"))
        console.print(grid)


def _entries(loaded: LoadedRules, on: date) -> list[_Entry]:
    """Every control list and measure with its status on ``on`` (and each clause not in force
    under a measure that is), then every party list."""
    entries: list[_Entry] = []
    for lst in loaded.control_lists:
        status = status_on(lst.effective, lst.status, on)
        entries.append(
            (
                lst.id,
                lst.announcement,
                "control list",
                str(len(lst.items)),
                confidence_counts(lst.items),
                _styled(status.in_force, status.reason),
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
                confidence_counts(measure.clauses),
                _styled(status.in_force, status.reason),
            )
        )
        for clause in measure.clauses:
            clause_status = status_on(measure.effective, clause.status, on)
            if not clause_status.in_force and status.in_force:
                entries.append(
                    ("", f"  {clause.id}", "clause", "", "", _styled(False, clause_status.reason))
                )
    for party_list in loaded.party_lists:
        entries.append(
            (
                party_list.id,
                party_list.title,
                "party list",
                str(len(party_list.entries)),
                confidence_counts(party_list.entries),
                Text(f"reviewed {party_list.reviewed.isoformat()}"),
            )
        )
    return entries


CONFIDENCE_ORDER = ("confirmed", "partial", "inferred", "unverified")


def confidence_counts(
    rows: Iterable[schema.Item | schema.Clause | PartyEntry],
) -> str:
    """How many rows carry each confidence label, and how many items are ``scope: unknown``.

    An item whose content was not found (``scope: unknown``) is counted as unknown whatever its
    own label, so the four labels and "unknown" add up to the number of rows.
    """
    counts: Counter[str] = Counter()
    for row in rows:
        unknown = isinstance(row, schema.Item) and row.scope == "unknown"
        counts["unknown" if unknown else row.confidence] += 1
    return ", ".join(
        f"{counts[label]} {label}"
        for label in (*CONFIDENCE_ORDER, "unknown")
        if counts[label] or label == "confirmed"
    )


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
                scope = ", scope unknown" if item.scope == "unknown" else ""
                console.print(
                    f"  • {item.id}{code}: {item.name.en} {item.name.zh} "
                    f"[dim]({item.confidence}{scope})[/dim]"
                )
                if item.official and item.official != lst.official:
                    console.print(f"    official text: {item.official}")
            return True
        for item in lst.items:
            if item.id == item_id:
                _print_header(console, lst)
                official = item.official or lst.official
                console.print(f"official text of this item: {official or 'not known'}")
                console.print_json(item.model_dump_json(by_alias=True, exclude_defaults=True))
                return True
    for measure in loaded.measures:
        if measure.id == list_id and not item_id:
            _print_header(console, measure)
            for clause in measure.clauses:
                console.print_json(clause.model_dump_json(by_alias=True, exclude_defaults=True))
            return True
    for party_list in loaded.party_lists:
        if party_list.id != list_id:
            continue
        if not item_id:
            console.print(
                f"[bold]{party_list.title}[/bold] ({party_list.id})  {party_list.title_zh}"
            )
            console.print(
                f"authority: {party_list.authority}; reviewed {party_list.reviewed}; "
                f"entries: {confidence_counts(party_list.entries)}"
            )
            for entry in party_list.entries:
                console.print(
                    f"  • {entry.id}: {entry.names.primary} — {entry.listed.announcement} "
                    f"({entry.listed.date}) [dim]({entry.confidence})[/dim]"
                )
            return True
        for entry in party_list.entries:
            if entry.id == item_id:
                console.print(f"[bold]{party_list.title}[/bold] ({party_list.id})")
                console.print(
                    f"official text of this listing: {entry.listed.official or 'not known'}"
                )
                console.print_json(entry.model_dump_json(by_alias=True, exclude_defaults=True))
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
    console.print(f"official text: {header.official or 'not known'}")
    for source in header.sources:
        console.print(f"source: {source}")
