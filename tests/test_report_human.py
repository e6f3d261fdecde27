"""The formats people read: the terminal table, the HTML page and the XLSX workbook.

Goldens: ``screen.table.txt`` and ``screen.html`` byte for byte; the workbook as
``screen.xlsx.json`` (cell values, fills, bold, frozen panes, filter, widths read back with
openpyxl), which says what a reader sees without depending on zlib's exact bytes. Byte stability of
the workbook itself is checked separately, run against run.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from reporting import GOLDEN, check_golden, golden_run, render
from typer.testing import CliRunner

from exportscreen.cli import app
from exportscreen.manifest.screen import ManifestInfo, RunSummary
from exportscreen.model import RowResult

Rows = list[tuple[ManifestInfo, RowResult]]
FILLS = {
    "prohibited": "FFC7CE",
    "licence_required": "FFE699",
    "review": "DDEBF7",
    "error": "E4DFEC",
    "not_controlled": None,
}


@pytest.fixture(scope="module")
def run() -> tuple[Rows, RunSummary]:
    return golden_run()


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich honours these even off a terminal; the goldens are plain text."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "SOURCE_DATE_EPOCH"):
        monkeypatch.delenv(name, raising=False)


def with_suppressed_hit(rows: Rows) -> Rows:
    """The golden run with the first party hit cleared by a reviewer."""
    changed: Rows = []
    done = False
    for info, row in rows:
        if not done and row.result is not None and row.result.parties:
            first, *rest = row.result.parties
            cleared = dataclasses.replace(first, suppressed="different entity <ticket 42>")
            result = dataclasses.replace(row.result, parties=(cleared, *rest))
            changed.append((info, dataclasses.replace(row, result=result)))
            done = True
        else:
            changed.append((info, row))
    assert done
    return changed


def summary_of(rows: Rows) -> RunSummary:
    summary = RunSummary(files=[rows[0][0]])
    for _, row in rows:
        summary.add(row)
    summary.elapsed = 0.0
    return summary


# --- table --------------------------------------------------------------------------------


def test_table_golden(run: tuple[Rows, RunSummary]) -> None:
    text = render("table", *run)
    check_golden("screen.table.txt", text)
    assert max(len(line) for line in text.decode().splitlines()) <= 100
    assert "\x1b[" not in text.decode()  # no colour codes off a terminal


def test_table_keeps_the_most_severe_rows_when_capped(run: tuple[Rows, RunSummary]) -> None:
    rows, _ = run
    review = next((i, r) for i, r in rows if r.status == "review")
    prohibited = next((i, r) for i, r in rows if r.status == "prohibited")
    many = [review] * 250 + [prohibited]  # the prohibited row comes last
    text = render("table", many, summary_of(many)).decode()
    assert "Rows needing action: 251" in text
    assert "  prohibited" in text.split("Rows needing action")[1]
    assert "and 51 less severe rows needing action" in text


def test_table_without_action(run: tuple[Rows, RunSummary]) -> None:
    rows, _ = run
    clean = [(i, r) for i, r in rows if r.status == "not_controlled"]
    assert "No row needs action." in render("table", clean, summary_of(clean)).decode()


def test_table_marks_suppressed_hits_and_prints_markup_literally(
    run: tuple[Rows, RunSummary],
) -> None:
    rows, summary = run
    text = render("table", with_suppressed_hit(rows), summary).decode()
    assert "suppressed by review: different entity <ticket 42>" in text
    info, row = rows[1]
    assert row.result is not None
    hit = dataclasses.replace(row.result.parties[0], query="[red]Acme[/red] :warning:")
    odd = dataclasses.replace(row, result=dataclasses.replace(row.result, parties=(hit,)))
    text = render("table", [(info, odd)], summary_of([(info, odd)])).decode()
    assert "[red]Acme[/red] :warning:" in text


# --- html ---------------------------------------------------------------------------------


class Structure(HTMLParser):
    """Checks that tags nest and close, and collects what could load something."""

    VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "col", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: Counter[str] = Counter()
        self.attributes: list[str] = []
        self.code: list[str] = []  # contents of <style> and <script>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [value or "" for _, value in attrs]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [value or "" for _, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in ("style", "script"):
            self.code.append(data)


def parse(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.stack == []
    return parser


def test_html_golden(run: tuple[Rows, RunSummary]) -> None:
    check_golden("screen.html", render("html", *run))


def test_html_is_self_contained_and_well_formed(run: tuple[Rows, RunSummary]) -> None:
    page = render("html", *run).decode()
    for loader in ("<script src", "<link", "@import", "url(", "<iframe", "<img"):
        assert loader not in page.lower()
    parsed = parse(page)
    assert parsed.tags["html"] == parsed.tags["head"] == parsed.tags["body"] == 1
    assert parsed.tags["script"] == parsed.tags["style"] == parsed.tags["svg"] == 1
    assert not [a for a in parsed.attributes if "://" in a]
    assert not [c for c in parsed.code if "://" in c]
    assert '<meta charset="utf-8">' in page
    assert '"Noto Sans CJK SC"' in page and '"Microsoft YaHei"' in page


def test_html_shows_action_rows_only_most_severe_first(run: tuple[Rows, RunSummary]) -> None:
    page = render("html", *run).decode()
    rows = [part.split('"', 1)[0] for part in page.split('<tr class="d-')[1:]]
    assert rows == ["prohibited", "prohibited", "licence_required", "error", "review", "review"]
    assert 'class="sortable one-file"' in page  # one file: the file column is hidden
    assert "金属镓(单质)" in page and "属于两用物项" in page


def test_html_chart_has_a_bar_per_decision(run: tuple[Rows, RunSummary]) -> None:
    page = render("html", *run).decode()
    chart = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert chart.count('fill="#') == 5
    assert "2 (25 %)" in chart and "1 (12.5 %)" in chart


def test_html_without_action_and_with_several_files(run: tuple[Rows, RunSummary]) -> None:
    rows, _ = run
    clean = [(i, r) for i, r in rows if r.status == "not_controlled"]
    assert "No row needs action." in render("html", clean, summary_of(clean)).decode()
    summary = summary_of(rows)
    summary.files.append(dataclasses.replace(rows[0][0], path="second.csv"))
    assert 'class="sortable"' in render("html", rows, summary).decode()


def test_html_marks_suppressed_hits(run: tuple[Rows, RunSummary]) -> None:
    rows, summary = run
    page = render("html", with_suppressed_hit(rows), summary).decode()
    assert page.count('class="entry hit suppressed"') == 1
    assert "suppressed by review: different entity &lt;ticket 42&gt;" in page
    parse(page)


def test_html_escapes_manifest_values_through_the_cli(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "HS Code,Goods Description,Destination,Consignee\n"
        '8112929010,gallium metal ingots,DE,"<script>alert(1)</script> & ""Co"""\n',
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    args = ["screen", str(manifest), "--format", "html", "--output", str(out)]
    result = CliRunner().invoke(app, [*args, "--date", "2025-06-01", "--no-progress"])
    assert result.exit_code == 1, result.output  # licence_required reaches --fail-on review
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;" in page
    assert parse(page).tags["script"] == 1


# --- xlsx ---------------------------------------------------------------------------------


def fill_of(cell: Any) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.fgColor.rgb)[-6:]


def workbook_view(data: bytes) -> dict[str, Any]:
    """What a reader sees in each sheet: values, fills and bold per row, panes, filter, widths."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    view: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        rows = []
        for cells in sheet.iter_rows():
            fills = {fill_of(c) for c in cells}
            rows.append(
                {
                    "values": [c.value for c in cells],
                    "fills": sorted(fills, key=str) if len(fills) > 1 else next(iter(fills)),
                    "bold": [i for i, c in enumerate(cells) if c.font.b],
                }
            )
        view[sheet.title] = {
            "freeze_panes": sheet.freeze_panes,
            "auto_filter": sheet.auto_filter.ref,
            "widths": {k: d.width for k, d in sorted(sheet.column_dimensions.items())},
            "rows": rows,
        }
    return view


def test_xlsx_golden(run: tuple[Rows, RunSummary]) -> None:
    view = workbook_view(render("xlsx", *run))
    check_golden("screen.xlsx.json", as_json(view).encode("utf-8"))


def as_json(view: dict[str, Any]) -> str:
    """One line per sheet fact and per row, so a golden diff points at the row that changed."""

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    sheets = []
    for title, sheet in view.items():
        facts = [f"  {dump(k)}: {dump(v)}" for k, v in sheet.items() if k != "rows"]
        rows = ",\n".join(f"   {dump(row)}" for row in sheet["rows"])
        body = ",\n".join([*facts, f'  "rows": [\n{rows}\n  ]'])
        sheets.append(f" {dump(title)}: {{\n{body}\n }}")
    text = "{\n" + ",\n".join(sheets) + "\n}\n"
    assert json.loads(text) == view
    return text


def test_xlsx_sheets_rows_and_colours(run: tuple[Rows, RunSummary]) -> None:
    rows, summary = run
    view = workbook_view(render("xlsx", rows, summary))
    assert list(view) == ["Screening", "Summary"]
    screening = view["Screening"]
    assert len(screening["rows"]) == len(rows) + 1
    assert screening["freeze_panes"] == "A2"
    header = screening["rows"][0]
    assert header["values"][:3] == ["file", "row", "line"]
    assert header["bold"] == list(range(len(header["values"])))
    assert screening["auto_filter"] == f"A1:V{len(rows) + 1}"  # issue 12 E1: screened_as_of
    decision_at = header["values"].index("decision")
    for data in screening["rows"][1:]:
        status = data["values"][decision_at]
        assert data["fills"] == FILLS[status], status  # one fill across the whole row
    statuses = {r["values"][decision_at] for r in screening["rows"][1:]}
    assert statuses == set(FILLS)
    table = [r["values"] for r in view["Summary"]["rows"] if r["values"][0] in FILLS]
    assert table == [[s, summary.counts[s], summary.counts[s] / summary.rows] for s in FILLS]


def test_xlsx_is_byte_stable(run: tuple[Rows, RunSummary], monkeypatch: pytest.MonkeyPatch) -> None:
    first = render("xlsx", *run)
    assert render("xlsx", *run) == first
    workbook = openpyxl.load_workbook(io.BytesIO(first))
    assert workbook.properties.created == workbook.properties.modified
    assert workbook.properties.created is not None
    assert workbook.properties.created.year == 1980
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    stamped = openpyxl.load_workbook(io.BytesIO(render("xlsx", *run)))
    assert stamped.properties.modified is not None
    assert stamped.properties.modified.year == 2026


def test_xlsx_keeps_formulas_and_control_characters_as_text(run: tuple[Rows, RunSummary]) -> None:
    rows, _ = run
    plain = next((i, r) for i, r in rows if r.status == "not_controlled")
    coloured = next((i, r) for i, r in rows if r.status == "prohibited")
    evil = ('=HYPERLINK("http://x.invalid","click")', "#N/A", "bell\x07")
    odd = [
        (info, dataclasses.replace(row, values=(*evil, *row.values[3:])))
        for info, row in (plain, coloured)
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(render("xlsx", odd, summary_of(odd))))
    sheet = workbook["Screening"]
    for line in (2, 3):
        cells = [sheet.cell(line, column) for column in (4, 5, 6)]
        assert [c.data_type for c in cells] == ["s", "s", "s"]
        assert [c.value for c in cells] == [*evil[:2], "bell\ufffd"]


def test_xlsx_marks_suppressed_hits(run: tuple[Rows, RunSummary]) -> None:
    rows, summary = run
    view = workbook_view(render("xlsx", with_suppressed_hit(rows), summary))
    header = view["Screening"]["rows"][0]["values"]
    hits = [r["values"][header.index("party_hits")] or "" for r in view["Screening"]["rows"]]
    assert sum("(suppressed: different entity <ticket 42>)" in h for h in hits) == 1


def test_xlsx_without_rows_still_has_a_header(run: tuple[Rows, RunSummary]) -> None:
    rows, _ = run
    summary = RunSummary(files=[rows[0][0]])
    view = workbook_view(render("xlsx", [], summary))
    assert len(view["Screening"]["rows"]) == 1
    assert view["Screening"]["auto_filter"] == "A1:V1"


def test_xlsx_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    manifest = Path(__file__).parent / "data" / "manifests" / "mixed-zh.csv"
    args = ["screen", str(manifest), "--output", str(out), "--date", "2025-06-01"]
    result = CliRunner().invoke(app, [*args, "--exit-zero", "--no-progress"])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["Screening", "Summary"]
    assert workbook["Screening"].max_row == 6


# --- screenshot ---------------------------------------------------------------------------

CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)


def png_rows(data: bytes, limit: int) -> tuple[int, list[bytes]]:
    """The first ``limit`` scanlines of an 8-bit RGB or RGBA PNG, unfiltered; and the pixel size."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    pixel = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * pixel
    previous = bytearray(stride)
    rows = []
    for index in range(min(limit, height)):
        start = index * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - pixel] if i >= pixel else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - pixel] if i >= pixel else 0
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + best) & 0xFF
        rows.append(bytes(line))
        previous = line
    return pixel, rows


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium to render the page with")
def test_html_renders_in_a_headless_browser(tmp_path: Path) -> None:
    page = GOLDEN / "screen.html"
    shot = tmp_path / "shot.png"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,1600",
        f"--screenshot={shot}",
        page.resolve().as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert shot.exists()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000
    # The header, the decision cards and the chart sit in the top 600 pixels at 1280 wide.
    pixel, rows = png_rows(data, 600)
    colours = Counter(row[i : i + 3] for row in rows for i in range(0, len(row), pixel))
    assert len(colours) > 50
    for bar in ("c62828", "e08e00", "3d85c6", "7e57c2"):  # the chart's bar colours
        assert colours[bytes.fromhex(bar)] > 500, bar
