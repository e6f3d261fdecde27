"""Recall on names cut to fit a fixed-width field, as customs and payment messages cut them.

EDIFACT party names (NAD) and SWIFT name lines hold 35 characters; many ERP exports hold 30 or
40. A consignee longer than the field arrives cut, often in the middle of a word
("...SEVASTOPOLSKY M" for "...SEVASTOPOLSKY MORSKOY BANK").

Protocol: a Matcher is built from the 2021 OFAC SDN list with its aliases, as deployed. For each
width, every entity-type (SDN_Type `-0-`) primary name longer than the width is cut to that many
characters and queried; it is *found* when its own ent_num is among the hits at or above the
threshold. Recall is shown for all cut names and separately for cuts inside a word and cuts at a
word boundary. "Other" is the share of cut names that also alert on a different entry through the
cut reading (a sibling entry can share the visible words; a high figure means the reading is too
generous). The false-positive rate on negatives-dev.csv (company names on no list, queried
with their country) is shown for the same matcher, so a gain in recall cannot hide new alerts.

Run from the repository root:  python bench/truncation.py [--widths 35 30 40] [--misses N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from exportscreen.parties import DEFAULT_THRESHOLD, Matcher
from exportscreen.parties.importers.ofac import load_sdn

DATA = Path("/work/shared/data")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdn", type=Path, default=DATA / "ofac-sdn-2021" / "sdn.csv")
    parser.add_argument("--negatives", type=Path, default=DATA / "negatives-dev.csv")
    parser.add_argument("--widths", type=int, nargs="+", default=[35, 30, 40])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--misses", type=int, default=0, help="print N missed cut names")
    args = parser.parse_args()

    records = load_sdn(args.sdn)
    matcher = Matcher(records)
    entities = [r for r in records if r.type == "organization"]
    print(f"{len(records)} SDN entries with aliases; {len(entities)} entities")
    header = [("width", 5), ("cut names", 11), ("recall", 8), ("in word", 9), ("n", 6)]
    header += [("at space", 10), ("n", 6), ("other", 7)]
    print("".join(f"{label:>{size}}" for label, size in header))
    shown = 0
    for width in args.widths:
        found = {True: 0, False: 0}
        total = {True: 0, False: 0}
        other = 0
        for record in entities:
            name = record.names[0]
            if len(name) <= width:
                continue
            query = name[:width].rstrip()
            in_word = name[width - 1].isalnum() and name[width].isalnum()
            total[in_word] += 1
            hits = matcher.search(query, min_score=args.threshold)
            other += any(
                h.entity_id != record.entity_id and "cut to fit" in h.explanation for h in hits
            )
            if any(h.entity_id == record.entity_id for h in hits):
                found[in_word] += 1
            elif shown < args.misses:
                shown += 1
                print(f"  MISS {query!r} <- {name!r}")
        cut = total[True] + total[False]
        print(
            f"{width:>5}{cut:>11}{(found[True] + found[False]) / cut:>8.3f}"
            f"{found[True] / max(1, total[True]):>9.3f}{total[True]:>6}"
            f"{found[False] / max(1, total[False]):>10.3f}{total[False]:>6}{other / cut:>7.3f}"
        )
    with args.negatives.open(encoding="utf-8", newline="") as handle:
        negatives = [(r["name"], r["country"] or None) for r in csv.DictReader(handle)]
    started = time.perf_counter()
    alerts = sum(
        bool(matcher.search(name, country=country, min_score=args.threshold))
        for name, country in negatives
    )
    print(
        f"false-positive rate on {len(negatives)} negatives at {args.threshold:g}: "
        f"{alerts / len(negatives):.3f} ({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
