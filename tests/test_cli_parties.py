"""`exportscreen parties ...` and the party options of `check`."""

from __future__ import annotations

import json
from pathlib import Path

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


def check_copper_wire(consignee: str, *options: str) -> tuple[int, str]:
    """`check` a copper-wire shipment to `consignee` on 2024-06-01; exit code and stdout."""
    code, out, _ = invoke(
        "check",
        "--description",
        "copper wire",
        "--consignee",
        consignee,
        "--date",
        "2024-06-01",
        *options,
    )
    return code, out


def test_check_json_gains_parties() -> None:
    code, out = check_copper_wire(
        "Lockheed Martin Corp", "--consignee-country", "US", "--format", "json"
    )
    data = json.loads(out)
    assert code == 1
    assert data["decision"] == "prohibited"
    assert data["parties"][0]["list"] == "cn-unreliable-entity-list"
    assert data["parties"][0]["role"] == "consignee"


OFAC_SLICE = Path(__file__).parent / "parties" / "data" / "ofac" / "sdn.csv"


def test_party_list_option_loads_an_ofac_file_with_review_effect() -> None:
    code, out, _ = invoke(
        "parties",
        "search",
        "AEROCARIBBEAN AIRLINES",
        "--party-list",
        str(OFAC_SLICE),
        "--no-builtin-party-lists",
        "--format",
        "json",
    )
    hits = json.loads(out)["hits"]
    assert code == 1
    assert hits[0]["list"] == "ofac-sdn" and hits[0]["entity_id"] == "36"
    assert hits[0]["decision"] == "review"  # imported lists carry no Chinese legal effect
    assert hits[0]["status"] == "listed (the list gives no listing date)"


def test_party_import_writes_yaml_that_validates_and_loads(tmp_path: Path) -> None:
    out = tmp_path / "sdn.yaml"
    code, text, _ = invoke("parties", "import", str(OFAC_SLICE), "-o", str(out))
    assert code == 0 and "entries" in text
    assert invoke("rules", "validate", str(out))[0] == 0
    code, found, _ = invoke(
        "parties",
        "search",
        "AEROCARIBBEAN AIRLINES",
        "--party-list",
        str(out),
        "--no-builtin-party-lists",
        "--format",
        "json",
    )
    assert json.loads(found)["hits"][0]["entity_id"] == "36"


def test_malformed_party_list_exits_2_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "sdn.csv"
    bad.write_text('36,"AEROCARIBBEAN AIRLINES"\n', encoding="latin-1")
    code, _, err = invoke("parties", "search", "X", "--party-list", str(bad))
    assert code == 2 and str(bad) in err


def test_check_finds_a_listed_party_behind_an_intermediary() -> None:
    consignee = "Pacific Freight Forwarding FZE C/O Lockheed Martin Corp"
    code, out = check_copper_wire(consignee, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["decision"] == "prohibited"
    hit = data["parties"][0]
    assert hit["query"] == consignee
    assert hit["query_part"] == "Lockheed Martin Corp"
    assert hit["explanation"].startswith("in the field, after 'C/O': ")
    assert "'Lockheed Martin Corp' (in the field " in check_copper_wire(consignee)[1]


# Screen against the OFAC slice only, with JSON output.
SLICE_ONLY_JSON = ("--party-list", str(OFAC_SLICE), "--no-builtin-party-lists", "--format", "json")


def test_an_identifier_finds_a_vessel_under_another_name() -> None:
    code, out, _ = invoke(
        "parties", "search", "OCEAN PEARL", "--id", "IMO 9187629", *SLICE_ONLY_JSON
    )
    data = json.loads(out)
    assert code == 1
    assert data["identifiers"] == ["imo:9187629"]
    assert data["hits"][0]["entity_id"] == "15036"
    assert data["hits"][0]["score"] == 100.0
    assert "identifier matches exactly" in data["hits"][0]["explanation"]


def test_check_takes_the_consignee_identifier() -> None:
    code, out = check_copper_wire(
        "OCEAN PEARL SHIPPING", "--consignee-id", "IMO:9187629", *SLICE_ONLY_JSON
    )
    data = json.loads(out)
    assert code == 1
    assert data["parties"][0]["entity_id"] == "15036"
    code, _ = check_copper_wire("OCEAN PEARL SHIPPING", "--consignee-id", "9187629")
    assert code == 2


def test_check_screens_the_vessel_by_name_and_by_imo() -> None:
    code, out = check_copper_wire("ACME TRADING", "--vessel", "ARTAVIL", *SLICE_ONLY_JSON)
    data = json.loads(out)
    assert code == 1
    assert data["declaration"]["vessel"] == "ARTAVIL"
    assert [(p["role"], p["entity_id"]) for p in data["parties"]] == [("vessel", "15036")]
    # Renamed, the tanker is still found by its IMO number.
    code, out = check_copper_wire(
        "ACME TRADING", "--vessel", "OCEAN PEARL", "--vessel-id", "IMO9187629", *SLICE_ONLY_JSON
    )
    vessel = json.loads(out)["parties"][0]
    assert (vessel["role"], vessel["entity_id"], vessel["score"]) == ("vessel", "15036", 100.0)
