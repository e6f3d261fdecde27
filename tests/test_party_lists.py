"""China's restricted-party lists (rules/parties/china-*.yaml) against the sourced fact sheet.

The fact sheet is ../shared/reference/china-entity-lists.md: section A is the Unreliable Entity
List, B the export-control Control List, C the Watch List, then the suspension / lifting events.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from exportscreen.ruleset.loader import load_rules
from exportscreen.ruleset.party_schema import PartyEntry, PartyList
from exportscreen.status import status_on

PARTIES = Path(__file__).resolve().parents[1] / "rules" / "parties"

# file name -> (list id, id prefix of its entries)
FILES = {
    "china-uel.yaml": ("cn-unreliable-entity-list", "uel"),
    "china-control-list.yaml": ("cn-export-control-control-list", "cl"),
    "china-watch-list.yaml": ("cn-export-control-watch-list", "wl"),
}
UEL, CONTROL, WATCH = (list_id for list_id, _ in FILES.values())


@cache
def lists() -> dict[str, PartyList]:
    loaded = load_rules([PARTIES / name for name in FILES])
    return {party_list.id: party_list for party_list in loaded.party_lists}


def entry(list_id: str, entry_id: str) -> PartyEntry:
    matches = [e for e in lists()[list_id].entries if e.id == entry_id]
    assert len(matches) == 1, f"{entry_id} not in {list_id}"
    return matches[0]


def all_entries() -> list[tuple[str, PartyEntry]]:
    return [(list_id, e) for list_id, pl in lists().items() for e in pl.entries]


def test_all_three_files_validate() -> None:
    assert sorted(lists()) == sorted(list_id for list_id, _ in FILES.values())


@pytest.mark.parametrize(
    ("list_id", "confirmed", "partial"),
    [
        # Section A names 72 entities: 2 (2023-02-16) + 3 (2024-05-20) + 10 (2025 No. 1)
        # + 4 (2025-01-15, Chinese reprints) + 7 (2025-01-14/15, single English source: the
        # partial ones) + 2 (2025-02-04) + 10 (2025 No. 5/6) + 11 (2025 No. 7) + 6 (2025-04-09)
        # + 3 (2025-09-25) + 14 (2025 No. 10).
        (UEL, 65, 7),
        # Section B: 10 of the 28 of Ann. 2025 No. 1 + 15 (No. 13) + 1 of the 16 of No. 21
        # + 12 (No. 22) + 8 (Taiwan, 2025-07-09) + 3 (No. 51) + 14 of the 20 of Ann. 2026 No. 11
        # + 3 of the 10 of 2026-06-22 + 7 (Ann. 2026 No. 20, EU). The "not found" placeholder rows
        # have no entry. Partial: entries 15-20 of Ann. 2026 No. 11, read only in a capture of the
        # official text (issue 14).
        (CONTROL, 73, 6),
        # Section C: 7 of the 20 of Ann. 2026 No. 12 from news copies; the other 13 partial, read
        # only in a capture of the official text (issue 14).
        (WATCH, 7, 13),
    ],
)
def test_entry_counts_by_confidence(list_id: str, confirmed: int, partial: int) -> None:
    counts = Counter(e.confidence for e in lists()[list_id].entries)
    assert counts["confirmed"] == confirmed
    assert counts["partial"] == partial
    assert sum(counts.values()) == confirmed + partial  # nothing inferred or unverified


@pytest.mark.parametrize(("name", "list_id_and_prefix"), FILES.items())
def test_ids_are_the_list_prefix_and_slug_of_the_primary_name(
    name: str, list_id_and_prefix: tuple[str, str]
) -> None:
    list_id, prefix = list_id_and_prefix
    for e in lists()[list_id].entries:
        slug = re.sub(r"[^a-z0-9]+", "-", e.names.primary.lower()).strip("-")
        assert e.id == f"{prefix}-{slug}", name


def test_ids_are_unique_across_lists() -> None:
    ids = Counter(e.id for _, e in all_entries())
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_entry_has_a_source_a_country_and_a_listing_date() -> None:
    for list_id, e in all_entries():
        assert e.sources, f"{list_id}: {e.id} has no source"
        assert e.country in {"US", "CA", "JP", "TW", "DE", "BE", "CZ"}, f"{list_id}: {e.id}"
        assert e.listed.announcement, f"{list_id}: {e.id}"
        for period in e.status:
            assert period.sources, f"{list_id}: {e.id} status period has no source"


def test_list_effects() -> None:
    effects = {
        list_id: (pl.effect.controlled_goods, pl.effect.other_goods)
        for list_id, pl in lists().items()
    }
    assert effects == {
        UEL: ("prohibited", "prohibited"),
        CONTROL: ("prohibited", "review"),
        WATCH: ("licence_required", "review"),
    }


def test_lockheed_martin_on_the_uel() -> None:
    lm = entry(UEL, "uel-lockheed-martin-corporation")
    assert lm.names.primary == "Lockheed Martin Corporation"
    assert "洛克希德·马丁公司" in lm.names.other_scripts
    assert "Lockheed Martin" in lm.names.aliases
    assert lm.listed.date == date(2023, 2, 16)
    assert lm.status == []


def test_spot_checks() -> None:
    leidos = entry(CONTROL, "cl-leidos")
    assert [(p.status, p.from_, p.to) for p in leidos.status] == [
        ("lifted", date(2025, 11, 10), None)
    ]
    subaru = entry(WATCH, "wl-subaru-corporation")
    assert (subaru.country, subaru.listed.date) == ("JP", date(2026, 2, 24))
    assert "斯巴鲁株式会社" in subaru.names.other_scripts
    tech = entry(UEL, "uel-techinsights-inc")
    assert (tech.country, tech.covers_subsidiaries) == ("CA", True)
    assert entry(UEL, "uel-halifax-international-security-forum").type == "organization"
    ncsist = entry(CONTROL, "cl-national-chung-shan-institute-of-science-technology")
    assert "NCSIST" in ncsist.names.aliases
    # Ann. 35/2025: the simplified name from a capture of the official text (issue 14)
    assert ncsist.field_confidence == {"announcement": "partial", "names_zh": "partial"}
    assert "中山科学研究院" in ncsist.names.other_scripts
    tcom = entry(UEL, "uel-tcom-limited-partnership")
    assert tcom.field_confidence == {"announcement": "inferred"}
    mp = entry(CONTROL, "cl-mp-materials")
    assert (mp.listed.date, mp.field_confidence) == (date(2026, 6, 22), {"announcement": "partial"})


# Entities on both lists carry the same names (primary names differ only by legal form).
@pytest.mark.parametrize(
    ("uel_id", "cl_id"),
    [
        ("uel-lockheed-martin-corporation", "cl-lockheed-martin-corporation"),
        ("uel-huntington-ingalls-industries-inc", "cl-huntington-ingalls-industries-inc"),
        ("uel-general-atomics-aeronautical-systems", "cl-general-atomics-aeronautical-systems-inc"),
        ("uel-aerkomm-inc", "cl-aerkomm-inc"),
        ("uel-skydio", "cl-skydio-inc"),
        ("uel-group-w", "cl-group-w"),
    ],
)
def test_entities_on_several_lists_share_names(uel_id: str, cl_id: str) -> None:
    on_uel, on_cl = entry(UEL, uel_id), entry(CONTROL, cl_id)
    assert set(on_uel.names.aliases) == set(on_cl.names.aliases)
    assert set(on_uel.names.other_scripts) == set(on_cl.names.other_scripts)
    assert on_uel.listed.date != on_cl.listed.date


@pytest.mark.parametrize(
    ("list_id", "entry_id", "day", "in_force", "reason"),
    [
        # Control List Ann. 2025 No. 13: lifted from 2025-11-10, open-ended.
        (CONTROL, "cl-leidos", date(2025, 3, 3), False, "not yet in force"),
        (CONTROL, "cl-leidos", date(2025, 3, 4), True, "in force since 2025-03-04"),
        (CONTROL, "cl-leidos", date(2025, 11, 9), True, "in force"),
        (CONTROL, "cl-leidos", date(2025, 11, 10), False, "lifted from 2025-11-10"),
        (CONTROL, "cl-leidos", date(2027, 1, 1), False, "lifted"),
        # Ann. 2025 No. 21: three back-to-back suspensions, 2025-05-14 to 2026-11-09.
        (CONTROL, "cl-high-point-aerospace-technologies", date(2025, 4, 20), True, "in force"),
        (CONTROL, "cl-high-point-aerospace-technologies", date(2025, 5, 13), True, "in force"),
        (CONTROL, "cl-high-point-aerospace-technologies", date(2025, 5, 14), False, "suspended"),
        (
            CONTROL,
            "cl-high-point-aerospace-technologies",
            date(2025, 8, 12),
            False,
            "suspended from 2025-08-12 until 2025-11-09",
        ),
        (
            CONTROL,
            "cl-high-point-aerospace-technologies",
            date(2026, 1, 15),
            False,
            "suspended from 2025-11-10 until 2026-11-09",
        ),
        (CONTROL, "cl-high-point-aerospace-technologies", date(2026, 11, 10), True, "in force"),
        # Ann. 2025 No. 22: the May 2025 easing (90 days from 2025-05-14, partial), then measures
        # stopped from 2025-08-12.
        (CONTROL, "cl-insitu-inc", date(2025, 5, 13), True, "in force"),
        (CONTROL, "cl-insitu-inc", date(2025, 8, 11), False, "suspended from 2025-05-14"),
        (CONTROL, "cl-insitu-inc", date(2025, 8, 12), False, "lifted from 2025-08-12"),
        # UEL 2025 No. 5/6: removed from 2025-11-10.
        (UEL, "uel-tcom-limited-partnership", date(2025, 6, 1), True, "in force"),
        (UEL, "uel-tcom-limited-partnership", date(2025, 12, 1), False, "removed"),
        # UEL 2025 No. 7: suspended 2025-05-14..2025-08-11 and 2025-11-10..2026-11-09; the
        # November 2025 texts say the suspension "continues", so 2025-08-12..2025-11-09 is encoded
        # as suspended too (inferred, issue 14).
        (UEL, "uel-skydio", date(2025, 4, 30), True, "in force"),
        (UEL, "uel-skydio", date(2025, 8, 11), False, "suspended from 2025-05-14"),
        (UEL, "uel-skydio", date(2025, 9, 1), False, "suspended from 2025-08-12"),
        (UEL, "uel-skydio", date(2026, 11, 9), False, "suspended from 2025-11-10"),
        (UEL, "uel-skydio", date(2026, 11, 10), True, "in force"),
        # UEL 2025-04-09: which firms the May 2025 suspension covered is unknown; none encoded.
        (UEL, "uel-shield-ai-inc", date(2025, 6, 1), True, "in force"),
        # No status events at all.
        (UEL, "uel-lockheed-martin-corporation", date(2026, 6, 30), True, "in force"),
        (WATCH, "wl-subaru-corporation", date(2026, 2, 23), False, "not yet in force"),
        (WATCH, "wl-subaru-corporation", date(2026, 2, 24), True, "in force"),
    ],
)
def test_status_on(list_id: str, entry_id: str, day: date, in_force: bool, reason: str) -> None:
    e = entry(list_id, entry_id)
    status = status_on(e.listed.date, e.status, day)
    assert status.in_force is in_force
    assert reason in status.reason


def test_suspension_periods_do_not_overlap() -> None:
    for list_id, e in all_entries():
        periods = sorted(e.status, key=lambda p: p.from_)
        for earlier, later in pairwise(periods):
            assert earlier.to is not None and earlier.to < later.from_, f"{list_id}: {e.id}"
        for period in periods:
            assert period.from_ > e.listed.date, f"{list_id}: {e.id}"
