"""Party fields holding more than one name: intermediaries, order parties, addresses."""

from __future__ import annotations

import pytest

from exportscreen.parties import DEFAULT_THRESHOLD, Matcher, PartyRecord
from exportscreen.parties.fields import split_party_field

LISTED = "DANDONG DONGYUAN INDUSTRIAL CO., LTD."


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        # One party acting for another: both are names.
        (
            "GLOBAL TRADING LTD C/O DANDONG DONGYUAN INDUSTRIAL CO",
            [
                ("GLOBAL TRADING LTD", "before 'C/O'"),
                ("DANDONG DONGYUAN INDUSTRIAL CO", "after 'C/O'"),
            ],
        ),
        (
            "Sunrise Logistics LLC for and on behalf of Mahan Air",
            [
                ("Sunrise Logistics LLC", "before 'FOR AND ON BEHALF OF'"),
                ("Mahan Air", "after 'FOR AND ON BEHALF OF'"),
            ],
        ),
        ("TO THE ORDER OF BANK MELLAT", [("BANK MELLAT", "after 'TO THE ORDER OF'")]),
        (
            "PACIFIC FREIGHT FZE O/B MAHAN AIR",
            [("PACIFIC FREIGHT FZE", "before 'O/B'"), ("MAHAN AIR", "after 'O/B'")],
        ),
        # Separators between names on one line.
        ("ALPHA LTD / MAHAN AIR", [("ALPHA LTD", "part 1"), ("MAHAN AIR", "part 2")]),
        ("ALPHA LTD; MAHAN AIR", [("ALPHA LTD", "part 1"), ("MAHAN AIR", "part 2")]),
        # The address after the name: a digit, an address word, a legal form before it, or
        # a country at the end.
        (f"{LISTED}, NO. 12 JINSHAN ROAD, DANDONG, CHINA", [(LISTED, "before the address")]),
        (
            "ANGLO-CARIBBEAN CO., LTD., Ibex House, The Minories, London, United Kingdom",
            [("ANGLO-CARIBBEAN CO., LTD.", "before the address")],
        ),
        ("ACME TRADING LLC P.O. BOX 2965, SHARJAH", [("ACME TRADING LLC", "before the address")]),
        (
            "EMPRESA CUBANA DE PESCADOS, Downsview, Ontario, Canada",
            [("EMPRESA CUBANA DE PESCADOS", "before the address")],
        ),
        # A block: the first line is the name; later lines count only with a marker or a
        # legal form (a city alone is no party).
        (
            "ALPHA ELECTRONICS LTD\nC/O MAHAN AIR\n12 HARBOUR ROAD\nDUBAI\nTEL: +971 4 000 000",
            [("ALPHA ELECTRONICS LTD", "line 1"), ("MAHAN AIR", "line 2, after 'C/O'")],
        ),
        ("ALPHA LTD\nBOGOTA\nCOLOMBIA", [("ALPHA LTD", "line 1")]),
        ("ALPHA LTD\nMAHAN AIR LLC", [("ALPHA LTD", "line 1"), ("MAHAN AIR LLC", "line 2")]),
        # One name, as written: nothing to split.
        ("ROSNEFT TRADING, S.A.", []),
        ("ACME TRADING CO., LTD.", []),
        ("CHINA NATIONAL PRECISION MACHINERY IMPORT/EXPORT CORPORATION", []),
        ("MAERSK A/S", []),
        ("SOVEREIGN MILITARY ORDER OF MALTA", []),
        ("SMITH, JOHN", []),
        # no one-word piece of a name; the places after it are cut off
        (
            "Winters, Lynn and Jackson, Ontario, Canada",
            [
                ("Winters, Lynn and Jackson", "before the place 'Ontario, Canada'"),
                ("Winters, Lynn and Jackson, Ontario", "before the place 'Canada'"),
            ],
        ),
        ("TO ORDER", []),
        ("", []),
        # Names that hold a marker word, an address word or a legal form stay whole.
        ("PAO, Hua Chiang", []),  # PAO is a surname here, not the Russian legal form
        ("HASSAN, Hameed ul", []),  # UL without its dot is no street
        ("ENDOWMENT FOR CARE OF LEBANESE AND PALESTINIAN FAMILIES", []),
        ("ASSOCIATION FOR EDUCATION, CULTURE AND BUILDING SOCIETY - SIRAT", []),
        ("FEDERAL STATE UNITARY ENTERPRISE, STATE RESEARCH AND PRODUCTION ENTERPRISE BAZALT", []),
        # Address words open or close an address segment; dotted abbreviations need the dot.
        (
            "KIVU TRADING SPRL, Av. President Mobutu, Goma",
            [("KIVU TRADING SPRL", "before the address")],
        ),
        ("OOO ROMASHKA, ul. Lenina, Moscow", [("OOO ROMASHKA", "before the address")]),
        ("AL RASHID TRUST, Karkh District, Baghdad", [("AL RASHID TRUST", "before the address")]),
    ],
)
def test_split_party_field(field: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.text, p.where) for p in split_party_field(field)] == expected


def _matcher() -> Matcher:
    names = {
        "dongyuan": LISTED,
        "mahan": "MAHAN AIR",
        "mellat": "BANK MELLAT",
        **{f"filler{i}": f"GLOBAL TRADING {i} GROUP" for i in range(10)},
    }
    return Matcher([PartyRecord("t", e, "organization", (n,)) for e, n in names.items()])


@pytest.mark.parametrize(
    ("field", "entity", "part"),
    [
        (
            "GLOBAL TRADING LTD C/O DANDONG DONGYUAN INDUSTRIAL CO",
            "dongyuan",
            "DANDONG DONGYUAN INDUSTRIAL CO",
        ),
        ("SUNRISE LOGISTICS LLC O/B MAHAN AIR", "mahan", "MAHAN AIR"),
        ("TO THE ORDER OF BANK MELLAT", "mellat", "BANK MELLAT"),
        (f"{LISTED}, NO. 12 JINSHAN ROAD, DANDONG, CHINA", "dongyuan", LISTED),
    ],
)
def test_a_listed_party_inside_a_field_alerts(field: str, entity: str, part: str) -> None:
    matcher = _matcher()
    # Scored as one name, the field dilutes the listed name below the threshold.
    assert all(
        h.entity_id != entity or h.score < DEFAULT_THRESHOLD
        for h in matcher.search(field, min_score=0.0)
    )
    hit = next(h for h in matcher.search_field(field) if h.entity_id == entity)
    assert hit.score >= DEFAULT_THRESHOLD
    assert hit.query_part == part
    assert hit.explanation.startswith("in the field, ")


def test_a_single_name_searches_as_before() -> None:
    matcher = _matcher()
    for name in ("MAHAN AIR", "BANK MELLAT LTD", "GLOBAL TRADING GROUP"):
        assert matcher.search_field(name) == matcher.search(name)
    assert all(h.query_part == "" for h in matcher.search_field("MAHAN AIR"))


def test_the_field_as_written_still_counts() -> None:
    # A name that happens to contain a marker keeps its hit on the whole field.
    matcher = Matcher([PartyRecord("t", "co", "organization", ("ALPHA C/O BETA HOLDING",))])
    hit = matcher.search_field("ALPHA C/O BETA HOLDING")[0]
    assert hit.entity_id == "co" and hit.score == 100.0 and hit.query_part == ""
