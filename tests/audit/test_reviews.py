"""Reviewers' decisions on party hits: the file format, strict loading and narrow matching."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportscreen.decide import RunConfig
from exportscreen.decide.core import apply_reviews
from exportscreen.model import Decision, PartyFinding
from exportscreen.reviews import (
    DEFAULT_REVIEWS_FILE,
    HEADER,
    Review,
    Reviews,
    ReviewsError,
    review_id,
)

UEL = "cn-unreliable-entity-list"
LOCKHEED = "uel-lockheed-martin-corporation"
TODAY = date(2026, 12, 1)


def review(
    name: str = "Lockheed Martin Dealer Ltd",
    *,
    country: str | None = "GB",
    list_id: str = UEL,
    entity_id: str = LOCKHEED,
    verdict: str = "false_positive",
    reviewer: str = "Jane Doe",
    reason: str = "different company: UK car dealer, Companies House 01234567",
    reviewed_on: date = date(2026, 11, 20),
    expires: date | None = date(2027, 5, 20),
    id: str | None = None,
) -> Review:
    return Review.create(
        id=id,
        name=name,
        country=country,
        list_id=list_id,
        entity_id=entity_id,
        verdict=verdict,
        reviewer=reviewer,
        reason=reason,
        reviewed_on=reviewed_on,
        expires=expires,
    )


def finding(
    query: str = "Lockheed Martin Dealer Ltd",
    *,
    role: str = "consignee",
    list_id: str = UEL,
    entity_id: str = LOCKHEED,
) -> PartyFinding:
    return PartyFinding(
        role=role,
        query=query,
        list_id=list_id,
        list_title="Unreliable Entity List",
        entity_id=entity_id,
        name="Lockheed Martin Corporation",
        primary_name="Lockheed Martin Corporation",
        score=80.0,
        band="alert",
        decision=Decision.PROHIBITED,
        in_force=True,
        status="listed",
        listed=date(2020, 2, 16),
        announcement="UEL 2023-1",
        confidence="high",
        explanation="",
        parts={},
        aligned=(),
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / DEFAULT_REVIEWS_FILE
    path.write_text(text, encoding="utf-8")
    return path


# --- file format ------------------------------------------------------------------------------

EXAMPLE = """\
reviews:
  - id: r-1a2b3c4d
    name: "Lockheed Martin Dealer Ltd"
    country: GB
    list: cn-unreliable-entity-list
    entity: uel-lockheed-martin-corporation
    verdict: false_positive
    reviewer: "Jane Doe"
    reason: "different company: UK car dealer, Companies House 01234567"
    reviewed_on: 2026-11-20
    expires: 2027-05-20
"""


def test_the_documented_example_loads_and_saves_as_written(tmp_path: Path) -> None:
    path = write(tmp_path, "# a comment of the user's\n" + EXAMPLE)
    reviews = Reviews.load(path)
    assert list(reviews) == [review(id="r-1a2b3c4d")]
    assert reviews.source == str(path)
    reviews.save(path)
    # The user's comment gives way to the standard header; the reviews are written unchanged.
    assert path.read_text(encoding="utf-8") == HEADER + EXAMPLE


def test_save_is_deterministic_whatever_the_order_of_adding(tmp_path: Path) -> None:
    items = [
        review(),
        review("ACME 株式会社", country=None, entity_id="e-2", verdict="confirmed", expires=None),
        review("Zeta", country="NO", list_id="a-list", entity_id="null"),
        review('Quote " and \\ and\nnewline\tand \x7f and \u2028', country=None, entity_id="e-3"),
    ]
    forward, backward = Reviews(items), Reviews.empty()
    for item in reversed(items):
        backward = backward.add(item)
    forward.save(tmp_path / "a.yaml")
    backward.save(tmp_path / "b.yaml")
    text = (tmp_path / "a.yaml").read_bytes()
    assert text == (tmp_path / "b.yaml").read_bytes()
    loaded = Reviews.load(tmp_path / "a.yaml")
    assert loaded == forward
    loaded.save(tmp_path / "c.yaml")
    assert (tmp_path / "c.yaml").read_bytes() == text
    # Values other YAML readers would take as false, null or a number are quoted.
    assert b'country: "NO"' in text
    assert b'entity: "null"' in text
    assert b"list: a-list" in text
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "b.yaml", "c.yaml"]  # no temporary files


@given(name=st.text(min_size=1).filter(str.strip), reason=st.text(min_size=1).filter(str.strip))
def test_any_text_survives_a_round_trip(
    tmp_path_factory: pytest.TempPathFactory, name: str, reason: str
) -> None:
    reviews = Reviews([review(name, reason=reason)])
    path = tmp_path_factory.getbasetemp() / "round-trip.yaml"
    reviews.save(path)
    assert Reviews.load(path) == reviews


def test_save_keeps_the_mode_of_an_existing_file(tmp_path: Path) -> None:
    path = write(tmp_path, EXAMPLE)
    path.chmod(0o640)
    Reviews.load(path).add(review("Other Ltd")).save(path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == [DEFAULT_REVIEWS_FILE]  # no temporary file left behind
    assert len(Reviews.load(path)) == 2


def test_an_empty_collection_saves_and_loads(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    Reviews.empty().save(path)
    assert path.read_text(encoding="utf-8") == HEADER + "reviews: []\n"
    assert len(Reviews.load(path)) == 0


@pytest.mark.parametrize("text", ["", "# only a comment\n", "reviews:\n", "reviews: []\n"])
def test_files_without_reviews_are_empty(tmp_path: Path, text: str) -> None:
    assert len(Reviews.load(write(tmp_path, text))) == 0


def test_a_missing_file_is_an_error_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / DEFAULT_REVIEWS_FILE
    with pytest.raises(ReviewsError, match="file not found"):
        Reviews.load(path)
    assert len(Reviews.load(path, missing_ok=True)) == 0


def test_an_omitted_id_is_derived_from_the_key_fields(tmp_path: Path) -> None:
    text = EXAMPLE.replace("  - id: r-1a2b3c4d\n    name:", "  - name:")
    (loaded,) = Reviews.load(write(tmp_path, text))
    assert loaded.id == review_id("Lockheed Martin Dealer Ltd", "GB", UEL, LOCKHEED)
    assert loaded.id == review().id
    assert len(loaded.id) == len("r-") + 8
    # Stable under the same normalisation as matching.
    assert review_id("LOCKHEED  martin dealer ltd", "gb", UEL, LOCKHEED) == loaded.id


# --- validation -------------------------------------------------------------------------------

ENTRY = EXAMPLE.removeprefix("reviews:\n")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("verdict: false_positive", "verdict: fp", 7, "reviews[0].verdict: unknown verdict 'fp'"),
        ("reviewed_on: 2026-11-20", "reviewed_on: 2026-13-01", 10, "invalid date '2026-13-01'"),
        ("expires: 2027-05-20", "expires: 20270520", 11, "invalid date '20270520'"),
        ("expires: 2027-05-20", "expires: 2026-01-01", 11, "is before reviewed_on 2026-11-20"),
        ("list: cn-", "list_id: cn-", 5, "unknown key 'list_id' (did you mean 'list'?)"),
        ("list: cn-", "list_id: cn-", 2, "missing required key 'list'"),
        ("country: GB", "country: UK", 4, "'UK' is not an ISO 3166-1 alpha-2 country code"),
        ("country: GB", "country: XX", 4, "(e.g. GB, or omit it for any country)"),
        ('reviewer: "Jane Doe"', 'reviewer: "  "', 8, "reviews[0].reviewer: must not be empty"),
        ("    reason:", "    reason: [a, b]\n    x:", 9, "reason: must be a single value"),
        ("id: r-1a2b3c4d", "id: r 1a2b", 2, "reviews[0].id: invalid id 'r 1a2b'"),
        (
            "entity: uel-lockheed-martin-corporation",
            'entity: " uel-x"',
            6,
            "has leading or trailing spaces",
        ),
        ("    verdict:", "    verdict: confirmed\n    verdict:", 8, "duplicate key"),
        ("    expires:", "    expiry: 2027-05-20\n    expires:", 11, "did you mean 'expires'?"),
    ],
)
def test_a_bad_value_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in EXAMPLE
    path = write(tmp_path, EXAMPLE.replace(old, new, 1))
    with pytest.raises(ReviewsError) as caught:
        Reviews.load(path)
    found = [p for p in caught.value.problems if message in p.message + f" ({p.hint})"]
    assert found, str(caught.value)
    assert found[0].line == line
    assert found[0].file == str(path)
    assert f"{path}:{line}: " in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- a\n- b\n", 1, "must be a mapping"),
        ("reviews: nope\n", 1, "reviews: must be a list"),
        ("other: 1\n", 1, "missing required key 'reviews'"),
        ("reviews: []\nother: 1\n", 2, "unknown key 'other'"),
        ("reviews:\n  - just text\n", 2, "reviews[0]: each review must be a mapping"),
        ("reviews: [\n", 2, "YAML syntax error"),
    ],
)
def test_a_bad_shape_is_reported(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(ReviewsError) as caught:
        Reviews.load(write(tmp_path, text))
    assert any(p.line == line and message in p.message for p in caught.value.problems), str(
        caught.value
    )


def test_every_problem_is_reported_at_once_in_line_order(tmp_path: Path) -> None:
    text = (
        "reviews:\n"
        + ENTRY.replace("verdict: false_positive", "verdict: maybe")
        + ENTRY.replace("country: GB", "country: gb")  # valid: codes are case-insensitive
        + ENTRY.replace("reviewed_on: 2026-11-20", "reviewed_on: someday").replace(
            "r-1a2b3c4d", "r-other"
        )
        + ENTRY.replace("    country: GB\n", "").replace("r-1a2b3c4d", "r-3")
        + ENTRY.replace("name: ", "nmae: ").replace("r-1a2b3c4d", "r-3")
        + "extra: true\n"
    )
    path = write(tmp_path, text)
    with pytest.raises(ReviewsError) as caught:
        Reviews.load(path)
    problems = [(p.line, p.message) for p in caught.value.problems]
    assert problems == [
        (7, "reviews[0].verdict: unknown verdict 'maybe'"),
        (12, "reviews[1].id: duplicate id 'r-1a2b3c4d' (first at line 2)"),
        (30, "reviews[2].reviewed_on: invalid date 'someday'"),
        (41, "reviews[4].name: missing required key 'name'"),
        (41, "reviews[4].id: duplicate id 'r-3' (first at line 32)"),
        (42, "reviews[4].nmae: unknown key 'nmae'"),
        (51, "unknown key 'extra'"),
    ]


def test_two_reviews_of_the_same_hit_are_an_error(tmp_path: Path) -> None:
    second = ENTRY.replace("r-1a2b3c4d", "r-2").replace("Lockheed Martin", "LOCKHEED  MARTIN")
    with pytest.raises(ReviewsError) as caught:
        Reviews.load(write(tmp_path, "reviews:\n" + ENTRY + second))
    (problem,) = caught.value.problems
    assert problem.line == 12
    assert "already reviewed at line 2" in problem.message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"verdict": "cleared"}, "verdict: unknown verdict 'cleared'"),
        ({"country": "gb"}, "country: 'gb' must be upper case"),
        ({"country": "GBR"}, "not an ISO 3166-1 alpha-2 country code"),
        ({"name": " "}, "name: must not be empty"),
        ({"expires": date(2026, 1, 1)}, "is before reviewed_on"),
        ({"id": "has space"}, "invalid id"),
    ],
)
def test_a_review_is_validated_when_built(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ReviewsError, match=message):
        replace(review(), **changes)


# --- collection -------------------------------------------------------------------------------


def test_add_replaces_the_review_of_the_same_hit() -> None:
    reviews = Reviews([review()])
    updated = reviews.add(review("  lockheed martin DEALER ltd ", verdict="confirmed"))
    assert len(reviews) == 1 and next(iter(reviews)).verdict == "false_positive"  # unchanged
    assert [r.verdict for r in updated] == ["confirmed"]
    assert len(updated.add(review(country="US"))) == 2  # another country: another hit
    assert len(updated.add(review(entity_id="other"))) == 2


def test_add_refuses_an_id_already_used_by_another_hit() -> None:
    with pytest.raises(ReviewsError, match="duplicate review id 'r-1'"):
        Reviews([review(id="r-1")]).add(review("Other", id="r-1"))


def test_remove() -> None:
    first, second = review(), review("Other Ltd")
    reviews = Reviews([first, second], source="x.yaml")
    assert list(reviews.remove(first.id)) == [second]
    with pytest.raises(ReviewsError, match=r"x\.yaml: no review with id 'r-nope'") as caught:
        reviews.remove("r-nope")
    assert first.id in caught.value.problems[0].hint


# --- matching ---------------------------------------------------------------------------------

GB_REVIEW = review(id="r-gb")
ANY_REVIEW = review("Acme Trading GmbH", country=None, entity_id="e-acme", id="r-any")


@pytest.mark.parametrize(
    ("name", "country", "list_id", "entity_id", "expected"),
    [
        ("Lockheed Martin Dealer Ltd", "GB", UEL, LOCKHEED, "r-gb"),
        ("LOCKHEED MARTIN DEALER LTD", "GB", UEL, LOCKHEED, "r-gb"),
        ("  Lockheed\tMartin \n Dealer   Ltd ", "GB", UEL, LOCKHEED, "r-gb"),
        ("Ｌｏｃｋｈｅｅｄ　Ｍａｒｔｉｎ Dealer Ltd", "GB", UEL, LOCKHEED, "r-gb"),  # full width
        ("Lockheed Martin Dealer Ltd", "gb", UEL, LOCKHEED, "r-gb"),
        # issue 12 E5: punctuation is read as a space ("Ltd." is "Ltd").
        ("Lockheed Martin Dealer Ltd.", "GB", UEL, LOCKHEED, "r-gb"),
        ("Lockheed-Martin Dealer, Ltd.", "GB", UEL, LOCKHEED, "r-gb"),
        # Nothing fuzzier than that: spelling and extra words differ.
        ("Lockheed Martin Dealer Limited", "GB", UEL, LOCKHEED, None),
        ("Lockheed Martin Dealers Ltd", "GB", UEL, LOCKHEED, None),
        ("Lockheed Martin", "GB", UEL, LOCKHEED, None),
        ("LockheedMartin Dealer Ltd", "GB", UEL, LOCKHEED, None),
        # The same name against another entry, or the same entry on another list.
        ("Lockheed Martin Dealer Ltd", "GB", UEL, "uel-lockheed-martin-missiles", None),
        ("Lockheed Martin Dealer Ltd", "GB", "us-entity-list", LOCKHEED, None),
        # A country-specific review applies in that country only, and not when none is known.
        ("Lockheed Martin Dealer Ltd", "US", UEL, LOCKHEED, None),
        ("Lockheed Martin Dealer Ltd", None, UEL, LOCKHEED, None),
        # A review without a country applies in any country, or none.
        ("acme trading gmbh", "DE", UEL, "e-acme", "r-any"),
        ("Acme Trading GmbH", "US", UEL, "e-acme", "r-any"),
        ("Acme Trading GmbH", None, UEL, "e-acme", "r-any"),
        ("Acme Trading AG", "DE", UEL, "e-acme", None),
        ("", None, UEL, "e-acme", None),
    ],
)
def test_match_is_exact_up_to_case_width_and_spacing(
    name: str, country: str | None, list_id: str, entity_id: str, expected: str | None
) -> None:
    reviews = Reviews([GB_REVIEW, ANY_REVIEW])
    found = reviews.match(name=name, country=country, list_id=list_id, entity_id=entity_id)
    assert (found.id if found else None) == expected


def test_a_country_specific_review_wins_over_one_for_any_country() -> None:
    anywhere = review(country=None, verdict="confirmed", id="r-anywhere")
    reviews = Reviews([GB_REVIEW, anywhere])
    gb, us = (
        reviews.match(name=GB_REVIEW.name, country=country, list_id=UEL, entity_id=LOCKHEED)
        for country in ("GB", "US")
    )
    assert gb is not None and gb.id == "r-gb" and gb.verdict == "false_positive"
    assert us is not None and us.id == "r-anywhere" and us.verdict == "confirmed"


@pytest.mark.parametrize(
    ("verdict", "today", "active", "suppresses", "note"),
    [
        ("false_positive", date(2026, 11, 20), True, True, "reviewed false positive by Jane Doe"),
        ("false_positive", date(2027, 5, 20), True, True, "on 2026-11-20: different company"),
        ("false_positive", date(2027, 5, 21), False, False, "review r-gb expired on 2027-05-20"),
        ("confirmed", date(2027, 5, 20), True, False, "confirmed by Jane Doe on 2026-11-20"),
        ("confirmed", date(2027, 5, 21), False, False, "review r-gb expired on 2027-05-20"),
    ],
)
def test_expiry_and_verdict(
    verdict: str, today: date, active: bool, suppresses: bool, note: str
) -> None:
    reviews = Reviews([replace(GB_REVIEW, verdict=verdict)])
    found = reviews.match(name=GB_REVIEW.name, country="GB", list_id=UEL, entity_id=LOCKHEED)
    assert found is not None and found.active_on(today) == active
    (out,), notes = apply_reviews(
        [finding()], reviews, declared_country="GB", config=RunConfig(review_day=today)
    )
    assert bool(out.suppressed) == suppresses
    assert note in " ".join([out.suppressed, *(n.text for n in notes)])


def test_a_review_without_expiry_never_lapses() -> None:
    reviews = Reviews([replace(GB_REVIEW, expires=None)])
    (out,), _ = apply_reviews(
        [finding()], reviews, declared_country="GB", config=RunConfig(review_day=date(2100, 1, 1))
    )
    assert out.suppressed


# --- applying to findings ---------------------------------------------------------------------


def test_apply_reviews_suppresses_only_the_reviewed_hits() -> None:
    confirmed = review("Confirmed Co", country=None, verdict="confirmed", id="r-conf")
    expired = review(
        "Old Co",
        country=None,
        reviewed_on=date(2026, 1, 5),
        expires=date(2026, 6, 30),
        id="r-old",
    )
    reviews = Reviews([GB_REVIEW, ANY_REVIEW, confirmed, expired])
    findings = [
        finding(),  # cleared in GB
        finding(entity_id="uel-other"),  # same name, another entry: stands
        finding("Lockheed Martin Dealers Ltd", role="end_user"),  # another name: stands
        finding("ACME TRADING GMBH", role="end_user", entity_id="e-acme"),  # cleared anywhere
        finding("Confirmed Co"),  # confirmed: stands, with a note
        finding("Confirmed Co", role="end_user"),  # the same note only once
        finding("Old Co"),  # expired: stands, with a note
        finding("Nobody"),
    ]
    out, notes = apply_reviews(
        findings, reviews, declared_country="GB", config=RunConfig(review_day=TODAY)
    )
    assert [bool(f.suppressed) for f in out] == [
        True,
        False,
        False,
        True,
        False,
        False,
        False,
        False,
    ]
    assert out[0].suppressed == (
        "reviewed false positive by Jane Doe on 2026-11-20: "
        "different company: UK car dealer, Companies House 01234567"
    )
    for before, after in zip(findings, out, strict=True):
        if not after.suppressed:
            assert after is before
        else:
            assert replace(after, suppressed="") == before
    assert len(notes) == 2
    assert "confirmed by Jane Doe on 2026-11-20 (review r-conf)" in notes[0].text
    assert notes[0].rule_id == "warning/review-confirmed"
    assert notes[1].text.startswith("review r-old expired on 2026-06-30")
    assert notes[1].rule_id == "warning/review-expired"


def test_apply_reviews_in_another_country_leaves_a_country_specific_hit() -> None:
    out, notes = apply_reviews(
        [finding()], Reviews([GB_REVIEW]), declared_country="US", config=RunConfig(review_day=TODAY)
    )
    assert out[0].suppressed == "" and notes == []


def test_apply_reviews_without_reviews_changes_nothing() -> None:
    findings = [finding(), finding("Other")]
    out, notes = apply_reviews(
        findings, Reviews.empty(), declared_country=None, config=RunConfig(review_day=TODAY)
    )
    assert out == findings and notes == []
