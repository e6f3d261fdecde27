"""The decision vocabulary (rules/vocabulary/decisions.yaml) as the decision stage uses it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportscreen.model import Decision

if TYPE_CHECKING:
    from exportscreen.ruleset.schema import DecisionVocabulary


@dataclass(frozen=True, slots=True)
class EffectWords:
    decision: Decision
    words: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Plain copy of the validated YAML, so it pickles with the engine without pydantic."""

    effects: dict[str, EffectWords]
    remark_controlled_with_code: str
    remark_controlled: str
    remark_not_controlled: str
    remark_not_controlled_stated: str
    stated_separator: str
    catch_all: str
    imported_controlled_goods: str
    imported_other_goods: str
    imported_note: str

    def effect(self, name: str) -> EffectWords:
        return self.effects[name]


def compile_vocabulary(document: DecisionVocabulary) -> Vocabulary:
    remarks = document.remarks
    return Vocabulary(
        effects={
            name: EffectWords(Decision(wording.decision), wording.words)
            for name, wording in document.effects.items()
        },
        remark_controlled_with_code=remarks.controlled_with_code,
        remark_controlled=remarks.controlled,
        remark_not_controlled=remarks.not_controlled,
        remark_not_controlled_stated=remarks.not_controlled_stated,
        stated_separator=remarks.stated_separator,
        catch_all=" ".join(document.catch_all.split()),
        imported_controlled_goods=document.imported_lists.controlled_goods,
        imported_other_goods=document.imported_lists.other_goods,
        imported_note=document.imported_lists.note,
    )
