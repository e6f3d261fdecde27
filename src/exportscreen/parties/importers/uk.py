"""UK Sanctions List (FCDO), XML (``UK-Sanctions-List.xml``).

The root ``Designations`` holds ``DateGenerated`` (dd/mm/yyyy) and one ``Designation`` per
person, entity or ship: ``UniqueID``, ``IndividualEntityShip`` (Individual, Entity, Ship),
``Names/Name`` with the parts ``Name1``..``Name6`` (Name6 is the surname or the entity name)
and a ``NameType`` (Primary Name, Primary Name Variation, Alias), ``NonLatinNames``,
``RegimeName``, ``DateDesignated`` and country names under ``Addresses`` and ``Nationalities``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from exportscreen.parties.importers import PartyListError
from exportscreen.parties.importers.xmlfile import (
    ListedParty,
    XmlList,
    children,
    country_code,
    descendants,
    imo_numbers,
    local,
    parse_day,
    parse_xml,
    require_entries,
    text,
    unique,
)
from exportscreen.parties.records import PartyRecord

LIST_ID = "uk-sanctions"
TITLE = "UK Sanctions List"
ROOT = "Designations"
_TYPES = {"individual": "person", "entity": "organization", "ship": "vessel"}
_DAY = "%d/%m/%Y"
_NAME_PARTS = ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6")
_COUNTRY_TAGS = frozenset({"AddressCountry", "Nationality", "Country", "CountryOfBirth"})


def load_uk(path: Path) -> XmlList:
    """Every Designation of a UK Sanctions List XML file."""
    root = parse_xml(path)
    if local(root.tag) != ROOT:
        raise PartyListError(f"{path}:1: expected a <{ROOT}> document, found <{local(root.tag)}>")
    entries: list[ListedParty] = []
    seen: set[str] = set()
    for element in children(root, "Designation"):
        entry = _entry(path, element)
        if entry.record.entity_id in seen:
            raise PartyListError(f"{path}: duplicate UniqueID {entry.record.entity_id}")
        seen.add(entry.record.entity_id)
        entries.append(entry)
    return XmlList(
        require_entries(path, entries, "Designation elements"),
        parse_day(text(root, "DateGenerated"), _DAY),
    )


def _entry(path: Path, element: Element) -> ListedParty:
    entity_id = text(element, "UniqueID")
    kind = text(element, "IndividualEntityShip")
    primary: list[str] = []
    others: list[str] = []
    for name in descendants(element, "Name"):
        full = " ".join(p for p in (text(name, part) for part in _NAME_PARTS) if p)
        (primary if text(name, "NameType").casefold() == "primary name" else others).append(full)
    others += [n.text or "" for n in descendants(element, "NameNonLatinScript")]
    names = unique([*primary, *others])
    if not entity_id or not names:
        raise PartyListError(f"{path}: a Designation has no UniqueID or no name")
    if kind.casefold() not in _TYPES:
        raise PartyListError(f"{path}: {entity_id}: unknown IndividualEntityShip {kind!r}")
    places = [e.text or "" for e in element.iter() if local(e.tag) in _COUNTRY_TAGS]
    imo_texts = [e.text or "" for e in element.iter() if "IMO" in local(e.tag).upper()]
    record = PartyRecord(
        list_id=LIST_ID,
        entity_id=entity_id,
        type=_TYPES[kind.casefold()],
        names=names,
        countries=unique(c for c in (country_code(p) for p in places) if c),
        identifiers=tuple(dict.fromkeys(imo_numbers(imo_texts))),
    )
    return ListedParty(
        record, parse_day(text(element, "DateDesignated"), _DAY), text(element, "RegimeName")
    )
