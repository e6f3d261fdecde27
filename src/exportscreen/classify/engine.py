"""Classify one declaration against the control lists and measures in force on its date."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from exportscreen.classify.criteria import KeywordsNode, Node, triggers
from exportscreen.classify.facts import GoodsFacts, KeywordIndex, KeywordMatcher, fold
from exportscreen.classify.goods import (
    ABSENT,
    FORM_AMBIGUOUS,
    NOT_THE_MATERIAL,
    GoodsVocabulary,
    Reading,
    read_goods,
    stated_absence,
)
from exportscreen.classify.runtime import Act, ClauseInfo, ItemInfo, MeasureInfo, Period
from exportscreen.hs import hs_related
from exportscreen.model import (
    Decision,
    Declaration,
    Evidence,
    ItemMatch,
    LegalBasis,
    MeasureMatch,
    PartyFinding,
    Result,
)
from exportscreen.parties.lists import PartyLists
from exportscreen.parties.screening import screen_parties
from exportscreen.status import StatusOn, scheduled_changes_between, status_on

if TYPE_CHECKING:
    from exportscreen.audit.reviews import Reviews

MEMO_LIMIT = 10_000  # entries per memo; a manifest repeats far fewer dates and end uses

EFFECT_DECISION = {
    "prohibited": Decision.PROHIBITED,
    "presumption_of_denial": Decision.PROHIBITED,
    "enhanced_review": Decision.LICENCE_REQUIRED,
    "case_by_case": Decision.LICENCE_REQUIRED,
}
GOODS_DECISION = {  # goods reading (classify/goods.py): the goods are not the item, or may not be
    NOT_THE_MATERIAL: Decision.NOT_CONTROLLED,
    ABSENT: Decision.NOT_CONTROLLED,
    FORM_AMBIGUOUS: Decision.REVIEW,
}
EFFECT_WORDS = {
    "prohibited": "export prohibited",
    "presumption_of_denial": "licence in principle not granted (presumption of denial)",
    "enhanced_review": "stricter end-user and end-use review of the licence application",
    "case_by_case": "licence application reviewed case by case",
}


@dataclass(slots=True)
class CompiledItem:
    act: Act
    item: ItemInfo
    identify: Node
    thresholds: Node | None
    exclude: Node | None

    @property
    def label(self) -> str:
        code = f" {self.item.code}" if self.item.code else ""
        return f"{self.item.name_en} ({self.act.id}/{self.item.id}{code})"


@dataclass(slots=True)
class CompiledCategory:
    id: str
    title: str
    keywords: KeywordsNode


class Engine:
    """Compiled rules (see :mod:`exportscreen.classify.compile`); ``classify`` runs per row."""

    def __init__(
        self,
        items: list[CompiledItem],
        measures: list[MeasureInfo],
        categories: list[CompiledCategory],
        party_lists: PartyLists | None = None,
    ) -> None:
        self.items = items
        self.measures = measures
        self.categories = categories
        self.party_lists = party_lists or PartyLists()
        self.party_threshold: float | None = None  # None: the matcher's documented default
        self.exhaustive = False  # True: skip the keyword prefilter (tests compare both ways)
        # What the rules and lists were built from (see compile._sources), for the audit trail.
        self.sources: list[dict[str, str]] = []
        # Reviewers' decisions on party hits, and the day their expiry is judged against.
        self.reviews: Reviews | None = None
        self.review_day = date.today()
        self.acts = {c.act.id: c.act for c in items} | {m.act.id: m.act for m in measures}
        self.tags_by_item = {(c.act.id, c.item.id): c.item.tags for c in items}
        self.goods = GoodsVocabulary()  # product heads and negation (compile.goods_vocabulary)
        self._build_prefilter()

    @property
    def fingerprint(self) -> str:
        """One hash over every loaded rules file and party list: which law screened a row."""
        canonical = json.dumps(
            sorted(self.sources, key=lambda s: (s["kind"], s["id"])),
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def _status(self, act: Act, on: date) -> StatusOn:
        """A list's status on a date, memoised: a manifest's rows share a handful of dates."""
        status: StatusOn = self._memo(
            "_status_cache", (act.id, on), lambda: status_on(act.effective, act.status, on)
        )
        return status

    def _memo(self, name: str, key: Hashable, compute: Callable[[], object]) -> Any:
        """A per-run memo, bounded so a huge manifest cannot grow it without limit.

        Kept in ``__dict__`` (created on first use) so engines unpickled from the cache,
        which never ran ``__init__`` after pickling, have it too.
        """
        cache: dict[Hashable, object] = self.__dict__.setdefault(name, {})
        if key not in cache:
            if len(cache) >= MEMO_LIMIT:
                cache.clear()
            cache[key] = compute()
        return cache[key]

    def _build_prefilter(self) -> None:
        """Index items by the keywords and HS headings that can bring them into play."""
        self.items_by_keyword: dict[KeywordMatcher, list[int]] = {}
        self.items_by_heading: dict[str, list[int]] = {}
        self.always_items: list[int] = []
        every_matcher: dict[int, KeywordMatcher] = {}
        for position, compiled in enumerate(self.items):
            matchers, always = triggers(compiled.identify)
            for matcher in matchers:
                self.items_by_keyword.setdefault(matcher, []).append(position)
                every_matcher[id(matcher)] = matcher  # patterns contribute synthetic triggers
            if always:
                self.always_items.append(position)
            for code in compiled.item.hs:
                self.items_by_heading.setdefault(code[:4], []).append(position)
            for node in (compiled.identify, compiled.thresholds, compiled.exclude):
                for leaf in node.leaves() if node is not None else ():
                    if isinstance(leaf, KeywordsNode):
                        every_matcher.update((id(m), m) for m in leaf.matchers)
        for category in self.categories:
            every_matcher.update((id(m), m) for m in category.keywords.matchers)
        self.keyword_index = KeywordIndex(list(every_matcher.values()))

    # -- classification ----------------------------------------------------------------------

    def classify(self, declaration: Declaration) -> Result:
        on = declaration.date
        warnings: list[str] = []
        end_uses = self.detect_end_uses(declaration)
        matches = self._match_items(declaration, warnings) if declaration.has_goods else []
        measures = self._apply_measures(declaration, matches, end_uses, warnings)
        controlled = any(m.outcome == "controlled" and m.in_force for m in matches)
        parties = screen_parties(
            self.party_lists, declaration, controlled=controlled, threshold=self.party_threshold
        )
        if self.reviews is not None and parties:
            from exportscreen.audit.reviews import apply_reviews  # only runs that have reviews

            country = declaration.consignee_country or declaration.destination
            parties, notes = apply_reviews(
                parties,
                self.reviews,
                today=self.review_day,
                declared_country=country.alpha2 if country else None,
            )
            warnings.extend(notes)
        _party_warnings(parties, warnings)
        remarks = _remarks(matches, warnings)
        self._staleness_warnings(matches, measures, on, warnings)
        if end_uses and not any(
            m.in_force and m.decision is not Decision.NOT_CONTROLLED for m in measures
        ):
            categories = ", ".join(sorted({e.detail for e in end_uses}))
            warnings.append(
                f"end use recognised as {categories}, but no measure applies to the goods as "
                "declared; catch-all controls (Export Control Law Art. 12) may still require a "
                "licence when the exporter knows of such a use"
            )
        if (
            declaration.destination
            and declaration.consignee_country
            and declaration.destination != declaration.consignee_country
        ):
            warnings.append(
                f"consignee country {declaration.consignee_country.alpha2} differs from "
                f"destination {declaration.destination.alpha2}: check for transshipment; "
                "measures for both countries were applied"
            )
        decisions = [m.decision for m in matches] + [m.decision for m in measures if m.in_force]
        decisions += [p.decision for p in parties if not p.suppressed]
        decision = Decision.most_severe(decisions)
        return Result(
            declaration=declaration,
            decision=decision,
            items=tuple(sorted(matches, key=lambda m: -m.decision.severity)),
            measures=tuple(measures),
            parties=tuple(parties),
            end_uses=tuple(end_uses),
            remarks=tuple(remarks),
            warnings=tuple(dict.fromkeys(warnings)),
            reasons=tuple(_party_reasons(parties) + _reasons(decision, matches, measures)),
        )

    def _staleness_warnings(
        self,
        matches: list[ItemMatch],
        measures: list[MeasureMatch],
        on: date,
        warnings: list[str],
    ) -> None:
        relevant: list[tuple[Act, tuple[Period, ...]]] = []
        for list_id in dict.fromkeys(m.list_id for m in matches):
            act = self.acts[list_id]
            relevant.append((act, act.status))
        for measure in self.measures:
            if any(m.measure_id == measure.act.id for m in measures):
                clause_periods = tuple(p for c in measure.clauses for p in c.status)
                relevant.append((measure.act, measure.act.status + clause_periods))
        for act, periods in relevant:
            changes = scheduled_changes_between(act.effective, periods, act.reviewed, on)
            if changes:
                warnings.append(
                    f"{act.announcement}: our data was last reviewed on "
                    f"{act.reviewed.isoformat()}, and a scheduled change falls between then and "
                    f"{on.isoformat()} ({'; '.join(changes)}); the status may have changed since "
                    "— check for newer MOFCOM announcements"
                )

    def detect_end_uses(self, declaration: Declaration) -> list[Evidence]:
        """End-use categories (military, ...) recognised in the end use and end user fields.

        Memoised per (end use, end user): a manifest repeats a handful of them row after row.
        """
        found: tuple[Evidence, ...] = self._memo(
            "_end_use_cache",
            (declaration.end_use, declaration.end_user),
            lambda: tuple(self._detect_end_uses(declaration)),
        )
        return list(found)

    def _detect_end_uses(self, declaration: Declaration) -> list[Evidence]:
        found: list[Evidence] = []
        for field_name, text in (
            ("end_use", declaration.end_use),
            ("end_user", declaration.end_user),
        ):
            if not text.strip():
                continue
            facts = GoodsFacts(text, None)
            for compiled in self.categories:
                answer, evidence = compiled.keywords.evaluate(facts)
                if answer:
                    found.append(
                        Evidence(
                            "end_use",
                            compiled.id,
                            True,
                            f"{field_name}: {evidence[0].found}",
                        )
                    )
        return found

    def _match_items(self, declaration: Declaration, warnings: list[str]) -> list[ItemMatch]:
        text = declaration.goods_text
        if self.exhaustive:  # every item, every keyword: the reference the prefilter must equal
            facts = GoodsFacts(text, declaration.hs_code)
            positions = set(range(len(self.items)))
        else:
            candidates = self.keyword_index.candidates(fold(text))
            facts = GoodsFacts(text, declaration.hs_code, candidates)
            positions = set(self.always_items)
            for matcher in candidates:
                positions.update(self.items_by_keyword.get(matcher, ()))
            if declaration.hs_code:
                positions.update(self.items_by_heading.get(declaration.hs_code[:4], ()))
        identified: list[tuple[CompiledItem, ItemMatch]] = []
        hs_only: list[tuple[CompiledItem, ItemMatch]] = []
        for position in sorted(positions):
            compiled = self.items[position]
            match = self._match_item(compiled, facts, declaration.date)
            if match is not None:
                bucket = hs_only if match.outcome == "hs_reference_only" else identified
                bucket.append((compiled, match))
        # An HS code only triggers review when the description establishes no item at all;
        # otherwise the identified items speak and a wrong code is flagged as misdeclaration.
        # Goods read as not the item (a product, a stated absence) establish nothing.
        establishing = [m for _, m in identified if m.outcome not in GOODS_DECISION]
        kept = identified + ([] if establishing else hs_only)
        for compiled, match in kept:
            if match.in_force and match.decision is not Decision.NOT_CONTROLLED and identified:
                _check_misdeclaration(compiled, declaration, warnings)
            _confidence_warnings(compiled, match, warnings)
        return [match for _, match in kept]

    def _match_item(self, compiled: CompiledItem, facts: GoodsFacts, on: date) -> ItemMatch | None:
        item = compiled.item
        identified, evidence = compiled.identify.evaluate(facts)
        lst = compiled.act
        status = self._status(lst, on)
        if not identified:
            hs_hit = facts.hs_code is not None and any(
                hs_related(facts.hs_code, code) for code in item.hs
            )
            if not hs_hit or not status.in_force:
                return None
            absence = stated_absence(self.goods, compiled.identify, facts)
            if absence is not None:  # "Dy-free", "Dy 0%": the item's words, stated absent
                return _item_match(
                    compiled,
                    on,
                    absence.outcome,
                    Decision.NOT_CONTROLLED,
                    status.in_force,
                    status.reason,
                    [absence.evidence],
                    notes=[_goods_note(absence)],
                )
            return _item_match(
                compiled,
                on,
                "hs_reference_only",
                Decision.REVIEW,
                status.in_force,
                status.reason,
                [
                    Evidence(
                        "hs",
                        f"declared HS {facts.hs_code} is a reference code of this item",
                        True,
                        facts.hs_code or "",
                    )
                ],
                notes=[
                    "the description does not establish the item; HS codes are references, "
                    "not the legal test: check the goods against the item"
                ],
            )
        reading = read_goods(
            self.goods, f"{lst.id}/{item.id}", compiled.identify, item.hs, facts, evidence
        )
        if reading is not None:  # goods that are not the item: a product, or a stated absence
            return _item_match(
                compiled,
                on,
                reading.outcome,
                GOODS_DECISION[reading.outcome] if status.in_force else Decision.NOT_CONTROLLED,
                status.in_force,
                status.reason,
                [*evidence, reading.evidence],
                notes=[_goods_note(reading)],
            )
        missing: list[str] = []
        notes: list[str] = []
        if item.scope == "unknown":
            outcome = "content_unknown"
            notes.append(
                "the content of this item was not found in our sources; "
                "check the official announcement"
            )
        else:
            outcome, extra, missing = _thresholds_outcome(compiled, facts)
            evidence = evidence + extra
        decision = {
            "controlled": Decision.LICENCE_REQUIRED,
            "undetermined": Decision.REVIEW,
            "content_unknown": Decision.REVIEW,
        }.get(outcome, Decision.NOT_CONTROLLED)
        if not status.in_force:
            decision = Decision.NOT_CONTROLLED
            notes.append(f"{lst.announcement} does not apply on {on.isoformat()}: {status.reason}")
        return _item_match(
            compiled,
            on,
            outcome,
            decision,
            status.in_force,
            status.reason,
            evidence,
            missing=missing,
            notes=notes,
        )

    def _apply_measures(
        self,
        declaration: Declaration,
        matches: list[ItemMatch],
        end_uses: list[Evidence],
        warnings: list[str],
    ) -> list[MeasureMatch]:
        countries = {
            c.alpha2
            for c in (declaration.destination, declaration.consignee_country)
            if c is not None
        }
        categories = {e.detail for e in end_uses}
        applied: list[MeasureMatch] = []
        for measure in self.measures:
            for clause in measure.clauses:
                if clause.destinations and not countries & clause.destinations:
                    continue
                if clause.end_uses and not categories & clause.end_uses:
                    continue

                def covered(match: ItemMatch, clause: ClauseInfo = clause) -> bool:
                    tags = self.tags_by_item[(match.list_id, match.item_id)]
                    return clause.all_dual_use or bool(tags & clause.tags)

                controlled = [
                    m for m in matches if m.outcome == "controlled" and m.in_force and covered(m)
                ]
                pending = [m for m in matches if m.decision is Decision.REVIEW and covered(m)]
                if not controlled:
                    if pending:
                        warnings.append(
                            f"if {pending[0].name_en} is controlled, {measure.act.announcement} "
                            f"{clause.title} applies: {EFFECT_WORDS[clause.effect]}"
                        )
                    continue
                match = _measure_match(measure, clause, controlled, declaration, categories)
                applied.append(match)
                if match.in_force and clause.confidence != "confirmed":
                    warnings.append(
                        f"{measure.act.announcement} {clause.title}: applying this clause here "
                        f"rests on data not confirmed in our sources ({clause.confidence}); "
                        "verify against the official MOFCOM text"
                    )
        return applied


def _thresholds_outcome(
    compiled: CompiledItem, facts: GoodsFacts
) -> tuple[str, list[Evidence], list[str]]:
    evidence: list[Evidence] = []
    missing: list[str] = []
    answer: bool | None = True
    if compiled.thresholds is not None:
        answer, found = compiled.thresholds.evaluate(facts)
        evidence.extend(found)
        if answer is None:
            missing = list(dict.fromkeys(compiled.thresholds.missing(facts)))
    excluded: bool | None = False
    if compiled.exclude is not None:
        excluded, found = compiled.exclude.evaluate(facts)
        if excluded:
            return "excluded", [Evidence("exclusion", e.detail, True, e.found) for e in found], []
    if answer is False:
        return "below_threshold", evidence, []
    if answer is None or excluded is None:
        return "undetermined", evidence, missing
    return "controlled", evidence, []


def _legal_basis(header: Act, status: str) -> LegalBasis:
    return LegalBasis(
        list_id=header.id,
        announcement=header.announcement,
        title=header.title,
        authority=header.authority,
        issued=header.issued,
        effective=header.effective,
        reviewed=header.reviewed,
        status=status,
        sources=header.sources,
    )


def _item_match(
    compiled: CompiledItem,
    on: date,
    outcome: str,
    decision: Decision,
    in_force: bool,
    status: str,
    evidence: list[Evidence],
    *,
    missing: list[str] | None = None,
    notes: list[str] | None = None,
) -> ItemMatch:
    item, lst = compiled.item, compiled.act
    absorbed = [p for p in lst.status if p.status == "absorbed" and p.from_ <= on]
    status_text = status + "".join(
        f"; carried on under {p.by} from {p.from_.isoformat()}" for p in absorbed
    )
    return ItemMatch(
        list_id=lst.id,
        item_id=item.id,
        ref=item.ref,
        code=item.code,
        name_en=item.name_en,
        name_zh=item.name_zh,
        outcome=outcome,
        decision=decision,
        in_force=in_force,
        legal_basis=_legal_basis(lst, status_text),
        confidence=item.confidence,
        evidence=tuple(evidence),
        missing=tuple(missing or ()),
        notes=tuple(notes or ()),
    )


def _measure_match(
    measure: MeasureInfo,
    clause: ClauseInfo,
    controlled: list[ItemMatch],
    declaration: Declaration,
    categories: set[str],
) -> MeasureMatch:
    on = declaration.date
    measure_status = status_on(measure.act.effective, measure.act.status, on)
    clause_status = status_on(measure.act.effective, clause.status, on)
    in_force = measure_status.in_force and clause_status.in_force
    reason = measure_status.reason if not measure_status.in_force else clause_status.reason
    evidence: list[Evidence] = []
    if clause.destinations:
        for country in (declaration.destination, declaration.consignee_country):
            if country is not None and country.alpha2 in clause.destinations:
                evidence.append(
                    Evidence(
                        "destination",
                        f"destination {country.alpha2} is covered",
                        True,
                        country.alpha2,
                    )
                )
                break
    for category in clause.end_uses:
        if category in categories:
            evidence.append(Evidence("end_use", f"end use '{category}' is covered", True, category))
    return MeasureMatch(
        measure_id=measure.act.id,
        clause_id=clause.id,
        title=clause.title,
        effect=clause.effect,
        decision=EFFECT_DECISION[clause.effect] if in_force else Decision.NOT_CONTROLLED,
        in_force=in_force,
        items=tuple(f"{m.list_id}/{m.item_id}" for m in controlled),
        legal_basis=_legal_basis(measure.act, reason),
        confidence=clause.confidence,
        evidence=tuple(evidence),
    )


def _check_misdeclaration(
    compiled: CompiledItem, declaration: Declaration, warnings: list[str]
) -> None:
    code = declaration.hs_code
    if code is None or not compiled.item.hs:
        return
    if not any(hs_related(code, reference) for reference in compiled.item.hs):
        warnings.append(
            f"possible misdeclaration: the description establishes {compiled.label}, whose "
            f"reference HS codes are {', '.join(compiled.item.hs)}, but HS {code} was declared"
        )


def _confidence_warnings(compiled: CompiledItem, match: ItemMatch, warnings: list[str]) -> None:
    """Say so when a decision rests on facts our sources did not confirm."""
    if match.decision is Decision.NOT_CONTROLLED and match.outcome not in (
        "below_threshold",
        "excluded",
    ):
        return
    item = compiled.item
    relevant = {"identify", "names", "scope"}
    if match.outcome in ("below_threshold", "undetermined", "controlled"):
        relevant.add("thresholds")
    if match.outcome == "controlled":
        relevant.add("code")
    if match.outcome == "hs_reference_only":
        relevant.add("hs")
    weak = [
        f"{name} ({level})"
        for name, level in sorted(item.field_confidence.items())
        if name in relevant and level != "confirmed"
    ]
    if item.confidence != "confirmed":
        weak.insert(0, f"the item itself ({item.confidence})")
    if compiled.act.confidence != "confirmed":
        weak.insert(0, f"the list ({compiled.act.confidence})")
    if weak:
        warnings.append(
            f"{compiled.label}: this decision rests on data not confirmed in our sources: "
            f"{', '.join(weak)}; verify against the official MOFCOM text"
        )


def _remarks(matches: list[ItemMatch], warnings: list[str]) -> list[str]:
    """The text for the customs declaration's remarks box (备注)."""
    remarks: list[str] = []
    # "Not a controlled item" contradicts "is a dual-use item": once any item is controlled,
    # only the controlled items' remarks belong on the declaration.
    any_controlled = any(m.in_force and m.outcome == "controlled" for m in matches)
    for match in matches:
        if not match.in_force:
            continue
        if match.outcome == "controlled":
            if match.code:
                remarks.append(f"属于两用物项，两用物项出口管制编码：{match.code}")
            else:
                remarks.append("属于两用物项")
                warnings.append(
                    f"the control code of {match.name_en} ({match.list_id}/{match.item_id}) was "
                    "not found in our sources; copy it from the export licence into the remark"
                )
        elif match.outcome in ("below_threshold", "excluded") and not any_controlled:
            # Quote what the declaration states that places the goods outside the item.
            wanted = match.outcome == "excluded"
            stated = [
                e.found.strip()
                for e in match.evidence
                if e.outcome is wanted and e.found and e.kind in ("parameter", "exclusion")
            ]
            shown = "，".join(dict.fromkeys(stated))
            remarks.append(f"不属于管制物项，{shown}" if shown else "不属于管制物项")
    return list(dict.fromkeys(remarks))


def _party_warnings(parties: list[PartyFinding], warnings: list[str]) -> None:
    for party in parties:
        who = f"{party.role} {party.query!r} ~ {party.primary_name} ({party.list_title})"
        if not party.in_force:
            warnings.append(f"{who}: the listing does not apply on this date: {party.status}")
        elif party.confidence != "confirmed":
            warnings.append(
                f"{who}: this listing rests on data not confirmed in our sources "
                f"({party.confidence})"
            )


def _party_reasons(parties: list[PartyFinding]) -> list[str]:
    reasons = []
    for party in parties:
        if not party.in_force:
            continue
        band = "" if party.band == "alert" else " (review band, below the alert threshold)"
        reasons.append(
            f"{party.decision.value}: {party.role} {party.query_label()} matches {party.name!r} "
            f"on the {party.list_title} ({party.list_id}/{party.entity_id}), score "
            f"{party.score:.0f}{band}"
        )
    return reasons


def _reasons(
    decision: Decision, matches: list[ItemMatch], measures: list[MeasureMatch]
) -> list[str]:
    reasons: list[str] = []
    for measure in measures:
        if measure.in_force:
            reasons.append(
                f"{measure.decision.value}: {measure.legal_basis.announcement}, {measure.title} "
                f"({EFFECT_WORDS[measure.effect]}) covers {', '.join(measure.items)}"
            )
        else:
            reasons.append(
                f"not applied: {measure.legal_basis.announcement}, {measure.title} — "
                f"{measure.legal_basis.status}"
            )
    for match in matches:
        code = f" {match.code}" if match.code else ""
        what = f"{match.name_en} ({match.list_id}/{match.item_id}{code})"
        basis = match.legal_basis.announcement
        if not match.in_force and match.outcome in (
            "controlled",
            "undetermined",
            "content_unknown",
        ):
            reasons.append(f"not controlled on this date: {what} — {match.legal_basis.status}")
        elif match.outcome == "controlled":
            reasons.append(f"licence_required: {what} under {basis}")
        elif match.outcome == "undetermined":
            reasons.append(f"review: {what} under {basis} — not stated: {', '.join(match.missing)}")
        elif match.outcome == "content_unknown":
            reasons.append(f"review: {what} under {basis} — item content not in our sources")
        elif match.outcome == "hs_reference_only":
            reasons.append(
                f"review: HS code is a reference code of {what} under {basis}, "
                "but the description does not establish the item"
            )
        elif match.outcome == "below_threshold":
            reasons.append(
                f"not controlled: {what} — declared parameters are outside the thresholds"
            )
        elif match.outcome == "excluded":
            reasons.append(f"not controlled: {what} — excluded use or form")
        elif match.outcome in GOODS_DECISION:
            reasons.append(_goods_reason(match, what))
    if not reasons and decision is Decision.NOT_CONTROLLED:
        reasons.append("no control item in force matches the description or HS code")
    return reasons


def _goods_note(reading: Reading) -> str:
    """What the goods reading found, in the item's notes."""
    if reading.outcome == ABSENT:
        return f"the declaration states that it contains no {reading.what}"
    if reading.evidence.kind == "hs":
        return (
            f"declared under {reading.what} (machines, devices and finished articles) and no "
            "form of the material is named: a product containing it is not the material"
        )
    if reading.outcome == FORM_AMBIGUOUS:
        return (
            f"'{reading.what}' may be a listed form of the material or a finished article: "
            "check the goods against the item"
        )
    return (
        f"the goods are {reading.what!r}: a product that contains or was made with a controlled "
        "material is not the material in a listed form"
    )


def _goods_reason(match: ItemMatch, what: str) -> str:
    note = match.notes[0] if match.notes else ""
    if match.outcome == FORM_AMBIGUOUS:
        return f"review: {what} under {match.legal_basis.announcement} — {note}"
    return f"not controlled: {what} — {note}"
