"""Reading measured values out of declaration text."""

from __future__ import annotations

import math
import subprocess
import sys
from dataclasses import dataclass, replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportscreen.classify.params import Measurement, extract
from exportscreen.units import PARAMETERS, UNITS, parse_unit


@dataclass(frozen=True)
class Want:
    """The expected reading of one value; floats compare with a relative tolerance."""

    label: str | None
    low: float | None
    high: float | None
    unit: str
    low_inclusive: bool = True
    high_inclusive: bool = True
    element: str | None = None
    text: str | None = None  # checked when given


def point(
    label: str | None,
    value: float,
    unit: str,
    *,
    element: str | None = None,
    text: str | None = None,
) -> Want:
    return Want(label, value, value, unit, element=element, text=text)


def at_least(
    label: str | None, value: float, unit: str, *, strict: bool = False, text: str | None = None
) -> Want:
    return Want(label, value, None, unit, not strict, False, text=text)


def at_most(
    label: str | None, value: float, unit: str, *, strict: bool = False, text: str | None = None
) -> Want:
    return Want(label, None, value, unit, False, not strict, text=text)


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def check(found: Measurement, want: Want) -> None:
    assert found.label == want.label, found
    assert found.element == want.element, found
    assert found.unit == want.unit, found
    assert found.dimension == UNITS[want.unit].dimension, found
    assert close(found.low, want.low), found
    assert close(found.high, want.high), found
    assert found.low_inclusive is want.low_inclusive, found
    assert found.high_inclusive is want.high_inclusive, found
    if want.text is not None:
        assert found.text == want.text, found


def check_all(text: str, wants: list[Want]) -> None:
    found = extract(text)
    assert len(found) == len(wants), found
    for measurement, want in zip(found, wants, strict=True):
        check(measurement, want)
        assert text[measurement.start : measurement.end] == measurement.text


# --------------------------------------------------------------------------------------------
# Single values

SINGLE_VALUES: list[tuple[str, Want]] = [
    # purity, plain and in N notation
    ("99.999%", point(None, 99.999, "%", text="99.999%")),
    ("5N", Want("purity", 99.999, 99.9999, "%", high_inclusive=False, text="5N")),
    ("6N", Want("purity", 99.9999, 99.99999, "%", high_inclusive=False)),
    ("2N", Want("purity", 99.0, 99.9, "%", high_inclusive=False)),
    ("4N5", Want("purity", 99.995, 99.999, "%", high_inclusive=False, text="4N5")),
    ("5N5", Want("purity", 99.9995, 99.9999, "%", high_inclusive=False)),
    ("germanium 5N ingot", Want("purity", 99.999, 99.9999, "%", high_inclusive=False)),
    ("纯度5N", Want("purity", 99.999, 99.9999, "%", high_inclusive=False, text="纯度5N")),
    ("≥5N", at_least("purity", 99.999, "%")),
    ("纯度≥99.99%", at_least("purity", 99.99, "%", strict=False)),
    ("purity 99.99%", point("purity", 99.99, "%", text="purity 99.99%")),
    ("Purity: 99.99 %", point("purity", 99.99, "%")),
    ("assay 99.5%", point("purity", 99.5, "%")),
    ("含量99.9%", point("purity", 99.9, "%")),
    ("主含量≥99.9%", at_least("purity", 99.9, "%")),
    ("固定碳含量99.95%", point("purity", 99.95, "%")),
    # element content
    ("Dy 1.9%", point("content", 1.9, "%", element="Dy", text="Dy 1.9%")),
    ("Dy:1.9%", point("content", 1.9, "%", element="Dy")),
    ("Dy1.9%", point("content", 1.9, "%", element="Dy")),
    ("镝1.9%", point("content", 1.9, "%", element="Dy")),
    ("含镝1.9%", point("content", 1.9, "%", element="Dy", text="含镝1.9%")),
    ("镝含量1.9%", point("content", 1.9, "%", element="Dy")),
    ("Dy content 1.9%", point("content", 1.9, "%", element="Dy")),
    ("content of Dy: 1.9%", point("content", 1.9, "%", element="Dy")),
    ("Tb 0.5 wt%", point("content", 0.5, "%", element="Tb")),
    ("Dy 19000 ppm", point("content", 1.9, "ppm", element="Dy")),
    ("铽≥0.5%", Want("content", 0.5, None, "%", high_inclusive=False, element="Tb")),
    ("C:0.02%", point("content", 0.02, "%", element="C")),
    ("W 99.95%", point("content", 99.95, "%", element="W")),
    ("Ga 99.99%", point("content", 99.99, "%", element="Ga")),
    ("锑含量 99.65%", point("content", 99.65, "%", element="Sb")),
    ("W90%", point("content", 90, "%", element="W", text="W90%")),
    # the element after the value
    ("90%W", point("content", 90, "%", element="W", text="90%W")),
    ("≥97%W", Want("content", 97, None, "%", True, False, element="W", text="≥97%W")),
    ("0.5wt%Tb", point("content", 0.5, "%", element="Tb", text="0.5wt%Tb")),
    # English element names next to a content word
    ("tungsten content 97%", point("content", 97, "%", element="W", text="tungsten content 97%")),
    ("silver content 3%", point("content", 3, "%", element="Ag")),
    ("content of tungsten: 97 wt%", point("content", 97, "%", element="W")),
    ("Tungsten Content ≥ 97%", Want("content", 97, None, "%", True, False, element="W")),
    ("wolfram content 93%", point("content", 93, "%", element="W")),
    ("sulphur content 0.02%", point("content", 0.02, "%", element="S")),
    ("carbon content 0.02%", point("content", 0.02, "%", element="C")),
    ("fixed carbon content 99.95%", point("purity", 99.95, "%")),  # graphite purity, not C
    # the unit in the label, the value bare after it
    ("Purity (%): 99.99", point("purity", 99.99, "%", text="Purity (%): 99.99")),
    ("纯度(%)：99.99", point("purity", 99.99, "%", text="纯度(%)：99.99")),
    ("纯度（%）：99.99", point("purity", 99.99, "%")),
    ("Purity %: 99.999", point("purity", 99.999, "%", text="Purity %: 99.999")),
    ("Purity [%] 99.9", point("purity", 99.9, "%")),
    ("纯度(%)：≥99.99", at_least("purity", 99.99, "%", text="纯度(%)：≥99.99")),
    ("Purity (%): 99.99 min", at_least("purity", 99.99, "%")),
    ("W (%): 93", point("content", 93, "%", element="W")),
    ("tungsten content (wt%): 97", point("content", 97, "%", element="W")),
    ("Density (g/cm3): 1.85", point("density", 1.85, "g/cm3")),
    ("粒度(μm)：50", point("particle_size", 0.05, "µm")),
    # density
    ("1.85 g/cm3", point(None, 1.85, "g/cm3")),
    ("1.85g/cm³", point(None, 1.85, "g/cm3")),
    ("1.85 g/cc", point(None, 1.85, "g/cm3")),
    ("1850 kg/m3", point(None, 1.85, "kg/m3")),
    ("体积密度1.85g/cm3", point("density", 1.85, "g/cm3")),
    ("bulk density 1.85 g/cm3", point("density", 1.85, "g/cm3")),
    ("tap density 1.0 g/cm3", point("density", 1.0, "g/cm3")),
    ("压实密度≥1.6g/cm3", at_least("compacted_density", 1.6, "g/cm3")),
    ("compacted density 1.6 g/cm3", point("compacted_density", 1.6, "g/cm3")),
    # pressure and strength
    ("45MPa", point(None, 45, "MPa", text="45MPa")),
    ("45 MPa", point(None, 45, "MPa")),
    ("45 Mpa", point(None, 45, "MPa")),
    ("5.5 GPa", point(None, 5500, "GPa")),
    ("抗折强度45MPa", point("flexural_strength", 45, "MPa")),
    ("抗弯强度 ≥ 45 MPa", at_least("flexural_strength", 45, "MPa")),
    ("flexural strength: 45 MPa", point("flexural_strength", 45, "MPa")),
    ("bending strength 45MPa", point("flexural_strength", 45, "MPa")),
    ("抗拉强度1200MPa", point("tensile_strength", 1200, "MPa")),
    ("tensile strength 1.2 GPa", point("tensile_strength", 1200, "GPa")),
    ("弹性极限 800MPa", point("elastic_limit", 800, "MPa")),
    ("yield strength 800 MPa", point(None, 800, "MPa")),
    ("合成压力5.5GPa", point("pressure", 5500, "GPa")),
    ("working pressure 6 GPa", point("pressure", 6000, "GPa")),
    # length
    ("≤50μm", at_most(None, 0.05, "µm")),  # Greek mu
    ("≤50µm", at_most(None, 0.05, "µm")),  # micro sign
    ("50 um", point(None, 0.05, "µm")),
    ("50微米", point(None, 0.05, "µm")),
    ("50 microns", point(None, 0.05, "µm")),
    ("粒度≤50μm", at_most("particle_size", 0.05, "µm", strict=False)),
    ("平均粒径 20um", point("particle_size", 0.02, "µm")),
    ("D50 20um", point("particle_size", 0.02, "µm")),
    ("particle size 500 nm", point("particle_size", 0.0005, "nm")),
    ("grain size: 3 mm", point("particle_size", 3, "mm")),
    ("Φ560mm", point("diameter", 560, "mm", text="Φ560mm")),
    ("φ560 mm", point("diameter", 560, "mm")),
    ("Ø560mm", point("diameter", 560, "mm")),
    ("直径560mm", point("diameter", 560, "mm")),
    ("diameter 56 cm", point("diameter", 560, "cm")),
    ("内径 50mm", point("inner_diameter", 50, "mm")),
    ("ID 50mm", point("inner_diameter", 50, "mm")),
    ("inner diameter 50 mm", point("inner_diameter", 50, "mm")),
    ("线径0.1mm", point("wire_diameter", 0.1, "mm")),
    ("wire diameter 100 µm", point("wire_diameter", 0.1, "µm")),
    ("长度 2.5 m", point("length", 2500, "m")),
    ("壁厚 5mm", point("wall_thickness", 5, "mm")),
    ("wall thickness 5 mm", point("wall_thickness", 5, "mm")),
    ("缸径 560mm", point("bore", 560, "mm", text="缸径 560mm")),
    ("bore 560 mm", point("bore", 560, "mm")),
    ("cylinder bore 560mm", point("bore", 560, "mm", text="cylinder bore 560mm")),
    # battery materials
    ("320 Wh/kg", point(None, 320, "Wh/kg")),
    ("320Wh/kg", point(None, 320, "Wh/kg")),
    ("能量密度≥300Wh/kg", at_least("energy_density", 300, "Wh/kg")),
    ("energy density 320 Wh/kg", point("energy_density", 320, "Wh/kg")),
    ("比容量 360mAh/g", point("specific_capacity", 360, "mAh/g")),
    ("克容量≥355 mAh/g", at_least("specific_capacity", 355, "mAh/g")),
    # crystals
    ("位错密度≤500/cm2", at_most("dislocation_density", 500, "/cm2")),
    ("EPD<5000 cm-2", at_most("dislocation_density", 5000, "/cm2", strict=True)),
    ("EPD ≤ 1×10⁴ cm⁻²", at_most("dislocation_density", 10000, "/cm2")),
    ("dislocation density 2x10^3 /cm2", point("dislocation_density", 2000, "/cm2")),
    ("位错密度 3000个/cm²", point("dislocation_density", 3000, "/cm2")),
    # equipment
    ("破断力≥500N", at_least("breaking_force", 500, "N")),
    ("破断力5N", point("breaking_force", 5, "N")),
    ("breaking load 2 kN", point("breaking_force", 2000, "kN")),
    ("硬度 85HRB", point("hardness", 85, "HRB")),
    ("hardness HRB 85", point("hardness", 85, "HRB")),
    ("线速度 80m/s", point("speed", 80, "m/s")),
    ("微波功率 6kW", point("power", 6, "kW")),
    ("microwave power 6000 W", point("power", 6, "W")),
    ("功率 1.5 MW", point("power", 1500, "MW")),
    ("容积 2 m³", point("volume", 2, "m3")),
    ("volume 500 L", point("volume", 0.5, "L")),
    ("日处理量 5,000 m3/d", point("throughput", 5000, "m3/d")),
    # a daily throughput written as a volume is a volume per day
    ("日处理量6000立方米", point("throughput", 6000, "m3/d", text="日处理量6000立方米")),
    ("日处理量≥5000立方米", at_least("throughput", 5000, "m3/d")),
    ("daily throughput 6,000 m3", point("throughput", 6000, "m3/d")),
    ("daily capacity 6000 m³", point("throughput", 6000, "m3/d")),
    ("日处理量(立方米)：6000", point("throughput", 6000, "m3/d")),
    ("6000立方米/天", point(None, 6000, "m3/d", text="6000立方米/天")),
    ("日处理量6000立方米/天", point("throughput", 6000, "m3/d")),
    ("处理量6000立方米/天", point("throughput", 6000, "m3/d")),
    ("5,000 m3/d", point(None, 5000, "m3/d", text="5,000 m3/d")),
    ("处理量 300立方米/日", point("throughput", 300, "m3/d")),
    ("反应温度 1200℃", point("temperature", 1200, "°C")),
    ("temperature 1200 °C", point("temperature", 1200, "°C")),
    ("温度-40℃", point("temperature", -40, "°C")),
    # full-width digits and signs: offsets and text refer to the original string
    ("纯度：９９．９９％", point("purity", 99.99, "%", text="纯度：９９．９９％")),
    ("纯度＞９９．９％", at_least("purity", 99.9, "%", strict=True)),
    ("粒度≦５０μｍ", at_most("particle_size", 0.05, "µm")),
]


@pytest.mark.parametrize(("text", "want"), SINGLE_VALUES, ids=[t for t, _ in SINGLE_VALUES])
def test_single_value(text: str, want: Want) -> None:
    check_all(text, [want])


COMPARATORS: list[tuple[str, Want]] = [
    (">99.9%", at_least(None, 99.9, "%", strict=True)),
    ("＞99.9%", at_least(None, 99.9, "%", strict=True)),
    (">=99.9%", at_least(None, 99.9, "%")),
    ("≧99.9%", at_least(None, 99.9, "%")),
    ("大于99.9%", at_least(None, 99.9, "%", strict=True)),
    ("高于99.9%", at_least(None, 99.9, "%", strict=True)),
    ("超过99.9%", at_least(None, 99.9, "%", strict=True)),
    ("不小于99.9%", at_least(None, 99.9, "%")),
    ("不低于99.9%", at_least(None, 99.9, "%")),
    ("99.9%以上", at_least(None, 99.9, "%")),
    ("99.9% min", at_least(None, 99.9, "%")),
    ("99.9% min.", at_least(None, 99.9, "%")),
    ("min 99.9%", at_least(None, 99.9, "%")),
    ("at least 99.9%", at_least(None, 99.9, "%")),
    ("over 99.9%", at_least(None, 99.9, "%", strict=True)),
    ("<50um", at_most(None, 0.05, "µm", strict=True)),
    ("<=50um", at_most(None, 0.05, "µm")),
    ("≤50um", at_most(None, 0.05, "µm")),
    ("≦50um", at_most(None, 0.05, "µm")),
    ("小于50um", at_most(None, 0.05, "µm", strict=True)),
    ("不大于50um", at_most(None, 0.05, "µm")),
    ("不超过50um", at_most(None, 0.05, "µm")),
    ("50um以下", at_most(None, 0.05, "µm")),
    ("50 um max", at_most(None, 0.05, "µm")),
    ("max. 50 um", at_most(None, 0.05, "µm")),
    ("less than 50 um", at_most(None, 0.05, "µm", strict=True)),
    ("约50um", point(None, 0.05, "µm")),
    ("50um左右", point(None, 0.05, "µm")),
]


@pytest.mark.parametrize(("text", "want"), COMPARATORS, ids=[t for t, _ in COMPARATORS])
def test_comparator(text: str, want: Want) -> None:
    check_all(text, [Want(**{**want.__dict__, "text": text})])


RANGES: list[tuple[str, Want]] = [
    ("20-40 µm", Want(None, 0.02, 0.04, "µm", text="20-40 µm")),
    ("20~40μm", Want(None, 0.02, 0.04, "µm")),
    ("20～40 µm", Want(None, 0.02, 0.04, "µm")),
    ("20 to 40 um", Want(None, 0.02, 0.04, "µm")),
    ("20至40微米", Want(None, 0.02, 0.04, "µm")),
    ("20um-40um", Want(None, 0.02, 0.04, "µm")),
    ("99.9%-99.99%", Want(None, 99.9, 99.99, "%")),
    ("99.9%~99.99%", Want(None, 99.9, 99.99, "%", text="99.9%~99.99%")),
    ("average particle size 20-40 um", Want("particle_size", 0.02, 0.04, "µm")),
    ("500nm-2µm", Want(None, 0.0005, 0.002, "µm")),
    ("1,000-2,000 m3/d", Want(None, 1000, 2000, "m3/d")),
    ("-40~85℃", Want(None, -40, 85, "°C")),
    ("50±5µm", Want(None, 0.045, 0.055, "µm")),
]


@pytest.mark.parametrize(("text", "want"), RANGES, ids=[t for t, _ in RANGES])
def test_range(text: str, want: Want) -> None:
    check_all(text, [want])


SPEC_STRINGS: list[tuple[str, list[Want]]] = [
    (
        "高纯锗锭 纯度99.999% 直径Φ60mm",
        [
            point("purity", 99.999, "%", text="纯度99.999%"),
            point("diameter", 60, "mm", text="Φ60mm"),
        ],
    ),
    (
        "人造石墨 纯度>99.9% 抗折强度45MPa 体积密度1.85g/cm3",
        [
            at_least("purity", 99.9, "%", strict=True),
            point("flexural_strength", 45, "MPa", text="抗折强度45MPa"),
            point("density", 1.85, "g/cm3", text="体积密度1.85g/cm3"),
        ],
    ),
    (
        "synthetic diamond micropowder D50 20um",
        [point("particle_size", 0.02, "µm", text="D50 20um")],
    ),
    (
        "NdFeB magnet Dy 1.9%, Tb 0.5%; purity 99.5%",
        [
            point("content", 1.9, "%", element="Dy"),
            point("content", 0.5, "%", element="Tb"),
            point("purity", 99.5, "%"),
        ],
    ),
    (
        "纯度≥99.99%，粒度≤50μm，密度1.8g/cm3",
        [
            at_least("purity", 99.99, "%"),
            at_most("particle_size", 0.05, "µm"),
            point("density", 1.8, "g/cm3"),
        ],
    ),
    (
        "Graphite block, density 1.85 g/cm3, flexural strength 45 MPa, 99.99% min",
        [
            point("density", 1.85, "g/cm3"),
            point("flexural_strength", 45, "MPa"),
            at_least(None, 99.99, "%"),
        ],
    ),
    # a label does not reach across a clause
    ("purity, 99.99%", [point(None, 99.99, "%", text="99.99%")]),
    ("纯度；99.99%", [point(None, 99.99, "%")]),
    # a word before the value that does not name it is left out of its text
    ("In 50mm", [point(None, 50, "mm", text="50mm")]),
    ("Type C 5mm", [point(None, 5, "mm", text="5mm")]),
    ("wavelength 500 nm", [point(None, 0.0005, "nm")]),
    # a compound's name is not its element's content
    ("氧化镝 99.9%", [point(None, 99.9, "%")]),
    ("硝酸铒 99.9%", [point(None, 99.9, "%")]),
    ("Dy2O3 99.99%", [point(None, 99.99, "%")]),
    ("Ge 5N", [Want("purity", 99.999, 99.9999, "%", high_inclusive=False, text="5N")]),
    # impurities are element contents too
    (
        "Sb 99.65% min, As 0.05%, 硫含量0.02%",
        [
            replace(at_least("content", 99.65, "%"), element="Sb"),
            point("content", 0.05, "%", element="As"),
            point("content", 0.02, "%", element="S"),
        ],
    ),
    ("tungsten powder, FSSS 3.0 um", [point("particle_size", 0.003, "µm")]),
    # elements after the values; a symbol ending one value does not name the next
    (
        "90%W-7%Ni-3%Fe",
        [
            point("content", 90, "%", element="W", text="90%W"),
            point("content", 7, "%", element="Ni", text="7%Ni"),
            point("content", 3, "%", element="Fe", text="3%Fe"),
        ],
    ),
    (
        "tungsten heavy alloy 93%W-4.9%Ni-2.1%Fe, density 17.6 g/cm3",
        [
            point("content", 93, "%", element="W"),
            point("content", 4.9, "%", element="Ni"),
            point("content", 2.1, "%", element="Fe"),
            point("density", 17.6, "g/cm3"),
        ],
    ),
    # elements before the values: "Ni" names 7%, it is not the element of 90%
    (
        "W90%Ni7%Fe3%",
        [
            point("content", 90, "%", element="W", text="W90%"),
            point("content", 7, "%", element="Ni", text="Ni7%"),
            point("content", 3, "%", element="Fe", text="Fe3%"),
        ],
    ),
    (
        "90%W, 7%Ni",
        [point("content", 90, "%", element="W"), point("content", 7, "%", element="Ni")],
    ),
    # a compound after the value is not an element
    ("85%WC", [point(None, 85, "%", text="85%")]),
    ("99.99%Ga2O3", [point(None, 99.99, "%", text="99.99%")]),
    ("99.99% W", [point(None, 99.99, "%", text="99.99%")]),
    # a volume after a throughput that does not say "daily" may be per hour: not read as one
    ("处理量6000立方米", [point(None, 6000, "m3", text="6000立方米")]),
    (
        "纯度(%)：99.99，粒度(μm)：≤50",
        [point("purity", 99.99, "%"), at_most("particle_size", 0.05, "µm")],
    ),
]


@pytest.mark.parametrize(("text", "wants"), SPEC_STRINGS, ids=[t for t, _ in SPEC_STRINGS])
def test_spec_string(text: str, wants: list[Want]) -> None:
    check_all(text, wants)


NOTHING = [
    # values named as some other quantity are not reported, lest they pass for a parameter
    "impurity 0.01%",
    "杂质含量≤0.01%",
    "水分含量0.5%",
    "ash 50 ppm",
    "thickness 0.5 mm",
    "厚度 0.5mm",
    "GaN wafer",
    "2N2222 transistor",
    "5NM",
    "200 mesh",
    "-200 mesh",
    "200目",
    "ingot 25kg",
    "",
    "HS 8112.92",
    "model X200W",
    "ABC-50mm",
    "100x200mm",
    "100 × 200 mm",
    "1,2mm",
    "10 mW",
    "2023-12-01",
    # dimension chains without Φ are ambiguous
    "100×200×5 mm",
    "Φ150×60×5mm",
    # no unit anywhere, or the label names no parameter
    "purity 99.99",
    "Purity: 99.99",
    "Impurity (%): 0.01",
    "杂质(%)：0.01",
    "W%6",
    "(%) 99.9",
    "tungsten 97",
]


@pytest.mark.parametrize("text", NOTHING)
def test_nothing_to_read(text: str) -> None:
    assert extract(text) == []


CHAINS: list[tuple[str, Want, Want]] = [
    ("Ø150×60mm", point("diameter", 150, "mm"), point("length", 60, "mm")),
    ("Φ50×100mm", point("diameter", 50, "mm"), point("length", 100, "mm")),
    ("φ 50 x 100 mm", point("diameter", 50, "mm"), point("length", 100, "mm")),
    ("Φ150mm×60mm", point("diameter", 150, "mm"), point("length", 60, "mm")),
    ("直径150×60mm", point("diameter", 150, "mm"), point("length", 60, "mm")),
    # the announcement's kiln size
    ("Φ3.2×50m", point("diameter", 3200, "m"), point("length", 50000, "m")),
    (
        "Φ1.8 × 20 m to Φ4.6 × 80 m",
        Want("diameter", 1800, 4600, "m"),
        Want("length", 20000, 80000, "m"),
    ),
    ("Φ1.8×20m~Φ4.6×80m", Want("diameter", 1800, 4600, "m"), Want("length", 20000, 80000, "m")),
]


@pytest.mark.parametrize(("text", "diameter", "length"), CHAINS, ids=[t for t, _, _ in CHAINS])
def test_dimension_chain(text: str, diameter: Want, length: Want) -> None:
    found = extract(text)
    assert len(found) == 2, found
    check(found[0], replace(diameter, text=text))
    check(found[1], replace(length, text=text))
    assert found[0].start == found[1].start == 0


def test_dimension_chain_in_a_description() -> None:
    text = "稀土用回转焙烧窑 规格Φ3.2×50m 反应温度800℃"
    diameter, length, temperature = extract(text)
    assert (diameter.label, diameter.low, diameter.text) == ("diameter", 3200, "Φ3.2×50m")
    assert (length.label, length.low, length.text) == ("length", 50000, "Φ3.2×50m")
    assert (temperature.label, temperature.low) == ("temperature", 800)


def test_import_compiles_no_pattern() -> None:
    """The patterns are compiled on first use, so that importing the module is cheap."""
    code = (
        "import re, exportscreen.classify.params as p\n"
        "assert p._patterns.cache_info().currsize == 0\n"
        "assert p._chain_re.cache_info().currsize == 0\n"
        "assert p.extract('纯度99.99%')[0].low == 99.99\n"
        "assert p._patterns.cache_info().currsize == 1\n"
        "assert p._chain_re.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_purity_inside_words() -> None:
    for text in ("GaN wafer 2 inch", "2N2222A", "5N5N", "4N+ grade"):
        assert not [m for m in extract(text) if m.label == "purity" and m.text in ("5N", "2N")]


def test_result_is_a_fresh_list() -> None:
    first = extract("纯度99.99%")
    first.clear()
    assert len(extract("纯度99.99%")) == 1


# --------------------------------------------------------------------------------------------
# Properties

# (label as written, parameter, element, unit spellings that fit its dimension)
LABELS: list[tuple[str, str | None, str | None, list[str]]] = [
    ("纯度", "purity", None, ["%", "ppm"]),
    ("purity", "purity", None, ["%", " %"]),
    ("Dy", "content", "Dy", ["%", "wt%", "ppm"]),
    ("镝", "content", "Dy", ["%"]),
    ("Tb content", "content", "Tb", ["%"]),
    ("体积密度", "density", None, ["g/cm3", "g/cm³", "kg/m3"]),
    ("compacted density", "compacted_density", None, ["g/cm3"]),
    ("抗折强度", "flexural_strength", None, ["MPa", "GPa", "mpa"]),
    ("tensile strength", "tensile_strength", None, ["MPa"]),
    ("粒度", "particle_size", None, ["µm", "μm", "um", "mm", "nm", "微米"]),
    ("average particle size", "particle_size", None, ["um", "mm"]),
    ("Φ", "diameter", None, ["mm", "cm"]),
    ("直径", "diameter", None, ["mm", "m", "毫米"]),
    ("缸径", "bore", None, ["mm"]),
    ("能量密度", "energy_density", None, ["Wh/kg"]),
    ("比容量", "specific_capacity", None, ["mAh/g"]),
    ("位错密度", "dislocation_density", None, ["/cm2", "cm-2", "个/cm²"]),
    ("合成压力", "pressure", None, ["GPa", "MPa"]),
    ("破断力", "breaking_force", None, ["N", "kN"]),
    ("微波功率", "power", None, ["kW", "W"]),
    ("处理量", "throughput", None, ["m3/d", "立方米/日"]),
    ("反应温度", "temperature", None, ["℃", "°C"]),
    ("", None, None, ["%", "mm", "MPa", "g/cm3"]),
]

# (comparator as written before the value, kind); kinds: "=", ">=", ">", "<=", "<"
PREFIXES = [
    ("", "="),
    ("≥", ">="),
    (">=", ">="),
    ("不小于", ">="),
    (">", ">"),
    ("＞", ">"),
    ("大于", ">"),
    ("≤", "<="),
    ("不大于", "<="),
    ("<", "<"),
    ("小于", "<"),
    ("约", "="),
]
SUFFIXES = [("", "="), ("以上", ">="), ("以下", "<="), (" min", ">="), (" max", "<=")]

values = st.decimals(
    min_value=Decimal("0.001"), max_value=Decimal("99999"), places=3, allow_nan=False
)


def render(value: Decimal) -> str:
    return format(value.normalize(), "f")


def expected_bounds(kind: str, value: float) -> tuple[float | None, float | None, bool, bool]:
    return {
        "=": (value, value, True, True),
        ">=": (value, None, True, False),
        ">": (value, None, False, False),
        "<=": (None, value, False, True),
        "<": (None, value, False, False),
    }[kind]


@settings(max_examples=300, deadline=None)
@given(
    label=st.sampled_from(LABELS),
    comparator=st.sampled_from(PREFIXES + SUFFIXES),
    value=values,
    data=st.data(),
    layout=st.sampled_from(["{l}{c}{v}{u}", "{l} {c}{v} {u}", "{l}: {c} {v}{u}", "{l}{c} {v} {u}"]),
)
def test_round_trip(
    label: tuple[str, str | None, str | None, list[str]],
    comparator: tuple[str, str],
    value: Decimal,
    data: st.DataObject,
    layout: str,
) -> None:
    word, parameter, element, spellings = label
    spelling = data.draw(st.sampled_from(spellings))
    written_comparator, kind = comparator
    is_suffix = (written_comparator, kind) in SUFFIXES and written_comparator != ""
    if not word and layout.startswith("{l}:"):
        layout = layout[5:]  # no label, no colon
    text = layout.format(
        l=word, c="" if is_suffix else written_comparator, v=render(value), u=spelling
    )
    if is_suffix:
        text += written_comparator

    found = extract(text)

    assert len(found) == 1, (text, found)
    measurement = found[0]
    unit = parse_unit(spelling)
    assert unit is not None
    canonical = float(value) * unit.factor
    low, high, low_inclusive, high_inclusive = expected_bounds(kind, canonical)
    assert measurement.label == parameter, text
    assert measurement.element == element, text
    assert measurement.unit == unit.symbol, text
    assert close(measurement.low, low), (text, measurement)
    assert close(measurement.high, high), (text, measurement)
    assert (measurement.low_inclusive, measurement.high_inclusive) == (
        low_inclusive,
        high_inclusive,
    ), text
    assert measurement.text == text.strip(), text


@settings(max_examples=200, deadline=None)
@given(
    label=st.sampled_from([label for label in LABELS if label[0]]),
    comparator=st.sampled_from(PREFIXES),
    value=values,
    data=st.data(),
    layout=st.sampled_from(["{l} ({u}): {c}{v}", "{l}（{u}）：{c}{v}", "{l} [{u}] {c} {v}"]),
)
def test_unit_in_label_reads_like_unit_after_value(
    label: tuple[str, str | None, str | None, list[str]],
    comparator: tuple[str, str],
    value: Decimal,
    data: st.DataObject,
    layout: str,
) -> None:
    word, parameter, element, spellings = label
    spelling = data.draw(st.sampled_from(spellings)).strip()
    written_comparator, kind = comparator
    text = layout.format(l=word, u=spelling, c=written_comparator, v=render(value))

    [measurement] = extract(text)

    unit = parse_unit(spelling)
    assert unit is not None
    low, high, low_inclusive, high_inclusive = expected_bounds(kind, float(value) * unit.factor)
    assert (measurement.label, measurement.element) == (parameter, element), text
    assert measurement.unit == unit.symbol, text
    assert close(measurement.low, low), (text, measurement)
    assert close(measurement.high, high), (text, measurement)
    assert (measurement.low_inclusive, measurement.high_inclusive) == (
        low_inclusive,
        high_inclusive,
    ), text
    assert measurement.text == text


ALLOY_ELEMENTS = ["W", "Ni", "Fe", "Co", "Cu", "Ag", "Mo", "Dy", "Tb", "C", "S", "B"]


@given(
    st.lists(
        st.tuples(values, st.sampled_from(["%", "wt%", "％"]), st.sampled_from(ALLOY_ELEMENTS)),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["-", ", ", " / ", "，"]),
)
def test_elements_after_values(parts: list[tuple[Decimal, str, str]], separator: str) -> None:
    text = separator.join(f"{render(value)}{unit}{element}" for value, unit, element in parts)
    found = extract(text)
    assert [(m.label, m.element) for m in found] == [("content", e) for _, _, e in parts], text
    for measurement, (value, _, _) in zip(found, parts, strict=True):
        assert close(measurement.low, float(value)) and close(measurement.high, float(value))


@given(
    st.sampled_from(["Φ", "φ", "Ø", "直径"]),
    values,
    values,
    st.sampled_from(["mm", "m", "cm", "毫米", "米"]),
    st.sampled_from(["{a}×{b}{u}", "{a} × {b} {u}", "{a}x{b}{u}", "{a}*{b} {u}"]),
)
def test_dimension_chains(mark: str, a: Decimal, b: Decimal, spelling: str, layout: str) -> None:
    text = mark + layout.format(a=render(a), b=render(b), u=spelling)
    unit = parse_unit(spelling)
    assert unit is not None
    diameter, length = extract(text)
    assert (diameter.label, length.label) == ("diameter", "length")
    assert close(diameter.low, float(a) * unit.factor) and diameter.low == diameter.high
    assert close(length.low, float(b) * unit.factor) and length.low == length.high
    assert diameter.text == length.text == text


@given(values, st.sampled_from(["{:,}", "{}"]))
def test_thousands_separators(value: Decimal, fmt: str) -> None:
    text = fmt.format(value.normalize().quantize(Decimal("0.001"))) + " m3/d"
    [measurement] = extract(text)
    assert close(measurement.low, float(value))


@given(st.integers(min_value=1, max_value=10**7))
def test_same_quantity_in_different_units(micrometres: int) -> None:
    as_millimetres = format(Decimal(micrometres) / 1000, "f")
    as_nanometres = str(micrometres * 1000)
    readings = [
        extract(f"粒度{micrometres}µm")[0],
        extract(f"粒度{micrometres}um")[0],
        extract(f"粒度{as_millimetres}mm")[0],
        extract(f"粒度{as_nanometres} nm")[0],
    ]
    assert all(close(r.low, readings[0].low) for r in readings), readings
    assert all(r.label == "particle_size" for r in readings)


@given(st.integers(min_value=1, max_value=10**6))
def test_full_width_digits_read_like_ascii(number: int) -> None:
    ascii_text = f"纯度≥{number}ppm"
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in ascii_text)
    [plain] = extract(ascii_text)
    [wide] = extract(full_width)
    assert (wide.low, wide.high, wide.label) == (plain.low, plain.high, plain.label)
    assert wide.text == full_width[wide.start : wide.end] == full_width


def check_invariants(text: str) -> None:
    found = extract(text)
    previous_end = 0
    previous: Measurement | None = None
    for measurement in found:
        assert text[measurement.start : measurement.end] == measurement.text
        if previous is not None and (previous.start, previous.end) == (
            measurement.start,
            measurement.end,
        ):
            # the diameter and length of one Φ chain share its span
            assert (previous.label, measurement.label) == ("diameter", "length")
        else:
            assert previous_end <= measurement.start < measurement.end <= len(text)
        previous_end = measurement.end
        previous = measurement
        assert parse_unit(measurement.unit) == UNITS[measurement.unit]
        assert UNITS[measurement.unit].dimension == measurement.dimension
        if measurement.label is not None:
            assert PARAMETERS[measurement.label].dimension == measurement.dimension
        assert (measurement.element is not None) == (measurement.label == "content")
        if measurement.low is not None and measurement.high is not None:
            assert measurement.low <= measurement.high
        assert measurement.low is not None or measurement.high is not None
        for bound in (measurement.low, measurement.high):
            assert bound is None or math.isfinite(bound)


@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    check_invariants(text)


# Fragments that exercise the interesting paths when glued together at random.
FRAGMENTS = [
    *"0123456789.,-~ %NHx×*:：，；",
    "５", "．", "％", "～", "＞", "≥", "≤", "±", "^", "⁴", "⁻",
    "mm", "µm", "μm", "um", "MPa", "g/cm3", "Wh/kg", "/cm2", "℃", "HRB", "m3/d", "ppm",
    "纯度", "含量", "镝", "Dy", "C", "Φ", "粒度", "D50", "purity ", "min", "max", "以上",
    "e", "10", "N5", "GaN", "mesh", "目", "\u3000", "µ",
    "Ø", "直径", "m", " to ", "(%)", "（%）", "(", ")", "W", "Ni", "tungsten content ", "日处理量",
    "立方米", "处理量",
]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_invariants_on_value_like_text(text: str) -> None:
    check_invariants(text)


@given(st.lists(st.sampled_from([t for t, _ in SINGLE_VALUES[:40]]), min_size=1, max_size=5))
def test_values_separated_by_clauses_are_all_found(texts: list[str]) -> None:
    joined = "；".join(texts)
    expected = [len(extract(text)) for text in texts]
    assert len(extract(joined)) == sum(expected)
