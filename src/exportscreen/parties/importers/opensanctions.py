"""OpenSanctions ``targets.simple.csv``, UTF-8 with a header row.

Columns as published: id, schema, name, aliases, birth_date, countries, addresses, identifiers,
sanctions, phones, emails, program_ids, dataset, first_seen, last_seen, last_change. Columns are
found by name (older exports have no program_ids and swap first_seen and last_seen); only id,
schema and name are required.

Multi-valued cells are themselves little CSV rows with ``;`` as the delimiter, so a value that
contains ``;`` arrives quoted (``"A; B";C``). Countries are lower-case ISO alpha-2 codes plus a
few OpenSanctions codes for places without one ("suhh" for the Soviet Union), which are left
out. Identifiers carry no scheme: IMO numbers ("IMO9187629") become ``imo``, the rest
``other``. ``first_seen`` is when OpenSanctions first saw the entry, not the listing date.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from exportscreen.parties.importers import PartyListError
from exportscreen.parties.importers.generic import csv_table, header_index, with_encodings
from exportscreen.parties.records import UNSPECIFIED_SCHEME, PartyRecord

LIST_ID = "opensanctions"
TITLE = "OpenSanctions targets"
HEADER_MARK = frozenset({"id", "schema", "name", "aliases"})  # used to detect the format

# FollowTheMoney schemata. LegalEntity is used when a source does not say whether the party is
# a person or an organisation, so it stays "unknown" (no person-specific scoring applies).
_TYPES = {
    "Person": "person",
    "Company": "company",
    "Organization": "organization",
    "PublicBody": "organization",
    "LegalEntity": "unknown",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
_ALPHA2 = re.compile(r"^[a-z]{2}$")
_IMO = re.compile(r"^IMO\s*([0-9]{7})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class OpenSanctionsEntry:
    """One target: the record to screen against plus what OpenSanctions says about it."""

    record: PartyRecord
    schema: str  # the FollowTheMoney schema as written, e.g. "Company"
    datasets: tuple[str, ...]  # dataset titles, e.g. "US OFAC Specially Designated Nationals"
    sanctions: tuple[str, ...]
    first_seen: date | None
    line: int


def values(cell: str) -> list[str]:
    """The values of a multi-valued cell, in order, without repeats or empty values."""
    if not cell.strip():
        return []
    try:
        parsed = next(csv.reader([cell], delimiter=";"), [])
    except csv.Error:
        # A value with a bare line break is not valid inner CSV; splitting is the best reading.
        parsed = cell.split(";")
    return list(dict.fromkeys(v for v in (p.strip() for p in parsed) if v))


def load_opensanctions(path: Path, *, encoding: str | None = None) -> list[OpenSanctionsEntry]:
    """Read targets.simple.csv (or any per-dataset export in the same layout)."""
    path = Path(path)
    return with_encodings(path, encoding, lambda enc: list(_parse(path, enc)))


def _parse(path: Path, encoding: str) -> Iterator[OpenSanctionsEntry]:
    table = csv_table(path, encoding)
    header_line, header = next(table)
    index = header_index(header)
    for required in ("id", "schema", "name"):
        if required not in index:
            raise PartyListError(
                f"{path}:{header_line}: no {required!r} column "
                "(targets.simple.csv starts with the header id,schema,name,aliases,...)"
            )

    def cell(row: list[str], column: str) -> str:
        position = index.get(column)
        return row[position].strip() if position is not None else ""

    seen: dict[str, int] = {}
    for line, row in table:
        entity_id, schema, name = cell(row, "id"), cell(row, "schema"), cell(row, "name")
        if not entity_id:
            raise PartyListError(f"{path}:{line}: entry has no id")
        if entity_id in seen:
            raise PartyListError(
                f"{path}:{line}: duplicate id {entity_id} (first at line {seen[entity_id]})"
            )
        seen[entity_id] = line
        if not name:
            raise PartyListError(f"{path}:{line}: entry {entity_id} has no name")
        identifiers = []
        for value in values(cell(row, "identifiers")):
            imo = _IMO.match(value)
            identifiers.append(("imo", imo.group(1)) if imo else (UNSPECIFIED_SCHEME, value))
        record = PartyRecord(
            list_id=LIST_ID,
            entity_id=entity_id,
            # Other schemata (CryptoWallet, Security, ...) are rare among targets; they are kept
            # as "unknown" so that nothing listed is silently dropped.
            type=_TYPES.get(schema, "unknown"),
            names=tuple(dict.fromkeys((name, *values(cell(row, "aliases"))))),
            countries=tuple(
                dict.fromkeys(
                    c.upper() for c in values(cell(row, "countries")) if _ALPHA2.match(c.lower())
                )
            ),
            identifiers=tuple(dict.fromkeys(identifiers)),
        )
        yield OpenSanctionsEntry(
            record=record,
            schema=schema,
            datasets=tuple(values(cell(row, "dataset"))),
            sanctions=tuple(values(cell(row, "sanctions"))),
            first_seen=_date(cell(row, "first_seen")),
            line=line,
        )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
