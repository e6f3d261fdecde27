"""Output formats for batch screening: each a reporter fed the same stream of rows.

A reporter gets ``start()``, then ``row()`` for every row as it is screened, then
``finish(summary)``. Streaming formats (jsonl, csv, junit) write as rows arrive; summary formats
(table, html, sarif, github, xlsx) keep only what they show (counts, rows needing action), so
memory stays bounded by the findings, not by the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Protocol

from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import RowResult


class Reporter(Protocol):
    binary: bool  # True when the reporter writes bytes (xlsx)

    def start(self) -> None: ...

    def row(self, info: ManifestInfo, row: RowResult) -> None: ...

    def finish(self, summary: RunSummary) -> None: ...


ReporterFactory = Callable[[IO[str] | IO[bytes]], Reporter]


def reporter_for(fmt: str, out: IO[str] | IO[bytes], *, fail_on: str = "review") -> Reporter:
    """The reporter for ``fmt``; modules are imported only when their format is used.

    ``fail_on`` (a decision value, or ``never``) is the run's ``--fail-on``: formats that say
    pass or fail per row (junit, compact) follow it."""
    if fmt == "jsonl":
        from exportscreen.report.jsonl import JsonlReporter

        return JsonlReporter(out)
    if fmt == "csv":
        from exportscreen.report.csvfile import CsvReporter

        return CsvReporter(out)
    if fmt == "table":
        from exportscreen.report.table import TableReporter

        return TableReporter(out)
    if fmt == "xlsx":
        from exportscreen.report.xlsx import XlsxReporter

        return XlsxReporter(out)
    if fmt == "sarif":
        from exportscreen.report.sarif import SarifReporter

        return SarifReporter(out)
    if fmt == "junit":
        from exportscreen.report.junit import JunitReporter

        return JunitReporter(out, fail_on)
    if fmt == "github":
        from exportscreen.report.github import GithubReporter

        return GithubReporter(out)
    if fmt == "compact":
        from exportscreen.report.compact import CompactReporter

        return CompactReporter(out, fail_on)
    if fmt == "html":
        from exportscreen.report.html import HtmlReporter

        return HtmlReporter(out)
    raise ValueError(f"unknown format {fmt!r}")


BINARY_FORMATS = frozenset({"xlsx"})
FORMATS = ("table", "csv", "jsonl", "xlsx", "sarif", "junit", "github", "html", "compact")
