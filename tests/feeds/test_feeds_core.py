"""The library side of list feeds: sources, retries, imports, pruning, ages."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import DATA, FeedServer, Route
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.errors import OptionError
from exportscreen.feeds import ListTooOldError
from exportscreen.feeds.download import DownloadError, fetch, looks_like_html, make_client
from exportscreen.feeds.sources import effective_sources, load_registry, parse_overrides
from exportscreen.feeds.store import ListStore
from exportscreen.feeds.update import FAILED, NEW, UNCHANGED, import_list, update_list
from exportscreen.feeds.use import describe_age, parse_age, stale_warnings

runner = CliRunner()


def test_the_registry_validates_and_names_every_list_of_the_issue() -> None:
    registry = load_registry()
    names = [s.name for s in registry.lists]
    assert names == ["ofac", "ofac-cons", "csl", "un", "eu", "uk", "opensanctions"]
    assert registry.sanctions_max_age_days == 7
    for source in registry.lists:
        assert source.sources and source.confidence
        assert all(f.url.startswith("https://") for f in source.files)


def test_overrides_replace_the_first_url_and_put_the_others_beside_it() -> None:
    registry = load_registry()
    sources = effective_sources(
        registry, parse_overrides(["ofac=http://mirror.example/lists/sdn.csv"]), environ={}
    )
    assert [f.url for f in sources["ofac"].files] == [
        "http://mirror.example/lists/sdn.csv",
        "http://mirror.example/lists/alt.csv",
        "http://mirror.example/lists/add.csv",
    ]
    env = {"EXPORTSCREEN_SOURCE_OFAC_CONS": "http://m/cons_prim.csv"}
    sources = effective_sources(registry, {}, environ=env)
    assert sources["ofac-cons"].files[2].url == "http://m/cons_add.csv"
    assert sources["un"] == next(s for s in registry.lists if s.name == "un")


@pytest.mark.parametrize(
    "pair", ["ofac", "ofac=", "=http://x/sdn.csv", "ofac=ftp://x/sdn.csv", "nope=http://x/a"]
)
def test_bad_source_overrides_are_usage_errors(pair: str) -> None:
    with pytest.raises(OptionError):
        effective_sources(load_registry(), parse_overrides([pair]), environ={})


def test_a_bad_source_option_exits_2() -> None:
    result = runner.invoke(app, ["lists", "update", "ofac", "--source", "ofac"])
    assert result.exit_code == 2
    assert "NAME=URL" in result.stderr
    result = runner.invoke(app, ["lists", "update", "sdn"])
    assert result.exit_code == 2
    assert "unknown list sdn" in result.stderr


def test_server_errors_are_retried_with_backoff(feed_server: FeedServer, tmp_path: Path) -> None:
    feed_server.routes["/f.csv"] = Route(b"1,2\n", failures=2)
    waits: list[float] = []
    with make_client(2.0) as client:
        got = fetch(
            client, feed_server.url("/f.csv"), tmp_path / "f.csv", attempts=3, backoff=0.25,
            sleep=waits.append,
        )  # fmt: skip
    assert waits == [0.25, 0.5]
    assert got.bytes == 4 and (tmp_path / "f.csv").read_bytes() == b"1,2\n"
    feed_server.routes["/g.csv"] = Route(b"1,2\n", failures=5)
    with make_client(2.0) as client, pytest.raises(DownloadError, match=r"HTTP 503.*3 times"):
        fetch(client, feed_server.url("/g.csv"), tmp_path / "g", attempts=3, sleep=waits.append)
    feed_server.routes["/h.csv"] = Route(b"", status=403)
    with make_client(2.0) as client, pytest.raises(DownloadError, match="HTTP 403"):
        fetch(client, feed_server.url("/h.csv"), tmp_path / "h", attempts=3, sleep=waits.append)
    assert len(feed_server.gets("/h.csv")) == 1  # a refusal is not retried


def test_html_is_recognised_after_a_bom_and_white_space() -> None:
    assert looks_like_html(b"\xef\xbb\xbf \n<!DOCTYPE HTML PUBLIC>")
    assert looks_like_html(b"<html lang=en>")
    assert not looks_like_html(b'36,"AEROCARIBBEAN AIRLINES",-0-')
    assert not looks_like_html(b'<?xml version="1.0"?><CONSOLIDATED_LIST>')


def test_a_truncated_xml_list_never_becomes_current(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A body cut short without a Content-Length still fails: the importer parses it all."""
    store = ListStore()
    sources = effective_sources(load_registry(), {"un": feed_server.url("/un.xml")}, environ={})
    whole = (DATA / "xml" / "un.xml").read_bytes()
    feed_server.routes["/un.xml"] = Route(whole, content_type="application/xml", etag='"1"')
    with make_client(2.0) as client:
        first = update_list(store, sources["un"], client, attempts=1)
        assert first.status == NEW and first.version is not None
        assert first.version.meta.published == "2026-11-28"
        assert first.version.meta.entries == 2
        feed_server.routes["/un.xml"] = Route(whole[: len(whole) - 40], etag='"2"')
        second = update_list(store, sources["un"], client, attempts=1)
    assert second.status == FAILED
    assert "does not parse" in second.reason and "malformed XML" in second.reason
    assert store.current("un") == first.version


def test_same_bytes_under_a_new_etag_are_unchanged(feed_server: FeedServer) -> None:
    store = ListStore()
    sources = effective_sources(load_registry(), {"uk": feed_server.url("/uk.xml")}, environ={})
    body = (DATA / "xml" / "uk.xml").read_bytes()
    feed_server.routes["/uk.xml"] = Route(body, etag='"a"')
    with make_client(2.0) as client:
        first = update_list(store, sources["uk"], client, attempts=1)
        feed_server.routes["/uk.xml"] = Route(body, etag='"b"')
        again = update_list(store, sources["uk"], client, attempts=1)
    assert again.status == UNCHANGED
    assert again.version is not None and first.version is not None
    assert again.version.meta.version == first.version.meta.version
    assert again.version.meta.files[0].etag == '"b"'  # the next request asks with the new one
    assert len(store.versions("uk")) == 1


def test_import_registers_an_offline_copy_with_the_same_checks(tmp_path: Path) -> None:
    obtained = tmp_path / "from-usb"
    obtained.mkdir()
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        (obtained / name).write_bytes((DATA / "v1" / name).read_bytes())
    renamed = obtained / "SDN-2021-07.csv"
    (obtained / "sdn.csv").rename(renamed)
    week_ago = (datetime.now(UTC) - timedelta(days=8)).timestamp()
    os.utime(renamed, (week_ago, week_ago))
    result = runner.invoke(app, ["lists", "import", str(renamed), "--as", "ofac"])
    assert result.exit_code == 0, result.stderr
    assert "40 entries" in result.stdout
    version = ListStore().current("ofac")
    assert version is not None
    assert [f.name for f in version.meta.files] == ["sdn.csv", "alt.csv", "add.csv"]
    assert version.meta.origin == "import" and version.meta.source == "imported"
    assert version.meta.list_id == "ofac-sdn"
    assert datetime.now(UTC) - version.meta.fetched_at > timedelta(days=7)  # file's own time
    listing = runner.invoke(app, ["lists"])
    assert "8 days (stale)" in listing.stdout and "imported" in listing.stdout
    half = tmp_path / "sdn.csv"
    half.write_bytes((DATA / "half" / "sdn.csv").read_bytes())
    refused = runner.invoke(app, ["lists", "import", str(half), "--as", "ofac"])
    assert refused.exit_code == 2 and "fewer than half" in refused.stderr
    assert ListStore().current("ofac") == version


def test_import_reads_the_xml_formats_and_their_publication_dates(tmp_path: Path) -> None:
    store = ListStore()
    expected = {"un": ("un-sc", 2, "2026-11-28"), "eu": ("eu-fsf", 2, "2026-11-30"),
                "uk": ("uk-sanctions", 3, "2026-12-01")}  # fmt: skip
    for name, (list_id, entries, published) in expected.items():
        outcome = import_list(store, name, DATA / "xml" / f"{name}.xml", fmt=name)
        assert outcome.status == NEW, outcome.reason
        assert outcome.version is not None
        meta = outcome.version.meta
        assert (meta.list_id, meta.entries, meta.published) == (list_id, entries, published)
    shown = json.loads(runner.invoke(app, ["lists", "--json"]).stdout)
    assert {s["name"]: s["published"] for s in shown if s["published"]} == {
        "un": "2026-11-28", "eu": "2026-11-30", "uk": "2026-12-01"
    }  # fmt: skip


def test_an_html_file_cannot_be_imported(tmp_path: Path) -> None:
    page = tmp_path / "consolidated.xml"
    page.write_text("<!DOCTYPE html><html><body>Log in</body></html>", encoding="utf-8")
    outcome = import_list(ListStore(), "un", page, fmt="un")
    assert outcome.status == FAILED and "does not parse" in outcome.reason
    assert ListStore().current("un") is None


def test_prune_keeps_the_current_version_and_the_newest(tmp_path: Path) -> None:
    store = ListStore()
    now = datetime.now(UTC)
    for i, folder in enumerate(["v1", "v2", "v1"]):
        outcome = import_list(
            store, "ofac", DATA / folder / "sdn.csv", fmt="ofac", now=now + timedelta(seconds=i),
            file_names=["sdn.csv", "alt.csv", "add.csv"], force=True,
        )  # fmt: skip
        assert outcome.status == NEW, outcome.reason
    assert len(store.versions("ofac")) == 3
    current = store.current("ofac")
    removed = store.prune("ofac", 1)
    assert len(removed) == 2
    assert [v.meta.version for v in store.versions("ofac")] == [current.meta.version]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "seconds"), [("1d", 86400), ("12h", 43200), ("30m", 1800), ("2w", 1209600),
                          ("90s", 90), ("1.5d", 129600), ("3", 259200)]
)  # fmt: skip
def test_ages_parse(text: str, seconds: int) -> None:
    assert parse_age(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "d", "1y", "-1d", "1 day"])
def test_bad_ages_are_usage_errors(text: str) -> None:
    with pytest.raises(OptionError):
        parse_age(text)


def test_stale_warnings_follow_each_lists_limit() -> None:
    store = ListStore()
    now = datetime.now(UTC)
    un = import_list(store, "un", DATA / "xml" / "un.xml", fmt="un").version
    assert un is not None
    later = now + timedelta(days=8)
    limits = {"un": timedelta(days=7)}
    (warning,) = stale_warnings([un], limits, now=later)
    assert "UN Security Council Consolidated List (un) fetched 8 days ago" in warning
    assert stale_warnings([un], {"un": None}, now=later) == []
    assert stale_warnings([un], limits, now=now + timedelta(days=6)) == []
    with pytest.raises(ListTooOldError, match="more than --max-list-age 2 days"):
        stale_warnings([un], limits, now=later, max_age=timedelta(days=2))
    assert describe_age(timedelta(hours=30)) == "30 hours"


def test_parties_search_takes_a_fetched_list_by_name() -> None:
    outcome = import_list(
        ListStore(), "ofac", DATA / "v1" / "sdn.csv", fmt="ofac",
        file_names=["sdn.csv", "alt.csv", "add.csv"],
    )  # fmt: skip
    assert outcome.status == NEW
    result = runner.invoke(
        app,
        ["parties", "search", "Leverage SA", "--party-list", "ofac", "--no-builtin-party-lists",
         "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert "LEVERAGE, S.A." in result.stdout
