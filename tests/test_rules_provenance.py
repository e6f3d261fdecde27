"""``rules list`` counts items by confidence; ``rules show`` prints the official text (issue 14)."""

from __future__ import annotations

from pathlib import Path

from rules_text import CONTROL_LIST_HEAD
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.cli.rules_view import confidence_counts
from exportscreen.ruleset.loader import parse_document

LIST = (
    CONTROL_LIST_HEAD
    + """\
official: http://exportcontrol.mofcom.gov.cn/article/test/1.html
items:
  - {id: a, name: {en: A}, synonyms: {en: [aa]}, confidence: confirmed}
  - {id: b, name: {en: B}, synonyms: {en: [bb]}, confidence: partial}
  - {id: c, name: {en: C}, synonyms: {en: [cc]}, confidence: partial}
  - {id: d, name: {en: D}, synonyms: {en: [dd]}, confidence: inferred}
  - id: e
    name: {en: E}
    synonyms: {en: [ee]}
    confidence: confirmed
    scope: unknown
  - id: f
    name: {en: F}
    synonyms: {en: [ff]}
    confidence: unverified
    official: http://exportcontrol.mofcom.gov.cn/article/test/2.html
"""
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "220"})
    return result.exit_code, result.output


def test_confidence_counts_count_scope_unknown_items_as_unknown() -> None:
    document, problems = parse_document(LIST.encode(), "t.yaml")
    assert problems == [] and document is not None and document.kind == "control_list"
    assert confidence_counts(document.items) == (
        "1 confirmed, 2 partial, 1 inferred, 1 unverified, 1 unknown"
    )


def test_rules_list_shows_counts_per_list(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(LIST, encoding="utf-8")
    code, out = run("rules", "list", "--no-builtin-rules", "--rules", str(tmp_path))
    assert code == 0
    assert "1 confirmed, 2 partial, 1 inferred, 1 unverified, 1 unknown" in out


def test_builtin_lists_settled_by_the_audit_have_no_unknown_items() -> None:
    code, out = run("rules", "list", "--date", "2026-06-01")
    assert code == 0
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 3}
    for list_id in (
        "cn-2025-10-tungsten-tellurium-bismuth-molybdenum-indium",
        "cn-2024-33-antimony-superhard",
    ):
        assert "unknown" not in rows[list_id], rows[list_id]
    assert "party list" in rows["cn-export-control-control-list"]


def test_rules_show_prints_the_official_text(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(LIST, encoding="utf-8")
    rules = ("--no-builtin-rules", "--rules", str(tmp_path))
    code, out = run("rules", "show", "test-list", *rules)
    assert code == 0
    assert "official text: http://exportcontrol.mofcom.gov.cn/article/test/1.html" in out
    assert "official text: http://exportcontrol.mofcom.gov.cn/article/test/2.html" in out  # item f
    code, out = run("rules", "show", "test-list/a", *rules)
    assert (
        "official text of this item: http://exportcontrol.mofcom.gov.cn/article/test/1.html" in out
    )
    code, out = run("rules", "show", "test-list/f", *rules)
    assert (
        "official text of this item: http://exportcontrol.mofcom.gov.cn/article/test/2.html" in out
    )


def test_rules_show_prints_a_listing_with_its_official_text() -> None:
    code, out = run("rules", "show", "cn-export-control-control-list/cl-hensoldt-ag")
    assert code == 0
    assert (
        "official text of this listing: "
        "http://exportcontrol.mofcom.gov.cn/article/zcfg/gnzcfg/gzjgfxwj/202605/1283.html"
    ) in out
    assert "MOFCOM Announcement No. 20 of 2026" in out


def test_official_must_be_an_address() -> None:
    bad = LIST.replace("official: http://exportcontrol", "official: exportcontrol", 1)
    _, problems = parse_document(bad.encode(), "t.yaml")
    assert any("official" in str(p) for p in problems), problems
