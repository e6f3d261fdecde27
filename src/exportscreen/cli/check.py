"""``exportscreen check``: screen one declaration."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from exportscreen.cli.common import (
    AuditDbOption,
    FailOn,
    FailOnOption,
    FormatOption,
    NoAuditOption,
    NoBuiltinPartyListsOption,
    NoBuiltinRulesOption,
    OutputFormat,
    PartyListFormatOption,
    PartyListOption,
    ReviewsOption,
    RulesOption,
    ThresholdOption,
    fail,
    user_errors,
)
from exportscreen.cli.fetched import MaxListAgeOption
from exportscreen.cli.inputs import AllowDateOption
from exportscreen.errors import DeclarationError
from exportscreen.model import Result

if TYPE_CHECKING:
    from exportscreen.pipeline import Engine

Text = Annotated[str | None, typer.Option(rich_help_panel="Declaration")]


def check(
    hs: Annotated[
        str | None,
        typer.Option(
            "--hs",
            help="HS code (商品编号); dots and spaces allowed.",
            rich_help_panel="Declaration",
        ),
    ] = None,
    description: Annotated[
        str | None,
        typer.Option(help="Goods description (商品名称).", rich_help_panel="Declaration"),
    ] = None,
    spec: Annotated[
        str | None,
        typer.Option(
            help="Specification (规格型号): purity, sizes...", rich_help_panel="Declaration"
        ),
    ] = None,
    destination: Annotated[
        str | None,
        typer.Option(
            help="Destination country: ISO code, English or Chinese name.",
            rich_help_panel="Declaration",
        ),
    ] = None,
    consignee: Text = None,
    consignee_country: Text = None,
    consignee_address: Text = None,
    end_user: Text = None,
    consignee_id: Annotated[
        str | None,
        typer.Option(
            help="Consignee's registered identifiers, SCHEME:VALUE separated by ';' "
            "(IMO:9123456; LEI:...): an exact match with a listed entry is decisive.",
            rich_help_panel="Declaration",
        ),
    ] = None,
    end_user_id: Annotated[
        str | None,
        typer.Option(
            help="End user's registered identifiers, as for --consignee-id.",
            rich_help_panel="Declaration",
        ),
    ] = None,
    end_use: Annotated[
        str | None,
        typer.Option(
            help="End use, free text (e.g. 'military radar').", rich_help_panel="Declaration"
        ),
    ] = None,
    vessel: Annotated[
        str | None,
        typer.Option(
            help="The carrying vessel (运输工具名称), screened against the party lists.",
            rich_help_panel="Declaration",
        ),
    ] = None,
    vessel_id: Annotated[
        str | None,
        typer.Option(
            help="The vessel's identifiers, e.g. 'IMO:9187629', matched exactly.",
            rich_help_panel="Declaration",
        ),
    ] = None,
    quantity: Text = None,
    unit: Text = None,
    value: Text = None,
    currency: Text = None,
    date: Annotated[
        str | None,
        typer.Option(
            help="Shipment date YYYY-MM-DD (default: today).", rich_help_panel="Declaration"
        ),
    ] = None,
    allow_date: AllowDateOption = False,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Read the declaration from a YAML or JSON file; flags override its fields.",
            rich_help_panel="Declaration",
        ),
    ] = None,
    rules: RulesOption = None,
    no_builtin_rules: NoBuiltinRulesOption = False,
    party_list: PartyListOption = None,
    party_list_format: PartyListFormatOption = None,
    no_builtin_party_lists: NoBuiltinPartyListsOption = False,
    max_list_age: MaxListAgeOption = None,
    threshold: ThresholdOption = None,
    reviews: ReviewsOption = None,
    audit_db: AuditDbOption = None,
    no_audit: NoAuditOption = False,
    output_format: FormatOption = OutputFormat.table,
    fail_on: FailOnOption = FailOn.review,
) -> None:
    """Classify one declaration: licence required, prohibited, needs review, or not controlled.

    Example:
    exportscreen check --hs 8112929010 --description "gallium metal ingots 4N" --destination DE
    """
    from exportscreen.cli.fetched import result_with_warnings, use_fetched_lists
    from exportscreen.decide import exit_code
    from exportscreen.pipeline import check as run_check
    from exportscreen.pipeline import load_engine, run_config

    flags = {
        "hs_code": hs,
        "description": description,
        "spec": spec,
        "destination": destination,
        "consignee": consignee,
        "consignee_country": consignee_country,
        "consignee_address": consignee_address,
        "end_user": end_user,
        "consignee_id": consignee_id,
        "end_user_id": end_user_id,
        "end_use": end_use,
        "vessel": vessel,
        "vessel_id": vessel_id,
        "quantity": quantity,
        "unit": unit,
        "value": value,
        "currency": currency,
        "date": date,
    }
    with user_errors():
        fields = read_declaration_file(file) if file else {}
        fields.update({k: v for k, v in flags.items() if v is not None})
        if not any(fields.get(k) for k in ("hs_code", "description", "spec")):
            raise fail("give at least --hs or --description (or --file with those fields)")
        fetched = use_fetched_lists(party_list, max_list_age)
        engine = load_engine(
            rules or [],
            builtin=not no_builtin_rules,
            party_lists=fetched.paths,
            party_list_format=party_list_format,
            builtin_party_lists=not no_builtin_party_lists,
        )
        engine = fetched.annotate(engine)
        config = run_config(threshold=threshold, reviews=reviews, fail_on=fail_on.value)
        day = accepted_date(fields, allow_date)
        result = result_with_warnings(
            run_check(engine, fields, config, default_date=day), fetched.warnings
        )
        if not no_audit:
            record_check(engine, result, file, audit_db)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        from exportscreen.cli.render import print_result  # rich rendering only when needed

        print_result(result)
    raise typer.Exit(exit_code(result.decision, fail_on.value))


def accepted_date(fields: dict[str, Any], allow_date: bool) -> date | None:
    """With --allow-date, the declaration's date taken as given: it moves out of ``fields``
    (where a date before 2000 or over a year ahead is an error) into the default date."""
    from exportscreen.declaration import parse_date

    text = fields.get("date")
    if not allow_date or not isinstance(text, str) or not text.strip():
        return None
    try:
        day = parse_date(text)
    except ValueError:
        return None  # reported with the other fields
    del fields["date"]
    return day


def record_check(engine: Engine, result: Result, file: Path | None, db: Path | None) -> None:
    from exportscreen.audit.recording import findings_of, head_line, start_recording

    store, recorder = start_recording("check", engine, [file] if file else [], db)
    with store, recorder:
        recorder.add(
            row=1,
            line=None,
            source=str(file) if file else "<command line>",
            fields=result.declaration.to_dict(),
            decision=result.decision.value,
            findings=findings_of(result),
        )
        head = recorder.finish(counts={result.decision.value: 1})
    typer.echo(head_line(recorder.run_id, head), err=True)  # issue 12 D1: keep it elsewhere


# A declaration is one shipment; a file larger than this is not one (issue 12 C4).
MAX_DECLARATION_BYTES = 1024 * 1024


def read_declaration_file(path: Path) -> dict[str, Any]:
    """A declaration as a YAML/JSON mapping of field names to values.

    Refused with a DeclarationError naming the file: anything but a regular file, more than
    MAX_DECLARATION_BYTES, text that is not UTF-8, YAML bombs, and a key given twice.
    """

    # PyYAML only for --file: importing it costs a flag-only check about 12 ms.
    from exportscreen.ruleset.yamlload import YamlSyntaxError, dotted_path, load_yaml

    def error(message: str) -> DeclarationError:
        return DeclarationError([("file", message)], source=str(path))

    try:
        if not path.is_file():
            raise error("cannot read: " + ("not a file" if path.exists() else "no such file"))
        if path.stat().st_size > MAX_DECLARATION_BYTES:
            raise error(f"larger than {MAX_DECLARATION_BYTES:,} bytes; a declaration is one record")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise error("not UTF-8 text") from None
    try:
        parsed = load_yaml(text)
    except YamlSyntaxError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        raise error(f"{where}not valid YAML/JSON: {exc}") from None
    if parsed.duplicate_keys:
        raise DeclarationError(
            [
                (dotted_path(key), f"line {line}: given more than once; keep one")
                for key, line in parsed.duplicate_keys
            ],
            source=str(path),
        )
    if not isinstance(parsed.data, dict):
        raise error("expected a mapping of declaration fields")
    return {str(k): v for k, v in parsed.data.items()}
