"""Person names: recall when given names are dropped or reordered, and false alerts on
ordinary person names.

An end user is often a person, written "Firstname SURNAME" on the papers while the list holds
"SURNAME, Firstname Middlename(s)". Protocol: a Matcher is built from the 2021 OFAC SDN list
with aliases, as deployed. Each individual entry whose primary name is written "SURNAME, Given
names" and has two given names or more is queried twice: in the full written order ("Given
names SURNAME") and with only the first given name ("First SURNAME"). It is *found* when its own
entry alerts at the threshold. False alerts: the 2,000 generated person names of
bench/data/person-negatives.csv (Faker, ten locales, several scripts; see bench/data/README.md)
are queried with their country; the rate is the share with any alert.

Run from the repository root:  python bench/persons.py [--threshold 75] [--misses N]
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
NEGATIVES = Path(__file__).parent / "data" / "person-negatives.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdn", type=Path, default=DATA / "ofac-sdn-2021" / "sdn.csv")
    parser.add_argument("--negatives", type=Path, default=NEGATIVES)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--misses", type=int, default=0, help="print N missed queries")
    parser.add_argument("--false-positives", action="store_true", help="print alerting names")
    args = parser.parse_args()

    records = load_sdn(args.sdn)
    matcher = Matcher(records)
    queries: dict[str, list[tuple[str, str]]] = {"full name": [], "first given name only": []}
    for record in records:
        surname, _, given = record.names[0].partition(",")
        names = given.split()
        if record.type != "person" or len(names) < 2:
            continue
        queries["full name"].append((f"{' '.join(names)} {surname.strip()}", record.entity_id))
        queries["first given name only"].append((f"{names[0]} {surname.strip()}", record.entity_id))
    started = time.perf_counter()
    shown = 0
    for label, pairs in queries.items():
        found = 0
        for query, entity_id in pairs:
            hits = matcher.search(query, min_score=args.threshold)
            if any(h.entity_id == entity_id for h in hits):
                found += 1
            elif shown < args.misses:
                shown += 1
                own = [
                    h
                    for h in matcher.search(query, min_score=0.0, limit=50)
                    if h.entity_id == entity_id
                ]
                print(f"  MISS {query!r}: {own[0].explanation if own else 'not a candidate'}")
        print(f"{label:<24}{len(pairs):>6} queries   recall {found / len(pairs):.3f}")
    with args.negatives.open(encoding="utf-8", newline="") as handle:
        negatives = [(r["name"], r["country"] or None) for r in csv.DictReader(handle)]
    alerts = 0
    for name, country in negatives:
        hits = matcher.search(name, country=country, min_score=args.threshold, limit=1)
        if hits:
            alerts += 1
            if args.false_positives:
                print(f"  FP {hits[0].explanation}")
    rate = alerts / len(negatives)
    print(f"{'ordinary person names':<24}{len(negatives):>6} queries   alerting {rate:.3f}")
    print(f"elapsed {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
