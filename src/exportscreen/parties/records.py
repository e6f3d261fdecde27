"""The list entry every importer produces and the matcher consumes."""

from __future__ import annotations

from dataclasses import dataclass

PARTY_TYPES = frozenset({"organization", "company", "person", "vessel", "aircraft", "unknown"})
# The scheme of a list identifier whose source does not say what it is (OpenSanctions gives
# bare values): it matches a query identifier of any scheme with the same value.
UNSPECIFIED_SCHEME = "other"


@dataclass(frozen=True, slots=True)
class PartyRecord:
    """One restricted party. `names[0]` is the primary name; the rest are aliases."""

    list_id: str  # e.g. "cn-uel", "ofac-sdn"
    entity_id: str  # stable id within the list (OFAC: the ent_num as str)
    type: str  # one of PARTY_TYPES
    names: tuple[str, ...]  # primary name first, then aliases and names in other scripts
    countries: tuple[str, ...] = ()  # ISO 3166 alpha-2, upper case
    identifiers: tuple[tuple[str, str], ...] = ()  # (scheme, value), e.g. ("imo", "9123456")

    def __post_init__(self) -> None:
        if not self.names:
            raise ValueError(f"party {self.list_id}/{self.entity_id} has no name")
        if self.type not in PARTY_TYPES:
            raise ValueError(f"party {self.list_id}/{self.entity_id}: unknown type {self.type!r}")

    @property
    def primary_name(self) -> str:
        return self.names[0]
