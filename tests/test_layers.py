"""The import-layers contract (.importlinter): each layer imports only the layers below it.

The contract runs in CI (`lint-imports`); these tests run it too, and show it failing on a
deliberate upward import hidden inside a function, the kind a lazy import used to hide.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "exportscreen"
CONFIG = ROOT / ".importlinter"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def lint(source_root: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the contract against the package found under ``source_root``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(CONFIG), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(source_root), "PATH": str(LINT_IMPORTS.parent)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_package_keeps_its_layers(tmp_path: Path) -> None:
    result = lint(ROOT / "src", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_lazy_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The model (base layer) importing the CLI inside a function is reported."""
    copy = tmp_path / "src" / "exportscreen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    model = copy / "model.py"
    model.write_text(
        model.read_text(encoding="utf-8")
        + "\n\ndef _upward() -> object:\n    from exportscreen.cli import app\n\n    return app\n",
        encoding="utf-8",
    )
    result = lint(tmp_path / "src", tmp_path)
    assert result.returncode != 0
    assert "exportscreen.model -> exportscreen.cli" in result.stdout
