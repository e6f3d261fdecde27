"""Parse a declaration from loose user input (CLI flags, a YAML/JSON file, a manifest row)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from exportscreen.countries import Country, UnknownCountryError, parse_country
from exportscreen.errors import DeclarationError
from exportscreen.hs import normalize_hs
from exportscreen.model import Declaration

FIELDS = (
    "hs_code",
    "description",
    "spec",
    "quantity",
    "unit",
    "value",
    "currency",
    "destination",
    "consignee",
    "consignee_country",
    "consignee_address",
    "end_user",
    "end_use",
    "consignee_id",
    "end_user_id",
    "vessel",
    "vessel_id",
    "date",
)
_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%Y.%m.%d")
# Shipment dates outside [EARLIEST_DATE, today + LATEST_AHEAD] are typos until the user says
# otherwise (--allow-date): `0025-06-03` would be screened before any control existed (issue 12 A6).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_AHEAD = timedelta(days=366)
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_declaration(
    raw: Mapping[str, Any],
    *,
    default_date: date,
    source: str | None = None,
    allow_any_date: bool = False,
) -> Declaration:
    """Build a Declaration; raise DeclarationError listing every bad or unknown field at once.

    A date before 2000 or more than a year from today is an error unless ``allow_any_date``
    (see :func:`check_plausible_date`); ``default_date`` is the caller's and is not checked.
    """
    errors: list[tuple[str, str]] = []
    unknown = sorted(set(raw) - set(FIELDS))
    errors.extend((name, f"unknown field; expected one of {', '.join(FIELDS)}") for name in unknown)

    def text(name: str) -> str:
        value = raw.get(name)
        if isinstance(value, list | tuple):  # a YAML or JSON list of identifiers
            return "; ".join(str(item) for item in value)
        return "" if value is None else str(value).strip()

    def parsed(name: str, parser: Any) -> Any:
        value = text(name)
        if not value:
            return None
        try:
            return parser(value)
        except (ValueError, UnknownCountryError) as exc:
            errors.append((name, str(exc)))
            return None

    declaration_date = (
        parsed("date", parse_date if allow_any_date else parse_plausible_date) or default_date
    )
    fields: dict[str, Any] = {
        "date": declaration_date,
        "hs_code": parsed("hs_code", normalize_hs),
        "quantity": parsed("quantity", parse_number),
        "value": parsed("value", parse_number),
        "destination": parsed("destination", parse_country),
        "consignee_country": parsed("consignee_country", parse_country),
        "consignee_ids": parsed("consignee_id", parse_identifiers) or (),
        "end_user_ids": parsed("end_user_id", parse_identifiers) or (),
        "vessel_ids": parsed("vessel_id", parse_identifiers) or (),
    }
    for name in (
        "description",
        "spec",
        "unit",
        "currency",
        "consignee",
        "consignee_address",
        "end_user",
        "end_use",
        "vessel",
    ):
        fields[name] = text(name)
    if errors:
        raise DeclarationError(errors, source=source)
    return Declaration(**fields)


def parse_date(text: str) -> date:
    """Accept YYYY-MM-DD and the compact forms customs systems export (YYYYMMDD, YYYY/MM/DD)."""
    candidate = text.strip().split("T")[0].split(" ")[0]
    if (len(candidate) == 10 and candidate[4] == "-" and candidate[7] == "-") or (
        len(candidate) == 8 and candidate.isdigit()
    ):
        try:  # YYYY-MM-DD and YYYYMMDD, parsed in C: strptime costs ~25 µs a row in a manifest
            return date.fromisoformat(candidate)
        except ValueError:
            pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"invalid date {text!r}; write YYYY-MM-DD")


def check_plausible_date(value: date, *, today: date | None = None) -> date:
    """``value`` if it lies between 2000-01-01 and a year from ``today``; else ValueError."""
    today = today or date.today()
    if value < EARLIEST_DATE:
        raise ValueError(
            f"date {value.isoformat()} is before {EARLIEST_DATE.year}; "
            "if that is right, pass --allow-date"
        )
    if value > today + LATEST_AHEAD:
        raise ValueError(
            f"date {value.isoformat()} is more than a year ahead; "
            "if that is right, pass --allow-date"
        )
    return value


def parse_plausible_date(text: str) -> date:
    """:func:`parse_date`, then :func:`check_plausible_date`."""
    return check_plausible_date(parse_date(text))


_IDENTIFIER = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s+(\S.*)$")
_SCHEME = re.compile(r"^[a-z][a-z0-9_]*$")
_BARE_IMO = re.compile(r"^IMO\s*([0-9]{7})$", re.IGNORECASE)
_IDENTIFIER_SEPARATORS = re.compile(r"[;,\n]")
# Everyday names of identifier schemes, as the importers name them (see README, --consignee-id).
SCHEME_ALIASES = {
    "imo_number": "imo",
    "imo_no": "imo",
    "reg": "registration_number",
    "regno": "registration_number",
    "registration": "registration_number",
    "company_number": "registration_number",
    "swift": "swift_bic",
    "bic": "swift_bic",
    "tin": "tax_id",
    "tax": "tax_id",
    "passport_number": "passport",
    "passport_no": "passport",
    "unified_social_credit_code": "uscc",
    "统一社会信用代码": "uscc",
}


def parse_identifiers(text: str) -> tuple[tuple[str, str], ...]:
    """'IMO:9123456; LEI 5493001KJTIIGC8Y1R12' -> (('imo', '9123456'), ('lei', '5493...')).

    Several identifiers are separated by ';', ',' or line breaks. Each is a scheme, then a colon
    (the scheme may then have several words: "IMO Number: 9187629") or a space, then the value;
    "IMO9123456" is read too, as ship papers write it. Everyday scheme names are mapped to the
    importers' (SCHEME_ALIASES).
    """
    found: list[tuple[str, str]] = []
    # NFKC: full-width colons and digits, as Chinese input methods type them.
    written_items = _IDENTIFIER_SEPARATORS.split(unicodedata.normalize("NFKC", text))
    for item in (part.strip() for part in written_items):
        if not item:
            continue
        if bare := _BARE_IMO.match(item):
            found.append(("imo", bare.group(1)))
            continue
        scheme_text, colon, value = item.partition(":")
        if not (colon and value.strip()):
            written = _IDENTIFIER.match(item)
            scheme_text, value = (written.group(1), written.group(2)) if written else ("", "")
        scheme = re.sub(r"[\s.\-]+", "_", scheme_text.strip().lower()).strip("_")
        scheme = SCHEME_ALIASES.get(scheme, scheme)
        if not _SCHEME.match(scheme) or not value.strip():
            raise ValueError(
                f"identifier {item!r} needs a scheme and a value; write SCHEME:VALUE, e.g. "
                "IMO:9123456 or LEI:5493001KJTIIGC8Y1R12"
            )
        found.append((scheme, value.strip()))
    return tuple(found)


def parse_number(text: str) -> float:
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.match(cleaned):
        raise ValueError(f"not a number: {text!r}")
    return float(cleaned.replace(",", ""))


def country_label(country: Country | None) -> str:
    return f"{country.alpha2} ({country.name_en})" if country else "-"
