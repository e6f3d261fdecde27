"""Units of measure and the named technical parameters that control-list thresholds use.

Every unit belongs to a *dimension* (``"length"``, ``"pressure"``...) whose canonical unit has
factor 1.0; a value in any other unit of that dimension is converted by multiplying by the
unit's ``factor``. Thresholds in the rules and values read from declarations are both compared
in canonical units, so ``50 µm`` and ``0.05 mm`` are the same measurement.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of measure: ``value_in_this_unit * factor == value_in_canonical_unit``."""

    symbol: str
    dimension: str
    factor: float


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named technical parameter that a control item can set a threshold on."""

    name: str
    dimension: str
    description: str
    needs_element: bool = False


@dataclass(frozen=True, slots=True)
class _UnitSpellings:
    unit: Unit
    # Spellings that must match exactly: case matters for them ("MW" is not "mW", "nm" is not
    # "NM" — which in a declaration is as likely newton-metres).
    exact: tuple[str, ...] = ()
    # Spellings that may be written in any case ("MPA", "mpa", "UM", "KW").
    caseless: tuple[str, ...] = ()


# The canonical unit of each dimension (factor 1.0).
CANONICAL_UNITS: dict[str, str] = {
    "fraction": "%",
    "density": "g/cm3",
    "pressure": "MPa",
    "length": "mm",
    "energy_density": "Wh/kg",
    "specific_capacity": "mAh/g",
    "areal_density": "/cm2",
    "force": "N",
    "speed": "m/s",
    "power": "kW",
    "volume": "m3",
    "flow": "m3/d",
    "temperature": "°C",
    "hardness": "HRB",
}

_SPELLINGS: tuple[_UnitSpellings, ...] = (
    # fraction
    _UnitSpellings(
        Unit("%", "fraction", 1.0),
        exact=("%", "％", "﹪", "质量%"),
        caseless=("wt%", "wt.%", "wt %", "mass%", "at%", "at.%", "mol%"),
    ),
    _UnitSpellings(Unit("ppm", "fraction", 1e-4), caseless=("ppm", "ppmw", "ppmwt", "ppma")),
    _UnitSpellings(Unit("ppb", "fraction", 1e-7), caseless=("ppb", "ppbw", "ppba")),
    # density
    _UnitSpellings(
        Unit("g/cm3", "density", 1.0),
        exact=("g/cm³", "g/㎤", "克/立方厘米"),
        caseless=("g/cm3", "g/cm^3", "g/cc", "g/ml"),
    ),
    _UnitSpellings(
        Unit("kg/m3", "density", 0.001),
        exact=("kg/m³", "kg/㎥", "千克/立方米", "公斤/立方米"),
        caseless=("kg/m3", "kg/m^3"),
    ),
    # pressure
    _UnitSpellings(
        Unit("MPa", "pressure", 1.0),
        exact=("兆帕", "㎫", "N/mm²"),
        caseless=("MPa", "N/mm2", "N/mm^2"),
    ),
    _UnitSpellings(Unit("GPa", "pressure", 1000.0), exact=("吉帕", "㎬"), caseless=("GPa",)),
    _UnitSpellings(Unit("kPa", "pressure", 0.001), exact=("千帕", "㎪"), caseless=("kPa",)),
    _UnitSpellings(Unit("bar", "pressure", 0.1), caseless=("bar",)),
    _UnitSpellings(Unit("psi", "pressure", 0.006894757293168361), caseless=("psi",)),
    # length
    _UnitSpellings(Unit("mm", "length", 1.0), exact=("毫米", "㎜"), caseless=("mm",)),
    _UnitSpellings(
        Unit("µm", "length", 0.001),
        # A bare "μ" after a number is the usual shorthand for microns in Chinese declarations.
        exact=("µm", "μm", "微米", "㎛", "μ", "µ"),
        caseless=(
            "um",
            "micron",
            "microns",
            "micrometer",
            "micrometers",
            "micrometre",
            "micrometres",
        ),
    ),
    _UnitSpellings(
        Unit("nm", "length", 1e-6),
        exact=("nm", "纳米", "㎚"),
        caseless=("nanometer", "nanometers", "nanometre", "nanometres"),
    ),
    _UnitSpellings(Unit("cm", "length", 10.0), exact=("厘米", "㎝", "公分"), caseless=("cm",)),
    _UnitSpellings(
        Unit("m", "length", 1000.0),
        exact=("m", "米"),
        caseless=("meter", "meters", "metre", "metres"),
    ),
    # energy density and specific capacity (battery materials)
    _UnitSpellings(
        Unit("Wh/kg", "energy_density", 1.0),
        exact=("瓦时/千克", "瓦时/公斤"),
        caseless=("Wh/kg", "W·h/kg", "W.h/kg"),
    ),
    _UnitSpellings(
        Unit("mAh/g", "specific_capacity", 1.0),
        exact=("毫安时/克",),
        caseless=("mAh/g", "mA·h/g", "mA.h/g"),
    ),
    # areal density (dislocation / etch-pit density)
    _UnitSpellings(
        Unit("/cm2", "areal_density", 1.0),
        exact=("/cm²", "/㎠", "cm⁻²", "个/cm2", "个/cm²", "个/平方厘米", "/平方厘米"),
        caseless=("/cm2", "cm-2", "cm^-2", "cm−2"),
    ),
    # force
    _UnitSpellings(
        Unit("N", "force", 1.0), exact=("N", "牛", "牛顿"), caseless=("newton", "newtons")
    ),
    _UnitSpellings(Unit("kN", "force", 1000.0), exact=("kN", "KN", "千牛")),
    # speed
    _UnitSpellings(Unit("m/s", "speed", 1.0), exact=("米/秒",), caseless=("m/s", "m/sec")),
    # power
    _UnitSpellings(Unit("kW", "power", 1.0), exact=("千瓦", "㎾"), caseless=("kW",)),
    _UnitSpellings(Unit("W", "power", 0.001), exact=("W", "瓦"), caseless=("watt", "watts")),
    _UnitSpellings(Unit("MW", "power", 1000.0), exact=("MW", "兆瓦", "㎿")),
    # volume
    _UnitSpellings(
        Unit("m3", "volume", 1.0),
        exact=("m³", "㎥", "立方米", "立方"),
        caseless=("m3", "m^3", "cbm"),
    ),
    _UnitSpellings(
        Unit("cm3", "volume", 1e-6),
        exact=("cm³", "㎤", "立方厘米"),
        caseless=("cm3", "cm^3", "cc", "ml"),
    ),
    _UnitSpellings(
        Unit("L", "volume", 0.001),
        exact=("L", "l", "ℓ", "升"),
        caseless=("litre", "liter", "litres", "liters"),
    ),
    # flow (daily throughput of a plant)
    _UnitSpellings(
        Unit("m3/d", "flow", 1.0),
        exact=("m³/d", "m³/天", "m³/日", "立方米/天", "立方米/日", "方/天"),
        caseless=("m3/d", "m3/day", "m^3/d", "m3/天", "m3/日", "cbm/d"),
    ),
    _UnitSpellings(
        Unit("m3/h", "flow", 24.0),
        exact=("m³/h", "立方米/小时", "立方米/时"),
        caseless=("m3/h", "m3/hr", "m^3/h"),
    ),
    # temperature: only Celsius, as Kelvin/Fahrenheit need an offset, not a factor.
    _UnitSpellings(
        Unit("°C", "temperature", 1.0),
        exact=("℃", "摄氏度"),
        caseless=("°C", "ºC", "˚C", "° C"),
    ),
    # hardness (Rockwell B)
    _UnitSpellings(Unit("HRB", "hardness", 1.0), caseless=("HRB",)),
)

UNITS: dict[str, Unit] = {entry.unit.symbol: entry.unit for entry in _SPELLINGS}


def compact_spelling(text: str) -> str:
    """A unit spelling with whitespace removed, the form the lookup tables are keyed by."""
    return "".join(text.split())


def _build_lookups() -> tuple[dict[str, Unit], dict[str, Unit]]:
    exact: dict[str, Unit] = {}
    caseless: dict[str, Unit] = {}
    for entry in _SPELLINGS:
        for spelling in (*entry.exact, *entry.caseless):
            exact[compact_spelling(spelling)] = entry.unit
        for spelling in entry.caseless:
            key = compact_spelling(spelling).casefold()
            previous = caseless.setdefault(key, entry.unit)
            if previous is not entry.unit:  # pragma: no cover - guards the table above
                raise ValueError(f"caseless unit spelling {spelling!r} is ambiguous")
    return exact, caseless


_EXACT_LOOKUP, _CASELESS_LOOKUP = _build_lookups()


def unit_spellings() -> list[tuple[str, bool]]:
    """Every known spelling with whether it may match in any case; for building extractors."""
    spellings: list[tuple[str, bool]] = []
    for entry in _SPELLINGS:
        spellings.extend((spelling, False) for spelling in entry.exact)
        spellings.extend((spelling, True) for spelling in entry.caseless)
    return spellings


def parse_unit(text: str) -> Unit | None:
    """The unit a spelling stands for ("g/cc", "微米", "MPA"...), or None if unknown."""
    key = compact_spelling(text)
    unit = _lookup(key)
    if unit is None:
        # Full-width letters, "m³"-style superscripts and the micro sign fold under NFKC.
        folded = unicodedata.normalize("NFKC", key)
        if folded != key:
            unit = _lookup(folded)
    return unit


def _lookup(key: str) -> Unit | None:
    unit = _EXACT_LOOKUP.get(key)
    if unit is None:
        unit = _CASELESS_LOOKUP.get(key.casefold())
    return unit


def lookup_spelling(matched: str) -> Unit | None:
    """Fast lookup for text matched by a pattern built from :func:`unit_spellings`."""
    unit = _EXACT_LOOKUP.get(matched) or _CASELESS_LOOKUP.get(matched.casefold())
    return unit if unit is not None else _lookup(compact_spelling(matched))


_PARAMETER_LIST: tuple[Parameter, ...] = (
    Parameter("purity", "fraction", "Purity of the material, e.g. 99.999 % (5N)."),
    Parameter(
        "content",
        "fraction",
        "Content of a named chemical element, e.g. Dy 1.9 %.",
        needs_element=True,
    ),
    Parameter("density", "density", "Density (bulk or true) of the material."),
    Parameter("compacted_density", "density", "Compacted (pressed) density of electrode powder."),
    Parameter("flexural_strength", "pressure", "Flexural (bending) strength."),
    Parameter("tensile_strength", "pressure", "Ultimate tensile strength."),
    Parameter("elastic_limit", "pressure", "Elastic limit of the material."),
    Parameter("elongation", "fraction", "Elongation at break."),
    Parameter("particle_size", "length", "Average (median, D50) particle size."),
    Parameter("wire_diameter", "length", "Diameter of a wire."),
    Parameter("diameter", "length", "Outer diameter of a part or ingot."),
    Parameter("inner_diameter", "length", "Inner diameter of a tube or ring."),
    Parameter("length", "length", "Length of a part."),
    Parameter("wall_thickness", "length", "Wall thickness of a tube or vessel."),
    Parameter("bore", "length", "Cylinder bore of a press or engine."),
    Parameter("energy_density", "energy_density", "Gravimetric energy density of a cell."),
    Parameter("specific_capacity", "specific_capacity", "Specific capacity of electrode material."),
    Parameter(
        "dislocation_density", "areal_density", "Dislocation (etch-pit) density of a crystal."
    ),
    Parameter("pressure", "pressure", "Working or synthesis pressure of equipment."),
    Parameter("breaking_force", "force", "Breaking force (load) of a wire or cable."),
    Parameter("hardness", "hardness", "Rockwell B hardness."),
    Parameter("speed", "speed", "Linear speed of equipment."),
    Parameter("power", "power", "Power of equipment, e.g. microwave power."),
    Parameter("volume", "volume", "Volume of a vessel or chamber."),
    Parameter("throughput", "flow", "Daily processing throughput of a plant."),
    Parameter("temperature", "temperature", "Working or reaction temperature."),
)

PARAMETERS: dict[str, Parameter] = {parameter.name: parameter for parameter in _PARAMETER_LIST}
