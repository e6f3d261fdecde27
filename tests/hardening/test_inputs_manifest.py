"""Issue 12, part A: manifests that a careless or hostile user hands to ``screen``.

Each test names the item of issue 12 it holds the tool to. The audit store and the engine cache
are temporary (tests/conftest.py); most runs keep the audit on, as users do.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()
LISTED = "Lockheed Martin Corporation"  # on the built-in Control List (rules/parties)


def screen(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = runner.invoke(app, ["screen", "--format", "jsonl", "--no-progress", *args])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, rows, result.stderr


def one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_duplicate_header_is_refused_naming_it(tmp_path: Path) -> None:
    """issue 12 A2: `Consignee,Consignee` hid the second column; now exit 2 naming it."""
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        f"HS Code,Description,Destination,Consignee,Consignee\n"
        f"7408110000,copper wire,DE,Acme GmbH,{LISTED}\n",
        encoding="utf-8",
    )
    code, rows, err = screen(str(manifest), "--date", "2025-06-01")
    assert code == 2 and rows == []
    line = one_line_error(err)
    assert "'Consignee' twice" in line and "columns 4 and 5" in line and "m.csv:1" in line


def test_duplicate_header_differing_only_in_case_and_spaces(tmp_path: Path) -> None:
    """issue 12 A2: names are compared as the column mapping compares them."""
    manifest = tmp_path / "m.csv"
    manifest.write_text("consignee,description, CONSIGNEE \nAcme,x,y\n", encoding="utf-8")
    code, _, err = screen(str(manifest))
    assert code == 2 and "twice" in one_line_error(err)


@pytest.mark.parametrize("boms", [1, 2, 3])
def test_every_leading_bom_is_stripped(tmp_path: Path, boms: int) -> None:
    """issue 12 A7: a double BOM dropped the HS column and downgraded the decision."""
    manifest = tmp_path / "m.csv"
    text = "\ufeff" * boms + "HS Code,Description,Destination\n8112929010,gallium metal 4N,DE\n"
    manifest.write_bytes(text.encode("utf-8"))
    code, rows, _ = screen(str(manifest), "--date", "2025-06-01")
    assert rows[0]["decision"] == "licence_required"
    assert rows[0]["input"] == {  # the HS column was read under its own name
        "HS Code": "8112929010",
        "Description": "gallium metal 4N",
        "Destination": "DE",
    }
    assert code == 1


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_missing_or_directory_input_is_one_line_and_exit_2(tmp_path: Path, kind: str) -> None:
    """issue 12 B1: with the audit on, a traceback and exit 1 (0 under --exit-zero)."""
    target = tmp_path / "nosuch.csv" if kind == "missing" else tmp_path
    result = runner.invoke(app, ["screen", str(target), "--exit-zero", "--no-progress"])
    assert result.exit_code == 2
    line = one_line_error(result.stderr)
    assert str(target) in line


def write_csv(tmp_path: Path) -> Path:
    manifest = tmp_path / "m.csv"
    manifest.write_text("HS Code,Description,Destination\n8112929010,gallium,DE\n")
    return manifest


@pytest.mark.parametrize("encoding", ["rot13", "hex", "utf-16", "utf-32", "no-such-codec"])
def test_wrong_or_non_text_encoding_is_one_line_and_exit_2(tmp_path: Path, encoding: str) -> None:
    """issue 12 B2: `--encoding rot13` / `utf-16` crashed with a traceback and exit 1."""
    code, rows, err = screen(str(write_csv(tmp_path)), "--encoding", encoding)
    assert code == 2 and rows == []
    assert "m.csv" in one_line_error(err)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """issue 12 B2: `-o /dev/full` crashed with a traceback and exit 1."""
    result = runner.invoke(
        app,
        ["screen", str(write_csv(tmp_path)), "-o", "/dev/full", "-f", "jsonl", "--no-progress"],
    )
    assert result.exit_code == 2
    assert "/dev/full" in one_line_error(result.stderr)


def test_implausible_row_dates_are_error_rows(tmp_path: Path) -> None:
    """issue 12 A6: in a manifest a date before 2000 or over a year ahead is an error row."""
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "HS Code,Description,Destination,Date\n"
        "8112929010,gallium,US,0025-06-03\n"
        "8112929010,gallium,US,2999-01-01\n"
        "8112929010,gallium,US,2025-06-03\n",
        encoding="utf-8",
    )
    code, rows, _ = screen(str(manifest))
    # The bad rows are error rows (what can be read is still screened, issue 12 A8).
    assert [[e["field"] for e in r["errors"]] for r in rows] == [["date"], ["date"], []]  # type: ignore[union-attr]
    assert "--allow-date" in rows[0]["errors"][0]["message"]  # type: ignore[index]
    assert rows[2]["decision"] == "prohibited"
    assert code == 1
    _, allowed, _ = screen(str(manifest), "--allow-date")
    assert all(r["errors"] == [] for r in allowed)
    assert [r["decision"] for r in allowed] == ["not_controlled", "prohibited", "prohibited"]


def test_implausible_default_date_is_refused(tmp_path: Path) -> None:
    """issue 12 A6: `screen --date 0025-06-03` is a usage error unless --allow-date."""
    code, _, err = screen(str(write_csv(tmp_path)), "--date", "0025-06-03")
    assert code == 2 and "--allow-date" in one_line_error(err)
    code, rows, _ = screen(str(write_csv(tmp_path)), "--date", "0025-06-03", "--allow-date")
    assert rows[0]["decision"] == "not_controlled" and code == 0


# --- XLSX ------------------------------------------------------------------------------------

HEADER = ["HS Code", "Description", "Destination", "Consignee"]


def test_hidden_first_sheet_is_not_screened_in_place_of_the_visible_one(tmp_path: Path) -> None:
    """issue 12 A4: a hidden decoy sheet was screened (exit 0), the visible data ignored."""
    workbook = openpyxl.Workbook()
    decoy = workbook.active
    assert decoy is not None
    decoy.title = "Decoy"
    decoy.append(HEADER)
    decoy.append(["7408110000", "copper wire", "DE", "Acme GmbH"])
    decoy.sheet_state = "hidden"
    real = workbook.create_sheet("Shipments")
    real.append(HEADER)
    real.append(["7408110000", "copper wire", "DE", LISTED])
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    code, rows, err = screen(str(path), "--date", "2025-06-01")
    assert [r["decision"] for r in rows] == ["prohibited"]
    assert code == 1
    assert "sheet 'Decoy' is hidden" in err


def test_data_on_another_sheet_is_mentioned(tmp_path: Path) -> None:
    """issue 12 A4: data on a second sheet was skipped without a word."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.append(HEADER)
    first.append(["7408110000", "copper wire", "DE", "Acme GmbH"])
    second = workbook.create_sheet("More")
    second.append(HEADER)
    second.append(["7408110000", "copper wire", "DE", LISTED])
    workbook.create_sheet("Empty")
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    code, rows, err = screen(str(path), "--date", "2025-06-01")
    assert len(rows) == 1 and code == 0
    assert "sheet 'More' holds data and was not screened" in err
    assert "Empty" not in err
    code, rows, _ = screen(str(path), "--date", "2025-06-01", "--sheet", "More")
    assert rows[0]["decision"] == "prohibited" and code == 1


def test_formula_without_a_saved_value_is_an_error_row(tmp_path: Path) -> None:
    """issue 12 A4: `="General Dynamics..."` with no cached value read as empty."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Consignee", "Consignee country"])
    sheet.append(['="Lockheed Martin "&"Corporation"', "US"])  # openpyxl saves no value
    sheet.append(["Acme GmbH", "DE"])
    path = tmp_path / "m.xlsx"
    workbook.save(path)
    code, rows, _ = screen(str(path), "--date", "2025-06-01")
    assert [r["decision"] for r in rows] == ["error", "not_controlled"]
    error = rows[0]["errors"][0]  # type: ignore[index]
    assert error["field"] == "Consignee"
    assert "cell A" in error["message"] and "no saved value" in error["message"]
    assert rows[0]["line"] == 2
    assert code == 2


XXE_SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE foo [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Consignee</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&b;&xxe;</t></is></c></row></sheetData></worksheet>
"""


def test_xlsx_with_xml_entities_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """issue 12 B2: an XLSX with XXE / entity tricks crashed with a traceback and exit 1."""
    plain = tmp_path / "plain.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Consignee"])
    sheet.append(["Acme"])
    workbook.save(plain)
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = XXE_SHEET.encode()
            target.writestr(item, data)
    code, rows, err = screen(str(hostile))
    assert code == 2 and rows == []
    line = one_line_error(err)
    assert "hostile.xlsx" in line and "root:" not in line
