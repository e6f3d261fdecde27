"""Issue 12 B4, C3, E4: where and how `screen` writes its report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.cli import screen as screen_cli
from exportscreen.manifest import parallel

runner = CliRunner()
MANIFEST = "HS Code,Goods Description,Destination\n8112929010,gallium metal,US\n"


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "lic.csv"
    path.write_text(MANIFEST, encoding="utf-8")
    return path


def test_extension_decides_under_github_actions(
    manifest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """issue 12 B4: GITHUB_ACTIONS=true must not write annotations into a .sarif or .xlsx."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    sarif = tmp_path / "report.sarif"
    result = runner.invoke(app, ["screen", str(manifest), "-o", str(sarif), "--no-audit"])
    assert result.exit_code == 1, result.output
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    xlsx = tmp_path / "report.xlsx"
    runner.invoke(app, ["screen", str(manifest), "-o", str(xlsx), "--no-audit"])
    assert xlsx.read_bytes()[:2] == b"PK"


def test_format_contradicting_the_extension_is_refused(manifest: Path, tmp_path: Path) -> None:
    """issue 12 B4: --format github -o x.sarif, or an unknown extension without --format."""
    for extra in (
        ["--format", "github", "-o", str(tmp_path / "x.sarif")],
        ["-o", str(tmp_path / "x.out")],
    ):
        result = runner.invoke(app, ["screen", str(manifest), "--no-audit", *extra])
        assert result.exit_code == 2, extra
        assert "Traceback" not in result.output
    result = runner.invoke(
        app,
        ["screen", str(manifest), "--no-audit", "--format", "jsonl", "-o", str(tmp_path / "x.out")],
    )
    assert result.exit_code == 1


@pytest.mark.parametrize("which", ["manifest", "columns", "audit"])
def test_output_over_an_input_is_refused(manifest: Path, tmp_path: Path, which: str) -> None:
    """issue 12 C3: -o naming an input file exits 2 and leaves the file alone."""
    columns = tmp_path / "columns.csv"
    columns.write_text("hs_code: [HS Code]\n", encoding="utf-8")
    db = tmp_path / "audit.csv"
    db.write_text("keep", encoding="utf-8")
    target = {"manifest": manifest, "columns": columns, "audit": db}[which]
    before = target.read_bytes()
    args = ["screen", str(manifest), "--columns", str(columns), "--audit-db", str(db)]
    # the same file by another name
    result = runner.invoke(app, [*args, "-o", str(target.parent / "." / target.name)])
    assert result.exit_code == 2, result.output
    assert "is one of the inputs" in result.stderr
    assert target.read_bytes() == before


def test_jobs_bounded_by_usable_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 12 E4: --jobs above the usable CPUs is brought down to them, with a warning."""
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    assert screen_cli.parse_jobs("2") == 2
    assert screen_cli.parse_jobs("1000") == 2
