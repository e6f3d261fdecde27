"""UN Security Council Consolidated List, XML (``consolidated.xml``).

The root ``CONSOLIDATED_LIST`` carries ``dateGenerated``; ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY`` hold the entries. An individual's name is FIRST_NAME to FOURTH_NAME; an
entity's is FIRST_NAME. Aliases are ``*_ALIAS/ALIAS_NAME``, the name in its own script
``NAME_ORIGINAL_SCRIPT``; countries come from NATIONALITY/VALUE and ``*_ADDRESS/COUNTRY``
(names, mapped to ISO codes); identifiers from ``INDIVIDUAL_DOCUMENT``. The entry id is the
permanent reference number (``QDi.001``), else DATAID; LISTED_ON is the listing date and
UN_LIST_TYPE the sanctions regime.
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
    descendants,
    parse_day,
    parse_xml,
    require_entries,
    text,
    unique,
)
from exportscreen.parties.records import UNSPECIFIED_SCHEME, PartyRecord

LIST_ID = "un-sc"
TITLE = "UN Security Council Consolidated List"
ROOT = "CONSOLIDATED_LIST"
_SECTIONS = (("person", "INDIVIDUALS", "INDIVIDUAL"), ("organization", "ENTITIES", "ENTITY"))
_DOCUMENT_SCHEMES = {"passport": "passport", "national identification number": "national_id"}


def load_un(path: Path) -> XmlList:
    """Every individual and entity of a UN consolidated.xml file."""
    root = parse_xml(path)
    if root.tag != ROOT:
        raise PartyListError(f"{path}:1: expected a <{ROOT}> document, found <{root.tag}>")
    entries: list[ListedParty] = []
    seen: set[str] = set()
    for kind, group, item in _SECTIONS:
        for section in children(root, group):
            for element in children(section, item):
                entry = _entry(path, element, kind)
                if entry.record.entity_id in seen:
                    raise PartyListError(
                        f"{path}: duplicate reference number {entry.record.entity_id}"
                    )
                seen.add(entry.record.entity_id)
                entries.append(entry)
    return XmlList(
        require_entries(path, entries, "INDIVIDUAL or ENTITY entries"),
        parse_day(root.get("dateGenerated", "")),
    )


def _entry(path: Path, element: Element, kind: str) -> ListedParty:
    entity_id = text(element, "REFERENCE_NUMBER") or text(element, "DATAID")
    parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    name = " ".join(p for p in (text(element, part) for part in parts) if p)
    if not entity_id or not name:
        raise PartyListError(f"{path}: an {element.tag} has no reference number or no name")
    aliases = [a.text or "" for a in descendants(element, "ALIAS_NAME")]
    original = [text(element, "NAME_ORIGINAL_SCRIPT")]
    countries = [v.text or "" for n in children(element, "NATIONALITY") for v in n]
    countries += [c.text or "" for c in descendants(element, "COUNTRY")]
    identifiers: list[tuple[str, str]] = []
    for document in children(element, "INDIVIDUAL_DOCUMENT"):
        number = text(document, "NUMBER")
        if number:
            kind_of = text(document, "TYPE_OF_DOCUMENT").casefold()
            scheme = _DOCUMENT_SCHEMES.get(kind_of) or (
                re.sub(r"[^a-z0-9]+", "_", kind_of).strip("_") or UNSPECIFIED_SCHEME
            )
            identifiers.append((scheme, number))
    codes = unique(c for c in (country_code(t) for t in countries) if c)
    record = PartyRecord(
        list_id=LIST_ID,
        entity_id=entity_id,
        type=kind,
        names=unique([name, *aliases, *original]),
        countries=codes,
        identifiers=tuple(dict.fromkeys(identifiers)),
    )
    return ListedParty(record, parse_day(text(element, "LISTED_ON")), text(element, "UN_LIST_TYPE"))
