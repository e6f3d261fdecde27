"""Compile validated rules (pydantic documents) into a ready-to-run GoodsEngine.

This is the only place the classifier touches the schema; the Engine it returns holds plain
objects, which is what makes the pickled-engine cache cheap to load.
"""

from __future__ import annotations

from collections.abc import Callable

from exportscreen.classify.criteria import (
    AllNode,
    AnyNode,
    HsNode,
    KeywordsNode,
    Node,
    NotNode,
    ParamNode,
    PatternNode,
)
from exportscreen.classify.engine import CompiledCategory, CompiledItem, GoodsEngine
from exportscreen.classify.facts import KeywordMatcher, fold
from exportscreen.classify.goods import GoodsVocabulary, head_key
from exportscreen.classify.runtime import Act, ClauseInfo, ItemInfo, MeasureInfo
from exportscreen.ruleset import schema
from exportscreen.ruleset.loader import LoadedRules
from exportscreen.status import Period
from exportscreen.units import PARAMETERS, parse_unit


def build_goods_engine(rules: LoadedRules) -> GoodsEngine:
    goods = goods_vocabulary(rules)
    keywords = KeywordInterner(goods.variants)
    items = [
        _compile_item(_act(lst), item, keywords)
        for lst in rules.control_lists
        for item in lst.items
    ]
    measures = [
        MeasureInfo(_act(measure), tuple(_clause(c) for c in measure.clauses))
        for measure in rules.measures
    ]
    categories = [
        CompiledCategory(category.id, category.title, keywords.node(category.keywords))
        for vocabulary in rules.vocabularies
        for category in vocabulary.categories
    ]
    engine = GoodsEngine(items, measures, categories)
    engine.vocabulary = goods
    return engine


def goods_vocabulary(rules: LoadedRules) -> GoodsVocabulary:
    """Product heads, forms, negation cues and per-list forms, as goods reading uses them."""
    vocabulary = GoodsVocabulary()
    for document in rules.product_vocabularies:
        for head in document.heads:
            for word in (*head.en, *head.zh):
                vocabulary.heads.setdefault(head_key(word), (head.id, head.kind))
        for word in (*document.forms.en, *document.forms.zh):
            vocabulary.heads.setdefault(head_key(word), ("form", "form"))
        vocabulary.negation_before += tuple(fold(w) for w in document.negation.before)
        vocabulary.negation_after += tuple(fold(w) for w in document.negation.after)
        for group in document.variants:
            for word in group:
                vocabulary.variants.setdefault(fold(word), fold(group[0]))
    for lst in rules.control_lists:
        for item in lst.items:
            chosen = item.goods_forms or lst.goods_forms
            if chosen is not None:
                vocabulary.forms[f"{lst.id}/{item.id}"] = frozenset(
                    head_key(w) for w in chosen.forms
                )
    return vocabulary


class KeywordInterner:
    """One matcher per distinct keyword, so a word many items use is searched once per row."""

    def __init__(self, variants: dict[str, str] | None = None) -> None:
        self._matchers: dict[tuple[str, bool], KeywordMatcher] = {}
        self._variants = variants

    def __call__(self, word: str, case_sensitive: bool) -> KeywordMatcher:
        key = (word if case_sensitive else fold(word), case_sensitive)
        if key not in self._matchers:
            self._matchers[key] = KeywordMatcher.build(
                word, case_sensitive=case_sensitive, variants=self._variants
            )
        return self._matchers[key]

    def node(self, names: schema.Synonyms) -> KeywordsNode:
        return KeywordsNode(tuple(self(word, False) for word in (*names.en, *names.zh)))


def _periods(periods: list[schema.StatusPeriod]) -> tuple[Period, ...]:
    return tuple(Period(p.status, p.from_, p.to, p.by) for p in periods)


def _act(header: schema.ListHeader) -> Act:
    return Act(
        id=header.id,
        title=header.title,
        authority=header.authority,
        announcement=header.announcement,
        issued=header.issued,
        effective=header.effective,
        reviewed=header.reviewed,
        confidence=header.confidence,
        sources=tuple(header.sources),
        status=_periods(header.status),
        official=header.official,
        dual_use=header.dual_use if isinstance(header, schema.ControlList) else True,
    )


def _clause(clause: schema.Clause) -> ClauseInfo:
    return ClauseInfo(
        id=clause.id,
        title=clause.title,
        destinations=frozenset(clause.destinations),
        end_uses=frozenset(clause.end_uses),
        all_dual_use=clause.applies_to.all_dual_use,
        tags=frozenset(clause.applies_to.tags),
        effect=clause.effect,
        status=_periods(clause.status),
        confidence=clause.confidence,
    )


def _compile_item(act: Act, item: schema.Item, keywords: KeywordInterner) -> CompiledItem:
    per_dimension: dict[str, int] = {}
    for dimension, _param, _element in param_keys(item.thresholds):
        per_dimension[dimension] = per_dimension.get(dimension, 0) + 1

    def unlabelled_ok(dimension: str) -> bool:
        return per_dimension.get(dimension, 0) == 1

    def build(criterion: schema.Criterion | None) -> Node | None:
        return None if criterion is None else compile_criterion(criterion, keywords, unlabelled_ok)

    identify = build(item.identify)
    if identify is None:
        words: list[Node] = [keywords.node(item.synonyms)]
        if item.synonyms.formulae:
            words.append(
                KeywordsNode(
                    tuple(keywords(f, True) for f in item.synonyms.formulae), case_sensitive=True
                )
            )
        identify = AnyNode(tuple(words))
    info = ItemInfo(
        id=item.id,
        ref=item.ref,
        code=item.code,
        name_en=item.name.en,
        name_zh=item.name.zh,
        tags=frozenset(item.tags),
        hs=tuple(item.hs),
        scope=item.scope,
        confidence=item.confidence,
        field_confidence={str(k): str(v) for k, v in item.field_confidence.items()},
        official=item.official,
    )
    return CompiledItem(act, info, identify, build(item.thresholds), build(item.exclude))


def compile_criterion(
    criterion: schema.Criterion,
    keyword: Callable[[str, bool], KeywordMatcher],
    unlabelled_ok: Callable[[str], bool],
) -> Node:
    """Turn a validated YAML criterion into an evaluator.

    ``unlabelled_ok(dimension)`` says whether an unlabelled value (``99.99%`` with no "purity")
    may stand for a parameter of that dimension: only when the item tests one such parameter.
    """

    def build(node: schema.Criterion) -> Node:
        if isinstance(node, schema.AllCriterion):
            return AllNode(tuple(build(child) for child in node.all))
        if isinstance(node, schema.AnyCriterion):
            return AnyNode(tuple(build(child) for child in node.any))
        if isinstance(node, schema.NotCriterion):
            return NotNode(build(node.not_))
        if isinstance(node, schema.KeywordsCriterion):
            return KeywordsNode(tuple(keyword(word, False) for word in node.keywords))
        if isinstance(node, schema.FormulaCriterion):
            return KeywordsNode(tuple(keyword(f, True) for f in node.formula), case_sensitive=True)
        if isinstance(node, schema.PatternCriterion):
            return PatternNode(node.pattern)
        if isinstance(node, schema.HsCriterion):
            return HsNode(tuple(node.hs))
        unit = parse_unit(node.unit)
        assert unit is not None  # the schema validated it
        element = f"({node.element})" if node.element else ""
        dimension = PARAMETERS[node.param].dimension
        return ParamNode(
            param=node.param,
            op=node.op,
            threshold=node.value * unit.factor,
            shown=f"{node.param}{element} {node.op} {_number(node.value)} {node.unit}",
            dimension=dimension,
            element=node.element,
            allow_unlabelled=unlabelled_ok(dimension),
            unlabelled_clears=node.unlabelled_clears and unlabelled_ok(dimension),
        )

    return build(criterion)


def _number(value: float) -> str:
    """Thresholds as written: 99.99999 must not print as 100."""
    return f"{value:.12g}"


def param_keys(criterion: schema.Criterion | None) -> set[tuple[str, str, str | None]]:
    """The distinct (dimension, parameter, element) triples a criterion tests."""
    if criterion is None:
        return set()
    if isinstance(criterion, schema.AllCriterion):
        return {key for child in criterion.all for key in param_keys(child)}
    if isinstance(criterion, schema.AnyCriterion):
        return {key for child in criterion.any for key in param_keys(child)}
    if isinstance(criterion, schema.NotCriterion):
        return param_keys(criterion.not_)
    if isinstance(criterion, schema.ParamCriterion):
        return {(PARAMETERS[criterion.param].dimension, criterion.param, criterion.element)}
    return set()
