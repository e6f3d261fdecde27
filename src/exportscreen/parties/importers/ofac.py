"""OFAC SDN list in the legacy CSV layout (sdn.csv, alt.csv, add.csv; Latin-1, no header).

Columns: sdn.csv = ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage,
GRT, Vess_flag, Vess_owner, Remarks; alt.csv = ent_num, alt_num, alt_type, alt_name,
alt_remarks; add.csv = ent_num, add_num, address, city/state/postal, country, add_remarks.
`-0-` means empty. Countries are mapped to ISO 3166 alpha-2 with the table below (OFAC's own
short names); regions such as "Region: Crimea" and unknown names are left out.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from exportscreen.parties.importers import PartyListError
from exportscreen.parties.records import PartyRecord

LIST_ID = "ofac-sdn"
# OFAC's non-SDN Consolidated Sanctions List comes in the same layout as cons_prim.csv,
# cons_alt.csv and cons_add.csv.
CONS_LIST_ID = "ofac-cons"
CONS_PRIMARY = "cons_prim.csv"
EMPTY = "-0-"
_TYPES = {"": "organization", "individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
_IMO = re.compile(r"IMO\s*([0-9]{7})")

OFAC_COUNTRIES: dict[str, str] = {
    "Afghanistan": "AF", "Albania": "AL", "Algeria": "DZ", "Angola": "AO", "Argentina": "AR",
    "Armenia": "AM", "Aruba": "AW", "Australia": "AU", "Austria": "AT", "Azerbaijan": "AZ",
    "Bahamas, The": "BS", "Bahrain": "BH", "Bangladesh": "BD", "Barbados": "BB", "Belarus": "BY",
    "Belgium": "BE", "Belize": "BZ", "Benin": "BJ", "Bolivia": "BO",
    "Bosnia and Herzegovina": "BA", "Brazil": "BR", "Brunei": "BN", "Bulgaria": "BG",
    "Burkina Faso": "BF", "Burma": "MM", "Burundi": "BI", "Cambodia": "KH", "Canada": "CA",
    "Cayman Islands": "KY", "Central African Republic": "CF", "Chile": "CL", "China": "CN",
    "Colombia": "CO", "Comoros": "KM", "Congo, Democratic Republic of the": "CD",
    "Congo, Republic of the": "CG", "Costa Rica": "CR", "Cote d Ivoire": "CI", "Croatia": "HR",
    "Cuba": "CU", "Cyprus": "CY", "Czech Republic": "CZ", "Denmark": "DK", "Dominica": "DM",
    "Dominican Republic": "DO", "Ecuador": "EC", "Egypt": "EG", "El Salvador": "SV",
    "Equatorial Guinea": "GQ", "Eritrea": "ER", "Ethiopia": "ET", "Finland": "FI",
    "France": "FR", "Georgia": "GE", "Germany": "DE", "Ghana": "GH", "Gibraltar": "GI",
    "Greece": "GR", "Guatemala": "GT", "Guyana": "GY", "Haiti": "HT", "Honduras": "HN",
    "Hong Kong": "HK", "India": "IN", "Indonesia": "ID", "Iran": "IR", "Iraq": "IQ",
    "Ireland": "IE", "Israel": "IL", "Italy": "IT", "Jamaica": "JM", "Japan": "JP",
    "Jersey": "JE", "Jordan": "JO", "Kazakhstan": "KZ", "Kenya": "KE", "Korea, North": "KP",
    "Korea, South": "KR", "Kosovo": "XK", "Kuwait": "KW", "Kyrgyzstan": "KG", "Laos": "LA",
    "Latvia": "LV", "Lebanon": "LB", "Liberia": "LR", "Libya": "LY", "Liechtenstein": "LI",
    "Luxembourg": "LU", "Macau": "MO", "Malaysia": "MY", "Maldives": "MV", "Mali": "ML",
    "Malta": "MT", "Marshall Islands": "MH", "Mauritania": "MR", "Mexico": "MX",
    "Moldova": "MD", "Mongolia": "MN", "Montenegro": "ME", "Morocco": "MA", "Mozambique": "MZ",
    "Namibia": "NA", "Netherlands": "NL", "Netherlands Antilles": "AN", "New Zealand": "NZ",
    "Nicaragua": "NI", "Niger": "NE", "Nigeria": "NG", "Norway": "NO", "Oman": "OM",
    "Pakistan": "PK", "Palau": "PW", "Palestinian": "PS", "Panama": "PA", "Paraguay": "PY",
    "Peru": "PE", "Philippines": "PH", "Poland": "PL", "Qatar": "QA", "Romania": "RO",
    "Russia": "RU", "Rwanda": "RW", "Saint Kitts and Nevis": "KN",
    "Saint Vincent and the Grenadines": "VC", "Samoa": "WS", "Saudi Arabia": "SA",
    "Senegal": "SN", "Serbia": "RS", "Seychelles": "SC", "Sierra Leone": "SL",
    "Singapore": "SG", "Slovakia": "SK", "Slovenia": "SI", "Somalia": "SO",
    "South Africa": "ZA", "South Sudan": "SS", "Spain": "ES", "Sri Lanka": "LK", "Sudan": "SD",
    "Sweden": "SE", "Switzerland": "CH", "Syria": "SY", "Taiwan": "TW", "Tajikistan": "TJ",
    "Tanzania": "TZ", "Thailand": "TH", "The Gambia": "GM", "Trinidad and Tobago": "TT",
    "Tunisia": "TN", "Turkey": "TR", "Turkmenistan": "TM", "Uganda": "UG", "Ukraine": "UA",
    "United Arab Emirates": "AE", "United Kingdom": "GB", "United States": "US",
    "Uruguay": "UY", "Uzbekistan": "UZ", "Vanuatu": "VU", "Venezuela": "VE", "Vietnam": "VN",
    "Virgin Islands, British": "VG", "West Bank": "PS", "Yemen": "YE", "Zimbabwe": "ZW",
}  # fmt: skip


def _field(value: str) -> str:
    value = value.strip()
    return "" if value == EMPTY else value


def _rows(path: Path, min_fields: int) -> Iterator[tuple[int, list[str]]]:
    """Rows with their line numbers; the DOS end-of-file mark (0x1A) and blank lines are skipped."""
    try:
        handle = path.open(encoding="latin-1", newline="")
    except OSError as exc:
        raise PartyListError(f"{path}: cannot read: {exc.strerror}") from exc
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            for row in reader:
                line = reader.line_num
                if not row or (len(row) == 1 and row[0].strip() in ("", "\x1a")):
                    continue
                if len(row) < min_fields:
                    raise PartyListError(
                        f"{path}:{line}: expected at least {min_fields} fields, found {len(row)}"
                    )
                ent_num = row[0].strip()
                if not ent_num.isdigit():
                    raise PartyListError(f"{path}:{line}: ent_num {ent_num!r} is not a number")
                yield line, row
        except csv.Error as exc:
            raise PartyListError(f"{path}:{reader.line_num}: malformed CSV: {exc}") from exc


def load_sdn(
    path: Path, *, with_aliases: bool = True, with_addresses: bool = True
) -> list[PartyRecord]:
    """Read sdn.csv and, when present beside it, alt.csv (aliases) and add.csv (countries).

    For cons_prim.csv the files beside it are cons_alt.csv and cons_add.csv.
    """
    path = Path(path)
    prefix = "cons_" if path.name.lower() == CONS_PRIMARY else ""
    list_id = CONS_LIST_ID if prefix else LIST_ID
    entries: dict[str, tuple[str, str, list[str]]] = {}
    identifiers: dict[str, list[tuple[str, str]]] = {}
    for line, row in _rows(path, 12):
        ent_num, name, kind = row[0].strip(), _field(row[1]), _field(row[2]).lower()
        if not name:
            raise PartyListError(f"{path}:{line}: entry {ent_num} has no name")
        if kind not in _TYPES:
            raise PartyListError(f"{path}:{line}: unknown SDN_Type {row[2].strip()!r}")
        if ent_num in entries:
            raise PartyListError(f"{path}:{line}: duplicate ent_num {ent_num}")
        entries[ent_num] = (name, _TYPES[kind], [])
        ids = [("imo", m) for m in _IMO.findall(row[11])]
        if _field(row[5]):
            ids.append(("call_sign", _field(row[5])))
        identifiers[ent_num] = ids

    aliases: dict[str, list[str]] = {}
    alt_path = path.with_name(f"{prefix}alt.csv")
    if with_aliases and alt_path.exists():
        for line, row in _rows(alt_path, 4):
            alias = _field(row[3])
            if not alias:
                raise PartyListError(f"{alt_path}:{line}: alias without a name")
            aliases.setdefault(row[0].strip(), []).append(alias)

    countries: dict[str, list[str]] = {}
    add_path = path.with_name(f"{prefix}add.csv")
    if with_addresses and add_path.exists():
        for _line, row in _rows(add_path, 5):
            code = OFAC_COUNTRIES.get(_field(row[4]))
            ent = countries.setdefault(row[0].strip(), [])
            if code and code not in ent:
                ent.append(code)

    return [
        PartyRecord(
            list_id=list_id,
            entity_id=ent_num,
            type=kind,
            names=(name, *aliases.get(ent_num, ())),
            countries=tuple(countries.get(ent_num, ())),
            identifiers=tuple(identifiers[ent_num]),
        )
        for ent_num, (name, kind, _) in entries.items()
    ]
