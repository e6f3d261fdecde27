"""Write the example manifests: ``manifest-en.csv`` (UTF-8) and ``manifest-zh.csv`` (GB18030).

Both files hold the same shipments, one per row, in the same order: the English file with English
headers, the Chinese one with the labels of a Chinese export declaration (报关单) and Chinese
descriptions. Each row carries the decision ``exportscreen screen`` is expected to give it, and
``tests/test_examples.py`` checks both files against those decisions, so a change to the rules
that moves an example shows up as a failing test rather than as a stale README.

Company names are invented, except the listed parties, which are taken from the built-in lists in
``rules/parties/`` on purpose. Run from anywhere:  python examples/make_examples.py
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
EN_FILE = HERE / "manifest-en.csv"
ZH_FILE = HERE / "manifest-zh.csv"

EN_HEADERS = (
    "Invoice No.",
    "HS Code",
    "Goods Description",
    "Specification",
    "Quantity",
    "Unit",
    "Value",
    "Currency",
    "Destination",
    "Consignee",
    "Consignee Country",
    "End User",
    "End Use",
    "Shipment Date",
)
# The labels of the export declaration form; 数量及单位 holds quantity and unit in one cell
# ("500千克"), as declarations print it, so the Chinese file also exercises that split.
ZH_HEADERS = (
    "发票号",
    "商品编号",
    "商品名称",
    "规格型号",
    "数量及单位",
    "总价",
    "币制",
    "最终目的国（地区）",
    "境外收货人",
    "境外收货人国别",
    "最终用户",
    "最终用途",
    "出口日期",
)

COUNTRY_ZH = {
    "AE": "阿联酋",
    "AU": "澳大利亚",
    "DE": "德国",
    "FR": "法国",
    "GB": "英国",
    "IN": "印度",
    "IT": "意大利",
    "JP": "日本",
    "KR": "韩国",
    "NL": "荷兰",
    "SG": "新加坡",
    "US": "美国",
    "VN": "越南",
    "Narnia": "纳尼亚",  # deliberately not a country: the unknown-country error row
}
UNIT_ZH = {"kg": "千克", "pcs": "个", "t": "吨", "m": "米"}


@dataclass(frozen=True)
class Example:
    """One shipment, in English and Chinese, with the decision it must get."""

    expect: str  # decision for both files: prohibited, licence_required, review, ..., error
    why: str  # what the row demonstrates (README and test failure messages)
    hs: str
    goods: str
    goods_zh: str
    spec: str
    spec_zh: str
    quantity: str
    unit: str
    value: str
    destination: str
    consignee: str
    consignee_country: str
    date: str  # YYYY-MM-DD; the Chinese file writes YYYYMMDD as customs systems export it
    consignee_zh: str | None = None  # defaults to the English name (境外收货人 is often Latin)
    end_user: str = ""
    end_user_zh: str = ""
    end_use: str = ""
    end_use_zh: str = ""
    currency: str = "USD"


# One shipment per call, positional fields in declaration order: the table reads better packed
# than one field per line, so the formatter is kept off it.
# fmt: off
EXAMPLES: tuple[Example, ...] = (
    Example(
        "licence_required",
        "gallium metal (Ann. 23/2023) to Germany",
        "8112929010", "gallium metal ingots", "金属镓锭", "purity 99.99% (4N)", "纯度99.99%(4N)",
        "50", "kg", "42500", "DE", "Rheinfeld Halbleitermaterial GmbH", "DE", "2025-06-03",
    ),
    Example(
        "licence_required",
        "zone-refined germanium to Japan",
        "8112921090", "zone-refined germanium ingots", "区熔锗锭", "5N, 50 ohm·cm",
        "5N，电阻率50Ω·cm", "20", "kg", "31000", "JP", "Hokuriku Optical Materials K.K.", "JP",
        "2025-06-05",
    ),
    Example(
        "licence_required",
        "isostatic graphite above all three G-1 thresholds",
        "3801909010", "isostatic graphite blocks", "等静压石墨块",
        "purity 99.995%, flexural strength 51 MPa, bulk density 1.85 g/cm3",
        "纯度99.995% 抗折强度51MPa 体积密度1.85g/cm3",
        "2", "t", "38000", "KR", "Hanbit Carbon Materials Co., Ltd.", "KR", "2025-06-10",
    ),
    Example(
        "not_controlled",
        "isostatic graphite below the purity threshold (99.5 % <= 99.9 %)",
        "3801909010", "isostatic graphite blocks", "等静压石墨块",
        "purity 99.5%, flexural strength 45 MPa, bulk density 1.80 g/cm3",
        "纯度99.5% 抗折强度45MPa 体积密度1.80g/cm3",
        "2", "t", "21000", "KR", "Hanbit Carbon Materials Co., Ltd.", "KR", "2025-06-10",
    ),
    Example(
        "review",
        "high-purity graphite with purity only: strength and density not stated",
        "3801909010", "high-purity graphite powder", "高纯石墨粉", "purity 99.99%", "纯度99.99%",
        "500", "kg", "9500", "IN", "Deccan Refractories Pvt. Ltd.", "IN", "2025-06-12",
    ),
    Example(
        "licence_required",
        "antimony trioxide at 99.99 % (Ann. 33/2024)",
        "2825800010", "antimony trioxide", "三氧化二锑", "Sb2O3 99.99%", "Sb2O3含量99.99%",
        "1", "t", "14800", "KR", "Daesan Flame Retardants Co., Ltd.", "KR", "2025-07-01",
    ),
    Example(
        "review",
        "antimony trioxide with no purity stated",
        "2825800010", "antimony trioxide, flame-retardant grade", "三氧化二锑(阻燃级)",
        "25 kg bags", "25千克/袋", "5", "t", "61000", "VN", "Saigon Polymer Additives JSC", "VN",
        "2025-07-02",
    ),
    Example(
        "licence_required",
        "ammonium paratungstate (Ann. 10/2025)",
        "2841801000", "ammonium paratungstate (APT)", "仲钨酸铵", "WO3 88.5%", "WO3含量88.5%",
        "3", "t", "96000", "DE", "Harzwald Hartmetall GmbH", "DE", "2025-07-15",
    ),
    Example(
        "licence_required",
        "tungsten carbide powder (Ann. 10/2025)",
        "2849902000", "tungsten carbide powder", "碳化钨粉", "WC, Fsss 1.0 µm", "WC，费氏粒度1.0μm",
        "800", "kg", "44000", "IT", "Officine Brescia Utensili S.r.l.", "IT", "2025-07-16",
    ),
    Example(
        "licence_required",
        "dysprosium oxide (Ann. 18/2025)",
        "2846901500", "dysprosium oxide", "氧化镝", "Dy2O3/TREO 99.9%", "Dy2O3/TREO 99.9%",
        "100", "kg", "26000", "JP", "Setouchi Magnetics K.K.", "JP", "2025-08-04",
    ),
    Example(
        "licence_required",
        "terbium oxide (Ann. 18/2025)",
        "2846901600", "terbium oxide", "氧化铽", "Tb4O7/TREO 99.99%", "Tb4O7/TREO 99.99%",
        "20", "kg", "19500", "KR", "Hanbit Carbon Materials Co., Ltd.", "KR", "2025-08-04",
    ),
    Example(
        "licence_required",
        "Dy-containing sintered NdFeB magnets (Ann. 18/2025)",
        "8505111000", "sintered NdFeB magnets containing dysprosium", "含镝烧结钕铁硼磁体",
        "grade N45SH, Dy 2.5%", "牌号N45SH，镝含量2.5%",
        "2000", "pcs", "8800", "IT", "Officine Brescia Utensili S.r.l.", "IT", "2025-09-08",
    ),
    Example(
        "licence_required",
        "synthetic diamond micropowder <= 50 µm after the Ann. 70 suspension ends",
        "7105102000", "synthetic diamond micropowder", "人造金刚石微粉", "particle size 10-20 µm",
        "粒度10-20μm", "5", "kg", "3200", "DE", "Harzwald Hartmetall GmbH", "DE", "2026-11-24",
    ),
    Example(
        "not_controlled",
        "lithium-ion cells below 300 Wh/kg (Ann. 58/2025)",
        "8507600090", "lithium-ion battery cells", "锂离子电芯", "energy density 250 Wh/kg",
        "能量密度250Wh/kg", "10000", "pcs", "52000", "NL", "Maasvlakte Energy Storage B.V.", "NL",
        "2026-11-24",
    ),
    Example(
        "prohibited",
        "consignee on the Unreliable Entity List, spelt differently",
        "7616991090", "aluminium alloy enclosures", "铝合金机箱", "6061-T6, anodised",
        "6061-T6，阳极氧化", "400", "pcs", "12000", "US", "GENERAL-DYNAMICS LAND SYSTEMS, INC.",
        "US", "2025-06-18",
    ),
    Example(
        "review",
        "consignee on the Watch List (Ann. 12/2026), ordinary goods",
        "7408110000", "enamelled copper winding wire", "漆包铜线", "diameter 0.8 mm",
        "直径0.8mm", "3", "t", "29000", "JP", "Subaru Corp.", "JP", "2026-03-16",
        consignee_zh="斯巴鲁株式会社",
    ),
    Example(
        "not_controlled",
        "ordinary goods, clean consignee",
        "8471300000", "laptop computers", "笔记本电脑", "14 inch, 16 GB RAM", "14英寸 16GB内存",
        "120", "pcs", "78000", "FR", "Boutique Lumière Informatique SARL", "FR", "2025-06-20",
    ),
    Example(
        "not_controlled",
        "ordinary goods, clean consignee",
        "6109100022", "men's cotton T-shirts, knitted", "男式棉制针织T恤衫", "100% cotton",
        "100%棉", "5000", "pcs", "15000", "GB", "Northgate Apparel Ltd", "GB", "2025-06-23",
    ),
    Example(
        "not_controlled",
        "ordinary goods, clean consignee",
        "6907210000", "porcelain floor tiles", "瓷质地砖", "600 x 600 mm, water absorption 0.3%",
        "600×600mm 吸水率0.3%", "20", "t", "11000", "AU", "Southern Cross Tile Supply Pty Ltd",
        "AU", "2025-06-25",
    ),
    Example(
        "not_controlled",
        "ordinary goods, clean consignee",
        "8539520000", "LED lamps", "LED灯泡", "9 W, E27", "9W，E27灯头", "20000", "pcs", "16000",
        "SG", "Lion City Lighting Pte. Ltd.", "SG", "2025-06-26",
    ),
    Example(
        "prohibited",
        "germanium for a US military end use (Ann. 46/2024 clauses 1 and 2)",
        "8112921010", "germanium ingots", "锗锭", "5N", "5N", "10", "kg", "16500", "US",
        "Cascade Photonics Inc.", "US", "2025-06-27",
        end_user="Redstone Optics Integration Center", end_user_zh="雷德斯通光学集成中心",
        end_use="military night-vision optics", end_use_zh="军用夜视光学器件",
    ),
    Example(
        "prohibited",
        "transshipment: gallium to the Netherlands for a US consignee (Ann. 46/2024 clause 2)",
        "8112929010", "gallium metal ingots", "金属镓锭", "purity 99.9999% (6N)",
        "纯度99.9999%(6N)", "30", "kg", "36000", "NL", "Westbrook Compound Semiconductors LLC",
        "US", "2025-06-30",
    ),
    Example(
        "prohibited",
        "a listed consignee written behind a freight forwarder (C/O), ordinary goods",
        "7408110000", "enamelled copper winding wire", "漆包铜线", "diameter 0.5 mm",
        "直径0.5mm", "2", "t", "19000", "AE", "Gulf Horizon Freight FZE C/O Lockheed Martin Corp.",
        "AE", "2025-07-02",
    ),
    Example(
        "review",
        "a Watch List consignee followed by its address in the same field",
        "7408110000", "copper wire", "铜线", "diameter 2 mm", "直径2mm", "1", "t", "9000", "JP",
        "SUBARU Corporation, 1-20-8 Ebisu, Shibuya-ku, Tokyo", "JP", "2026-03-20",
    ),
    Example(
        "licence_required",
        "bad HS code: reported as an error, and the gallium the row describes is still screened",
        "81x2929010", "gallium metal", "金属镓", "4N", "4N", "10", "kg", "8500", "DE",
        "Rheinfeld Halbleitermaterial GmbH", "DE", "2025-07-01",
    ),
    Example(
        "error",
        "bad date (30 February)",
        "7408110000", "copper wire", "铜线", "diameter 2 mm", "直径2mm", "1", "t", "9000", "FR",
        "Boutique Lumière Informatique SARL", "FR", "2025-02-30",
    ),
    Example(
        "error",
        "unknown destination country",
        "8471300000", "laptop computers", "笔记本电脑", "15 inch", "15英寸", "10", "pcs", "6500",
        "Narnia", "Cair Paravel Trading Co.", "Narnia", "2025-07-03",
    ),
)
# fmt: on


def _english_row(number: int, example: Example) -> list[str]:
    return [
        f"INV-2025-{number:04d}",
        example.hs,
        example.goods,
        example.spec,
        example.quantity,
        example.unit,
        example.value,
        example.currency,
        example.destination,
        example.consignee,
        example.consignee_country,
        example.end_user,
        example.end_use,
        example.date,
    ]


def _chinese_row(number: int, example: Example) -> list[str]:
    return [
        f"INV-2025-{number:04d}",
        example.hs,
        example.goods_zh,
        example.spec_zh,
        f"{example.quantity}{UNIT_ZH[example.unit]}",
        example.value,
        "美元" if example.currency == "USD" else example.currency,
        COUNTRY_ZH[example.destination],
        example.consignee_zh or example.consignee,
        COUNTRY_ZH[example.consignee_country],
        example.end_user_zh,
        example.end_use_zh,
        example.date.replace("-", ""),
    ]


def render(headers: tuple[str, ...], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    # CRLF: what Excel writes, and what the csv module defaults to anyway; fixed for determinism.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def english_bytes() -> bytes:
    rows = [_english_row(n, e) for n, e in enumerate(EXAMPLES, start=1)]
    return render(EN_HEADERS, rows).encode("utf-8")


def chinese_bytes() -> bytes:
    # Excel on Chinese Windows saves GBK/GB18030, so that is what the example is in; exportscreen
    # detects it because the bytes are not valid UTF-8.
    rows = [_chinese_row(n, e) for n, e in enumerate(EXAMPLES, start=1)]
    return render(ZH_HEADERS, rows).encode("gb18030")


def main() -> None:
    EN_FILE.write_bytes(english_bytes())
    ZH_FILE.write_bytes(chinese_bytes())
    print(f"wrote {EN_FILE.name} and {ZH_FILE.name}: {len(EXAMPLES)} rows each")


if __name__ == "__main__":
    main()
