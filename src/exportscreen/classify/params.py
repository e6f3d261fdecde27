"""Read measured technical values ("纯度≥99.99%", "flexural strength 45 MPa") out of free text.

:func:`extract` finds every number that carries a known unit (or purity "N" notation such as
``5N``), reads the comparator or range around it, converts it to the canonical unit of its
dimension, and names the parameter from the word written just before it.

How it works, and why it is fast enough for 100,000-row manifests:

* The text is folded to half-width with a character-for-character table, so full-width digits
  and signs match and every offset still points into the caller's original string.
* One pass of a single compiled pattern finds the values with their units, ranges and trailing
  comparators ("以上", "max").
* What precedes a value (comparator, then label) is read by matching a second compiled pattern
  against the few characters before the value *reversed*: an anchored match right-to-left is one
  attempt instead of a search over every start position.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from exportscreen.classify.units import PARAMETERS, UNITS, Unit, lookup_spelling, unit_spellings

__all__ = ["Measurement", "extract"]


@dataclass(frozen=True, slots=True)
class Measurement:
    """A value read from text, as an interval in the canonical unit of its dimension.

    A point value has ``low == high``, both inclusive. An unbounded side is ``None`` and its
    ``*_inclusive`` flag is False.
    """

    dimension: str
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    label: str | None
    element: str | None
    unit: str
    text: str
    start: int
    end: int


# --------------------------------------------------------------------------------------------
# Vocabulary

# Element symbols and Chinese names whose content a declaration may state ("Dy 1.9%", "含镝1.9%").
_ELEMENTS: dict[str, str] = {
    "Ga": "镓", "Ge": "锗", "Sb": "锑", "W": "钨", "Te": "碲", "Bi": "铋", "Mo": "钼",
    "In": "铟", "Sm": "钐", "Gd": "钆", "Tb": "铽", "Dy": "镝", "Lu": "镥", "Sc": "钪",
    "Y": "钇", "Ho": "钬", "Er": "铒", "Tm": "铥", "Eu": "铕", "Yb": "镱", "Nd": "钕",
    "Pr": "镨", "Ce": "铈", "La": "镧", "Co": "钴", "Ni": "镍", "Cu": "铜", "Fe": "铁",
    "Ag": "银", "Al": "铝", "C": "碳", "Si": "硅", "Li": "锂", "Ta": "钽", "Nb": "铌",
    "Re": "铼", "Ti": "钛", "Zr": "锆", "Hf": "铪", "Pt": "铂",
}  # fmt: skip
_ELEMENT_BY_CHINESE = {chinese: symbol for symbol, chinese in _ELEMENTS.items()}
# Single-letter symbols are only trusted right next to the number ("C:0.02%"), never across
# a longer separator, as a stray capital letter is common in model names.
_SINGLE_LETTER_SYMBOLS = tuple(symbol for symbol in _ELEMENTS if len(symbol) == 1)
_MULTI_LETTER_SYMBOLS = tuple(symbol for symbol in _ELEMENTS if len(symbol) > 1)

# Label words, written forwards. Latin words match in any case and as whole words only.
_LATIN_LABELS: dict[str, str] = {
    "purity": "purity", "assay": "purity", "fixed carbon": "purity",
    "density": "density", "bulk density": "density", "apparent density": "density",
    "tap density": "density", "true density": "density",
    "compacted density": "compacted_density", "compaction density": "compacted_density",
    "press density": "compacted_density", "pressed density": "compacted_density",
    "flexural strength": "flexural_strength", "bending strength": "flexural_strength",
    "tensile strength": "tensile_strength", "ultimate tensile strength": "tensile_strength",
    "elastic limit": "elastic_limit",
    "elongation": "elongation", "elongation at break": "elongation",
    "particle size": "particle_size", "average particle size": "particle_size",
    "mean particle size": "particle_size", "median particle size": "particle_size",
    "grain size": "particle_size", "average grain size": "particle_size",
    "wire diameter": "wire_diameter", "wire dia": "wire_diameter", "wire dia.": "wire_diameter",
    "diameter": "diameter", "dia": "diameter", "dia.": "diameter",
    "outer diameter": "diameter", "outside diameter": "diameter",
    "inner diameter": "inner_diameter", "internal diameter": "inner_diameter",
    "inside diameter": "inner_diameter",
    "length": "length",
    "wall thickness": "wall_thickness",
    "bore": "bore", "cylinder bore": "bore", "bore diameter": "bore",
    "energy density": "energy_density", "gravimetric energy density": "energy_density",
    "specific energy": "energy_density",
    "specific capacity": "specific_capacity", "discharge specific capacity": "specific_capacity",
    "gram capacity": "specific_capacity",
    "dislocation density": "dislocation_density", "etch pit density": "dislocation_density",
    "pressure": "pressure", "working pressure": "pressure", "operating pressure": "pressure",
    "synthesis pressure": "pressure",
    "breaking force": "breaking_force", "breaking load": "breaking_force",
    "hardness": "hardness",
    "speed": "speed", "linear speed": "speed", "velocity": "speed",
    "power": "power", "microwave power": "power", "rated power": "power",
    "output power": "power",
    "volume": "volume", "chamber volume": "volume",
    "throughput": "throughput", "daily throughput": "throughput",
    "processing capacity": "throughput", "treatment capacity": "throughput",
    "temperature": "temperature", "temp": "temperature", "temp.": "temperature",
    "reaction temperature": "temperature", "working temperature": "temperature",
    "operating temperature": "temperature",
}  # fmt: skip
# Abbreviations that only mean the parameter in this exact case ("ID", not "id").
_CASED_LABELS: dict[str, str] = {
    "D50": "particle_size", "d50": "particle_size", "APS": "particle_size",
    "ID": "inner_diameter", "OD": "diameter", "EPD": "dislocation_density",
    "Φ": "diameter", "φ": "diameter", "ϕ": "diameter", "Ø": "diameter", "ø": "diameter",
    "∅": "diameter",
}  # fmt: skip
_CHINESE_LABELS: dict[str, str] = {
    "纯度": "purity", "主含量": "purity", "固定碳": "purity", "固定碳含量": "purity",
    "密度": "density", "体积密度": "density", "真密度": "density", "振实密度": "density",
    "堆积密度": "density", "松装密度": "density",
    "压实密度": "compacted_density", "极片压实密度": "compacted_density",
    "抗折强度": "flexural_strength", "抗弯强度": "flexural_strength",
    "弯曲强度": "flexural_strength",
    "抗拉强度": "tensile_strength", "拉伸强度": "tensile_strength",
    "弹性极限": "elastic_limit",
    "延伸率": "elongation", "伸长率": "elongation", "断后伸长率": "elongation",
    "粒度": "particle_size", "粒径": "particle_size", "平均粒径": "particle_size",
    "平均粒度": "particle_size", "中位粒径": "particle_size", "颗粒尺寸": "particle_size",
    "颗粒大小": "particle_size", "颗粒度": "particle_size",
    "线径": "wire_diameter", "丝径": "wire_diameter",
    "直径": "diameter", "外径": "diameter",
    "内径": "inner_diameter",
    "长度": "length", "长": "length",
    "壁厚": "wall_thickness",
    "缸径": "bore",
    "能量密度": "energy_density", "质量能量密度": "energy_density", "比能量": "energy_density",
    "比容量": "specific_capacity", "克容量": "specific_capacity",
    "放电比容量": "specific_capacity",
    "位错密度": "dislocation_density",
    "压力": "pressure", "工作压力": "pressure", "合成压力": "pressure",
    "破断力": "breaking_force", "断裂力": "breaking_force", "破断拉力": "breaking_force",
    "拉断力": "breaking_force",
    "硬度": "hardness",
    "线速度": "speed", "速度": "speed", "转速": "speed",
    "功率": "power", "微波功率": "power", "额定功率": "power",
    "容积": "volume", "体积": "volume",
    "处理量": "throughput", "日处理量": "throughput", "处理能力": "throughput",
    "温度": "temperature", "反应温度": "temperature", "工作温度": "temperature",
}  # fmt: skip
# A bare "含量" (content) means purity only when nothing precedes it; "硫含量" is the sulphur
# content and "杂质含量" the impurity content, neither of which is the purity.
_BARE_CONTENT = "含量"
_CONTENT_WORDS_CHINESE = ("含量",)
_CONTENT_WORDS_LATIN = ("content", "concentration")

_LABELS_BY_KEY: dict[str, str] = {
    **{word.casefold(): name for word, name in _LATIN_LABELS.items()},
    **{word.casefold(): name for word, name in _CASED_LABELS.items()},
    **_CHINESE_LABELS,
    _BARE_CONTENT: "purity",
}

# Comparators written before a value, with the bound they set.
_AT_LEAST, _ABOVE, _AT_MOST, _BELOW, _ABOUT = "ge", "gt", "le", "lt", "approx"
_PREFIX_SYMBOLS: dict[str, str] = {
    "≥": _AT_LEAST, "≧": _AT_LEAST, "⩾": _AT_LEAST, ">=": _AT_LEAST, "=>": _AT_LEAST,
    "≮": _AT_LEAST, "不小于": _AT_LEAST, "不低于": _AT_LEAST, "不少于": _AT_LEAST,
    "大于等于": _AT_LEAST, "大于或等于": _AT_LEAST, "至少": _AT_LEAST,
    ">": _ABOVE, "大于": _ABOVE, "高于": _ABOVE, "超过": _ABOVE, "超出": _ABOVE,
    "≤": _AT_MOST, "≦": _AT_MOST, "⩽": _AT_MOST, "<=": _AT_MOST, "=<": _AT_MOST,
    "≯": _AT_MOST, "不大于": _AT_MOST, "不超过": _AT_MOST, "不高于": _AT_MOST,
    "不多于": _AT_MOST, "小于等于": _AT_MOST, "小于或等于": _AT_MOST, "至多": _AT_MOST,
    "<": _BELOW, "小于": _BELOW, "低于": _BELOW, "少于": _BELOW,
    "约": _ABOUT, "大约": _ABOUT, "≈": _ABOUT, "~": _ABOUT,
}  # fmt: skip
_PREFIX_WORDS: dict[str, str] = {
    "min": _AT_LEAST, "min.": _AT_LEAST, "minimum": _AT_LEAST, "at least": _AT_LEAST,
    "not less than": _AT_LEAST, "no less than": _AT_LEAST,
    "over": _ABOVE, "above": _ABOVE, "more than": _ABOVE, "greater than": _ABOVE,
    "higher than": _ABOVE, "exceeding": _ABOVE, "in excess of": _ABOVE,
    "max": _AT_MOST, "max.": _AT_MOST, "maximum": _AT_MOST, "at most": _AT_MOST,
    "up to": _AT_MOST, "not more than": _AT_MOST, "no more than": _AT_MOST,
    "not exceeding": _AT_MOST, "not greater than": _AT_MOST,
    "less than": _BELOW, "lower than": _BELOW, "below": _BELOW, "under": _BELOW,
    "about": _ABOUT, "approx": _ABOUT, "approx.": _ABOUT, "approximately": _ABOUT,
    "around": _ABOUT, "ca.": _ABOUT, "circa": _ABOUT,
}  # fmt: skip
# Comparators written after a value ("99.99%以上", "50 µm max").
_SUFFIX_SYMBOLS: dict[str, str] = {
    "以上": _AT_LEAST, "及以上": _AT_LEAST, "或以上": _AT_LEAST, "+": _AT_LEAST,
    "以下": _AT_MOST, "及以下": _AT_MOST, "或以下": _AT_MOST, "以内": _AT_MOST,
    "左右": _ABOUT,
}  # fmt: skip
_SUFFIX_WORDS: dict[str, str] = {
    "min": _AT_LEAST, "min.": _AT_LEAST, "minimum": _AT_LEAST, "(min)": _AT_LEAST,
    "(min.)": _AT_LEAST, "or more": _AT_LEAST, "or above": _AT_LEAST,
    "or higher": _AT_LEAST, "or greater": _AT_LEAST, "and above": _AT_LEAST,
    "max": _AT_MOST, "max.": _AT_MOST, "maximum": _AT_MOST, "(max)": _AT_MOST,
    "(max.)": _AT_MOST, "or less": _AT_MOST, "or below": _AT_MOST, "or lower": _AT_MOST,
    "and below": _AT_MOST,
}  # fmt: skip
_COMPARATORS_BY_KEY: dict[str, str] = {
    **_PREFIX_SYMBOLS,
    **{word.casefold(): kind for word, kind in _PREFIX_WORDS.items()},
}
_SUFFIXES_BY_KEY: dict[str, str] = {
    **_SUFFIX_SYMBOLS,
    **{word.casefold(): kind for word, kind in _SUFFIX_WORDS.items()},
}


# --------------------------------------------------------------------------------------------
# Character folding


def _build_fold_table() -> dict[int, str]:
    """Full-width and small forms to their ASCII twins, one character for one character.

    Only single-character foldings are kept so that offsets in the folded copy are offsets in
    the original. The full-width comma stays as it is: in Chinese it separates list items
    ("100，200"), so it must never be read as a thousands separator.
    """
    table: dict[int, str] = {}
    keep = {"，", "﹐", "﹑"}
    for code in chain(range(0xFF01, 0xFF5F), range(0xFE50, 0xFE6C)):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if char not in keep and len(folded) == 1 and folded != char:
            table[code] = folded
    for space in ("\u00a0", "\u3000", *map(chr, range(0x2000, 0x200B)), "\u202f"):
        table[ord(space)] = " "
    table[ord("µ")] = "μ"  # micro sign to Greek mu, as NFKC does
    return table


_FOLD_TABLE = _build_fold_table()


def _fold(text: str) -> str:
    return text if text.isascii() else text.translate(_FOLD_TABLE)


# --------------------------------------------------------------------------------------------
# Pattern building

_SP = r"[ \t]*"
_LATIN_BOUNDARY = r"(?![A-Za-z])"


def _literal(word: str, *, space: str) -> str:
    """A regex for a literal word in which a space may be written as ``space``."""
    parts: list[str] = []
    for char in word:
        if char == " ":
            parts.append(space)
        elif char == "/":
            parts.append(r"[ \t]?/[ \t]?")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _alternation(words: Iterable[str], *, caseless: bool = False, space: str = " ") -> str:
    """Longest first, so that "体积密度" wins over "密度" and "mm" over "m"."""
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    body = "|".join(_literal(word, space=space) for word in ordered)
    return f"(?i:{body})" if caseless else f"(?:{body})"


def _reversed(words: Iterable[str]) -> list[str]:
    return [word[::-1] for word in words]


def _unit_pattern() -> str:
    spellings = unit_spellings()
    ordered = sorted(spellings, key=lambda item: (-len(item[0]), item[0]))
    alternatives = []
    for spelling, caseless in ordered:
        literal = _literal(spelling, space=r"[ \t]?")
        alternatives.append(f"(?i:{literal})" if caseless else literal)
    # A unit ending in a letter must not run on into a word: "m" is not the start of "mesh",
    # "N" in "2N2222" is not newtons, "W/kg" is not watts.
    tail = r"(?:(?<![A-Za-z0-9μ])|(?![A-Za-z0-9μ²³⁻/]))"
    return "(?:" + "|".join(alternatives) + ")" + tail


_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_POWER = rf"(?:\^[-+−]?[0-9]{{1,3}}|[⁻⁺]?[{_SUPERSCRIPT_DIGITS}]{{1,3}})"
_NUMBER = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
    rf"(?:[eE][-+]?[0-9]{{1,3}}(?![0-9])|[ ]?[xX×*][ ]?10{_POWER}|{_POWER})?"
)
_UNIT = _unit_pattern()
_RANGE_SEPARATOR = rf"{_SP}(?:[-‐‑–—−~〜]|(?<![A-Za-z])to(?![A-Za-z])|至|到){_SP}"
_SUFFIX = (
    "(?:"
    + _alternation(_SUFFIX_WORDS, caseless=True, space=r"[ \t]+")
    + _LATIN_BOUNDARY
    + "|"
    + _alternation(_SUFFIX_SYMBOLS).replace(r"\+", r"\+(?![0-9])")
    + ")"
)

_VALUE_RE = re.compile(
    # Not inside a number, and not the tail of "1,2" written with a decimal comma.
    r"(?<![0-9.])(?<![0-9],)"
    "(?:"
    # Purity in "N" notation: 5N, 4N5. Must end the token: not GaN, 5NM or 2N2222.
    r"(?P<nines>[2-9])N(?P<extra>[1-9])?(?![A-Za-z0-9])"
    # Rockwell hardness written scale first: "HRB 85".
    rf"|(?<![A-Za-z])(?P<hrb>[Hh][Rr][Bb]){_SP}(?P<hrb_value>{_NUMBER})(?![0-9.])"
    rf"|(?P<sign>[-−])?(?P<first>{_NUMBER}){_SP}"
    rf"(?:(?:(?P<first_unit>{_UNIT}){_SP})?"
    rf"(?:{_RANGE_SEPARATOR}(?P<sign2>[-−])?(?P<second>{_NUMBER})"
    rf"|±{_SP}(?P<tolerance>{_NUMBER})){_SP})?"
    rf"(?P<unit>{_UNIT})"
    ")"
    rf"(?:{_SP}(?P<suffix>{_SUFFIX}))?"
)


def _prefix_pattern() -> str:
    """What may precede a value, written right-to-left: comparator, separator, label."""
    cjk = r"\u4e00-\u9fff"
    comparator = (
        "(?:"
        + _alternation(_reversed(_PREFIX_WORDS), caseless=True, space=r"[ \t]+")
        + _LATIN_BOUNDARY
        + "|"
        + _alternation(_reversed(_PREFIX_SYMBOLS))
        + ")"
    )
    # "purity: 99", "纯度为99", "size is 20 µm", "size of 20 µm"
    separator = r"[ \t:=]*(?:(?:si|fo)(?![A-Za-z])[ \t:=]*|(?:为|是|达到|可达|达)[ \t:=]*)?"
    words = (
        "(?P<word>"
        + _alternation(_reversed(_LATIN_LABELS), caseless=True, space=r"[ \t]+")
        + _LATIN_BOUNDARY
        + "|"
        + _alternation(_reversed(_CASED_LABELS))
        + r"(?![A-Za-z0-9])"
        + "|"
        + _alternation(_reversed(_CHINESE_LABELS))
        + "|"
        + _BARE_CONTENT[::-1]
        + rf"(?![{cjk}A-Za-z0-9])"
        + ")"
    )
    content = (
        "(?:"
        + _alternation(_reversed(_CONTENT_WORDS_CHINESE))
        + "|"
        + _alternation(_reversed(_CONTENT_WORDS_LATIN), caseless=True)
        + _LATIN_BOUNDARY
        + ")"
    )
    all_symbols = _alternation(_reversed(_ELEMENTS))
    multi_symbols = _alternation(_reversed(_MULTI_LETTER_SYMBOLS))
    chinese_names = _alternation(_ELEMENTS.values())
    elements = (
        # "Dy content", "Dy含量", "C content"
        rf"{content}{_SP}(?P<el_before_content>{all_symbols}){_LATIN_BOUNDARY}"
        # "content of Dy", "含量Dy"
        rf"|(?P<el_after_content>{all_symbols}){_LATIN_BOUNDARY}{_SP}(?:fo[ \t]+)?{content}"
        # "镝", "含镝", "镝含量", "镝的含量" — but not "氧化镝", which names the oxide
        rf"|(?:量含的?)?(?P<el_chinese>{chinese_names})(?!化)含?"
        # "Dy"
        rf"|(?P<el_symbol>{multi_symbols}){_LATIN_BOUNDARY}"
    )
    single = _alternation(_SINGLE_LETTER_SYMBOLS)
    return (
        rf"{_SP}(?:(?P<comparator>{comparator}){_SP})?"
        rf"(?:(?P<label>{separator}(?:{words}|{elements}))"
        rf"|(?P<tight>[ \t]?:?[ \t]?(?P<el_single>{single}){_LATIN_BOUNDARY}))?"
    )


_PREFIX_RE = re.compile(_prefix_pattern())
# A value that continues a "100 × 200 mm" dimension chain (read right-to-left).
_CHAIN_RE = re.compile(r"[ \t]*[xX×*][ \t]*(?:[A-Za-zμ]{1,2}[ \t]*)?[0-9]")
_SCIENTIFIC_RE = re.compile(
    rf"([0-9.]+)(?:[ ]?[xX×*][ ]?(10))?(?:\^([-+−]?[0-9]+)|([⁻⁺]?[{_SUPERSCRIPT_DIGITS}]+))"
)
_SUPERSCRIPT_TABLE = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻⁺−", "0123456789-+-")

# How far back a label may start; long enough for "gravimetric energy density is ".
_LOOKBEHIND = 48


# --------------------------------------------------------------------------------------------
# Reading values


def _number(text: str) -> float | None:
    """The value of a matched number, or None if it is not finite or not a power of ten."""
    plain = text.replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        value = _scientific(plain)
    if value is None or not math.isfinite(value):
        return None
    return value


def _scientific(text: str) -> float | None:
    """``2×10^4``, ``1×10⁻³``, ``10⁴``: anything else with a power is not a number we read."""
    found = _SCIENTIFIC_RE.fullmatch(text)
    if found is None:
        return None
    mantissa, times_ten, caret, superscript = found.groups()
    exponent = (caret or superscript).translate(_SUPERSCRIPT_TABLE)
    if times_ten is None:
        if mantissa != "10":
            return None
        mantissa = "1"
    return float(f"{mantissa}e{exponent}")


def _canonical(value: float, unit: Unit) -> float:
    if unit.factor == 1.0:
        return value
    # Trim the binary noise of the conversion (19000 ppm -> 1.9000000000000001 %).
    return float(f"{value * unit.factor:.15g}")


@dataclass(frozen=True, slots=True)
class _Quantity:
    dimension: str
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    unit: str
    is_range: bool  # a range or tolerance, which already states both ends


def _nines(nines: int, extra: str | None) -> _Quantity:
    """5N = [99.999, 99.9999); 4N5 = [99.995, 99.999): up to the next full N."""
    low = _nines_value(nines, extra)
    high = _nines_value(nines + 1, None)
    if low >= high:  # "4N9" is 99.999, i.e. 5N
        high = _nines_value(nines + 2, None)
    return _Quantity("fraction", low, high, True, False, "%", is_range=False)


def _nines_value(nines: int, extra: str | None) -> float:
    digits = "9" * nines + (extra or "")
    return float(f"{digits[:2]}.{digits[2:]}") if len(digits) > 2 else float(digits)


def _point(value: float, unit: Unit) -> _Quantity:
    canonical = _canonical(value, unit)
    return _Quantity(unit.dimension, canonical, canonical, True, True, unit.symbol, False)


def _numeric_quantity(found: re.Match[str]) -> _Quantity | None:
    unit = lookup_spelling(found["unit"])
    first = _number(found["first"])
    if unit is None or first is None:
        return None
    if found["sign"] and unit.dimension == "temperature":
        first = -first
    first_unit = unit
    if found["first_unit"] is not None:
        written = lookup_spelling(found["first_unit"])
        if written is None or written.dimension != unit.dimension:
            return None
        first_unit = written
    if found["second"] is not None:
        return _range(first, first_unit, found, unit)
    if found["tolerance"] is not None:
        tolerance = _number(found["tolerance"])
        if tolerance is None:
            return None
        centre, spread = _canonical(first, first_unit), _canonical(tolerance, unit)
        return _Quantity(
            unit.dimension, centre - spread, centre + spread, True, True, unit.symbol, True
        )
    return _point(first, unit)


def _range(first: float, first_unit: Unit, found: re.Match[str], unit: Unit) -> _Quantity | None:
    second = _number(found["second"])
    if second is None:
        return None
    if found["sign2"] and unit.dimension == "temperature":
        second = -second
    low, high = sorted((_canonical(first, first_unit), _canonical(second, unit)))
    return _Quantity(unit.dimension, low, high, True, True, unit.symbol, is_range=True)


def _quantity(found: re.Match[str]) -> _Quantity | None:
    if found["nines"] is not None:
        return _nines(int(found["nines"]), found["extra"])
    if found["hrb"] is not None:
        value = _number(found["hrb_value"])
        return None if value is None else _point(value, UNITS["HRB"])
    return _numeric_quantity(found)


def _apply_comparator(quantity: _Quantity, kind: str | None) -> _Quantity:
    """Open a value into a half-line: "≥ 99.99" keeps the low end, "≤ 50" the high end.

    The value's low end is the anchor, which for "≥5N" is 99.999 (the N interval's start).
    """
    if kind is None or kind == _ABOUT or quantity.is_range or quantity.low is None:
        return quantity
    dimension, unit, anchor = quantity.dimension, quantity.unit, quantity.low
    if kind in (_AT_LEAST, _ABOVE):
        return _Quantity(dimension, anchor, None, kind == _AT_LEAST, False, unit, False)
    return _Quantity(dimension, None, anchor, False, kind == _AT_MOST, unit, False)


# --------------------------------------------------------------------------------------------
# Reading what precedes a value


@dataclass(frozen=True, slots=True)
class _Prefix:
    start: int  # where the measurement's text begins (label, else comparator, else value)
    comparator_start: int  # where it begins if the label turns out not to fit the value
    comparator: str | None
    label: str | None
    element: str | None
    labelled: bool  # a label or element word was found, even if it may not fit the value


def _read_prefix(text: str, value_start: int, floor: int) -> _Prefix | None:
    """Comparator and label just before ``value_start``; None if the value should be ignored.

    ``floor`` is where the previous match ended, so labels never overlap earlier matches.
    """
    window_start = max(floor, value_start - _LOOKBEHIND)
    backwards = text[window_start:value_start][::-1]
    found = _PREFIX_RE.match(backwards)
    if found is None:  # pragma: no cover - every group in the pattern is optional
        return _Prefix(value_start, value_start, None, None, None, labelled=False)
    comparator = _comparator_kind(found["comparator"])
    label, element = _label_of(found)
    labelled = found["label"] is not None or found["tight"] is not None
    if not labelled and comparator is None and _looks_embedded(text, value_start, backwards):
        return None
    comparator_start = value_start if comparator is None else value_start - found.end("comparator")
    start = comparator_start
    if labelled:
        start = value_start - found.end("label" if found["label"] is not None else "tight")
    return _Prefix(start, comparator_start, comparator, label, element, labelled)


def _looks_embedded(text: str, value_start: int, backwards: str) -> bool:
    """A value glued to letters ("X200W", "ABC-50mm") or continuing "100 × 200 mm"."""
    before = text[value_start - 1] if value_start > 0 else ""
    if before in ("-", "−") and value_start > 1:
        before = text[value_start - 2]
    return (before.isascii() and before.isalpha()) or _CHAIN_RE.match(backwards) is not None


def _comparator_kind(written: str | None) -> str | None:
    if written is None:
        return None
    return _COMPARATORS_BY_KEY.get(written[::-1].casefold())


def _label_of(found: re.Match[str]) -> tuple[str | None, str | None]:
    word = found["word"]
    if word is not None:
        return _LABELS_BY_KEY.get(word[::-1].casefold()), None
    for group in ("el_before_content", "el_after_content", "el_symbol", "el_single"):
        symbol = found[group]
        if symbol is not None:
            return "content", symbol[::-1]
    chinese = found["el_chinese"]
    if chinese is not None:
        return "content", _ELEMENT_BY_CHINESE[chinese]
    return None, None


# --------------------------------------------------------------------------------------------
# Putting it together


def _suffix_kind(written: str | None) -> str | None:
    if written is None:
        return None
    return _SUFFIXES_BY_KEY.get(" ".join(written.split()).casefold())


def _as_force(quantity: _Quantity, found: re.Match[str]) -> _Quantity:
    """ "破断力5N" is five newtons, not five-nines purity."""
    if found["extra"] is not None:
        return quantity
    return _point(float(found["nines"]), UNITS["N"])


def _measurement(text: str, original: str, found: re.Match[str], floor: int) -> Measurement | None:
    """The measurement for one value match; ``text`` is the folded copy of ``original``."""
    quantity = _quantity(found)
    if quantity is None:
        return None
    value_start = found.start()
    if found["sign"] and quantity.dimension != "temperature":
        value_start = found.start("first")  # a hyphen, not a minus: "ABC-50mm", "粒度-50μm"
    prefix = _read_prefix(text, value_start, floor)
    if prefix is None:
        return None
    label, element = prefix.label, prefix.element
    if found["nines"] is not None and label is not None:
        if PARAMETERS[label].dimension == "force":
            quantity = _as_force(quantity, found)
    elif found["nines"] is not None:
        label = "purity"
    if label is not None and PARAMETERS[label].dimension != quantity.dimension:
        label, element = None, None
    # A word that does not name this value ("In 50mm") is not part of its text.
    start = prefix.start if label is not None or not prefix.labelled else prefix.comparator_start
    comparator = prefix.comparator or _suffix_kind(found["suffix"])
    quantity = _apply_comparator(quantity, comparator)
    end = found.end()
    return Measurement(
        dimension=quantity.dimension,
        low=quantity.low,
        high=quantity.high,
        low_inclusive=quantity.low_inclusive,
        high_inclusive=quantity.high_inclusive,
        label=label,
        element=element,
        unit=quantity.unit,
        text=original[start:end],
        start=start,
        end=end,
    )


def extract(text: str) -> list[Measurement]:
    """Every measured value in ``text``, in order of appearance, without overlaps.

    Offsets and ``text`` refer to the string passed in, whatever full-width characters it has.
    """
    folded = _fold(text)
    measurements: list[Measurement] = []
    floor = 0
    for found in _VALUE_RE.finditer(folded):
        measurement = _measurement(folded, text, found, floor)
        floor = found.end()
        if measurement is not None:
            measurements.append(measurement)
    return measurements
