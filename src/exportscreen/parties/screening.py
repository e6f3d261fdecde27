"""Decide what restricted-party hits mean for one declaration on its date.

A hit at or above the alert threshold, on a listing in force that day, takes the list's effect:
the decision for controlled goods or for other goods (UEL: prohibited either way; Control List:
prohibited / review; Watch List: licence required / review). A hit in the review band below the
threshold gives review. A listing that is suspended, lifted or removed on the date does not
prohibit, and the finding says so.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from exportscreen.model import Decision, Declaration, PartyFinding
from exportscreen.parties.lists import UNDATED, PartyLists
from exportscreen.status import status_on

if TYPE_CHECKING:
    from exportscreen.parties.matcher import PartyHit

# The review band reaches this many points below the alert threshold (65 below the default 75).
REVIEW_BAND = 10.0


def default_threshold() -> float:
    from exportscreen.parties.matcher import DEFAULT_THRESHOLD

    return DEFAULT_THRESHOLD


def screen_parties(
    lists: PartyLists,
    declaration: Declaration,
    *,
    controlled: bool,
    threshold: float | None = None,
) -> list[PartyFinding]:
    """Screen the consignee and end user; best hit per entry and role, best first."""
    names = (declaration.consignee, declaration.end_user, declaration.vessel)
    if not lists.records or not any(name.strip() for name in names):
        return []  # nothing to look up: do not import the matcher at all
    alert = default_threshold() if threshold is None else threshold
    floor = alert - REVIEW_BAND
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
    findings: list[PartyFinding] = []
    for role, name, query_country, identifiers in queries:
        if not name.strip():
            continue
        for hit in lists.search(name, query_country, floor, identifiers):
            findings.append(_finding(lists, role, name, hit, alert, controlled, declaration.date))
    return sorted(findings, key=lambda f: (-f.decision.severity, -f.score))


def search_parties(
    lists: PartyLists,
    name: str,
    *,
    country: str | None,
    on: date,
    threshold: float | None = None,
    limit: int = 10,
    identifiers: tuple[tuple[str, str], ...] = (),
) -> list[PartyFinding]:
    """Look one name up; each hit's decision is the listing's effect on controlled goods."""
    alert = default_threshold() if threshold is None else threshold
    hits = lists.matcher.search_field(
        name,
        country=country,
        identifiers=identifiers,
        limit=limit,
        min_score=alert - REVIEW_BAND,
    )
    return [_finding(lists, "query", name, hit, alert, True, on) for hit in hits]


def _finding(
    lists: PartyLists,
    role: str,
    query: str,
    hit: PartyHit,
    alert: float,
    controlled: bool,
    on: date,
) -> PartyFinding:
    info = lists.lists[hit.list_id]
    entry = lists.entries[(hit.list_id, hit.entity_id)]
    status = status_on(entry.listed, entry.status, on)
    reason = status.reason
    if entry.listed == UNDATED and status.in_force:
        reason = "listed (the list gives no listing date)"
    band = "alert" if hit.score >= alert else "review"
    if not status.in_force:
        decision = Decision.NOT_CONTROLLED
    elif band == "review":
        decision = Decision.REVIEW
    else:
        decision = Decision(info.controlled_goods if controlled else info.other_goods)
    return PartyFinding(
        role=role,
        query=query,
        query_part=hit.query_part,
        list_id=hit.list_id,
        list_title=info.title,
        entity_id=hit.entity_id,
        name=hit.name,
        primary_name=hit.primary_name,
        score=hit.score,
        band=band,
        decision=decision,
        in_force=status.in_force,
        status=reason,
        listed=entry.listed,
        announcement=entry.announcement,
        confidence=entry.confidence,
        explanation=hit.explanation,
        parts=dict(hit.parts),
        aligned=hit.aligned,
    )
