"""`exportscreen lists update` against a local server: every way a download can go, and what a
screening with `--party-list ofac` sees afterwards."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, FeedServer, Route
from typer.testing import CliRunner

from exportscreen.audit.store import AuditStore
from exportscreen.cli import app

runner = CliRunner()
V1_ONLY = "LEVERAGE, S.A."  # entry 1316: in v1 and v2
V2_ONLY = "PRENSA LATINA CANADA LTD."  # entry 1701: only in v2


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def update(server: FeedServer, *extra: str, prefix: str = "/ofac") -> tuple[int, str, str]:
    return invoke(
        "lists", "update", "ofac", "--source", f"ofac={server.url(prefix + '/sdn.csv')}",
        "--timeout", "0.5", "--retries", "0", *extra,
    )  # fmt: skip


def current() -> dict[str, Any]:
    code, out, _ = invoke("lists", "--json")
    assert code == 0
    (ofac,) = [entry for entry in json.loads(out) if entry["name"] == "ofac"]
    return dict(ofac)


def screened_names(tmp_path: Path, *extra: str) -> tuple[set[str], list[dict[str, Any]]]:
    """The OFAC names a two-row manifest hits with `--party-list ofac`, and the rows."""
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f'Consignee,Destination\n"{V1_ONLY}",CU\n"{V2_ONLY}",CA\n', encoding="utf-8"
    )
    code, out, err = invoke(
        "screen", str(manifest), "--party-list", "ofac", "--format", "jsonl",
        "--no-builtin-party-lists", "--exit-zero", "--jobs", "1", *extra,
    )  # fmt: skip
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    names = {p["name"] for row in rows for p in row["parties"] if p["list"] == "ofac-sdn"}
    return names, rows


def fetch_v1(server: FeedServer) -> dict[str, Any]:
    server.serve_folder(DATA / "v1")
    code, out, err = update(server)
    assert code == 0, err
    assert "new version" in out
    return current()


def test_first_fetch_stores_a_version_that_screen_uses(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path
) -> None:
    code, _, _ = invoke("lists", "--json")
    assert code == 0
    assert current()["version"] is None
    state = fetch_v1(feed_server)
    assert state["entries"] == 40
    assert state["origin"] == "download"
    assert state["source"] == feed_server.url("/ofac/sdn.csv")
    version_dir = lists_dir / "ofac" / "versions" / state["version"]
    meta = json.loads((version_dir / "meta.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in meta["files"]] == ["sdn.csv", "alt.csv", "add.csv"]
    assert meta["files"][0]["etag"]
    assert meta["sha256"] == meta["files"][0]["sha256"]
    requests = len(feed_server.requests)
    names, _ = screened_names(tmp_path)
    assert names == {V1_ONLY}
    assert len(feed_server.requests) == requests  # screening never touches the network
    code, out, _ = invoke("lists")
    assert "ofac" in out and state["version"] in out and "not fetched" in out  # others


def test_not_modified_keeps_the_version_and_records_the_check(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path
) -> None:
    first = fetch_v1(feed_server)
    code, out, _ = update(feed_server)
    assert code == 0
    assert "unchanged" in out
    headers = feed_server.gets("/ofac/sdn.csv")[-1]
    assert headers["if-none-match"] == feed_server.routes["/ofac/sdn.csv"].etag
    again = current()
    assert again["version"] == first["version"]
    assert again["checked"] >= first["checked"]
    assert len(list((lists_dir / "ofac" / "versions").iterdir())) == 1
    assert screened_names(tmp_path)[0] == {V1_ONLY}


def test_a_new_version_becomes_current_and_the_old_one_is_kept(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path
) -> None:
    first = fetch_v1(feed_server)
    feed_server.serve_folder(DATA / "v2")
    code, out, _ = update(feed_server)
    assert code == 0, out
    second = current()
    assert second["version"] != first["version"]
    assert second["entries"] == 48
    assert len(list((lists_dir / "ofac" / "versions").iterdir())) == 2
    assert screened_names(tmp_path)[0] == {V1_ONLY, V2_ONLY}
    # prune keeps the newest (current) one
    code, out, _ = invoke("lists", "prune", "--keep", "1")
    assert code == 0 and first["version"] in out
    assert [p.name for p in (lists_dir / "ofac" / "versions").iterdir()] == [second["version"]]


def assert_failed_and_v1_in_use(
    result: tuple[int, str, str], first: dict[str, Any], tmp_path: Path, lists_dir: Path, why: str
) -> None:
    code, _, err = result
    assert code == 2
    assert why in err
    assert f"still using {first['version']}" in err
    assert current()["version"] == first["version"]
    assert len(list((lists_dir / "ofac" / "versions").iterdir())) == 1
    assert not list((lists_dir / "ofac").glob(".incoming-*"))
    assert screened_names(tmp_path)[0] == {V1_ONLY}


def test_a_truncated_download_leaves_the_previous_version(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path
) -> None:
    first = fetch_v1(feed_server)
    feed_server.serve_folder(DATA / "v2")
    feed_server.routes["/ofac/sdn.csv"].truncate = True
    result = update(feed_server)
    assert_failed_and_v1_in_use(result, first, tmp_path, lists_dir, "/ofac/sdn.csv")
    assert "incomplete" in result[2] or "truncated" in result[2]


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/csv"])
def test_an_html_page_with_status_200_is_refused(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path, content_type: str
) -> None:
    first = fetch_v1(feed_server)
    page = b"<!DOCTYPE html>\n<html><body><h1>Service unavailable</h1></body></html>\n"
    feed_server.routes["/ofac/sdn.csv"] = Route(page, content_type=content_type, etag='"x"')
    result = update(feed_server)
    assert_failed_and_v1_in_use(result, first, tmp_path, lists_dir, "HTML page")


def test_a_list_with_half_the_entries_needs_force(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path
) -> None:
    first = fetch_v1(feed_server)
    feed_server.serve_folder(DATA / "half")
    result = update(feed_server)
    assert_failed_and_v1_in_use(result, first, tmp_path, lists_dir, "fewer than half")
    assert "16 entries" in result[2] and "40" in result[2]
    code, _, err = update(feed_server, "--force")
    assert code == 0, err
    assert current()["entries"] == 16


def test_a_server_that_times_out_leaves_the_previous_version(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path
) -> None:
    first = fetch_v1(feed_server)
    feed_server.serve_folder(DATA / "v2")
    feed_server.routes["/ofac/sdn.csv"].delay = 2.0
    result = update(feed_server)
    assert_failed_and_v1_in_use(result, first, tmp_path, lists_dir, "timed out")


def test_a_redirect_is_followed_and_recorded(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path
) -> None:
    fetch_v1(feed_server)
    feed_server.serve_folder(DATA / "v2", prefix="/new")
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        feed_server.routes[f"/moved/{name}"] = Route(redirect=f"/new/{name}")
    code, _, err = update(feed_server, prefix="/moved")
    assert code == 0, err
    state = current()
    assert state["entries"] == 48
    meta = json.loads(
        (lists_dir / "ofac" / "versions" / state["version"] / "meta.json").read_text("utf-8")
    )
    assert meta["files"][0]["url"] == feed_server.url("/moved/sdn.csv")
    assert meta["files"][0]["final_url"] == feed_server.url("/new/sdn.csv")
    assert screened_names(tmp_path)[0] == {V1_ONLY, V2_ONLY}


def test_a_missing_file_fails_with_the_status(feed_server: FeedServer) -> None:
    code, _, err = update(feed_server)
    assert code == 2
    assert "HTTP 404" in err and "no version in use" in err


def test_the_source_can_come_from_the_environment(
    feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_server.serve_folder(DATA / "v1")
    monkeypatch.setenv("EXPORTSCREEN_SOURCE_OFAC", feed_server.url("/ofac/sdn.csv"))
    code, _, err = invoke("lists", "update", "ofac", "--retries", "0")
    assert code == 0, err
    assert current()["source"] == feed_server.url("/ofac/sdn.csv")


def age_current_version(lists_dir: Path, days: float) -> None:
    """Pretend the current version was fetched and last checked `days` ago."""
    version = (lists_dir / "ofac" / "current").read_text("utf-8").strip()
    meta_path = lists_dir / "ofac" / "versions" / version / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    then = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    meta["fetched"] = meta["checked"] = then
    meta_path.write_text(json.dumps(meta), "utf-8")


def test_an_old_list_warns_once_per_run_and_max_list_age_exits_2(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path
) -> None:
    fetch_v1(feed_server)
    _, rows = screened_names(tmp_path)
    assert all(not any("fetched" in w for w in r["warnings"]) for r in rows)
    age_current_version(lists_dir, 12)
    manifest = tmp_path / "manifest.csv"
    code, out, err = invoke(
        "screen", str(manifest), "--party-list", "ofac", "-f", "jsonl", "--exit-zero"
    )
    assert code == 0
    assert err.count("fetched 12 days ago") == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(any("fetched 12 days ago" in w for w in r["warnings"]) for r in rows)
    code, out, _ = invoke("lists")
    assert "12 days (stale)" in out
    code, _, err = invoke(
        "screen", str(manifest), "--party-list", "ofac", "-f", "jsonl", "--max-list-age", "1d"
    )
    assert code == 2
    assert "more than --max-list-age" in err
    code, out, err = invoke(
        "check", "--description", "copper wire", "--consignee", V1_ONLY,
        "--party-list", "ofac", "--max-list-age", "2w", "-f", "json",
    )  # fmt: skip
    checked = json.loads(out)
    assert any("fetched 12 days ago" in w for w in checked["warnings"])
    assert code == 1  # a review hit; 12 days is within two weeks
    assert err.count("fetched 12 days ago") == 1
    code, _, err = invoke(
        "check", "--description", "copper wire", "--party-list", "ofac", "--max-list-age", "soon"
    )
    assert code == 2 and "--max-list-age" in err


@pytest.mark.parametrize("fmt", ["table", "html", "sarif", "github", "xlsx", "csv", "junit"])
def test_the_staleness_warning_reaches_every_format(
    feed_server: FeedServer, tmp_path: Path, lists_dir: Path, fmt: str
) -> None:
    fetch_v1(feed_server)
    age_current_version(lists_dir, 9)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f'Consignee,Destination\n"{V1_ONLY}",CU\n', encoding="utf-8")
    output = tmp_path / f"report.{fmt}"
    step_summary = {"GITHUB_STEP_SUMMARY": str(tmp_path / "step-summary.md")}
    code, _, err = invoke(
        "screen", str(manifest), "--party-list", "ofac", "-f", fmt, "-o", str(output),
        "--exit-zero", env=step_summary,
    )  # fmt: skip
    assert code == 0, err
    assert err.count("fetched 9 days ago") == 1
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(output)
        text = " ".join(str(c.value) for s in book for r in s.iter_rows() for c in r if c.value)
    else:
        text = output.read_text(encoding="utf-8-sig")
    assert "fetched 9 days ago" in text
    if fmt == "sarif":
        (invocation,) = json.loads(text)["runs"][0]["invocations"]
        (note,) = invocation["toolExecutionNotifications"]
        assert note["level"] == "warning" and "fetched 9 days ago" in note["message"]["text"]
    if fmt == "github":
        assert "::warning title=exportscreen::" in text
        summary = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
        assert "\n> **Warning:** " in summary and "fetched 9 days ago" in summary


def test_the_audit_record_keeps_the_list_version(feed_server: FeedServer, tmp_path: Path) -> None:
    state = fetch_v1(feed_server)
    db = Path(os.environ["EXPORTSCREEN_AUDIT_DB"])
    screened_names(tmp_path)
    with AuditStore(db) as store:
        (run,) = store.runs()
    (entry,) = [e for e in run.lists if e.get("list_name") == "ofac"]
    assert entry["list_version"] == state["version"]
    assert entry["sha256"] == state["sha256"]
    assert entry["fetched"] == state["fetched"]
    code, out, _ = invoke("audit", "show", run.run_id)
    assert code == 0
    assert f"fetched list ofac version {state['version']}" in out


def test_an_unfetched_list_name_says_how_to_fetch_it(tmp_path: Path) -> None:
    code, _, err = invoke("check", "--description", "copper wire", "--party-list", "un")
    assert code == 2
    assert "lists update un" in err and "lists import" in err


def test_rescreen_names_the_list_version_that_changed_a_decision(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    first = fetch_v1(feed_server)
    screened_names(tmp_path)  # recorded in the audit store against v1
    feed_server.serve_folder(DATA / "v2")
    assert update(feed_server)[0] == 0
    second = current()
    code, out, err = invoke(
        "rescreen", "--party-list", "ofac", "--no-builtin-party-lists", "--format", "json"
    )
    assert code == 1, err  # the v2-only consignee now needs review
    (change,) = json.loads(out)
    assert change["row"] == 2
    assert change["list_versions"] == [
        f"ofac: version {first['version']} then, {second['version']} now"
    ]
    code, out, _ = invoke("rescreen", "--party-list", "ofac", "--no-builtin-party-lists")
    assert f"list ofac: version {first['version']} then" in out
