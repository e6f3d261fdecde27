"""Issue 12 D1-D4 and D6: the audit trail survives emptying, crashes, large runs and umasks."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportscreen.audit.store import AuditStore, RunMeta
from exportscreen.cli import app

runner = CliRunner()

META = RunMeta(
    command="screen",
    argv=["exportscreen", "screen", "m.csv"],
    tool_version="test",
    rules_fingerprint="f" * 64,
    lists=[],
    inputs=[{"name": "m.csv", "sha256": "b" * 64}],
)


def _record(db: Path, rows: int = 3) -> tuple[int, str]:
    with AuditStore(db) as store, store.start_run(META) as recorder:
        for row in range(1, rows + 1):
            recorder.add(
                row=row,
                line=row + 1,
                source="m.csv",
                fields={"hs_code": "8112929010", "description": f"gallium {row}"},
                decision="licence_required",
                findings={"reasons": ["controlled"]},
            )
        return recorder.finish(counts={"licence_required": rows})


def _verify(db: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["audit", "verify", "--audit-db", str(db), *extra])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "audit" / "audit.sqlite3"


def test_emptied_store_fails_verify(db: Path) -> None:
    """issue 12 D1: deleting every row no longer passes verify: the head file remembers."""
    _record(db)
    _record(db)
    assert _verify(db)[0] == 0
    raw = sqlite3.connect(db)
    raw.executescript("DELETE FROM declarations; DELETE FROM runs; DELETE FROM chain_head;")
    raw.close()
    code, _, err = _verify(db)
    assert code == 1
    assert "records seq 2 but the store's chain ends at no sealed run" in err


def test_truncated_store_fails_verify(db: Path) -> None:
    """issue 12 D1: a store truncated to 0 bytes fails verify."""
    _record(db)
    for suffix in ("", "-wal", "-shm"):
        path = db.with_name(db.name + suffix)
        if path.exists():
            path.write_bytes(b"")
    code, _, err = _verify(db)
    assert code == 1 and "records seq 1" in err


def test_expect_head_catches_a_store_replaced_with_its_head_file(db: Path) -> None:
    """issue 12 D1: a head kept elsewhere catches a rewrite that also rewrote the head file."""
    _, kept = _record(db)
    assert _verify(db, "--expect-head", kept)[0] == 0
    assert _verify(db, "--expect-head", kept[:12])[0] == 0
    for path in db.parent.iterdir():
        path.unlink()
    _record(db)  # a fresh chain with its own head file
    assert _verify(db)[0] == 0
    code, _, err = _verify(db, "--expect-head", kept)
    assert code == 1 and f"expected head {kept} is not in the chain" in err
    assert _verify(db, "--expect-head", "zz")[0] == 2


def test_every_run_prints_its_head(tmp_path: Path, db: Path) -> None:
    """issue 12 D1: screen and check print the chain head after recording."""
    manifest = tmp_path / "m.csv"
    manifest.write_text("HS Code,Goods Description\n8112929010,gallium\n", encoding="utf-8")
    result = runner.invoke(
        app, ["screen", str(manifest), "--format", "jsonl", "--audit-db", str(db)]
    )
    head = db.with_name(db.name + ".head").read_text().split()
    assert f"chain head #1 {head[1]}" in result.stderr
    result = runner.invoke(
        app, ["check", "--hs", "8112929010", "--description", "gallium", "--audit-db", str(db)]
    )
    assert "chain head #2 " in result.stderr


CRASHER = """
import os, sys
from exportscreen.audit.store import AuditStore, RunMeta
meta = RunMeta("screen", ["x"], "test", "f" * 64, [], [])
store = AuditStore(sys.argv[1])
recorder = store.start_run(meta)
print(recorder.run_id, flush=True)
os.kill(os.getpid(), 9)
"""


def test_crashed_run_shows_as_interrupted(db: Path) -> None:
    """issue 12 D2: a run whose process is gone is listed as interrupted, not running."""
    child = subprocess.run(
        [sys.executable, "-c", CRASHER, str(db)], capture_output=True, text=True, check=False
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    result = runner.invoke(app, ["audit", "list", "--audit-db", str(db)])
    assert result.exit_code == 0
    assert "interrupted" in result.stdout and "running" not in result.stdout
    with AuditStore(db) as store, store.start_run(META) as live:
        statuses = {r.run_id: r.status for r in store.runs()}
        assert statuses[live.run_id] == "running"  # this process is alive
        live.finish(counts={})


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_new_store_is_private_whatever_the_umask(db: Path, open_umask: None) -> None:
    """issue 12 D4: a new store is 0600 (with its -wal, -shm and head files) in a 0700
    directory, even under umask 000."""
    _record(db)
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    for path in db.parent.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_show_streams_a_large_run(db: Path, tmp_path: Path) -> None:
    """issue 12 D3: `audit show` streams: its memory does not grow with the run's size."""
    peaks = {}
    for rows in (1_000, 20_000):
        store_path = tmp_path / f"a{rows}" / "audit.sqlite3"
        _record(store_path, rows)
        for fmt in ("table", "json"):
            peaks[rows, fmt] = _peak_rss_kib(
                ["audit", "show", "0", "--audit-db", str(store_path), "--format", fmt],
                tmp_path / "out.txt",
                run_id=_only_run(store_path),
            )
            if fmt == "json" and rows == 20_000:
                data = json.loads((tmp_path / "out.txt").read_text(encoding="utf-8"))
                assert len(data["declarations"]) == rows
    for fmt in ("table", "json"):
        growth = peaks[20_000, fmt] - peaks[1_000, fmt]
        assert growth < 10_000, (fmt, peaks)  # KiB; keeping 20k rows costs far more


def _only_run(db: Path) -> str:
    with AuditStore(db) as store:
        return store.runs()[0].run_id


def _peak_rss_kib(args: list[str], out: Path, run_id: str) -> int:
    args = [run_id if a == "0" else a for a in args]
    script = (
        "import resource, subprocess, sys\n"
        "with open(sys.argv[1], 'w') as out:\n"
        "    subprocess.run([sys.executable, '-m', 'exportscreen', *sys.argv[2:]],"
        " stdout=out, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(out), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def test_rescreen_reports_rows_it_cannot_read(db: Path) -> None:
    """issue 12 D6: stored rows rescreen cannot parse are counted and reported, exit 2."""
    with AuditStore(db) as store, store.start_run(META) as recorder:
        recorder.add(
            row=1,
            line=2,
            source="m.csv",
            fields={"hs_code": "81x", "description": "gallium"},
            decision="licence_required",
            findings={},
        )
        recorder.add(
            row=2,
            line=3,
            source="m.csv",
            fields={"hs_code": "8112929010", "description": "gallium metal", "destination": "DE"},
            decision="licence_required",
            findings={},
        )
        recorder.finish(counts={"licence_required": 2})
    result = runner.invoke(app, ["rescreen", "--audit-db", str(db)])
    assert result.exit_code == 2, result.output
    assert "m.csv:2 row 1: hs_code" in result.stderr
    assert "1 stored declarations could not be read" in result.stderr


def test_export_format_follows_the_extension(db: Path, tmp_path: Path) -> None:
    """issue 12 E3: `audit export -o x.csv` writes CSV; a contradiction or an unknown
    extension is a usage error."""
    _record(db)
    out = tmp_path / "x.csv"
    result = runner.invoke(app, ["audit", "export", "--audit-db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("run_id,run_seq,")
    for extra in (["-o", str(tmp_path / "x.txt")], ["-o", str(out), "--format", "jsonl"]):
        result = runner.invoke(app, ["audit", "export", "--audit-db", str(db), *extra])
        assert result.exit_code == 2, extra


def test_export_csv_neutralises_formulas(db: Path, tmp_path: Path) -> None:
    """issue 12 C1: `audit export` CSV cells that start a formula are prefixed with '."""
    meta = RunMeta("screen", ["x"], "test", "f" * 64, [], [{"name": "=cmd|'/c calc'!A1"}])
    with AuditStore(db) as store, store.start_run(meta) as recorder:
        recorder.add(row=1, line=2, source="@SUM(1)", fields={}, decision="review", findings={})
        recorder.finish(counts={})
    out = tmp_path / "x.csv"
    assert runner.invoke(app, ["audit", "export", "--audit-db", str(db), "-o", str(out)])
    import csv

    with out.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source"] == "'@SUM(1)"
    assert all(not v.startswith(("=", "+", "-", "@")) for v in row.values())
