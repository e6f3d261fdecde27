"""Reviewed party hits: a reviewed false positive stops failing CI until its review expires."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()
UEL = ("cn-unreliable-entity-list", "uel-lockheed-martin-corporation")


def hits_of(name: str) -> list[tuple[str, str]]:
    """Every entry the name hits, as a reviewer would see them in `parties search`."""
    result = runner.invoke(
        app,
        ["parties", "search", name, "--country", "GB", "--date", "2025-06-01", "--format", "json"],
    )
    return [(h["list"], h["entity_id"]) for h in json.loads(result.stdout)["hits"]]


def clear_all_hits() -> None:
    hits = hits_of("Lockheed Martin Ltd")
    assert UEL in hits
    for list_id, entity in hits:
        add_review(list_id, entity)


@pytest.fixture
def manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the default reviews file lives in the working directory
    path = tmp_path / "customers.csv"
    path.write_text(
        "Consignee,Consignee Country,Goods Description\n"
        "Lockheed Martin Ltd,GB,copper wire\nLockheed Martin Limited,GB,copper wire\n",
        encoding="utf-8",
    )
    return path


def screen(path: Path, *extra: str) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(
        app, ["screen", str(path), "--format", "jsonl", "--date", "2025-06-01", *extra]
    )
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def add_review(list_id: str, entity: str, *extra: str) -> None:
    result = runner.invoke(
        app,
        [
            "review",
            "add",
            "--name",
            "Lockheed Martin Ltd",
            "--country",
            "GB",
            "--list",
            list_id,
            "--entity",
            entity,
            "--reviewer",
            "Jane Doe",
            "--reason",
            "UK dealer, not the US company",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.stderr


def test_reviewed_false_positive_passes_and_fails_again_after_expiry(manifest: Path) -> None:
    code, rows = screen(manifest)
    assert code == 1 and rows[0]["decision"] == "prohibited"
    clear_all_hits()
    code, rows = screen(manifest)
    first = rows[0]
    assert first["decision"] == "not_controlled"
    assert all(
        p["suppressed"].startswith("reviewed false positive by Jane Doe")  # type: ignore[index]
        for p in first["parties"]
    )  # type: ignore[union-attr]
    # The review covers exactly one name: "Lockheed Martin Limited" still fails the run.
    assert rows[1]["decision"] == "prohibited" and code == 1

    # Let both reviews lapse: reviewed and expired yesterday.
    reviews = Path("exportscreen-reviews.yaml")
    yesterday = date.today() - timedelta(days=1)
    text = reviews.read_text(encoding="utf-8")
    text = text.replace(f"reviewed_on: {date.today()}", f"reviewed_on: {yesterday}")
    text = text.replace("    verdict:", f"    expires: {yesterday}\n    verdict:")
    reviews.write_text(text, encoding="utf-8")
    code, rows = screen(manifest)
    assert rows[0]["decision"] == "prohibited"
    assert any("expired" in w for w in rows[0]["warnings"])  # type: ignore[union-attr]


def test_only_the_named_manifest_row_passes(manifest: Path) -> None:
    manifest.write_text(
        "Consignee,Consignee Country,Goods Description\nLockheed Martin Ltd,GB,copper wire\n",
        encoding="utf-8",
    )
    clear_all_hits()
    code, rows = screen(manifest)
    assert code == 0 and rows[0]["decision"] == "not_controlled"


def test_review_add_rejects_an_unknown_entry_and_list_shows_reviews(manifest: Path) -> None:
    result = runner.invoke(
        app,
        [
            "review",
            "add",
            "--name",
            "X",
            "--list",
            UEL[0],
            "--entity",
            "no-such-entry",
            "--reason",
            "r",
        ],
    )
    assert result.exit_code == 2 and "no entry 'no-such-entry'" in result.stderr
    add_review(*UEL, "--expires", "2099-01-01")
    listed = runner.invoke(app, ["review", "list"])
    assert "in force" in listed.stdout and "Jane Doe" in listed.stdout
    review_id = listed.stdout.split()[0]
    removed = runner.invoke(app, ["review", "remove", review_id])
    assert removed.exit_code == 0
    assert "no reviews" in runner.invoke(app, ["review", "list"]).stdout
    assert runner.invoke(app, ["review", "remove", review_id]).exit_code == 2


def test_a_broken_reviews_file_is_a_clear_error(manifest: Path) -> None:
    Path("exportscreen-reviews.yaml").write_text(
        "reviews:\n  - name: x\n    colour: red\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["screen", str(manifest), "--format", "jsonl"])
    assert result.exit_code == 2
    assert "exportscreen-reviews.yaml:" in result.stderr


def test_suppressed_hits_are_marked_in_csv_and_do_not_drive_the_row(manifest: Path) -> None:
    clear_all_hits()
    out = manifest.parent / "out.csv"
    result = runner.invoke(
        app,
        ["screen", str(manifest), "--format", "csv", "--output", str(out), "--date", "2025-06-01"],
    )
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0]["decision"] == "not_controlled"
    assert "(suppressed: reviewed false positive by Jane Doe" in rows[0]["party_hits"]
    assert rows[1]["decision"] == "prohibited"  # a different name is not covered by the review
    assert "suppressed" not in rows[1]["party_hits"]
    assert result.exit_code == 1
