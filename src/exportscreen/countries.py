"""Resolve free-text destination countries to ISO 3166-1 records.

Declarations name the destination in many ways: ISO codes ("US", "USA"), English names
("United States", "U.S.A."), Chinese names in either script ("美国", "美國") and customs
phrasing such as "中国台湾（地区）".  All of these are folded to one normalised key and looked
up in a single dict built from ``data/countries.json``.

The JSON is produced by ``scripts/gen_countries.py`` from pycountry and babel; neither is
imported here because the CLI has to start fast and the lookup table is all we need.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

__all__ = [
    "Country",
    "UnknownCountryError",
    "country_by_alpha2",
    "find_country",
    "normalise",
    "parse_country",
]

_HINT = "use an ISO code such as US or USA, or an English or Chinese name"


@dataclass(frozen=True, slots=True)
class Country:
    alpha2: str
    alpha3: str
    name_en: str
    name_zh: str


class UnknownCountryError(ValueError):
    """Raised by :func:`parse_country`; ``suggestions`` lets callers offer a choice."""

    def __init__(self, text: str, suggestions: tuple[Country, ...] = ()) -> None:
        message = f"unknown country {text!r}; {_HINT}"
        if suggestions:
            message += f"; did you mean {_describe(text, suggestions)}?"
        super().__init__(message)
        self.text = text
        self.suggestions = suggestions


# Everything that is not a letter or digit is dropped, so "U.S.A.", "u s a" and "USA" meet,
# as do "（地区）" and "(地区)".  Combining marks are not word characters either, which is how
# "Türkiye" and "Turkiye" meet once the text has been decomposed.
_NON_WORD = re.compile(r"[\W_]+")
_REGION_SUFFIXES = ("地区", "地區")
_CHINA_PREFIXES = ("中国", "中國")
# Only these may be written "中国X": it is how Chinese customs names them.  "中国日本" is
# nonsense and must not quietly become JP.
_CHINESE_REGIONS = frozenset({"HK", "MO", "TW"})


def normalise(text: str) -> str:
    """Fold ``text`` to the key used by the alias table (the generator uses it too)."""
    if text.isascii():
        # NFKC and NFD are identities on ASCII; skipping them keeps lookups cheap.
        return _NON_WORD.sub("", text.casefold())
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub("", unicodedata.normalize("NFD", folded))


class _Table(NamedTuple):
    by_alpha2: dict[str, Country]
    aliases: dict[str, str]  # normalised alias -> alpha-2
    ambiguous: dict[str, tuple[str, ...]]  # normalised alias -> candidate alpha-2 codes


@cache
def _table() -> _Table:
    # Deferred imports: json and importlib.resources (which drags in zipfile) cost about as much
    # as building the table, and commands that never look at a destination need neither.
    import json
    from importlib.resources import files

    raw = json.loads(files("exportscreen.data").joinpath("countries.json").read_text("utf-8"))
    by_alpha2: dict[str, Country] = {}
    aliases: dict[str, str] = {}
    for alpha2, row in raw["countries"].items():
        country = Country(alpha2, row["alpha3"], row["name_en"], row["name_zh"])
        by_alpha2[alpha2] = country
        for alias in (alpha2, country.alpha3, country.name_en, country.name_zh, *row["aliases"]):
            # The generator has already proved that no key maps to two countries.
            aliases[normalise(alias)] = alpha2
    ambiguous = {normalise(name): tuple(codes) for name, codes in raw["ambiguous"].items()}
    return _Table(by_alpha2, aliases, ambiguous)


def _resolve(text: str, table: _Table) -> str | None:
    key = normalise(text)
    code = table.aliases.get(key)
    if code is not None or not key:
        return code
    # Slow path, only reached on a miss: peel off customs phrasing and English articles.
    for suffix in _REGION_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            code = table.aliases.get(key)
            if code is not None:
                return code
            break
    for prefix in _CHINA_PREFIXES:
        if key.startswith(prefix):
            code = table.aliases.get(key[len(prefix) :])
            if code in _CHINESE_REGIONS:
                return code
    # "The Netherlands", "the Gambia": checked on the raw words, because in the normalised key
    # "the" cannot be told apart from the start of "Thailand".
    words = unicodedata.normalize("NFKC", text).split(maxsplit=1)
    if len(words) == 2 and words[0].casefold() == "the":
        return table.aliases.get(normalise(words[1]))
    return None


def find_country(text: str) -> Country | None:
    """Return the country ``text`` names, or ``None`` if it names none (or several)."""
    table = _table()
    code = _resolve(text, table)
    return None if code is None else table.by_alpha2[code]


def parse_country(text: str) -> Country:
    """Return the country ``text`` names; raise :class:`UnknownCountryError` otherwise."""
    table = _table()
    code = _resolve(text, table)
    if code is None:
        raise UnknownCountryError(text, _suggest(text, table))
    return table.by_alpha2[code]


def country_by_alpha2(code: str) -> Country:
    """Return the country with ISO alpha-2 ``code`` (upper case); ``KeyError`` if unknown."""
    return _table().by_alpha2[code]


def _suggest(text: str, table: _Table) -> tuple[Country, ...]:
    key = normalise(text)
    if not key:
        return ()
    # A known ambiguous name ("Korea", "Congo") gets exactly its candidates, not fuzzy noise.
    if key in table.ambiguous:
        return tuple(table.by_alpha2[code] for code in table.ambiguous[key])
    # Imported here: difflib is only needed on the error path and would slow CLI start-up.
    import difflib

    candidates = [*table.aliases, *table.ambiguous]
    found: list[Country] = []
    for match in difflib.get_close_matches(key, candidates, n=10, cutoff=0.75):
        codes = table.ambiguous.get(match) or (table.aliases[match],)
        for code in codes:
            country = table.by_alpha2[code]
            if country not in found:
                found.append(country)
    return tuple(found[:3])


def _describe(text: str, countries: tuple[Country, ...]) -> str:
    # Answer in the script the user wrote in, so "美果" is offered "美国" rather than "United
    # States".
    chinese = any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)
    names = [f"{c.name_zh if chinese else c.name_en} ({c.alpha2})" for c in countries]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]
