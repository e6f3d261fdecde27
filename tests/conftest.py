"""Shared fixtures: every test runs without the user's EXPORTSCREEN_* settings or cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("EXPORTSCREEN_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("EXPORTSCREEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("EXPORTSCREEN_AUDIT_DB", str(tmp_path / "audit.sqlite3"))
