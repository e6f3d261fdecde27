"""A small restricted-party list shared by the matcher tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportscreen.parties import Matcher, PartyRecord
from exportscreen.parties.importers.ofac import load_sdn

OFAC_SLICE = Path(__file__).parent / "data" / "ofac" / "sdn.csv"


def _org(entity_id: str, *names: str, country: str = "", kind: str = "organization") -> PartyRecord:
    return PartyRecord(
        list_id="test",
        entity_id=entity_id,
        type=kind,
        names=names,
        countries=(country,) if country else (),
    )


RECORDS = [
    _org("aig", "ARMED ISLAMIC GROUP", country="DZ"),
    _org("belle", "BELLETECH CORP", country="CN"),
    _org("emma", "Emma Daniels", kind="person"),
    _org("haige", "GUANGZHOU HAIGE COMMUNICATIONS GROUP", "广州海格通信集团", country="CN"),
    _org("lm", "LOCKHEED MARTIN CORPORATION", "洛克希德·马丁公司", country="US", kind="company"),
    _org("romashka", "OOO ROMASHKA", "ООО Ромашка", country="RU", kind="company"),
    _org("argument", "JSC ARGUMENT", country="RU", kind="company"),
    _org("fiolent", "AO ZAVOD FIOLENT", country="UA"),
    _org("global", "GLOBAL TRADING GROUP", country="AE"),
    _org("intl", "INTERNATIONAL TRADING COMPANY LIMITED", country="HK"),
    _org("asia", "ASIA PACIFIC TRADING GROUP LTD", country="SG"),
    _org("east", "EASTERN INDUSTRY GROUP CO., LTD.", country="CN"),
    _org("west", "WESTERN TECHNOLOGY GROUP", country="CN"),
    _org("kkrt", "KARAKORUM TECHNOLOGY GROUP", country="PK"),
    _org("hk1", "HONG KONG ELECTRONICS TRADING CO", country="HK"),
    _org("nuc", "NUCLEAR SCIENCE AND TECHNOLOGY RESEARCH INSTITUTE", country="IR"),
    _org("m11", "11420 CORP.", country="US"),
    _org("sinopec", "MANAGEMENT COMPANY 23", country="RU"),
    _org("abc", "A.B.C. TRADING COMPANY", country="AE"),
    _org("samsung", "삼성전자 주식회사", country="KR", kind="company"),
    _org("sony", "ソニー株式会社", country="JP", kind="company"),
    PartyRecord(
        list_id="test",
        entity_id="ship",
        type="vessel",
        names=("OCEAN STAR",),
        identifiers=(("imo", "9123456"),),
    ),
    PartyRecord(
        list_id="test",
        entity_id="ship2",
        type="vessel",
        names=("OCEAN STARLIGHT",),
        identifiers=(("imo", "9654321"),),
    ),
]


@pytest.fixture(scope="session")
def records() -> list[PartyRecord]:
    return [*RECORDS, *load_sdn(OFAC_SLICE)]


@pytest.fixture(scope="session")
def matcher(records: list[PartyRecord]) -> Matcher:
    return Matcher(records)
