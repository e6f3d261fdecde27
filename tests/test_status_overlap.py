"""Overlapping status periods are rejected by ``rules validate`` (issue 12 C7 / issue 14).

Cases as data: each is a status block (for a list, a measure clause or a party listing) and the
problems expected, or none. Periods are inclusive of ``to``; a period without ``to`` is open-ended.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_text import CONTROL_LIST_HEAD
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.ruleset.loader import parse_document

LIST_HEAD = CONTROL_LIST_HEAD
ITEMS = """\
items:
  - id: widget
    name: {en: Widget}
    synonyms: {en: [widget]}
    confidence: confirmed
"""
MEASURE = """\
kind: measure
id: test-measure
title: Test measure
authority: Test authority
announcement: Test Announcement No. 2
issued: 2024-01-01
effective: 2024-01-01
reviewed: 2024-03-01
confidence: confirmed
sources: [https://example.org]
clauses:
  - id: clause-1
    title: clause 1
    applies_to: {all_dual_use: true}
    effect: prohibited
    confidence: confirmed
"""
PARTIES = """\
kind: party_list
id: test-parties
title: Test parties
authority: Test authority
effect: {controlled_goods: prohibited, other_goods: review}
reviewed: 2024-03-01
confidence: confirmed
sources: [https://example.org]
entries:
  - id: acme
    type: company
    names: {primary: Acme Corp}
    listed: {announcement: Test Announcement No. 3, date: 2024-01-01}
    confidence: confirmed
"""


def _periods(indent: str, *periods: str) -> str:
    lines = [f"{indent}status:"]
    lines += [f"{indent}  - {p}" for p in periods]
    return "\n".join(lines) + "\n"


def control_list(*periods: str) -> str:
    return LIST_HEAD + _periods("", *periods) + ITEMS


def measure_clause(*periods: str) -> str:
    return MEASURE + _periods("    ", *periods)


def party_listing(*periods: str) -> str:
    return PARTIES + _periods("    ", *periods)


SUSPENDED_2025 = "{status: suspended, from: 2025-01-01, to: 2025-06-30}"
CASES = [
    # (name, document text, expected substrings of the problems; [] = valid)
    (
        "list: back-to-back periods",
        control_list(SUSPENDED_2025, "{status: repealed, from: 2025-07-01}"),
        [],
    ),
    (
        "list: second period starts on the last day of the first",
        control_list(SUSPENDED_2025, "{status: repealed, from: 2025-06-30}"),
        ["t.yaml:13: status[1]: repealed period from 2025-06-30 overlaps status[0]"],
    ),
    (
        "list: a period inside an open-ended one",
        control_list(
            "{status: suspended, from: 2025-01-01}",
            "{status: lifted, from: 2025-03-01, to: 2025-04-01}",
        ),
        ["overlaps status[0] (suspended from 2025-01-01, open-ended)"],
    ),
    (
        "list: absorbed carries on under another act; a suspension inside it is not an overlap",
        control_list("{status: absorbed, from: 2024-12-01}", SUSPENDED_2025),
        [],
    ),
    (
        "list: two absorbed periods overlap",
        control_list(
            "{status: absorbed, from: 2024-12-01}", "{status: absorbed, from: 2025-01-01}"
        ),
        ["status[1]: absorbed period from 2025-01-01 overlaps status[0]"],
    ),
    (
        "clause: overlapping suspensions",
        measure_clause(SUSPENDED_2025, "{status: suspended, from: 2025-06-01, to: 2025-12-31}"),
        ["clauses[0].status[1]: suspended period from 2025-06-01 overlaps status[0]"],
    ),
    ("clause: one period", measure_clause(SUSPENDED_2025), []),
    (
        "listing: listing suspended twice over the same days",
        party_listing(SUSPENDED_2025, "{status: suspended, from: 2025-02-01, to: 2025-02-28}"),
        ["entries[0].status[1]: suspended period from 2025-02-01 overlaps status[0]"],
    ),
    (
        "listing: three periods, the third overlapping the first",
        party_listing(
            "{status: suspended, from: 2025-01-01, to: 2025-03-31}",
            "{status: suspended, from: 2025-05-01, to: 2025-05-31}",
            "{status: removed, from: 2025-03-01}",
        ),
        ["status[2]: removed period from 2025-03-01 overlaps status[0]", "overlaps status[1]"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_overlapping_status_periods(text: str, expected: list[str]) -> None:
    document, problems = parse_document(text.encode(), "t.yaml")
    shown = [str(p) for p in problems]
    assert len(shown) == len(expected), shown
    for needle, problem in zip(expected, shown, strict=True):
        assert needle in problem
    assert (document is None) == bool(expected)


def test_rules_validate_exits_2_on_an_overlap(tmp_path: Path) -> None:
    path = tmp_path / "overlap.yaml"
    path.write_text(measure_clause(SUSPENDED_2025, "{status: suspended, from: 2025-06-30}"))
    result = CliRunner().invoke(app, ["rules", "validate", str(path)])
    assert result.exit_code == 2
    assert "overlaps status[0]" in result.output
