"""Read measured technical values ("纯度≥99.99%", "flexural strength 45 MPa") out of free text.

:func:`extract` finds every number that carries a known unit (or purity "N" notation such as
``5N``), reads the comparator or range around it, converts it to the canonical unit of its
dimension, and names the parameter from the word written just before it. Also read: an element
written after a content ("90%W-7%Ni-3%Fe"), a unit written in the label rather than after the
value ("Purity (%): 99.99"), and the diameter and length of a Φ chain ("Φ3.2×50m").

How it works, and why it is fast enough for 100,000-row manifests:

* The text is folded to half-width with a character-for-character table, so full-width digits
  and signs match and every offset still points into the caller's original string.
* A character-set search jumps from one digit run to the next, and one compiled pattern,
  anchored there, reads the value with its units, range and trailing comparator ("以上", "max").
* What precedes a value (comparator, then label) is read by matching a second compiled pattern
  against the few characters before the value *reversed*: an anchored match right-to-left is one
  attempt instead of a search over every start position.
* The patterns are compiled on the first call, not at import (:mod:`.param_patterns`); the
  words they are built from are in :mod:`.param_words`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from exportscreen.classify.param_patterns import (
    _DIMENSION_OF_LABEL,
    _LOOKBEHIND,
    _NO_CHAINS,
    _NON_DIGIT_STARTS,
    _SUPERSCRIPT_TABLE,
    _bare_value_re,
    _chain_re,
    _Patterns,
    _patterns,
)
from exportscreen.classify.param_words import (
    _ABOUT,
    _ABOVE,
    _AT_LEAST,
    _AT_MOST,
    _COMPARATORS_BY_KEY,
    _DAILY_THROUGHPUT,
    _ELEMENT_BY_CHINESE,
    _ELEMENT_BY_NAME,
    _ELEMENTS,
    _LABELS_BY_KEY,
    _NOT_A_PARAMETER,
    _SUFFIXES_BY_KEY,
    _fold,
)
from exportscreen.units import UNITS, Unit, lookup_spelling

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
# Reading values


def _number(text: str) -> float | None:
    """The value of a matched number, or None if it is not finite or not a power of ten."""
    try:
        value: float | None = float(text.replace(",", ""))
    except ValueError:
        value = _scientific(text)
    if value is None or not math.isfinite(value):
        return None
    return value


def _scientific(text: str) -> float | None:
    """``2×10^4``, ``1×10⁻³``, ``10⁴``: anything else with a power is not a number we read."""
    found = _patterns().scientific.fullmatch(text.replace(",", ""))
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
    return value if unit.factor == 1.0 else _tidy(value * unit.factor)


def _tidy(value: float) -> float:
    """Trim binary noise from arithmetic: 19000 ppm is 1.9 %, not 1.9000000000000001 %."""
    return float(f"{value:.15g}")


# A value before comparators are applied: (dimension, low, high, high_inclusive, unit, is_point).
# Every quantity read from text has both ends and an inclusive low end; only 5N-style purities
# have an exclusive high end.
_Quantity = tuple[str, float, float, bool, str, bool]


def _nines(nines: int, extra: str | None) -> _Quantity:
    """5N = [99.999, 99.9999); 4N5 = [99.995, 99.999): up to the next full N."""
    low = _nines_value(nines, extra)
    high = _nines_value(nines + 1, None)
    if low >= high:  # "4N9" is 99.999, i.e. 5N
        high = _nines_value(nines + 2, None)
    return ("fraction", low, high, False, "%", True)


def _nines_value(nines: int, extra: str | None) -> float:
    digits = "9" * nines + (extra or "")
    return float(f"{digits[:2]}.{digits[2:]}") if len(digits) > 2 else float(digits)


def _point(value: float, unit: Unit) -> _Quantity:
    canonical = _canonical(value, unit)
    return (unit.dimension, canonical, canonical, True, unit.symbol, True)


# The groups of the value pattern, in order; unpacking ``groups()`` once is much cheaper than
# looking each group up by name.
_ValueGroups = tuple[str | None, ...]


def _quantity(groups: _ValueGroups) -> _Quantity | None:
    nines, extra, hrb, sign, first, unit, link, sign2, second, unit2 = groups[:10]
    if first is not None:
        if unit is None:  # "20-40 µm": the only unit follows the second number
            unit = unit2
        assert unit is not None
        return _numeric(sign, first, unit, link, sign2, second, unit2)
    if nines is not None:
        return _nines(int(nines), extra)
    assert hrb is not None
    value = _number(hrb)
    return None if value is None else _point(value, UNITS["HRB"])


def _numeric(
    sign: str | None,
    first_text: str,
    first_spelling: str,
    link: str | None,
    sign2: str | None,
    second_text: str | None,
    last_spelling: str | None,
) -> _Quantity | None:
    """A plain value, a range or a tolerance, with the units as written."""
    first = _number(first_text)
    first_unit = lookup_spelling(first_spelling)
    if first is None or first_unit is None:
        return None
    temperature = first_unit.dimension == "temperature"
    if sign and temperature:
        first = -first
    if second_text is None or last_spelling is None or link is None:
        return _point(first, first_unit)
    unit = lookup_spelling(last_spelling)
    second = _number(second_text)
    if unit is None or second is None or unit.dimension != first_unit.dimension:
        return None
    if sign2 and temperature:
        second = -second
    if "±" in link:
        centre, spread = _canonical(first, first_unit), _canonical(second, unit)
        low, high = _tidy(centre - spread), _tidy(centre + spread)
        return (unit.dimension, low, high, True, unit.symbol, False)
    low, high = sorted((_canonical(first, first_unit), _canonical(second, unit)))
    return (unit.dimension, low, high, True, unit.symbol, False)


# --------------------------------------------------------------------------------------------
# Reading what precedes a value


def _comparator_kind(written: str | None) -> str | None:
    if not written:
        return None
    return _COMPARATORS_BY_KEY.get(" ".join(written[::-1].split()).casefold())


def _suffix_kind(written: str | None) -> str | None:
    if written is None:
        return None
    return _SUFFIXES_BY_KEY.get(" ".join(written.split()).casefold())


# The groups of the prefix pattern, in order.


def _label_of(groups: tuple[str | None, ...]) -> tuple[str | None, str | None]:
    """(parameter, element) named by the prefix match's groups."""
    word, before_content, after_content, chinese, symbol, _, single = groups[2:]
    if word is not None:
        forwards = word[::-1]
        label = _LABELS_BY_KEY.get(forwards)
        if label is None:  # "Particle  Size", "PURITY"
            label = _LABELS_BY_KEY.get(" ".join(forwards.split()).casefold())
        return label, None
    symbol = symbol or before_content or after_content
    if symbol is not None:
        forwards = symbol[::-1]
        if forwards in _ELEMENTS:
            return "content", forwards
        element = _ELEMENT_BY_NAME.get(forwards.lower())  # "oxide content" names nothing
        return ("content", element) if element is not None else (None, None)
    if chinese is not None:
        return "content", _ELEMENT_BY_CHINESE[chinese]
    if single is not None:
        return "content", single
    return None, None


def _looks_embedded(
    text: str, value_start: int, glued: int, backwards: str, chain: re.Pattern[str]
) -> bool:
    """A value glued to letters ("X200W", "ABC-50mm") or continuing "100 × 200 mm".

    The element that ends the previous value, up to ``glued``, is not a code: "90%W-7%Ni".
    """
    before = text[value_start - 1] if 0 < value_start != glued else ""
    return (before.isascii() and before.isalpha()) or chain.match(backwards) is not None


class _Context(NamedTuple):
    """What was written just before a value."""

    comparator: str | None  # the kind of comparator, e.g. _AT_LEAST
    label: str | None
    element: str | None
    label_start: int  # where the measurement's text starts if the label names the value
    comparator_start: int  # where it starts otherwise (at the comparator, else the value)


def _context(
    text: str, value_start: int, floor: int, patterns: _Patterns, glued: int = -1
) -> _Context | None:
    """Comparator and label before ``value_start``; None if the value is not to be read.

    That is when it is part of a code ("X200W") or named as another quantity ("ash 50 ppm").

    ``floor`` is where the previous match ended, so a label never reaches back into it.
    """
    backwards = text[max(floor, value_start - _LOOKBEHIND) : value_start][::-1]
    prefix = patterns.prefix.match(backwards)
    assert prefix is not None  # every part of the pattern is optional
    groups = prefix.groups()
    comparator_text = groups[0]
    label, element = (None, None)
    if groups[1] is not None or groups[7] is not None:
        label, element = _label_of(groups)
    # A word read as an element name and found to be none ("oxide content") is no label.
    labelled = label is not None or groups[2] is not None
    if (
        not labelled
        and not comparator_text
        and _looks_embedded(text, value_start, glued, backwards, patterns.chain)
    ):
        return None
    if label == _NOT_A_PARAMETER:
        return None
    return _Context(
        comparator=_comparator_kind(comparator_text),
        label=label,
        element=element,
        label_start=value_start - prefix.end(),
        comparator_start=value_start - prefix.end(1) if comparator_text else value_start,
    )


# --------------------------------------------------------------------------------------------
# Putting it together


def _measurement(
    text: str, original: str, found: re.Match[str], floor: int, patterns: _Patterns, glued: int
) -> Measurement | None:
    """The measurement for one value match; ``text`` is the folded copy of ``original``.

    ``glued`` is where the previous value ended if an element symbol ended it, else -1.
    """
    value_start = found.start()
    context = _context(text, value_start, floor, patterns, glued)
    if context is None:
        return None
    groups = found.groups()
    quantity = _quantity(groups)
    if quantity is None:
        return None
    nines, extra, _, sign = groups[:4]
    label, element = context.label, context.element
    if label == _DAILY_THROUGHPUT:
        label, quantity = _daily(label, quantity)
    if nines is not None and label is not None and _DIMENSION_OF_LABEL[label] == "force":
        if extra is None:  # "破断力5N" is five newtons, not five-nines purity
            quantity = _point(float(nines), UNITS["N"])
    elif nines is not None and label != "purity":
        label = element = None  # "Ge 5N": the notation itself says purity, see below
    dimension = quantity[0]

    if label is not None and _DIMENSION_OF_LABEL[label] == dimension:
        start = context.label_start
    else:
        # A word that does not name this value ("In 50mm") is not part of its text.
        label = element = None
        start = context.comparator_start
        if sign and start == value_start and dimension != "temperature":
            start += 1  # a lone hyphen, not a minus sign: "size -50mm"
    if nines is not None and dimension == "fraction":
        label = "purity"

    end = found.end()
    if label is None and nines is None and dimension == "fraction":
        # "90%W-7%Ni-3%Fe": the element follows the value. Not after a label, as in
        # "W90%Ni7%", where "Ni" names the next value.
        trailing = patterns.trailing_element.match(text, end)
        if trailing is not None and trailing.group() in _ELEMENTS:
            label, element, end = "content", trailing.group(), trailing.end()

    comparator = context.comparator or _suffix_kind(groups[-1])
    low, high, low_inclusive, high_inclusive = _bounds(quantity, comparator)
    return Measurement(
        dimension=dimension,
        low=low,
        high=high,
        low_inclusive=low_inclusive,
        high_inclusive=high_inclusive,
        label=label,
        element=element,
        unit=quantity[4],
        text=original[start:end],
        start=start,
        end=end,
    )


def _daily(label: str | None, quantity: _Quantity) -> tuple[str | None, _Quantity]:
    """A daily-throughput label makes a volume a volume per day: "日处理量6000立方米"."""
    if label != _DAILY_THROUGHPUT:
        return label, quantity
    dimension, low, high, high_inclusive, _, is_point = quantity
    if dimension == "volume":  # canonical m³, so the same number of m³/d
        quantity = ("flow", low, high, high_inclusive, _PER_DAY.symbol, is_point)
    return "throughput", quantity


_PER_DAY = UNITS["m3/d"]
assert _PER_DAY.factor == UNITS["m3"].factor == 1.0


def _chain(
    text: str, original: str, value_start: int, floor: int, patterns: _Patterns
) -> list[Measurement] | None:
    """Diameter and length from "Φ150×60mm", "Φ3.2×50m" or "Φ1.8 × 20 m to Φ4.6 × 80 m".

    The unit at the end applies to every number without its own. Both measurements span the
    whole chain, which is what states them.
    """
    found = _chain_re().match(text, value_start)
    if found is None:
        return None
    context = _context(text, value_start, floor, patterns)
    if (
        context is None
        or context.label != "diameter"
        or patterns.chain_mark.search(text, context.label_start, value_start) is None
    ):
        return None
    d1, du1, l1, lu1, link, d2, du2, l2, lu2 = found.groups()
    last = lu2 if link else lu1
    if last is None:
        return None
    pairs = [(d1, du1 or lu1 or last), (l1, lu1 or last)]
    if link:
        pairs += [(d2, du2 or lu2), (l2, lu2)]
    units: list[Unit] = []
    values: list[float] = []
    for number_text, spelling in pairs:
        number, unit = _number(number_text), lookup_spelling(spelling)
        if number is None or unit is None:
            return None
        units.append(unit)
        values.append(_canonical(number, unit))
    start, end = context.label_start, found.end()
    measurements = []
    for label, index in (("diameter", 0), ("length", 1)):
        if link:  # a range of sizes
            low, high = sorted((values[index], values[index + 2]))
            quantity: _Quantity = ("length", low, high, True, units[index + 2].symbol, False)
        else:
            point = values[index]
            quantity = ("length", point, point, True, units[index].symbol, True)
        bounds = _bounds(quantity, context.comparator)
        measurements.append(
            Measurement(
                dimension="length",
                low=bounds[0],
                high=bounds[1],
                low_inclusive=bounds[2],
                high_inclusive=bounds[3],
                label=label,
                element=None,
                unit=quantity[4],
                text=original[start:end],
                start=start,
                end=end,
            )
        )
    return measurements


def _unit_in_label(
    text: str, original: str, value_start: int, floor: int, patterns: _Patterns
) -> Measurement | None:
    """A bare number whose unit is written in its label: "Purity (%): 99.99", "纯度(%)：99.99"."""
    backwards = text[max(floor, value_start - _LOOKBEHIND) : value_start][::-1]
    found = _bare_value_re().match(text, value_start)
    if found is None:
        return None
    before_unit = patterns.prefix.match(backwards)
    assert before_unit is not None  # every part of the pattern is optional
    if before_unit.group(2) is not None or before_unit.group(8) is not None:
        return None  # "purity 99.99" names the value but gives no unit
    written = patterns.unit_in_label.match(backwards, before_unit.end())
    if written is None:
        return None
    spelling = next(group for group in written.groups() if group is not None)[::-1].strip()
    prefix = patterns.prefix.match(backwards, written.end())
    assert prefix is not None
    groups = prefix.groups()
    if groups[0] is not None or (groups[1] is None and groups[7] is None):
        return None  # no label, or a comparator between the label and its unit
    label, element = _label_of(groups)
    sign, first, link, sign2, second, suffix = found.groups()
    quantity = _numeric(sign, first, spelling, link, sign2, second, spelling if link else None)
    if label is None or label == _NOT_A_PARAMETER or quantity is None:
        return None
    label, quantity = _daily(label, quantity)
    if label is None or _DIMENSION_OF_LABEL[label] != quantity[0]:
        return None
    comparator = _comparator_kind(before_unit.group(1)) or _suffix_kind(suffix)
    low, high, low_inclusive, high_inclusive = _bounds(quantity, comparator)
    start, end = value_start - prefix.end(), found.end()
    return Measurement(
        dimension=quantity[0],
        low=low,
        high=high,
        low_inclusive=low_inclusive,
        high_inclusive=high_inclusive,
        label=label,
        element=element,
        unit=quantity[4],
        text=original[start:end],
        start=start,
        end=end,
    )


def _bounds(
    quantity: _Quantity, comparator: str | None
) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low_inclusive, high_inclusive) once the comparator is applied.

    "≥ 99.99" keeps the low end, "≤ 50" the high end; for "≥5N" the anchor is 99.999. Ranges
    already state both ends, so a comparator next to one changes nothing.
    """
    _, low, high, high_inclusive, _, is_point = quantity
    if not is_point or comparator is None or comparator == _ABOUT:
        return low, high, True, high_inclusive
    if comparator in (_AT_LEAST, _ABOVE):
        return low, None, comparator == _AT_LEAST, False
    return None, low, False, comparator == _AT_MOST


def extract(text: str) -> list[Measurement]:
    """Every measured value in ``text``, in order of appearance, without overlaps.

    The one exception is a Φ chain: "Φ150×60mm" gives a diameter and a length, both spanning
    the whole chain.

    Offsets and ``text`` refer to the string passed in, whatever full-width characters it has.
    Manifests repeat the same goods text on many rows, so results are cached per text.
    """
    return list(_extract_cached(text))


@lru_cache(maxsize=16384)
def _extract_cached(text: str) -> tuple[Measurement, ...]:
    return tuple(_extract(text))


def _extract(text: str) -> list[Measurement]:
    patterns = _patterns()
    folded = _fold(text, patterns.foldable)
    measurements: list[Measurement] = []
    floor = position = 0
    glued = -1  # where the last value ended, if an element after it ended it: "90%W-7%Ni"
    search_candidate, match_value = patterns.candidate.search, patterns.value.match
    chains = (
        {found.start("number") for found in patterns.chain_start.finditer(folded)}
        if patterns.chain_start.search(folded) is not None
        else _NO_CHAINS
    )
    while (candidate := search_candidate(folded, position)) is not None:
        value_start = candidate.start()
        if (
            value_start in chains
            and (chain := _chain(folded, text, value_start, floor, patterns)) is not None
        ):
            measurements += chain
            floor = position = chain[-1].end
            continue
        found = match_value(folded, value_start)
        if found is None:
            # "Purity (%): 99.99": the unit is in the label, whose end is close by.
            near = folded[max(floor, value_start - 16) : value_start]
            if (")" in near or "]" in near or "%" in near) and (
                bare := _unit_in_label(folded, text, value_start, floor, patterns)
            ) is not None:
                measurements.append(bare)
                floor = position = bare.end
                continue
            # No value starts inside a digit run, but one may follow a failed sign or "H".
            digits_only = candidate.group()[0] not in _NON_DIGIT_STARTS
            position = candidate.end() if digits_only else value_start + 1
            continue
        measurement = _measurement(folded, text, found, floor, patterns, glued)
        if measurement is None:
            # Rejected ("X200W", "D50-20um"): what follows its digits may still be a value.
            position = candidate.end()
            continue
        floor = position = measurement.end
        glued = floor if floor != found.end() else -1
        measurements.append(measurement)
    return measurements
