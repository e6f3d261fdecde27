"""Stream rows out of CSV and XLSX manifests, with the source line of every row.

CSV: UTF-8 (with or without BOM), else GB18030 (Excel on Chinese Windows saves GBK, which GB18030
contains); the encoding is decided by one incremental decoding pass, so rows can then be streamed
without holding the file in memory. XLSX: openpyxl in read-only mode, first sheet unless named.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from exportscreen.errors import ManifestError

CHUNK = 1 << 20
AUTO_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True, slots=True)
class SourceRow:
    line: int  # 1-based source line (CSV: where the record starts) or sheet row (XLSX)
    cells: list[str]


@dataclass
class Table:
    """A manifest's header and a one-shot iterator over its data rows."""

    path: Path
    headers: list[str]
    rows: Iterator[SourceRow]
    encoding: str | None  # None for XLSX
    sheet: str | None = None


def open_table(path: Path, *, encoding: str | None = None, sheet: str | None = None) -> Table:
    if not path.is_file():
        raise ManifestError(str(path), None, "no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _open_xlsx(path, sheet)
    if path.suffix.lower() in (".xls",):
        raise ManifestError(
            str(path), None, "old .xls workbooks are not supported", "save it as .xlsx or .csv"
        )
    return _open_csv(path, encoding or detect_encoding(path))


def detect_encoding(path: Path) -> str:
    """The first of UTF-8 and GB18030 that decodes the whole file."""
    for encoding in AUTO_ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ManifestError(
        str(path),
        None,
        "cannot decode the file as UTF-8 or GB18030",
        "pass --encoding with the file's encoding, e.g. --encoding big5",
    )


def _open_csv(path: Path, encoding: str) -> Table:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ManifestError(
            str(path),
            None,
            f"unknown encoding {encoding!r}",
            "use a Python codec name such as utf-8, gb18030 or big5",
        ) from None
    handle = path.open("r", encoding=encoding, newline="")
    reader = csv.reader(handle)
    try:
        headers = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        handle.close()
        raise ManifestError(
            str(path), 1, f"cannot read the header row: {exc}", "check --encoding"
        ) from None
    if headers is None:
        handle.close()
        raise ManifestError(str(path), None, "the file is empty", "a manifest needs a header row")
    return Table(path, [h.strip() for h in headers], _csv_rows(path, handle, reader), encoding)


def _csv_rows(path: Path, handle: object, reader: Iterator[list[str]]) -> Iterator[SourceRow]:
    line = 2
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ManifestError(str(path), line, f"malformed CSV: {exc}") from None
            except UnicodeDecodeError as exc:
                raise ManifestError(
                    str(path), line, f"cannot decode: {exc.reason}", "pass --encoding"
                ) from None
            if any(cell.strip() for cell in cells):
                yield SourceRow(line, cells)
            line = reader.line_num + 1  # type: ignore[attr-defined]
    finally:
        handle.close()  # type: ignore[attr-defined]


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the install
        raise ManifestError(
            str(path), None, "reading .xlsx needs openpyxl", "pip install 'exportscreen[xlsx]'"
        ) from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ManifestError(str(path), None, f"cannot open the workbook: {exc}") from None
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    except KeyError:
        workbook.close()
        raise ManifestError(
            str(path),
            None,
            f"no sheet named {sheet!r}",
            f"sheets: {', '.join(workbook.sheetnames)}",
        ) from None
    rows = worksheet.iter_rows(values_only=True)
    header_line = 0
    headers: list[str] = []
    for header_line, values in enumerate(rows, start=1):  # noqa: B007 - used after the loop
        if any(v not in (None, "") for v in values):
            headers = [_cell(v) for v in values]
            break
    if not headers:
        workbook.close()
        raise ManifestError(str(path), None, "the sheet is empty", "a manifest needs a header row")
    return Table(path, headers, _xlsx_rows(workbook, rows, header_line), None, worksheet.title)


def _xlsx_rows(
    workbook: object, rows: Iterator[tuple[object, ...]], header_line: int
) -> Iterator[SourceRow]:
    try:
        for line, values in enumerate(rows, start=header_line + 1):
            cells = [_cell(v) for v in values]
            if any(cells):
                yield SourceRow(line, cells)
    finally:
        workbook.close()  # type: ignore[attr-defined]


def _cell(value: object) -> str:
    """Cell text as a user would see it: integers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return str(value.date().isoformat()) if hasattr(value, "hour") else str(value.isoformat())
    return str(value).strip()
