"""Issue 12 E8: help text, `rules list` and the `check` panel read well at 80 columns."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()


def test_screen_help_shows_the_columns_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 12 E8: "(field: [header, ...])", not "(field: )"."""
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(app, ["screen", "--help"])
    assert "(field: [header, ...])" in result.stdout


def test_rules_list_readable_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 12 E8: no column squeezed to "M… c…" at 80 columns: every id and announcement
    shows in full."""
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["rules", "list", "--date", "2025-06-01"])
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert "cn-2023-23-gallium-germanium" in result.stdout
    assert "MOFCOM/GAC Announcement No. 23 of 2023" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_check_panel_wrapped_lines_are_indented(monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 12 E8: a wrapped reason or warning continues under its text, not at column 0."""
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(
        app,
        ["check", "--hs", "8112929010", "--description", "gallium metal ingots 4N",
         "--destination", "US", "--no-audit", "--format", "table"],
    )  # fmt: skip
    lines = [line.strip("│").rstrip() for line in result.stdout.splitlines()]
    section = None
    checked = 0
    for line in lines:
        if line.strip() in ("Why", "Warnings"):
            section = line.strip()
            continue
        if not line.strip() or line.startswith("╰"):
            section = None
            continue
        if section is not None and not re.match(r"^ [•!] ", line):
            assert line.startswith("   "), line  # continuation: under the text after "• "
            checked += 1
    assert checked > 0
