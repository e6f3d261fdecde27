"""Units table, unit spellings and the closed set of parameters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportscreen.units import (
    CANONICAL_UNITS,
    PARAMETERS,
    UNITS,
    Parameter,
    Unit,
    parse_unit,
)

SPELLINGS = [
    # density
    ("g/cm3", "g/cm3"),
    ("g/cm³", "g/cm3"),
    ("g/cc", "g/cm3"),
    ("g/cm^3", "g/cm3"),
    ("克/立方厘米", "g/cm3"),
    ("G/CM3", "g/cm3"),
    ("g / cm3", "g/cm3"),
    ("kg/m3", "kg/m3"),
    ("kg/m³", "kg/m3"),
    # length
    ("um", "µm"),
    ("μm", "µm"),  # Greek mu, U+03BC
    ("µm", "µm"),  # micro sign, U+00B5
    ("微米", "µm"),
    ("micron", "µm"),
    ("UM", "µm"),
    ("mm", "mm"),
    ("MM", "mm"),
    ("毫米", "mm"),
    ("nm", "nm"),
    ("纳米", "nm"),
    ("cm", "cm"),
    ("m", "m"),
    ("米", "m"),
    # pressure
    ("MPa", "MPa"),
    ("mpa", "MPa"),
    ("Mpa", "MPa"),
    ("MPA", "MPa"),
    ("兆帕", "MPa"),
    ("GPa", "GPa"),
    ("gpa", "GPa"),
    ("吉帕", "GPa"),
    ("kPa", "kPa"),
    # fraction
    ("%", "%"),
    ("％", "%"),
    ("wt%", "%"),
    ("mass%", "%"),
    ("at%", "%"),
    ("ppm", "ppm"),
    ("ppb", "ppb"),
    # battery
    ("Wh/kg", "Wh/kg"),
    ("wh/kg", "Wh/kg"),
    ("mAh/g", "mAh/g"),
    # areal density
    ("/cm2", "/cm2"),
    ("/cm²", "/cm2"),
    ("cm-2", "/cm2"),
    ("cm^-2", "/cm2"),
    ("cm⁻²", "/cm2"),
    ("个/cm2", "/cm2"),
    ("个/平方厘米", "/cm2"),
    # force, speed, power
    ("N", "N"),
    ("牛", "N"),
    ("kN", "kN"),
    ("m/s", "m/s"),
    ("kW", "kW"),
    ("KW", "kW"),
    ("千瓦", "kW"),
    ("W", "W"),
    ("MW", "MW"),
    # volume and flow
    ("m3", "m3"),
    ("m³", "m3"),
    ("立方米", "m3"),
    ("L", "L"),
    ("升", "L"),
    ("m3/d", "m3/d"),
    ("m³/天", "m3/d"),
    ("立方米/日", "m3/d"),
    # temperature, hardness
    ("°C", "°C"),
    ("℃", "°C"),
    ("摄氏度", "°C"),
    ("HRB", "HRB"),
    ("hrb", "HRB"),
    # full-width letters fold under NFKC
    ("ＭＰａ", "MPa"),
    (" mm ", "mm"),
]


@pytest.mark.parametrize(("spelling", "symbol"), SPELLINGS)
def test_parse_unit_spellings(spelling: str, symbol: str) -> None:
    unit = parse_unit(spelling)
    assert unit is not None
    assert unit.symbol == symbol


@pytest.mark.parametrize("text", ["", "kg", "mesh", "目", "foo", "mW", "NM", "M", "Pa", "mpa2"])
def test_parse_unit_unknown(text: str) -> None:
    assert parse_unit(text) is None


@pytest.mark.parametrize(
    ("symbol", "dimension", "factor"),
    [
        ("%", "fraction", 1.0),
        ("ppm", "fraction", 1e-4),
        ("ppb", "fraction", 1e-7),
        ("g/cm3", "density", 1.0),
        ("kg/m3", "density", 0.001),
        ("MPa", "pressure", 1.0),
        ("GPa", "pressure", 1000.0),
        ("kPa", "pressure", 0.001),
        ("mm", "length", 1.0),
        ("µm", "length", 0.001),
        ("nm", "length", 1e-6),
        ("cm", "length", 10.0),
        ("m", "length", 1000.0),
        ("Wh/kg", "energy_density", 1.0),
        ("mAh/g", "specific_capacity", 1.0),
        ("/cm2", "areal_density", 1.0),
        ("N", "force", 1.0),
        ("m/s", "speed", 1.0),
        ("kW", "power", 1.0),
        ("W", "power", 0.001),
        ("MW", "power", 1000.0),
        ("m3", "volume", 1.0),
        ("L", "volume", 0.001),
        ("m3/d", "flow", 1.0),
        ("°C", "temperature", 1.0),
        ("HRB", "hardness", 1.0),
    ],
)
def test_unit_table(symbol: str, dimension: str, factor: float) -> None:
    assert UNITS[symbol] == Unit(symbol, dimension, factor)


def test_every_dimension_has_a_canonical_unit_of_factor_one() -> None:
    dimensions = {unit.dimension for unit in UNITS.values()}
    assert dimensions == set(CANONICAL_UNITS)
    for dimension, symbol in CANONICAL_UNITS.items():
        assert UNITS[symbol] == Unit(symbol, dimension, 1.0)


def test_units_are_keyed_by_symbol_and_parse_back() -> None:
    for symbol, unit in UNITS.items():
        assert unit.symbol == symbol
        assert parse_unit(symbol) == unit


EXPECTED_PARAMETERS = {
    "purity": "fraction",
    "content": "fraction",
    "density": "density",
    "compacted_density": "density",
    "flexural_strength": "pressure",
    "tensile_strength": "pressure",
    "elastic_limit": "pressure",
    "elongation": "fraction",
    "particle_size": "length",
    "wire_diameter": "length",
    "diameter": "length",
    "inner_diameter": "length",
    "length": "length",
    "wall_thickness": "length",
    "bore": "length",
    "energy_density": "energy_density",
    "specific_capacity": "specific_capacity",
    "dislocation_density": "areal_density",
    "pressure": "pressure",
    "breaking_force": "force",
    "hardness": "hardness",
    "speed": "speed",
    "power": "power",
    "volume": "volume",
    "throughput": "flow",
    "temperature": "temperature",
}


def test_parameters_are_the_closed_set() -> None:
    assert {name: p.dimension for name, p in PARAMETERS.items()} == EXPECTED_PARAMETERS
    for name, parameter in PARAMETERS.items():
        assert isinstance(parameter, Parameter)
        assert parameter.name == name
        assert parameter.description and "\n" not in parameter.description
        assert parameter.dimension in CANONICAL_UNITS
        assert parameter.needs_element is (name == "content")


def test_records_are_frozen() -> None:
    with pytest.raises(AttributeError):
        UNITS["mm"].factor = 2.0  # type: ignore[misc]


@given(st.text(max_size=30))
def test_parse_unit_never_raises(text: str) -> None:
    unit = parse_unit(text)
    assert unit is None or unit in UNITS.values()


@given(
    st.sampled_from(["MPa", "GPa", "kPa", "Wh/kg", "mAh/g", "ppm", "g/cm3", "um", "mm"]), st.data()
)
def test_caseless_spellings_match_in_any_case(spelling: str, data: st.DataObject) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(spelling), max_size=len(spelling)))
    written = "".join(
        c.upper() if flip else c.lower() for c, flip in zip(spelling, flips, strict=True)
    )
    assert parse_unit(written) == parse_unit(spelling)
