"""Issue 12 E7: README's set-up commands work on a fresh Debian/Ubuntu Python (PEP 668)."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_pip_install_block_makes_a_venv_first() -> None:
    """issue 12 E7: each shell block that runs pip install makes and activates a venv first."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    installs = [b for b in blocks if "pip install" in b]
    assert installs
    for block in installs:
        venv = block.find("python3 -m venv .venv && . .venv/bin/activate")
        assert 0 <= venv < block.index("pip install"), block
