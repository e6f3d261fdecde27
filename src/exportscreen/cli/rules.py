"""``exportscreen rules``: list, show and validate control lists and measures."""

from __future__ import annotations

from datetime import date as date_type
from pathlib import Path
from typing import Annotated

import typer

from exportscreen.cli.common import EXIT_ERROR, NoBuiltinRulesOption, RulesOption, fail, user_errors

app = typer.Typer(help="List, show and validate control lists and measures.", no_args_is_help=True)


@app.command("list")
def list_rules(
    date: Annotated[
        str | None, typer.Option(help="Show status on this date (default: today).")
    ] = None,
    rules: RulesOption = None,
    no_builtin_rules: NoBuiltinRulesOption = False,
) -> None:
    """List control lists, measures and party lists: counts by confidence, status on a date."""
    from exportscreen.cli.rules_view import print_rules_list
    from exportscreen.declaration import parse_date
    from exportscreen.ruleset.loader import load_rules, rules_paths

    with user_errors():
        try:
            on = parse_date(date) if date else date_type.today()
        except ValueError as exc:
            raise fail(f"--date: {exc}") from None
        loaded = load_rules(rules_paths(rules or [], builtin=not no_builtin_rules))
    print_rules_list(loaded, on)


@app.command("show")
def show_rule(
    rule_id: Annotated[
        str,
        typer.Argument(help="A list, measure or party-list id, or LIST_ID/ITEM_ID (or entry id)."),
    ],
    rules: RulesOption = None,
    no_builtin_rules: NoBuiltinRulesOption = False,
) -> None:
    """Show a control list, measure, party list, item or listing in full, with its official text."""
    from exportscreen.cli.rules_view import print_rule
    from exportscreen.ruleset.loader import load_rules, rules_paths

    with user_errors():
        loaded = load_rules(rules_paths(rules or [], builtin=not no_builtin_rules))
    if not print_rule(loaded, rule_id):
        raise fail(f"no list, measure or item with id {rule_id!r}; see 'exportscreen rules list'")


@app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Rules files or folders to validate.")],
) -> None:
    """Validate rules files; report every problem with file and line; exit 2 on any problem."""
    from exportscreen.ruleset.loader import load_rules

    with user_errors():
        loaded = load_rules(paths)
    items = sum(len(lst.items) for lst in loaded.control_lists)
    typer.echo(
        f"ok: {len(loaded.files)} files, {len(loaded.control_lists)} control lists with {items} "
        f"items, {len(loaded.measures)} measures, {len(loaded.party_lists)} party lists, "
        f"{len(loaded.vocabularies)} vocabularies"
    )


__all__ = ["EXIT_ERROR", "app"]
