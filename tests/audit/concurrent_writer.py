"""Concurrency-test helper: open the store, wait for "go" on stdin, record one run.

Usage: ``python concurrent_writer.py DB ROWS BATCH``. Prints ``ready`` once the store is open,
then, after a line on stdin, records ROWS declarations in batches of BATCH, completes the run
and prints ``done RUN_ID``. Two of these started together contend for the write lock on every
batch and on the sealing step.
"""

from __future__ import annotations

import sys
from pathlib import Path

from exportscreen.audit.store import AuditStore, RunMeta


def main() -> None:
    path, rows, batch = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    with AuditStore(path) as store:
        print("ready", flush=True)
        sys.stdin.readline()
        meta = RunMeta(
            command="screen",
            argv=["exportscreen", "screen", f"manifest-{batch}.csv"],
            tool_version="test",
            rules_fingerprint="f" * 64,
            lists=[],
            inputs=[{"name": "manifest.csv", "sha256": "b" * 64}],
        )
        with store.start_run(meta, batch_size=batch) as recorder:
            for row in range(1, rows + 1):
                recorder.add(
                    row=row,
                    line=row + 1,
                    source="manifest.csv",
                    fields={"description": f"goods {row}", "writer": batch},
                    decision="not_controlled",
                    findings={},
                )
            recorder.finish(counts={"not_controlled": rows})
        print("done", recorder.run_id, flush=True)


if __name__ == "__main__":
    main()
