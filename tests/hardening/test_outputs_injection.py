"""Issue 12 B3, C1, C2, E1, E2, E3: what data can do to each output, and what every output shows."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()
ESC = "\x1b"
# An OSC 8 hyperlink, a window-title change, a colour, and a bidi override, in one consignee.
HOSTILE = f"Evil{ESC}]8;;https://evil.example{ESC}\\\\click{ESC}]0;pwned\x07{ESC}[31mred\u202egnp"


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "m.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["HS Code", "Goods Description", "Consignee", "Destination", "Date"])
        writer.writerow(
            ["8112929010", f"gallium metal {HOSTILE}", '=HYPERLINK("http://x")', "US", "2025-06-01"]
        )
        writer.writerow(["8112929010", "@gallium [/] [link=http://x]y[/link]", "-2+3", "DE", ""])
        writer.writerow(["7408110000", "+copper wire", "\tTab Co", "DE", "2025-06-01"])
    return path


def _screen(manifest: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(
        app, ["screen", str(manifest), "--no-audit", "--date", "2025-07-01", *args]
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_check_shows_markup_as_text() -> None:
    """issue 12 B3: `check --description 'gallium [/]'` shows it, no crash, no live link."""
    for text in ("gallium [/]", "gallium [link=https://evil.example]click[/link]"):
        result = runner.invoke(
            app,
            ["check", "--hs", "8112929010", "--description", text, "--destination", "DE",
             "--no-audit", "--format", "table"],
        )  # fmt: skip
        assert result.exit_code == 1, result.output
        assert text in result.stdout
        assert "\x1b]8;" not in result.stdout


def test_check_escapes_control_characters() -> None:
    """issue 12 C2: escape sequences from input never reach the terminal from `check`."""
    result = runner.invoke(
        app,
        ["check", "--hs", "8112929010", "--description", "gallium", "--destination", "DE",
         "--consignee", HOSTILE, "--no-audit", "--format", "table"],
    )  # fmt: skip
    assert ESC not in result.stdout and "\u202e" not in result.stdout
    assert "Evil\\x1b]8;;" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "github", "html", "sarif", "junit"])
def test_human_facing_formats_escape_control_characters(manifest: Path, fmt: str) -> None:
    """issue 12 C2: no ESC, BEL or bidi override from the data in any human-facing format."""
    _, out = _screen(manifest, "--format", fmt)
    if fmt == "sarif":  # what code-scanning views show: the decoded messages
        results = json.loads(out)["runs"][0]["results"]
        out = "\n".join(r["message"]["text"] for r in results)
    # JUnit XML cannot hold C0 controls even escaped: they become U+FFFD there
    assert "Evil\\x1b" in out or (fmt == "junit" and "Evil\ufffd" in out)
    for char in (ESC, "\x07", "\u202e"):
        assert char not in out, (fmt, char)


def test_csv_neutralises_formula_cells(manifest: Path) -> None:
    """issue 12 C1: cells starting = + - @ tab or CR are prefixed with ' in --format csv;
    plain numbers are left alone."""
    _, out = _screen(manifest, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'+copper wire" in cells and "'\tTab Co" in cells and "'-2+3" in cells
    assert all(not c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert all(not c.startswith("-") or re.fullmatch(r"-[\d.]+", c) for c in cells)


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "html", "sarif", "junit", "github"])
def test_every_format_shows_the_as_of_date(manifest: Path, fmt: str) -> None:
    """issue 12 E1: a row with a blank date column shows the date it was screened as of."""
    _, out = _screen(manifest, "--format", fmt)
    assert "2025-07-01" in out  # the blank date of row 2 (--date)


def test_xlsx_shows_the_as_of_date(manifest: Path, tmp_path: Path) -> None:
    """issue 12 E1: the xlsx has a screened_as_of column."""
    import openpyxl

    out = tmp_path / "r.xlsx"
    _screen(manifest, "-o", str(out))
    sheet = openpyxl.load_workbook(out).worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    column = header.index("screened_as_of")
    values = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert values[:2] == ["2025-06-01", "2025-07-01"]


def test_table_shows_the_customs_remark(manifest: Path) -> None:
    """issue 12 E2: `screen --format table` shows the customs remark, as `check` does."""
    _, out = _screen(manifest, "--format", "table")
    assert "remark" in out and "属于两用物项" in out


def test_junit_honours_fail_on(manifest: Path) -> None:
    """issue 12 E3: with --fail-on prohibited a licence_required row passes in JUnit too."""
    code, out = _screen(manifest, "--format", "junit", "--fail-on", "prohibited")
    assert code == 1  # the US row is prohibited
    assert out.count("<failure") == 1
    assert "<system-out>" in out  # the licence_required row keeps its findings
    code, out = _screen(manifest, "--format", "junit", "--fail-on", "never")
    assert code == 0 and "<failure" not in out
