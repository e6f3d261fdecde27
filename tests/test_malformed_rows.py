"""A 1,000-row manifest with five malformed rows: exactly those five are errors, each naming its
source line and field, and the other 995 rows are screened.

The file has quoted descriptions spanning several lines and a blank line before the bad rows, so
a reader that counts records instead of source lines would report the wrong line numbers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()

HEADERS = [
    "商品编号",
    "商品名称",
    "规格型号",
    "数量及单位",
    "最终目的国（地区）",
    "境外收货人",
    "出口日期",
]
TOTAL_ROWS = 1000

# Well-formed rows the generator cycles through: controlled, below-threshold, ordinary goods and a
# listed consignee, so the good rows exercise the whole engine, not just the reader.
GOOD_ROWS = [
    ["8112929010", "金属镓", "纯度99.99%", "50千克", "德国", "Rheinfeld Halbleitermaterial GmbH"],
    [
        "3801909010",
        "等静压石墨",
        "纯度99.5% 抗折强度45MPa 体积密度1.80g/cm3",
        "2吨",
        "韩国",
        "Hanbit",
    ],
    ["8471300000", "笔记本电脑", "14英寸", "120台", "法国", "Boutique Lumière Informatique SARL"],
    ["6907210000", "瓷质地砖", "600×600mm", "20吨", "澳大利亚", "Southern Cross Tile Supply"],
    ["7616991090", "铝合金机箱", "6061-T6", "400个", "美国", "General Dynamics Land Systems"],
    ["2825800010", "三氧化二锑", "阻燃级", "5吨", "越南", "Saigon Polymer Additives JSC"],
]
# Quoted multi-line descriptions, placed before the first bad row: 2 and 3 extra source lines.
MULTILINE = {
    60: "金属镓\n纯度99.99%\n用于化合物半导体",
    300: "lithium-ion battery cells\nenergy density 250 Wh/kg\nfor e-bikes\n(EN 50604-1)",
}
BLANK_LINE_AFTER = 450  # a blank source line: skipped, but it still moves the line numbers on


@dataclass(frozen=True)
class Bad:
    row: int  # 1-based data row
    field: str  # the field the error must name
    cells: list[str]


BAD = (
    Bad(
        137, "hs_code", ["81x2929010", "金属镓", "4N", "10千克", "德国", "Rheinfeld", "2025-06-03"]
    ),
    Bad(402, "date", ["7408110000", "铜线", "直径2mm", "1吨", "法国", "Boutique", "2025-13-01"]),
    Bad(
        555,
        "destination",
        ["8471300000", "笔记本电脑", "15英寸", "10台", "纳尼亚", "Cair", "20250703"],
    ),
    # Ragged: one field more than the header, the shape a stray comma in an unquoted cell gives.
    Bad(
        777,
        "row",
        ["8539520000", "LED灯泡", "9W", "E27", "20000个", "新加坡", "Lion City", "20250626"],
    ),
    Bad(
        901,
        "quantity",
        ["8539520000", "LED灯泡", "9W", "约两万个", "新加坡", "Lion City", "20250626"],
    ),
)


def build_manifest(path: Path) -> dict[int, int]:
    """Write the manifest; return the source line on which each data row starts."""
    bad_by_row = {bad.row: bad for bad in BAD}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    line = 2  # the header is line 1
    starts: dict[int, int] = {}
    for row in range(1, TOTAL_ROWS + 1):
        if row in bad_by_row:
            cells = bad_by_row[row].cells
        else:
            hs, goods, spec, quantity, country, consignee = GOOD_ROWS[row % len(GOOD_ROWS)]
            if row in MULTILINE:
                hs, goods, spec = "", MULTILINE[row], ""
            date = f"2025-{row % 12 + 1:02d}-{row % 28 + 1:02d}"
            cells = [hs, goods, spec, quantity, country, f"{consignee} {row % 100}", date]
        writer.writerow(cells)
        starts[row] = line
        # Count the physical lines the record took rather than assuming one per row.
        line += 1 + sum(cell.count("\n") for cell in cells)
        if row == BLANK_LINE_AFTER:
            buffer.write("\n")
            line += 1
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return starts


def test_exactly_the_five_malformed_rows_are_errors(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    starts = build_manifest(manifest)
    # Sanity check of the test itself: the multi-line records really do shift the lines.
    assert starts[BAD[0].row] == BAD[0].row + 1 + 2
    assert starts[BAD[-1].row] == BAD[-1].row + 1 + 2 + 3 + 1

    result = runner.invoke(
        app, ["screen", str(manifest), "--format", "jsonl", "--no-progress", "--fail-on", "never"]
    )
    rows = [json.loads(text) for text in result.stdout.splitlines() if text.strip()]

    assert len(rows) == TOTAL_ROWS
    assert result.exit_code == 2  # no findings count under --fail-on never; the errors do
    errors = {row["row"]: row for row in rows if row["errors"]}
    assert sorted(errors) == [bad.row for bad in BAD]
    # issue 12 A8: the readable fields of a bad row are still screened; its status is the more
    # severe of "error" and that decision.
    assert all(
        row["decision"] in ("error", "licence_required", "prohibited") for row in errors.values()
    )
    for bad in BAD:
        row = errors[bad.row]
        assert row["line"] == starts[bad.row], f"row {bad.row}"
        assert [error["field"] for error in row["errors"]] == [bad.field], f"row {bad.row}"
    screened = [row for row in rows if not row["errors"]]
    assert len(screened) == TOTAL_ROWS - len(BAD)
    assert all(not row["errors"] for row in screened)
    # Every row, good or bad, reports the line it starts on, in order.
    assert [row["line"] for row in rows] == [starts[n] for n in range(1, TOTAL_ROWS + 1)]
    # The multi-line description is one cell, read whole: its purity, two lines down, counts.
    assert rows[59]["decision"] == "licence_required"
    assert rows[59]["input"]["商品名称"] == MULTILINE[60]
