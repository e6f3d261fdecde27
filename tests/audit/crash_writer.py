"""Crash-test helper: record a run, then die by SIGKILL part-way through the next one.

Usage: ``python crash_writer.py DB MODE``. First one small run is completed (so there is a chain
to verify afterwards), then a second run records 1,000 declarations (two committed batches of
500) and more, and the process kills itself without any chance to clean up:

``buffered``
    with 250 more declarations still in the recorder's buffer (never written);
``mid-transaction``
    while the third batch is being inserted, inside its open write transaction.

It prints ``ready RUN_ID`` (the crashing run) just before the kill.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from exportscreen.audit.store import AuditStore, RunMeta, RunRecorder

META = RunMeta(
    command="screen",
    argv=["exportscreen", "screen", "manifest.csv"],
    tool_version="test",
    rules_fingerprint="f" * 64,
    lists=[{"id": "cn-test", "kind": "control_list", "reviewed": "2025-01-01", "sha256": "a" * 64}],
    inputs=[{"name": "manifest.csv", "sha256": "b" * 64}],
)


def _add(recorder: RunRecorder, count: int, start: int = 1) -> None:
    for row in range(start, start + count):
        recorder.add(
            row=row,
            line=row + 1,
            source="manifest.csv",
            fields={"hs_code": "2805301000", "description": f"goods {row}"},
            decision="review",
            findings={"items": [], "row": row},
        )


def main() -> None:
    path, mode = Path(sys.argv[1]), sys.argv[2]
    store = AuditStore(path)
    with store.start_run(META) as done:
        _add(done, 10)
        done.finish(counts={"review": 10})
    recorder = store.start_run(META, batch_size=500)
    _add(recorder, 1000)  # two batches committed
    print("ready", recorder.run_id, flush=True)
    if mode == "buffered":
        _add(recorder, 250, start=1001)
        os.kill(os.getpid(), signal.SIGKILL)
    elif mode == "mid-transaction":
        calls = 0

        def die_mid_insert() -> int:
            # Called every 100 SQLite VM steps: by the 50th call the third batch's INSERTs are
            # well under way inside BEGIN IMMEDIATE, and nothing of it has been committed.
            nonlocal calls
            calls += 1
            if calls >= 50:
                os.kill(os.getpid(), signal.SIGKILL)
            return 0

        store._conn.set_progress_handler(die_mid_insert, 100)  # type: ignore[union-attr]
        _add(recorder, 500, start=1001)
    raise SystemExit(f"not killed (mode {mode!r})")


if __name__ == "__main__":
    main()
