"""Precision / recall / F1 of the party matcher on labelled name pairs.

Protocol: each pair (name1, name2) is scored with `Matcher.score_names(name1, name2,
candidate_type=<schema>)`; name2 plays the list entry. Token rarity comes from the 2021 OFAC SDN
list (all names and aliases) loaded as the matcher's background, the way a deployed matcher sees
the lists it screens against; a word absent from SDN is treated as maximally rare. A pair is
predicted a match when its score is >= the threshold (DEFAULT_THRESHOLD unless --threshold).

Run from the repository root:  python bench/name_pairs.py [--threshold 80] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from exportscreen.parties import DEFAULT_THRESHOLD, Matcher
from exportscreen.parties.importers.ofac import load_sdn

DATA = Path("/work/shared/data")
COMPANY_SCHEMAS = {"Company", "Organization", "LegalEntity"}
SCHEMA_TYPES = {
    "Company": "company",
    "Organization": "organization",
    "LegalEntity": "unknown",
    "Person": "person",
    "Vessel": "vessel",
}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, truth: bool, predicted: bool, line: str) -> None:
        if truth and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.errors.append("FP " + line)
        elif truth:
            self.fn += 1
            self.errors.append("FN " + line)
        else:
            self.tn += 1

    def row(self, label: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        n = self.tp + self.fp + self.fn + self.tn
        return f"{label:<24}{n:>6}{precision:>11.3f}{recall:>9.3f}{f1:>7.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=DATA / "name-pairs" / "cases.csv")
    parser.add_argument("--sdn", type=Path, default=DATA / "ofac-sdn-2021" / "sdn.csv")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--errors", action="store_true", help="print every misclassified pair")
    args = parser.parse_args()

    started = time.perf_counter()
    matcher = Matcher(load_sdn(args.sdn))
    groups = {"company/organisation": Counts(), "person": Counts(), "vessel": Counts()}
    with args.cases.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            schema = row["schema"]
            hit = matcher.score_names(
                row["name1"], row["name2"], candidate_type=SCHEMA_TYPES.get(schema, "unknown")
            )
            group = (
                "company/organisation"
                if schema in COMPANY_SCHEMAS
                else "vessel"
                if schema == "Vessel"
                else "person"
            )
            truth = row["is_match"].strip().lower() == "true"
            line = f"{hit.score:5.1f} {schema}: {row['name1']!r} / {row['name2']!r} | {hit.parts}"
            groups[group].add(truth, hit.score >= args.threshold, line)

    print(f"threshold {args.threshold:g}; background rarity: {args.sdn}")
    print(f"{'group':<24}{'pairs':>6}{'precision':>11}{'recall':>9}{'F1':>7}")
    for label, counts in groups.items():
        print(counts.row(label))
    print(f"elapsed {time.perf_counter() - started:.1f} s")
    if args.errors:
        for label, counts in groups.items():
            print(f"\n## {label}")
            print("\n".join(sorted(counts.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
