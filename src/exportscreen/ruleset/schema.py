"""The YAML format of rules files, as strict pydantic models.

Three kinds of file share one loader: ``control_list`` (the items of one announcement),
``measure`` (destination and end-use measures) and ``end_use_vocabulary`` (the words that
recognise end-use categories such as military). ``rules/README.md`` documents the format.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from exportscreen.hs import normalize_hs
from exportscreen.ruleset.regex_safety import check_pattern_safety
from exportscreen.units import PARAMETERS, parse_unit

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
Confidence = Literal["confirmed", "partial", "inferred", "unverified"]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
# The address of the official text (a MOFCOM or GAC page) of a list, item or listing, when known.
OfficialUrl = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


def _as_list(value: Any) -> Any:
    """Let a single string stand for a one-element list (``keywords: gallium``)."""
    return [value] if isinstance(value, str) else value


# ---------------------------------------------------------------------------------------------
# Dates and status over time
# ---------------------------------------------------------------------------------------------

StatusKind = Literal["suspended", "absorbed", "repealed", "lifted", "removed"]


class StatusPeriod(Strict):
    """A change of legal status from ``from`` until ``to`` (inclusive; open-ended when absent).

    ``suspended``, ``repealed``, ``lifted`` and ``removed`` take the measure out of force for the
    period; ``absorbed`` records that the content carries on under another act and stays in force.
    """

    status: StatusKind
    from_: date = Field(alias="from")
    to: date | None = None
    by: str = ""
    note: str = ""
    sources: list[str] = Field(default_factory=list)
    confidence: Confidence = "confirmed"

    @model_validator(mode="after")
    def _ordered(self) -> StatusPeriod:
        if self.to is not None and self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self


# ---------------------------------------------------------------------------------------------
# Criteria: a small closed set of operators
# ---------------------------------------------------------------------------------------------


class KeywordsCriterion(Strict):
    """Any of these words or phrases in the description or spec (case-insensitive)."""

    keywords: Annotated[list[NonEmpty], Field(min_length=1)]

    _listify = field_validator("keywords", mode="before")(_as_list)


class FormulaCriterion(Strict):
    """Any of these chemical formulae, case-sensitive, as a whole token (``GaN``, ``Sb2O3``)."""

    formula: Annotated[list[NonEmpty], Field(min_length=1)]

    _listify = field_validator("formula", mode="before")(_as_list)


class PatternCriterion(Strict):
    """A regular expression searched in the description and spec (case-insensitive)."""

    pattern: NonEmpty

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from None
        check_pattern_safety(value)  # issue 12 C6: no patterns that can backtrack for minutes
        return value


class HsCriterion(Strict):
    """The declared HS code starts with, or is a prefix of, one of these codes."""

    hs: Annotated[list[str], Field(min_length=1)]

    @field_validator("hs", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        return [normalize_hs(code) for code in _as_list(value)]


Comparator = Literal[">", ">=", "<", "<=", "="]


class ParamCriterion(Strict):
    """A technical parameter compared to a threshold: ``purity > 99.9 %``."""

    param: str
    op: Comparator
    value: float
    unit: str
    element: str | None = None
    # True where the trade writes this parameter without its name, so a bare value of its
    # dimension may clear the goods as well as control them (an MPCVD system's "6 kW" is its
    # microwave power). Only where the item tests no other parameter of that dimension.
    unlabelled_clears: bool = False

    @field_validator("param")
    @classmethod
    def _known_param(cls, value: str) -> str:
        if value not in PARAMETERS:
            raise ValueError(f"unknown parameter {value!r}; known: {', '.join(sorted(PARAMETERS))}")
        return value

    @model_validator(mode="after")
    def _unit_fits(self) -> ParamCriterion:
        unit = parse_unit(self.unit)
        parameter = PARAMETERS[self.param]
        if unit is None:
            raise ValueError(f"unknown unit {self.unit!r} for parameter {self.param!r}")
        if unit.dimension != parameter.dimension:
            raise ValueError(
                f"unit {self.unit!r} measures {unit.dimension}, but {self.param!r} "
                f"is a {parameter.dimension}"
            )
        if parameter.needs_element and not self.element:
            raise ValueError(f"parameter {self.param!r} needs 'element' (e.g. element: Dy)")
        if self.element and not parameter.needs_element:
            raise ValueError(f"parameter {self.param!r} takes no 'element'")
        return self


class AllCriterion(Strict):
    all: Annotated[list[Criterion], Field(min_length=1)]


class AnyCriterion(Strict):
    any: Annotated[list[Criterion], Field(min_length=1)]


class NotCriterion(Strict):
    not_: Criterion = Field(alias="not")


CRITERION_KEYS = ("all", "any", "not", "keywords", "formula", "pattern", "hs", "param")


def _criterion_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((key for key in CRITERION_KEYS if key in value), None)
    tags: dict[type[BaseModel], str] = {
        AllCriterion: "all",
        AnyCriterion: "any",
        NotCriterion: "not",
        KeywordsCriterion: "keywords",
        FormulaCriterion: "formula",
        PatternCriterion: "pattern",
        HsCriterion: "hs",
        ParamCriterion: "param",
    }
    return tags.get(type(value))


Criterion = Annotated[
    Annotated[AllCriterion, Tag("all")]
    | Annotated[AnyCriterion, Tag("any")]
    | Annotated[NotCriterion, Tag("not")]
    | Annotated[KeywordsCriterion, Tag("keywords")]
    | Annotated[FormulaCriterion, Tag("formula")]
    | Annotated[PatternCriterion, Tag("pattern")]
    | Annotated[HsCriterion, Tag("hs")]
    | Annotated[ParamCriterion, Tag("param")],
    Discriminator(
        _criterion_tag,
        custom_error_type="criterion",
        custom_error_message="a criterion needs exactly one operator key: "
        + ", ".join(CRITERION_KEYS),
    ),
]

AllCriterion.model_rebuild()
AnyCriterion.model_rebuild()
NotCriterion.model_rebuild()


# ---------------------------------------------------------------------------------------------
# Control lists
# ---------------------------------------------------------------------------------------------


class ItemName(Strict):
    en: NonEmpty
    zh: str = ""


class Synonyms(Strict):
    en: list[NonEmpty] = Field(default_factory=list)
    zh: list[NonEmpty] = Field(default_factory=list)
    formulae: list[NonEmpty] = Field(default_factory=list)


FieldName = Literal["code", "hs", "names", "thresholds", "identify", "scope"]


class Item(Strict):
    """One controlled item of a control list."""

    id: Id
    ref: str = ""
    code: str | None = None
    name: ItemName
    synonyms: Synonyms = Field(default_factory=Synonyms)
    tags: list[Id] = Field(default_factory=list)
    hs: list[str] = Field(default_factory=list)
    hs_notes: str = ""
    identify: Criterion | None = None
    thresholds: Criterion | None = None
    exclude: Criterion | None = None
    scope: Literal["known", "unknown"] = "known"
    forms: str = ""
    notes: str = ""
    confidence: Confidence
    field_confidence: dict[FieldName, Confidence] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)
    official: OfficialUrl | None = None
    goods_forms: GoodsForms | None = None  # replaces the list's goods_forms for this item

    @field_validator("hs", mode="before")
    @classmethod
    def _codes(cls, value: Any) -> Any:
        return [normalize_hs(code) for code in _as_list(value)]

    @model_validator(mode="after")
    def _identifiable(self) -> Item:
        if self.identify is None and not (
            self.synonyms.en or self.synonyms.zh or self.synonyms.formulae
        ):
            raise ValueError("item has no 'identify' criterion and no synonyms to derive one from")
        return self


class ListHeader(Strict):
    # Duplicate item and clause ids are checked by the loader on the raw YAML, so they are
    # reported together with every other problem in the file.

    """Fields shared by control lists and measures: the legal act and its life over time."""

    id: Id
    title: NonEmpty
    title_zh: str = ""
    authority: NonEmpty
    announcement: NonEmpty
    announcement_zh: str = ""
    issued: date
    effective: date
    reviewed: date
    sources: Annotated[list[NonEmpty], Field(min_length=1)]
    official: OfficialUrl | None = None
    confidence: Confidence
    status: list[StatusPeriod] = Field(default_factory=list)
    notes: str = ""

    @model_validator(mode="after")
    def _dates_ordered(self) -> ListHeader:
        if self.effective < self.issued:
            raise ValueError(f"effective ({self.effective}) is before issued ({self.issued})")
        return self


class ControlList(ListHeader):
    kind: Literal["control_list"]
    # Whether the items are dual-use items: the customs remark 属于两用物项 and a dual-use export
    # control code apply to them. False for lists under other law (the technology catalogue).
    dual_use: bool = True
    items: Annotated[list[Item], Field(min_length=1)]
    goods_forms: GoodsForms | None = None  # product-vocabulary heads that are forms here


# ---------------------------------------------------------------------------------------------
# Measures tied to destinations and end uses
# ---------------------------------------------------------------------------------------------

Effect = Literal["prohibited", "presumption_of_denial", "enhanced_review", "case_by_case"]


class ItemSelector(Strict):
    """Which controlled items a clause covers: every dual-use item, or items with these tags."""

    all_dual_use: bool = False
    tags: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_way(self) -> ItemSelector:
        if self.all_dual_use == bool(self.tags):
            raise ValueError("give either 'all_dual_use: true' or a non-empty 'tags' list")
        return self


class Clause(Strict):
    id: Id
    title: NonEmpty
    text: str = ""
    destinations: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]] = Field(
        default_factory=list
    )
    end_uses: list[Id] = Field(default_factory=list)
    applies_to: ItemSelector
    effect: Effect
    status: list[StatusPeriod] = Field(default_factory=list)
    confidence: Confidence
    notes: str = ""
    sources: list[str] = Field(default_factory=list)
    official: OfficialUrl | None = None


class Measure(ListHeader):
    kind: Literal["measure"]
    clauses: Annotated[list[Clause], Field(min_length=1)]


# ---------------------------------------------------------------------------------------------
# End-use vocabulary
# ---------------------------------------------------------------------------------------------


class EndUseCategory(Strict):
    id: Id
    title: NonEmpty
    keywords: Synonyms
    notes: str = ""


class EndUseVocabulary(Strict):
    kind: Literal["end_use_vocabulary"]
    id: Id
    title: NonEmpty
    categories: Annotated[list[EndUseCategory], Field(min_length=1)]


# ---------------------------------------------------------------------------------------------
# Goods reading (issue 13): product heads, ambiguous forms, negation cues, word variants
# ---------------------------------------------------------------------------------------------

HeadKind = Literal["product", "ambiguous"]


class ProductHead(Strict):
    """Words naming goods that are never the controlled material itself (or only maybe are).

    ``product``: a charger, a drill bit, a pencil: goods that contain or were made with a
    material but are not the material in one of its listed forms. ``ambiguous``: a window, a
    gasket: the same word names a listed form for some materials and a finished article for
    others, so a person must look.
    """

    id: Id
    kind: HeadKind = "product"
    en: list[NonEmpty] = Field(default_factory=list)
    zh: list[NonEmpty] = Field(default_factory=list)
    why: NonEmpty
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_words(self) -> ProductHead:
        if not (self.en or self.zh):
            raise ValueError("a product head needs at least one English or Chinese word")
        return self


class NegationCues(Strict):
    """Words that state an absence: what follows them (``before``) or precedes them (``after``)."""

    before: list[NonEmpty] = Field(default_factory=list)
    after: list[NonEmpty] = Field(default_factory=list)
    why: NonEmpty
    sources: list[str] = Field(default_factory=list)


class FormWords(Strict):
    """Words naming a form of a material (ingot, powder, wafer...), as the announcements do."""

    en: list[NonEmpty] = Field(default_factory=list)
    zh: list[NonEmpty] = Field(default_factory=list)
    why: NonEmpty


class ProductVocabulary(Strict):
    """``kind: product_vocabulary``: how the goods a declaration describes are read."""

    kind: Literal["product_vocabulary"]
    id: Id
    title: NonEmpty
    heads: Annotated[list[ProductHead], Field(min_length=1)]
    forms: FormWords
    negation: NegationCues
    variants: list[Annotated[list[NonEmpty], Field(min_length=2)]] = Field(default_factory=list)
    notes: str = ""


class GoodsForms(Strict):
    """Which product-vocabulary heads are forms of a list's items after all (per list or item).

    A list of graphite materials "and their products" covers a graphite crucible; a list of
    rare-earth magnet materials covers a magnet. ``forms`` names such words (or head ids);
    they stop counting as "a product, not the material" for the items concerned.
    """

    forms: list[NonEmpty] = Field(default_factory=list)
    why: str = ""


# ---------------------------------------------------------------------------------------------
# Decision vocabulary: the legal words a decision is written in
# ---------------------------------------------------------------------------------------------

DecisionName = Literal["prohibited", "licence_required", "review"]


def _needs_placeholder(text: str, placeholder: str) -> str:
    if "{" + placeholder + "}" not in text:
        raise ValueError(f"must contain the placeholder {{{placeholder}}}")
    return text


class EffectWording(Strict):
    """What a measure's effect decides, and how the reasons put it."""

    decision: DecisionName
    words: NonEmpty


class RemarkTemplates(Strict):
    """The customs remark (备注) for controlled goods and for goods shown to be outside an item."""

    controlled_with_code: NonEmpty
    controlled: NonEmpty
    not_controlled: NonEmpty
    not_controlled_stated: NonEmpty
    stated_separator: NonEmpty

    @field_validator("controlled_with_code")
    @classmethod
    def _code(cls, value: str) -> str:
        return _needs_placeholder(value, "code")

    @field_validator("not_controlled_stated")
    @classmethod
    def _stated(cls, value: str) -> str:
        return _needs_placeholder(value, "stated")


class ImportedListEffect(Strict):
    """The effect given to a list imported from a file that states none (OFAC SDN, ...)."""

    controlled_goods: DecisionName
    other_goods: DecisionName
    note: NonEmpty


class DecisionVocabulary(Strict):
    kind: Literal["decision_vocabulary"]
    id: Id
    title: NonEmpty
    effects: dict[Effect, EffectWording]
    remarks: RemarkTemplates
    catch_all: NonEmpty
    imported_lists: ImportedListEffect
    sources: list[str] = Field(default_factory=list)

    @field_validator("catch_all")
    @classmethod
    def _categories(cls, value: str) -> str:
        return _needs_placeholder(value, "categories")

    @model_validator(mode="after")
    def _every_effect(self) -> DecisionVocabulary:
        missing = sorted(set(get_args(Effect)) - set(self.effects))
        if missing:
            raise ValueError(f"effects: no wording for {', '.join(missing)}")
        return self


RulesDocument = Annotated[
    ControlList | Measure | EndUseVocabulary | DecisionVocabulary | ProductVocabulary,
    Field(discriminator="kind"),
]
