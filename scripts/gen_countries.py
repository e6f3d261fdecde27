"""Build ``src/exportscreen/data/countries.json`` from pycountry, babel and hand-kept aliases.

Run by developers when pycountry or babel is upgraded or an alias is added; never at runtime:

    python scripts/gen_countries.py          # rewrite the JSON
    python scripts/gen_countries.py --check  # exit 1 if the committed JSON is stale

Sources:
  * pycountry (ISO 3166-1 from Debian's iso-codes): codes, ISO short/official/common names.
  * babel (Unicode CLDR): English short names and Chinese names in simplified (zh_Hans) and
    traditional (zh_Hant, zh_Hant_HK) script.
  * ``EXTRA_ALIASES`` below: the forms people actually type that neither source carries.

Every alias is folded with the runtime's own ``normalise`` so that this script and
``exportscreen.countries`` can never disagree about which key an alias occupies.  Any key
claimed by two countries stops the build: silently picking one would misroute a declaration.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import babel
import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "exportscreen" / "data" / "countries.json"

# The generator must fold aliases exactly as the runtime does, so it imports the runtime's
# normaliser; the path tweak lets the script run from a checkout without installing.
sys.path.insert(0, str(ROOT / "src"))
from exportscreen.countries import normalise  # noqa: E402

# Bump when the JSON layout changes so that a stale file is obvious in review.
FORMAT = 1

# CLDR names territories that ISO 3166-1 does not assign.  Kosovo is a real export destination;
# the rest (EU, UN, "Outlying Oceania", Canary Islands, ...) are not countries to ship to.
NON_ISO_TERRITORIES = {"XK": "XKX"}  # alpha-3 as used by the EU and UN/LOCODE practice

# Chinese customs and GB/T 2659 write these with a "中国" prefix; CLDR's
# "中国香港特别行政区" is accurate but longer than anything on a declaration.
NAME_ZH_OVERRIDES = {"HK": "中国香港", "MO": "中国澳门", "TW": "中国台湾"}

# Names that genuinely denote more than one country.  They are never mapped (a wrong guess on
# an export declaration is worse than a question); the runtime offers the candidates instead.
# Any source alias that folds to one of these keys is dropped (pycountry calls CG "Congo").
AMBIGUOUS: dict[str, list[str]] = {
    "Congo": ["CD", "CG"],
    "刚果": ["CD", "CG"],
    "剛果": ["CD", "CG"],
    "Korea": ["KR", "KP"],
    "Virgin Islands": ["VG", "VI"],
    "维尔京群岛": ["VG", "VI"],
    "維京群島": ["VG", "VI"],
}

# Forms seen on declarations that neither pycountry nor CLDR provides.  Keep each line to one
# country; a key collision with another country fails the build.
EXTRA_ALIASES: dict[str, list[str]] = {
    "AE": ["UAE", "Emirates", "阿联酋", "阿聯酋", "阿拉伯联合酋长国"],
    "AU": ["澳洲"],
    "BA": ["Bosnia", "波黑"],
    "BN": ["Brunei"],
    "BO": ["Bolivia"],
    "CD": [
        "DRC",
        "DR Congo",
        "Democratic Republic of the Congo",
        "Democratic Republic of Congo",
        "Congo (DRC)",
        "Congo-Kinshasa",
        "Congo (Kinshasa)",
        "Zaire",
        "刚果金",
        "刚果民主共和国",
        "民主刚果",
        "剛果民主共和國",
    ],
    "CF": ["CAR", "中非"],
    "CG": [
        "Republic of the Congo",
        "Republic of Congo",
        "Congo-Brazzaville",
        "Congo (Brazzaville)",
        "Congo Republic",
        "刚果布",
        "刚果共和国",
        "剛果共和國",
    ],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CN": [
        "PRC",
        "P.R. China",
        "P.R.C.",
        "People's Republic of China",
        "Mainland China",
        "China Mainland",
        "中华人民共和国",
        "中華人民共和國",
        "中国大陆",
        "中国内地",
        "中國大陸",
    ],
    "CV": ["Cape Verde"],
    "CZ": ["Czech Republic", "Czech", "捷克共和国", "捷克共和國"],
    "DO": ["多米尼加"],
    "FM": ["Micronesia", "密克罗尼西亚联邦", "密克羅尼西亞聯邦"],
    "GB": [
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "英格兰",
        "英格蘭",
        "大不列颠及北爱尔兰联合王国",
        "联合王国",
    ],
    "HK": [
        "Hongkong",
        "Hong Kong SAR",
        "HKSAR",
        "Hong Kong, China",
        "Hong Kong China",
        "香港",
        "中国香港",
        "香港特别行政区",
        "中國香港",
        "香港特別行政區",
        "香港特區",
    ],
    "IR": ["Iran", "伊朗"],
    "KN": ["St Kitts", "Saint Kitts"],
    "KP": [
        "North Korea",
        "DPRK",
        "D.P.R.K.",
        "Korea (North)",
        "Korea, North",
        "朝鲜",
        "朝鮮",
        "北韩",
        "朝鲜民主主义人民共和国",
        "朝鮮民主主義人民共和國",
    ],
    "KR": [
        "South Korea",
        "Korea, Republic of",
        "Republic of Korea",
        "ROK",
        "Korea (South)",
        "Korea, South",
        "韩国",
        "南韩",
        "大韩民国",
        "韓國",
        "大韓民國",
    ],
    "LA": ["Laos"],
    "MD": ["Moldova"],
    "MK": ["Macedonia", "马其顿", "馬其頓", "北马其顿共和国"],
    "MM": ["Burma"],
    "MO": [
        "Macau",
        "Macao SAR",
        "Macau SAR",
        "Macao, China",
        "Macau, China",
        "澳门",
        "中国澳门",
        "澳门特别行政区",
        "澳門",
        "中國澳門",
        "澳門特別行政區",
    ],
    "NL": ["Holland", "荷兰", "荷蘭"],
    "NZ": ["新西蘭"],
    "PS": ["Palestine", "巴勒斯坦"],
    "RU": ["Russia", "Russian Federation", "俄罗斯", "俄国", "俄罗斯联邦", "俄國", "俄羅斯聯邦"],
    "SA": ["KSA", "Saudi", "沙特"],
    "SY": ["Syria"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "TW": [
        "Taiwan",
        "Chinese Taipei",
        "Taiwan, China",
        "台湾",
        "中国台湾",
        "台湾省",
        "中国台湾省",
        "台灣",
        "臺灣",
        "中國台灣",
        "中國臺灣",
    ],
    "TZ": ["Tanzania"],
    "US": [
        "USA",
        "U.S.",
        "U.S.A.",
        "America",
        "United States of America",
        "美利坚合众国",
        "美利堅合眾國",
    ],
    "VA": ["Vatican", "Holy See", "Vatican City"],
    "VE": ["Venezuela"],
    "VG": ["BVI"],
    "VI": ["USVI"],
    "VN": ["Vietnam", "Viet Nam", "越南"],
}

# "Korea, Republic of" -> "Republic of Korea": ISO's inverted names, turned the way people say
# them.  Only tails ending in "of"/"of the" are inverted; "Taiwan, Province of China" is left.
_INVERTED = re.compile(r"^(?P<head>[^,]+), (?P<tail>(?:.+ )?of(?: the)?)$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def english_variants(name: str) -> Iterator[str]:
    """Yield ``name`` and the spellings people use for it: "St."/"Saint", "&"/"and", uninverted.

    A leading "the" is dropped because the runtime drops it from input too.
    """
    name = _LEADING_THE.sub("", name)
    forms = {name}
    if match := _INVERTED.match(name):
        forms.add(_LEADING_THE.sub("", f"{match['tail']} {match['head']}"))
    for form in list(forms):
        forms.add(form.replace(" & ", " and "))
        forms.add(form.replace(" and ", " & "))
    for form in list(forms):
        forms.add(re.sub(r"\bSt\. ", "Saint ", form))
        forms.add(re.sub(r"\bSaint ", "St. ", form))
    yield name
    yield from sorted(forms - {name})


def territory_names(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)


def source_versions() -> dict[str, str]:
    return {
        "babel": babel.__version__,
        "cldr": str(babel.core.get_cldr_version()),
        "pycountry": version("pycountry"),
    }


def build() -> dict[str, Any]:
    """Return the countries.json document (a plain dict, ready for :func:`render`)."""
    en = territory_names("en")
    zh_sources = [territory_names(loc) for loc in ("zh_Hans", "zh_Hant", "zh_Hant_HK")]

    # (alpha2, alpha3, candidate aliases in priority order); the first spelling to claim a
    # normalised key is the one stored, so higher-priority sources win on cosmetics.
    rows: list[tuple[str, str, list[str]]] = []
    for record in pycountry.countries:
        alpha2 = record.alpha_2
        iso_names = [
            getattr(record, attr, None) for attr in ("name", "common_name", "official_name")
        ]
        english = [en[alpha2], *(n for n in iso_names if n)]
        names = [variant for name in english for variant in english_variants(name)]
        names += [zh[alpha2] for zh in zh_sources]
        rows.append((alpha2, record.alpha_3, names))
    for alpha2, alpha3 in NON_ISO_TERRITORIES.items():
        if alpha2 in en:  # only if this CLDR release has it
            names = [*english_variants(en[alpha2]), *(zh[alpha2] for zh in zh_sources)]
            rows.append((alpha2, alpha3, names))

    known = {alpha2 for alpha2, _, _ in rows}
    unknown = (set(EXTRA_ALIASES) | {c for cs in AMBIGUOUS.values() for c in cs}) - known
    if unknown:
        raise SystemExit(f"aliases refer to unknown codes: {sorted(unknown)}")

    ambiguous_keys = {normalise(name) for name in AMBIGUOUS}
    owner: dict[str, str] = {}  # normalised key -> alpha2, across all countries
    countries: dict[str, dict[str, Any]] = {}
    for alpha2, alpha3, names in sorted(rows):
        name_en = en[alpha2]
        name_zh = NAME_ZH_OVERRIDES.get(alpha2, zh_sources[0][alpha2])
        hand = EXTRA_ALIASES.get(alpha2, [])
        for alias in hand:
            if normalise(alias) in ambiguous_keys:
                raise SystemExit(f"hand alias {alias!r} for {alpha2} is listed as ambiguous")
        fixed = [alpha2, alpha3, name_en, name_zh]
        aliases: list[str] = []
        for alias in _dedupe([*fixed, *names, *hand]):
            key = normalise(alias)
            if key in ambiguous_keys:
                continue
            if owner.setdefault(key, alpha2) != alpha2:
                raise SystemExit(
                    f"{alias!r} folds to {key!r}, claimed by {owner[key]} and {alpha2}"
                )
            if alias not in fixed:
                aliases.append(alias)
        countries[alpha2] = {
            "alpha3": alpha3,
            "name_en": name_en,
            "name_zh": name_zh,
            "aliases": sorted(aliases),
        }
    return {
        "format": FORMAT,
        "generated_from": source_versions(),
        "ambiguous": {name: list(codes) for name, codes in sorted(AMBIGUOUS.items())},
        "countries": countries,
    }


def _dedupe(names: Iterable[str]) -> Iterator[str]:
    """Yield the first spelling of each normalised key; later spellings would be dead weight."""
    seen: set[str] = set()
    for name in names:
        key = normalise(name)
        if key and key not in seen:
            seen.add(key)
            yield name


def render(document: dict[str, Any]) -> str:
    """Serialise compactly but with one country per line, so that reviews show real diffs."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    head = {k: v for k, v in sorted(document.items()) if k != "countries"}
    lines = [dump(head)[:-1] + ',"countries":{']
    rows = sorted(document["countries"].items())
    lines += [f"{dump(code)}:{dump(row)}," for code, row in rows]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}}")
    text = "\n".join(lines) + "\n"
    # The hand-rolled layout must still be exactly the document we built.
    if json.loads(text) != document:
        raise AssertionError("render() produced JSON that does not round-trip")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if the JSON is out of date")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    document = build()
    text = render(document)
    output: Path = args.output
    if args.check:
        current = output.read_text("utf-8") if output.exists() else ""
        if current != text:
            print(f"{output} is stale; run: python scripts/gen_countries.py", file=sys.stderr)
            return 1
        return 0
    # newline="\n" so that a Windows checkout writes the same bytes as everyone else.
    output.write_text(text, "utf-8", newline="\n")
    count = len(document["countries"])
    print(f"wrote {output} ({len(text.encode())} bytes, {count} countries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
