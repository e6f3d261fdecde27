"""Classify one declaration's goods against the control lists and measures in force on its date.

The engine is compiled once from the rules (:mod:`exportscreen.classify.compile`) and never
changes afterwards: nothing about a run (date of review, threshold, reviews) lives in it, so a
cached engine gives the same answer on any day. It returns facts (:class:`GoodsOutcome`), not
decisions in words; :mod:`exportscreen.decide` takes it from there.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

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
from exportscreen.classify.outcome import (
    AppliedClause,
    GoodsNote,
    GoodsOutcome,
    Misdeclaration,
    PendingMeasure,
    ScheduledChange,
    UnconfirmedClause,
    UnconfirmedItemData,
)
from exportscreen.classify.runtime import Act, ClauseInfo, ItemInfo, MeasureInfo
from exportscreen.hs import hs_related
from exportscreen.model import Decision, Declaration, Evidence, ItemMatch, LegalBasis
from exportscreen.status import Period, StatusOn, scheduled_changes_between, status_on

GOODS_OUTCOMES = (NOT_THE_MATERIAL, ABSENT, FORM_AMBIGUOUS)
MEMO_LIMIT = 10_000  # entries per memo; a manifest repeats far fewer dates and end uses

# What each item outcome means for the goods: the classifier's verdict, not law vocabulary.
OUTCOME_DECISION = {
    "controlled": Decision.LICENCE_REQUIRED,
    "undetermined": Decision.REVIEW,
    "content_unknown": Decision.REVIEW,
    # goods reading (classify/goods.py): the goods are not the item, or may not be
    NOT_THE_MATERIAL: Decision.NOT_CONTROLLED,
    ABSENT: Decision.NOT_CONTROLLED,
    FORM_AMBIGUOUS: Decision.REVIEW,
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


class GoodsEngine:
    """Compiled control lists, measures and end-use categories; ``classify`` runs per row."""

    def __init__(
        self,
        items: list[CompiledItem],
        measures: list[MeasureInfo],
        categories: list[CompiledCategory],
    ) -> None:
        self.items = items
        self.measures = measures
        self.categories = categories
        self.exhaustive = False  # True: skip the keyword prefilter (tests compare both ways)
        self.acts = {c.act.id: c.act for c in items} | {m.act.id: m.act for m in measures}
        self.tags_by_item = {(c.act.id, c.item.id): c.item.tags for c in items}
        self.vocabulary = GoodsVocabulary()  # product heads, negation (compile.goods_vocabulary)
        self._build_prefilter()

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

    def classify(self, declaration: Declaration) -> GoodsOutcome:
        notes: list[GoodsNote] = []
        end_uses = self.detect_end_uses(declaration)
        matches = self._match_items(declaration, notes) if declaration.has_goods else []
        clauses = self._apply_measures(declaration, matches, end_uses, notes)
        return GoodsOutcome(
            items=tuple(matches),
            clauses=tuple(clauses),
            end_uses=tuple(end_uses),
            notes=tuple(notes),
            scheduled_changes=tuple(self._scheduled_changes(matches, clauses, declaration.date)),
        )

    def _scheduled_changes(
        self, matches: list[ItemMatch], clauses: list[AppliedClause], on: date
    ) -> list[ScheduledChange]:
        relevant: list[tuple[Act, tuple[Period, ...]]] = []
        for list_id in dict.fromkeys(m.list_id for m in matches):
            act = self.acts[list_id]
            relevant.append((act, act.status))
        for measure in self.measures:
            if any(c.measure_id == measure.act.id for c in clauses):
                clause_periods = tuple(p for c in measure.clauses for p in c.status)
                relevant.append((measure.act, measure.act.status + clause_periods))
        found: list[ScheduledChange] = []
        for act, periods in relevant:
            changes = scheduled_changes_between(act.effective, periods, act.reviewed, on)
            if changes:
                found.append(ScheduledChange(act.announcement, act.reviewed, on, tuple(changes)))
        return found

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

    def _match_items(self, declaration: Declaration, notes: list[GoodsNote]) -> list[ItemMatch]:
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
        establishing = [m for _, m in identified if m.outcome not in GOODS_OUTCOMES]
        kept = identified + ([] if establishing else hs_only)
        for compiled, match in kept:
            if match.in_force and match.decision is not Decision.NOT_CONTROLLED and identified:
                _check_misdeclaration(compiled, declaration, notes)
            _confidence_notes(compiled, match, notes)
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
            absence = stated_absence(self.vocabulary, compiled.identify, facts)
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
            self.vocabulary, f"{lst.id}/{item.id}", compiled.identify, item.hs, facts, evidence
        )
        if reading is not None:  # goods that are not the item: a product, or a stated absence
            return _item_match(
                compiled,
                on,
                reading.outcome,
                OUTCOME_DECISION[reading.outcome] if status.in_force else Decision.NOT_CONTROLLED,
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
        decision = OUTCOME_DECISION.get(outcome, Decision.NOT_CONTROLLED)
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
        notes: list[GoodsNote],
    ) -> list[AppliedClause]:
        countries = {
            c.alpha2
            for c in (declaration.destination, declaration.consignee_country)
            if c is not None
        }
        categories = {e.detail for e in end_uses}
        applied: list[AppliedClause] = []
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
                        notes.append(
                            PendingMeasure(
                                pending[0].name_en,
                                measure.act.announcement,
                                clause.title,
                                clause.effect,
                            )
                        )
                    continue
                match = _applied_clause(measure, clause, controlled, declaration, categories)
                applied.append(match)
                if match.in_force and clause.confidence != "confirmed":
                    notes.append(
                        UnconfirmedClause(measure.act.announcement, clause.title, clause.confidence)
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


def _legal_basis(header: Act, status: str, official: str | None = None) -> LegalBasis:
    """The act, its status on the date, and the official text (an item's own, else the act's)."""
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
        official=official or header.official,
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
        legal_basis=_legal_basis(lst, status_text, item.official),
        dual_use=lst.dual_use,
        confidence=item.confidence,
        evidence=tuple(evidence),
        missing=tuple(missing or ()),
        notes=tuple(notes or ()),
    )


def _applied_clause(
    measure: MeasureInfo,
    clause: ClauseInfo,
    controlled: list[ItemMatch],
    declaration: Declaration,
    categories: set[str],
) -> AppliedClause:
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
    return AppliedClause(
        measure_id=measure.act.id,
        clause_id=clause.id,
        title=clause.title,
        effect=clause.effect,
        in_force=in_force,
        items=tuple(f"{m.list_id}/{m.item_id}" for m in controlled),
        legal_basis=_legal_basis(measure.act, reason),
        confidence=clause.confidence,
        evidence=tuple(evidence),
    )


def _check_misdeclaration(
    compiled: CompiledItem, declaration: Declaration, notes: list[GoodsNote]
) -> None:
    code = declaration.hs_code
    if code is None or not compiled.item.hs:
        return
    if not any(hs_related(code, reference) for reference in compiled.item.hs):
        notes.append(Misdeclaration(compiled.label, compiled.item.hs, code))


def _confidence_notes(compiled: CompiledItem, match: ItemMatch, notes: list[GoodsNote]) -> None:
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
        notes.append(UnconfirmedItemData(compiled.label, tuple(weak)))


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
