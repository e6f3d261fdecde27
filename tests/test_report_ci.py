"""The CI formats: SARIF (code scanning), JUnit XML (test reports), GitHub annotations and summary.

Golden files pin the exact output for ``tests/data/manifests/golden-en.csv``; the other tests pin
what CI services require of each format and the edge cases the golden manifest does not reach
(escaping, annotation limits, suppressed hits, several files).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reporting import check_golden, golden_run, render
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.manifest.columns import ColumnMap
from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import Decision, RowError, RowResult
from exportscreen.report.github import GithubReporter

SCHEMA = Path("/work/shared/data/sarif-schema-2.1.0.json")
REPO = Path(__file__).parent.parent
RELATIVE = "tests/data/manifests/golden-en.csv"

Rows = list[tuple[ManifestInfo, RowResult]]


@dataclasses.dataclass(frozen=True)
class Golden:
    rows: Rows
    summary: RunSummary

    def row_at(self, line: int) -> tuple[ManifestInfo, RowResult]:
        return next((info, row) for info, row in self.rows if row.line == line)


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Golden]:
    # Module-scoped, so conftest's per-test isolation is not active yet: isolate here too.
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("EXPORTSCREEN_"):
                patch.delenv(name)
        patch.setenv("EXPORTSCREEN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        rows, summary = golden_run()
    yield Golden(rows, summary)


@pytest.fixture(autouse=True)
def outside_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests may themselves run under GitHub Actions: never touch the real job summary."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


def sarif(rows: Rows, summary: RunSummary) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render("sarif", rows, summary))
    return log


def junit(rows: Rows, summary: RunSummary) -> ET.Element:
    return ET.fromstring(render("junit", rows, summary))


def github(rows: Rows, summary: RunSummary) -> list[str]:
    return render("github", rows, summary).decode("utf-8").splitlines()


def with_result(row: RowResult, **changes: Any) -> RowResult:
    assert row.result is not None
    return dataclasses.replace(row, result=dataclasses.replace(row.result, **changes))


def summary_of(rows: Rows) -> RunSummary:
    files: dict[int, ManifestInfo] = {}  # ManifestInfo is unhashable: keep each object once
    for info, _ in rows:
        files.setdefault(id(info), info)
    summary = RunSummary(files=list(files.values()))
    for _, row in rows:
        summary.add(row)
    summary.elapsed = 0.0
    return summary


def hand_made_info(path: str) -> ManifestInfo:
    columns = ColumnMap(
        ("HS Code", "Goods Description", "Consignee"),
        {0: "hs_code", 1: "description", 2: "consignee"},
        (),
    )
    return ManifestInfo(path, "utf-8", None, columns)


# -- golden files --------------------------------------------------------------------------------


def test_sarif_golden(golden: Golden) -> None:
    check_golden("screen.sarif", render("sarif", golden.rows, golden.summary))


def test_junit_golden(golden: Golden) -> None:
    check_golden("screen.junit.xml", render("junit", golden.rows, golden.summary))


def test_github_golden_and_step_summary(
    golden: Golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary_file = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    check_golden("screen.github.txt", render("github", golden.rows, golden.summary))
    check_golden("screen.step-summary.md", summary_file.read_bytes())


# -- SARIF ---------------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_schema(golden: Golden) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency")
    if not SCHEMA.exists():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA} (shared test data)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = [error.message for error in validator.iter_errors(sarif(golden.rows, golden.summary))]
    assert errors == []


def test_sarif_has_what_github_code_scanning_requires(golden: Golden) -> None:
    log = sarif(golden.rows, golden.summary)
    assert log["$schema"].startswith("https://")
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "exportscreen"
    assert driver["version"]
    assert driver["informationUri"].startswith("https://")
    assert run["invocations"] == [{"executionSuccessful": True}]
    rules = driver["rules"]
    assert rules
    for rule in rules:
        assert rule["id"]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
        assert rule["properties"]["tags"]
        assert 0.1 <= float(rule["properties"]["security-severity"]) <= 10.0
    assert len({rule["id"] for rule in rules}) == len(rules)
    results = run["results"]
    assert results
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == RELATIVE
        region = location["region"]
        assert region["startLine"] >= 1
        assert region["endLine"] == region["startLine"]
        assert (region["startColumn"], region["endColumn"]) == (1, 2)
        assert result["partialFingerprints"]["primaryLocationLineHash"]
        assert result["properties"]["row"] >= 1


def test_sarif_results_and_rule_legal_basis(golden: Golden) -> None:
    run = sarif(golden.rows, golden.summary)["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert sorted(rules) == [
        "item/cn-2023-23-gallium-germanium/ga-metal",
        "item/cn-2023-23-gallium-germanium/ge-metal",
        "item/cn-2024-33-antimony-superhard/antimony-oxides",
        "measure/cn-2024-46-us/clause-1-military",
        "measure/cn-2024-46-us/clause-2-ga-ge-sb-superhard",
        "party/cn-export-control-control-list",
        "party/cn-export-control-watch-list",
        "party/cn-unreliable-entity-list",
        "row-error",
    ]
    gallium = rules["item/cn-2023-23-gallium-germanium/ga-metal"]
    assert "MOFCOM/GAC Announcement No. 23 of 2023" in gallium["help"]["text"]
    assert "effective 2023-08-01" in gallium["help"]["text"]
    assert "<https://www.mondaq.com/" in gallium["help"]["markdown"]
    assert (
        rules["measure/cn-2024-46-us/clause-1-military"]["properties"]["security-severity"] == "9.5"
    )
    assert rules["row-error"]["properties"]["security-severity"] == "5.0"
    review_item = rules["item/cn-2024-33-antimony-superhard/antimony-oxides"]
    assert review_item["defaultConfiguration"]["level"] == "warning"
    by_line: dict[int, list[dict[str, Any]]] = {}
    for result in run["results"]:
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        by_line.setdefault(line, []).append(result)
    # Rows with no finding (graphite below thresholds, laptops) give no result.
    assert sorted(by_line) == [2, 3, 5, 7, 8, 9]
    error = by_line[7][0]
    assert error["ruleId"] == "row-error"
    assert error["properties"]["field"] == "hs_code"
    assert error["properties"]["column"] == "HS Code"
    assert "line 7" in error["message"]["text"]
    lockheed = [r for r in by_line[3] if r["ruleId"].startswith("party/")]
    assert len(lockheed) == 4
    assert [r["level"] for r in lockheed] == ["error", "error", "warning", "warning"]
    assert [r["properties"]["band"] for r in lockheed] == ["alert", "alert", "review", "review"]
    assert all(0 < r["properties"]["score"] <= 100 for r in lockheed)
    assert run["properties"]["counts"]["prohibited"] == 2


def test_sarif_rule_ids_and_fingerprints_are_stable(golden: Golden) -> None:
    first = sarif(golden.rows, golden.summary)["runs"][0]
    again = sarif(golden.rows, golden.summary)["runs"][0]
    backwards = sarif(list(reversed(golden.rows)), golden.summary)["runs"][0]
    assert first == again
    # The rule list does not depend on row order, nor do the results' ids and fingerprints.
    assert first["tool"]["driver"]["rules"] == backwards["tool"]["driver"]["rules"]

    def keys(run: dict[str, Any]) -> set[tuple[str, str]]:
        return {
            (r["ruleId"], r["partialFingerprints"]["primaryLocationLineHash"])
            for r in run["results"]
        }

    assert keys(first) == keys(backwards)
    # Two hits on one row under one rule (two entries of one party list) stay distinct alerts.
    assert len(keys(first)) == len(first["results"])


def test_sarif_uri_keeps_relative_paths_and_encodes_unsafe_characters() -> None:
    from exportscreen.report.sarif import artifact_uri

    assert (
        artifact_uri("tests/data/manifests/golden-en.csv") == "tests/data/manifests/golden-en.csv"
    )
    assert artifact_uri("manifests/june 2025.csv") == "manifests/june%202025.csv"
    assert artifact_uri("/srv/m.csv") == "file:///srv/m.csv"


# -- suppressed party hits -----------------------------------------------------------------------


def suppress_subaru(golden: Golden) -> tuple[Rows, RunSummary]:
    """The golden run with row 8's only finding, a watch-list hit, cleared by a reviewer."""
    rows: Rows = []
    for info, row in golden.rows:
        if row.line == 9:
            assert row.result is not None
            cleared = "reviewed false positive"
            hits = tuple(dataclasses.replace(hit, suppressed=cleared) for hit in row.result.parties)
            findings = tuple(
                dataclasses.replace(f, suppressed=cleared) if f.rule_id.startswith("party/") else f
                for f in row.result.findings
            )
            changed = with_result(
                row, parties=hits, findings=findings, decision=Decision.NOT_CONTROLLED
            )
            rows.append((info, changed))
        else:
            rows.append((info, row))
    return rows, summary_of(rows)


def test_suppressed_hit_in_sarif_has_a_suppression(golden: Golden) -> None:
    rows, summary = suppress_subaru(golden)
    results = sarif(rows, summary)["runs"][0]["results"]
    [subaru] = [r for r in results if r["properties"]["row"] == 8]
    assert subaru["ruleId"] == "party/cn-export-control-watch-list"
    assert subaru["suppressions"] == [
        {"kind": "external", "justification": "reviewed false positive"}
    ]
    assert all("suppressions" not in r for r in results if r is not subaru)


def test_suppressed_hit_in_junit_is_skipped_and_counted(golden: Golden) -> None:
    rows, summary = suppress_subaru(golden)
    root = junit(rows, summary)
    [case] = [c for c in root.iter("testcase") if c.get("name", "").startswith("line 9:")]
    skipped = case.find("skipped")
    assert skipped is not None
    assert "reviewed false positive" in (skipped.get("message") or "")
    assert case.find("failure") is None
    assert root.get("skipped") == "1"
    assert root.get("failures") == "4"


def test_suppressed_hit_is_not_annotated(golden: Golden) -> None:
    rows, summary = suppress_subaru(golden)
    assert not [line for line in github(rows, summary) if "line=9," in line]


def test_suppressed_hit_beside_others_is_marked_but_row_still_fails(golden: Golden) -> None:
    info, row = golden.row_at(3)
    assert row.result is not None
    hits = list(row.result.parties)
    hits[-1] = dataclasses.replace(hits[-1], suppressed="different company")
    key = f"{hits[-1].role}\x1f{hits[-1].entity_id}\x1f{hits[-1].name}"
    findings = tuple(
        dataclasses.replace(f, suppressed="different company") if f.key == key else f
        for f in row.result.findings
    )
    rows: Rows = [(info, with_result(row, parties=tuple(hits), findings=findings))]
    summary = summary_of(rows)
    results = sarif(rows, summary)["runs"][0]["results"]
    assert sum("suppressions" in r for r in results) == 1
    root = junit(rows, summary)
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("type") == "prohibited"
    assert "[suppressed by review: different company]" in (failure.text or "")


# -- JUnit ---------------------------------------------------------------------------------------


def test_junit_parses_and_totals_match(golden: Golden) -> None:
    root = junit(golden.rows, golden.summary)
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 8
    outcomes = {
        kind: sum(c.find(kind) is not None for c in cases)
        for kind in ("failure", "error", "skipped")
    }
    assert outcomes == {"failure": 5, "error": 1, "skipped": 0}
    for element in (root, suite):
        assert element.get("tests") == "8"
        assert element.get("failures") == "5"
        assert element.get("errors") == "1"
        assert element.get("skipped") == "0"
        assert element.get("time") == "0.000"
    assert suite.get("name") == RELATIVE
    assert {c.get("classname") for c in cases} == {RELATIVE + ".row"}
    names = [c.get("name") for c in cases]
    assert len(set(names)) == len(names)
    assert names[0] == "line 2: gallium metal ingots"
    types = [f.get("type") for f in suite.iter("failure")]
    assert types == ["licence_required", "prohibited", "review", "prohibited", "review"]
    lockheed = cases[1].find("failure")
    assert lockheed is not None
    assert "Lockheed Martin Aeronautics" in (lockheed.text or "")  # every reason in the body


def test_junit_escapes_markup_and_control_characters() -> None:
    info = hand_made_info("in/a&b.csv")
    row = RowResult(
        "in/a&b.csv",
        1,
        2,
        ("81x", 'A <"b"> & c\x01', ""),
        None,
        (RowError("hs_code", "bad <code> & \x02 more"),),
    )
    root = junit([(info, row)], summary_of([(info, row)]))
    case = root.find("./testsuite/testcase")
    assert case is not None
    assert case.get("name") == 'line 2: A <"b"> & c\ufffd'
    assert case.get("classname") == "in/a&b.csv.row"
    error = case.find("error")
    assert error is not None
    assert error.get("message") == "hs_code: bad <code> & \ufffd more"
    assert root.get("errors") == "1"


def test_junit_one_suite_per_file_including_empty_files(golden: Golden) -> None:
    empty = hand_made_info("empty.csv")
    summary = summary_of(golden.rows)
    summary.files.append(empty)
    root = junit(golden.rows, summary)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [RELATIVE, "empty.csv"]
    assert suites[1].get("tests") == "0"
    assert root.get("tests") == "8"


def test_junit_interleaved_files_keep_their_own_suites(golden: Golden) -> None:
    first, second = hand_made_info("a.csv"), hand_made_info("b.csv")
    _, row = golden.row_at(4)  # a passing row
    rows: Rows = [
        (first, dataclasses.replace(row, file="a.csv", line=2)),
        (second, dataclasses.replace(row, file="b.csv", line=2)),
        (first, dataclasses.replace(row, file="a.csv", line=3)),
    ]
    root = junit(rows, summary_of(rows))
    suites = {s.get("name"): [c.get("name") for c in s] for s in root.findall("testsuite")}
    assert suites == {
        "a.csv": ["line 2: isostatic graphite blocks", "line 3: isostatic graphite blocks"],
        "b.csv": ["line 2: isostatic graphite blocks"],
    }


def test_junit_large_run_streams_through_a_temporary_file(golden: Golden) -> None:
    info, row = golden.row_at(3)
    rows: Rows = [(info, dataclasses.replace(row, row=n, line=n + 1)) for n in range(1, 3001)]
    root = junit(rows, summary_of(rows))
    assert root.get("tests") == "3000"
    assert root.get("failures") == "3000"
    assert len(root.findall("./testsuite/testcase")) == 3000


# -- GitHub annotations --------------------------------------------------------------------------


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Undo @actions/core's escaping: the command, its properties and its message."""
    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
    assert match, line
    name, props, message = match.groups()

    def unescape(text: str) -> str:
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            text = text.replace(code, char)
        return text

    properties = dict(p.split("=", 1) for p in props.split(",")) if props else {}
    return name, {k: unescape(v) for k, v in properties.items()}, unescape(message)


def test_annotation_escaping_of_messages_and_properties() -> None:
    path = "in, out/50%:a.csv"
    info = hand_made_info(path)
    row = RowResult(
        path,
        1,
        2,
        ("81x", "Acme, Inc.: 100% tin\nsecond line", ""),
        None,
        (RowError("hs_code", "bad code, 50%: see\r\nnext line"),),
    )
    lines = github([(info, row)], summary_of([(info, row)]))
    [annotation] = [line for line in lines if line.startswith("::error")]
    assert "\n" not in annotation and "\r" not in annotation
    raw_properties = annotation.split("::")[1]
    assert "title=exportscreen error%3A Acme%2C Inc.%3A 100%25 tin second line" in raw_properties
    assert "file=in%2C out/50%25%3Aa.csv" in raw_properties
    assert "next line" in annotation and "%0D%0Anext line" in annotation
    name, properties, message = parse_command(annotation)
    assert name == "error"
    assert properties == {
        "file": path,
        "line": "2",
        "endLine": "2",
        "title": "exportscreen error: Acme, Inc.: 100% tin second line",
    }
    assert message.splitlines()[-1] == "next line"
    assert "bad code, 50%: see\r\n" in message
    assert lines[0] == "::group::exportscreen in, out/50%25:a.csv"  # message data: % only


def test_at_most_ten_annotations_per_level_most_severe_first(golden: Golden) -> None:
    gallium_info, gallium = golden.row_at(2)  # licence_required
    lockheed_info, lockheed = golden.row_at(3)  # prohibited
    review_info, review = golden.row_at(5)  # review
    rows: Rows = []
    line = 1
    # 12 licence_required rows first, then 3 prohibited ones, then 14 review rows.
    for info, row, count in (
        (gallium_info, gallium, 12),
        (lockheed_info, lockheed, 3),
        (review_info, review, 14),
    ):
        for _ in range(count):
            line += 1
            rows.append((info, dataclasses.replace(row, row=line - 1, line=line)))
    lines = github(rows, summary_of(rows))
    errors = [parse_command(x) for x in lines if x.startswith("::error ")]
    # Row annotations name a file; the run's own warnings (about the data) do not, and are
    # outside the per-level cap.
    warnings = [parse_command(x) for x in lines if x.startswith("::warning file=")]
    notices = [parse_command(x) for x in lines if x.startswith("::notice")]
    assert len(errors) == 10
    assert len(warnings) == 10
    prohibited_lines = {str(n) for n in range(14, 17)}
    assert prohibited_lines <= {props["line"] for _, props, _ in errors}  # late, but shown
    assert [int(props["line"]) for _, props, _ in errors] == sorted(
        int(props["line"]) for _, props, _ in errors
    )
    [(_, _, notice)] = notices
    # 5 licence_required and 4 review rows left out; each has one finding.
    assert notice.startswith("9 more rows needing action (9 findings) were not annotated")
    assert lines[0].startswith("::group::exportscreen ")
    assert lines.index("::endgroup::") < lines.index(
        next(x for x in lines if x.startswith("::notice"))
    )


def test_step_summary_only_when_github_step_summary_is_set(
    golden: Golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.md"
    render("github", golden.rows, golden.summary)
    assert not target.exists()
    assert not list(tmp_path.iterdir())
    target.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    render("github", golden.rows, golden.summary)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## exportscreen\n")  # appended, not replaced
    assert "| prohibited | 2 |" in text
    assert (
        "| tests/data/manifests/golden-en.csv | 3 | 2 | prohibited | gallium metal ingots |" in text
    )


def test_step_summary_table_is_capped(golden: Golden, tmp_path: Path) -> None:
    info, row = golden.row_at(5)
    rows: Rows = [(info, dataclasses.replace(row, row=n, line=n + 1)) for n in range(1, 206)]
    target = tmp_path / "summary.md"
    reporter = GithubReporter(io.StringIO(), step_summary=str(target))
    reporter.start()
    for info_, row_ in rows:
        reporter.row(info_, row_)
    reporter.finish(summary_of(rows))
    text = target.read_text(encoding="utf-8")
    assert text.count("| review | antimony trioxide |") == 200
    assert "… and 5 more rows needing action" in text


def test_step_summary_cells_cannot_break_the_table() -> None:
    from exportscreen.report.github import _cell

    assert _cell("a | b\nc <b>&") == "a \\| b<br>c &lt;b&gt;&amp;"


def test_unwritable_step_summary_becomes_a_warning(golden: Golden, tmp_path: Path) -> None:
    out = io.StringIO()
    reporter = GithubReporter(out, step_summary=str(tmp_path / "missing" / "summary.md"))
    reporter.start()
    reporter.finish(golden.summary)
    assert out.getvalue().splitlines()[-1].startswith("::warning title=exportscreen::could not")


# -- the command line ----------------------------------------------------------------------------


def test_cli_writes_valid_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency")
    monkeypatch.chdir(REPO)
    out = tmp_path / "out.sarif"
    result = CliRunner().invoke(
        app, ["screen", RELATIVE, "--format", "sarif", "-o", str(out), "--no-progress"]
    )
    assert result.exit_code == 1, result.output  # prohibited rows: findings at or above review
    log = json.loads(out.read_text(encoding="utf-8"))
    if SCHEMA.exists():
        jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(log)
    [run] = log["runs"]
    assert {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    } == {RELATIVE}


def test_cli_auto_format_under_github_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    result = CliRunner().invoke(app, ["screen", RELATIVE, "--no-progress"])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"::group::exportscreen {RELATIVE}"
    assert any(line.startswith(f"::error file={RELATIVE},line=3,") for line in lines)
    assert "## exportscreen" in (tmp_path / "summary.md").read_text(encoding="utf-8")
