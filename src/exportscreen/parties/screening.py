"""Look a declaration's parties up in the party lists, and say what each listing is on the date.

This module finds and dates matches only: a hit with its list and entry, the listing's status on
the declaration's date (in force, suspended, lifted...). What a hit decides (the list's effect,
the alert threshold's band, reviewers' decisions) is the decision stage's business.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from exportscreen.model import Declaration
from exportscreen.parties.lists import UNDATED, EntryInfo, ListInfo, PartyLists
from exportscreen.status import status_on

if TYPE_CHECKING:
    from exportscreen.parties.matcher import PartyHit

# The review band reaches this many points below the alert threshold (65 below the default 75).
REVIEW_BAND = 10.0


@dataclass(frozen=True, slots=True)
class ListedMatch:
    """One name that matched one list entry, and the listing's status on the date."""

    role: str  # consignee | end_user | vessel | query (parties search)
    query: str
    hit: PartyHit
    list: ListInfo
    entry: EntryInfo
    in_force: bool
    status: str  # the listing's status on the date, in words


def screen_parties(
    lists: PartyLists, declaration: Declaration, *, alert_threshold: Callable[[], float]
) -> list[ListedMatch]:
    """Match the consignee, end user and vessel down to the review band below the threshold.

    ``alert_threshold`` is asked only when there is a name to look up: the default comes from
    the matcher, which a check without parties must not import.
    """
    names = (declaration.consignee, declaration.end_user, declaration.vessel)
    if not lists.records or not any(name.strip() for name in names):
        return []  # nothing to look up: do not import the matcher at all
    floor = alert_threshold() - REVIEW_BAND
    country = declaration.consignee_country or declaration.destination
    queries = [
        (
            "consignee",
            declaration.consignee,
            country.alpha2 if country else None,
            declaration.consignee_ids,
        ),
        ("end_user", declaration.end_user, None, declaration.end_user_ids),
        ("vessel", declaration.vessel, None, declaration.vessel_ids),
    ]
    found: list[ListedMatch] = []
    for role, name, query_country, identifiers in queries:
        if not name.strip():
            continue
        for hit in lists.search(name, query_country, floor, identifiers):
            found.append(_listed(lists, role, name, hit, declaration.date))
    return found


def search_parties(
    lists: PartyLists,
    name: str,
    *,
    country: str | None,
    on: date,
    alert_threshold: float,
    limit: int = 10,
    identifiers: tuple[tuple[str, str], ...] = (),
) -> list[ListedMatch]:
    """Look one name up, down to the review band below the threshold."""
    hits = lists.matcher.search_field(
        name,
        country=country,
        identifiers=identifiers,
        limit=limit,
        min_score=alert_threshold - REVIEW_BAND,
    )
    return [_listed(lists, "query", name, hit, on) for hit in hits]


def _listed(lists: PartyLists, role: str, query: str, hit: PartyHit, on: date) -> ListedMatch:
    info = lists.lists[hit.list_id]
    entry = lists.entries[(hit.list_id, hit.entity_id)]
    status = status_on(entry.listed, entry.status, on)
    reason = status.reason
    if entry.listed == UNDATED and status.in_force:
        reason = "listed (the list gives no listing date)"
    return ListedMatch(role, query, hit, info, entry, status.in_force, reason)
