"""The audit store: round trip, migrations, tamper evidence, crash safety and concurrency."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from exportscreen.audit import migrations, records, store
from exportscreen.audit.store import (
    DEFAULT_DB_ENV,
    EXPORT_COLUMNS,
    GENESIS_HASH,
    AuditError,
    AuditStore,
    RunMeta,
    RunRecorder,
    canonical_json,
    csv_row,
    default_db_path,
)

HERE = Path(__file__).parent

META = RunMeta(
    command="screen",
    argv=["exportscreen", "screen", "manifest.csv", "--date", "2025-11-10"],
    tool_version="0.1.0",
    rules_fingerprint="e" * 64,
    lists=[
        {"id": "cn-dual-use-2025", "kind": "control_list", "reviewed": "2025-10-01", "sha256": "1"},
        {"id": "cn-uel", "kind": "party_list", "reviewed": "2025-10-02", "sha256": "2" * 64},
    ],
    inputs=[{"name": "manifest.csv", "sha256": "3" * 64}],
)


def _add_rows(recorder: RunRecorder, count: int, *, source: str = "manifest.csv") -> None:
    for row in range(1, count + 1):
        recorder.add(
            row=row,
            line=row + 1,
            source=source,
            fields={"hs_code": "8112929000", "description": f"锗 ingot {row}", "quantity": 1.5},
            decision="licence_required",
            findings={"items": [{"item_id": "ge-1"}], "parties": [], "cleared_by": None},
        )


def _record(db: AuditStore, rows: int = 3) -> str:
    with db.start_run(META) as recorder:
        _add_rows(recorder, rows)
        recorder.finish(counts={"licence_required": rows})
    return recorder.run_id


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "audit.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[AuditStore]:
    with AuditStore(db_path) as opened:
        yield opened


def _raw(path: Path) -> sqlite3.Connection:
    """A plain connection, as someone editing the database by hand would use."""
    return sqlite3.connect(path, isolation_level=None)


# -- round trip --------------------------------------------------------------------------------


def test_round_trip(db: AuditStore, db_path: Path) -> None:
    assert db_path.exists()  # parent directories were created
    with db.start_run(META) as recorder:
        for source in ("a.csv", "b.xlsx"):  # rows restart in every file
            for row in (1, 2):
                recorder.add(
                    row=row,
                    line=row + 1,
                    source=source,
                    fields={"description": f"gallium {source} {row}", "quantity": 2.5},
                    decision="review",
                    findings={"parties": [{"name": "Ätna GmbH", "suppressed": "cleared by J"}]},
                )
        recorder.finish(counts={"review": 4})

    [info] = db.runs()
    assert info.run_id == recorder.run_id
    assert (info.status, info.seq, info.rows) == ("complete", 1, 4)
    assert info.prev_hash == GENESIS_HASH
    assert info.hash is not None and len(info.hash) == 64
    assert info.counts == {"review": 4}
    assert (info.command, info.argv, info.lists, info.inputs) == (
        META.command,
        META.argv,
        META.lists,
        META.inputs,
    )
    assert (info.tool_version, info.rules_fingerprint) == (META.tool_version, "e" * 64)
    assert info.user and info.host and info.reason is None
    started = datetime.fromisoformat(info.started_at)
    assert started.tzinfo is not None and started.utcoffset() == timedelta(0)
    assert info.finished_at is not None and info.finished_at >= info.started_at

    assert db.run(info.run_id[:6]) == info
    assert db.run(info.run_id.upper()) == info
    assert db.run("zzz") is None
    assert db.run("") is None

    stored = list(db.declarations(info.run_id[:8]))
    assert [(d.ordinal, d.source, d.row, d.line) for d in stored] == [
        (1, "a.csv", 1, 2),
        (2, "a.csv", 2, 3),
        (3, "b.xlsx", 1, 2),
        (4, "b.xlsx", 2, 3),
    ]
    assert stored[0].fields == {"description": "gallium a.csv 1", "quantity": 2.5}
    assert stored[0].findings == {"parties": [{"name": "Ätna GmbH", "suppressed": "cleared by J"}]}
    assert len({d.digest for d in stored}) == 4

    today = datetime.now(UTC).date()
    exported = list(db.export(since=today))
    assert len(exported) == 4
    assert all(tuple(record) == EXPORT_COLUMNS for record in exported)
    assert exported[0]["run_id"] == info.run_id and exported[0]["run_seq"] == 1
    assert exported[0]["run_lists"] == META.lists
    assert [record["ordinal"] for record in exported] == [1, 2, 3, 4]
    assert list(db.export(since=today + timedelta(days=1))) == []
    assert db.runs(since=today + timedelta(days=1)) == []

    cells = csv_row(exported[0])
    assert cells["run_seq"] == "1" and cells["line"] == "2"
    assert json.loads(cells["fields"]) == {"description": "gallium a.csv 1", "quantity": 2.5}
    assert db.verify() == []
    assert db.chain_head() == (1, info.hash)


def test_runs_newest_first_incomplete_included_and_sealed_in_completion_order(
    db: AuditStore,
) -> None:
    first = db.start_run(META)
    second = db.start_run(META)
    failed = db.start_run(META)
    crashed = db.start_run(META)
    _add_rows(first, 2)
    _add_rows(second, 1)
    _add_rows(failed, 3)
    _add_rows(crashed, 5)
    crashed.flush()  # as a crash after some batches were written would leave it
    second.finish(counts={})
    first.finish(counts={})
    failed.abort("manifest.csv: cannot decode")

    runs = db.runs()
    assert [r.run_id for r in runs] == [
        crashed.run_id,
        failed.run_id,
        second.run_id,
        first.run_id,
    ]
    by_id = {r.run_id: r for r in runs}
    assert (by_id[second.run_id].seq, by_id[first.run_id].seq) == (1, 2)
    assert by_id[first.run_id].prev_hash == by_id[second.run_id].hash
    assert by_id[failed.run_id].status == "failed"
    assert by_id[failed.run_id].seq is None and by_id[failed.run_id].hash is None
    assert by_id[failed.run_id].reason == "manifest.csv: cannot decode"
    assert by_id[failed.run_id].rows == 3  # what was screened before the failure is kept
    assert (by_id[crashed.run_id].status, by_id[crashed.run_id].rows) == ("running", 5)
    assert db.verify() == []


def test_recorder_context_manager_marks_failures(db: AuditStore) -> None:
    with pytest.raises(KeyError), db.start_run(META) as broken:
        _add_rows(broken, 2)
        raise KeyError("hs_code")
    with db.start_run(META) as forgotten:
        _add_rows(forgotten, 1)
    info = db.run(broken.run_id)
    assert info is not None
    assert (info.status, info.reason, info.rows) == ("failed", "KeyError: 'hs_code'", 2)
    info = db.run(forgotten.run_id)
    assert info is not None
    assert (info.status, info.reason) == ("failed", "recorder closed without finish()")
    with pytest.raises(RuntimeError, match="failed"):
        _add_rows(forgotten, 1)
    forgotten.abort("again")  # a no-op once the run has ended


def test_finished_run_records_nothing_more(db: AuditStore) -> None:
    recorder = db.start_run(META)
    recorder.finish(counts={})
    with pytest.raises(RuntimeError, match="complete"):
        recorder.finish(counts={})
    recorder.abort("late")
    info = db.run(recorder.run_id)
    assert info is not None and info.status == "complete" and info.rows == 0


def test_value_that_is_not_json_is_refused_without_a_gap(db: AuditStore) -> None:
    with db.start_run(META) as recorder:
        with pytest.raises(TypeError):
            recorder.add(
                row=1,
                line=2,
                source="m.csv",
                fields={"date": date(2025, 1, 1)},
                decision="x",
                findings={},
            )
        _add_rows(recorder, 1)
        recorder.finish(counts={})
    assert [d.ordinal for d in db.declarations(recorder.run_id)] == [1]


def test_declaration_digest_is_sha256_of_canonical_json(db: AuditStore) -> None:
    run_id = _record(db, rows=1)
    [stored] = db.declarations(run_id)
    record = {
        "run_id": run_id,
        "ordinal": 1,
        "row": 1,
        "line": 2,
        "source": "manifest.csv",
        "fields": stored.fields,
        "decision": "licence_required",
        "findings": stored.findings,
    }
    text = canonical_json(record)
    assert "锗" in text and ": " not in text and ", " not in text
    assert stored.digest == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_prefix_must_be_unique(db: AuditStore, db_path: Path) -> None:
    one, two = db.start_run(META), db.start_run(META)
    with _raw(db_path) as raw:  # ids are random; give two of them a common prefix
        raw.execute("UPDATE runs SET run_id = 'abc1' || run_id WHERE run_id = ?", (one.run_id,))
        raw.execute("UPDATE runs SET run_id = 'abc2' || run_id WHERE run_id = ?", (two.run_id,))
    with pytest.raises(AuditError, match=r"ambiguous.*give more characters") as caught:
        db.run("abc")
    assert str(db_path) in str(caught.value)
    found = db.run("abc1")
    assert found is not None and found.run_id == "abc1" + one.run_id
    with pytest.raises(AuditError, match="no run"):
        db.declarations("ffff0000")


# -- opening, migrations, errors ---------------------------------------------------------------


def _versions(path: Path) -> list[int]:
    with _raw(path) as raw:
        return [v for (v,) in raw.execute("SELECT version FROM schema_version ORDER BY version")]


def test_schema_version_recorded_and_wal(db: AuditStore, db_path: Path) -> None:
    assert _versions(db_path) == list(range(1, len(migrations.MIGRATIONS) + 1))
    with _raw(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_migrations_run_in_order_once(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without IF NOT EXISTS, applying a script twice would fail: reopening proves it is not.
    extra = (
        "CREATE TABLE extra (x INTEGER);\nINSERT INTO extra VALUES (2);",
        "-- a comment; with a semicolon\nINSERT INTO extra SELECT x + 1 FROM extra;\n",
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, *extra))
    for _ in range(2):
        AuditStore(db_path).close()
    known = len(migrations.MIGRATIONS)
    assert _versions(db_path) == list(range(1, known + 1))
    with _raw(db_path) as raw:  # the second script saw the first one's row: order kept
        assert [x for (x,) in raw.execute("SELECT x FROM extra ORDER BY x")] == [2, 3]


def test_older_database_is_upgraded_and_still_verifies(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with AuditStore(db_path) as old:
        run_id = _record(old)
    monkeypatch.setattr(
        migrations, "MIGRATIONS", (*migrations.MIGRATIONS, "ALTER TABLE runs ADD COLUMN note TEXT;")
    )
    with AuditStore(db_path) as upgraded:
        assert _versions(db_path)[-1] == len(migrations.MIGRATIONS)
        assert upgraded.verify() == []  # a new column does not change sealed hashes
        assert len(list(upgraded.declarations(run_id))) == 3
        _record(upgraded)
        assert upgraded.verify() == []


def test_newer_schema_is_refused(db_path: Path) -> None:
    AuditStore(db_path).close()
    with _raw(db_path) as raw:
        raw.execute("INSERT INTO schema_version VALUES (99, '2099-01-01')")
    with pytest.raises(AuditError, match=r"newer exportscreen.*upgrade exportscreen") as caught:
        AuditStore(db_path)
    assert str(db_path) in str(caught.value)


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite3"
    path.write_text("not a database, just text that is long enough to have a header" * 10)
    with pytest.raises(AuditError, match=f"{DEFAULT_DB_ENV}") as caught:
        AuditStore(path)
    assert str(path) in str(caught.value)


def test_directory_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(AuditError, match=f"cannot create its directory.*{DEFAULT_DB_ENV}"):
        AuditStore(blocker / "audit.sqlite3")


def test_lock_held_too_long(db: AuditStore, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    with AuditStore(db_path) as impatient:
        holder = _raw(db_path)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(AuditError, match=r"locked.*retry") as caught:
                impatient.start_run(META)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert str(db_path) in str(caught.value)
        impatient.start_run(META).abort("test")


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DEFAULT_DB_ENV, str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv(DEFAULT_DB_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "exportscreen" / "audit.sqlite3"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".local" / "share" / "exportscreen" / "audit.sqlite3"
    assert default_db_path() == expected
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_db_path() == expected


# -- tamper evidence ---------------------------------------------------------------------------


@pytest.fixture
def chain(db: AuditStore) -> list[str]:
    """Three sealed runs (seq 1, 2, 3), 4 declarations each, then one left running."""
    ids = [_record(db, rows=4) for _ in range(3)]
    running = db.start_run(META)
    _add_rows(running, 2)
    running.flush()
    assert db.verify() == []
    return [*ids, running.run_id]


Tamper = Callable[[sqlite3.Connection, list[str]], None]


def _edit_decision(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute(
        "UPDATE declarations SET decision = 'not_controlled' WHERE run_id = ? AND ordinal = 2",
        (ids[1],),
    )


def _edit_user(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("UPDATE runs SET user = 'someone-else' WHERE run_id = ?", (ids[1],))


def _edit_findings_and_redigest(raw: sqlite3.Connection, ids: list[str]) -> None:
    # A careful editor recomputes the row's digest; the run's sealed digest list still differs.
    row = raw.execute(
        "SELECT ordinal, row, line, source, fields, decision FROM declarations"
        " WHERE run_id = ? AND ordinal = 3",
        (ids[1],),
    ).fetchone()
    findings = canonical_json({"items": []})
    ordinal, number, line, source, fields, decision = row
    text = records._declaration_json(
        ids[1], ordinal, number, line, source, fields, decision, findings
    )
    digest = hashlib.sha256(text.encode()).hexdigest()
    raw.execute(
        "UPDATE declarations SET findings = ?, digest = ? WHERE run_id = ? AND ordinal = 3",
        (findings, digest, ids[1]),
    )


def _edit_user_and_rehash(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.row_factory = sqlite3.Row
    run = dict(raw.execute("SELECT * FROM runs WHERE run_id = ?", (ids[1],)).fetchone())
    run["user"] = "someone-else"
    raw.execute(
        "UPDATE runs SET user = ?, hash = ? WHERE run_id = ?",
        (run["user"], records._run_hash(run), ids[1]),
    )


def _delete_declaration(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("DELETE FROM declarations WHERE run_id = ? AND ordinal = 2", (ids[1],))


def _delete_last_declaration(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("DELETE FROM declarations WHERE run_id = ? AND ordinal = 4", (ids[1],))


def _delete_run(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("DELETE FROM declarations WHERE run_id = ?", (ids[1],))
    raw.execute("DELETE FROM runs WHERE run_id = ?", (ids[1],))


def _delete_run_record_only(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("DELETE FROM runs WHERE run_id = ?", (ids[1],))


def _delete_newest_run(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("DELETE FROM declarations WHERE run_id = ?", (ids[2],))
    raw.execute("DELETE FROM runs WHERE run_id = ?", (ids[2],))


def _swap_order(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("UPDATE runs SET seq = -seq WHERE run_id IN (?, ?)", (ids[0], ids[1]))
    raw.execute("UPDATE runs SET seq = 3 + seq WHERE run_id IN (?, ?)", (ids[0], ids[1]))


def _unseal(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("UPDATE runs SET status = 'failed' WHERE run_id = ?", (ids[1],))


def _edit_running_declaration(raw: sqlite3.Connection, ids: list[str]) -> None:
    raw.execute("UPDATE declarations SET fields = '{}' WHERE run_id = ?", (ids[3],))


@pytest.mark.parametrize(
    ("tamper", "run_index", "expected"),
    [
        (_edit_decision, 1, r"seq 2\): declaration 2 \(manifest.csv row 2\) edited"),
        (_edit_user, 1, r"seq 2\): run record edited"),
        (_edit_findings_and_redigest, 1, r"seq 2\): declarations replaced"),
        (_edit_user_and_rehash, 2, r"seq 3\): prev_hash does not match the hash of run \w+ "),
        (_delete_declaration, 1, r"seq 2\): declaration 2 missing \(deleted\)"),
        (_delete_last_declaration, 1, r"seq 2\): 3 declarations stored but 4 were sealed"),
        (_delete_run, 2, r"seq 3\): chain gap, seq 2 missing before it \(run deleted\)"),
        (_delete_run_record_only, 1, r"4 declarations remain but the run record is missing"),
        (_delete_newest_run, None, r"chain head is seq 3 but the last sealed run is seq 2"),
        (_swap_order, 0, r"seq 2\): prev_hash does not match"),
        (_unseal, 1, r"seq 2\): sealed but marked failed"),
        (_edit_running_declaration, 3, r"unsealed, running\): declaration 1 .* edited"),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else None,
)
def test_verify_reports_tampering(
    db: AuditStore,
    db_path: Path,
    chain: list[str],
    tamper: Tamper,
    run_index: int | None,
    expected: str,
) -> None:
    with _raw(db_path) as raw:
        tamper(raw, chain)
    problems = db.verify()
    assert problems, "tampering went unnoticed"
    hits = [p for p in problems if re.search(expected, p)]
    assert hits, problems
    if run_index is not None:
        assert all(chain[run_index] in p for p in hits), problems


def test_verify_reports_every_edit_of_a_run(db: AuditStore, db_path: Path) -> None:
    run_id = _record(db, rows=30)
    with _raw(db_path) as raw:
        raw.execute("UPDATE declarations SET decision = 'x' WHERE run_id = ?", (run_id,))
    problems = db.verify()
    assert len(problems) == records._MAX_ROW_MESSAGES + 1  # capped, then summarised
    assert problems[-1].endswith("10 more declarations edited")
    assert all(run_id in p for p in problems)


# -- crash and concurrency (child processes) ---------------------------------------------------


def _integrity(path: Path) -> str:
    with _raw(path) as raw:
        return str(raw.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.mark.parametrize("mode", ["buffered", "mid-transaction"])
def test_killed_writer_leaves_a_visible_incomplete_run(db_path: Path, mode: str) -> None:
    child = subprocess.run(
        [sys.executable, str(HERE / "crash_writer.py"), str(db_path), mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    crashed_id = child.stdout.split()[1]
    assert _integrity(db_path) == "ok"
    with AuditStore(db_path) as db:
        completed, crashed = sorted(db.runs(), key=lambda r: r.status)
        assert (completed.status, completed.seq, completed.rows) == ("complete", 1, 10)
        assert crashed.run_id == crashed_id
        # Only the two committed batches survive: never the buffer, never a half transaction.
        # issue 12 D2: its process is gone, so it shows as interrupted
        assert (crashed.status, crashed.seq, crashed.rows) == ("interrupted", None, 1000)
        assert [d.ordinal for d in db.declarations(crashed_id)] == list(range(1, 1001))
        assert db.verify() == []
        # The store carries on: the next run is sealed right after the last complete one.
        _record(db)
        assert [r.seq for r in db.runs() if r.status == "complete"] == [2, 1]
        assert db.verify() == []
    assert _integrity(db_path) == "ok"


def test_two_processes_record_at_the_same_time(db_path: Path) -> None:
    rows = 2000
    writers = [
        subprocess.Popen(
            [sys.executable, str(HERE / "concurrent_writer.py"), str(db_path), str(rows), batch],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for batch in ("100", "150")
    ]
    try:
        for writer in writers:  # both opened the (fresh) database, racing on its creation
            assert writer.stdout is not None
            line = writer.stdout.readline().strip()
            if line != "ready":
                writer.kill()
                _out, err = writer.communicate(timeout=10)
                pytest.fail(f"writer did not open the store: {line!r}; stderr: {err}")
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        outputs = [writer.communicate(timeout=60) for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.startswith("done ")
    with AuditStore(db_path) as db:
        runs = db.runs()
        assert sorted(r.seq or 0 for r in runs) == [1, 2]
        assert all(r.status == "complete" and r.rows == rows for r in runs)
        for run in runs:
            assert [d.row for d in db.declarations(run.run_id)] == list(range(1, rows + 1))
        assert db.verify() == []


_OPEN_AT = """
import sys, time
from pathlib import Path
from exportscreen.audit.store import AuditStore
start = float(sys.argv[2])
while time.time() < start:
    pass
with AuditStore(Path(sys.argv[1])):
    print("opened")
"""


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    """Switching a new database to WAL takes an exclusive lock without SQLite's busy handler:
    without a retry, about one opener in ten failed at once with "database is locked"."""
    for round_number in range(6):
        path = tmp_path / f"race-{round_number}.db"
        start = time.time() + 0.5  # every process is up and spinning by then
        openers = [
            subprocess.Popen(
                [sys.executable, "-c", _OPEN_AT, str(path), str(start)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        for opener in openers:
            out, err = opener.communicate(timeout=60)
            assert opener.returncode == 0 and out.strip() == "opened", err
