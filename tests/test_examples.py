"""The example manifests in examples/: up to date, and screened as their generator declares.

The English (UTF-8) and Chinese (GB18030) files hold the same shipments, so they must get the same
decision row for row; each row must also get the decision written beside it in
examples/make_examples.py, which is what examples/README.md shows.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.manifest.readers import detect_encoding

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
runner = CliRunner()


def _load_generator() -> ModuleType:
    # examples/ is not a package; load the script by path so the test and the files share one
    # source of truth for the rows and their expected decisions.
    spec = importlib.util.spec_from_file_location(
        "make_examples", EXAMPLES_DIR / "make_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while building the class
    spec.loader.exec_module(module)
    return module


generator = _load_generator()


def screen(path: Path) -> tuple[int, list[dict[str, Any]]]:
    # Module-scoped fixtures run outside conftest's per-test environment: keep the user's audit
    # store out of it explicitly.
    args = ["screen", str(path), "--format", "jsonl", "--no-progress", "--no-audit"]
    result = runner.invoke(app, args)
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, rows


@pytest.fixture(scope="module")
def english() -> tuple[int, list[dict[str, Any]]]:
    return screen(generator.EN_FILE)


@pytest.fixture(scope="module")
def chinese() -> tuple[int, list[dict[str, Any]]]:
    return screen(generator.ZH_FILE)


def test_files_are_what_the_generator_writes() -> None:
    """Edit make_examples.py and rerun it, never the CSV files by hand."""
    assert generator.EN_FILE.read_bytes() == generator.english_bytes()
    assert generator.ZH_FILE.read_bytes() == generator.chinese_bytes()


def test_chinese_file_is_gb18030_and_english_is_utf8() -> None:
    assert detect_encoding(generator.ZH_FILE) == "gb18030"
    assert detect_encoding(generator.EN_FILE) == "utf-8-sig"


def test_the_examples_cover_the_advertised_mix() -> None:
    expected = [example.expect for example in generator.EXAMPLES]
    assert 20 <= len(expected) <= 30
    assert expected.count("error") == 2  # the third bad row is screened on what it states
    for decision in ("prohibited", "licence_required", "review", "not_controlled"):
        assert decision in expected


def test_each_row_gets_its_declared_decision(
    english: tuple[int, list[dict[str, Any]]], chinese: tuple[int, list[dict[str, Any]]]
) -> None:
    for name, (_, rows) in (("manifest-en.csv", english), ("manifest-zh.csv", chinese)):
        assert len(rows) == len(generator.EXAMPLES), name
        for line, (row, example) in enumerate(zip(rows, generator.EXAMPLES, strict=True), 2):
            assert row["line"] == line, name
            assert row["decision"] == example.expect, f"{name} line {line}: {example.why}"


def test_chinese_and_english_files_screen_the_same_row_for_row(
    english: tuple[int, list[dict[str, Any]]], chinese: tuple[int, list[dict[str, Any]]]
) -> None:
    en_code, en_rows = english
    zh_code, zh_rows = chinese
    assert en_code == zh_code == 1  # findings at or above review win over the error rows

    def outcome(row: dict[str, Any]) -> tuple[object, ...]:
        # Beyond the decision: the same items, measures, listed parties and failing fields, so
        # a Chinese row that reaches the right decision for the wrong reason is caught too.
        return (
            row["line"],
            row["decision"],
            sorted((i["list_id"], i["item_id"], i["outcome"]) for i in row["items"]),
            sorted(str(m) for m in _ids(row["measures"])),
            sorted(str(p) for p in _ids(row["parties"])),
            [e["field"] for e in row["errors"]],
        )

    assert [outcome(r) for r in zh_rows] == [outcome(r) for r in en_rows]


def _ids(entries: list[dict[str, Any]]) -> list[object]:
    """A stable identity for a measure or party hit whatever else the JSON carries."""
    keys = ("measure_id", "clause_id", "role", "list", "entity_id", "decision", "in_force")
    return [tuple(entry.get(key) for key in keys) for entry in entries]


def test_transshipment_and_error_rows_say_why(
    english: tuple[int, list[dict[str, Any]]],
) -> None:
    _, rows = english
    by_why = {example.why: row for example, row in zip(generator.EXAMPLES, rows, strict=True)}
    transshipment = next(row for why, row in by_why.items() if why.startswith("transshipment"))
    assert any("transshipment" in warning for warning in transshipment["warnings"])
    bad_code = next(row for why, row in by_why.items() if why.startswith("bad HS code"))
    assert bad_code["errors"][0]["field"] == "hs_code"
    # issue 12 A8: the unreadable code does not stop the described gallium being screened.
    assert [item["item_id"] for item in bad_code["items"]] == ["ga-metal"]
    assert by_why["bad date (30 February)"]["errors"][0]["field"] == "date"
    assert by_why["unknown destination country"]["errors"][0]["field"] == "destination"
