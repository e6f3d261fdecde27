"""The command line: output, exit codes 0/1/2, and clear one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()
GALLIUM = [
    "check",
    "--hs",
    "8112929010",
    "--description",
    "gallium metal ingots 4N",
    "--destination",
    "DE",
    "--date",
    "2025-03-01",
]
RULES_DATA = Path(__file__).parent / "data" / "rules"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_readme_example_prints_licence_required_under_announcement_23() -> None:
    code, out, _ = run(
        "check",
        "--hs",
        "8112929010",
        "--description",
        "gallium metal ingots 4N",
        "--destination",
        "DE",
    )
    assert code == 1  # licence_required is at or above the default --fail-on review
    assert "licence_required" in out
    assert "Announcement No. 23 of 2023" in out
    assert "属于两用物项" in out


def test_json_output_has_the_documented_keys() -> None:
    code, out, _ = run(*GALLIUM, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert {"decision", "items", "remarks", "warnings", "measures", "reasons"} <= set(data)
    assert data["decision"] == "licence_required"
    item = data["items"][0]
    assert item["item_id"] == "ga-metal" and item["outcome"] == "controlled"
    assert item["legal_basis"]["announcement"] == "MOFCOM/GAC Announcement No. 23 of 2023"
    assert item["criteria"][0]["kind"] == "keyword"


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("never", 0), ("prohibited", 0), ("licence_required", 1), ("review", 1)],
)
def test_fail_on_sets_the_exit_code(fail_on: str, expected: int) -> None:
    assert run(*GALLIUM, "--fail-on", fail_on)[0] == expected


def test_not_controlled_exits_zero() -> None:
    code, out, _ = run(
        "check", "--hs", "7408110000", "--description", "copper wire", "--destination", "DE"
    )
    assert code == 0
    assert "not_controlled" in out


def test_declaration_file_yaml_and_json_with_flag_override(tmp_path: Path) -> None:
    yaml_file = tmp_path / "d.yaml"
    yaml_file.write_text(
        'hs_code: "8112929010"\ndescription: 金属镓 4N\ndestination: 德国\ndate: 2025-03-01\n',
        encoding="utf-8",
    )
    code, out, _ = run("check", "--file", str(yaml_file), "--format", "json")
    assert code == 1 and json.loads(out)["decision"] == "licence_required"
    json_file = tmp_path / "d.json"
    json_file.write_text(
        json.dumps({"hs_code": "8112929010", "description": "copper wire", "destination": "DE"}),
        encoding="utf-8",
    )
    code, out, _ = run(
        "check", "--file", str(json_file), "--description", "gallium metal", "--format", "json"
    )
    assert json.loads(out)["decision"] == "licence_required"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--hs", "81x2", "--description", "x"], "hs_code"),
        (["check", "--hs", "8112929010", "--destination", "Narnia"], "unknown country 'Narnia'"),
        (["check", "--hs", "8112929010", "--date", "2025-02-30"], "invalid date"),
        (["check", "--destination", "DE"], "give at least --hs or --description"),
        (["check", "--hs", "8112929010", "--rules", "/no/such/rules"], "no such file or folder"),
        (["check", "--hs", "8112929010", "--quantity", "many"], "not a number"),
        (["rules", "list", "--date", "yesterday"], "invalid date"),
        (["rules", "show", "no-such-list"], "no list, measure or item"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in out + err


def test_bad_declaration_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert "cannot read" in run("check", "--file", str(missing))[2]
    broken = tmp_path / "broken.yaml"
    broken.write_text("hs_code: [1,\n", encoding="utf-8")
    code, _, err = run("check", "--file", str(broken))
    assert code == 2 and "not valid YAML/JSON" in err and str(broken) in err
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("hs_code: '8112929010'\ncolour: red\n", encoding="utf-8")
    code, _, err = run("check", "--file", str(unknown))
    assert code == 2 and "colour: unknown field" in err


def test_rules_validate_reports_every_problem_and_exits_2() -> None:
    code, _, err = run("rules", "validate", str(RULES_DATA / "invalid-many-problems.yaml"))
    assert code == 2
    assert "unknown key 'purty'" in err
    assert "invalid date '2023-13-01'" in err
    assert "unknown unit 'furlongs'" in err


def test_rules_validate_accepts_the_builtin_rules() -> None:
    from exportscreen.ruleset.paths import builtin_rules_dir

    code, out, _ = run("rules", "validate", str(builtin_rules_dir()))
    assert code == 0 and out.startswith("ok:")


def test_rules_list_shows_status_on_a_date() -> None:
    code, out, _ = run("rules", "list", "--date", "2026-01-15", env={"COLUMNS": "200"})
    assert code == 0
    assert "cn-2023-23-gallium-germanium" in out
    assert "clause-2-ga-ge-sb-superhard" in out  # suspended on that date, listed with why
    assert "suspended" in out


def test_rules_show_list_and_item() -> None:
    code, out, _ = run("rules", "show", "cn-2023-23-gallium-germanium")
    assert code == 0 and "ga-metal" in out
    code, out, _ = run("rules", "show", "cn-2023-23-gallium-germanium/ge-tetrachloride")
    assert code == 0 and "unverified" in out


CUSTOM_LIST = """\
kind: control_list
id: my-widgets
title: Widgets
authority: Test
announcement: Test Announcement No. 1
issued: 2024-01-01
effective: 2024-01-01
reviewed: 2024-06-01
confidence: confirmed
sources: [https://example.org]
items:
  - id: widget
    code: 9X999
    name: {en: Widget}
    synonyms: {en: [widget]}
    confidence: confirmed
"""


def test_user_rules_by_flag_env_and_alone(tmp_path: Path) -> None:
    (tmp_path / "widgets.yaml").write_text(CUSTOM_LIST, encoding="utf-8")
    args = ["check", "--description", "blue widget", "--format", "json"]
    assert json.loads(run(*args)[1])["decision"] == "not_controlled"
    data = json.loads(run(*args, "--rules", str(tmp_path))[1])
    assert data["decision"] == "licence_required"
    assert data["remarks"] == ["属于两用物项，两用物项出口管制编码：9X999"]
    env_data = json.loads(run(*args, env={"EXPORTSCREEN_RULES": str(tmp_path)})[1])
    assert env_data["decision"] == "licence_required"
    gallium = ["check", "--description", "gallium metal", "--format", "json"]
    alone = json.loads(run(*gallium, "--rules", str(tmp_path), "--no-builtin-rules")[1])
    assert alone["decision"] == "not_controlled"


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("exportscreen ")


def test_a_one_shot_check_builds_only_the_check_command(tmp_path: Path) -> None:
    """main() with `check` loads no other command module (about 15 ms of a check's start-up);
    every other invocation gets every command."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "EXPORTSCREEN_AUDIT_DB": str(tmp_path / "a.db")}
    env["EXPORTSCREEN_CACHE_DIR"] = str(tmp_path / "cache")
    check = [sys.executable, "-X", "importtime", "-m", "exportscreen", "check"]
    check += ["--hs", "8112929010", "--description", "gallium metal 4N", "--destination", "DE"]
    done = subprocess.run(
        [*check, "--fail-on", "never"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0 and "licence_required" in done.stdout
    assert "exportscreen.cli.screen" not in done.stderr
    assert "exportscreen.cli.lists" not in done.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "exportscreen", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "screen" in listing.stdout and "rescreen" in listing.stdout
