"""The audit trail from the command line: list, show, export, verify, and rescreen."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "audit.sqlite3"


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "manifest.csv"
    path.write_text(
        "HS Code,Goods Description,Consignee,Consignee Country,Shipment Date\n"
        "8112929010,gallium metal,Rhein Handel GmbH,DE,2025-06-01\n"
        "7408110000,copper wire,Lockheed Martin Corp,US,2025-06-01\n"
        "81x,copper wire,Rhein Handel GmbH,DE,2025-06-01\n",
        encoding="utf-8",
    )
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_runs_are_recorded_and_shown(db: Path, manifest: Path) -> None:
    invoke("check", "--hs", "8112929010", "--description", "gallium metal", "--audit-db", str(db))
    invoke("screen", str(manifest), "--format", "jsonl", "--audit-db", str(db))
    code, out, _ = invoke("audit", "list", "--audit-db", str(db))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and "screen" in lines[0] and "check" in lines[1]
    assert "complete" in lines[0] and "rows 3" in lines[0]
    run_id = lines[0].split()[0]
    code, out, _ = invoke("audit", "show", run_id, "--audit-db", str(db))
    assert "cn-2023-23-gallium-germanium, reviewed 2026-06-30" in out
    assert f"input {manifest}" in out
    assert "prohibited" in out and "error — hs_code" in out
    code, out, _ = invoke("audit", "show", run_id, "--audit-db", str(db), "--format", "json")
    data = json.loads(out)
    assert data["run"]["status"] == "complete" and len(data["declarations"]) == 3


def test_no_audit_records_nothing(db: Path, manifest: Path) -> None:
    invoke("screen", str(manifest), "--format", "jsonl", "--audit-db", str(db), "--no-audit")
    assert not db.exists()


def test_export_csv_and_jsonl(db: Path, manifest: Path, tmp_path: Path) -> None:
    invoke("screen", str(manifest), "--format", "jsonl", "--audit-db", str(db))
    out = tmp_path / "export.csv"
    assert (
        invoke("audit", "export", "--audit-db", str(db), "--format", "csv", "-o", str(out))[0] == 0
    )
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("run_id,") and text.count("\n") == 4
    _, jsonl, _ = invoke("audit", "export", "--audit-db", str(db), "--since", "2020-01-01")
    assert [json.loads(line)["decision"] for line in jsonl.splitlines()] == [
        "licence_required",
        "prohibited",
        "error",
    ]
    assert invoke("audit", "export", "--audit-db", str(db), "--since", "2999-01-01")[1] == ""


def test_verify_detects_an_edited_record(db: Path, manifest: Path) -> None:
    invoke("screen", str(manifest), "--format", "jsonl", "--audit-db", str(db))
    assert invoke("audit", "verify", "--audit-db", str(db))[0] == 0
    run_id = invoke("audit", "list", "--audit-db", str(db))[1].split()[0]
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        table = next(t for t in tables if "declaration" in t)
        conn.execute(
            f"update {table} set decision = 'not_controlled' where decision = 'prohibited'"
        )
    code, _, err = invoke("audit", "verify", "--audit-db", str(db))
    assert code == 1
    assert run_id in err


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = invoke("audit", "list", "--audit-db", str(tmp_path / "none.sqlite3"))
    assert code == 2 and "no audit store" in err


def test_rescreen_reports_a_new_hit_as_more_severe(db: Path, manifest: Path) -> None:
    invoke(
        "screen",
        str(manifest),
        "--format",
        "jsonl",
        "--audit-db",
        str(db),
        "--no-builtin-party-lists",
    )
    code, out, _ = invoke("rescreen", "--audit-db", str(db), "--original-dates", "--format", "json")
    changes = json.loads(out)
    assert code == 1
    assert [(c["line"], c["old"], c["new"], c["more_severe"]) for c in changes] == [
        (3, "not_controlled", "prohibited", True)
    ]


def test_rescreen_with_unchanged_lists_reports_nothing(db: Path, manifest: Path) -> None:
    invoke("screen", str(manifest), "--format", "jsonl", "--audit-db", str(db))
    code, out, _ = invoke("rescreen", "--audit-db", str(db), "--original-dates")
    assert code == 0 and "no decision changed" in out


def test_rescreen_as_of_a_later_date_sees_a_lifted_listing(db: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "leidos.csv"
    manifest.write_text(
        "Consignee,Goods Description,Shipment Date\nLeidos,copper wire,2025-06-01\n",
        encoding="utf-8",
    )
    invoke("screen", str(manifest), "--format", "jsonl", "--audit-db", str(db))
    code, out, _ = invoke(
        "rescreen", "--audit-db", str(db), "--date", "2026-01-10", "--format", "json"
    )
    changes = json.loads(out)
    assert code == 0  # less severe: the Control List measures were lifted on 2025-11-10
    assert [(c["old"], c["new"], c["more_severe"]) for c in changes] == [
        ("review", "not_controlled", False)
    ]
