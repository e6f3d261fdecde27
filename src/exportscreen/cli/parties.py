"""``exportscreen parties``: search names, list the loaded party lists, import list files."""

from __future__ import annotations

import json
from datetime import date as date_type
from pathlib import Path
from typing import Annotated

import typer

from exportscreen.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    FormatOption,
    NoBuiltinPartyListsOption,
    OutputFormat,
    PartyListFormatOption,
    PartyListOption,
    ThresholdOption,
    fail,
    user_errors,
)
from exportscreen.cli.fetched import use_fetched_lists

app = typer.Typer(
    help="Search restricted-party lists, list them, import list files.", no_args_is_help=True
)


@app.command("search")
def search(
    name: Annotated[str, typer.Argument(help="The name to look up, in any script.")],
    country: Annotated[
        str | None,
        typer.Option(help="The party's country (ISO code or name): adjusts scores, never filters."),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Listing status on this date (default: today).")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 10,
    identifier: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="The party's registered identifiers, SCHEME:VALUE separated by ';' "
            "(IMO:9123456; LEI:...): an exact match is decisive.",
        ),
    ] = None,
    party_list: PartyListOption = None,
    party_list_format: PartyListFormatOption = None,
    no_builtin_party_lists: NoBuiltinPartyListsOption = False,
    threshold: ThresholdOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Look a name up; exit 1 when a listing in force matches at or above the threshold."""
    from exportscreen.cli.parties_view import print_hits
    from exportscreen.countries import UnknownCountryError, parse_country
    from exportscreen.declaration import parse_date, parse_identifiers
    from exportscreen.pipeline import load_engine, run_config, search_parties

    with user_errors():
        try:
            on = parse_date(date) if date else date_type.today()
            country_code = parse_country(country).alpha2 if country else None
            identifiers = parse_identifiers(identifier) if identifier else ()
        except (ValueError, UnknownCountryError) as exc:
            raise fail(str(exc)) from None
        engine = load_engine(
            party_lists=use_fetched_lists(party_list, None).paths,
            party_list_format=party_list_format,
            builtin_party_lists=not no_builtin_party_lists,
        )
        config = run_config(threshold=threshold, use_reviews=False)
        hits = search_parties(
            engine,
            name,
            config,
            country=country_code,
            on=on,
            limit=limit,
            identifiers=identifiers,
        )
    if output_format is OutputFormat.json:
        typer.echo(
            json.dumps(
                {
                    "query": name,
                    "country": country_code,
                    "identifiers": [f"{s}:{v}" for s, v in identifiers],
                    "date": on.isoformat(),
                    "hits": [h.to_dict() for h in hits],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print_hits(name, hits)
    alert = any(h.band == "alert" and h.in_force for h in hits)
    raise typer.Exit(EXIT_FINDINGS if alert else EXIT_OK)


@app.command("lists")
def lists(
    party_list: PartyListOption = None,
    party_list_format: PartyListFormatOption = None,
    no_builtin_party_lists: NoBuiltinPartyListsOption = False,
) -> None:
    """Show the loaded party lists: entries, legal effect, and when they were reviewed."""
    from exportscreen.cli.parties_view import print_lists
    from exportscreen.pipeline import load_engine

    with user_errors():
        engine = load_engine(
            party_lists=use_fetched_lists(party_list, None).paths,
            party_list_format=party_list_format,
            builtin_party_lists=not no_builtin_party_lists,
        )
    print_lists(engine.party_lists)


@app.command("import")
def import_list(
    file: Annotated[Path, typer.Argument(help="The list file to convert.")],
    list_format: Annotated[
        str | None,
        typer.Option("--format", help="yaml, ofac, csl, opensanctions or csv (default: detect)."),
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the YAML.")] = Path(
        "party-list.yaml"
    ),
    columns: Annotated[
        Path | None, typer.Option(help="Column mapping (YAML) for a generic CSV.")
    ] = None,
) -> None:
    """Convert a list file (OFAC, CSL, OpenSanctions, CSV) into exportscreen's YAML format."""
    from exportscreen.parties.export import to_party_list_yaml
    from exportscreen.parties.importers.registry import load_party_file

    with user_errors():
        imported = load_party_file(file, list_format, columns=columns)
        text = to_party_list_yaml(imported, reviewed=date_type.today(), authority="imported")
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(f"wrote {len(imported.records)} entries of {imported.title} to {output}")
