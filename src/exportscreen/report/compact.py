"""``--format compact``: one line per row at or above ``--fail-on``, then a one-line summary.

For pre-commit hooks and other logs read by people: ``file:line: decision: reason`` for each row
that fails the run (and each row that could not be read), nothing for the rows that pass, and a
last line with the counts. A 200-row manifest gives a few lines, not a JSON object per row.
"""

from __future__ import annotations

from typing import IO, cast

from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import Decision, RowResult
from exportscreen.report.safe import printable

STATUS_ORDER = ("prohibited", "licence_required", "review", "error", "not_controlled")


class CompactReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes], fail_on: str = "review") -> None:
        self.out = cast(IO[str], out)
        self.fail_on = fail_on
        self.shown = 0

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        if not self._shown(row):
            return
        self.shown += 1
        more = ""
        errors = [f"{e.field}: {e.message}" for e in row.errors]
        reasons = list(row.result.reasons) if row.result is not None else []
        # an error row says first what could not be read; a more severe row, why it is that
        reasons = errors + reasons if row.status == "error" else reasons + errors
        if len(reasons) > 1:
            more = f" (+{len(reasons) - 1} more)"
        reason = reasons[0] if reasons else ""
        reason = reason.removeprefix(f"{row.status}: ")  # reasons start with their decision
        line = f"{row.file}:{row.line}: {row.status}: {reason}{more}"
        self.out.write(printable(line, newlines=False) + "\n")

    def _shown(self, row: RowResult) -> bool:
        if row.status == "error" or row.result is None:
            return True  # a row with unreadable fields is never a pass
        if self.fail_on == "never":
            return False
        return row.result.decision.severity >= Decision(self.fail_on).severity

    def finish(self, summary: RunSummary) -> None:
        counts = ", ".join(f"{summary.counts[s]} {s}" for s in STATUS_ORDER if summary.counts[s])
        threshold = f"at or above {self.fail_on}" if self.fail_on != "never" else "failing"
        files = len(summary.files)
        self.out.write(
            f"exportscreen: {summary.rows} rows in {files} file{'s' if files != 1 else ''}"
            f" ({counts or 'none'}); {self.shown} shown ({threshold}, or unreadable)\n"
        )
        self.out.flush()
