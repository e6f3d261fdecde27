"""Stream rows out of CSV and XLSX manifests, with the source line of every row.

CSV: UTF-8 (with or without BOM), else GB18030 (Excel on Chinese Windows saves GBK, which GB18030
contains); the encoding is decided by one incremental decoding pass, so rows can then be streamed
without holding the file in memory. XLSX: openpyxl in read-only mode, the first visible sheet
unless one is named.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exportscreen.errors import ManifestError
from exportscreen.manifest.columns import normalise_header

CHUNK = 1 << 20
AUTO_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True, slots=True)
class SourceRow:
    line: int  # 1-based source line (CSV: where the record starts) or sheet row (XLSX)
    cells: list[str]
    # (column, message) for cells whose value cannot be known, e.g. a formula never calculated
    errors: tuple[tuple[str, str], ...] = ()


@dataclass
class Table:
    """A manifest's header and a one-shot iterator over its data rows."""

    path: Path
    headers: list[str]
    rows: Iterator[SourceRow]
    encoding: str | None  # None for XLSX
    sheet: str | None = None
    notes: tuple[str, ...] = ()  # what was not read, e.g. hidden sheets (XLSX)


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
        # rot13, hex, zlib...: codecs that do not turn bytes into text are no file encodings
        is_text = codecs.lookup(encoding)._is_text_encoding
    except LookupError:
        is_text = False
    if not is_text:
        raise ManifestError(
            str(path),
            None,
            f"unknown text encoding {encoding!r}",
            "use a Python codec name such as utf-8, gb18030 or big5",
        ) from None
    try:
        handle = path.open("r", encoding=encoding, newline="")
    except OSError as exc:
        raise ManifestError(str(path), None, f"cannot read: {exc.strerror}") from None
    reader = csv.reader(handle)
    try:
        headers = next(reader, None)
    except (UnicodeError, csv.Error) as exc:  # UnicodeError: e.g. utf-16 without a BOM
        handle.close()
        raise ManifestError(
            str(path), 1, f"cannot read the header row: {exc}", "check --encoding"
        ) from None
    except OSError as exc:
        handle.close()
        raise ManifestError(str(path), 1, f"cannot read: {exc.strerror}") from None
    if headers is None:
        handle.close()
        raise ManifestError(str(path), None, "the file is empty", "a manifest needs a header row")
    try:
        clean = clean_headers(path, headers, 1)
    except ManifestError:
        handle.close()
        raise
    return Table(path, clean, _csv_rows(path, handle, reader), encoding)


def clean_headers(path: Path, headers: list[str], line: int) -> list[str]:
    """Header names without spaces around them or BOMs anywhere (a file saved twice by tools that
    each add one starts with two; issue 12 A7); a name given twice is refused (issue 12 A2): only
    one of the two columns would be screened."""
    clean = [h.replace("\ufeff", "").strip() for h in headers]
    # Names are compared as columns.yaml compares them: "Consignee" and "consignee " are one name.
    seen: dict[str, int] = {}
    for index, name in enumerate(clean):
        if not name:
            continue
        key = normalise_header(name)
        if key in seen:
            raise ManifestError(
                str(path),
                line,
                f"the header names column {name!r} twice (columns {seen[key] + 1} and {index + 1})",
                "rename or remove one of them; only one column per name can be screened",
            )
        seen[key] = index
    return clean


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
            except UnicodeError as exc:
                reason = exc.reason if isinstance(exc, UnicodeDecodeError) else str(exc)
                raise ManifestError(
                    str(path), line, f"cannot decode: {reason}", "pass --encoding"
                ) from None
            except OSError as exc:
                raise ManifestError(str(path), line, f"cannot read: {exc.strerror}") from None
            if any(cell.strip() for cell in cells):
                yield SourceRow(line, cells)
            line = reader.line_num + 1  # type: ignore[attr-defined]
    finally:
        handle.close()  # type: ignore[attr-defined]


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    """The named sheet, else the first visible one (issue 12 A4): a hidden first sheet is not
    screened in place of the one the user sees. Hidden sheets, and other sheets that hold data,
    are named in ``Table.notes``. The workbook is read twice in step, once for the values Excel
    saved and once for the formulas (when its XML has any), so that a formula with no saved value
    becomes a row error instead of an empty cell."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the install
        raise ManifestError(
            str(path), None, "reading .xlsx needs openpyxl", "pip install 'exportscreen[xlsx]'"
        ) from None
    try:
        # openpyxl parses with defusedxml when it is installed (a dependency): no entity tricks.
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise ManifestError(
            str(path), None, f"cannot open the workbook: {_one_line(exc)}"
        ) from None
    formulas: Any = None

    def close() -> None:
        workbook.close()
        if formulas is not None:
            formulas.close()

    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    try:
        worksheet = workbook[sheet] if sheet else visible[0]
    except (KeyError, IndexError):
        close()
        raise ManifestError(
            str(path),
            None,
            f"no sheet named {sheet!r}" if sheet else "the workbook has no visible sheet",
            f"sheets: {', '.join(workbook.sheetnames)}",
        ) from None
    try:
        notes = _sheet_notes(workbook.worksheets, worksheet.title)
        rows = worksheet.iter_rows(values_only=True)
        formula_rows: Iterator[tuple[object, ...]] = iter(())
        if _may_have_formulas(worksheet):  # the second reading doubles the time: only if needed
            formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
            formula_rows = formulas[worksheet.title].iter_rows(values_only=True)
        header_line = 0
        headers: list[str] = []
        for header_line, values in enumerate(rows, start=1):
            next(formula_rows, None)
            if any(v not in (None, "") for v in values):
                headers = clean_headers(path, [_cell(v) for v in values], header_line)
                break
    except ManifestError:
        close()
        raise
    except Exception as exc:  # a damaged or hostile sheet (e.g. XML entities) fails while parsed
        close()
        raise ManifestError(
            str(path), None, f"cannot read the workbook: {_one_line(exc)}"
        ) from None
    if not headers:
        close()
        raise ManifestError(str(path), None, "the sheet is empty", "a manifest needs a header row")
    table_rows = _xlsx_rows(path, close, rows, formula_rows, headers, header_line)
    return Table(path, headers, table_rows, None, worksheet.title, tuple(notes))


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _may_have_formulas(worksheet: Any) -> bool:
    """Whether the sheet's XML holds a formula element (``<f>``); True when unsure."""
    try:
        source = worksheet._get_source()  # openpyxl's read-only sheets open their XML this way
    except Exception:
        return True
    try:
        tail = b""
        while chunk := source.read(CHUNK):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-32:]
        return False
    finally:
        source.close()


def _sheet_notes(worksheets: list[Any], screened: str) -> list[str]:
    """What a reader of the workbook should know about the sheets that are not screened."""
    notes: list[str] = []
    for ws in worksheets:
        if ws.title == screened:
            continue
        if ws.sheet_state != "visible":
            notes.append(f"sheet {ws.title!r} is hidden ({ws.sheet_state}) and was not screened")
        elif any(v not in (None, "") for row in ws.iter_rows(values_only=True) for v in row):
            notes.append(
                f"sheet {ws.title!r} holds data and was not screened (screen it with --sheet)"
            )
    return notes


def _xlsx_rows(
    path: Path,
    close: Callable[[], None],
    rows: Iterator[tuple[object, ...]],
    formula_rows: Iterator[tuple[object, ...]],
    headers: list[str],
    header_line: int,
) -> Iterator[SourceRow]:
    line = header_line + 1
    try:
        for line, values in enumerate(rows, start=header_line + 1):
            written = next(formula_rows, ())
            cells = [_cell(v) for v in values]
            errors = tuple(
                _unknown_formula(index, headers, formula)
                for index, (value, formula) in enumerate(zip(values, written, strict=False))
                if value is None and _is_formula(formula)
            )
            if any(cells) or errors:
                yield SourceRow(line, cells, errors)
    except Exception as exc:  # a damaged or hostile sheet fails while it is parsed
        raise ManifestError(str(path), line, f"cannot read the sheet: {_one_line(exc)}") from None
    finally:
        close()


def _is_formula(value: object) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or hasattr(value, "text")


def _unknown_formula(index: int, headers: list[str], formula: object) -> tuple[str, str]:
    from openpyxl.utils.cell import get_column_letter

    column = get_column_letter(index + 1)
    name = headers[index] if index < len(headers) and headers[index] else f"column {column}"
    text = str(getattr(formula, "text", formula))
    if len(text) > 60:
        text = text[:57] + "..."
    return (
        name,
        f"cell {column} holds the formula {text} with no saved value; open and save the "
        "workbook in Excel (or paste the values) so that its result can be screened",
    )


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _cell(value: object) -> str:
    """Cell text as a user would see it: integers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return str(value.date().isoformat()) if hasattr(value, "hour") else str(value.isoformat())
    return str(value).strip()
