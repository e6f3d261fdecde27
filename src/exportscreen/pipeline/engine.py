"""The compiled engine: goods rules, party lists and the decision vocabulary, never mutated.

Nothing about a run lives here (no reviews, no day, no threshold): those travel in a
:class:`~exportscreen.decide.RunConfig` with each call, so an engine cached on one day screens
correctly on any other. Adding imported party lists gives a new engine.
"""

from __future__ import annotations

import hashlib
import json
import re
import types
from bisect import bisect_right
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from exportscreen.classify.engine import GoodsEngine
from exportscreen.classify.outcome import GoodsOutcome
from exportscreen.decide import RunConfig, Vocabulary, decide
from exportscreen.model import Declaration, Evidence, Result
from exportscreen.parties.lists import EntryInfo, ListInfo, PartyLists
from exportscreen.parties.records import PartyRecord
from exportscreen.parties.screening import screen_parties

# Goods outcomes kept per engine: a manifest repeats a few dozen goods lines row after row.
GOODS_MEMO_LIMIT = 50_000


@dataclass
class _GoodsMemo:
    breaks: list[date] | None = None  # see _rule_date_breaks; computed on first use
    destinations: frozenset[str] = frozenset()  # every destination a measure clause names
    outcomes: dict[Hashable, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Engine:
    goods: GoodsEngine
    party_lists: PartyLists
    vocabulary: Vocabulary
    # What the rules and lists were built from, for the audit trail: id, kind, review date, hash.
    sources: tuple[dict[str, str], ...] = field(default=())
    # GoodsEngine.classify's outcomes by everything it reads (see classify_goods); never pickled.
    _goods_memo: _GoodsMemo = field(
        default_factory=_GoodsMemo, init=False, repr=False, compare=False
    )

    @property
    def fingerprint(self) -> str:
        """One hash over every loaded rules file and party list: which law screened a row."""
        canonical = json.dumps(
            sorted(self.sources, key=lambda s: (s["kind"], s["id"])),
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def screen(self, declaration: Declaration, config: RunConfig) -> Result:
        """Classify the goods, match the parties, decide."""
        goods = self.classify_goods(declaration)
        parties = screen_parties(
            self.party_lists, declaration, alert_threshold=config.alert_threshold
        )
        return decide(declaration, goods, parties, config, self.vocabulary)

    def classify_goods(self, declaration: Declaration) -> GoodsOutcome:
        """``GoodsEngine.classify``, memoised: the outcome is immutable and a function of the
        (never mutated) rules and of the fields of :func:`_goods_key` alone.

        The key holds what classification makes of a field rather than the field where that is
        all it uses: the date as its span between two consecutive dates written in the rules
        (every status compares the date with those only), so a manifest's thousands of shipment
        dates share a few entries; the end use and end user as the end-use categories found in
        them; a country only when some measure clause names it. An outcome that quotes the date
        itself (a "does not apply on" note, a scheduled change) is kept under the exact date.
        """
        memo = self._goods_memo
        if memo.breaks is None:
            memo.breaks = _rule_date_breaks(self.goods)
            memo.destinations = frozenset(
                country
                for measure in self.goods.measures
                for clause in measure.clauses
                for country in clause.destinations
            )
        key = _goods_key(
            declaration,
            bisect_right(memo.breaks, declaration.date),
            tuple(self.goods.detect_end_uses(declaration)),
            memo.destinations,
        )
        found = memo.outcomes.get(key, _MISSING)
        dated = found is _DATED  # outcomes in this span quote their date: keyed by it too
        if dated:
            found = memo.outcomes.get((key, declaration.date), _MISSING)
        if isinstance(found, GoodsOutcome):
            return found
        outcome = self.goods.classify(declaration)
        if len(memo.outcomes) >= GOODS_MEMO_LIMIT:
            memo.outcomes.clear()
        if dated or _quotes_date(outcome, declaration.date):
            memo.outcomes[key] = _DATED
            memo.outcomes[(key, declaration.date)] = outcome
        else:
            memo.outcomes[key] = outcome
        return outcome

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_goods_memo"] = _GoodsMemo()  # the memo is a run's, not the cached engine's
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def with_party_lists(
        self,
        added: list[tuple[ListInfo, list[tuple[PartyRecord, EntryInfo]]]],
        sources: list[dict[str, str]],
        *,
        drop_under: str | None = None,
    ) -> Engine:
        """A new engine whose party lists are these plus ``added`` (less the lists loaded from
        files under ``drop_under``, the built-in lists when a user turns them off)."""
        lists = self.party_lists.without_lists_under(drop_under or "\0")
        for info, entries in added:
            lists.add(info, entries)
        return replace(self, party_lists=lists, sources=(*self.sources, *sources))


_MISSING: object = object()
_DATED: object = object()  # in the memo: outcomes for this key quote their date


def _goods_key(
    declaration: Declaration,
    span: int,
    end_uses: tuple[Evidence, ...],
    destinations: frozenset[str],
) -> tuple[object, ...]:
    """What GoodsEngine.classify reads of a declaration: the goods text (description and
    specification) and HS code (items); the date (list and measure status), here its span
    between rule dates; the end use and end user, through the end-use categories (with their
    evidence) found in them; the destination and the consignee's country, compared with the
    countries measure clauses name. Quantity, value, currency, party names and identifiers do
    not reach it."""
    countries = (declaration.destination, declaration.consignee_country)
    return (
        declaration.description,
        declaration.spec,
        declaration.hs_code,
        span,
        end_uses,
        tuple(c.alpha2 if c is not None and c.alpha2 in destinations else None for c in countries),
    )


def _quotes_date(outcome: GoodsOutcome, on: date) -> bool:
    """Whether the outcome carries the declaration's date itself, in any form."""
    if outcome.scheduled_changes:
        return True
    text = repr(outcome)
    return on.isoformat() in text or repr(on) in text


def _rule_date_breaks(goods: GoodsEngine) -> list[date]:
    """Every date the goods rules hold, and the day after each, sorted: any comparison of a
    declaration's date with a rule date (<, <=, ==) gives the same answer for all the dates
    between two consecutive breaks. Found by walking the engine's objects, so a date added to
    the rules' schema later is not missed."""
    found: set[date] = set()
    seen: set[int] = set()
    stack: list[object] = [goods]
    leaves = (str, bytes, int, float, complex, type(None), re.Pattern, type, types.ModuleType)
    while stack:
        obj = stack.pop()
        if isinstance(obj, date):
            found.add(obj)
            continue
        if isinstance(obj, leaves) or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif isinstance(obj, types.FunctionType):
            stack.extend(cell.cell_contents for cell in obj.__closure__ or ())
            stack.extend(obj.__defaults__ or ())
        elif isinstance(obj, types.MethodType):
            stack.append(obj.__self__)
        else:
            stack.extend(getattr(obj, "__dict__", {}).values())
            for cls in type(obj).__mro__:
                slots = cls.__dict__.get("__slots__", ())
                for slot in (slots,) if isinstance(slots, str) else slots:
                    if slot not in ("__dict__", "__weakref__") and hasattr(obj, slot):
                        stack.append(getattr(obj, slot))
    return sorted(found | {d + timedelta(days=1) for d in found if d < date.max})
