"""What goods classification concludes about one declaration, before any decision is taken.

Classification states facts: which items the goods are (or may be), which measure clauses cover
them, which end uses were recognised, and what the reader should know about the data behind
them. It words none of this: the decision stage (:mod:`exportscreen.decide`) turns these facts
into the decision, the reasons, the customs remark and the warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from exportscreen.model import Evidence, ItemMatch, LegalBasis


@dataclass(frozen=True, slots=True)
class Misdeclaration:
    """The description establishes an item whose reference HS codes exclude the declared one."""

    item_label: str
    reference_hs: tuple[str, ...]
    declared_hs: str


@dataclass(frozen=True, slots=True)
class UnconfirmedItemData:
    """The item's outcome rests on facts our sources did not confirm (field and its level)."""

    item_label: str
    weak: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PendingMeasure:
    """An item under review would bring a measure clause into play if it were controlled."""

    item_name: str
    announcement: str
    clause_title: str
    effect: str


@dataclass(frozen=True, slots=True)
class UnconfirmedClause:
    """A clause in force applies here, but its data is not confirmed in our sources."""

    announcement: str
    clause_title: str
    confidence: str


@dataclass(frozen=True, slots=True)
class ScheduledChange:
    """A scheduled change of a list's status falls between our last review and the date."""

    announcement: str
    reviewed: date
    on: date
    changes: tuple[str, ...]


GoodsNote = Misdeclaration | UnconfirmedItemData | PendingMeasure | UnconfirmedClause


@dataclass(frozen=True, slots=True)
class AppliedClause:
    """A measure clause whose destinations and end uses cover this declaration's controlled
    goods; its effect (prohibited, presumption of denial, ...) is decided downstream."""

    measure_id: str
    clause_id: str
    title: str
    effect: str
    in_force: bool
    items: tuple[str, ...]
    legal_basis: LegalBasis
    confidence: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class GoodsOutcome:
    """Everything classification found for one declaration, in the order it was found."""

    items: tuple[ItemMatch, ...] = ()
    clauses: tuple[AppliedClause, ...] = ()
    end_uses: tuple[Evidence, ...] = ()
    notes: tuple[GoodsNote, ...] = ()
    scheduled_changes: tuple[ScheduledChange, ...] = ()
