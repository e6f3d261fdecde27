"""The compiled engine: goods rules, party lists and the decision vocabulary, never mutated.

Nothing about a run lives here (no reviews, no day, no threshold): those travel in a
:class:`~exportscreen.decide.RunConfig` with each call, so an engine cached on one day screens
correctly on any other. Adding imported party lists gives a new engine.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

from exportscreen.classify.engine import GoodsEngine
from exportscreen.decide import RunConfig, Vocabulary, decide
from exportscreen.model import Declaration, Result
from exportscreen.parties.lists import EntryInfo, ListInfo, PartyLists
from exportscreen.parties.records import PartyRecord
from exportscreen.parties.screening import screen_parties


@dataclass(frozen=True)
class Engine:
    goods: GoodsEngine
    party_lists: PartyLists
    vocabulary: Vocabulary
    # What the rules and lists were built from, for the audit trail: id, kind, review date, hash.
    sources: tuple[dict[str, str], ...] = field(default=())

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
        goods = self.goods.classify(declaration)
        parties = screen_parties(
            self.party_lists, declaration, alert_threshold=config.alert_threshold
        )
        return decide(declaration, goods, parties, config, self.vocabulary)

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
