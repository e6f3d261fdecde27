"""Shared reading of the XML party lists (UN, EU, UK): safe parsing and small helpers.

XML is parsed with defusedxml, which refuses entity expansion and external references, so a
hostile or corrupted download cannot blow up memory or read local files. A file that is not
well-formed (a truncated download, an HTML page) raises PartyListError naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from exportscreen.countries import find_country
from exportscreen.parties.importers import PartyListError
from exportscreen.parties.records import PartyRecord

_ALPHA2 = re.compile(r"^[A-Z]{2}$")
_IMO = re.compile(r"(?<![0-9])([0-9]{7})(?![0-9])")


@dataclass(frozen=True, slots=True)
class ListedParty:
    """One entry of an XML list: the record, its listing date and the programme it is under."""

    record: PartyRecord
    listed: date | None = None
    source_list: str = ""


@dataclass(frozen=True, slots=True)
class XmlList:
    """The entries of one XML list file and the date its publisher generated it."""

    entries: list[ListedParty]
    published: date | None


def parse_xml(path: Path) -> Element:
    """The root element of `path`; PartyListError for unreadable, malformed or unsafe XML."""
    try:
        tree = SafeET.parse(str(path))
    except OSError as exc:
        raise PartyListError(f"{path}: cannot read: {exc.strerror}") from exc
    except ParseError as exc:
        line = exc.position[0] if exc.position else 1
        raise PartyListError(f"{path}:{line}: malformed XML: {exc}") from exc
    except DefusedXmlException as exc:
        raise PartyListError(f"{path}:1: refused XML construct: {exc}") from exc
    root = tree.getroot()
    if root is None:
        raise PartyListError(f"{path}:1: empty XML document")
    return root


def root_tag(path: Path) -> str | None:
    """The local name of the first element, reading as little as possible; None if not XML."""
    try:
        for _event, element in SafeET.iterparse(str(path), events=("start",)):
            return local(element.tag)
    except (OSError, ParseError, DefusedXmlException):
        return None
    return None


def local(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local(child.tag) == name]


def descendants(element: Element, name: str) -> list[Element]:
    return [child for child in element.iter() if local(child.tag) == name]


def text(element: Element, name: str) -> str:
    """The stripped text of the first child called `name`, or ''."""
    for child in element:
        if local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Non-empty values, first occurrence kept, compared without case and extra spaces."""
    seen: set[str] = set()
    kept: list[str] = []
    for raw in values:
        value = " ".join(raw.split())
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            kept.append(value)
    return tuple(kept)


def country_code(text_value: str) -> str | None:
    """An ISO alpha-2 code for a code or a country name; None when unknown or a region."""
    value = text_value.strip()
    if not value:
        return None
    if _ALPHA2.match(value):
        return value if value != "00" else None
    country = find_country(value)
    return country.alpha2 if country else None


def imo_numbers(texts: Iterable[str]) -> list[tuple[str, str]]:
    return [("imo", m) for t in texts for m in _IMO.findall(t)]


def parse_day(value: str, *formats: str) -> date | None:
    """The date in `value` (ISO first, then each of `formats`); None when it has none."""
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in formats:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def require_entries(path: Path, entries: list[ListedParty], what: str) -> list[ListedParty]:
    if not entries:
        raise PartyListError(f"{path}:1: no {what} found; is this the right file?")
    return entries
