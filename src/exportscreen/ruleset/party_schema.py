"""The YAML format of restricted-party lists (``kind: party_list``).

A list says what a listing does to an export (its decision for controlled goods and for other
goods) and carries entries with names in every script, country, identifiers, the listing
announcement and date, and status events over time. ``rules/README.md`` documents it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from exportscreen.ruleset.schema import (
    Confidence,
    Id,
    NonEmpty,
    OfficialUrl,
    StatusPeriod,
    Strict,
)

PartyType = Literal["organization", "company", "person", "vessel", "aircraft", "unknown"]
DecisionName = Literal["prohibited", "licence_required", "review"]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class ListingEffect(Strict):
    """The decision a hit on this list gives, for controlled goods and for any other goods."""

    controlled_goods: DecisionName
    other_goods: DecisionName
    note: str = ""


class PartyNames(Strict):
    primary: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    other_scripts: list[NonEmpty] = Field(default_factory=list)


class Identifier(Strict):
    scheme: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]+$")]
    value: NonEmpty


class Listing(Strict):
    announcement: str = ""
    announcement_zh: str = ""
    date: date
    official: OfficialUrl | None = None


EntryField = Literal["names", "names_zh", "country", "announcement", "date", "identifiers"]


class PartyEntry(Strict):
    id: Id
    type: PartyType
    names: PartyNames
    country: CountryCode | None = None
    addresses: list[NonEmpty] = Field(default_factory=list)
    identifiers: list[Identifier] = Field(default_factory=list)
    listed: Listing
    status: list[StatusPeriod] = Field(default_factory=list)
    covers_subsidiaries: bool | None = None
    confidence: Confidence
    field_confidence: dict[EntryField, Confidence] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    notes: str = ""

    @field_validator("country", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value


class PartyList(Strict):
    kind: Literal["party_list"]
    id: Id
    title: NonEmpty
    title_zh: str = ""
    authority: NonEmpty
    legal_basis: str = ""
    effect: ListingEffect
    covers_subsidiaries: bool = False
    reviewed: date
    sources: Annotated[list[NonEmpty], Field(min_length=1)]
    confidence: Confidence
    notes: str = ""
    entries: list[PartyEntry] = Field(default_factory=list)
