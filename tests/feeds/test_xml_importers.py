"""The UN, EU and UK XML importers: what they read, and what they refuse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import DATA

from exportscreen.parties.importers import PartyListError
from exportscreen.parties.importers.registry import detect_format, load_party_file

XML = DATA / "xml"


@pytest.mark.parametrize(("name", "fmt"), [("un", "un"), ("eu", "eu"), ("uk", "uk")])
def test_the_format_is_told_by_the_root_element(name: str, fmt: str, tmp_path: Path) -> None:
    copy = tmp_path / "download.xml"
    copy.write_bytes((XML / f"{name}.xml").read_bytes())
    assert detect_format(copy) == fmt


def test_un_individuals_and_entities() -> None:
    loaded = load_party_file(XML / "un.xml")
    assert (loaded.list_id, loaded.format, loaded.published) == ("un-sc", "un", date(2026, 11, 28))
    person, entity = loaded.records
    assert person.entity_id == "KPi.901" and person.type == "person"
    assert person.names == ("EXAMPLE PERSON ONE", "E. P. ONE", "예시 인물")
    assert person.countries == ("KP", "CN")
    assert person.identifiers == (("passport", "P0000001"),)
    assert entity.names == ("EXAMPLE MINERALS TRADING CORPORATION", "EMTC")
    assert entity.type == "organization" and entity.countries == ("KP",)
    assert loaded.listed == {"KPi.901": date(2017, 6, 2), "KPe.901": date(2016, 3, 2)}
    assert loaded.source_lists["KPe.901"] == "DPRK"


def test_eu_entities_with_codes_and_regulation_dates() -> None:
    loaded = load_party_file(XML / "eu.xml")
    assert (loaded.list_id, loaded.published) == ("eu-fsf", date(2026, 11, 30))
    company, person = loaded.records
    assert company.type == "organization" and person.type == "person"
    assert company.names == ("Example Rare Metals Joint Stock Company", "АО Пример Редкие Металлы")
    assert company.countries == ("RU",)
    assert person.countries == ()  # "00": not known
    assert company.identifiers == (("registration_number", "1000000000001"),)
    assert loaded.listed["990001"] == date(2022, 3, 15)  # the earliest regulation


def test_uk_designations_by_kind() -> None:
    loaded = load_party_file(XML / "uk.xml")
    assert (loaded.list_id, loaded.published) == ("uk-sanctions", date(2026, 12, 1))
    entity, ship, person = loaded.records
    assert entity.names == (
        "EXAMPLE TUNGSTEN HOLDINGS LIMITED",
        "EXAMPLE TUNGSTEN",
        "ПРИМЕР ВОЛЬФРАМ",
    )
    assert (entity.type, entity.countries) == ("organization", ("RU",))
    assert (ship.type, ship.identifiers) == ("vessel", (("imo", "9000001"),))
    assert person.names == ("Example Ivanovich PERSONOV", "E. I. PERSONOV")
    assert loaded.listed["RUS9903"] == date(2022, 3, 1)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "list.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("fmt", "text", "message"),
    [
        ("un", "<CONSOLIDATED_LIST><INDIVIDUALS>", "malformed XML"),
        ("un", "<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>", "no INDIVIDUAL"),
        ("un", "<Designations/>", "expected a <CONSOLIDATED_LIST>"),
        ("un", "<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID></ENTITY></ENTITIES>"
               "</CONSOLIDATED_LIST>", "no name"),
        ("eu", '<export><sanctionEntity logicalId="1"><nameAlias wholeName="A"/></sanctionEntity>'
               '<sanctionEntity logicalId="1"><nameAlias wholeName="B"/></sanctionEntity></export>',
         "duplicate logicalId 1"),
        ("uk", "<Designations><Designation><UniqueID>X1</UniqueID><IndividualEntityShip>Plane"
               "</IndividualEntityShip><Names><Name><Name6>A</Name6></Name></Names></Designation>"
               "</Designations>", "unknown IndividualEntityShip"),
        ("uk", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
               "<Designations>&b;</Designations>", "refused XML construct"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_the_reason(
    fmt: str, text: str, message: str, tmp_path: Path
) -> None:
    with pytest.raises(PartyListError, match=message):
        load_party_file(write(tmp_path, text), fmt)


def test_an_xml_file_of_another_kind_is_not_guessed(tmp_path: Path) -> None:
    with pytest.raises(PartyListError, match="cannot tell the XML party list format"):
        detect_format(write(tmp_path, "<sdnList/>"))


def test_eu_names_from_parts_when_there_is_no_whole_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="7">'
        '<subjectType code="person"/><nameAlias firstName="Ann" lastName="Example"/>'
        "</sanctionEntity></export>",
    )
    (record,) = load_party_file(path, "eu").records
    assert record.names == ("Ann Example",)
