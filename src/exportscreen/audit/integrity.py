"""The audit store's integrity: private files and folders, the chain head kept beside the store,
and verification of every run and row against the chain."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from exportscreen.audit.records import (
    _MAX_ROW_MESSAGES,
    GENESIS_HASH,
    _declaration_json,
    _run_hash,
    _sha256,
)


def _create_private_directory(directory: Path) -> None:
    """A new store's directory is 0700 (when created here), whatever the umask."""
    if not directory.is_dir():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.chmod(0o700)


def _create_private_file(path: Path) -> None:
    """A new store's file is 0600, whatever the umask; SQLite gives its -wal and -shm files
    the mode of the database file."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        os.fchmod(handle, 0o600)
    finally:
        os.close(handle)


def head_file_path(db: Path) -> Path:
    """The head file beside the store ``db``."""
    return db.with_name(db.name + ".head")


def read_head_file(path: Path) -> tuple[int, str] | None:
    """``(seq, hash)`` from a head file; None when there is none. A damaged one raises
    ``ValueError``."""
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    parts = text.split()
    if len(parts) != 2 or not parts[0].isdigit() or len(parts[1]) != 64:
        raise ValueError(f"{path} is not a head file (expected 'SEQ HASH')")
    return int(parts[0]), parts[1]


def _verify_heads(conn: sqlite3.Connection, head_path: Path, expect: str | None) -> list[str]:
    """The chain must reach the head file's head and the head the caller kept elsewhere."""
    problems: list[str] = []
    sealed = {
        int(seq): str(run_hash)
        for seq, run_hash in conn.execute("SELECT seq, hash FROM runs WHERE seq IS NOT NULL")
    }
    last = max(sealed, default=0)
    try:
        recorded = read_head_file(head_path)
    except ValueError as exc:
        problems.append(f"head file damaged: {exc} (edited)")
        recorded = None
    if recorded is not None:
        seq, run_hash = recorded
        if seq > last:
            problems.append(
                f"head file {head_path} records seq {seq} but the store's chain ends at "
                + (f"seq {last}" if last else "no sealed run")
                + " (runs deleted, or the store emptied or replaced)"
            )
        elif sealed.get(seq) != run_hash:
            problems.append(
                f"head file {head_path} records seq {seq} with another hash than the store's "
                "run (chain rewritten)"
            )
    if expect is not None and not any(h.startswith(expect) for h in sealed.values()):
        problems.append(
            f"expected head {expect} is not in the chain (runs deleted, or the chain rewritten)"
        )
    return problems


def _label(run: sqlite3.Row) -> str:
    where = f"seq {run['seq']}" if run["seq"] is not None else f"unsealed, {run['status']}"
    return f"run {run['run_id']} ({where})"


def _declarations_hash(conn: sqlite3.Connection, run_id: str) -> tuple[int, str]:
    """How many declarations the run has, and the sha256 of their digests in order."""
    hasher = hashlib.sha256()
    count = 0
    for (digest,) in conn.execute(
        "SELECT digest FROM declarations WHERE run_id = ? ORDER BY ordinal", (run_id,)
    ):
        hasher.update(str(digest).encode("ascii"))
        count += 1
    return count, hasher.hexdigest()


def _verify_declarations(conn: sqlite3.Connection, run: sqlite3.Row, label: str) -> list[str]:
    problems: list[str] = []
    hasher = hashlib.sha256()
    count = edited = missing = 0
    expected = 1
    for d in conn.execute(
        "SELECT ordinal, row, line, source, fields, decision, findings, digest"
        " FROM declarations WHERE run_id = ? ORDER BY ordinal",
        (run["run_id"],),
    ):
        count += 1
        ordinal = d["ordinal"]
        if ordinal != expected:
            missing += 1
            if missing <= _MAX_ROW_MESSAGES:
                span = f"{expected}" + (f"-{ordinal - 1}" if ordinal > expected + 1 else "")
                problems.append(f"{label}: declaration {span} missing (deleted)")
        expected = ordinal + 1
        text = _declaration_json(
            run["run_id"],
            ordinal,
            d["row"],
            d["line"],
            d["source"],
            d["fields"],
            d["decision"],
            d["findings"],
        )
        if _sha256(text) != d["digest"]:
            edited += 1
            if edited <= _MAX_ROW_MESSAGES:
                problems.append(
                    f"{label}: declaration {ordinal} ({d['source']} row {d['row']}) edited "
                    "(digest does not match its contents)"
                )
        hasher.update(str(d["digest"]).encode("ascii"))
    if missing > _MAX_ROW_MESSAGES:
        problems.append(f"{label}: {missing - _MAX_ROW_MESSAGES} more gaps in its declarations")
    if edited > _MAX_ROW_MESSAGES:
        problems.append(f"{label}: {edited - _MAX_ROW_MESSAGES} more declarations edited")
    if run["seq"] is None:
        return problems
    if run["rows"] != count:
        change = "deleted" if count < (run["rows"] or 0) else "added"
        problems.append(
            f"{label}: {count} declarations stored but {run['rows']} were sealed "
            f"(declarations {change})"
        )
    elif hasher.hexdigest() != run["declarations_sha256"]:
        problems.append(f"{label}: declarations replaced (digests differ from those sealed)")
    return problems


def _verify_snapshot(conn: sqlite3.Connection) -> list[str]:
    """The body of :meth:`AuditStore.verify`, run inside one read transaction."""
    problems: list[str] = []
    check = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    if check != ["ok"]:
        problems.extend(f"database file damaged: {message}" for message in check)
    runs = conn.execute(
        "SELECT * FROM runs ORDER BY seq IS NULL, seq, started_at, run_id"
    ).fetchall()
    known = {r["run_id"] for r in runs}
    for orphan, count in conn.execute("SELECT run_id, count(*) FROM declarations GROUP BY run_id"):
        if orphan not in known:
            problems.append(
                f"run {orphan}: {count} declarations remain but the run record is "
                "missing (run deleted)"
            )
    last_seq, last_hash, last_label = 0, GENESIS_HASH, ""
    for run in runs:
        label = _label(run)
        problems.extend(_verify_declarations(conn, run, label))
        if run["seq"] is None:
            if run["status"] == "complete" or run["hash"] is not None:
                problems.append(f"{label}: marked complete but never sealed (edited)")
            continue
        seq = int(run["seq"])
        if run["status"] != "complete":
            problems.append(f"{label}: sealed but marked {run['status']} (edited)")
        if seq != last_seq + 1:
            gap = f"seq {last_seq + 1}" + (f"-{seq - 1}" if seq > last_seq + 2 else "")
            problems.append(f"{label}: chain gap, {gap} missing before it (run deleted)")
        elif run["prev_hash"] != last_hash:
            before = f"the hash of {last_label}" if last_label else "the chain start"
            problems.append(
                f"{label}: prev_hash does not match {before} (chain broken or reordered)"
            )
        if _run_hash(dict(run)) != run["hash"]:
            problems.append(f"{label}: run record edited (hash does not match its fields)")
        last_seq, last_hash, last_label = seq, str(run["hash"]), label
    head = conn.execute("SELECT seq, hash FROM chain_head WHERE id = 1").fetchone()
    if head is None:
        if last_seq:
            problems.append("chain head record missing (edited)")
    elif int(head[0]) > last_seq:
        gap = f"seq {last_seq + 1}" + (f"-{head[0]}" if int(head[0]) > last_seq + 1 else "")
        problems.append(
            f"chain head is seq {head[0]} but the last sealed run is seq {last_seq}: "
            f"{gap} missing (run deleted)"
        )
    elif int(head[0]) != last_seq or head[1] != last_hash:
        problems.append(
            f"chain head (seq {head[0]}) does not match the last sealed run, {last_label} (edited)"
        )
    return problems
