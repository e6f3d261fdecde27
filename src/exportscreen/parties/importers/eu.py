"""EU Financial Sanctions Files (FSF), XML format 1.1 (``xmlFullSanctionsList_1_1``).

The root ``export`` (namespace ``http://eu.europa.ec/fpi/fsd/export``) carries
``generationDate``; each ``sanctionEntity`` (id ``logicalId``, ``euReferenceNumber``) has a
``subjectType`` (``person`` or ``enterprise``), ``nameAlias`` elements (``wholeName``),
``citizenship`` and ``address`` elements with ``countryIso2Code`` (``00`` when unknown),
``identification`` elements (``identificationTypeCode``, ``number``) and the ``regulation``
elements that listed it, whose earliest ``publicationDate`` is taken as the listing date.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from exportscreen.parties.importers import PartyListError
from exportscreen.parties.importers.xmlfile import (
    ListedParty,
    XmlList,
    children,
    country_code,
    local,
    parse_day,
    parse_xml,
    require_entries,
    unique,
)
from exportscreen.parties.records import UNSPECIFIED_SCHEME, PartyRecord

LIST_ID = "eu-fsf"
TITLE = "EU Financial Sanctions Files (consolidated list)"
ROOT = "export"
ENTITY = "sanctionEntity"
_TYPES = {"person": "person", "enterprise": "organization"}
_SCHEMES = {"passport": "passport", "id": "national_id", "regnumber": "registration_number"}


def load_eu(path: Path) -> XmlList:
    """Every sanctionEntity of an FSF XML file."""
    root = parse_xml(path)
    if local(root.tag) != ROOT:
        raise PartyListError(f"{path}:1: expected an <{ROOT}> document, found <{local(root.tag)}>")
    entries: list[ListedParty] = []
    seen: set[str] = set()
    for element in children(root, ENTITY):
        entry = _entry(path, element)
        if entry.record.entity_id in seen:
            raise PartyListError(f"{path}: duplicate logicalId {entry.record.entity_id}")
        seen.add(entry.record.entity_id)
        entries.append(entry)
    return XmlList(
        require_entries(path, entries, f"{ENTITY} elements"),
        parse_day(root.get("generationDate", "")),
    )


def _entry(path: Path, element: Element) -> ListedParty:
    entity_id = element.get("logicalId", "").strip()
    names = unique(_whole_name(alias) for alias in children(element, "nameAlias"))
    if not entity_id or not names:
        raise PartyListError(f"{path}: a {ENTITY} has no logicalId or no nameAlias wholeName")
    subject = children(element, "subjectType")
    code = subject[0].get("code", "") if subject else ""
    codes = [
        country_code(place.get("countryIso2Code", ""))
        for tag in ("citizenship", "address")
        for place in children(element, tag)
    ]
    identifiers: list[tuple[str, str]] = []
    for ident in children(element, "identification"):
        number = ident.get("number", "").strip()
        if number:
            kind = ident.get("identificationTypeCode", "").casefold()
            scheme = _SCHEMES.get(kind) or re.sub(r"[^a-z0-9]+", "_", kind).strip("_")
            identifiers.append((scheme or UNSPECIFIED_SCHEME, number))
    dates = [
        d
        for d in (parse_day(r.get("publicationDate", "")) for r in children(element, "regulation"))
        if d
    ]
    programmes = [r.get("programme", "") for r in children(element, "regulation")]
    record = PartyRecord(
        list_id=LIST_ID,
        entity_id=entity_id,
        type=_TYPES.get(code, "unknown"),
        names=names,
        countries=unique(c for c in codes if c),
        identifiers=tuple(dict.fromkeys(identifiers)),
    )
    return ListedParty(record, min(dates) if dates else None, "; ".join(unique(programmes)))


def _whole_name(alias: Element) -> str:
    """``wholeName``, else the name parts it is made of."""
    whole = alias.get("wholeName", "").strip()
    if whole:
        return whole
    parts = (alias.get(key, "").strip() for key in ("firstName", "middleName", "lastName"))
    return " ".join(p for p in parts if p)
