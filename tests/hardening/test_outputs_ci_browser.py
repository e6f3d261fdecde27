"""Issue 12 E6: CI installs Chromium and a CJK font when missing, so the HTML screenshot test
runs; the page names a CJK font stack."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "install-browser"
BASH = shutil.which("bash")


def _tool(directory: Path, name: str, body: str) -> None:
    path = directory / name
    path.write_text(f"#!{BASH}\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _run(bin_dir: Path) -> subprocess.CompletedProcess[str]:
    assert BASH is not None
    return subprocess.run(
        [BASH, str(SCRIPT)],
        env={"PATH": str(bin_dir), "HOME": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


pytestmark = pytest.mark.skipif(
    BASH is None or os.geteuid() != 0, reason="runs the script as root with fake tools"
)


def test_ci_run_calls_the_installer() -> None:
    """issue 12 E6: .ci/run installs the browser before the tests."""
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert text.index(".ci/install-browser") < text.index("python -m pytest")


def test_missing_browser_and_font_are_installed(tmp_path: Path) -> None:
    """issue 12 E6: both Debian packages, after an apt-get update when the first try fails."""
    log = tmp_path / "apt.log"
    _tool(
        tmp_path,
        "apt-get",
        f'echo "$*" >> {log}\n'
        f'[[ "$1" == update ]] && {{ : > {tmp_path}/updated; exit 0; }}\n'
        f"[[ -e {tmp_path}/updated ]]",
    )
    done = _run(tmp_path)
    assert done.returncode == 0, done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 3 and calls[1] == "update -qq"
    assert calls[2].startswith("install") and calls[2].endswith("chromium fonts-noto-cjk")
    assert "installed chromium fonts-noto-cjk" in done.stderr


def test_nothing_installed_when_present(tmp_path: Path) -> None:
    """issue 12 E6: with Chromium and a CJK font present, apt is not touched."""
    _tool(tmp_path, "chromium", "exit 0")
    _tool(tmp_path, "fc-list", 'echo "Noto Sans CJK SC"')
    _tool(tmp_path, "apt-get", "exit 99")
    done = _run(tmp_path)
    assert done.returncode == 0 and done.stderr == ""


def test_without_apt_the_build_goes_on(tmp_path: Path) -> None:
    """issue 12 E6: no apt-get (or a failing one) never fails CI; it says why."""
    done = _run(tmp_path)
    assert done.returncode == 0 and "no apt-get" in done.stderr
    _tool(tmp_path, "apt-get", "exit 100")
    done = _run(tmp_path)
    assert done.returncode == 0 and "could not install" in done.stderr


def test_html_names_a_cjk_font_stack() -> None:
    """issue 12 E6: the page asks for CJK fonts by name."""
    page = (ROOT / "tests" / "golden" / "screen.html").read_text(encoding="utf-8")
    for font in ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC"):
        assert f'"{font}"' in page
