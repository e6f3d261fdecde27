"""Issue 12 E9: the pre-commit hook prints only the rows at or above --fail-on, compactly."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()
HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"
ROWS = {
    "8112929010,gallium metal ingots,DE": "licence_required",
    "2825800000,antimony trioxide,DE": "review",
    "7408110000,copper wire,DE": "not_controlled",
}


def test_hook_prints_failing_rows_compactly(tmp_path: Path) -> None:
    """issue 12 E9: a 200-row manifest gives one line per failing row and a summary, not a
    JSON object per row; not_controlled rows are not printed."""
    manifest = tmp_path / "m.csv"
    lines = ["HS Code,Goods Description,Destination"]
    lines += ["7408110000,copper wire,DE"] * 197
    lines += list(ROWS)
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    _, *args = shlex.split(hook["entry"])
    result = runner.invoke(app, [*args, "--no-audit", str(manifest)])
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert len(out) == 3, out
    assert out[0].startswith(f"{manifest}:199: licence_required: Metallic gallium")
    assert out[1].startswith(f"{manifest}:200: review: ")
    assert out[2].startswith("exportscreen: 200 rows in 1 file (1 licence_required, 1 review")
    assert len(result.stdout) < 1_000

    result = runner.invoke(
        app, [*args, "--no-audit", "--fail-on", "licence_required", str(manifest)]
    )
    assert [line.split(": ")[1] for line in result.stdout.splitlines()[:-1]] == ["licence_required"]
