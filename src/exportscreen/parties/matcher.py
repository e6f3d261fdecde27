"""Screen a consignee name against restricted-party records and explain every hit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from exportscreen.parties import score as sc
from exportscreen.parties.index import NameIndex, normalize_identifier
from exportscreen.parties.normalize import NormalizedName, normalize_name
from exportscreen.parties.records import PartyRecord

DEFAULT_THRESHOLD: float = 75.0
"""Alert at or above this score (0-100). See docs/matching.md for how it was chosen."""

REVIEW_THRESHOLD: float = 65.0
"""At or above this but below DEFAULT_THRESHOLD: worth a human look, not an alert."""

CANDIDATE_LIMIT = 16  # names scored in full per query, best-voted first (see docs/matching.md)
CANDIDATE_SLACK = 20.0  # adjustments can add a few points; skip names that cannot get close
IDENTIFIER_MATCH_SCORE = 100.0
IDENTIFIER_CONFLICT = -30.0


@dataclass(frozen=True, slots=True)
class PartyHit:
    list_id: str
    entity_id: str
    name: str  # the list name or alias that matched, as written in the list
    primary_name: str  # the entry's primary name
    score: float  # 0..100
    explanation: str  # one human sentence
    parts: dict[str, float]  # name, legal_form, digits, place, type, country, identifier
    aligned: tuple[tuple[str, str], ...]  # (query token, list token) pairs that aligned
    record: PartyRecord


class Matcher:
    """Builds the index once; `search` is then cheap (a few hundred microseconds)."""

    def __init__(self, records: Iterable[PartyRecord]) -> None:
        self.index = NameIndex(records)

    def search(
        self,
        name: str,
        *,
        country: str | None = None,
        identifiers: Iterable[tuple[str, str]] = (),
        limit: int = 5,
        min_score: float | None = None,
    ) -> list[PartyHit]:
        """Best hit per entity at or above `min_score` (default REVIEW_THRESHOLD), best first."""
        floor = REVIEW_THRESHOLD if min_score is None else min_score
        identifiers = tuple(identifiers)
        index = self.index
        query = normalize_name(name)
        credits = index.query_credits(query)
        query_weights = [index.weight(t) for t in query.tokens]

        best: dict[int, _Scored] = {}

        def consider(name_id: int) -> None:
            record_id = index.name_record[name_id]
            scored = _evaluate(
                query,
                index.names[name_id],
                index.name_text[name_id],
                index.records[record_id],
                credits,
                query_weights,
                index.name_weights[name_id],
                country,
                identifiers,
            )
            current = best.get(record_id)
            if current is None or scored.score > current.score:
                best[record_id] = scored

        cutoff = (floor - CANDIDATE_SLACK) / 100.0  # names estimated below cannot get close
        for _approx, name_id in index.candidates(query, credits, CANDIDATE_LIMIT, cutoff):
            consider(name_id)
        if identifiers:
            matched = index.by_identifier(identifiers)
            for name_id, record_id in enumerate(index.name_record):
                if record_id in matched:
                    consider(name_id)
        hits = [_to_hit(name, s) for s in best.values() if s.score >= floor]
        hits.sort(key=lambda h: (-h.score, h.list_id, h.entity_id))
        return hits[:limit]

    def score_names(
        self,
        query: str,
        candidate: str,
        *,
        query_country: str | None = None,
        candidate_country: str | None = None,
        candidate_type: str = "unknown",
    ) -> PartyHit:
        """Score one pair with this matcher's token rarity (for pair benchmarks and tests)."""
        q = normalize_name(query)
        c = normalize_name(candidate)
        credits: dict[str, dict[str, float]] = {}
        for qt in set(q.tokens):
            row = {ct: cr for ct in set(c.tokens) if (cr := sc.token_credit(qt, ct))}
            credits[qt] = row
        record = PartyRecord(
            list_id="pair",
            entity_id="pair",
            type=candidate_type,
            names=(candidate,),
            countries=(candidate_country.upper(),) if candidate_country else (),
        )
        weights = self.index.weight
        scored = _evaluate(
            q,
            c,
            candidate,
            record,
            credits,
            [weights(t) for t in q.tokens],
            [weights(t) for t in c.tokens],
            query_country,
            (),
        )
        return _to_hit(query, scored)


def _identifier_part(
    identifiers: tuple[tuple[str, str], ...], record: PartyRecord, name_score: float
) -> float:
    if not identifiers or not record.identifiers:
        return 0.0
    ours = {normalize_identifier(s, v) for s, v in identifiers}
    theirs = {normalize_identifier(s, v) for s, v in record.identifiers}
    if ours & theirs:
        return IDENTIFIER_MATCH_SCORE - name_score  # decisive: the same registered thing
    if {s for s, _ in ours} & {s for s, _ in theirs}:
        return IDENTIFIER_CONFLICT  # same scheme, different number: a different thing
    return 0.0


class _Scored:
    """A scored candidate before it becomes a PartyHit (most never do: cheap, no strings)."""

    __slots__ = ("alignment", "candidate_text", "parts", "record", "score")

    def __init__(
        self,
        score: float,
        parts: dict[str, float],
        alignment: sc.Alignment,
        candidate_text: str,
        record: PartyRecord,
    ) -> None:
        self.score = score
        self.parts = parts
        self.alignment = alignment
        self.candidate_text = candidate_text
        self.record = record


def _evaluate(
    query: NormalizedName,
    candidate: NormalizedName,
    candidate_text: str,
    record: PartyRecord,
    credits: Mapping[str, Mapping[str, float]],
    query_weights: list[float],
    candidate_weights: list[float],
    country: str | None,
    identifiers: tuple[tuple[str, str], ...],
) -> _Scored:
    alignment = sc.align(
        query,
        candidate,
        credits,
        query_weights,
        candidate_weights,
        initials=record.type == "person",
    )
    parts: dict[str, float] = {"name": round(alignment.name_score, 2)}
    total = alignment.name_score
    # Adjustments qualify a name resemblance; with no word aligned there is none to qualify.
    adjustments = (
        (
            ("legal_form", sc.legal_form_adjustment(query, candidate)),
            ("digits", sc.digits_adjustment(query, candidate)),
            ("place", sc.place_conflict(alignment)),
            ("type", sc.type_adjustment(query, record.type)),
            ("country", sc.country_adjustment(country, record.countries)),
        )
        if alignment.pairs
        else ()
    )
    for key, value in adjustments:
        if value:
            parts[key] = value
            total += value
    identifier = _identifier_part(identifiers, record, alignment.name_score)
    if identifier:
        parts["identifier"] = round(identifier, 2)
        total = IDENTIFIER_MATCH_SCORE if identifier > 0 else total + identifier
    score = round(max(0.0, min(100.0, total)), 1)
    return _Scored(score, parts, alignment, candidate_text, record)


def _to_hit(query_text: str, scored: _Scored) -> PartyHit:
    record = scored.record
    return PartyHit(
        list_id=record.list_id,
        entity_id=record.entity_id,
        name=scored.candidate_text,
        primary_name=record.names[0],
        score=scored.score,
        explanation=_explain(
            query_text, scored.candidate_text, record, scored.alignment, scored.parts, scored.score
        ),
        parts=scored.parts,
        aligned=tuple((q, c) for q, c, _ in scored.alignment.pairs),
        record=record,
    )


_PART_REASONS = {
    "legal_form": ("legal forms agree", "legal forms conflict"),
    "digits": ("", "numbers in the names differ"),
    "place": ("", "the names name different places"),
    "type": ("", "the query carries a company legal form but the entry is a person"),
    "country": ("country agrees", "country differs"),
    "identifier": ("identifier matches exactly", "identifier of the same scheme differs"),
}


def _explain(
    query_text: str,
    candidate_text: str,
    record: PartyRecord,
    alignment: sc.Alignment,
    parts: dict[str, float],
    score: float,
) -> str:
    aligned = ", ".join(
        f"{q}={c}" if credit == 1.0 else f"{q}~{c} ({credit:.2f})"
        for q, c, credit in alignment.pairs
    )
    via = "" if candidate_text == record.names[0] else f" (alias of {record.names[0]!r})"
    text = f"{query_text!r} vs {candidate_text!r}{via}: "
    text += f"aligned {aligned}" if aligned else "no words aligned"
    if alignment.unmatched_query:
        text += f"; query words without match: {' '.join(alignment.unmatched_query)}"
    if alignment.unmatched_candidate:
        text += f"; list words without match: {' '.join(alignment.unmatched_candidate)}"
    if alignment.discounted:
        text += f"; weighed less as place or extra words: {' '.join(alignment.discounted)}"
    if alignment.key_word_missing:
        text += f"; rarest word unmatched (name x{sc.KEY_WORD_MISSING_FACTOR:g})"
    text += f"; name {parts['name']:.1f}"
    for key, value in parts.items():
        if key == "name":
            continue
        reason = _PART_REASONS[key][0 if value > 0 else 1]
        text += f", {reason} {value:+.0f}"
    return text + f"; score {score:.1f}."
