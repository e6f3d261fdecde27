"""``--format github``: GitHub Actions annotations, plus a Markdown job summary.

One annotation per row needing action, at the row's line, listing every finding of the row:
``::error`` for prohibited, licence_required and unreadable rows, ``::warning`` for review. A row
is what a broker fixes, and GitHub keeps only 10 error and 10 warning annotations per step, so one
per row shows ten rows rather than the findings of two or three. The rows annotated are the most
severe ones (earliest first among equals), not merely the first ten; a final ``::notice`` counts
the rows (and their findings) left out. Annotations are grouped per manifest with
``::group::exportscreen <file>``, and are written at the end of the run, once the most severe rows
are known; only 10 rows per level are held until then.

When ``$GITHUB_STEP_SUMMARY`` names a file, a Markdown summary is appended to it: counts per
decision and a table of the rows needing action (the 200 most severe, with a note of the rest).

Escaping follows ``@actions/core``: in message data ``%``, CR and LF become ``%25``, ``%0D`` and
``%0A``; property values (file, title) also escape ``:`` and ``,``, which consignee names contain.
Other control characters (ANSI/OSC sequences would act on the log viewer) are first shown as
escapes (``\x1b``; issue 12 C2).
"""

from __future__ import annotations

import heapq
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, cast

from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import RowResult
from exportscreen.report.findings import LEVEL, RANK, action_findings, row_label
from exportscreen.report.safe import printable

MAX_PER_LEVEL = 10  # GitHub drops further error and warning annotations of a step
MAX_SUMMARY_ROWS = 200
STATUS_ORDER = ("prohibited", "licence_required", "review", "error", "not_controlled")


@dataclass(frozen=True, slots=True)
class _Row:
    """What the annotation and the summary need of a row needing action, and nothing more."""

    seq: int  # arrival order: file order, then line
    file_index: int
    file: str
    line: int
    row: int
    status: str
    label: str
    reasons: tuple[str, ...]
    findings: int  # the findings that drive the decision (suppressed hits do not)
    as_of: str  # the date the row was screened as of; "" for an unreadable row (issue 12 E1)

    @property
    def priority(self) -> tuple[float, int]:
        """Smaller is less worth showing: less severe, then later in the run."""
        return (RANK[self.status], -self.seq)


class _MostSevere:
    """The ``limit`` most severe rows seen; memory stays at ``limit`` however long the run."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.heap: list[tuple[tuple[float, int], _Row]] = []
        self.dropped_rows = 0
        self.dropped_findings = 0

    def add(self, row: _Row) -> None:
        heapq.heappush(self.heap, (row.priority, row))  # priorities are unique (seq)
        if len(self.heap) > self.limit:
            _, dropped = heapq.heappop(self.heap)
            self.dropped_rows += 1
            self.dropped_findings += dropped.findings

    def by_position(self) -> list[_Row]:
        return sorted((row for _, row in self.heap), key=lambda row: row.seq)

    def by_severity(self) -> list[_Row]:
        return sorted((row for _, row in self.heap), key=lambda row: (-RANK[row.status], row.seq))


class GithubReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes], step_summary: str | None = None) -> None:
        self.out = cast(IO[str], out)
        self.step_summary = step_summary or os.environ.get("GITHUB_STEP_SUMMARY") or None
        self.annotations = {level: _MostSevere(MAX_PER_LEVEL) for level in ("error", "warning")}
        self.table = _MostSevere(MAX_SUMMARY_ROWS)
        self.files: dict[int, int] = {}  # id(ManifestInfo) -> position in the run
        self.file_counts: list[Counter[str]] = []
        self.infos: list[ManifestInfo] = []
        self.seq = 0
        self.suppressed = 0

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        file_index = self._file_index(info)
        self.file_counts[file_index][row.status] += 1
        findings = action_findings(row)
        self.suppressed += sum(1 for f in findings if f.suppressed)
        if row.status not in LEVEL:
            return
        reasons = tuple(
            f.text + (f" [suppressed by review: {f.suppressed}]" if f.suppressed else "")
            for f in findings
        )
        if not reasons and row.result is not None:  # cannot happen today; never annotate blank
            reasons = row.result.reasons
        self.seq += 1
        label = row_label(info, row)
        driving = sum(1 for f in findings if f.drives_action)
        as_of = row.result.declaration.date.isoformat() if row.result is not None else ""
        entry = _Row(
            self.seq,
            file_index,
            row.file,
            row.line,
            row.row,
            row.status,
            label,
            reasons,
            driving,
            as_of,
        )
        self.annotations[LEVEL[row.status]].add(entry)
        self.table.add(entry)

    def _file_index(self, info: ManifestInfo) -> int:
        # Keyed by identity: the same path given twice is screened, and reported, twice.
        index = self.files.get(id(info))
        if index is None:
            index = self.files[id(info)] = len(self.file_counts)
            self.file_counts.append(Counter())
            self.infos.append(info)
        return index

    def finish(self, summary: RunSummary) -> None:
        annotated = sorted(
            self.annotations["error"].by_position() + self.annotations["warning"].by_position(),
            key=lambda row: row.seq,
        )
        for info in self._all_files(summary):
            index = self.files[id(info)]
            rows = [row for row in annotated if row.file_index == index]
            self._write_group(info, self.file_counts[index], rows)
        self._write_overflow_notice()
        for warning in summary.notices():
            self.out.write(command("warning", {"title": "exportscreen"}, warning) + "\n")
        if self.step_summary:
            self._write_step_summary(self.step_summary, summary)
        self.out.flush()

    def _all_files(self, summary: RunSummary) -> list[ManifestInfo]:
        """The run's files in order, files without rows included, then any it did not list."""
        files = {id(info): info for info in summary.files}
        for info in summary.files:
            self._file_index(info)
        for info in self.infos:
            files.setdefault(id(info), info)
        return list(files.values())

    def _write_group(self, info: ManifestInfo, counts: Counter[str], rows: list[_Row]) -> None:
        write = self.out.write
        write(f"::group::exportscreen {escape_data(info.path)}\n")
        write(f"{sum(counts.values())} rows: {_counts_text(counts)}\n")
        for row in rows:
            write(annotation(row) + "\n")
        write("::endgroup::\n")

    def _write_overflow_notice(self) -> None:
        rows = sum(level.dropped_rows for level in self.annotations.values())
        if not rows:
            return
        findings = sum(level.dropped_findings for level in self.annotations.values())
        message = (
            f"{rows} more rows needing action ({findings} findings) were not annotated: GitHub "
            f"shows at most {MAX_PER_LEVEL} error and {MAX_PER_LEVEL} warning annotations per "
            f"step. The job summary lists up to {MAX_SUMMARY_ROWS} rows; --format sarif, csv or "
            "jsonl reports every row."
        )
        self.out.write(command("notice", {"title": "exportscreen"}, message) + "\n")

    def _write_step_summary(self, path: str, summary: RunSummary) -> None:
        text = step_summary_markdown(summary, self.table, self.suppressed)
        notices = summary.notices()
        if notices:  # under the heading, before the counts: said once for the whole run
            heading, _, rest = text.partition("\n")
            quoted = "".join(f"> **Warning:** {w}\n>\n" for w in notices)
            text = f"{heading}\n{quoted}\n{rest}"
        try:
            with open(path, "a", encoding="utf-8") as file:
                file.write(text)
        except OSError as exc:
            # The run's outcome must not hinge on the job summary: say so in an annotation.
            message = f"could not write the job summary to {path}: {exc.strerror}"
            self.out.write(command("warning", {"title": "exportscreen"}, message) + "\n")


# -- workflow commands ---------------------------------------------------------------------------


def escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def annotation(row: _Row) -> str:
    properties = {
        "file": PurePath(row.file).as_posix(),
        "line": str(row.line),
        "endLine": str(row.line),
        "title": f"exportscreen {row.status}: {row.label}",
    }
    as_of = f" (screened as of {row.as_of})" if row.as_of else ""
    message = "\n".join([f"Row {row.row} '{row.label}': {row.status}{as_of}", *row.reasons])
    return command(LEVEL[row.status], properties, message)


def _counts_text(counts: Counter[str]) -> str:
    return ", ".join(f"{counts[status]} {status}" for status in STATUS_ORDER)


# -- job summary ---------------------------------------------------------------------------------


def step_summary_markdown(summary: RunSummary, table: _MostSevere, suppressed: int) -> str:
    files = ", ".join(_cell(info.path) for info in summary.files) or "no files"
    lines = [
        "## exportscreen",
        "",
        f"{summary.rows} rows screened in {summary.elapsed:.1f} s from {files}; "
        f"worst decision: **{_worst(summary)}**.",
        "",
        "| Decision | Rows |",
        "| --- | ---: |",
        *(f"| {status} | {summary.counts[status]} |" for status in STATUS_ORDER),
        "",
    ]
    if suppressed:
        lines += [f"{suppressed} party hits were suppressed by review and do not count.", ""]
    rows = table.by_severity()
    if not rows:
        return "\n".join([*lines, "No row needs action.", "", ""])
    lines += [
        "### Rows needing action",
        "",
        "| File | Line | Row | Decision | Declared | As of | Why |",
        "| --- | ---: | ---: | --- | --- | --- | --- |",
        *(
            f"| {_cell(r.file)} | {r.line} | {r.row} | {r.status} | {_cell(r.label)} "
            f"| {r.as_of or '-'} "
            f"| {'<br>'.join(_cell(reason) for reason in r.reasons)} |"
            for r in rows
        ),
        "",
    ]
    if table.dropped_rows:
        lines += [
            f"… and {table.dropped_rows} more rows needing action (less severe, or later in the "
            "run); use --format sarif, csv or jsonl for all of them.",
            "",
        ]
    return "\n".join([*lines, ""])


def _worst(summary: RunSummary) -> str:
    present = [status for status in STATUS_ORDER if summary.counts[status]]
    return max(present, key=lambda status: RANK.get(status, 0), default="not_controlled")


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no column breaks, no line breaks."""
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<br>".join(text.replace("|", "\\|").splitlines())
