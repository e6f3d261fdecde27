"""``--format xlsx``: the csv content as a workbook, coloured by decision, plus a summary sheet.

openpyxl's write-only mode streams rows to a temporary file, so memory stays flat on long
manifests. That mode fixes column widths, frozen panes and styles before the first row, so widths
come from the headers and the known output columns, not from the data.

The same run gives the same bytes: the document properties and every zip entry carry one fixed
timestamp (``SOURCE_DATE_EPOCH`` when set, else 1980-01-01, the zip format's epoch).
"""

from __future__ import annotations

import os
import shutil
import unicodedata
import zipfile
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from exportscreen import __version__
from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import RowResult
from exportscreen.report.flat import OUTPUT_COLUMNS, flat_fields

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath

DECISIONS = ("prohibited", "licence_required", "review", "error", "not_controlled")
# Light fills keep black text readable; not_controlled rows stay uncoloured.
FILLS = {
    "prohibited": "FFC7CE",  # red
    "licence_required": "FFE699",  # amber
    "review": "DDEBF7",  # light blue
    "error": "E4DFEC",  # purple-grey
}
HEADER_FILL = "D9D9D9"
# Widths (in characters) of the screening columns, and of input columns by the field they feed.
OUTPUT_WIDTHS = {
    "decision": 17,
    "screened_as_of": 14,
    "matched_items": 45,
    "control_codes": 16,
    "measures": 45,
    "party_hits": 60,
    "remarks": 24,
    "reasons": 80,
    "warnings": 50,
    "errors": 50,
}
FIELD_WIDTHS = {
    "description": 32,
    "spec": 28,
    "consignee": 30,
    "consignee_address": 30,
    "end_user": 30,
    "end_use": 24,
}
MIN_WIDTH, MAX_WIDTH = 8, 40
ZIP_EPOCH = datetime(1980, 1, 1)
EXCEL_ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})

_Value = str | int | float | None


class XlsxReporter:
    binary = True

    def __init__(self, out: IO[str] | IO[bytes]) -> None:
        self.out = cast(IO[bytes], out)
        self.workbook = Workbook(write_only=True)
        # Sheets appear in creation order: the data first, as in the csv, then the summary.
        self.sheet: WriteOnlyWorksheet = self.workbook.create_sheet("Screening")
        self.summary_sheet: WriteOnlyWorksheet = self.workbook.create_sheet("Summary")
        self.sheet.freeze_panes = "A2"
        self.headers: tuple[str, ...] | None = None
        self.rows = 0
        self.bold = Font(bold=True)
        self.fills = {status: _fill(rgb) for status, rgb in FILLS.items()}
        self.row_cells: dict[str, list[Cell]] = {}

    def start(self) -> None:
        pass

    def row(self, info: ManifestInfo, row: RowResult) -> None:
        if self.headers is None:
            self._begin(info)
        headers = self.headers or ()
        # Several files with different headers share one sheet: align on the first file's columns.
        values = dict(zip(info.columns.headers, row.values, strict=False))
        cells: list[_Value] = [
            row.file,
            row.row,
            row.line,
            *(values.get(h, "") for h in headers),
            *flat_fields(row, run_warnings=False),
        ]
        self.sheet.append(self._styled(cells, row.status, headers))
        self.rows += 1

    def finish(self, summary: RunSummary) -> None:
        if self.headers is None:  # no data rows: still write the header
            self._begin(summary.files[0] if summary.files else None)
        width = 3 + len(self.headers or ()) + len(OUTPUT_COLUMNS)
        _layout(self.sheet).auto_filter.ref = f"A1:{get_column_letter(width)}{self.rows + 1}"
        write_summary(self.summary_sheet, summary, self.fills)
        stamp = _timestamp()
        self.workbook.properties.creator = f"exportscreen {__version__}"
        self.workbook.properties.title = "Export screening report"
        self.workbook.properties.created = stamp
        self.workbook.properties.modified = stamp
        save(self.workbook, self.out, stamp)
        self.out.flush()

    def _begin(self, info: ManifestInfo | None) -> None:
        """Widths, then the bold header row: write-only sheets take widths before any row."""
        headers = info.columns.headers if info else ()
        self.headers = headers
        fields = dict(info.columns.field_by_index) if info else {}
        widths = [
            min(MAX_WIDTH, max(len(info.path) if info else 0, 12)),
            6,
            6,
            *(_input_width(h, fields.get(i)) for i, h in enumerate(headers)),
            *(OUTPUT_WIDTHS[c] for c in OUTPUT_COLUMNS),
        ]
        for index, width in enumerate(widths, start=1):
            _layout(self.sheet).column_dimensions[get_column_letter(index)].width = width
        names = ["file", "row", "line", *headers, *OUTPUT_COLUMNS]
        header_fill = _fill(HEADER_FILL)
        cells = []
        for name in names:
            cell = _text_cell(self.sheet, name)
            cell.font = self.bold
            cell.fill = header_fill
            cells.append(cell)
        self.sheet.append(cells)

    def _styled(self, values: list[_Value], status: str, headers: tuple[str, ...]) -> list[object]:
        fill = self.fills.get(status)
        if fill is None:  # the fast path: plain values, except strings that must stay text
            # None, unlike "", writes no cell at all: most manifest columns are sparse.
            return [
                _text_cell(self.sheet, v) if _needs_cell(v) else (_clean(v) if v != "" else None)
                for v in values
            ]
        cells = self._row_cells(status, fill, len(values), 3 + len(headers))
        for cell, value in zip(cells, values, strict=True):
            cell.value = _clean(value) if value != "" else None  # an empty cell keeps its fill
            if isinstance(value, str) and value:
                cell.data_type = "s"  # never a formula, whatever the manifest says
        return list(cells)

    def _row_cells(
        self, status: str, fill: PatternFill, width: int, decision_at: int
    ) -> list[Cell]:
        """Styled cells for one decision, made once and refilled for every row.

        Setting a style costs a hash of the style object per cell, which made a 100k-row sheet
        take minutes. A write-only sheet writes a row out within ``append``, so the same cells
        can carry the next row's values.
        """
        cells = self.row_cells.get(status)
        if cells is None or len(cells) != width:
            cells = []
            for index in range(width):
                cell = WriteOnlyCell(self.sheet)
                cell.fill = fill
                if index == decision_at:
                    cell.font = self.bold
                cells.append(cell)
            self.row_cells[status] = cells
        return cells


def _layout(sheet: WriteOnlyWorksheet) -> Worksheet:
    """The sheet's column widths and filter: a write-only sheet has the same ones as an ordinary
    sheet (openpyxl sets both up with ``Worksheet._setup``), but the type stubs leave them out."""
    return cast(Worksheet, sheet)


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def _input_width(header: str, field: str | None) -> float:
    if field in FIELD_WIDTHS:
        return FIELD_WIDTHS[field]
    return min(MAX_WIDTH, max(MIN_WIDTH, display_width(header) + 2))


def display_width(text: str) -> int:
    """Columns a string takes: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clean(value: _Value) -> _Value:
    if not isinstance(value, str):
        return value
    # Excel refuses control characters and cells over 32,767 characters; show, don't fail.
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return cleaned[:32767]


def _needs_cell(value: _Value) -> bool:
    """Strings openpyxl would turn into a formula or an error value: they must stay text."""
    return isinstance(value, str) and (
        (len(value) > 1 and value.startswith("=")) or value in EXCEL_ERROR_VALUES
    )


def _text_cell(sheet: WriteOnlyWorksheet, value: _Value) -> Cell:
    """A cell whose strings are always text: a manifest value "=HYPERLINK(...)" must not run."""
    cell = WriteOnlyCell(sheet, _clean(value))
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


# --- the Summary sheet ---------------------------------------------------------------------


def write_summary(
    sheet: WriteOnlyWorksheet, summary: RunSummary, fills: dict[str, PatternFill]
) -> None:
    """Run facts, then a small table of rows per decision with its share."""
    for letter, width in (("A", 24), ("B", 14), ("C", 12)):
        _layout(sheet).column_dimensions[letter].width = width
    bold = Font(bold=True)
    title = WriteOnlyCell(sheet, "Export screening report")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([])
    for info in summary.files:
        for label, value in _file_facts(info):
            sheet.append([_label(sheet, label, bold), _text_cell(sheet, value)])
        sheet.append([])
    action = sum(summary.counts[s] for s in DECISIONS if s != "not_controlled")
    facts: list[tuple[str, _Value]] = [
        ("Rows screened", summary.rows),
        ("Rows needing action", action),
        ("Elapsed (s)", round(summary.elapsed, 1)),  # a number, to compare runs
        ("Screened with", f"exportscreen {__version__}"),
    ]
    left = Alignment(horizontal="left")
    for label, fact in facts:
        cell = _text_cell(sheet, fact)
        cell.alignment = left
        if isinstance(fact, float):
            cell.number_format = "0.0"
        sheet.append([_label(sheet, label, bold), cell])
    notices = summary.notices()
    if notices:
        sheet.append([])
        sheet.append([_label(sheet, "Warnings for the whole run", bold)])
        for notice in notices:
            sheet.append([_text_cell(sheet, notice)])
    sheet.append([])
    _decision_table(sheet, summary, fills, bold)


def _file_facts(info: ManifestInfo) -> list[tuple[str, str]]:
    facts = [("File", info.path), ("Read as", info.mode)]
    if info.encoding:
        facts.append(("Encoding", info.encoding))
    if info.sheet:
        facts.append(("Sheet", info.sheet))
    if info.columns.unmapped:
        facts.append(("Columns not used", ", ".join(info.columns.unmapped)))
    return facts


def _label(sheet: WriteOnlyWorksheet, text: str, bold: Font) -> Cell:
    cell = WriteOnlyCell(sheet, text)
    cell.font = bold
    return cell


def _decision_table(
    sheet: WriteOnlyWorksheet, summary: RunSummary, fills: dict[str, PatternFill], bold: Font
) -> None:
    rule = Border(bottom=Side(style="thin"))
    header = []
    for text in ("Decision", "Rows", "Share"):
        cell = WriteOnlyCell(sheet, text)
        cell.font = bold
        cell.fill = _fill(HEADER_FILL)
        cell.border = rule
        header.append(cell)
    sheet.append(header)
    for status in DECISIONS:
        count = summary.counts[status]
        share = count / summary.rows if summary.rows else 0.0
        cells = [WriteOnlyCell(sheet, status), WriteOnlyCell(sheet, count)]
        cells.append(WriteOnlyCell(sheet, share))
        cells[2].number_format = "0.0%"
        if status in fills:
            for cell in cells:
                cell.fill = fills[status]
        sheet.append(cells)
    total = [WriteOnlyCell(sheet, "total"), WriteOnlyCell(sheet, summary.rows)]
    total.append(WriteOnlyCell(sheet, 1.0 if summary.rows else 0.0))
    total[2].number_format = "0.0%"
    for cell in total:
        cell.font = bold
        cell.border = Border(top=Side(style="thin"))
    sheet.append(total)


# --- byte-stable saving --------------------------------------------------------------------


def _timestamp() -> datetime:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) when set, else the zip epoch."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        stamp = datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
        return max(stamp, ZIP_EPOCH)  # zip cannot store dates before 1980
    return ZIP_EPOCH


def save(workbook: Workbook, out: IO[bytes], stamp: datetime) -> None:
    """Like ``Workbook.save``, which would stamp the file with the current time twice over."""
    archive = _StableZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.stamp = stamp.timetuple()[:6]
    ExcelWriter(workbook, archive).save()


class _StableZip(zipfile.ZipFile):
    """A zip whose entries all carry one timestamp, instead of the time they were written."""

    stamp: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: StrPath,
        arcname: StrPath | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        # openpyxl writes each worksheet to a temporary file first; copy it in streaming.
        entry = self._entry(os.fspath(arcname if arcname is not None else filename))
        entry.file_size = os.path.getsize(filename)  # lets zipfile decide on zip64 up front
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16  # what ZipFile.writestr gives a name-only entry
        return entry
