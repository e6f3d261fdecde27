"""The decision stage: run settings travel with each call, never inside the cached engine."""

from __future__ import annotations

import json
import pickle
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.decide import RunConfig
from exportscreen.errors import RulesError
from exportscreen.pipeline import check, load_engine
from exportscreen.reviews import Review, Reviews
from exportscreen.ruleset.cache import cache_dir

runner = CliRunner()
UEL = "cn-unreliable-entity-list"
LOCKHEED = "uel-lockheed-martin-corporation"
SHIPMENT = {
    "hs_code": "7408110000",
    "description": "copper wire",
    "consignee": "Lockheed Martin Corporation",
    "destination": "US",
    "date": "2026-05-01",
}


def clearance(expires: date, reviewed_on: date = date(2026, 1, 10)) -> Reviews:
    review = Review.create(
        name="Lockheed Martin Corporation",
        list_id=UEL,
        entity_id=LOCKHEED,
        verdict="false_positive",
        reviewer="Jane Doe",
        reason="test clearance",
        reviewed_on=reviewed_on,
        expires=expires,
    )
    return Reviews([review])


def uel_hit(result: Any) -> Any:
    return next(p for p in result.parties if p.list_id == UEL and p.entity_id == LOCKHEED)


def test_a_cached_engine_judges_review_expiry_on_the_run_day() -> None:
    """issue 12 A1 / issue 11: an engine cached while a clearance was in force, used after it
    expired, gives prohibited and says the review expired."""
    warm = load_engine()  # builds and stores the engine
    directory = cache_dir()
    assert directory is not None and list(directory.glob("engine-*.pickle"))
    cached = load_engine()  # from the pickle
    assert cached.fingerprint == warm.fingerprint
    reviews = clearance(expires=date(2026, 6, 30))

    before = check(cached, SHIPMENT, RunConfig(reviews=reviews, review_day=date(2026, 6, 30)))
    assert uel_hit(before).suppressed
    assert before.decision.value == "review"  # the Control List hit still stands
    assert before.reviews_used == tuple(review.id for review in reviews)

    after = check(cached, SHIPMENT, RunConfig(reviews=reviews, review_day=date(2026, 7, 1)))
    assert not uel_hit(after).suppressed
    assert after.decision.value == "prohibited"
    expired = [f for f in after.findings if f.rule_id == "warning/review-expired"]
    assert len(expired) == 1 and "expired on 2026-06-30" in expired[0].text


def test_the_pickled_engine_holds_no_run_state() -> None:
    """Nothing about a run (a day, reviews, a threshold) is stored with the engine."""
    engine = load_engine()
    text = pickle.dumps(engine)
    assert b"review_day" not in text and b"Reviews" not in text
    assert not hasattr(engine, "reviews") and not hasattr(engine, "party_threshold")


def test_cli_check_with_an_expired_review_is_prohibited(tmp_path: Path) -> None:
    """issue 12 A1 end to end: the cache warmed by a first run, the review expired by today."""
    reviews_file = tmp_path / "reviews.yaml"
    clearance(expires=date(2020, 1, 1), reviewed_on=date(2019, 7, 1)).save(reviews_file)
    args = ["check", "--hs", "7408110000", "--description", "copper wire", "--consignee"]
    args += ["Lockheed Martin Corporation", "--destination", "US", "--date", "2026-05-01"]
    args += ["--format", "json", "--reviews", str(reviews_file), "--no-audit"]
    runner.invoke(app, args)  # warms the cache
    result = runner.invoke(app, args)
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert data["decision"] == "prohibited"
    assert any("review r-" in w and "expired on 2020-01-01" in w for w in data["warnings"])


def test_screen_reports_reviews_that_matched_nothing(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "HS Code,Goods Description,Destination,Consignee,Shipment Date\n"
        "7408110000,copper wire,US,Lockheed Martin Corporation,2026-05-01\n",
        encoding="utf-8",
    )
    reviews = clearance(expires=date(2099, 1, 1)).add(
        Review.create(
            name="Nobody Ltd",
            list_id=UEL,
            entity_id=LOCKHEED,
            verdict="false_positive",
            reviewer="Jane Doe",
            reason="never declared",
            reviewed_on=date(2026, 1, 10),
        )
    )
    reviews_file = tmp_path / "reviews.yaml"
    reviews.save(reviews_file)
    args = ["screen", str(manifest), "--format", "jsonl", "--no-progress", "--no-audit"]
    result = runner.invoke(app, [*args, "--reviews", str(reviews_file)])
    unused = next(r for r in reviews if r.name == "Nobody Ltd")
    assert f"note: 1 of 2 reviews matched no hit in this run ({reviews_file}): {unused.id}" in (
        result.stderr
    )


def test_a_missing_destination_is_a_warning_with_its_code() -> None:
    """issue 12 A9: controlled goods without a destination say the destination measures went
    unchecked."""
    engine = load_engine()
    result = check(engine, {"hs_code": "8112929010", "description": "gallium metal 4N"})
    codes = [f.rule_id for f in result.findings if f.kind == "warning"]
    assert "warning/no-destination" in codes
    with_destination = check(
        engine, {"hs_code": "8112929010", "description": "gallium metal 4N", "destination": "DE"}
    )
    assert "warning/no-destination" not in [f.rule_id for f in with_destination.findings]
    plain = check(engine, {"hs_code": "7408110000", "description": "copper wire"})
    assert "warning/no-destination" not in [f.rule_id for f in plain.findings]


def test_every_finding_has_a_stable_rule_id() -> None:
    engine = load_engine()
    result = check(
        engine,
        {
            "hs_code": "8112929010",
            "description": "gallium metal 4N",
            "destination": "US",
            "consignee_country": "TH",
            "date": "2025-06-01",
        },
    )
    prefixes = ("item/", "measure/", "party/", "goods/", "warning/")
    assert result.findings and all(f.rule_id.startswith(prefixes) for f in result.findings)
    assert "warning/transshipment" in [f.rule_id for f in result.findings]
    assert list(result.reasons) == [f.text for f in result.findings if f.kind == "reason"]


VOCABULARY = """\
kind: decision_vocabulary
id: house-style
title: House wording
effects:
  prohibited: {decision: prohibited, words: export banned}
  presumption_of_denial: {decision: prohibited, words: presumed denied}
  enhanced_review: {decision: licence_required, words: strict review}
  case_by_case: {decision: licence_required, words: case by case}
remarks:
  controlled_with_code: "DUAL-USE {code}"
  controlled: DUAL-USE
  not_controlled: NOT CONTROLLED
  not_controlled_stated: "NOT CONTROLLED: {stated}"
  stated_separator: "; "
catch_all: "catch-all may apply to {categories}"
imported_lists: {controlled_goods: review, other_goods: review, note: imported}
"""


def test_the_legal_words_come_from_the_vocabulary_file(tmp_path: Path) -> None:
    """A vocabulary given with --rules replaces the built-in wording: no wording is in code."""
    (tmp_path / "decisions.yaml").write_text(VOCABULARY, encoding="utf-8")
    engine = load_engine([tmp_path])
    result = check(
        engine,
        {
            "hs_code": "8112929010",
            "description": "gallium metal 4N",
            "destination": "US",
            "date": "2025-06-01",
        },
    )
    assert result.decision.value == "prohibited"
    assert any("(presumed denied)" in reason for reason in result.reasons)
    assert all(remark.startswith("DUAL-USE") for remark in result.remarks)


def test_a_vocabulary_without_a_placeholder_is_rejected(tmp_path: Path) -> None:
    broken = VOCABULARY.replace('"DUAL-USE {code}"', '"DUAL-USE"')
    (tmp_path / "decisions.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(RulesError) as raised:
        load_engine([tmp_path])
    problem = raised.value.problems[0]
    assert problem.file.endswith("decisions.yaml") and problem.line == 10
    assert "{code}" in problem.message


def test_a_row_with_an_unreadable_field_is_still_screened_for_parties(tmp_path: Path) -> None:
    """issue 12 A8: a mistyped HS code no longer hides a listed consignee: the row carries its
    error and its party hits, and its status is the more severe of the two."""
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "HS Code,Goods Description,Destination,Consignee,Shipment Date\n"
        "74x8110000,copper wire,US,Lockheed Martin Corporation,2026-05-01\n"
        "74x8110000,copper wire,US,Harmless Trading Ltd,2026-05-01\n",
        encoding="utf-8",
    )
    args = ["screen", str(manifest), "--format", "jsonl", "--no-progress", "--no-audit"]
    result = runner.invoke(app, [*args, "--fail-on", "never"])
    listed, harmless = (json.loads(line) for line in result.stdout.splitlines())
    assert listed["decision"] == "prohibited"
    assert [e["field"] for e in listed["errors"]] == ["hs_code"]
    assert any(p["entity_id"] == LOCKHEED for p in listed["parties"])
    assert harmless["decision"] == "error" and harmless["parties"] == []
    assert result.exit_code == 2  # rows with unreadable fields still make the run exit 2
    assert runner.invoke(app, args).exit_code == 1  # and the prohibited hit fails the gate


def test_other_law_gets_no_dual_use_remark_and_decisions_cite_the_official_text() -> None:
    """issue 14: the technology catalogue prohibits, but its items are not dual-use items (no
    属于两用物项 remark, no missing-code warning); legal bases carry the official address."""
    engine = load_engine()
    result = check(
        engine,
        {"description": "NdFeB magnet manufacturing technology", "date": "2026-06-01"},
    )
    assert result.decision.value == "prohibited"
    catalogue = [i for i in result.items if i.list_id == "cn-technology-catalogue-2023-rare-earth"]
    assert catalogue and not catalogue[0].dual_use
    assert not any("两用物项" in remark for remark in result.remarks)
    assert "warning/control-code-unknown" not in [f.rule_id for f in result.findings]
    officials = [i.legal_basis.official for i in result.items]
    assert any(o and o.startswith("http://exportcontrol.mofcom.gov.cn/") for o in officials)
    assert "official" in result.to_dict()["items"][0]["legal_basis"]


@pytest.mark.parametrize("fmt", ["table", "html"])
def test_warnings_about_the_data_are_said_once_per_run(fmt: str, tmp_path: Path) -> None:
    """issue 14 item 5: a warning that is the same on every row it concerns (a control code
    missing from our sources) appears once, in the run's summary, with its row count; warnings
    about a row (transshipment) stay on the row. JSON rows keep every warning."""
    manifest = Path(__file__).resolve().parents[1] / "examples" / "manifest-en.csv"
    out = tmp_path / f"report.{fmt}"
    args = ["screen", str(manifest), "--no-progress", "--no-audit", "--exit-zero"]
    result = runner.invoke(app, [*args, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(out.read_text(encoding="utf-8").split())
    missing = "the control code of Metallic gallium (elemental)"
    assert text.count(missing) == 1
    assert "export licence into the remark (" in text  # with the number of rows it concerns
    assert "check for transshipment" in text
    jsonl = runner.invoke(app, [*args, "--format", "jsonl"])
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert sum(any(missing in w for w in row["warnings"]) for row in rows) > 1
