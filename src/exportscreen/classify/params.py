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
* The patterns are compiled on the first call, not at import (see "Pattern building").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from typing import NamedTuple

from exportscreen.units import PARAMETERS, UNITS, Unit, lookup_spelling, unit_spellings

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
    "Re": "铼", "Ti": "钛", "Zr": "锆", "Hf": "铪", "Pt": "铂", "As": "砷", "Pb": "铅",
    "Sn": "锡", "Zn": "锌", "Mn": "锰", "Cr": "铬", "Mg": "镁", "Ca": "钙", "Cd": "镉",
    "Hg": "汞", "Se": "硒", "Na": "钠", "S": "硫", "P": "磷", "B": "硼", "O": "氧",
}  # fmt: skip
_ELEMENT_BY_CHINESE = {chinese: symbol for symbol, chinese in _ELEMENTS.items()}
# English names, read only next to a content word ("tungsten content", "content of silver"):
# on its own "silver 3%" may well be a colour or a finish.
_ELEMENT_NAMES: dict[str, tuple[str, ...]] = {
    "Ga": ("gallium",), "Ge": ("germanium",), "Sb": ("antimony",), "W": ("tungsten", "wolfram"),
    "Te": ("tellurium",), "Bi": ("bismuth",), "Mo": ("molybdenum",), "In": ("indium",),
    "Sm": ("samarium",), "Gd": ("gadolinium",), "Tb": ("terbium",), "Dy": ("dysprosium",),
    "Lu": ("lutetium",), "Sc": ("scandium",), "Y": ("yttrium",), "Ho": ("holmium",),
    "Er": ("erbium",), "Tm": ("thulium",), "Eu": ("europium",), "Yb": ("ytterbium",),
    "Nd": ("neodymium",), "Pr": ("praseodymium",), "Ce": ("cerium",), "La": ("lanthanum",),
    "Co": ("cobalt",), "Ni": ("nickel",), "Cu": ("copper",), "Fe": ("iron",), "Ag": ("silver",),
    "Al": ("aluminium", "aluminum"), "C": ("carbon",), "Si": ("silicon",), "Li": ("lithium",),
    "Ta": ("tantalum",), "Nb": ("niobium",), "Re": ("rhenium",), "Ti": ("titanium",),
    "Zr": ("zirconium",), "Hf": ("hafnium",), "Pt": ("platinum",), "As": ("arsenic",),
    "Pb": ("lead",), "Sn": ("tin",), "Zn": ("zinc",), "Mn": ("manganese",), "Cr": ("chromium",),
    "Mg": ("magnesium",), "Ca": ("calcium",), "Cd": ("cadmium",), "Hg": ("mercury",),
    "Se": ("selenium",), "Na": ("sodium",), "S": ("sulfur", "sulphur"), "P": ("phosphorus",),
    "B": ("boron",), "O": ("oxygen",),
}  # fmt: skip
_ELEMENT_BY_NAME = {name: symbol for symbol, names in _ELEMENT_NAMES.items() for name in names}
_LONGEST_NAME = max(map(len, _ELEMENT_BY_NAME))


def element_words() -> tuple[dict[str, str], frozenset[str]]:
    """English element names (name -> symbol) and Chinese element characters, for goods reading."""
    return _ELEMENT_BY_NAME, _CHINESE_ELEMENT_CHARS


_CHINESE_ELEMENT_CHARS = frozenset(_ELEMENT_BY_CHINESE)


# Single-letter symbols are only trusted right next to the number ("C:0.02%"), never across
# a longer separator, as a stray capital letter is common in model names.
_SINGLE_LETTER_SYMBOLS = tuple(symbol for symbol in _ELEMENTS if len(symbol) == 1)
_MULTI_LETTER_SYMBOLS = tuple(symbol for symbol in _ELEMENTS if len(symbol) > 1)

# Label words, written forwards. Latin words match in any case and as whole words only.
_LATIN_LABELS: dict[str, str] = {
    "purity": "purity", "assay": "purity", "fixed carbon": "purity",
    "fixed carbon content": "purity",  # not the carbon content
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
    "throughput": "throughput", "processing capacity": "throughput",
    "treatment capacity": "throughput",
    "temperature": "temperature", "temp": "temperature", "temp.": "temperature",
    "reaction temperature": "temperature", "working temperature": "temperature",
    "operating temperature": "temperature",
}  # fmt: skip
# Abbreviations that only mean the parameter in this exact case ("ID", not "id").
_CASED_LABELS: dict[str, str] = {
    "D50": "particle_size", "d50": "particle_size", "APS": "particle_size",
    "FSSS": "particle_size", "Fsss": "particle_size",
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
    "颗粒大小": "particle_size", "颗粒度": "particle_size", "费氏粒度": "particle_size",
    "费氏粒径": "particle_size",
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
    "处理量": "throughput", "处理能力": "throughput",
    "温度": "temperature", "反应温度": "temperature", "工作温度": "temperature",
}  # fmt: skip
# Labels that name the daily throughput, so that a volume after them is a volume per day:
# "日处理量6000立方米" is 6,000 m³/d. After "处理量" alone a volume might be per hour or per batch.
_DAILY_THROUGHPUT = "throughput per day"
_DAILY_LATIN: tuple[str, ...] = (
    "daily throughput", "daily capacity", "daily processing capacity", "daily treatment capacity",
)  # fmt: skip
_DAILY_CHINESE: tuple[str, ...] = ("日处理量", "日处理能力", "每日处理量", "每天处理量", "日处理")

# A bare "含量" (content) means purity only when nothing precedes it; "硫含量" is the sulphur
# content and "杂质含量" the impurity content, neither of which is the purity.
_BARE_CONTENT = "含量"
_CONTENT_WORDS_CHINESE = ("含量",)
_CONTENT_WORDS_LATIN = ("content", "concentration")

# Words naming a quantity that is none of the parameters, and that a bare value must not be
# mistaken for: "ash 50 ppm" is not a purity of 0.005 %, "thickness 0.5 mm" not a diameter.
# Values after these words are not reported at all.
_NOT_A_PARAMETER = ""
_OTHER_LATIN: tuple[str, ...] = (
    "impurity", "impurities", "total impurities", "impurity content", "ash", "ash content",
    "moisture", "moisture content", "water content", "volatile matter", "volatiles",
    "loss on ignition", "thickness", "width", "height", "depth",
)  # fmt: skip
_OTHER_CASED: tuple[str, ...] = ("LOI",)
_OTHER_CHINESE: tuple[str, ...] = (
    "杂质", "杂质含量", "总杂质", "杂质总量", "灰分", "灰分含量", "水分", "水分含量", "含水量",
    "挥发分", "挥发分含量", "烧失量",
    "厚度", "宽度", "高度", "深度",
)  # fmt: skip

_LABELS_BY_KEY: dict[str, str] = {
    **{word.casefold(): _NOT_A_PARAMETER for word in (*_OTHER_LATIN, *_OTHER_CASED)},
    **dict.fromkeys(_OTHER_CHINESE, _NOT_A_PARAMETER),
    **{word.casefold(): name for word, name in _LATIN_LABELS.items()},
    **dict.fromkeys(_DAILY_LATIN, _DAILY_THROUGHPUT),
    **dict.fromkeys(_DAILY_CHINESE, _DAILY_THROUGHPUT),
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


@cache
def _fold_table() -> dict[int, str]:
    return _build_fold_table()


def _fold(text: str, foldable: re.Pattern[str]) -> str:
    # str.translate looks every character up in a dict, which is slow on CJK text; most
    # characters need no folding, so only the ones that do are replaced.
    if text.isascii() or foldable.search(text) is None:
        return text
    table = _fold_table()
    return foldable.sub(lambda found: table[ord(found.group())], text)


# --------------------------------------------------------------------------------------------
# Pattern building
#
# Long lists of literals (unit spellings, label words) are compiled as tries: the regex engine
# tries alternatives one after another, so a flat list of 150 spellings costs 150 attempts at
# every number, whereas a trie rejects every spelling with the wrong first letter at once (for
# an alternative that starts with a literal or a character set, the engine checks that first
# character before it enters the alternative).
#
# The patterns are built and compiled on the first call of extract(), not at import: compiling
# them takes tens of milliseconds, which a command that never reads a value should not pay. They
# are also written to compile fast, without matching slower:
#
# * A caseless word costs one [Xx] set for its first letter, which keeps the quick first-letter
#   check, and one (?ai:...) group for the rest of its subtree, where letters compile as plain
#   literals, instead of a character set for every letter.
# * A boundary check shared by every word below a branch is made once after the branch, not
#   once after each word.
#
# Both give the same matches in the same order, since (A|B)C tries AC, then BC.

# Possessive: blanks are never given back, so a long run of them cannot make matching quadratic.
_SP = r"[ \t]*+"
_LATIN_BOUNDARY = r"(?![A-Za-z])"

_Tokens = list[str]
# Trie keys starting with this mark end a sequence; the rest of the key is a zero-width check
# the text must pass there (a word boundary), or nothing.
_END = "\x00"
# Trie keys starting with this mark are an ASCII letter that matches in either case.
_CASELESS = "\x01"


def _char_token(char: str, *, caseless: bool) -> str:
    if caseless and char.lower() != char.upper():
        if char.isascii():
            return _CASELESS + char.lower()
        return "[" + "".join(sorted({char, char.lower(), char.upper()})) + "]"  # pragma: no cover
    return re.escape(char) if char.isascii() else char  # only ASCII is ever escaped


def _tokens(word: str, *, caseless: bool, boundary: str = "") -> _Tokens:
    """Regex tokens for a literal word, ending with a zero-width ``boundary`` check.

    A space in the word stands for any run of blanks.
    """
    tokens = [r"[ \t]+" if char == " " else _char_token(char, caseless=caseless) for char in word]
    return [*tokens, _END + boundary]


def _unit_tokens(spelling: str, *, caseless: bool) -> _Tokens:
    tokens: _Tokens = []
    for char in spelling:
        if char == " ":
            tokens.append(r"[ \t]?")
        elif char == "/":
            tokens.append(r"[ \t]?/[ \t]?")  # "g / cm3"
        else:
            tokens.append(_char_token(char, caseless=caseless))
    return [*tokens, _END]


_TrieNode = dict[str, "_TrieNode"]


def _trie(sequences: Iterable[_Tokens]) -> str:
    """One regex matching any of the token sequences, longer sequences tried first."""
    root: _TrieNode = {}
    for tokens in sequences:
        node = root
        for token in tokens:
            node = node.setdefault(token, {})
    return _trie_node(root, caseless=False, checked=False)


def _boundaries(node: _TrieNode) -> set[str]:
    """The boundary checks of every sequence ending in ``node``'s subtree."""
    found = {token[1:] for token in node if token[0] == _END}
    for token, child in node.items():
        if token[0] != _END:
            found |= _boundaries(child)
    return found


def _trie_node(node: _TrieNode, *, caseless: bool, checked: bool) -> str:
    """The alternation for one trie node.

    ``caseless`` when inside a ``(?ai:...)`` group; ``checked`` when the boundary of every
    sequence below is checked after the node, so that endings here check nothing.
    """
    alternatives: list[str] = []
    for token, child in node.items():
        if token[0] == _END:
            continue
        shared = "" if checked else _shared_boundary(child)
        inner_checked = checked or shared is not None
        after = shared or ""
        if token[0] != _CASELESS:
            alternatives.append(
                token + _trie_node(child, caseless=caseless, checked=inner_checked) + after
            )
        elif caseless:
            letter = re.escape(token[1])
            alternatives.append(
                letter + _trie_node(child, caseless=True, checked=inner_checked) + after
            )
        else:
            rest = _trie_node(child, caseless=True, checked=inner_checked)
            letter = token[1]
            group = f"(?ai:{rest})" if rest else ""
            alternatives.append(f"[{letter.upper()}{letter}]{group}{after}")
    # Ending here is the last resort, so that "compacted density" wins over "density".
    alternatives.extend("" if checked else token[1:] for token in node if token[0] == _END)
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _shared_boundary(node: _TrieNode) -> str | None:
    """The one boundary check of all sequences below ``node``, or None if they differ."""
    found = _boundaries(node)
    return found.pop() if len(found) == 1 else None


def _latin(words: Iterable[str], *, reverse: bool = False) -> list[_Tokens]:
    """Whole Latin words, in any case."""
    return [
        _tokens(word[::-1] if reverse else word, caseless=True, boundary=_LATIN_BOUNDARY)
        for word in words
    ]


def _plain(words: Iterable[str], *, reverse: bool = False, boundary: str = "") -> list[_Tokens]:
    """Words that match exactly as written (Chinese, symbols, abbreviations such as "ID")."""
    return [
        _tokens(word[::-1] if reverse else word, caseless=False, boundary=boundary)
        for word in words
    ]


# A unit ending in a letter must not run on into a word: "m" is not the start of "mesh", "N" in
# "2N2222" is not newtons, "W/kg" is not watts.
_UNIT_TAIL = r"(?:(?<![A-Za-z0-9μ])|(?![A-Za-z0-9μ²³⁻/·]))"


def _unit_pattern(dimension: str | None = None) -> str:
    """Any unit spelling, or any of one dimension."""
    sequences = [
        _unit_tokens(spelling, caseless=caseless)
        for spelling, caseless in unit_spellings()
        if dimension is None or _dimension_of_spelling(spelling) == dimension
    ]
    return "(?:" + _trie(sequences) + ")" + _UNIT_TAIL


def _dimension_of_spelling(spelling: str) -> str | None:
    unit = lookup_spelling(spelling)
    return None if unit is None else unit.dimension


def _suffix_pattern() -> str:
    return _trie(
        [
            *_latin(_SUFFIX_WORDS),
            *_plain(symbol for symbol in _SUFFIX_SYMBOLS if symbol != "+"),
            *_plain(["+"], boundary="(?![0-9])"),  # "99.99%+", but not "5mm+10mm"
        ]
    )


_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_POWER = rf"(?:\^[-+−]?[0-9]{{1,3}}|[⁻⁺]?[{_SUPERSCRIPT_DIGITS}]{{1,3}})"
# Atomic, for the same reason: once read, a number is never re-read shorter.
_NUMBER = (
    r"(?>(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
    rf"(?:[eE][-+]?[0-9]{{1,3}}(?![0-9])|[ ]?[xX×*][ ]?10{_POWER}|{_POWER})?)"
)
# Between the two ends of a range ("20-40", "20 to 40", "20至40") or before a tolerance.
_LINK = r"(?:[-‐‑–—−~〜±]|(?<![A-Za-z])to(?![A-Za-z])|至|到)"


def _value_pattern() -> str:
    unit = _unit_pattern()
    return (
        # Not inside a number, and not the tail of "1,2" written with a decimal comma.
        r"(?<![0-9.])(?<![0-9],)"
        "(?:"
        # Purity in "N" notation: 5N, 4N5. Must end the token: not GaN, 5NM or 2N2222.
        r"(?P<nines>[2-9])N(?P<extra>[1-9])?(?![A-Za-z0-9])"
        # Rockwell hardness written scale first: "HRB 85".
        rf"|(?<![A-Za-z])HRB{_SP}(?P<hrb>{_NUMBER})(?![0-9.])"
        # "5mm", "5mm-10mm", "99.9%~99.99%", "50µm ± 5µm"; and with one unit after both
        # numbers, "20-40 µm", "20 to 40um", "50±5µm". Without a unit it is no value. The unit
        # pattern is written twice, not three times, as it is most of the compile time; "(X|)"
        # rather than "X?", which compiles to a slower loop.
        rf"|(?P<sign>[-−])?(?P<first>{_NUMBER}){_SP}(?:(?P<unit>{unit})|)"
        rf"(?:{_SP}(?P<link>{_LINK}){_SP}(?P<sign2>[-−])?(?P<second>{_NUMBER}){_SP}"
        rf"(?P<unit2>{unit})|(?(unit)|(?!)))"
        ")"
        rf"(?:{_SP}(?P<suffix>{_suffix_pattern()}))?"
    )


def _prefix_pattern() -> str:
    """What may precede a value, written right-to-left: comparator, separator, label."""
    cjk = r"\u4e00-\u9fff"
    comparator = _trie(
        [*_latin(_PREFIX_WORDS, reverse=True), *_plain(_PREFIX_SYMBOLS, reverse=True)]
    )
    # "purity: 99", "纯度为99", "size is 20 µm", "size of 20 µm"
    separator = r"[ \t:=]*(?:(?:si|fo)(?![A-Za-z])[ \t:=]*|(?:为|是|达到|可达|达)[ \t:=]*)?"
    words = _trie(
        [
            *_latin([*_LATIN_LABELS, *_DAILY_LATIN, *_OTHER_LATIN], reverse=True),
            *_plain([*_CASED_LABELS, *_OTHER_CASED], reverse=True, boundary=r"(?![A-Za-z0-9])"),
            *_plain([*_CHINESE_LABELS, *_DAILY_CHINESE, *_OTHER_CHINESE], reverse=True),
            *_plain([_BARE_CONTENT], reverse=True, boundary=rf"(?![{cjk}A-Za-z0-9])"),
        ]
    )
    content = _trie(
        [*_plain(_CONTENT_WORDS_CHINESE, reverse=True), *_latin(_CONTENT_WORDS_LATIN, reverse=True)]
    )
    # Symbols, or any word, which is looked up as an English name once read ("tungsten
    # content", "content of silver"): in the pattern, the names would be written twice.
    all_symbols = _trie(_plain(_ELEMENTS, reverse=True, boundary=_LATIN_BOUNDARY))
    all_symbols = rf"(?:{all_symbols}|[A-Za-z]{{3,{_LONGEST_NAME}}}+(?![A-Za-z]))"
    multi_symbols = _trie(_plain(_MULTI_LETTER_SYMBOLS, reverse=True, boundary=_LATIN_BOUNDARY))
    single_symbols = _trie(_plain(_SINGLE_LETTER_SYMBOLS, boundary=_LATIN_BOUNDARY))
    chinese_names = _trie(_plain(_ELEMENTS.values()))
    elements = (
        # "Dy content", "Dy含量", "C content"
        rf"{content}{_SP}(?P<el_before_content>{all_symbols})"
        # "content of Dy", "含量Dy"
        rf"|(?P<el_after_content>{all_symbols}){_SP}(?:fo[ \t]+)?{content}"
        # "镝", "含镝", "镝含量", "镝的含量" — but not "氧化镝" or "硝酸铒", which name a compound
        rf"|(?:量含的?)?(?P<el_chinese>{chinese_names})(?![化酸])含?"
        # "Dy"
        rf"|(?P<el_symbol>{multi_symbols})"
    )
    return (
        rf"{_SP}(?:(?P<comparator>{comparator}){_SP})?"
        rf"(?:(?P<label>{separator}(?:(?P<word>{words})|{elements}))"
        # A single-letter symbol only counts right next to the value: "C:0.02%", "W 99.95%".
        rf"|(?P<tight>[ \t]?:?[ \t]?(?P<el_single>{single_symbols})))?"
    )


def _chain_pattern() -> str:
    """A Φ-prefixed dimension chain after its Φ: "150×60mm", "3.2 × 50 m", "1.8×20m to Φ4.6×80m".

    Only lengths can be in it, so only their spellings are tried.
    """
    unit = _unit_pattern("length")
    times = rf"{_SP}[xX×*]{_SP}"
    return (
        r"(?<![0-9.])(?<![0-9],)"
        rf"(?P<d1>{_NUMBER}){_SP}(?:(?P<du1>{unit}){_SP})?[xX×*]{_SP}(?P<l1>{_NUMBER})"
        rf"(?:{_SP}(?P<lu1>{unit}))?"
        rf"(?:{_SP}(?P<link>{_LINK}){_SP}(?:[ΦφϕØø∅]{_SP})?"
        rf"(?P<d2>{_NUMBER}){_SP}(?:(?P<du2>{unit}){_SP})?[xX×*]{_SP}(?P<l2>{_NUMBER})"
        rf"{_SP}(?P<lu2>{unit}))?"
        # "Φ150×60×5mm" is not diameter × length
        rf"(?!{times}[0-9])"
    )


def _bare_value_pattern() -> str:
    """A number with no unit after it, as in "Purity (%): 99.99"."""
    return (
        r"(?<![0-9.])(?<![0-9],)"
        rf"(?P<sign>[-−])?(?P<first>{_NUMBER})"
        rf"(?:{_SP}(?P<link>{_LINK}){_SP}(?P<sign2>[-−])?(?P<second>{_NUMBER}))?"
        rf"(?:{_SP}(?P<suffix>{_suffix_pattern()}))?"
        r"(?![0-9A-Za-zμ%])"
    )


class _Patterns(NamedTuple):
    """The compiled patterns, built on first use."""

    value: re.Pattern[str]
    prefix: re.Pattern[str]
    # Where a value may start: a sign, a digit run, or the H of "HRB 85". Starting with a
    # character set lets the engine skip to candidates in C; a failed candidate skips its whole
    # digit run, as no value can start inside a number.
    candidate: re.Pattern[str]
    # A value that continues a "100 × 200 mm" dimension chain (read right-to-left).
    chain: re.Pattern[str]
    scientific: re.Pattern[str]
    foldable: re.Pattern[str]
    # The Φ that starts a dimension chain, "Φ150×60mm".
    chain_mark: re.Pattern[str]
    # Where a dimension chain may start: at the group "number", a quick test before the full
    # pattern is tried there.
    chain_start: re.Pattern[str]
    # An element symbol glued to the end of a value: "90%W-7%Ni-3%Fe".
    trailing_element: re.Pattern[str]
    # A unit written in the label, read right-to-left: "Purity (%): 99.99", "Purity %: 99.9".
    unit_in_label: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    patterns = _Patterns(
        value=re.compile(_value_pattern()),
        prefix=re.compile(_prefix_pattern()),
        candidate=re.compile(r"[-−H0-9][0-9.,]*"),
        chain=re.compile(r"[ \t]*[xX×*][ \t]*(?:[A-Za-zμ]{1,2}[ \t]*)?[0-9]"),
        scientific=re.compile(
            rf"([0-9.]+)(?:[ ]?[xX×*][ ]?(10))?"
            rf"(?:\^([-+−]?[0-9]+)|([⁻⁺]?[{_SUPERSCRIPT_DIGITS}]+))"
        ),
        foldable=re.compile(
            "[" + "".join(re.escape(chr(code)) for code in sorted(_fold_table())) + "]"
        ),
        chain_mark=re.compile(r"[ΦφϕØø∅]|直径"),
        chain_start=re.compile(
            # one character set first, which the engine searches for quickly: Φ, or the 径 of 直径
            r"[ΦφϕØø∅径](?<![^直]径)[ \t:]*(?P<number>[0-9])[0-9.,]*[ \t]*"
            r"(?:[^\sxX×*0-9]{1,6}[ \t]*)?[xX×*]"
        ),
        trailing_element=re.compile(r"[A-Z][a-z]?(?![A-Za-z0-9/·])"),
        unit_in_label=re.compile(
            r"[ \t:=]*+(?:\)(?P<paren>[^()]{1,12})\(|\](?P<bracket>[^\[\]]{1,12})\["
            # a bare "%" must be set off from the value: "Purity %: 99.9", not "W%6"
            r"|(?<=[ \t:=])(?P<percent>%))"
        ),
    )
    # The positional unpacking below relies on the group order of both patterns.
    for pattern, names in ((patterns.value, _VALUE_GROUPS), (patterns.prefix, _PREFIX_GROUPS)):
        by_index = sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)
        if tuple(by_index) != names or pattern.groups != len(names):  # pragma: no cover
            raise RuntimeError(f"capture groups changed: {by_index}")
    return patterns


# Compiled only when a text needs them: most never do.
@cache
def _chain_re() -> re.Pattern[str]:
    return re.compile(_chain_pattern())


@cache
def _bare_value_re() -> re.Pattern[str]:
    return re.compile(_bare_value_pattern())


_NON_DIGIT_STARTS = frozenset("-−H")
_NO_CHAINS: frozenset[int] = frozenset()
_SUPERSCRIPT_TABLE = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻⁺−", "0123456789-+-")

# How far back a label may start; long enough for "gravimetric energy density is ".
_LOOKBEHIND = 48
_DIMENSION_OF_LABEL = {name: parameter.dimension for name, parameter in PARAMETERS.items()}


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
_VALUE_GROUPS = (
    "nines", "extra", "hrb", "sign", "first", "unit", "link", "sign2", "second", "unit2", "suffix",
)  # fmt: skip
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
_PREFIX_GROUPS = (
    "comparator", "label", "word", "el_before_content", "el_after_content", "el_chinese",
    "el_symbol", "tight", "el_single",
)  # fmt: skip


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
