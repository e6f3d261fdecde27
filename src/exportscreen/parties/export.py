"""Write an imported party list as a ``kind: party_list`` YAML file that a person can review.

An imported list says nothing about its legal effect in China, so the caller states the effect
and the authority; every entry is ``confidence: confirmed`` (it is on the source list) and
names the source file. The source formats do not all carry listing dates: where the file gives
one (CSL ``start_date``, OpenSanctions ``first_seen``) it is used, otherwise the import date,
and the entry's notes say so. Output is deterministic for a given `ImportedList`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date
from typing import Any

import yaml

from exportscreen.parties.importers.registry import ID_MAX_LENGTH, ImportedList, slug_id

DECISIONS = ("prohibited", "licence_required", "review")


class _Flow(dict[str, Any]):
    """A small mapping written on one line, as in the hand-written lists:
    ``listed: {announcement: '', date: 2020-08-20}``."""


try:  # libyaml's emitter writes the same text about 2.5 times faster (15,000 CSL entries: 4 s)
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # entries share date objects; anchors (&id001) would confuse a reviewer


def _represent_flow(dumper: _Dumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


_Dumper.add_representer(_Flow, _represent_flow)


def to_party_list_yaml(
    imported: ImportedList,
    *,
    reviewed: date,
    authority: str,
    effect: tuple[str, str] = ("review", "review"),
) -> str:
    """The YAML text of `imported` as a party list; `effect` is (controlled goods, other goods)."""
    controlled, other = effect
    for decision in effect:
        if decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}; use one of {', '.join(DECISIONS)}")
    if not authority.strip():
        raise ValueError("the authority of a party list may not be empty")

    used: set[str] = set()
    entries = [
        _entry(imported, record_index, used) for record_index in range(len(imported.records))
    ]
    undated = sum(1 for r in imported.records if r.entity_id not in imported.listed)
    notes = [
        f"Imported from {imported.source} ({imported.format or 'unknown'} format) on "
        f"{imported.imported.isoformat()}: {len(entries)} entries.",
    ]
    if imported.listed_from and undated < len(entries):
        notes.append(f"Listing dates are {imported.listed_from}.")
    if undated:
        notes.append(
            f"{undated} of them have no listing date in the file and carry the import date "
            "instead (their notes say so)."
        )
    notes.append(
        f"The effect ({controlled} for controlled goods, {other} for other goods) was set on "
        "import; the source list does not state a legal effect in China."
    )
    document: dict[str, Any] = {
        "kind": "party_list",
        "id": imported.list_id,
        "title": imported.title,
        "authority": authority.strip(),
        "effect": {"controlled_goods": controlled, "other_goods": other},
        "reviewed": reviewed,
        "sources": [imported.source],
        "confidence": "confirmed",
        "notes": " ".join(notes),
        "entries": entries,
    }
    header = (
        f"# {imported.title}: imported by exportscreen from {imported.source} on "
        f"{imported.imported.isoformat()}.\n"
        "# Check the effect, the authority and the entries before relying on this list.\n"
    )
    body = yaml.dump(
        document,
        Dumper=_Dumper,  # as yaml.safe_dump, without anchors, with one-line small mappings
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,  # one line per value: long names stay greppable
    )
    return header + body


def _entry(imported: ImportedList, index: int, used: set[str]) -> dict[str, Any]:
    record = imported.records[index]
    entry_id = slug_id(record.entity_id)
    if entry_id in used:
        # Two source ids that slug alike ("A-1" and "a 1"): tell them apart by the raw id.
        digest = hashlib.sha1(f"{record.entity_id}\x1f{index}".encode()).hexdigest()[:10]
        entry_id = f"{entry_id[: ID_MAX_LENGTH - 11].rstrip('-._')}-{digest}"
    used.add(entry_id)

    aliases = [n for n in record.names[1:] if _is_latin(n)]
    other_scripts = [n for n in record.names[1:] if not _is_latin(n)]
    names: dict[str, Any] = {"primary": record.names[0]}
    if aliases:
        names["aliases"] = aliases
    if other_scripts:
        names["other_scripts"] = other_scripts

    notes: list[str] = []
    source_list = imported.source_lists.get(record.entity_id)
    if source_list:
        notes.append(f"Source list: {source_list}.")
    if entry_id != record.entity_id:
        notes.append(f"Id in {imported.source}: {record.entity_id}.")
    if len(record.countries) > 1:
        notes.append(f"Also linked to: {', '.join(record.countries[1:])}.")
    listed = imported.listed.get(record.entity_id)
    if listed is None:
        listed = imported.imported
        notes.append(
            f"{imported.source} gives no listing date; the date is the day the file was imported."
        )

    entry: dict[str, Any] = {"id": entry_id, "type": record.type, "names": names}
    if record.countries:
        entry["country"] = record.countries[0]
    if record.identifiers:
        entry["identifiers"] = [_Flow(scheme=s, value=v) for s, v in record.identifiers]
    entry["listed"] = _Flow(announcement="", date=listed)
    entry["confidence"] = "confirmed"
    entry["sources"] = [imported.source]
    if notes:
        entry["notes"] = " ".join(notes)
    return entry


def _is_latin(name: str) -> bool:
    """True when every letter of `name` is Latin ("Société", "CUBA"); CJK, Cyrillic, Arabic and
    other scripts go under ``other_scripts`` so a reviewer sees them apart."""
    if name.isascii():
        return True
    return all("LATIN" in unicodedata.name(ch, "") for ch in name if ch.isalpha())
