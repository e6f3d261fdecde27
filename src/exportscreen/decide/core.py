"""Combine the goods outcome, the listed party matches and the run's settings into a Result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from exportscreen.classify.outcome import AppliedClause, GoodsOutcome
from exportscreen.decide import texts
from exportscreen.decide.config import RunConfig
from exportscreen.decide.vocabulary import Vocabulary
from exportscreen.model import (
    REASON,
    WARNING,
    Decision,
    Declaration,
    Finding,
    ItemMatch,
    MeasureMatch,
    PartyFinding,
    Result,
)
from exportscreen.parties.screening import ListedMatch
from exportscreen.reviews.model import CONFIRMED, Reviews


def decide(
    declaration: Declaration,
    goods: GoodsOutcome,
    parties: Sequence[ListedMatch],
    config: RunConfig,
    vocabulary: Vocabulary,
) -> Result:
    """The decision on one declaration, with every finding behind it. Pure: same in, same out."""
    warnings: list[Finding] = [_warning(*texts.goods_note(n, vocabulary)) for n in goods.notes]
    measures = [_measure(clause, vocabulary) for clause in goods.clauses]
    controlled = any(m.outcome == "controlled" and m.in_force for m in goods.items)
    hits = decide_party_hits(parties, config, controlled=controlled)
    used: tuple[str, ...] = ()
    if config.reviews is not None and hits:
        country = declaration.consignee_country or declaration.destination
        declared = country.alpha2 if country else None
        hits, notes = apply_reviews(hits, config.reviews, declared_country=declared, config=config)
        warnings.extend(notes)
        used = reviews_matching(hits, config.reviews, declared)
    warnings.extend(_party_warnings(hits))
    remarks = texts.remarks(goods.items, vocabulary)
    warnings.extend(
        _warning(texts.CONTROL_CODE_UNKNOWN, texts.control_code_unknown(m))
        for m in goods.items
        if m.in_force and m.outcome == "controlled" and m.dual_use and not m.code
    )
    warnings.extend(
        _warning(texts.STATUS_MAY_HAVE_CHANGED, texts.scheduled_change(c))
        for c in goods.scheduled_changes
    )
    in_force_measures = [m for m in measures if m.in_force]
    if goods.end_uses and not any(
        m.decision is not Decision.NOT_CONTROLLED for m in in_force_measures
    ):
        categories = sorted({e.detail for e in goods.end_uses})
        warnings.append(_warning(texts.CATCH_ALL, texts.catch_all(categories, vocabulary)))
    destination, consignee_country = declaration.destination, declaration.consignee_country
    if destination and consignee_country and destination != consignee_country:
        warnings.append(
            _warning(texts.TRANSSHIPMENT, texts.transshipment(consignee_country, destination))
        )
    if destination is None and consignee_country is None and _goods_of_concern(goods.items):
        warnings.append(_warning(texts.NO_DESTINATION, texts.no_destination()))
    decisions = [m.decision for m in goods.items] + [m.decision for m in in_force_measures]
    decisions += [p.decision for p in hits if not p.suppressed]
    decision = Decision.most_severe(decisions)
    reasons = [_party_reason(p) for p in hits if p.in_force]
    reasons += [_measure_reason(m, vocabulary) for m in measures]
    reasons += [r for r in (_item_reason(m) for m in goods.items) if r is not None]
    if not reasons and decision is Decision.NOT_CONTROLLED:
        reasons.append(Finding("goods/none", REASON, decision.value, texts.no_item_reason()))
    return Result(
        declaration=declaration,
        decision=decision,
        items=tuple(sorted(goods.items, key=lambda m: -m.decision.severity)),
        measures=tuple(measures),
        parties=tuple(hits),
        end_uses=goods.end_uses,
        remarks=tuple(remarks),
        findings=(*reasons, *warnings),
        reviews_used=used,
    )


def decide_party_hits(
    matches: Sequence[ListedMatch], config: RunConfig, *, controlled: bool, by_severity: bool = True
) -> list[PartyFinding]:
    """What each hit decides: the list's effect for these goods when the listing is in force
    and the score reaches the alert threshold, review in the band below it. Most severe first
    (``by_severity``), else in the matcher's order."""
    if not matches:
        return []  # the default threshold comes from the matcher: import it only when needed
    alert = config.alert_threshold()
    found = [_party_finding(match, alert, controlled) for match in matches]
    if by_severity:
        found.sort(key=lambda f: (-f.decision.severity, -f.score))
    return found


def apply_reviews(
    hits: Sequence[PartyFinding],
    reviews: Reviews,
    *,
    declared_country: str | None,
    config: RunConfig,
) -> tuple[list[PartyFinding], list[Finding]]:
    """Reviewers' decisions as a post-filter: a false-positive review in force on the run's day
    clears its hit (the hit stays, marked suppressed); an expired review or a confirmed hit is
    reported as a warning. ``declared_country`` (consignee country, else destination) is used
    for every role, since a declaration names no separate country for its end user."""
    out: list[PartyFinding] = []
    notes: list[Finding] = []
    for hit in hits:
        review = reviews.match(
            name=hit.query,
            country=declared_country,
            list_id=hit.list_id,
            entity_id=hit.entity_id,
        )
        if review is None:
            out.append(hit)
        elif not review.active_on(config.review_day):
            out.append(hit)
            notes.append(_warning(texts.REVIEW_EXPIRED, texts.review_expired(review, hit)))
        elif review.verdict == CONFIRMED:
            out.append(hit)
            notes.append(_warning(texts.REVIEW_CONFIRMED, texts.review_confirmed(review, hit)))
        else:
            out.append(replace(hit, suppressed=texts.review_cleared(review)))
    return out, list({n.text: n for n in notes}.values())


def reviews_matching(
    hits: Sequence[PartyFinding], reviews: Reviews, declared_country: str | None
) -> tuple[str, ...]:
    """The ids of the reviews that match these hits, applied or expired: a run reports the
    reviews that matched nothing, like a linter's unused noqa."""
    found = (
        reviews.match(
            name=h.query, country=declared_country, list_id=h.list_id, entity_id=h.entity_id
        )
        for h in hits
    )
    return tuple(dict.fromkeys(r.id for r in found if r is not None))


def _goods_of_concern(items: tuple[ItemMatch, ...]) -> bool:
    return any(m.in_force and m.decision is not Decision.NOT_CONTROLLED for m in items)


def _warning(code: str, text: str) -> Finding:
    scope = "run" if code in texts.RUN_LEVEL else "row"
    return Finding(f"warning/{code}", WARNING, WARNING, text, scope=scope)


def _measure(clause: AppliedClause, vocabulary: Vocabulary) -> MeasureMatch:
    effect = vocabulary.effect(clause.effect)
    return MeasureMatch(
        measure_id=clause.measure_id,
        clause_id=clause.clause_id,
        title=clause.title,
        effect=clause.effect,
        decision=effect.decision if clause.in_force else Decision.NOT_CONTROLLED,
        in_force=clause.in_force,
        items=clause.items,
        legal_basis=clause.legal_basis,
        confidence=clause.confidence,
        evidence=clause.evidence,
        effect_words=effect.words,
    )


def _party_finding(match: ListedMatch, alert: float, controlled: bool) -> PartyFinding:
    hit, info = match.hit, match.list
    band = "alert" if hit.score >= alert else "review"
    if not match.in_force:
        decision = Decision.NOT_CONTROLLED
    elif band == "review":
        decision = Decision.REVIEW
    else:
        decision = Decision(info.controlled_goods if controlled else info.other_goods)
    return PartyFinding(
        role=match.role,
        query=match.query,
        query_part=hit.query_part,
        list_id=hit.list_id,
        list_title=info.title,
        entity_id=hit.entity_id,
        name=hit.name,
        primary_name=hit.primary_name,
        score=hit.score,
        band=band,
        decision=decision,
        in_force=match.in_force,
        status=match.status,
        listed=match.entry.listed,
        announcement=match.entry.announcement,
        confidence=match.entry.confidence,
        explanation=hit.explanation,
        parts=dict(hit.parts),
        aligned=hit.aligned,
    )


def _party_warnings(hits: list[PartyFinding]) -> list[Finding]:
    found: list[Finding] = []
    for party in hits:
        if not party.in_force:
            found.append(_warning(texts.LISTING_NOT_IN_FORCE, texts.listing_not_in_force(party)))
        elif party.confidence != "confirmed":
            found.append(_warning(texts.UNCONFIRMED_LISTING, texts.unconfirmed_listing(party)))
    return found


def _party_reason(party: PartyFinding) -> Finding:
    return Finding(
        f"party/{party.list_id}",
        REASON,
        party.decision.value,
        texts.party_reason(party),
        key=f"{party.role}\x1f{party.entity_id}\x1f{party.name}",
        source=party,
        suppressed=party.suppressed,
    )


def _measure_reason(measure: MeasureMatch, vocabulary: Vocabulary) -> Finding:
    return Finding(
        f"measure/{measure.measure_id}/{measure.clause_id}",
        REASON,
        measure.decision.value,
        texts.measure_reason(measure, vocabulary),
        source=measure,
        legal_basis=measure.legal_basis,
    )


def _item_reason(match: ItemMatch) -> Finding | None:
    text = texts.item_reason(match)
    if text is None:
        return None
    return Finding(
        f"item/{match.list_id}/{match.item_id}",
        REASON,
        match.decision.value,
        text,
        source=match,
        legal_basis=match.legal_basis,
    )
