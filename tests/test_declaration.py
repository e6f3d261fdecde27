"""Parsing declarations from loose input."""

from __future__ import annotations

from datetime import date

import pytest

from exportscreen.declaration import parse_date, parse_declaration, parse_identifiers
from exportscreen.errors import DeclarationError
from exportscreen.hs import hs_related, normalize_hs

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("8112.92.90.10", "8112929010"),
        ("8112 9290 10", "8112929010"),
        ("28053019", "28053019"),
        (" 0810 ", "0810"),
        ("８５１６５０００００", "8516500000"),  # full-width digits, as Chinese input types them
        ("８１１２．９２", "811292"),
    ],
)
def test_hs_codes_accept_dots_and_spaces(text: str, digits: str) -> None:
    assert normalize_hs(text) == digits


@pytest.mark.parametrize("text", ["", "81", "81129290101", "8112x9", "８１"])
def test_bad_hs_codes(text: str) -> None:
    with pytest.raises(ValueError):
        normalize_hs(text)


def test_hs_prefix_relation_is_symmetric() -> None:
    assert hs_related("2805301910", "28053019")
    assert hs_related("280530", "2805301910")
    assert not hs_related("2805301910", "2805302")


@pytest.mark.parametrize("text", ["2026-01-06", "20260106", "2026/01/06", "2026-01-06T10:00"])
def test_dates(text: str) -> None:
    assert parse_date(text) == date(2026, 1, 6)


@pytest.mark.parametrize("text", ["20261306", "20260230", "2026-02-30", "2026/13/01", "06.01.26"])
def test_impossible_dates_are_errors(text: str) -> None:
    with pytest.raises(ValueError, match="write YYYY-MM-DD"):
        parse_date(text)


def test_full_declaration() -> None:
    declaration = parse_declaration(
        {
            "hs_code": "8112.92.90.10",
            "description": "gallium",
            "destination": "美国",
            "consignee_country": "usa",
            "quantity": "1,200.5",
            "date": "2025-06-01",
        },
        default_date=TODAY,
    )
    assert declaration.hs_code == "8112929010"
    assert declaration.destination is not None and declaration.destination.alpha2 == "US"
    assert declaration.consignee_country == declaration.destination
    assert declaration.quantity == 1200.5
    assert declaration.date == date(2025, 6, 1)


def test_default_date_and_goods_presence() -> None:
    declaration = parse_declaration({"consignee": "ACME"}, default_date=TODAY)
    assert declaration.date == TODAY
    assert not declaration.has_goods


def test_every_bad_field_is_reported() -> None:
    with pytest.raises(DeclarationError) as caught:
        parse_declaration(
            {
                "hs_code": "81x",
                "destination": "Narnia",
                "date": "2026-02-30",
                "colour": "red",
                "value": "lots",
            },
            default_date=TODAY,
        )
    fields = [name for name, _ in caught.value.fields]
    assert sorted(fields) == ["colour", "date", "destination", "hs_code", "value"]
    assert "Narnia" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IMO:9187629", (("imo", "9187629"),)),
        ("IMO 9187629", (("imo", "9187629"),)),
        ("IMO9187629", (("imo", "9187629"),)),
        (
            "lei: 5493001KJTIIGC8Y1R12; USCC 91110000100000000X",
            (
                ("lei", "5493001KJTIIGC8Y1R12"),
                ("uscc", "91110000100000000X"),
            ),
        ),
        ("", ()),
        # Everyday scheme names, several words before a colon, Chinese labels.
        ("IMO Number: 9187629", (("imo", "9187629"),)),
        ("Passport No: X123; SWIFT BKMTIRTH", (("passport", "X123"), ("swift_bic", "BKMTIRTH"))),
        ("REG:1027700132195", (("registration_number", "1027700132195"),)),
        ("统一社会信用代码：91110000100000000X", (("uscc", "91110000100000000X"),)),
    ],
)
def test_identifiers(text: str, expected: tuple[tuple[str, str], ...]) -> None:
    assert parse_identifiers(text) == expected


@pytest.mark.parametrize("text", ["9187629", ":123", "IMO:", "12 34"])
def test_identifiers_without_scheme_or_value_are_errors(text: str) -> None:
    with pytest.raises(ValueError, match="write SCHEME:VALUE"):
        parse_identifiers(text)


def test_an_identifier_without_scheme_is_an_error_naming_the_fix() -> None:
    with pytest.raises(DeclarationError) as caught:
        parse_declaration(
            {"description": "copper wire", "consignee_id": "9187629"}, default_date=date(2025, 1, 1)
        )
    assert "consignee_id" in str(caught.value)
    assert "write SCHEME:VALUE" in str(caught.value)


def test_identifiers_round_trip_through_the_recorded_fields() -> None:
    declaration = parse_declaration(
        {"description": "tanker charter", "consignee_id": "IMO 9187629; lei:ABC123"},
        default_date=date(2025, 1, 1),
    )
    assert declaration.consignee_ids == (("imo", "9187629"), ("lei", "ABC123"))
    again = parse_declaration(declaration.to_dict(), default_date=date(2025, 1, 1))
    assert again == declaration


def test_identifiers_may_be_a_list_in_a_declaration_file() -> None:
    declaration = parse_declaration(
        {"description": "tanker charter", "vessel_id": ["IMO 9187629", "call sign: T2EU4"]},
        default_date=date(2025, 1, 1),
    )
    assert declaration.vessel_ids == (("imo", "9187629"), ("call_sign", "T2EU4"))
