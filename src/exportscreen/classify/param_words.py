"""The words the value reader knows: element names and symbols, parameter labels, comparators,
and the half-width folding table; read by :mod:`exportscreen.classify.param_patterns` and
:mod:`exportscreen.classify.params`."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import chain

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
_CHINESE_ELEMENT_CHARS = frozenset(_ELEMENT_BY_CHINESE)


def element_words() -> tuple[dict[str, str], frozenset[str]]:
    """English element names (name -> symbol) and Chinese element characters, for goods reading."""
    return _ELEMENT_BY_NAME, _CHINESE_ELEMENT_CHARS


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
