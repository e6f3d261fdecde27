"""`exportscreen parties ...` and the party options of `check`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "160"})
    return result.exit_code, result.stdout, result.stderr


def test_search_finds_a_listed_party_in_another_script_and_exits_1() -> None:
    code, out, _ = invoke(
        "parties", "search", "洛克希德·馬丁公司", "--date", "2025-06-01", "--format", "json"
    )
    data = json.loads(out)
    assert code == 1
    first = data["hits"][0]
    assert {"list", "entity_id", "name", "score", "explanation"} <= set(first)
    assert first["name"] == "洛克希德·马丁公司"
    assert first["primary_name"] == "Lockheed Martin Corporation"
    assert first["score"] >= 75


def test_search_without_hits_exits_0() -> None:
    code, out, _ = invoke("parties", "search", "Lopez Group", "--country", "US")
    assert code == 0
    assert "no listed party matches" in out


def test_search_threshold_and_builtin_switches() -> None:
    code, out, _ = invoke(
        "parties",
        "search",
        "Leidos",
        "--date",
        "2025-06-01",
        "--no-builtin-party-lists",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["hits"] == []
    assert invoke("parties", "search", "Leidos", "--threshold", "101")[0] == 2
    assert "outside 0-100" in invoke("parties", "search", "Leidos", "--threshold", "101")[2]


def test_search_rejects_an_unknown_country() -> None:
    code, _, err = invoke("parties", "search", "Leidos", "--country", "Narnia")
    assert code == 2 and "unknown country" in err


def test_lists_shows_the_three_chinese_lists() -> None:
    code, out, _ = invoke("parties", "lists")
    assert code == 0
    for list_id in (
        "cn-unreliable-entity-list",
        "cn-export-control-control-list",
        "cn-export-control-watch-list",
    ):
        assert list_id in out


def test_check_json_gains_parties() -> None:
    code, out, _ = invoke(
        "check",
        "--description",
        "copper wire",
        "--consignee",
        "Lockheed Martin Corp",
        "--consignee-country",
        "US",
        "--date",
        "2024-06-01",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 1
    assert data["decision"] == "prohibited"
    assert data["parties"][0]["list"] == "cn-unreliable-entity-list"
    assert data["parties"][0]["role"] == "consignee"
