"""Restricted-party screening: fuzzy, explainable matching of names against party lists.

The public names below are loaded on first use: a ``check`` without consignee or end user must
not pay for importing the matcher (rapidfuzz, anyascii, the legal-form tables).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from exportscreen.parties.importers import PartyListError
    from exportscreen.parties.matcher import DEFAULT_THRESHOLD, REVIEW_THRESHOLD, Matcher, PartyHit
    from exportscreen.parties.normalize import NormalizedName, normalize_name
    from exportscreen.parties.records import PartyRecord

_HOMES = {
    "DEFAULT_THRESHOLD": "exportscreen.parties.matcher",
    "REVIEW_THRESHOLD": "exportscreen.parties.matcher",
    "Matcher": "exportscreen.parties.matcher",
    "PartyHit": "exportscreen.parties.matcher",
    "NormalizedName": "exportscreen.parties.normalize",
    "normalize_name": "exportscreen.parties.normalize",
    "PartyListError": "exportscreen.parties.importers",
    "PartyRecord": "exportscreen.parties.records",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'exportscreen.parties' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
