"""Schema of the audit database, as an ordered list of SQL scripts.

``MIGRATIONS[i]`` takes the database from version ``i`` to version ``i + 1``; the version reached
is recorded in ``schema_version``. A script is applied at most once, inside the same
``BEGIN IMMEDIATE`` transaction that records it, so two processes opening a fresh database at
the same moment cannot both apply it, and a crash mid-migration leaves the old version intact.
Never edit a released script: append a new one. The scripts also use ``IF NOT EXISTS`` so that a
hand-repaired database that already has a table does not fail to open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

__all__ = ["MIGRATIONS", "SchemaTooNewError", "migrate", "schema_version"]

# Version 1. JSON columns hold canonical JSON (sorted keys, no whitespace), exactly the text that
# was hashed, so the digests can be recomputed from the stored values years later.
_V1 = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    -- position in the tamper-evident chain; NULL until the run completes
    seq INTEGER UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    user TEXT NOT NULL,
    host TEXT NOT NULL,
    command TEXT NOT NULL,
    argv TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    rules_fingerprint TEXT NOT NULL,
    lists TEXT NOT NULL,
    inputs TEXT NOT NULL,
    counts TEXT,
    -- why a run failed (abort reason); NULL otherwise
    reason TEXT,
    -- sealed at completion: how many declarations, and sha256 over their digests in order
    rows INTEGER,
    declarations_sha256 TEXT,
    prev_hash TEXT,
    hash TEXT
);
CREATE INDEX IF NOT EXISTS runs_started_at ON runs (started_at);

CREATE TABLE IF NOT EXISTS declarations (
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    -- 1-based order in which the run recorded it; `row` restarts in every manifest file
    ordinal INTEGER NOT NULL,
    row INTEGER NOT NULL,
    line INTEGER,
    source TEXT NOT NULL,
    fields TEXT NOT NULL,
    decision TEXT NOT NULL,
    findings TEXT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (run_id, ordinal)
) WITHOUT ROWID;

-- The last link of the chain, so that deleting the newest run leaves a visible trace too.
CREATE TABLE IF NOT EXISTS chain_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
"""

# Version 2. The process that records a run, so that a run whose process is gone can be shown as
# interrupted instead of running forever. Not part of the run hash.
_V2 = """
ALTER TABLE runs ADD COLUMN pid INTEGER;
"""

MIGRATIONS: Sequence[str] = (_V1, _V2)


class SchemaTooNewError(Exception):
    """The database was written by a newer exportscreen than this one."""

    def __init__(self, found: int, known: int) -> None:
        self.found = found
        self.known = known
        super().__init__(f"schema version {found}, this exportscreen knows up to {known}")


def schema_version(conn: sqlite3.Connection) -> int:
    """The version the database is at; 0 for an empty database."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(conn: sqlite3.Connection, migrations: Sequence[str] | None = None) -> list[int]:
    """Bring the database up to date; return the versions applied (empty when none were).

    ``conn`` must be in autocommit mode (``isolation_level=None``): the transaction is managed
    here. ``migrations`` defaults to the module's ``MIGRATIONS``, read at call time.
    """
    scripts = MIGRATIONS if migrations is None else migrations
    known = len(scripts)
    # Fast path without the write lock: most opens find the schema current.
    current = schema_version(conn)
    if current > known:
        raise SchemaTooNewError(current, known)
    if current == known:
        return []
    applied: list[int] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        # Read again under the lock: another process may have migrated in the meantime.
        current = schema_version(conn)
        if current > known:
            raise SchemaTooNewError(current, known)
        for version in range(current + 1, known + 1):
            for statement in _statements(scripts[version - 1]):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (version, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            applied.append(version)
        conn.execute("COMMIT")
    except BaseException:
        # SQLite has already rolled back after some errors (disk full, I/O); don't mask them.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return applied


def _statements(script: str) -> Iterator[str]:
    """Split a script into statements.

    ``executescript`` would commit the open transaction first, so the statements are run one by
    one instead; ``sqlite3.complete_statement`` knows about quotes, comments and triggers.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                yield pending.strip()
            pending = ""
    if pending.strip() and not _only_comments(pending):
        raise ValueError(f"incomplete SQL statement in migration: {pending.strip()[:80]!r}")


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in text.splitlines())
