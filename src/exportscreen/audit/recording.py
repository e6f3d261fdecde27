"""What a check or screen run writes to the audit store."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from exportscreen import __version__
from exportscreen.audit.store import AuditStore, RunMeta, RunRecorder, default_db_path
from exportscreen.model import Result, RowResult
from exportscreen.pipeline import Engine


def start_recording(
    command: str, engine: Engine, inputs: Sequence[Path], db: Path | None
) -> tuple[AuditStore, RunRecorder]:
    """Open the store (``db`` or the default) and start a run naming the rules and inputs."""
    from exportscreen.pipeline import file_sha256

    store = AuditStore(db or default_db_path())
    meta = RunMeta(
        command=command,
        argv=list(sys.argv),
        tool_version=__version__,
        rules_fingerprint=engine.fingerprint,
        lists=list(engine.sources),
        inputs=[{"name": str(path), "sha256": file_sha256(path)} for path in inputs],
    )
    return store, store.start_run(meta)


def head_line(run_id: str, head: tuple[int, str]) -> str:
    """The line printed after every recorded run: keep the head somewhere else (a CI log, a
    ticket) and pass it to ``audit verify --expect-head`` later."""
    seq, run_hash = head
    return f"audit: run {run_id[:12]} recorded; chain head #{seq} {run_hash}"


def findings_of(result: Result) -> dict[str, Any]:
    """The result without the legal-basis texts, which the run's list hashes already pin down."""
    data = result.to_dict()
    data.pop("declaration", None)
    for entry in (*data["items"], *data["measures"]):
        basis = entry.pop("legal_basis")
        entry["announcement"] = basis["announcement"]
        entry["status"] = basis["status"]
    return data


def record_row(recorder: RunRecorder, row: RowResult, headers: tuple[str, ...]) -> None:
    if row.result is None:
        recorder.add(
            row=row.row,
            line=row.line,
            source=row.file,
            fields=dict(zip(headers, row.values, strict=False)),
            decision="error",
            findings={"errors": [e.to_dict() for e in row.errors]},
        )
        return
    recorder.add(
        row=row.row,
        line=row.line,
        source=row.file,
        fields=row.result.declaration.to_dict(),
        decision=row.status,
        findings=findings_of(row.result)
        | ({"errors": [e.to_dict() for e in row.errors]} if row.errors else {}),
    )
