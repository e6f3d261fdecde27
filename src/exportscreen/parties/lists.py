"""Party lists as the screener uses them: matcher records plus what each listing does, and when.

Built from validated YAML lists (the built-in Chinese lists, or a user's) or from an importer
(OFAC SDN, ...). Plain objects only, so they travel inside the cached engine; the matcher's
index is built on first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from exportscreen.errors import OptionError
from exportscreen.parties.records import PartyRecord
from exportscreen.status import Period

if TYPE_CHECKING:
    from exportscreen.parties.matcher import Matcher, PartyHit
    from exportscreen.ruleset.party_schema import PartyList

SEARCH_MEMO_LIMIT = 200_000  # distinct (name, country) lookups kept per run

# A listing's earliest possible date, for imported lists that carry no listing dates.
UNDATED = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class ListingEffect:
    """What a hit on a list decides, for controlled goods and for any other goods."""

    controlled_goods: str  # prohibited | licence_required | review
    other_goods: str
    note: str


@dataclass(frozen=True, slots=True)
class ListInfo:
    id: str
    title: str
    authority: str
    controlled_goods: str  # decision for controlled goods: prohibited | licence_required | review
    other_goods: str  # decision for any other goods
    effect_note: str
    reviewed: date | None
    confidence: str
    sources: tuple[str, ...]
    origin: str = ""  # the file the list came from


@dataclass(frozen=True, slots=True)
class EntryInfo:
    list_id: str
    entity_id: str
    primary_name: str
    listed: date
    announcement: str
    status: tuple[Period, ...]
    confidence: str
    covers_subsidiaries: bool


@dataclass
class PartyLists:
    """Every loaded party list, ready to screen names against."""

    lists: dict[str, ListInfo] = field(default_factory=dict)
    entries: dict[tuple[str, str], EntryInfo] = field(default_factory=dict)
    records: list[PartyRecord] = field(default_factory=list)
    _matcher: Matcher | None = None
    _searches: dict[tuple[str, str | None, float, tuple[tuple[str, str], ...]], list[PartyHit]] = (
        field(default_factory=dict)
    )

    def add(self, info: ListInfo, entries: Iterable[tuple[PartyRecord, EntryInfo]]) -> None:
        if info.id in self.lists:
            raise OptionError("--party-list", f"party list {info.id!r} is loaded twice")
        self.lists[info.id] = info
        for record, entry in entries:
            self.entries[(record.list_id, record.entity_id)] = entry
            self.records.append(record)
        self._matcher = None
        self._searches.clear()

    @property
    def matcher(self) -> Matcher:
        """The matcher over every record, built on first use, its index cached on disk (see
        exportscreen.parties.cache): normalising the 21k names of the OFAC SDN list takes
        about 1.5 s, loading them about 0.5 s."""
        if self._matcher is None:
            from exportscreen.parties.cache import load_matcher_cached

            self._matcher = load_matcher_cached(self.records)
        return self._matcher

    def without_lists_under(self, folder: str) -> PartyLists:
        """A copy without the lists loaded from files under ``folder`` (the built-in lists)."""
        kept = PartyLists()
        for info in self.lists.values():
            if not info.origin.startswith(folder):
                kept.add(
                    info,
                    [
                        (r, self.entries[(r.list_id, r.entity_id)])
                        for r in self.records
                        if r.list_id == info.id
                    ],
                )
        return kept

    def search(
        self,
        name: str,
        country: str | None,
        min_score: float,
        identifiers: tuple[tuple[str, str], ...] = (),
    ) -> list[PartyHit]:
        """Matcher search, memoised: a manifest repeats its consignees row after row."""
        key = (name, country, min_score, identifiers)
        hits = self._searches.get(key)
        if hits is None:
            if len(self._searches) >= SEARCH_MEMO_LIMIT:
                self._searches.clear()
            hits = self.matcher.search_field(
                name, country=country, identifiers=identifiers, limit=5, min_score=min_score
            )
            self._searches[key] = hits
        return hits

    def __getstate__(self) -> dict[str, object]:
        # The index has its own cache, keyed by the records (load_matcher_cached): keep it out
        # of the engine's, which would otherwise hold one copy per combination of lists.
        return {
            "lists": self.lists,
            "entries": self.entries,
            "records": self.records,
            "_matcher": None,
            "_searches": {},
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)


def from_schema(
    party_list: PartyList, origin: str = ""
) -> tuple[ListInfo, list[tuple[PartyRecord, EntryInfo]]]:
    """Convert a validated YAML party list."""
    info = ListInfo(
        id=party_list.id,
        title=party_list.title,
        authority=party_list.authority,
        controlled_goods=party_list.effect.controlled_goods,
        other_goods=party_list.effect.other_goods,
        effect_note=party_list.effect.note,
        reviewed=party_list.reviewed,
        confidence=party_list.confidence,
        sources=tuple(party_list.sources),
        origin=origin,
    )
    entries = []
    for entry in party_list.entries:
        names = (entry.names.primary, *entry.names.aliases, *entry.names.other_scripts)
        record = PartyRecord(
            list_id=party_list.id,
            entity_id=entry.id,
            type=entry.type,
            names=tuple(dict.fromkeys(names)),
            countries=(entry.country,) if entry.country else (),
            identifiers=tuple((i.scheme, i.value) for i in entry.identifiers),
        )
        covers = (
            party_list.covers_subsidiaries
            if entry.covers_subsidiaries is None
            else entry.covers_subsidiaries
        )
        entries.append(
            (
                record,
                EntryInfo(
                    list_id=party_list.id,
                    entity_id=entry.id,
                    primary_name=entry.names.primary,
                    listed=entry.listed.date,
                    announcement=entry.listed.announcement,
                    status=tuple(Period(p.status, p.from_, p.to, p.by) for p in entry.status),
                    confidence=entry.confidence,
                    covers_subsidiaries=covers,
                ),
            )
        )
    return info, entries


def from_records(
    list_id: str,
    title: str,
    records: Iterable[PartyRecord],
    *,
    source: str,
    effect: ListingEffect,
) -> tuple[ListInfo, list[tuple[PartyRecord, EntryInfo]]]:
    """Wrap imported records (OFAC SDN, CSL, ...) whose legal effect in China is not stated.

    ``effect`` is the one the decision vocabulary gives such lists (rules/vocabulary): a reason
    to look closer, not a Chinese prohibition. Convert the list to YAML with
    ``exportscreen parties import`` to state another effect.
    """
    info = ListInfo(
        id=list_id,
        title=title,
        authority="imported",
        controlled_goods=effect.controlled_goods,
        other_goods=effect.other_goods,
        effect_note=effect.note,
        reviewed=None,
        confidence="confirmed",
        sources=(source,),
    )
    entries = [
        (
            record,
            EntryInfo(
                list_id, record.entity_id, record.primary_name, UNDATED, "", (), "confirmed", False
            ),
        )
        for record in records
    ]
    return info, entries
