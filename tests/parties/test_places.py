"""Consignee fields as written (issue 15, item 3) and one-word evidence (issue 15, item 4)."""

from __future__ import annotations

import pytest

from exportscreen.parties import DEFAULT_THRESHOLD, REVIEW_THRESHOLD, Matcher, PartyRecord
from exportscreen.parties.matcher import ONE_WORD_CAP
from exportscreen.parties.places import city_keys, place_cuts


def field_alerts(matcher: Matcher, field: str) -> set[str]:
    return {h.entity_id for h in matcher.search_field(field, min_score=DEFAULT_THRESHOLD)}


@pytest.mark.parametrize(
    "field",
    [
        "Lockheed Martin Corporation USA",
        "Lockheed Martin USA",  # Martin is also a town in Slovakia: the later cut is offered
        "Lockheed Martin Corporation Bethesda",
        "Lockheed Martin Corporation, USA",
        "LOCKHEED MARTIN CORPORATION (UNITED STATES)",
        "Lockheed Martin Corporation - Bethesda",
        "Lockheed Martin Corporation 6801 Rockledge Drive Bethesda MD 20817 USA",
        "LOCKHEED MARTIN CORP. Rockledge Drive 6801, Bethesda, Maryland",
        "Lockheed Martin Corporation Vereinigte Staaten",  # the country table's German name
    ],
)
def test_a_name_followed_by_its_place_or_address_alerts(matcher: Matcher, field: str) -> None:
    assert "lm" in field_alerts(matcher, field)


def test_the_hit_says_where_the_name_ended(matcher: Matcher) -> None:
    [hit] = [
        h
        for h in matcher.search_field("Lockheed Martin Corporation Bethesda")
        if h.entity_id == "lm"
    ]
    assert hit.query_part == "Lockheed Martin Corporation"
    assert "before the place 'Bethesda'" in hit.explanation


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("ACME TRADING Hamburg", ["ACME TRADING"]),
        ("ACME TRADING (Germany)", ["ACME TRADING"]),
        ("ACME TRADING - Hamburg 20095", ["ACME TRADING"]),
        ("ACME TRADING Moskva", ["ACME TRADING"]),  # a Latin alternate name of Moscow
        ("ACME TRADING Dinslaken, Nordrhein-Westfalen", ["ACME TRADING"]),  # a region after it
        ("ACME TRADING Mumbai City", ["ACME TRADING"]),
        ("ACME TRADING Zweierstrasse 35 Zurich", ["ACME TRADING"]),
        ("ACME TRADING ul. Tverskaya 12 Moscow", ["ACME TRADING"]),
        # A place that is the name's own word stays with it: the later cut is offered as well.
        ("BANK OF MOSCOW RUSSIA", ["BANK OF MOSCOW"]),
        ("BANK OF MOSCOW", []),  # no cut leaves a name ending in OF
        ("ACME BUILDING MATERIALS", []),  # an address word inside a name, no place after it
        ("GOLDEN STAR LONDON TRADING", []),  # a city inside a name
        ("ANGLO-CARIBBEAN CO., LTD. Ibex House London", ["ANGLO-CARIBBEAN CO., LTD."]),
        ("ACME TRADING Россия", ["ACME TRADING"]),
        ("ACME TRADING Etats-Unis", ["ACME TRADING"]),
        # A region after a comma whose first word is also a town (Baja, Hungary).
        ("ACME S.A. DE C.V. Tijuana, Baja California", ["ACME S.A. DE C.V."]),
        # Right after a legal form, when an address follows.
        ("HAVANATUR S.A. Gerardo Medina No. 633 Pinar del Rio", ["HAVANATUR S.A."]),
        ("ACME LLC TRADING", []),  # a legal form inside a name, no address after it
        ("Perez and sons", []),  # AND is Andorra's code only written as a code
        ("Rivera LLC", []),
    ],
)
def test_place_cuts(field: str, names: list[str]) -> None:
    assert [cut.name for cut in place_cuts(field)][: len(names) or None] == names


def test_the_gazetteer_is_real_data() -> None:
    keys = city_keys()
    assert len(keys) > 30_000
    assert {"bethesda", "hamburg", "moskva", "tehran", "dinslaken"} <= keys


@pytest.mark.parametrize(
    ("query", "list_name"),
    [
        ("Rivera LLC", "RIMERA"),  # one short word through a typo
        ("Glass PLC", "JOINT STOCK COMPANY CLASS"),
        ("Perrin", "PERARIN"),
        ("NOLAN", "NOLAN"),  # one exact word that is the whole list name
    ],
)
def test_one_word_is_weak_evidence(query: str, list_name: str) -> None:
    matcher = Matcher(
        [PartyRecord(list_id="t", entity_id="x", type="organization", names=(list_name,))]
    )
    hit = matcher.score_names(query, list_name)
    assert hit.score <= ONE_WORD_CAP < DEFAULT_THRESHOLD
    assert not matcher.search(query, min_score=DEFAULT_THRESHOLD)


def test_one_exact_whole_name_alerts_with_an_agreeing_country() -> None:
    record = PartyRecord(
        list_id="t", entity_id="x", type="organization", names=("NOLAN",), countries=("IR",)
    )
    matcher = Matcher([record])
    [hit] = matcher.search("NOLAN", country="IR")
    assert hit.score >= DEFAULT_THRESHOLD
    [weak] = matcher.search("NOLAN")
    assert REVIEW_THRESHOLD <= weak.score < DEFAULT_THRESHOLD
    assert "one word is weak evidence" in weak.explanation


def test_a_long_word_with_a_typo_still_alerts() -> None:
    matcher = Matcher(
        [PartyRecord(list_id="t", entity_id="x", type="organization", names=("HIZBALLAH",))]
    )
    assert matcher.search("HEZBALLAH", min_score=DEFAULT_THRESHOLD)
