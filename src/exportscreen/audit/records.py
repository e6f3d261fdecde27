"""What the audit store keeps: run metadata, stored declarations, and the canonical JSON and
hashes the chain is built from."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from exportscreen.errors import ExportscreenError

DEFAULT_DB_ENV: Final = "EXPORTSCREEN_AUDIT_DB"
GENESIS_HASH: Final = "0" * 64
BUSY_TIMEOUT_S: Final = 30.0
BATCH_SIZE: Final = 500
# Cap per-run messages so that a mass edit gives a readable report, not a million lines.
_MAX_ROW_MESSAGES: Final = 20

_SET_DB_HINT = f"set {DEFAULT_DB_ENV} to a writable file"


def default_db_path() -> Path:
    """``$EXPORTSCREEN_AUDIT_DB``, else ``$XDG_DATA_HOME/exportscreen/audit.sqlite3``, else
    ``~/.local/share/exportscreen/audit.sqlite3``."""
    explicit = os.environ.get(DEFAULT_DB_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "exportscreen" / "audit.sqlite3"


class AuditError(ExportscreenError):
    """The audit database cannot be used; the message names the file and how to fix it."""

    def __init__(self, path: Path, message: str, fix: str) -> None:
        self.path = path
        self.fix = fix
        super().__init__(f"audit database {path}: {message} ({fix})")


@dataclass(frozen=True)
class RunMeta:
    """What a run was: recorded when it starts, sealed when it completes."""

    command: str  # check | screen | rescreen
    argv: list[str]
    tool_version: str
    rules_fingerprint: str  # sha256 over the loaded rules and party lists
    lists: list[dict[str, str]]  # id, kind, reviewed, sha256 of each list
    inputs: list[dict[str, str]]  # name, sha256 of each input file


@dataclass(frozen=True)
class RunInfo:
    """A recorded run. Timestamps are UTC ISO 8601 strings exactly as stored (and hashed)."""

    run_id: str
    seq: int | None  # position in the chain; None until complete
    # running | complete | failed, or interrupted: recorded as running by a process of this
    # host that is gone (a crash or a kill)
    status: str
    started_at: str
    finished_at: str | None
    user: str
    host: str
    command: str
    argv: list[str]
    tool_version: str
    rules_fingerprint: str
    lists: list[dict[str, str]]
    inputs: list[dict[str, str]]
    counts: dict[str, int]
    prev_hash: str | None
    hash: str | None
    rows: int  # declarations recorded (sealed count once complete)
    reason: str | None  # why a failed run failed
    pid: int | None = None  # the process that recorded it (None in stores before schema 2)


@dataclass(frozen=True)
class StoredDeclaration:
    """One recorded declaration. ``ordinal`` is its 1-based position in the run; ``row`` and
    ``line`` are where it came from in ``source`` (rows restart in every manifest file)."""

    run_id: str
    ordinal: int
    row: int
    line: int | None
    source: str
    fields: dict[str, Any]
    decision: str
    findings: dict[str, Any]
    digest: str


# Flat export records, in column order (for a CSV header).
EXPORT_COLUMNS: Final = (
    "run_id",
    "run_seq",
    "run_status",
    "run_started_at",
    "run_finished_at",
    "run_user",
    "run_host",
    "run_command",
    "run_argv",
    "run_tool_version",
    "run_rules_fingerprint",
    "run_lists",
    "run_inputs",
    "run_hash",
    "ordinal",
    "source",
    "row",
    "line",
    "decision",
    "fields",
    "findings",
    "digest",
)


def canonical_json(value: object) -> str:
    """The one JSON text that is hashed: sorted keys, no whitespace, UTF-8 text unescaped.

    Only JSON types are accepted (dict with str keys, list, tuple, str, int, float, bool, None);
    anything else raises ``TypeError`` rather than being stringified in some ad-hoc way that a
    verifier could not reproduce. NaN and infinities raise ``ValueError``: they are not JSON.
    """
    return _ENCODER.encode(value)


# One encoder for every call: json.dumps with options builds a new encoder each time, which is
# a measurable share of recording a large manifest.
_ENCODER: Final = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


def csv_row(record: Mapping[str, object]) -> dict[str, str]:
    """An :meth:`AuditStore.export` record as CSV cells: structures as canonical JSON."""
    cells: dict[str, str] = {}
    for key in EXPORT_COLUMNS:
        value = record.get(key)
        if value is None:
            cells[key] = ""
        elif isinstance(value, str):
            cells[key] = value
        else:
            cells[key] = canonical_json(value)
    return cells


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _declaration_json(
    run_id: str,
    ordinal: int,
    row: int,
    line: int | None,
    source: str,
    fields_json: str,
    decision: str,
    findings_json: str,
) -> str:
    """``canonical_json`` of the declaration record, built around the already-serialised
    ``fields`` and ``findings`` (the exact stored text) so each is serialised once on the hot
    path. Keys are written in sorted order; a test pins this to ``canonical_json``."""
    return (
        f'{{"decision":{_ENCODER.encode(decision)},"fields":{fields_json},'
        f'"findings":{findings_json},"line":{_int_json(line)},'
        f'"ordinal":{_int_json(ordinal)},"row":{_int_json(row)},'
        f'"run_id":{_ENCODER.encode(run_id)},"source":{_ENCODER.encode(source)}}}'
    )


def _int_json(value: object) -> str:
    # The hot path's integers, without a trip through the encoder; anything else goes through it.
    return str(value) if type(value) is int else _ENCODER.encode(value)


# Every run column except ``hash`` goes into the run hash. Changing this tuple would change the
# hash of every sealed run: add a hash scheme version before ever touching it.
_SEALED_COLUMNS: Final = (
    "run_id",
    "seq",
    "status",
    "started_at",
    "finished_at",
    "user",
    "host",
    "command",
    "argv",
    "tool_version",
    "rules_fingerprint",
    "lists",
    "inputs",
    "counts",
    "reason",
    "rows",
    "declarations_sha256",
    "prev_hash",
)
_JSON_COLUMNS: Final = frozenset({"argv", "lists", "inputs", "counts"})


def _run_hash(run: Mapping[str, Any]) -> str:
    record = {
        name: (
            json.loads(run[name]) if name in _JSON_COLUMNS and run[name] is not None else run[name]
        )
        for name in _SEALED_COLUMNS
    }
    return _sha256(str(run["prev_hash"]) + canonical_json(record))
