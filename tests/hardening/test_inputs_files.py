"""Issue 12, part A: declaration files, rules files and party lists that must not get through.

Each test names the item of issue 12 it holds the tool to.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.ruleset.paths import builtin_rules_dir
from exportscreen.ruleset.yamlload import load_yaml

runner = CliRunner()

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_limited(*args: str) -> tuple[int, str, str, float]:
    """The CLI in a subprocess under a 1 GiB address-space limit: a bomb that is not stopped
    fails the test instead of taking the machine's memory."""

    def limit() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "exportscreen", *args],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - started


def only_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ") and "Traceback" not in stderr
    return lines[0]


# --- declaration files (check --file) ---------------------------------------------------------


def test_duplicate_key_in_a_declaration_file_is_refused(tmp_path: Path) -> None:
    """issue 12 A5: the last of two `destination:` keys won silently."""
    file = tmp_path / "d.yaml"
    file.write_text(
        'hs_code: "8112929010"\ndescription: gallium\ndestination: US\ndestination: DE\n'
    )
    code, out, err = run("check", "--file", str(file))
    assert code == 2 and out == ""
    line = only_error(err)
    assert "destination" in line and "line 4" in line and "d.yaml" in line


def test_duplicate_key_in_a_json_declaration_file_is_refused(tmp_path: Path) -> None:
    """issue 12 A5: JSON files are read by the same loader."""
    file = tmp_path / "d.json"
    file.write_text('{"hs_code": "8112929010", "hs_code": "7408110000", "description": "x"}')
    code, _, err = run("check", "--file", str(file))
    assert code == 2 and "hs_code" in only_error(err)


@pytest.mark.parametrize(
    ("date", "allowed_decision"), [("0025-06-03", "not_controlled"), ("2999-06-03", "prohibited")]
)
def test_check_refuses_implausible_dates_unless_allowed(date: str, allowed_decision: str) -> None:
    """issue 12 A6: `--date 0025-06-03` gave not_controlled for gallium to the US."""
    args = ["check", "--hs", "8112929010", "--description", "gallium", "--destination", "US"]
    code, out, err = run(*args, "--date", date)
    assert code == 2 and out == ""
    assert "--allow-date" in only_error(err)
    code, out, _ = run(*args, "--date", date, "--allow-date", "--format", "json")
    assert f'"decision": "{allowed_decision}"' in out


def test_check_refuses_an_implausible_date_in_a_declaration_file(tmp_path: Path) -> None:
    """issue 12 A6: the date of a --file is checked too."""
    file = tmp_path / "d.yaml"
    file.write_text(
        'hs_code: "8112929010"\ndescription: gallium\ndestination: US\ndate: 1999-12-31\n'
    )
    code, _, err = run("check", "--file", str(file))
    assert code == 2 and "before 2000" in only_error(err)
    code, out, _ = run("check", "--file", str(file), "--allow-date", "--format", "json")
    assert '"date": "1999-12-31"' in out


def test_a_yaml_bomb_declaration_file_is_refused_quickly(tmp_path: Path) -> None:
    """issue 12 C4: a 380-byte billion-laughs declaration grew past 4 GB."""
    file = tmp_path / "bomb.yaml"
    file.write_text(BILLION_LAUGHS)
    code, _, err, elapsed = run_limited("check", "--file", str(file), "--no-audit")
    assert code == 2 and "bomb.yaml" in only_error(err)
    assert elapsed < 5


def test_an_oversized_or_non_file_declaration_is_refused(tmp_path: Path) -> None:
    """issue 12 C4: a declaration file is one record; big files and devices are not read."""
    big = tmp_path / "big.yaml"
    big.write_text("description: " + "x" * (2 * 1024 * 1024) + "\n")
    code, _, err = run("check", "--file", str(big))
    assert code == 2 and "big.yaml" in only_error(err)
    code, _, err = run("check", "--file", str(tmp_path))
    assert code == 2 and "not a file" in only_error(err)


def test_every_leading_bom_is_stripped_from_a_declaration_file(tmp_path: Path) -> None:
    """issue 12 A7: a double BOM made the first key unknown."""
    file = tmp_path / "d.yaml"
    file.write_bytes(("\ufeff\ufeffhs_code: '8112929010'\ndescription: gallium\n").encode())
    code, out, _ = run("check", "--file", str(file), "--no-audit", "--format", "json")
    assert '"hs_code": "8112929010"' in out and code == 1


# --- the YAML loader -------------------------------------------------------------------------


def test_yaml_loader_limits() -> None:
    """issue 12 C4: alias expansion, nesting and size are capped; honest files are far off."""
    from exportscreen.ruleset.yamlload import YamlLimitError

    with pytest.raises(YamlLimitError, match="YAML bomb"):
        load_yaml(BILLION_LAUGHS)
    with pytest.raises(YamlLimitError, match="nest"):
        load_yaml("[" * 500 + "]" * 500)
    with pytest.raises(YamlLimitError, match="limit"):
        load_yaml("a: " + "x" * (33 * 1024 * 1024))
    with pytest.raises(ValueError, match="plain value"):
        load_yaml("? [a, b]\n: 1\n")
    assert load_yaml("a: &x [1, 2]\nb: *x\n").data == {"a": ["1", "2"], "b": ["1", "2"]}
    for path in builtin_rules_dir().rglob("*.yaml"):
        load_yaml(path.read_text(encoding="utf-8"))  # none comes near a limit


def copy_rules(tmp_path: Path, old: str, new: str) -> Path:
    source = builtin_rules_dir() / "controls" / "ann-2025-57-rare-earths.yaml"
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "rules.yaml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_a_yaml_bomb_rules_file_fails_validation_naming_it(tmp_path: Path) -> None:
    """issue 12 C4: a billion-laughs rules file."""
    rules = tmp_path / "bomb.yaml"
    rules.write_text("kind: control_list\n" + BILLION_LAUGHS)
    code, _, err, elapsed = run_limited("rules", "validate", str(rules))
    assert code == 2 and "bomb.yaml" in only_error(err)
    assert elapsed < 5


# --- rules patterns ----------------------------------------------------------------------------

CATASTROPHIC = r"(\w+\s?)+$"


def test_catastrophic_pattern_in_a_rules_file_is_reported_by_rules_validate(
    tmp_path: Path,
) -> None:
    """issue 12 C6: a backtracking pattern took 18.7 s per row; `rules validate` now reports it."""
    rules = copy_rules(
        tmp_path, '"(?<!氧)化钬|氢氧化钬|酸钬|钬盐|钬的?化合物"', f"'{CATASTROPHIC}'"
    )
    code, _, err = run("rules", "validate", str(rules))
    assert code == 2
    line = only_error(err)
    assert "rules.yaml:" in line and "nested quantifiers" in line


def test_the_refused_shape_really_is_slow() -> None:
    """issue 12 C6: the pattern refused above backtracks exponentially (guards the test)."""
    compiled = re.compile(CATASTROPHIC)
    started = time.perf_counter()
    compiled.search("a" * 18 + "!")
    small = time.perf_counter() - started
    started = time.perf_counter()
    compiled.search("a" * 22 + "!")
    assert time.perf_counter() - started > 4 * small


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+b", r"(\d*,)*x", r"(.*x){20}", r"(\d|\d\d)+x", r"(a|a)*", r"(a)\1", r"(?:[a-z]+\s*)*$"],
)
def test_unsafe_patterns_are_refused(pattern: str) -> None:
    """issue 12 C6: nested quantifiers, overlapping repeated alternatives, back-references."""
    from exportscreen.ruleset.regex_safety import UnsafePatternError, check_pattern_safety

    with pytest.raises(UnsafePatternError):
        check_pattern_safety(pattern)


@pytest.mark.parametrize(
    "pattern",
    [r"\bsb\s*2\s*o\s*3\b", r"(a|b)+", r"(\d{1,3},)+\d", r"(?:ga|ge)\w+", r"(ab|cd)*", r"x{2,5}"],
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    """issue 12 C6: the check does not refuse the shapes rules use."""
    from exportscreen.ruleset.regex_safety import check_pattern_safety

    check_pattern_safety(pattern)


def test_builtin_rules_still_validate() -> None:
    """issue 12 C6: every built-in pattern passes the new check."""
    code, _, err = run("rules", "validate", str(builtin_rules_dir()))
    assert code == 0, err


# --- party lists -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", ""),
        ("blank.csv", "\ufeff\n\n"),
        ("header.csv", "name\n"),
        ("header-bom.csv", "\ufeffname,country\n"),
        ("sdn.csv", ""),
    ],
)
def test_empty_or_header_only_party_list_is_refused(
    tmp_path: Path, name: str, content: str
) -> None:
    """issue 12 A3: an empty or header-only list turned party screening off, with exit 0."""
    party_list = tmp_path / name
    party_list.write_text(content, encoding="utf-8")
    code, out, err = run(
        "check",
        "--hs",
        "7408110000",
        "--description",
        "copper wire",
        "--consignee",
        "Acme",
        "--party-list",
        str(party_list),
    )
    assert code == 2 and out == ""
    assert name in only_error(err)
