"""Properties that must hold for any input: no crash, scores in range, identity scores 100."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exportscreen.parties import Matcher, normalize_name

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
    if normalize_name(name).tokens:
        assert MATCHER.score_names(name, name).score >= 95.0


MATCHER = Matcher([])
