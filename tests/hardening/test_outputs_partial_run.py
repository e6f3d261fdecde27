"""Issue 12 D5: a run of several files with one unreadable file still reports what was
screened, and the file's error, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    good = tmp_path / "good.csv"
    good.write_text(
        "HS Code,Goods Description,Destination,Date\n8112929010,gallium metal,DE,2025-06-01\n",
        encoding="utf-8",
    )
    unmapped = tmp_path / "unmapped.csv"
    unmapped.write_text("Foo,Bar\n1,2\n", encoding="utf-8")
    # a missing file is refused before the run starts (part A); one that cannot be decoded is
    # found only when its turn comes
    undecodable = tmp_path / "undecodable.csv"
    undecodable.write_bytes(b"HS Code,Goods Description\n\xff\xfe\x00bad\n")
    return [good, unmapped, undecodable]


@pytest.mark.parametrize("fmt", ["sarif", "html", "xlsx", "junit", "table", "csv", "jsonl"])
def test_unreadable_file_is_reported_beside_the_rows_screened(
    files: list[Path], tmp_path: Path, fmt: str
) -> None:
    """issue 12 D5"""
    out = tmp_path / f"report.{ {'junit': 'xml', 'table': 'txt'}.get(fmt, fmt) }"
    result = runner.invoke(
        app, ["screen", *map(str, files), "--no-audit", "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 1, result.output  # the gallium row needs a licence
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(out).worksheets[0]
        text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    else:
        text = out.read_text(encoding="utf-8")
    if fmt == "sarif":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    text = " ".join(text.split())  # the table wraps long lines
    assert "licence_required" in text  # the readable file was screened and reported
    assert "no column maps to a declaration field" in text
    assert "undecodable.csv" in text


def test_file_errors_alone_exit_2(tmp_path: Path) -> None:
    """issue 12 D5: with no findings, a file error makes the run exit 2."""
    unmapped = tmp_path / "unmapped.csv"
    unmapped.write_text("Foo,Bar\n1,2\n", encoding="utf-8")
    clean = tmp_path / "clean.csv"
    clean.write_text("HS Code,Goods Description,Destination\n7408110000,copper wire,DE\n")
    result = runner.invoke(
        app, ["screen", str(clean), str(unmapped), "--no-audit", "--format", "jsonl"]
    )
    assert result.exit_code == 2
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["decision"] for r in rows] == ["not_controlled", "error"]


def test_file_unreadable_midway_is_reported_and_later_files_screened(tmp_path: Path) -> None:
    """issue 12 D5: a file that becomes unreadable at line 4 keeps its first rows, gets an
    error row, and the file after it is still screened."""
    broken = tmp_path / "broken.csv"
    too_long = "x" * 200_000  # over the csv module's field limit: malformed CSV at line 4
    broken.write_text(
        "HS Code,Goods Description,Destination\n"
        "7408110000,copper wire,DE\n7408110000,copper wire,DE\n"
        f"8112929010,{too_long}\n7408110000,copper wire,DE\n",
        encoding="utf-8",
    )
    after = tmp_path / "after.csv"
    after.write_text("HS Code,Goods Description,Destination\n8112929010,gallium,DE\n")
    result = runner.invoke(
        app, ["screen", str(broken), str(after), "--no-audit", "--format", "jsonl"]
    )
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(r["file"]).name, r["decision"]) for r in rows] == [
        ("broken.csv", "not_controlled"),
        ("broken.csv", "not_controlled"),
        ("after.csv", "licence_required"),
        ("broken.csv", "error"),
    ]
    assert "broken.csv:4" in rows[-1]["errors"][0]["message"]
