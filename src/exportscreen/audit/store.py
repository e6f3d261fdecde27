"""The audit log: every screening run and every declaration it screened, in one SQLite file.

Exporters must show, years later, what the tool said about a shipment, under which version of the
rules and party lists, and who ran it. So each run records its command line, tool version, rules
fingerprint, the lists (with review dates and hashes) and the input files (with hashes), and one
row per screened declaration: what was declared, the decision, and the findings behind it
(including who cleared a party hit, which the caller passes in ``findings``).

Tamper evidence
    Each declaration stores ``digest``: the sha256 of the canonical JSON (see
    :func:`canonical_json`) of ``{"run_id", "ordinal", "row", "line", "source", "fields",
    "decision", "findings"}``. When a run completes it is sealed into a hash chain in the order
    runs complete (``seq`` 1, 2, 3 ...): ``declarations_sha256`` is the sha256 of its declaration
    digests concatenated in order, ``rows`` their number, and ``hash`` the sha256 of ``prev_hash``
    (64 zeros for seq 1) followed by the canonical JSON of every other run field (including
    ``rows``, ``declarations_sha256`` and ``prev_hash``). :meth:`AuditStore.verify` recomputes all
    of it. The chain is unkeyed: it shows edits made with a plain SQLite tool, not edits by
    someone who recomputes every hash afterwards. Against that, keep the head
    (:meth:`AuditStore.chain_head`) somewhere else, e.g. in the CI log; a rewritten chain no
    longer reaches the recorded head (``verify(expect_head=...)``).

Head file
    Every sealed run also writes the chain head to a small file beside the store
    (``audit.sqlite3.head``: ``SEQ HASH``). It lies outside the rows it covers, so a store that
    was emptied, truncated or replaced by an older copy no longer reaches it and fails
    :meth:`AuditStore.verify`.

Incomplete runs
    A run that crashed stays ``running`` in the database and one that raised is ``failed``;
    neither is sealed, so neither can break the chain. :meth:`AuditStore.runs` lists them so a
    crash stays visible, and shows a ``running`` run whose process (``pid`` on this host) is
    gone as ``interrupted``; :meth:`AuditStore.verify` reports only integrity problems, never
    incomplete runs as such (their declaration digests are still checked).

Concurrency
    WAL mode lets readers run alongside a writer; writes are short ``BEGIN IMMEDIATE``
    transactions (a batch of rows, or the sealing step) and wait up to 30 s for each other, so
    two processes recording at the same time both complete, and the sealing step, which picks
    the next ``seq``, is serialised.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from exportscreen.audit.integrity import (
    _create_private_directory,
    _create_private_file,
    _declarations_hash,
    _verify_heads,
    _verify_snapshot,
    head_file_path,
    read_head_file,
)
from exportscreen.audit.migrations import SchemaTooNewError, migrate
from exportscreen.audit.recorder import RunRecorder
from exportscreen.audit.records import (
    _SET_DB_HINT,
    BATCH_SIZE,
    BUSY_TIMEOUT_S,
    DEFAULT_DB_ENV,
    EXPORT_COLUMNS,
    GENESIS_HASH,
    AuditError,
    RunInfo,
    RunMeta,
    StoredDeclaration,
    _run_hash,
    canonical_json,
    csv_row,
    default_db_path,
)

__all__ = [
    "DEFAULT_DB_ENV",
    "EXPORT_COLUMNS",
    "GENESIS_HASH",
    "AuditError",
    "AuditStore",
    "RunInfo",
    "RunMeta",
    "RunRecorder",
    "StoredDeclaration",
    "canonical_json",
    "csv_row",
    "default_db_path",
    "head_file_path",
    "read_head_file",
]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _current_user() -> str:
    # getpass.getuser() raises when neither the environment nor the password database names
    # the user (e.g. a container running as an unlisted uid); the run is still worth recording.
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "unknown"


def _current_host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return "unknown"


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the database to write-ahead logging (a no-op once it is: the mode is persistent).

    The switch needs an exclusive lock, and SQLite does not call the busy handler for it: when
    two processes open a new store at the same moment, one gets "database is locked" at once
    instead of waiting. So the switch is retried here, with a growing pause, for as long as the
    busy timeout allows.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


class AuditStore:
    """An open audit database. One connection; not for sharing between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.head_path = head_file_path(self.path)
        try:
            _create_private_directory(self.path.parent)
        except OSError as exc:
            raise AuditError(
                self.path, f"cannot create its directory: {exc.strerror or exc}", _SET_DB_HINT
            ) from exc
        try:
            _create_private_file(self.path)
        except OSError as exc:
            raise AuditError(
                self.path, f"cannot create it: {exc.strerror or exc}", _SET_DB_HINT
            ) from exc
        self._conn: sqlite3.Connection | None = None
        with self._errors("cannot open"):
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE), never implicit.
            # timeout= is SQLite's busy timeout: how long to wait for another process's lock.
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            try:
                conn.row_factory = sqlite3.Row
                _use_wal(conn)
                # FULL: a committed batch survives a power cut too, not just a process crash.
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
                migrate(conn)
            except SchemaTooNewError as exc:
                conn.close()
                raise AuditError(
                    self.path,
                    f"written by a newer exportscreen ({exc})",
                    f"upgrade exportscreen, or set {DEFAULT_DB_ENV} to another file",
                ) from exc
            except BaseException:
                conn.close()
                raise
        self._conn = conn

    # -- plumbing -------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError(f"audit database {self.path} is closed")
        return self._conn

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn SQLite errors into an AuditError that says what to do about them."""
        try:
            yield
        except sqlite3.Error as exc:
            raise _audit_error(self.path, action, exc) from exc

    @contextlib.contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """A short write transaction that takes the write lock up front (BEGIN IMMEDIATE), so
        it waits for other writers at its start instead of failing with SQLITE_BUSY later."""
        conn = self._connection()
        with self._errors(action):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- recording ------------------------------------------------------------------------------

    def start_run(self, meta: RunMeta, *, batch_size: int = BATCH_SIZE) -> RunRecorder:
        """Record a new run as ``running`` and return the recorder for its declarations."""
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        run_id = uuid.uuid4().hex
        values = (
            run_id,
            os.getpid(),
            _now(),
            _current_user(),
            _current_host(),
            meta.command,
            canonical_json(meta.argv),
            meta.tool_version,
            meta.rules_fingerprint,
            canonical_json(meta.lists),
            canonical_json(meta.inputs),
        )
        with self._transaction("cannot record a new run") as conn:
            conn.execute(
                "INSERT INTO runs (run_id, pid, status, started_at, user, host, command, argv,"
                " tool_version, rules_fingerprint, lists, inputs)"
                " VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
        return RunRecorder(self, run_id, batch_size)

    def _insert_declarations(self, rows: list[tuple[Any, ...]], run_id: str) -> None:
        with self._transaction(f"cannot record declarations of run {run_id}") as conn:
            conn.executemany(
                "INSERT INTO declarations (run_id, ordinal, row, line, source, fields, decision,"
                " findings, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def _seal(self, run_id: str, counts: Mapping[str, int]) -> tuple[int, str]:
        conn = self._connection()
        # Hash the declarations before taking the write lock: nobody else writes this run's
        # rows, and the sealing transaction then stays short however long the run was.
        with self._errors(f"cannot read back run {run_id}"):
            rows, declarations_sha256 = _declarations_hash(conn, run_id)
        with self._transaction(f"cannot complete run {run_id}") as conn:
            found = conn.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
            if found is None or found["status"] != "running":
                state = "missing" if found is None else found["status"]
                raise AuditError(
                    self.path,
                    f"run {run_id} can no longer be completed: it is {state}",
                    "run `verify`; someone changed the database while the run was recording",
                )
            # Continue from the recorded head rather than the highest remaining seq, so that
            # deleting the newest run leaves a gap that stays visible after later runs.
            head = conn.execute("SELECT seq, hash FROM chain_head WHERE id = 1").fetchone()
            if head is None:
                head = conn.execute(
                    "SELECT seq, hash FROM runs WHERE seq = (SELECT max(seq) FROM runs)"
                ).fetchone()
            seq, prev_hash = (int(head[0]) + 1, str(head[1])) if head else (1, GENESIS_HASH)
            run = dict(found)
            run.update(
                seq=seq,
                status="complete",
                finished_at=_now(),
                counts=canonical_json(dict(counts)),
                rows=rows,
                declarations_sha256=declarations_sha256,
                prev_hash=prev_hash,
            )
            run_hash = _run_hash(run)
            conn.execute(
                "UPDATE runs SET seq = ?, status = 'complete', finished_at = ?, counts = ?,"
                " rows = ?, declarations_sha256 = ?, prev_hash = ?, hash = ?"
                " WHERE run_id = ? AND status = 'running'",
                (
                    seq,
                    run["finished_at"],
                    run["counts"],
                    rows,
                    declarations_sha256,
                    prev_hash,
                    run_hash,
                    run_id,
                ),
            )
            conn.execute(
                "INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                (seq, run_hash),
            )
        self._write_head_file(seq, run_hash)
        return seq, run_hash

    def _write_head_file(self, seq: int, run_hash: str) -> None:
        """Record the head beside the store, unless a later run already has (runs of several
        processes complete in any order). Written atomically, 0600."""
        current = read_head_file(self.head_path)
        if current is not None and current[0] >= seq:
            return
        temporary = self.head_path.with_name(f"{self.head_path.name}.{uuid.uuid4().hex}.tmp")
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(handle, f"{seq} {run_hash}\n".encode("ascii"))
                os.fsync(handle)
            finally:
                os.close(handle)
            os.replace(temporary, self.head_path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise AuditError(
                self.path,
                f"run {seq} is sealed but its head file {self.head_path} cannot be written: "
                f"{exc.strerror or exc}",
                "make the directory writable; `audit verify` still checks the chain",
            ) from exc

    def _fail(self, run_id: str, reason: str) -> None:
        with self._transaction(f"cannot mark run {run_id} failed") as conn:
            conn.execute(
                "UPDATE runs SET status = 'failed', finished_at = ?, reason = ?"
                " WHERE run_id = ? AND status = 'running'",
                (_now(), reason, run_id),
            )

    # -- reading --------------------------------------------------------------------------------

    def runs(self, *, since: date | None = None) -> list[RunInfo]:
        """Runs started on or after ``since`` (a UTC date), newest first, incomplete ones too."""
        conn = self._connection()
        with self._errors("cannot list runs"):
            found = conn.execute(
                f"{_RUN_SELECT} WHERE started_at >= ? ORDER BY started_at DESC, run_id DESC",
                (since.isoformat() if since else "",),
            ).fetchall()
        return [_run_info(r) for r in found]

    def run(self, run_id: str) -> RunInfo | None:
        """The run with this id, or with an id starting with this (unique) prefix."""
        conn = self._connection()
        key = run_id.strip().lower()
        if not key:
            return None
        with self._errors("cannot read runs"):
            exact = conn.execute(f"{_RUN_SELECT} WHERE run_id = ?", (key,)).fetchone()
            if exact is not None:
                return _run_info(exact)
            # A range on the primary key: every id starting with `key` sorts in [key, upper).
            upper = key[:-1] + chr(ord(key[-1]) + 1)
            found = conn.execute(
                f"{_RUN_SELECT} WHERE run_id >= ? AND run_id < ? ORDER BY run_id LIMIT 3",
                (key, upper),
            ).fetchall()
        if len(found) > 1:
            shown = ", ".join(r["run_id"] for r in found[:2])
            raise AuditError(
                self.path,
                f"run id prefix {key!r} is ambiguous: it matches {shown}"
                + (" and more" if len(found) > 2 else ""),
                "give more characters of the run id",
            )
        return _run_info(found[0]) if found else None

    def chain_head(self) -> tuple[int, str] | None:
        """``(seq, hash)`` of the last sealed run; keep it elsewhere to anchor the chain."""
        conn = self._connection()
        with self._errors("cannot read the chain head"):
            head = conn.execute("SELECT seq, hash FROM chain_head WHERE id = 1").fetchone()
        return (int(head[0]), str(head[1])) if head else None

    def declarations(self, run_id: str) -> Iterator[StoredDeclaration]:
        """The declarations of a run (id or unique prefix), in the order they were recorded."""
        info = self.run(run_id)
        if info is None:
            raise AuditError(
                self.path, f"no run with id {run_id!r}", "list the recorded runs to find its id"
            )
        return self._declarations(info.run_id)

    def _declarations(self, run_id: str) -> Iterator[StoredDeclaration]:
        conn = self._connection()
        with self._errors(f"cannot read declarations of run {run_id}"):
            for d in conn.execute(
                "SELECT run_id, ordinal, row, line, source, fields, decision, findings, digest"
                " FROM declarations WHERE run_id = ? ORDER BY ordinal",
                (run_id,),
            ):
                yield StoredDeclaration(
                    run_id=d["run_id"],
                    ordinal=d["ordinal"],
                    row=d["row"],
                    line=d["line"],
                    source=d["source"],
                    fields=json.loads(d["fields"]),
                    decision=d["decision"],
                    findings=json.loads(d["findings"]),
                    digest=d["digest"],
                )

    def export(self, *, since: date | None = None) -> Iterator[dict[str, object]]:
        """One flat record per declaration of every run started on or after ``since``, oldest
        run first, with the run's fields prefixed ``run_`` (keys: :data:`EXPORT_COLUMNS`).

        Incomplete runs are included (``run_status`` says so). ``run_argv``, ``run_lists``,
        ``run_inputs``, ``fields`` and ``findings`` stay structures; :func:`csv_row` turns a
        record into CSV cells.
        """
        runs = sorted(self.runs(since=since), key=lambda r: (r.started_at, r.run_id))
        for info in runs:
            head: dict[str, object] = {
                "run_id": info.run_id,
                "run_seq": info.seq,
                "run_status": info.status,
                "run_started_at": info.started_at,
                "run_finished_at": info.finished_at,
                "run_user": info.user,
                "run_host": info.host,
                "run_command": info.command,
                "run_argv": info.argv,
                "run_tool_version": info.tool_version,
                "run_rules_fingerprint": info.rules_fingerprint,
                "run_lists": info.lists,
                "run_inputs": info.inputs,
                "run_hash": info.hash,
            }
            for d in self._declarations(info.run_id):
                yield {
                    **head,
                    "ordinal": d.ordinal,
                    "source": d.source,
                    "row": d.row,
                    "line": d.line,
                    "decision": d.decision,
                    "fields": d.fields,
                    "findings": d.findings,
                    "digest": d.digest,
                }

    # -- verification ---------------------------------------------------------------------------

    def verify(self, *, expect_head: str | None = None) -> list[str]:
        """Recompute every digest and hash and walk the chain; one message per problem.

        An empty list means intact. Incomplete (running or failed) runs are not problems and
        are not reported, but their declarations' digests are checked like any others. The
        chain must reach the head recorded in the head file and, when given, ``expect_head``
        (a run hash kept elsewhere, or a prefix of at least 12 of its characters).
        """
        if expect_head is not None:
            expect_head = expect_head.strip().lower()
            if len(expect_head) < 12 or any(c not in "0123456789abcdef" for c in expect_head):
                raise ValueError("expect_head: give at least 12 hex digits of a run hash")
        conn = self._connection()
        with self._errors("cannot verify"):
            # One read transaction, so the checks see one snapshot: a run that another process
            # completes meanwhile cannot look like a chain head without its run.
            conn.execute("BEGIN")
            try:
                problems = _verify_snapshot(conn)
                problems += _verify_heads(conn, self.head_path, expect_head)
                return problems
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")


_RUN_SELECT: Final = (
    "SELECT r.*, coalesce(r.rows,"
    " (SELECT count(*) FROM declarations d WHERE d.run_id = r.run_id)) AS n FROM runs r"
)


def _run_info(r: sqlite3.Row) -> RunInfo:
    return RunInfo(
        run_id=r["run_id"],
        seq=r["seq"],
        started_at=r["started_at"],
        finished_at=r["finished_at"],
        user=r["user"],
        host=r["host"],
        command=r["command"],
        argv=json.loads(r["argv"]),
        tool_version=r["tool_version"],
        rules_fingerprint=r["rules_fingerprint"],
        lists=json.loads(r["lists"]),
        inputs=json.loads(r["inputs"]),
        counts=json.loads(r["counts"]) if r["counts"] is not None else {},
        prev_hash=r["prev_hash"],
        hash=r["hash"],
        rows=int(r["n"]),
        reason=r["reason"],
        pid=r["pid"],
        status=_shown_status(r["status"], r["host"], r["pid"]),
    )


def _shown_status(status: str, host: str, pid: int | None) -> str:
    """``interrupted`` for a run still marked running whose process on this host is gone."""
    if status != "running" or pid is None or host != _current_host():
        return status
    return status if _process_alive(pid) else "interrupted"


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, but belongs to someone else (or cannot tell: keep "running")
    return True


def _audit_error(path: Path, action: str, exc: sqlite3.Error) -> AuditError:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}:
        return AuditError(
            path,
            f"{action}: another process kept it locked for over {BUSY_TIMEOUT_S:.0f} s",
            "retry when the other exportscreen run has finished",
        )
    if primary in {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM}:
        return AuditError(path, f"{action}: {exc}", f"make it writable, or {_SET_DB_HINT}")
    if primary == sqlite3.SQLITE_FULL:
        return AuditError(path, f"{action}: {exc}", f"free disk space, or {_SET_DB_HINT}")
    if primary in {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}:
        return AuditError(
            path,
            f"{action}: {exc}",
            f"restore it from a backup, or set {DEFAULT_DB_ENV} to a new file",
        )
    return AuditError(path, f"{action}: {exc}", f"check the file, or {_SET_DB_HINT}")
