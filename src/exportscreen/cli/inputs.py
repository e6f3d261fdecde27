"""Options and checks about the inputs that ``check`` and ``screen`` share (issue 12 part A)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from exportscreen.cli.common import fail

AllowDateOption = Annotated[
    bool,
    typer.Option(
        "--allow-date",
        help="Accept shipment dates before 2000 or more than a year ahead (otherwise errors).",
        rich_help_panel="Input",
    ),
]


def check_inputs(files: list[Path]) -> None:
    """Every input exists and is a file, before anything is recorded (issue 12 B1)."""
    for path in files:
        if not path.exists():
            raise fail(f"{path}: no such file")
        if not path.is_file():
            raise fail(f"{path}: not a file (give CSV or XLSX files)")
