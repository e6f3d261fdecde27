"""``--format csv``: the input columns plus the screening columns, UTF-8 with a BOM.

The BOM is what makes Excel and WPS open a UTF-8 CSV with Chinese text correctly. A cell that a
spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is prefixed with
``'`` (OWASP, CSV injection; issue 12 C1): the file is for opening in a spreadsheet.
"""

from __future__ import annotations

import csv
from typing import IO, cast

from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import RowResult
from exportscreen.report.flat import OUTPUT_COLUMNS, flat_fields
from exportscreen.report.safe import spreadsheet_cell


class CsvReporter:
    binary = False

    def __init__(self, out: IO[str] | IO[bytes]) -> None:
        self.out = cast(IO[str], out)
        self.writer = csv.writer(self.out, lineterminator="\r\n")
        self.headers: tuple[str, ...] | None = None

    def start(self) -> None:
        self.out.write("\ufeff")

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        headers = info.columns.headers
        if self.headers is None:
            self.headers = headers
            self._write(["file", "row", "line", *headers, *OUTPUT_COLUMNS])
        # Several files with different headers share one CSV: align on the first file's columns.
        values = dict(zip(headers, row.values, strict=False))
        own = [values.get(h, "") for h in self.headers]
        self._write([row.file, row.row, row.line, *own, *flat_fields(row)])

    def finish(self, summary: RunSummary) -> None:
        if self.headers is None and summary.files:  # no data rows: still write the header
            headers = summary.files[0].columns.headers
            self._write(["file", "row", "line", *headers, *OUTPUT_COLUMNS])
        self.out.flush()

    def _write(self, cells: list[str | int]) -> None:
        self.writer.writerow(
            [spreadsheet_cell(cell) if isinstance(cell, str) else cell for cell in cells]
        )
