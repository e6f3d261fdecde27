"""Restricted-party screening: fuzzy, explainable matching of names against party lists."""

from exportscreen.parties.importers import PartyListError
from exportscreen.parties.matcher import (
    DEFAULT_THRESHOLD,
    REVIEW_THRESHOLD,
    Matcher,
    PartyHit,
)
from exportscreen.parties.normalize import NormalizedName, normalize_name
from exportscreen.parties.records import PartyRecord

__all__ = [
    "DEFAULT_THRESHOLD",
    "REVIEW_THRESHOLD",
    "Matcher",
    "NormalizedName",
    "PartyHit",
    "PartyListError",
    "PartyRecord",
    "normalize_name",
]
