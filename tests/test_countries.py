"""Tests for exportscreen.countries and the generator behind its data file."""

from __future__ import annotations

import importlib.util
import json
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from exportscreen.countries import (
    Country,
    UnknownCountryError,
    country_by_alpha2,
    find_country,
    parse_country,
)

HINT = "use an ISO code such as US or USA, or an English or Chinese name"
GENERATOR = Path(__file__).resolve().parent.parent / "scripts" / "gen_countries.py"


def _data() -> dict[str, Any]:
    text = files("exportscreen.data").joinpath("countries.json").read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


# (input, expected alpha-2), grouped by what the row is exercising.
ALPHA2 = [("US", "US"), ("us", "US"), ("JP", "JP"), ("DE", "DE"), ("gb", "GB"), ("XK", "XK")]
ALPHA3 = [("USA", "US"), ("deu", "DE"), ("GBR", "GB"), ("CHN", "CN"), ("TWN", "TW"), ("PRK", "KP")]
ENGLISH_SHORT = [
    ("United States", "US"),
    ("Germany", "DE"),
    ("Japan", "JP"),
    ("South Korea", "KR"),
    ("North Korea", "KP"),
    ("Vietnam", "VN"),
    ("Russia", "RU"),
    ("Iran", "IR"),
    ("Czechia", "CZ"),
    ("Hong Kong", "HK"),
    ("Kosovo", "XK"),
]
ENGLISH_OFFICIAL = [
    ("United States of America", "US"),
    ("Federal Republic of Germany", "DE"),
    ("People's Republic of China", "CN"),
    ("Republic of Korea", "KR"),
    ("Democratic People's Republic of Korea", "KP"),
    ("Islamic Republic of Iran", "IR"),
    ("Russian Federation", "RU"),
    ("Viet Nam", "VN"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"),
    # ISO's inverted forms, and the same names turned the right way round.
    ("Korea, Republic of", "KR"),
    ("Iran, Islamic Republic of", "IR"),
    ("Congo, The Democratic Republic of the", "CD"),
    ("Democratic Republic of the Congo", "CD"),
    ("Tanzania, United Republic of", "TZ"),
    ("United Republic of Tanzania", "TZ"),
]
CHINESE_SIMPLIFIED = [
    ("美国", "US"),
    ("日本", "JP"),
    ("德国", "DE"),
    ("韩国", "KR"),
    ("朝鲜", "KP"),
    ("俄罗斯", "RU"),
    ("越南", "VN"),
    ("伊朗", "IR"),
    ("荷兰", "NL"),
    ("英国", "GB"),
    ("中国", "CN"),
    ("刚果（金）", "CD"),
    ("刚果（布）", "CG"),
]
CHINESE_TRADITIONAL = [
    ("美國", "US"),
    ("德國", "DE"),
    ("韓國", "KR"),
    ("南韓", "KR"),
    ("北韓", "KP"),
    ("俄羅斯", "RU"),
    ("英國", "GB"),
    ("中國", "CN"),
    ("紐西蘭", "NZ"),
    ("新西蘭", "NZ"),  # mainland name in traditional script; CLDR only has 紐西蘭
    ("義大利", "IT"),  # Taiwan usage; simplified and Hong Kong usage (zh_Hant_HK) is 意大利
    ("意大利", "IT"),
]
GREATER_CHINA = [
    ("中国香港", "HK"),
    ("香港", "HK"),
    ("中國香港", "HK"),
    ("香港特别行政区", "HK"),
    ("Hong Kong SAR", "HK"),
    ("Hong Kong, China", "HK"),
    ("澳门", "MO"),
    ("中国澳门", "MO"),
    ("澳門", "MO"),
    ("Macau", "MO"),
    ("Macao", "MO"),
    ("台湾", "TW"),
    ("中国台湾", "TW"),
    ("台灣", "TW"),
    ("臺灣", "TW"),
    ("台湾省", "TW"),
    ("Taiwan", "TW"),
    ("Chinese Taipei", "TW"),
]
HAND_ALIASES = [
    ("U.S.", "US"),
    ("U.S.A.", "US"),
    ("America", "US"),
    ("美利坚合众国", "US"),
    ("UK", "GB"),
    ("Great Britain", "GB"),
    ("Britain", "GB"),
    ("England", "GB"),
    ("南韩", "KR"),
    ("大韩民国", "KR"),
    ("DPRK", "KP"),
    ("俄国", "RU"),
    ("UAE", "AE"),
    ("阿联酋", "AE"),
    ("Holland", "NL"),
    ("Czech Republic", "CZ"),
    ("Turkey", "TR"),
    ("Türkiye", "TR"),
    ("DRC", "CD"),
    ("Republic of the Congo", "CG"),
    ("Ivory Coast", "CI"),
    ("Burma", "MM"),
]
# Neighbouring names that must stay apart: no substring or fuzzy matching on the happy path.
LOOKALIKES = [
    ("Guinea", "GN"),
    ("Guinea-Bissau", "GW"),
    ("Equatorial Guinea", "GQ"),
    ("Papua New Guinea", "PG"),
    ("几内亚", "GN"),
    ("赤道几内亚", "GQ"),
    ("Niger", "NE"),
    ("Nigeria", "NG"),
    ("Dominica", "DM"),
    ("Dominican Republic", "DO"),
    ("Sudan", "SD"),
    ("South Sudan", "SS"),
    ("Thailand", "TH"),  # must not lose its "th" to the leading-"the" rule
]
SPELLING_VARIANTS = [
    ("  usa  ", "US"),
    ("\tGermany\n", "DE"),
    ("u.s.a.", "US"),
    ("U. S. A.", "US"),
    ("UNITED STATES", "US"),
    ("united   states", "US"),
    ("ＵＳＡ", "US"),  # full-width, as typed with a Chinese IME
    ("Turkiye", "TR"),
    ("TÜRKIYE", "TR"),
    ("Cote d'Ivoire", "CI"),
    ("Côte d’Ivoire", "CI"),
    ("Guinea Bissau", "GW"),
    ("The Netherlands", "NL"),
    ("the Gambia", "GM"),
    ("St Kitts and Nevis", "KN"),
    ("Saint Kitts & Nevis", "KN"),
    ("St. Lucia", "LC"),
    ("Saint Lucia", "LC"),
    ("Antigua & Barbuda", "AG"),
    ("Antigua and Barbuda", "AG"),
    (" 美 国 ", "US"),
]
REGION_PHRASING = [
    ("中国台湾（地区）", "TW"),
    ("台湾（地区）", "TW"),
    ("香港(地区)", "HK"),
    ("中国香港地区", "HK"),
    ("台湾地区", "TW"),
    ("澳門地區", "MO"),
    ("中国澳门 （地区）", "MO"),
    ("中国澳門", "MO"),  # mixed script: the prefix rule, not an alias
    ("中國台灣（地區）", "TW"),
]
CHINA_STAYS_CHINA = [
    ("China", "CN"),
    ("中国", "CN"),
    ("中國", "CN"),
    ("PRC", "CN"),
    ("中华人民共和国", "CN"),
    ("Mainland China", "CN"),
    ("中国大陆", "CN"),
    ("中国（地区）", "CN"),
]

RESOLVABLE = (
    ALPHA2
    + ALPHA3
    + ENGLISH_SHORT
    + ENGLISH_OFFICIAL
    + CHINESE_SIMPLIFIED
    + CHINESE_TRADITIONAL
    + GREATER_CHINA
    + HAND_ALIASES
    + LOOKALIKES
    + SPELLING_VARIANTS
    + REGION_PHRASING
    + CHINA_STAYS_CHINA
)


@pytest.mark.parametrize(("text", "alpha2"), RESOLVABLE)
def test_parse_country(text: str, alpha2: str) -> None:
    assert parse_country(text).alpha2 == alpha2
    assert find_country(text) == country_by_alpha2(alpha2)


def test_same_country_is_the_same_object() -> None:
    assert parse_country("USA") is parse_country("美國") is country_by_alpha2("US")


def test_country_record() -> None:
    expected = Country("US", "USA", "United States", "美国")
    assert parse_country("United States of America") == expected
    # Display names follow Chinese customs usage for the three regions.
    assert [country_by_alpha2(c).name_zh for c in ("HK", "MO", "TW")] == [
        "中国香港",
        "中国澳门",
        "中国台湾",
    ]


AMBIGUOUS = [
    ("Korea", {"KR", "KP"}),
    ("KOREA", {"KR", "KP"}),
    ("Congo", {"CD", "CG"}),
    ("刚果", {"CD", "CG"}),
    ("剛果", {"CD", "CG"}),
    ("Virgin Islands", {"VG", "VI"}),
]


@pytest.mark.parametrize(("text", "candidates"), AMBIGUOUS)
def test_ambiguous_names_are_not_guessed(text: str, candidates: set[str]) -> None:
    assert find_country(text) is None
    with pytest.raises(UnknownCountryError) as caught:
        parse_country(text)
    assert {c.alpha2 for c in caught.value.suggestions} == candidates
    assert "did you mean" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("Germny", "Germany (DE)"),
        ("Untied States", "United States (US)"),
        ("Koria", "South Korea (KR)"),
        ("美国国", "美国 (US)"),  # answered in the script the user wrote in
    ],
)
def test_unknown_with_suggestion(text: str, suggestion: str) -> None:
    assert find_country(text) is None
    with pytest.raises(UnknownCountryError) as caught:
        parse_country(text)
    message = str(caught.value)
    assert message.startswith(f"unknown country {text!r}; {HINT}; did you mean ")
    assert suggestion in message


@pytest.mark.parametrize("text", ["", "   ", "（地区）", "地区", "Xyzzy", "ZZ", "中国日本"])
def test_unknown_without_suggestion(text: str) -> None:
    assert find_country(text) is None
    with pytest.raises(UnknownCountryError) as caught:
        parse_country(text)
    message = str(caught.value)
    assert message == f"unknown country {text!r}; {HINT}"
    assert caught.value.text == text
    assert caught.value.suggestions == ()


@pytest.mark.parametrize("text", ["the", "The ", "the the"])
def test_bare_article_is_not_a_country(text: str) -> None:
    assert find_country(text) is None


def test_unknown_country_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown country"):
        parse_country("Atlantis")


@pytest.mark.parametrize("code", ["ZZ", "EU", "de", "USA", ""])
def test_country_by_alpha2_rejects_unknown(code: str) -> None:
    with pytest.raises(KeyError):
        country_by_alpha2(code)


def test_every_country_resolves_by_its_own_names() -> None:
    countries = _data()["countries"]
    assert len(countries) >= 249  # all of ISO 3166-1, plus Kosovo
    for alpha2, row in countries.items():
        country = country_by_alpha2(alpha2)
        assert len(alpha2) == 2 and alpha2.isupper()
        assert len(country.alpha3) == 3 and country.alpha3.isupper()
        for name in (alpha2, row["alpha3"], row["name_en"], row["name_zh"], *row["aliases"]):
            assert parse_country(name) is country, name


def _load_generator() -> ModuleType:
    pytest.importorskip("pycountry")
    pytest.importorskip("babel")
    spec = importlib.util.spec_from_file_location("gen_countries", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_file_is_what_the_generator_produces() -> None:
    generator = _load_generator()
    committed = files("exportscreen.data").joinpath("countries.json").read_text("utf-8")
    recorded = json.loads(committed)["generated_from"]
    installed = generator.source_versions()
    if recorded != installed:
        # Different pycountry/babel releases legitimately produce different data; what this
        # test guards is the generator code and the committed file drifting apart.
        pytest.skip(f"countries.json was generated from {recorded}, installed is {installed}")
    assert generator.render(generator.build()) == committed, (
        "countries.json is stale; run: python scripts/gen_countries.py"
    )
