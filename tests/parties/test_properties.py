"""Properties that must hold for any input: no crash, scores in range, identity scores 100."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exportscreen.parties import Matcher, PartyRecord, normalize_name
from exportscreen.parties.matcher import ONE_WORD_CAP

NAMES = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Pd", "Po", "Lo"), max_codepoint=0xFFFF
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(NAMES)
def test_normalize_never_fails_and_tokens_are_ascii(text: str) -> None:
    normalized = normalize_name(text)
    assert all(token.isascii() and token for token in normalized.tokens)


@settings(max_examples=150, deadline=None)
@given(NAMES, NAMES)
def test_scores_stay_in_range(query: str, candidate: str) -> None:
    hit = MATCHER.score_names(query, candidate)
    assert 0.0 <= hit.score <= 100.0
    assert hit.explanation


@settings(max_examples=100, deadline=None)
@given(NAMES)
def test_a_name_matches_itself(name: str) -> None:
    tokens = normalize_name(name).tokens
    if len(tokens) > 1:
        assert MATCHER.score_names(name, name).score >= 95.0
    elif tokens:  # one word that is the whole list name is weak evidence (issue 15, item 4)
        assert MATCHER.score_names(name, name).score >= ONE_WORD_CAP


MATCHER = Matcher([])


FIELDS = st.lists(
    st.one_of(
        NAMES,
        st.sampled_from(
            ["C/O", " ON BEHALF OF ", "TO THE ORDER OF", " / ", ";", "\n", ", NO. 12 ROAD", ", "]
        ),
    ),
    max_size=6,
).map("".join)
LISTED = Matcher(
    [
        PartyRecord("t", "mahan", "organization", ("MAHAN AIR",)),
        PartyRecord(
            "t", "bank", "organization", ("JOINT STOCK COMPANY SEVASTOPOLSKY MORSKOY BANK",)
        ),
        PartyRecord("t", "person", "person", ("VARGAS LOPEZ, Gustavo Adolfo",)),
    ]
)


@settings(max_examples=150, deadline=None)
@given(FIELDS)
def test_any_party_field_screens_without_failing(field: str) -> None:
    hits = LISTED.search_field(field, min_score=0.0, limit=10)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0.0 <= h.score <= 100.0 and h.explanation for h in hits)
    assert len({(h.list_id, h.entity_id) for h in hits}) == len(hits)
    assert all(h.query_part == "" or h.query_part in field for h in hits)
