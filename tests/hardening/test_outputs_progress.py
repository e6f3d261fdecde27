"""Issue 12 E10: the progress display shows a total and the time left, and the run's summary
line stays once the bar is gone."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.cli import progress as progress_module
from exportscreen.cli import screen as screen_cli

runner = CliRunner()


def test_bar_shows_estimated_total_and_time_left() -> None:
    """issue 12 E10: "screening N of ~TOTAL rows", a bar, and the time left."""
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    rows = list(
        progress_module.progress_rows(iter(range(1000)), enabled=True, total=900, console=console)
    )
    assert rows == list(range(1000))  # a short estimate is corrected, nothing lost
    text = stream.getvalue()
    assert "of ~900 rows" in text
    assert "left" in text


def test_rows_estimated_from_the_file_size(tmp_path: Path) -> None:
    """issue 12 E10: a CSV's rows from its size; an XLSX's from its sheet dimension."""
    csv_path = tmp_path / "big.csv"
    lines = ["HS Code,Goods Description,Destination"]
    lines += [f"7408110000,copper wire lot {i},DE" for i in range(20_000)]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    estimate = progress_module.estimate_rows([csv_path])
    assert estimate is not None and abs(estimate - 20_000) < 1_000
    small = tmp_path / "small.csv"
    small.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    assert progress_module.estimate_rows([small]) == 2
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in range(51):
        sheet.append([f"r{row}", "x"])
    book.save(tmp_path / "m.xlsx")
    assert progress_module.estimate_rows([tmp_path / "m.xlsx", small]) == 52


def test_summary_line_stays_after_the_bar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 12 E10: rows, decisions and what the exit code means, on stderr."""
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "HS Code,Goods Description,Destination\n8112929010,gallium,DE\n7408110000,copper,DE\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(screen_cli, "progress_wanted", lambda no_progress, output: True)
    result = runner.invoke(
        app, ["screen", str(manifest), "--no-audit", "-o", str(tmp_path / "r.jsonl")]
    )
    assert result.exit_code == 1
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("exportscreen: ")]
    assert line.startswith("exportscreen: 2 rows in ")
    assert line.endswith(
        "1 licence_required, 1 not_controlled; exit 1: rows at or above --fail-on review"
    )
