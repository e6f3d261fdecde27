"""Every sentence a decision is reported in: reasons, remarks and warnings, worded once.

The legal words (what an effect means, the customs remark, the catch-all) come from the
decision vocabulary in rules/vocabulary/; this module only puts them into sentences. Each
warning has a stable code, ``warning/<code>``, that CI annotations and reviews can refer to.
"""

from __future__ import annotations

from exportscreen.classify.outcome import (
    GoodsNote,
    Misdeclaration,
    PendingMeasure,
    ScheduledChange,
    UnconfirmedClause,
    UnconfirmedItemData,
)
from exportscreen.countries import Country
from exportscreen.decide.vocabulary import Vocabulary
from exportscreen.model import ItemMatch, MeasureMatch, PartyFinding
from exportscreen.reviews.model import Review

# Warning codes (the part after ``warning/``).
MISDECLARATION = "misdeclaration"
UNCONFIRMED_ITEM = "unconfirmed-item-data"
PENDING_MEASURE = "measure-if-controlled"
UNCONFIRMED_CLAUSE = "unconfirmed-clause"
REVIEW_EXPIRED = "review-expired"
REVIEW_CONFIRMED = "review-confirmed"
LISTING_NOT_IN_FORCE = "listing-not-in-force"
UNCONFIRMED_LISTING = "unconfirmed-listing"
CONTROL_CODE_UNKNOWN = "control-code-unknown"
STATUS_MAY_HAVE_CHANGED = "status-may-have-changed"
CATCH_ALL = "catch-all"
TRANSSHIPMENT = "transshipment"
NO_DESTINATION = "no-destination"
# Warnings about our data rather than the row: the same on every row they concern.
RUN_LEVEL = frozenset(
    {CONTROL_CODE_UNKNOWN, UNCONFIRMED_ITEM, UNCONFIRMED_CLAUSE, UNCONFIRMED_LISTING}
)


def item_label(match: ItemMatch) -> str:
    code = f" {match.code}" if match.code else ""
    return f"{match.name_en} ({match.list_id}/{match.item_id}{code})"


# -- reasons ----------------------------------------------------------------------------------


def item_reason(match: ItemMatch) -> str | None:
    what = item_label(match)
    basis = match.legal_basis.announcement
    if not match.in_force and match.outcome in (
        "controlled",
        "undetermined",
        "content_unknown",
        "form_ambiguous",
    ):
        return f"not controlled on this date: {what} — {match.legal_basis.status}"
    if match.outcome == "controlled":
        return f"licence_required: {what} under {basis}"
    if match.outcome == "undetermined":
        return f"review: {what} under {basis} — not stated: {', '.join(match.missing)}"
    if match.outcome == "content_unknown":
        return f"review: {what} under {basis} — item content not in our sources"
    if match.outcome == "hs_reference_only":
        return (
            f"review: HS code is a reference code of {what} under {basis}, "
            "but the description does not establish the item"
        )
    if match.outcome == "below_threshold":
        return f"not controlled: {what} — declared parameters are outside the thresholds"
    if match.outcome == "excluded":
        return f"not controlled: {what} — excluded use or form"
    # Goods reading (classify/goods.py): the item's note says what the goods were read as.
    note = match.notes[0] if match.notes else ""
    if match.outcome in ("not_the_material", "absent"):
        return f"not controlled: {what} — {note}"
    if match.outcome == "form_ambiguous":
        return f"review: {what} under {basis} — {note}"
    return None


def measure_reason(measure: MeasureMatch, vocabulary: Vocabulary) -> str:
    basis = measure.legal_basis
    if not measure.in_force:
        return f"not applied: {basis.announcement}, {measure.title} — {basis.status}"
    words = vocabulary.effect(measure.effect).words
    return (
        f"{measure.decision.value}: {basis.announcement}, {measure.title} ({words}) covers "
        f"{', '.join(measure.items)}"
    )


def no_item_reason() -> str:
    return "no control item in force matches the description or HS code"


def party_reason(party: PartyFinding) -> str:
    band = "" if party.band == "alert" else " (review band, below the alert threshold)"
    listing = f"{party.list_id}/{party.entity_id}"
    if party.announcement:
        listing += f", {party.announcement}"
    return (
        f"{party.decision.value}: {party.role} {party.query_label()} matches {party.name!r} on the "
        f"{party.list_title} ({listing}), score {party.score:.0f}{band}"
    )


# -- remarks ----------------------------------------------------------------------------------


def remarks(matches: tuple[ItemMatch, ...], vocabulary: Vocabulary) -> list[str]:
    """The text for the customs declaration's remarks box (备注)."""
    found: list[str] = []
    # "Not a controlled item" contradicts "is a dual-use item": once any item is controlled,
    # only the controlled items' remarks belong on the declaration.
    any_controlled = any(m.in_force and m.outcome == "controlled" for m in matches)
    for match in matches:
        if not match.in_force or not match.dual_use:
            continue  # items under other law (the technology catalogue) have no dual-use remark
        if match.outcome == "controlled":
            if match.code:
                found.append(vocabulary.remark_controlled_with_code.format(code=match.code))
            else:
                found.append(vocabulary.remark_controlled)
        elif match.outcome in ("below_threshold", "excluded") and not any_controlled:
            # Quote what the declaration states that places the goods outside the item.
            wanted = match.outcome == "excluded"
            stated = [
                e.found.strip()
                for e in match.evidence
                if e.outcome is wanted and e.found and e.kind in ("parameter", "exclusion")
            ]
            shown = vocabulary.stated_separator.join(dict.fromkeys(stated))
            found.append(
                vocabulary.remark_not_controlled_stated.format(stated=shown)
                if shown
                else vocabulary.remark_not_controlled
            )
    return list(dict.fromkeys(found))


# -- warnings ---------------------------------------------------------------------------------


def goods_note(note: GoodsNote, vocabulary: Vocabulary) -> tuple[str, str]:
    """(code, text) of a fact classification reported about the goods or the data."""
    if isinstance(note, Misdeclaration):
        return MISDECLARATION, (
            f"possible misdeclaration: the description establishes {note.item_label}, whose "
            f"reference HS codes are {', '.join(note.reference_hs)}, but HS {note.declared_hs} "
            "was declared"
        )
    if isinstance(note, UnconfirmedItemData):
        return UNCONFIRMED_ITEM, (
            f"{note.item_label}: this decision rests on data not confirmed in our sources: "
            f"{', '.join(note.weak)}; verify against the official MOFCOM text"
        )
    if isinstance(note, PendingMeasure):
        words = vocabulary.effect(note.effect).words
        return PENDING_MEASURE, (
            f"if {note.item_name} is controlled, {note.announcement} {note.clause_title} "
            f"applies: {words}"
        )
    assert isinstance(note, UnconfirmedClause)
    return UNCONFIRMED_CLAUSE, (
        f"{note.announcement} {note.clause_title}: applying this clause here rests on data not "
        f"confirmed in our sources ({note.confidence}); verify against the official MOFCOM text"
    )


def scheduled_change(change: ScheduledChange) -> str:
    return (
        f"{change.announcement}: our data was last reviewed on {change.reviewed.isoformat()}, and "
        f"a scheduled change falls between then and {change.on.isoformat()} "
        f"({'; '.join(change.changes)}); the status may have changed since — check for newer "
        "MOFCOM announcements"
    )


def control_code_unknown(match: ItemMatch) -> str:
    return (
        f"the control code of {match.name_en} ({match.list_id}/{match.item_id}) was not found "
        "in our sources; copy it from the export licence into the remark"
    )


def _who(party: PartyFinding) -> str:
    return f"{party.role} {party.query!r} ~ {party.primary_name} ({party.list_title})"


def listing_not_in_force(party: PartyFinding) -> str:
    return f"{_who(party)}: the listing does not apply on this date: {party.status}"


def unconfirmed_listing(party: PartyFinding) -> str:
    return (
        f"{_who(party)}: this listing rests on data not confirmed in our sources "
        f"({party.confidence})"
    )


def review_expired(review: Review, party: PartyFinding) -> str:
    return (
        f"review {review.id} expired on {review.expires}: the hit on {_hit(party)} counts again "
        "until it is reviewed again"
    )


def review_confirmed(review: Review, party: PartyFinding) -> str:
    return (
        f"hit on {_hit(party)} confirmed by {review.reviewer} on {review.reviewed_on} "
        f"(review {review.id}): {review.reason}"
    )


def review_cleared(review: Review) -> str:
    """The note a suppressed hit carries."""
    return f"reviewed false positive by {review.reviewer} on {review.reviewed_on}: {review.reason}"


def _hit(party: PartyFinding) -> str:
    return f"{party.query!r} against {party.list_id}/{party.entity_id}"


def catch_all(categories: list[str], vocabulary: Vocabulary) -> str:
    return vocabulary.catch_all.format(categories=", ".join(categories))


def transshipment(consignee_country: Country, destination: Country) -> str:
    return (
        f"consignee country {consignee_country.alpha2} differs from destination "
        f"{destination.alpha2}: check for transshipment; measures for both countries were applied"
    )


def no_destination() -> str:
    return (
        "no destination declared: measures that apply to particular destinations were not "
        "checked; declare the country of destination"
    )
