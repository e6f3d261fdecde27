"""Party searches memoised by name: a name seen with a second country is first searched without
one, below the floor (parties/lists.py). Every answer must be the matcher's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportscreen.parties.lists import PartyLists
from exportscreen.pipeline import load_engine

OFAC_SLICE = Path(__file__).parent / "parties" / "data" / "ofac" / "sdn.csv"
COUNTRIES = [None, "CU", "CN", "RU", "IR", "US", "DE", "CU", None, "CN"]


@pytest.fixture(scope="module")
def lists() -> PartyLists:
    return load_engine([], party_lists=[OFAC_SLICE]).party_lists


def _queries(lists: PartyLists) -> list[str]:
    """Listed names as written, cut short, misspelt and with other words, and names of no one."""
    names: list[str] = []
    for record in lists.records[:60]:
        name = record.names[0]
        words = name.split()
        names += [name, name.upper(), " ".join(words[:-1]) or name, name.replace("a", "e", 1)]
        names.append(f"{name} C/O Acme Trading Ltd")
    names += ["Acme Trading Ltd", "Zhongshan Widget Co", "Blue Sky Shipping", "Bank"]
    return names


def test_memoised_search_is_the_matchers(lists: PartyLists) -> None:
    fresh = PartyLists(lists.lists, lists.entries, lists.records)
    matcher = lists.matcher
    found = 0
    for name in _queries(fresh):
        for country in COUNTRIES:
            for floor in (65.0, 75.0, 85.0):
                expected = matcher.search_field(name, country=country, limit=5, min_score=floor)
                assert fresh.search(name, country, floor) == expected, (name, country, floor)
                found += bool(expected)
    assert found > 100  # the queries do reach the lists
    # Names searched with a second country were answered by a country-blind search at least
    # once, with nothing found, for the names of no one.
    assert fresh._may_hit and not all(fresh._may_hit.values())
