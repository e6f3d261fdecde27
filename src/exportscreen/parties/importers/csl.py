"""US Consolidated Screening List (trade.gov ``consolidated.csv``), UTF-8 with a header row.

Published columns: _id, source, entity_number, type, programs, name, title, addresses,
federal_register_notice, start_date, end_date, standard_order, license_requirement,
license_policy, call_sign, vessel_type, gross_tonnage, gross_registered_tonnage, vessel_flag,
vessel_owner, remarks, source_list_url, alt_names, citizenships, dates_of_birth, nationalities,
places_of_birth, source_information_url, ids. Columns are found by name, so a reordered or
extended header still reads; only ``source`` and ``name`` are required.

Multi-valued cells (programs, addresses, alt_names, citizenships, nationalities, ids) are
``; ``-separated. Each address ends with its country as an ISO alpha-2 code ("Beijing, CN");
an ``ids`` item is "[country, ]number, kind" ("CH, X0906223, Passport"; "IMO 9187629, Vessel
Registration Identification"). ``type`` is Entity, Individual, Vessel, Aircraft, or empty for
the Commerce and State lists, which do not say.

Each entry keeps the name of the list it comes from ("Entity List (EL) - Bureau of Industry and
Security"), because the lists have very different legal effects; `load_csl(sources=...)` keeps
only some of them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from exportscreen.countries import find_country
from exportscreen.parties.importers import PartyListError
from exportscreen.parties.importers.generic import (
    csv_table,
    header_index,
    imo_value,
    split_values,
    with_encodings,
)
from exportscreen.parties.records import PartyRecord

LIST_ID = "us-csl"
TITLE = "US Consolidated Screening List"
HEADER_MARK = frozenset({"source", "entity_number", "name", "alt_names"})  # used to detect it

_TYPES = {
    "": "unknown",  # Commerce and State rows leave the type empty: it may be a firm or a person
    "entity": "organization",
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
_SOURCE_CODE = re.compile(r"\(([A-Za-z0-9-]+)\)")
_ALPHA2 = re.compile(r"^[A-Z]{2}$")
_IMO = re.compile(r"\bIMO\s*([0-9]{7})\b", re.IGNORECASE)
# `ids` also carries facts that are not identifiers ("Financial Institution, Target Type",
# "03 Jun 2021, Listing Date (CMIC)", web sites, directives); kinds containing these are skipped.
_NOT_IDENTIFIERS = (
    "date",
    "directive",
    "executive order",
    "website",
    "email",
    "e-mail",
    "phone",
    "fax",
    "target type",
    "issuer name",
    "gender",
    "nationality",
    "citizen",
    "sanction",
    "organization type",
    "transactions prohibited",
    "aircraft model",
    "aircraft operator",
    "vessel flag",
    "linked to",
    "title",
    "position",
)
# OFAC's kinds under the short schemes the rest of exportscreen uses; others are slugged.
_SCHEMES = {
    "vessel registration identification": "imo",
    "swift/bic": "swift_bic",
    "unified social credit code (uscc)": "uscc",
    "national id no.": "national_id",
    "tax id no.": "tax_id",
    "legal entity number": "lei",
    "aircraft manufacturer's serial number (msn)": "msn",
}


@dataclass(frozen=True, slots=True)
class CslEntry:
    """One CSL row: the record to screen against plus what the CSL says about the listing."""

    record: PartyRecord
    source: str  # e.g. "Entity List (EL) - Bureau of Industry and Security"
    start_date: date | None  # the `start_date` column, when it holds an ISO date
    programs: tuple[str, ...]
    line: int


def source_code(source: str) -> str:
    """'Entity List (EL) - Bureau of Industry and Security' -> 'EL' ('' when there is none)."""
    found = _SOURCE_CODE.search(source)
    return found.group(1) if found else ""


def _wanted(source: str, wanted: Collection[str]) -> str | None:
    """The filter item `source` answers to: its full name or its code, case-blind."""
    keys = {source.casefold(), source_code(source).casefold()}
    return next((w for w in wanted if w.casefold() in keys), None)


def load_csl(
    path: Path, *, sources: Collection[str] | None = None, encoding: str | None = None
) -> list[CslEntry]:
    """Read consolidated.csv; `sources` keeps only rows of those lists (full names or codes
    such as "EL", "SDN"), and a requested list with no rows is an error."""
    path = Path(path)
    return with_encodings(path, encoding, lambda enc: _load(path, sources, enc))


def _load(path: Path, sources: Collection[str] | None, encoding: str) -> list[CslEntry]:
    entries: list[CslEntry] = []
    found: set[str] = set()
    all_sources: dict[str, None] = {}
    for entry in _parse(path, encoding):
        all_sources.setdefault(entry.source)
        if sources is not None:
            hit = _wanted(entry.source, sources)
            if hit is None:
                continue
            found.add(hit)
        entries.append(entry)
    missing = [s for s in sources or () if s not in found]
    if missing:
        raise PartyListError(
            f"{path}: no rows from {', '.join(map(repr, missing))} "
            f"(the file has: {'; '.join(all_sources) or 'no rows'})"
        )
    return entries


def _parse(path: Path, encoding: str) -> Iterator[CslEntry]:
    table = csv_table(path, encoding)
    header_line, header = next(table)
    index = header_index(header)
    for required in ("source", "name"):
        if required not in index:
            raise PartyListError(
                f"{path}:{header_line}: no {required!r} column "
                "(a CSL file starts with the header _id,source,entity_number,type,...,name,...)"
            )

    def cell(row: list[str], column: str) -> str:
        position = index.get(column)
        return row[position].strip() if position is not None else ""

    given_ids: dict[str, int] = {}
    hashed: dict[str, int] = {}
    for line, row in table:
        source, name = cell(row, "source"), cell(row, "name")
        if not name:
            raise PartyListError(f"{path}:{line}: entry has no name")
        kind = cell(row, "type")
        if kind.casefold() not in _TYPES:
            raise PartyListError(
                f"{path}:{line}: unknown type {kind!r} "
                "(expected Entity, Individual, Vessel, Aircraft or empty)"
            )
        entity_id = cell(row, "_id")
        if entity_id:
            if entity_id in given_ids:
                first = given_ids[entity_id]
                raise PartyListError(
                    f"{path}:{line}: duplicate _id {entity_id} (first at line {first})"
                )
            given_ids[entity_id] = line
        else:
            # Older layouts have no _id: a hash of what identifies the row keeps the id stable
            # from one download to the next; a repeat of the same name on the same list (the
            # Entity List has some, at different addresses) gets a counter.
            digest = hashlib.sha1(f"{source}\x1f{name}".encode()).hexdigest()[:16]
            hashed[digest] = hashed.get(digest, 0) + 1
            entity_id = digest if hashed[digest] == 1 else f"{digest}-{hashed[digest]}"

        identifiers = [_identifier(item) for item in split_values(cell(row, "ids"))]
        call_sign = cell(row, "call_sign")
        if call_sign:
            identifiers.append(("call_sign", call_sign))

        record = PartyRecord(
            list_id=LIST_ID,
            entity_id=entity_id,
            type=_TYPES[kind.casefold()],
            names=tuple(dict.fromkeys((name, *split_values(cell(row, "alt_names"))))),
            countries=_countries(
                cell(row, "addresses"), cell(row, "citizenships"), cell(row, "nationalities")
            ),
            identifiers=tuple(dict.fromkeys(i for i in identifiers if i is not None)),
        )
        yield CslEntry(
            record=record,
            source=source,
            start_date=_date(cell(row, "start_date")),
            programs=tuple(split_values(cell(row, "programs"))),
            line=line,
        )


def _countries(addresses: str, citizenships: str, nationalities: str) -> tuple[str, ...]:
    """Address countries (the last part of each address), then citizenships and nationalities.

    Parts that name no country ("Region: Crimea", a bare postcode) are left out rather than
    guessed at.
    """
    texts = [a.rsplit(",", 1)[-1].strip() for a in split_values(addresses)]
    texts += split_values(citizenships) + split_values(nationalities)
    codes: list[str] = []
    for text in texts:
        code = text if _ALPHA2.match(text) else getattr(find_country(text), "alpha2", None)
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


def _identifier(item: str) -> tuple[str, str] | None:
    """'RU, 1027700159497, Registration Number' -> ('registration_number', '1027700159497')."""
    parts = [p.strip() for p in item.split(",")]
    if len(parts) < 2:
        return None
    kind = parts[-1]
    values = parts[1:-1] if len(parts) > 2 and _ALPHA2.match(parts[0]) else parts[:-1]
    value = ", ".join(values).strip()
    imo = _IMO.search(value)
    if imo:
        return ("imo", imo.group(1))
    folded = kind.casefold()
    if not value or any(word in folded for word in _NOT_IDENTIFIERS):
        return None
    scheme = _SCHEMES.get(folded) or re.sub(r"[^a-z0-9]+", "_", folded).strip("_")
    if not scheme:
        return None
    return (scheme, imo_value(value) if scheme == "imo" else value)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
