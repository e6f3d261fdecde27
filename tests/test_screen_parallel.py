"""`exportscreen screen --jobs N`: worker processes change nothing but the speed; and the party
index cache, the other half of the same speed-up.

Every test that compares forces the parallel path (no minimum input size, small batches so a
short file still spans many batches and routing decisions) and checks that it really ran.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Generator, Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from reporting import render
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.errors import ManifestError
from exportscreen.manifest import parallel
from exportscreen.manifest import screen as screen_module
from exportscreen.manifest.columns import builtin_aliases
from exportscreen.manifest.parallel import WorkerError, ordered_map
from exportscreen.manifest.screen import ManifestInfo, RunSummary, ScreenOptions, screen_files
from exportscreen.model import RowResult
from exportscreen.parties.importers.registry import load_party_file
from exportscreen.parties.lists import ListingEffect, PartyLists, from_records
from exportscreen.parties.matcher import Matcher
from exportscreen.parties.records import PartyRecord
from exportscreen.pipeline import load_engine
from exportscreen.report import FORMATS
from exportscreen.ruleset.cache import cache_dir

pytestmark = pytest.mark.skipif(not parallel.fork_available(), reason="needs the fork start method")

runner = CliRunner()
OFAC_SLICE = Path(__file__).parent / "parties" / "data" / "ofac" / "sdn.csv"

ZH_HEADERS = ["商品编号", "商品名称", "规格型号", "数量及单位", "最终目的国（地区）", "境外收货人",
              "最终用户", "最终用途", "出口日期"]  # fmt: skip
EN_HEADERS = ["HS Code", "Goods Description", "Specification", "Destination", "Consignee",
              "Consignee Country", "Shipment Date"]  # fmt: skip
GOODS = [
    ("8112929010", "金属镓", "纯度99.99%"),
    ("3801909010", "等静压石墨", "纯度99.95% 抗折强度45MPa 体积密度1.80g/cm3"),
    ("3801909010", "isostatic graphite", "purity 99.5% flexural strength 40 MPa"),
    ("2825800010", "antimony trioxide", "Sb2O3 99.9%"),
    ("8507600090", "lithium-ion battery cells", "energy density 300 Wh/kg"),
    ("8471300000", "笔记本电脑", "14英寸"),
    ("6907210000", "porcelain floor tiles", "600 x 600 mm"),
    ("7616991090", "铝合金机箱", "6061-T6"),
]
# Listed parties in manifest spellings (built-in lists and the OFAC slice), and ordinary names.
LISTED = ["Lockheed Martin Corp.", "洛克希德·马丁公司", "GENERAL-DYNAMICS LAND SYSTEMS, INC.",
          "Skydio Inc", "AEROCARIBBEAN AIRLINES", "Banco Nacional de Cuba"]  # fmt: skip
ORDINARY = [f"{a} {b} GmbH" for a in ("Nord", "Sued", "West", "Ost") for b in ("Metall", "Handel")]
COUNTRIES = ["德国", "美国", "日本", "DE", "US", "Narnia"]  # Narnia: an error row
END_USES = [("", ""), ("Army Research Laboratory", "military night-vision optics"), ("", "民用")]


def zh_rows(count: int, rng: random.Random) -> Iterator[list[str]]:
    for number in range(count):
        hs, name, spec = rng.choice(GOODS)
        consignee = rng.choice(LISTED if rng.random() < 0.2 else ORDINARY)
        end_user, end_use = rng.choice(END_USES)
        day = f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        row = [hs, name, spec, f"{rng.randrange(1, 900)}千克", rng.choice(COUNTRIES), consignee,
               end_user, end_use, day]  # fmt: skip
        if number % 37 == 5:
            row[0] = "81x2"  # unreadable HS code
        elif number % 41 == 7:
            row[8] = "2025-13-01"  # unreadable date
        elif number % 43 == 9:
            row = row[:4]  # ragged
        elif number % 47 == 11:
            row[0] = row[1] = row[2] = ""  # no goods in a goods manifest
        yield row


def write_csv(path: Path, headers: list[str], rows: Iterator[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


XLSX_ROWS = 40
TOTAL_ROWS = 260 + 90 + len(LISTED + ORDINARY) + XLSX_ROWS


@pytest.fixture
def manifests(tmp_path: Path) -> list[Path]:
    """Four files: Chinese headers, English headers (parties and goods), a parties-only customer
    list, and an Excel workbook."""
    rng = random.Random(20250601)
    first = write_csv(tmp_path / "a-zh.csv", ZH_HEADERS, zh_rows(260, rng))
    english = (
        [hs, name, spec, rng.choice(["DE", "US", "JP"]), rng.choice(LISTED + ORDINARY), "US",
         "2025-06-01"]
        for hs, name, spec in (rng.choice(GOODS) for _ in range(90))
    )  # fmt: skip
    second = write_csv(tmp_path / "b-en.csv", EN_HEADERS, english)
    customers = ([name, "美国"] for name in LISTED + ORDINARY)
    third = write_csv(tmp_path / "c-customers.csv", ["客户名称", "客户国别"], customers)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["商品编号", "商品名称", "最终目的国（地区）", "境外收货人"])
    for number in range(XLSX_ROWS):
        hs, name, _ = rng.choice(GOODS)
        sheet.append(
            [int(hs) if number % 9 else "81x", name, "德国", rng.choice(LISTED + ORDINARY)]
        )
    fourth = tmp_path / "d-goods.xlsx"
    workbook.save(fourth)
    return [first, second, third, fourth]


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch) -> Generator[list[int], None, None]:
    """Workers for any input, in batches of 8 rows per worker; records each parallel run's jobs
    and checks that its rows went out in many batches."""
    monkeypatch.setattr(screen_module, "MIN_PARALLEL_ROWS", 0)
    monkeypatch.setattr(parallel, "CHUNK_ROWS", 8)
    runs: list[int] = []
    batches: list[int] = []
    original = screen_module.ordered_map
    shares = parallel._Router.shares

    def spy(*args: object, **kwargs: object) -> Iterator[tuple[object, object]]:
        runs.append(int(kwargs["jobs"]))  # type: ignore[call-overload]
        return original(*args, **kwargs)  # type: ignore[arg-type]

    def count(router: parallel._Router, keys: list[str | None]) -> list[list[int]]:
        batches.append(len(keys))
        return shares(router, keys)

    monkeypatch.setattr(screen_module, "ordered_map", spy)
    monkeypatch.setattr(parallel._Router, "shares", count)
    yield runs
    assert all(size <= 8 * max(runs) for size in batches)
    assert len(batches) >= 5 * len(runs) > 0


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["screen", "--date", "2025-06-01", *args])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_cli_output_is_byte_identical_with_workers(
    tmp_path: Path, manifests: list[Path], forced: list[int], fmt: str
) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.{fmt}"
        code, err = cli(*map(str, manifests), "--party-list", str(OFAC_SLICE), "--format", fmt,
                        "-o", str(out), "--no-audit", "--jobs", jobs)  # fmt: skip
        assert (code, err) == (1, "")
        outputs[jobs] = out.read_bytes()
    assert forced == [2]  # only the --jobs 2 run used workers
    assert outputs["1"] == outputs["2"]
    if fmt == "jsonl":
        rows = [json.loads(line) for line in outputs["2"].decode().splitlines()]
        assert len(rows) == TOTAL_ROWS
        assert [r["file"] for r in rows] == sorted(r["file"] for r in rows)  # files in order
        decisions = {r["decision"] for r in rows}
        assert {"error", "prohibited", "licence_required", "review"} <= decisions
        lists = {p["list"] for r in rows for p in r["parties"]}
        assert {"ofac-sdn", "cn-unreliable-entity-list"} <= lists
        errors = {e["field"] for r in rows for e in r["errors"]}
        assert {"hs_code", "date", "row", "description", "destination"} <= errors


def test_every_format_is_byte_identical_with_workers(
    manifests: list[Path], forced: list[int]
) -> None:
    engine = load_engine(party_lists=[OFAC_SLICE])

    def run(jobs: int) -> tuple[list[tuple[ManifestInfo, RowResult]], RunSummary]:
        options = ScreenOptions(date(2025, 6, 1), builtin_aliases(), jobs=jobs)
        summary = RunSummary()
        rows = list(screen_files(manifests, engine, options, summary))
        summary.elapsed = 0.0
        return rows, summary

    sequential, parallel_run = run(1), run(3)
    assert forced == [3]
    assert parallel_run[1].counts == sequential[1].counts
    assert parallel_run[1].rows == sequential[1].rows == len(sequential[0])
    assert parallel_run[1].files == sequential[1].files
    for fmt in FORMATS:
        assert render(fmt, *parallel_run) == render(fmt, *sequential), fmt


def test_exit_codes_and_audit_records_match(
    tmp_path: Path, manifests: list[Path], forced: list[int]
) -> None:
    exported = {}
    for jobs in ("1", "2"):
        db = tmp_path / f"audit-{jobs}.sqlite3"
        base = (*map(str, manifests), "--format", "jsonl", "-o", os.devnull, "--audit-db", str(db))
        assert cli(*base, "--jobs", jobs)[0] == 1
        assert cli(*base, "--jobs", jobs, "--fail-on", "prohibited")[0] == 1
        assert cli(*base, "--jobs", jobs, "--fail-on", "never")[0] == 2  # error rows
        assert cli(*base, "--jobs", jobs, "--exit-zero")[0] == 0
        result = runner.invoke(app, ["audit", "export", "--audit-db", str(db)])
        assert result.exit_code == 0
        exported[jobs] = [
            _without_run_facts(json.loads(line)) for line in result.stdout.splitlines()
        ]
        assert runner.invoke(app, ["audit", "verify", "--audit-db", str(db)]).exit_code == 0
    assert forced == [2, 2, 2, 2]
    assert len(exported["1"]) == 4 * TOTAL_ROWS
    assert exported["1"] == exported["2"]


def _without_run_facts(record: dict[str, object]) -> dict[str, object]:
    """A recorded declaration without its run's facts (ids, times, argv) and chained digest."""
    return {k: v for k, v in record.items() if not k.startswith("run_") and k != "digest"}


def test_small_input_does_not_start_workers(
    manifests: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("workers started for a small input")

    monkeypatch.setattr(screen_module, "ordered_map", refuse)
    code, err = cli(*map(str, manifests), "--format", "jsonl", "-o", os.devnull, "--no-audit",
                    "--jobs", "4")  # fmt: skip
    # On fewer than 4 CPUs --jobs is brought down, with a warning (issue 12 E4).
    assert code == 1 and all(line.startswith("warning: --jobs 4") for line in err.splitlines())


def test_an_unreadable_line_midway_reports_the_rows_before_it(
    tmp_path: Path, manifests: list[Path], forced: list[int]
) -> None:
    broken = tmp_path / "broken.csv"
    text = manifests[0].read_text(encoding="utf-8").splitlines(keepends=True)
    too_long = "x" * 200_000  # over the csv module's field limit: malformed CSV at line 102
    broken.write_text("".join(text[:101]) + f"8112929010,{too_long}\n" + "".join(text[101:]))
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.jsonl"
        code, err = cli(str(broken), "--format", "jsonl", "-o", str(out), "--no-audit", "--jobs",
                        jobs)  # fmt: skip
        results[jobs] = (code, err, out.read_bytes())
    assert forced == [2]
    assert results["1"] == results["2"]
    code, err, out = results["2"]
    assert code == 2 and "broken.csv:102" in err
    assert len(out.splitlines()) == 100  # every row before the unreadable line


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_bad_jobs_value_exits_2(manifests: list[Path], value: str) -> None:
    code, err = cli(str(manifests[0]), "--jobs", value, "--no-audit")
    assert code == 2 and "--jobs" in err


def test_jobs_auto_is_capped_usable_cpus() -> None:
    assert 1 <= parallel.default_jobs() <= min(parallel.usable_cpus(), parallel.MAX_AUTO_JOBS)


# -- ordered_map on its own -----------------------------------------------------------------------


def tag_with_pid(items: list[int]) -> list[tuple[int, int]]:
    return [(item * 2, os.getpid()) for item in items]


def test_ordered_map_keeps_order_across_workers() -> None:
    results = list(ordered_map(tag_with_pid, iter(range(1000)), jobs=3, key=lambda i: i % 7,
                               chunk=16))  # fmt: skip
    assert [item for item, _ in results] == list(range(1000))
    assert [value for _, (value, _) in results] == [i * 2 for i in range(1000)]
    pids = {pid for _, (_, pid) in results}
    assert len(pids) == 3 and os.getpid() not in pids
    assert multiprocessing.active_children() == []  # all workers stopped and reaped


def test_ordered_map_sends_each_key_to_one_worker_while_shares_allow() -> None:
    # 40 keys, spread evenly: no worker ever has to take another worker's key.
    keys = [i % 40 for i in range(4000)]
    results = list(ordered_map(tag_with_pid, iter(keys), jobs=2, key=lambda k: k, chunk=100))
    workers_per_key: dict[int, set[int]] = {}
    for key, (_, pid) in results:
        workers_per_key.setdefault(key, set()).add(pid)
    assert all(len(pids) == 1 for pids in workers_per_key.values())


def test_router_spreads_a_single_key_over_every_worker() -> None:
    router = parallel._Router(3)
    shares = router.shares(["ACME"] * 10)
    assert sorted(len(s) for s in shares) == [3, 3, 4]
    assert sorted(p for s in shares for p in s) == list(range(10))


def fail_on_13(items: list[int]) -> list[int]:
    if 13 in items:
        raise ValueError("unlucky row")
    return items


def test_a_worker_exception_is_raised_in_the_main_process() -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="unlucky row") as raised:
        for item, _ in ordered_map(fail_on_13, iter(range(100)), jobs=2, key=lambda i: None,
                                   chunk=4):  # fmt: skip
            seen.append(item)
    assert seen == list(range(8))  # the batches before the failing one (8 rows each)
    assert any("in a screening worker" in note for note in raised.value.__notes__)
    assert multiprocessing.active_children() == []


def die_on_13(items: list[int]) -> list[int]:
    if 13 in items:
        os._exit(7)
    return items


def test_a_worker_that_dies_is_reported() -> None:
    with pytest.raises(WorkerError, match="exit code 7"):
        list(ordered_map(die_on_13, iter(range(100)), jobs=2, key=lambda i: None, chunk=4))
    assert multiprocessing.active_children() == []


def reading_fails_after(count: int) -> Callable[[], Iterator[int]]:
    def items() -> Iterator[int]:
        yield from range(count)
        raise ManifestError("m.csv", count + 2, "malformed CSV")

    return items


def test_a_read_error_comes_after_the_rows_read_before_it() -> None:
    seen: list[int] = []
    with pytest.raises(ManifestError, match=r"m\.csv:52"):
        for item, _ in ordered_map(tag_with_pid, reading_fails_after(50)(), jobs=2,
                                   key=lambda i: None, chunk=4):  # fmt: skip
            seen.append(item)
    assert seen == list(range(50))


def test_stopping_early_stops_the_workers() -> None:
    results = ordered_map(tag_with_pid, iter(range(10_000)), jobs=2, key=lambda i: None, chunk=4)
    assert next(results)[0] == 0
    assert len(multiprocessing.active_children()) == 2
    results.close()  # what a reporter's exception does to the screening generator
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


ORPHAN_SCRIPT = """
import os, sys, time
from exportscreen.manifest.parallel import ordered_map

def slow(items):
    time.sleep(0.05)
    return [os.getpid() for _ in items]

for _, pid in ordered_map(slow, iter(range(10**6)), jobs=2, key=lambda i: None, chunk=2):
    print(pid, flush=True)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_leave_when_the_main_process_is_killed() -> None:
    main = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_SCRIPT], stdout=subprocess.PIPE, text=True
    )
    assert main.stdout is not None
    workers: set[int] = set()
    while len(workers) < 2:
        workers.add(int(main.stdout.readline()))
    main.kill()  # no clean-up code runs in the main process
    main.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    """Running (not a zombie waiting for init to reap it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# -- the party index cache ------------------------------------------------------------------------


def test_party_index_is_cached_and_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    imported = load_party_file(OFAC_SLICE, None)

    def lists_of(records: list[PartyRecord]) -> PartyLists:
        lists = PartyLists()
        effect = ListingEffect("review", "review", "imported")
        lists.add(*from_records("ofac-sdn", "SDN", records, source=str(OFAC_SLICE), effect=effect))
        return lists

    queries = ["AEROCARIBBEAN AIRLINES", "Banco Nacional de Cuba SA", "Casa de Cuba", "ACME GmbH"]
    built = lists_of(imported.records)
    expected = [built.matcher.search(q, min_score=50) for q in queries]
    assert any(expected)
    directory = cache_dir()
    assert directory is not None
    (stored,) = directory.glob("party-index-*.pickle")

    def no_build(self: Matcher, records: object) -> None:
        raise AssertionError("index built again")

    with monkeypatch.context() as patch:
        patch.setattr(Matcher, "__init__", no_build)
        cached = lists_of(list(imported.records))  # equal records, new objects
        assert [cached.matcher.search(q, min_score=50) for q in queries] == expected
        renamed = [dataclasses.replace(imported.records[0], names=("SOMETHING ELSE",)),
                   *imported.records[1:]]  # fmt: skip
        with pytest.raises(AssertionError, match="index built again"):
            lists_of(renamed).matcher  # noqa: B018 - other records, other key

    stored.write_bytes(b"not a pickle")
    rebuilt = lists_of(imported.records)
    assert [rebuilt.matcher.search(q, min_score=50) for q in queries] == expected
    assert stored.read_bytes() != b"not a pickle"  # rewritten
