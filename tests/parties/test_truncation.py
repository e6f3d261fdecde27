"""Names cut to fit a fixed-width field (EDIFACT and SWIFT name fields hold 35 characters)."""

from __future__ import annotations

import pytest

from exportscreen.parties import DEFAULT_THRESHOLD, Matcher, PartyRecord
from exportscreen.parties.normalize import fold
from exportscreen.parties.truncation import MIN_CUT_LENGTH, cut_point, visible_query

BANK = "JOINT STOCK COMPANY SEVASTOPOLSKY MORSKOY BANK"


@pytest.mark.parametrize(
    ("query", "candidate", "word"),
    [
        # Cut inside a word, at the position the word starts in the list name.
        (BANK[:35], BANK, "morskoy"),
        ("DANDONG DONGYUAN INDUSTRIAL CO., LT", "DANDONG DONGYUAN INDUSTRIAL CO., LTD.", "ltd"),
        # Spacing and punctuation shift the cut by a character or two.
        ("JOINT-STOCK COMPANY SEVASTOPOLSKY  MO", BANK, "morskoy"),
        # The stub is a whole list word: the name ends there, it was not cut.
        ("JOINT STOCK COMPANY SEVASTOPOLSKY MORSKOY", BANK, None),
        # The stub begins a list word far from where the query ends: not a cut copy.
        ("JOINT STOCK COMPANY SEVASTOPOLSKY MORSKOY BANK OF CRIMEA M", BANK, None),
        ("ACME SHIPPING AND TRADING COMPANY J", BANK, None),
        # Too short to have filled a field; a number is never a stub.
        ("SEVASTOPOLSKY M", "SEVASTOPOLSKY MORSKOY BANK", None),
        ("AKADEMIYA NAUK FILIAL NOMER 2", "AKADEMIYA NAUK FILIAL NOMER 22", None),
        # One word: nothing before the cut to compare.
        ("SEVASTOPOLSKYMORSKOYBAN", "SEVASTOPOLSKYMORSKOYBANK", None),
    ],
)
def test_cut_point(query: str, candidate: str, word: str | None) -> None:
    offset = cut_point(fold(query), fold(candidate))
    if word is None:
        assert offset is None
    else:
        assert offset is not None
        assert fold(candidate)[offset:].split(" ")[0] == word


def test_visible_query_drops_the_stub() -> None:
    assert visible_query(fold(BANK[:35])) == "joint stock company sevastopolsky"
    assert len(fold(BANK[:35])) >= MIN_CUT_LENGTH


def _matcher() -> Matcher:
    names = [
        ("bank", BANK),
        ("ministry", "MINISTRY OF LAND AND MARITIME TRANSPORTATION OF THE REPUBLIC OF ATLANTIS"),
        ("dongyuan", "DANDONG DONGYUAN INDUSTRIAL CO., LTD."),
        ("star", "GOLDEN STAR TRADING COMPANY LIMITED"),
        # Ministries of land and maritime transportation are many: those words identify none.
        *[
            (f"filler{i}", f"MINISTRY OF LAND AND MARITIME TRANSPORTATION OF PROVINCE {i}")
            for i in range(20)
        ],
    ]
    return Matcher([PartyRecord("t", e, "organization", (n,)) for e, n in names])


def test_a_name_cut_inside_a_word_alerts_and_says_so() -> None:
    hit = _matcher().search(BANK[:35])[0]
    assert hit.entity_id == "bank"
    assert hit.score >= DEFAULT_THRESHOLD
    assert "query read as cut to fit a field ('m' begins 'morskoy')" in hit.explanation
    # MORSKOY BANK was never seen: the name part is scaled down for it.
    assert hit.parts["cut"] < 0
    assert hit.score < 100


def test_a_cut_legal_form_is_no_unmatched_word() -> None:
    hit = _matcher().search("DANDONG DONGYUAN INDUSTRIAL CO., LT")[0]
    assert hit.entity_id == "dongyuan"
    assert hit.score >= 99


def test_a_cut_that_leaves_only_generic_words_does_not_alert() -> None:
    # "MINISTRY OF LAND AND MARITIME TRANS": what would tell the ministries apart was cut off.
    hits = _matcher().search("MINISTRY OF LAND AND MARITIME TRANS", min_score=0.0, limit=50)
    assert hits
    assert "cut to fit a field ('trans' begins 'transportation')" in hits[0].explanation
    assert all(h.score < DEFAULT_THRESHOLD for h in hits)


def test_a_complete_name_is_not_read_as_cut() -> None:
    matcher = _matcher()
    hit = matcher.search("GOLDEN STAR TRADING CO")[0]
    assert "cut to fit" not in hit.explanation
    # The last word begins a list word, but where the list name has another word.
    hits = matcher.search("GOLDEN STAR TRADING AND SHIPPING LI", min_score=0.0)
    assert all("cut to fit" not in h.explanation for h in hits)


def test_pair_scoring_reads_cuts_too() -> None:
    matcher = _matcher()
    cut = matcher.score_names(BANK[:35], BANK)
    assert "cut to fit a field" in cut.explanation
    assert cut.score == matcher.search(BANK[:35])[0].score
