"""Screen a consignee name against restricted-party records and explain every hit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from exportscreen.parties import score as sc
from exportscreen.parties import spelling as sp
from exportscreen.parties import truncation
from exportscreen.parties.fields import split_party_field
from exportscreen.parties.index import NameIndex, normalize_identifier, unspecified
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
# A name compared up to a cut (see truncation.py) has not been seen whole: its name part keeps
# this share plus the rest in proportion to the list name's weight that the cut left visible,
# and is scaled down further when the list name's rarest word was cut off.
CUT_NAME_FLOOR = 0.8
MAX_KNOWN_STUB = 2  # a list word this short may still be what a cut left (M of MORSKOY)
# One word is weak evidence (issue 15, item 4). A match resting on one short word through a
# typo, sound or spelling credit (Rivera ~ RIMERA, Glass ~ CLASS, Perrin ~ PERARIN), or on one
# exact word that is the whole list name (NOLAN), is held to the review band: a human looks, no
# alert. An agreeing identifier or country lifts the second cap, not the first.
ONE_WORD_CAP = 70.0
# Bounds on the work per party field (issue 12 C5): a 130,000-character consignee took 23 s.
# The longest name on the lists we load is about 300 characters; a field holds a few names.
MAX_FIELD_CHARS = 400
MAX_SPLIT_CHARS = 2000
MAX_FIELD_SEARCHES = 12  # the field as written and the names found in it
ONE_WORD_SHORT = 7  # letters; longer words carry a typo credit with less chance of a collision


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
    query_part: str = ""  # the name within a party field that matched; "" for the whole field


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
        truncations = index.truncations(query)
        query_weights = [index.weight(t) for t in query.tokens]
        cut = _CutQuery.of(query, index)
        # A stub that may be the remains of a cut word says nothing against a candidate: the
        # vote estimate leaves it out, or cut names would fall below the floor unscored. Only
        # for a last word the lists do not use, or of one or two letters: a whole list word
        # ends a name more often than it begins a cut one.
        estimate_weight = (
            sum(query_weights[:-1])
            if cut is not None
            and query.tokens
            and query.tokens[-1] == cut.stub
            and (cut.stub not in index.postings or len(cut.stub) <= MAX_KNOWN_STUB)
            else None
        )

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
                truncations=truncations,
            )
            if cut is not None:
                scored = cut.better_of(
                    scored,
                    index.names[name_id],
                    index.name_weights[name_id],
                    country,
                    identifiers,
                )
            current = best.get(record_id)
            if current is None or scored.score > current.score:
                best[record_id] = scored

        cutoff = (floor - CANDIDATE_SLACK) / 100.0  # names estimated below cannot get close
        for _approx, name_id in index.candidates(
            query,
            credits,
            CANDIDATE_LIMIT,
            cutoff,
            query_weight=estimate_weight,
            truncations=truncations,
        ):
            consider(name_id)
        if identifiers:
            matched = index.by_identifier(identifiers)
            for name_id, record_id in enumerate(index.name_record):
                if record_id in matched:
                    consider(name_id)
        hits = [_to_hit(name, s) for s in best.values() if s.score >= floor]
        hits.sort(key=lambda h: (-h.score, h.list_id, h.entity_id))
        return hits[:limit]

    def search_field(
        self,
        text: str,
        *,
        country: str | None = None,
        identifiers: Iterable[tuple[str, str]] = (),
        limit: int = 5,
        min_score: float | None = None,
    ) -> list[PartyHit]:
        """`search` for a party field as written on trade papers, which may hold more than one
        name ("X C/O Y", "TO THE ORDER OF Y", a name and its address or place): the field as
        written and every name in it (see fields.py) are searched; best hit per entity.

        The work is bounded (issue 12 C5): the field as written is screened up to
        MAX_FIELD_CHARS characters, names are looked for in its first MAX_SPLIT_CHARS, and at
        most MAX_FIELD_SEARCHES names are screened; a hit from a field cut short says so.
        """
        identifiers = tuple(identifiers)
        bounded = _bounded(text, MAX_FIELD_CHARS)
        note = ""
        if len(bounded) < len(text.strip()):
            note = (
                f"field of {len(text):,} characters, only the first {len(bounded):,} screened "
                "as written and names looked for in the first "
                f"{min(len(text), MAX_SPLIT_CHARS):,}; "
            )
        hits = self.search(
            bounded, country=country, identifiers=identifiers, limit=limit, min_score=min_score
        )
        if note:
            hits = [replace(h, query_part=bounded, explanation=note + h.explanation) for h in hits]
        parts = split_party_field(text[:MAX_SPLIT_CHARS] if note else text)
        if not parts:
            return hits
        if len(parts) > MAX_FIELD_SEARCHES - 1:
            note += f"{MAX_FIELD_SEARCHES - 1} of the {len(parts)} names found screened; "
            parts = parts[: MAX_FIELD_SEARCHES - 1]
        best = {(h.list_id, h.entity_id): h for h in hits}
        for part in parts:
            name = _bounded(part.text, MAX_FIELD_CHARS)
            for hit in self.search(
                name,
                country=country,
                identifiers=identifiers,
                limit=limit,
                min_score=min_score,
            ):
                key = (hit.list_id, hit.entity_id)
                if key not in best or hit.score > best[key].score:
                    best[key] = replace(
                        hit,
                        query_part=name,
                        explanation=f"{note}in the field, {part.where}: {hit.explanation}",
                    )
        merged = sorted(best.values(), key=lambda h: (-h.score, h.list_id, h.entity_id))
        return merged[:limit]

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
        truncations: dict[str, dict[str, float]] = {}
        for qt in set(q.tokens):
            row = {ct: cr for ct in set(c.tokens) if (cr := sp.token_credit(qt, ct))}
            credits[qt] = row
            # As NameIndex.truncations reads a word cut short, against this one name.
            if sp.may_be_cut_short(qt, self.index.postings) and (
                readings := sp.cut_short_readings(qt, set(c.tokens))
            ):
                truncations[qt] = readings
        record = PartyRecord(
            list_id="pair",
            entity_id="pair",
            type=candidate_type,
            names=(candidate,),
            countries=(candidate_country.upper(),) if candidate_country else (),
        )
        weights = self.index.weight
        candidate_weights = [weights(t) for t in c.tokens]
        scored = _evaluate(
            q,
            c,
            candidate,
            record,
            credits,
            [weights(t) for t in q.tokens],
            candidate_weights,
            query_country,
            (),
            truncations=truncations,
        )
        cut = _CutQuery.of(q, self.index)
        if cut is not None:
            scored = cut.better_of(scored, c, candidate_weights, query_country, ())
        return _to_hit(query, scored)


class _CutQuery:
    """A query that may be a list name cut to fit a field (see truncation.py). Its words before
    the cut are normalised and looked up only once some candidate shows a cut: few queries are
    cut, and most that are long enough to be never meet one."""

    __slots__ = ("_credits", "_truncations", "_visible", "_weights", "folded", "index", "stub")

    def __init__(self, folded: str, index: NameIndex) -> None:
        self.folded = folded
        self.stub = folded[folded.rfind(" ") + 1 :]  # the last word, perhaps cut short
        self.index = index
        self._visible: NormalizedName | None = None
        self._credits: dict[str, dict[str, float]] = {}
        self._truncations: dict[str, dict[str, float]] = {}
        self._weights: list[float] = []

    @classmethod
    def of(cls, query: NormalizedName, index: NameIndex) -> _CutQuery | None:
        folded = query.folded
        if len(folded) < truncation.MIN_CUT_LENGTH or " " not in folded:
            return None
        return cls(folded, index)

    def _visible_query(self) -> NormalizedName:
        if self._visible is None:
            self._visible = normalize_name(truncation.visible_query(self.folded))
            self._credits = self.index.query_credits(self._visible)
            self._truncations = self.index.truncations(self._visible)
            self._weights = [self.index.weight(t) for t in self._visible.tokens]
        return self._visible

    def better_of(
        self,
        whole: _Scored,
        candidate: NormalizedName,
        candidate_weights: list[float],
        country: str | None,
        identifiers: tuple[tuple[str, str], ...],
    ) -> _Scored:
        """`whole` (the candidate scored as written), or the candidate compared up to a cut if
        the query looks cut from it and that scores higher."""
        offset = truncation.cut_point(self.folded, candidate.folded)
        if offset is None:
            return whole
        visible = self._visible_query()
        before_cut = normalize_name(candidate.folded[:offset].rstrip())
        if not visible.tokens or not before_cut.tokens:
            return whole
        weights = [self.index.weight(t) for t in before_cut.tokens]
        cut = _Cut(
            stub=self.stub,
            word=candidate.folded[offset:].split(" ", 1)[0],
            visible_share=min(1.0, sum(weights) / sum(candidate_weights)),
            key_word_cut=max(candidate_weights) > max(weights),
        )
        as_cut = _evaluate(
            visible,
            before_cut,
            whole.candidate_text,
            whole.record,
            self._credits,
            self._weights,
            weights,
            country,
            identifiers,
            cut=cut,
            truncations=self._truncations,
        )
        return as_cut if as_cut.score > whole.score else whole


class _Cut(NamedTuple):
    """How a query was read as cut: its stub, the list word the stub begins, and the share of
    the list name's weight before the cut."""

    stub: str
    word: str
    visible_share: float
    key_word_cut: bool  # the list name's rarest word lies after the cut


def _identifier_part(
    identifiers: tuple[tuple[str, str], ...], record: PartyRecord, name_score: float
) -> float:
    if not identifiers or not record.identifiers:
        return 0.0
    ours = {normalize_identifier(s, v) for s, v in identifiers}
    theirs = {normalize_identifier(s, v) for s, v in record.identifiers}
    if ours & theirs or {unspecified(v) for _, v in ours} & theirs:
        return IDENTIFIER_MATCH_SCORE - name_score  # decisive: the same registered thing
    if {s for s, _ in ours} & {s for s, _ in theirs}:
        return IDENTIFIER_CONFLICT  # same scheme, different number: a different thing
    return 0.0


class _Scored:
    """A scored candidate before it becomes a PartyHit (most never do: cheap, no strings)."""

    __slots__ = ("alignment", "candidate_text", "cut", "parts", "record", "score")

    def __init__(
        self,
        score: float,
        parts: dict[str, float],
        alignment: sc.Alignment,
        candidate_text: str,
        record: PartyRecord,
        cut: _Cut | None = None,
    ) -> None:
        self.score = score
        self.parts = parts
        self.alignment = alignment
        self.candidate_text = candidate_text
        self.record = record
        self.cut = cut  # set when the names were compared up to a field cut


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
    *,
    cut: _Cut | None = None,
    truncations: Mapping[str, Mapping[str, float]] | None = None,
) -> _Scored:
    """Score one candidate name. With `cut`, the names are the parts before a field cut, and the
    name part is scaled by how much of the list name was visible."""
    alignment = sc.align(
        query,
        candidate,
        credits,
        query_weights,
        candidate_weights,
        initials=record.type == "person",
        truncations=truncations,
    )
    parts: dict[str, float] = {"name": round(alignment.name_score, 2)}
    total = alignment.name_score
    if cut is not None:
        factor = CUT_NAME_FLOOR + (1.0 - CUT_NAME_FLOOR) * cut.visible_share
        if cut.key_word_cut:  # as when a whole name's rarest word finds no partner
            factor *= sc.KEY_WORD_MISSING_FACTOR
        unseen = -(1.0 - factor) * alignment.name_score
        if unseen:
            parts["cut"] = round(unseen, 2)
            total += unseen
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
    one_word = _one_word_cap(alignment, query, candidate, total, parts, cut)
    if one_word:
        parts["one_word"] = one_word
        total += one_word
    identifier = _identifier_part(identifiers, record, alignment.name_score)
    if identifier:
        parts["identifier"] = round(identifier, 2)
        total = IDENTIFIER_MATCH_SCORE if identifier > 0 else total + identifier
    score = round(max(0.0, min(100.0, total)), 1)
    return _Scored(score, parts, alignment, candidate_text, record, cut)


def _bounded(text: str, size: int) -> str:
    """`text` stripped, and cut to at most `size` characters, at a space if there is one."""
    text = text.strip()
    if len(text) <= size:
        return text
    cut = text[:size]
    space = cut.rfind(" ")
    return (cut[:space] if space > size // 2 else cut).rstrip()


def _one_word_cap(
    alignment: sc.Alignment,
    query: NormalizedName,
    candidate: NormalizedName,
    total: float,
    parts: Mapping[str, float],
    cut: _Cut | None,
) -> float:
    """The (negative) part that holds a one-word match to ONE_WORD_CAP; 0 when none applies.

    Applies to a match resting on one aligned word: a short word through a typo, sound or
    transliteration credit (not an acronym, abbreviation or translation), or an exact word that
    is the whole list name. Other evidence lifts the second: an agreeing country, legal forms on
    both sides that do not conflict (`Romashka LLC` for OOO ROMASHKA, `POLYNAR COMPANY`), or a
    name read up to a field cut.
    """
    if total <= ONE_WORD_CAP:
        return 0.0
    credited = [(q, c, credit) for q, c, credit in alignment.pairs if credit > 0]
    if len(credited) != 1:
        return 0.0
    query_word, list_word, credit = credited[0]
    if credit < 1.0:
        weak = (
            sum(ch.isalpha() for ch in query_word) <= ONE_WORD_SHORT
            and " " not in query_word
            and " " not in list_word
            and sp.spelling_credit(query_word, list_word) == credit
        )
    else:
        weak = (
            len(candidate.tokens) == 1
            and query_word == list_word
            and cut is None
            and any(ch.isalpha() for ch in list_word)
            and parts.get("country", 0.0) <= 0
            and not (
                query.legal_forms and candidate.legal_forms and parts.get("legal_form", 0.0) >= 0
            )
        )
    return round(ONE_WORD_CAP - total, 2) if weak else 0.0


def _to_hit(query_text: str, scored: _Scored) -> PartyHit:
    record = scored.record
    return PartyHit(
        list_id=record.list_id,
        entity_id=record.entity_id,
        name=scored.candidate_text,
        primary_name=record.names[0],
        score=scored.score,
        explanation=_explain(query_text, scored),
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
    "cut": ("", "list words after the cut unseen"),
    "one_word": ("", "one word is weak evidence, held to review"),
}


def _explain(query_text: str, scored: _Scored) -> str:
    candidate_text, record, alignment = scored.candidate_text, scored.record, scored.alignment
    parts, score = scored.parts, scored.score
    aligned = ", ".join(
        f"{q}={c}" if credit == 1.0 else f"{q}~{c} ({credit:.2f})"
        for q, c, credit in alignment.pairs
    )
    via = "" if candidate_text == record.names[0] else f" (alias of {record.names[0]!r})"
    text = f"{query_text!r} vs {candidate_text!r}{via}: "
    if scored.cut is not None:
        text += (
            f"query read as cut to fit a field ({scored.cut.stub!r} begins "
            f"{scored.cut.word!r}), compared up to the cut; "
        )
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
