"""One deterministic screening run shared by the output-format golden tests.

Every format is rendered from the same rows of ``tests/data/manifests/golden-en.csv``; the run's
timing is fixed so outputs are byte-for-byte stable. Regenerate goldens with
``EXPORTSCREEN_UPDATE_GOLDEN=1 python -m pytest tests/test_report_*.py``.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

from exportscreen.manifest.columns import builtin_aliases
from exportscreen.manifest.screen import ManifestInfo, RunSummary, ScreenOptions, screen_files
from exportscreen.model import RowResult
from exportscreen.pipeline import load_engine
from exportscreen.report import BINARY_FORMATS, reporter_for

MANIFEST = Path(__file__).parent / "data" / "manifests" / "golden-en.csv"
GOLDEN = Path(__file__).parent / "golden"
# Read at import: the autouse fixture clears EXPORTSCREEN_* variables before each test runs.
UPDATE_GOLDEN = os.environ.get("EXPORTSCREEN_UPDATE_GOLDEN") == "1"
RELATIVE_MANIFEST = Path("tests/data/manifests/golden-en.csv")


def golden_run() -> tuple[list[tuple[ManifestInfo, RowResult]], RunSummary]:
    """Screen the golden manifest (paths relative to the repository, timing zeroed)."""
    engine = load_engine()
    options = ScreenOptions(date(2026, 11, 22), builtin_aliases())
    summary = RunSummary()
    cwd = Path.cwd()
    os.chdir(Path(__file__).parent.parent)
    try:
        rows = list(screen_files([RELATIVE_MANIFEST], engine, options, summary))
    finally:
        os.chdir(cwd)
    summary.elapsed = 0.0
    return rows, summary


def render(fmt: str, rows: list[tuple[ManifestInfo, RowResult]], summary: RunSummary) -> bytes:
    out: io.BytesIO | io.StringIO = io.BytesIO() if fmt in BINARY_FORMATS else io.StringIO()
    reporter = reporter_for(fmt, out)
    reporter.start()
    for info, row in rows:
        reporter.row(info, row)
    reporter.finish(summary)
    value = out.getvalue()
    return value if isinstance(value, bytes) else value.encode("utf-8")


def check_golden(name: str, actual: bytes) -> None:
    """Compare with tests/golden/<name>; write it instead when EXPORTSCREEN_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if UPDATE_GOLDEN or not path.exists():
        path.write_bytes(actual)
    assert actual == path.read_bytes(), f"{name} differs from the golden file"
