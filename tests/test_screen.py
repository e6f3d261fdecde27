"""`exportscreen screen`: reading manifests, error rows, modes, encodings and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportscreen.cli import app

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "manifests"


def screen(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = runner.invoke(app, ["screen", "--format", "jsonl", *args])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, rows, result.stderr


def decisions(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(row["line"], row["decision"]) for row in rows]


def test_chinese_headers_decisions_errors_and_lines() -> None:
    code, rows, _ = screen(str(DATA / "mixed-zh.csv"))
    assert code == 1  # findings at or above review win over the error rows
    assert decisions(rows) == [
        (2, "licence_required"),
        (3, "prohibited"),
        (4, "error"),
        (5, "error"),
        (6, "error"),
    ]
    errors = {row["line"]: row["errors"] for row in rows if row["errors"]}
    assert errors[4][0]["field"] == "hs_code"  # type: ignore[index]
    assert errors[5][0]["field"] == "date"  # type: ignore[index]
    assert "ragged row" in errors[6][0]["message"]  # type: ignore[index]
    assert rows[1]["parties"][0]["list"] == "cn-unreliable-entity-list"  # type: ignore[index]


def test_gb18030_twin_screens_the_same() -> None:
    _, utf8, _ = screen(str(DATA / "mixed-zh.csv"))
    _, gb, _ = screen(str(DATA / "mixed-zh-gb18030.csv"))
    assert decisions(utf8) == decisions(gb)
    assert [r["input"] for r in utf8] == [r["input"] for r in gb]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def test_errors_alone_exit_2_and_exit_zero(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "m.csv",
        "hs_code,description,destination\n"
        "7408110000,copper wire,DE\n7408110000,copper wire,Narnia\n",
    )
    code, rows, _ = screen(str(manifest))
    assert code == 2
    assert rows[1]["errors"][0]["field"] == "destination"  # type: ignore[index]
    assert screen(str(manifest), "--exit-zero")[0] == 0


def test_fail_on_never_still_reports_errors(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "m.csv", "hs_code,description\n8112929010,gallium metal\n,\n,,\n8112929010,\n"
    )
    code, rows, _ = screen(str(manifest), "--fail-on", "never")
    assert code == 0  # blank rows are skipped; nothing fails under --fail-on never
    assert [r["decision"] for r in rows] == ["licence_required", "review"]  # HS code only


def test_row_without_goods_in_a_goods_manifest_is_an_error(tmp_path: Path) -> None:
    manifest = write(tmp_path / "m.csv", "hs_code,description,consignee\n,,ACME\n")
    _, rows, _ = screen(str(manifest))
    assert rows[0]["decision"] == "error"
    assert rows[0]["errors"][0]["field"] == "description"  # type: ignore[index]


def test_parties_only_manifest_screens_parties(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "customers.csv", "客户名称,客户国别\n洛克希德·马丁公司,美国\nLopez Group,US\n"
    )
    code, rows, _ = screen(str(manifest), "--date", "2025-06-01")
    assert [r["decision"] for r in rows] == ["prohibited", "not_controlled"]
    assert rows[0]["items"] == [] and code == 1


def test_a_listed_party_behind_an_intermediary_or_with_its_address(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "customers.csv",
        "consignee,consignee_country\n"
        '"Pacific Freight FZE C/O Lockheed Martin Corp",AE\n'
        '"Lockheed Martin Corporation, 6801 Rockledge Drive, Bethesda, MD 20817",US\n'
        '"Pacific Freight FZE, 12 Harbour Road, Dubai",AE\n',
    )
    code, rows, _ = screen(str(manifest), "--date", "2025-06-01")
    assert [r["decision"] for r in rows] == ["prohibited", "prohibited", "not_controlled"]
    parts = [row["parties"][0]["query_part"] for row in rows[:2]]  # type: ignore[index]
    assert parts == ["Lockheed Martin Corp", "Lockheed Martin Corporation"]
    assert code == 1


def test_goods_only_manifest_classifies_only(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "goods.csv",
        "HS Code,Goods Description,Specification\n"
        "3801909010,isostatic graphite,purity 99.5% flexural strength 40 MPa\n",
    )
    code, rows, _ = screen(str(manifest))
    assert rows[0]["decision"] == "not_controlled" and rows[0]["parties"] == []
    assert code == 0


def test_custom_column_mapping(tmp_path: Path) -> None:
    mapping = write(tmp_path / "cols.yaml", "description: [Artikel]\nhs_code: Zolltarif\n")
    manifest = write(tmp_path / "m.csv", "Zolltarif,Artikel\n8112929010,gallium metal\n")
    _, rows, _ = screen(str(manifest), "--columns", str(mapping))
    assert rows[0]["decision"] == "licence_required"
    bad = write(tmp_path / "bad.yaml", "colour: [Farbe]\n")
    code, _, err = screen(str(manifest), "--columns", str(bad))
    assert code == 2 and "unknown field 'colour'" in err


def test_quantity_and_unit_in_one_column(tmp_path: Path) -> None:
    manifest = write(tmp_path / "m.csv", "商品名称,数量及单位\n金属镓,1200.5千克\n金属镓,很多\n")
    _, rows, _ = screen(str(manifest))
    assert rows[0]["decision"] == "licence_required"
    assert rows[1]["errors"][0]["field"] == "quantity"  # type: ignore[index]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour,size\nred,big\n", "no column maps to a declaration field"),
        ("", "the file is empty"),
    ],
)
def test_unusable_files_exit_2(tmp_path: Path, content: str, message: str) -> None:
    code, _, err = screen(str(write(tmp_path / "m.csv", content)))
    assert code == 2 and message in err


def test_undecodable_file_names_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes(b"description\n\xff\xfe\xfa\xfb\x80\x81\xfe\xff\n")
    code, _, err = screen(str(path))
    assert code == 2 and "--encoding" in err
    assert screen(str(path), "--encoding", "latin-1")[0] == 0


def test_xlsx_manifest(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["商品编号", "商品名称", "最终目的国（地区）"])
    sheet.append([8112929010, "金属镓", "德国"])
    sheet.append(["81x", "铜线", "德国"])
    workbook.save(tmp_path / "m.xlsx")
    _, rows, _ = screen(str(tmp_path / "m.xlsx"))
    assert decisions(rows) == [(2, "licence_required"), (3, "error")]


def test_csv_output_has_bom_and_screening_columns(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["screen", str(DATA / "mixed-zh.csv"), "--format", "csv", "--output", str(out)]
    )
    assert result.exit_code == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("file,row,line,商品编号")
    assert header.endswith(
        "decision,screened_as_of,matched_items,control_codes,measures,party_hits,remarks,reasons,warnings,errors"
    )


OFAC_SLICE = Path(__file__).parent / "parties" / "data" / "ofac" / "sdn.csv"


def screen_against_ofac_slice(manifest: Path) -> tuple[int, list[dict[str, object]], str]:
    return screen(
        str(manifest), "--party-list", str(OFAC_SLICE), "--no-builtin-party-lists", "--no-audit"
    )


def test_a_consignee_id_column_is_matched_exactly(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "vessels.csv",
        "consignee,consignee id\nOCEAN PEARL SHIPPING,IMO 9187629\nACME,12345\n",
    )
    code, rows, _ = screen_against_ofac_slice(manifest)
    assert rows[0]["parties"][0]["entity_id"] == "15036"  # type: ignore[index]
    assert rows[1]["decision"] == "error"
    assert rows[1]["errors"][0]["field"] == "consignee_id"  # type: ignore[index]
    assert code == 1  # the hit (review) outranks the error row


def test_a_vessel_column_is_screened_as_a_party(tmp_path: Path) -> None:
    manifest = write(
        tmp_path / "shipments.csv",
        "船名,IMO编号\nARTAVIL,\nOCEAN PEARL,IMO 9187655\nMSC ANNA,IMO 9000000\n",
    )
    code, rows, _ = screen_against_ofac_slice(manifest)
    hits = [[(p["role"], p["entity_id"]) for p in row["parties"]] for row in rows]  # type: ignore[attr-defined]
    assert hits == [[("vessel", "15036")], [("vessel", "15037")], []]
    assert code == 1
