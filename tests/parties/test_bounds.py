"""Bounded work per party field (issue 12 C5)."""

from __future__ import annotations

import time

import pytest

from exportscreen.parties import DEFAULT_THRESHOLD, Matcher
from exportscreen.parties.matcher import MAX_FIELD_CHARS

# Generous for a loaded CI machine: unbounded, these fields took 20 to 200 seconds.
BUDGET_SECONDS = 1.0


@pytest.mark.parametrize(
    "field",
    [
        "LOCKHEED MARTIN CORPORATION, " + "12 trading street, bank group moscow, " * 3_500,
        "LOCKHEED MARTIN CORPORATION; " + "ABCDEFGHIJ" * 13_000,  # one enormous word
        "LOCKHEED MARTIN CORPORATION; " * 4_500,  # thousands of names
    ],
)
def test_a_huge_field_is_screened_in_bounded_time_and_says_so(matcher: Matcher, field: str) -> None:
    """issue 12 C5: a 130,000-character consignee took 23 s; the work per field is bounded,
    the listed name at its start is still found, and the hit says what was screened."""
    assert len(field) > 100_000
    matcher.search_field("warm-up: LOCKHEED MARTIN CORPORATION Moscow")  # loads the gazetteer
    started = time.perf_counter()
    hits = matcher.search_field(field, min_score=DEFAULT_THRESHOLD)
    assert time.perf_counter() - started < BUDGET_SECONDS
    [hit] = [h for h in hits if h.entity_id == "lm"]
    assert "characters, only the first" in hit.explanation
    assert len(hit.query_part) <= MAX_FIELD_CHARS


def test_an_ordinary_field_carries_no_bound_note(matcher: Matcher) -> None:
    [hit] = [h for h in matcher.search_field("LOCKHEED MARTIN CORPORATION") if h.entity_id == "lm"]
    assert "characters" not in hit.explanation
