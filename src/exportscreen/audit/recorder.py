"""Recording one run: rows buffered and written in batches, then the run sealed into the chain
(or marked failed when the run stops early)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from exportscreen.audit.records import (
    BATCH_SIZE,
    AuditError,
    _declaration_json,
    _sha256,
    canonical_json,
)

if TYPE_CHECKING:
    from exportscreen.audit.store import AuditStore  # the store hands out recorders


class RunRecorder:
    """Records the declarations of one run; ``finish`` seals it, ``abort`` marks it failed.

    As a context manager it aborts on an exception; leaving the block without ``finish`` also
    marks the run failed, so a forgotten ``finish`` cannot pass for a crash.
    """

    def __init__(self, store: AuditStore, run_id: str, batch_size: int = BATCH_SIZE) -> None:
        self.run_id = run_id
        self._store = store
        self._batch_size = batch_size
        self._buffer: list[tuple[Any, ...]] = []
        self._ordinal = 0
        self._state = "running"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._state != "running":
            return
        if exc is None:
            self.abort("recorder closed without finish()")
            return
        # Don't let a second failure (say, the database is locked) hide the original one.
        with contextlib.suppress(AuditError):
            self.abort(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)

    def add(
        self,
        *,
        row: int,
        line: int | None,
        source: str,
        fields: Mapping[str, object],
        decision: str,
        findings: Mapping[str, object],
    ) -> None:
        """Buffer one declaration; a full batch is written in one transaction."""
        self._require_running()
        # Serialise before taking an ordinal, so a value that is not JSON leaves no gap.
        fields_json = canonical_json(fields)
        findings_json = canonical_json(findings)
        ordinal = self._ordinal + 1
        digest = _sha256(
            _declaration_json(
                self.run_id, ordinal, row, line, source, fields_json, decision, findings_json
            )
        )
        self._ordinal = ordinal
        self._buffer.append(
            (self.run_id, ordinal, row, line, source, fields_json, decision, findings_json, digest)
        )
        if len(self._buffer) >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        """Write the buffered declarations now (``add`` and ``finish`` do this themselves)."""
        if self._buffer:
            self._store._insert_declarations(self._buffer, self.run_id)
            self._buffer = []

    def finish(self, *, counts: Mapping[str, int]) -> tuple[int, str]:
        """Write what is buffered, then mark the run complete and seal it into the chain.

        Returns the new chain head, ``(seq, hash)``: show it so that users can keep it."""
        self._require_running()
        self.flush()
        head = self._store._seal(self.run_id, counts)
        self._state = "complete"
        return head

    def abort(self, reason: str) -> None:
        """Mark the run failed (never sealed); a no-op once the run has ended."""
        if self._state != "running":
            return
        self._state = "failed"
        try:
            self.flush()
        except AuditError:
            # Still record the failure; say how much of the run is missing.
            reason = f"{reason} ({len(self._buffer)} declarations could not be written)"
        self._store._fail(self.run_id, reason)

    def _require_running(self) -> None:
        if self._state != "running":
            raise RuntimeError(f"run {self.run_id} is {self._state}; it records nothing more")


# -- helpers used by AuditStore ----------------------------------------------------------------

# Complete runs carry their sealed row count; others are counted, so a crash shows how far it got.
