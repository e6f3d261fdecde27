"""The pre-commit hook and the CI examples in docs/ci.md: they must work as written.

The hook's entry is run the way pre-commit runs it (file names appended). Every exportscreen
command in the YAML blocks of docs/ci.md is checked against the real ``--help`` of its subcommand,
so renaming or removing an option breaks this test instead of silently breaking users' pipelines.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.cli.common import FailOn
from exportscreen.report import FORMATS

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CI_DOC = ROOT / "docs" / "ci.md"
EXAMPLE_EN = ROOT / "examples" / "manifest-en.csv"
EXAMPLE_ZH = ROOT / "examples" / "manifest-zh.csv"
EXAMPLE_ROWS = 27

runner = CliRunner()


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    # --format auto picks `github` under Actions; these tests expect the plain (jsonl) choice.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def load_hook() -> dict[str, Any]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert isinstance(hook, dict)
    return hook


def test_hook_fields() -> None:
    hook = load_hook()
    assert hook["id"] == "exportscreen"
    assert hook["name"]
    assert hook["description"]
    assert hook["entry"] == "exportscreen screen --format compact --no-progress"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True
    files = re.compile(hook["files"])
    for name in ("examples/manifest-en.csv", "manifests/2025-06.xlsx", "a/b.CSV.csv"):
        assert files.search(name), name
    for name in ("examples/make_examples.py", "manifest.csv.bak", "book.xls"):
        assert not files.search(name), name


def test_hook_program_is_an_installed_script() -> None:
    """`language: python` installs this package; the entry's program must be one of its scripts."""
    program = shlex.split(load_hook()["entry"])[0]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert scripts[program] == "exportscreen.cli:main"


def test_hook_entry_fails_a_commit_with_findings() -> None:
    program, *args = shlex.split(load_hook()["entry"])
    assert program == "exportscreen"
    # pre-commit appends the staged files; two at once, as require_serial makes it pass them.
    result = runner.invoke(app, [*args, str(EXAMPLE_EN), str(EXAMPLE_ZH)])
    assert result.exit_code == 1
    # issue 12 E9: only rows at or above --fail-on (and unreadable ones), one line each, and a
    # one-line summary; not_controlled rows are not printed.
    *rows, summary = result.stdout.splitlines()
    assert 0 < len(rows) < 2 * EXAMPLE_ROWS
    pattern = re.compile(r"^examples/manifest-(en|zh)\.csv:\d+: (\w+): .+$")
    decisions = set()
    for line in rows:
        match = pattern.match(line.replace(str(ROOT) + "/", ""))
        assert match, line
        decisions.add(match.group(2))
    assert decisions == {"prohibited", "licence_required", "review", "error"}
    assert summary.startswith(f"exportscreen: {2 * EXAMPLE_ROWS} rows in 2 files (")
    # --no-progress: nothing on stderr for the hook's log but the audit chain head (issue 12 D1)
    assert [line.split(";")[0][:10] for line in result.stderr.splitlines()] == ["audit: run"]


def test_hook_entry_as_a_process() -> None:
    """The same through a real process, where stdout is a pipe as under pre-commit."""
    _, *args = shlex.split(load_hook()["entry"])
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    completed = subprocess.run(
        [sys.executable, "-m", "exportscreen", *args, str(EXAMPLE_EN)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.splitlines()
    assert ": licence_required: " in lines[0]
    assert lines[-1].startswith(f"exportscreen: {EXAMPLE_ROWS} rows in 1 file (")


def test_hook_entry_passes_a_clean_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "clean.csv"
    manifest.write_text(
        "HS Code,Goods Description,Destination,Consignee,Shipment Date\n"
        "8471300000,laptop computers,FR,Boutique Lumière Informatique SARL,2025-06-20\n",
        encoding="utf-8",
    )
    _, *args = shlex.split(load_hook()["entry"])
    assert runner.invoke(app, [*args, str(manifest)]).exit_code == 0


# --- docs/ci.md ---------------------------------------------------------------------------------


def yaml_blocks() -> list[Any]:
    text = CI_DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    assert blocks, "docs/ci.md has no ```yaml blocks"
    return [yaml.safe_load(block) for block in blocks]


def github_workflow() -> dict[str, Any]:
    workflows = [b for b in yaml_blocks() if isinstance(b, dict) and "jobs" in b]
    assert len(workflows) == 1, "docs/ci.md should show one GitHub Actions workflow"
    workflow = workflows[0]
    assert isinstance(workflow, dict)
    return workflow


def shell_commands(node: Any) -> Iterator[str]:
    """The shell text of every run:, script: and entry: in a parsed YAML block."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script", "entry"):
                for text in value if isinstance(value, list) else [value]:
                    yield str(text)
            else:
                yield from shell_commands(value)
    elif isinstance(node, list):
        for item in node:
            yield from shell_commands(item)


SHELL_OPERATORS = frozenset({"|", "||", "&&", ";", ">", ">>", "2>", "2>&1"})


def exportscreen_invocations(command: str) -> Iterator[list[str]]:
    """Argument lists after `exportscreen` in a shell snippet (continuation lines joined)."""
    for line in command.replace("\\\n", " ").splitlines():
        tokens = shlex.split(line, comments=True)
        for index, token in enumerate(tokens):
            # The program, not an argument of another one (`pip install exportscreen`).
            command_position = index == 0 or tokens[index - 1] in SHELL_OPERATORS
            module = index >= 2 and tokens[index - 1] == "-m" and "python" in tokens[index - 2]
            if token == "exportscreen" and (command_position or module):
                args: list[str] = []
                for arg in tokens[index + 1 :]:
                    if arg in SHELL_OPERATORS:
                        break
                    args.append(arg)
                yield args


@cache
def help_text(subcommand: str) -> str:
    # Wide terminal: rich must not wrap or elide option names in the help table.
    result = runner.invoke(app, [subcommand, "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, f"exportscreen {subcommand} --help failed: {result.output}"
    return result.output


def documented_invocations() -> list[list[str]]:
    found = [
        args
        for block in yaml_blocks()
        for command in shell_commands(block)
        for args in exportscreen_invocations(command)
    ]
    assert len(found) >= 4, found  # the two GitHub steps, GitLab, and the local pre-commit hook
    return found


def test_every_documented_option_exists() -> None:
    for args in documented_invocations():
        subcommand = args[0]
        assert not subcommand.startswith("-"), args
        text = help_text(subcommand)
        for arg in args[1:]:
            if arg.startswith("--") or re.fullmatch(r"-[A-Za-z]", arg):
                option = arg.split("=", 1)[0]
                assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text), (
                    f"docs/ci.md uses `exportscreen {subcommand} {option}`, "
                    f"which `exportscreen {subcommand} --help` does not list"
                )


def test_every_documented_option_value_is_valid() -> None:
    valid = {"--format": {*FORMATS, "auto"}, "--fail-on": {f.value for f in FailOn}}
    for args in documented_invocations():
        for option, value in itertools.pairwise(args):
            if option in valid:
                assert value in valid[option], f"docs/ci.md: {option} {value}"


def test_pre_commit_hook_arguments_in_the_docs_are_valid() -> None:
    hooks = [
        hook
        for block in yaml_blocks()
        if isinstance(block, dict)
        for repo in block.get("repos", [])
        for hook in repo.get("hooks", [])
    ]
    assert hooks, "docs/ci.md shows no pre-commit configuration"
    text = help_text("screen")
    for hook in hooks:
        assert hook["id"] == "exportscreen"
        for arg in hook.get("args", []):
            if arg.startswith("--"):
                assert arg in text, f"pre-commit args in docs/ci.md: {arg}"
        if "entry" in hook:
            assert hook["entry"] == load_hook()["entry"]  # the local hook mirrors the shipped one


def test_github_workflow_uploads_the_sarif_it_writes_and_gates() -> None:
    steps = [step for job in github_workflow()["jobs"].values() for step in job["steps"]]
    runs = [step["run"] for step in steps if "run" in step]
    sarif_runs = [r for r in runs if "--format sarif" in r]
    assert len(sarif_runs) == 1 and "--exit-zero" in sarif_runs[0]
    written = shlex.split(sarif_runs[0])[shlex.split(sarif_runs[0]).index("-o") + 1]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload")]
    assert len(uploads) == 1 and uploads[0]["with"]["sarif_file"] == written
    assert any("--format github" in r and "--fail-on licence_required" in r for r in runs)
    assert github_workflow()["permissions"]["security-events"] == "write"
    assert any(str(s.get("uses", "")).startswith("actions/setup-python") for s in steps)
