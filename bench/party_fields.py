"""Recall and false alerts on party fields that hold more than a name.

Consignee fields on bills of lading and invoices name a party acting for another ("X C/O Y",
"X ON BEHALF OF Y", "TO THE ORDER OF Y") or carry the address after the name, on the same line
or on the next ones. A listed party written behind an innocent one is the smuggler's oldest trick.

Protocol: a Matcher is built from the 2021 OFAC SDN list with aliases, as deployed. Listed names
are the primary names of entity entries (SDN_Type `-0-`); innocent names are the Faker company
names of negatives-dev.csv; addresses are the entries' own addresses from add.csv (street, city,
country). Each template is filled deterministically, once per listed entry that has what it
needs, and queried two ways: as one name (`Matcher.search`) and as a party field
(`Matcher.search_field`, which screens every name in the field). A listed field is *found* when
its own entry alerts at the threshold; a field made only of innocent names (and an address of
some listed entry) is a *false alert* when anything alerts.

Run from the repository root:  python bench/party_fields.py [--threshold 75]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

from exportscreen.parties import DEFAULT_THRESHOLD, Matcher
from exportscreen.parties.importers.ofac import load_sdn

DATA = Path("/work/shared/data")
SEED = 20210701

# (label, template): {listed} / {other} are names, {address} an address on one line, {lines}
# the address on lines of its own.
TEMPLATES = (
    ("innocent C/O listed", "{other} C/O {listed}"),
    ("innocent ON BEHALF OF listed", "{other} ON BEHALF OF {listed}"),
    ("TO THE ORDER OF listed", "TO THE ORDER OF {listed}"),
    ("listed, address", "{listed}, {address}"),
    ("listed + address lines", "{listed}\n{lines}"),
    ("innocent / listed", "{other} / {listed}"),
)


def addresses(path: Path) -> dict[str, tuple[str, str]]:
    """ent_num -> (address on one line, address on lines), for entries with a street."""
    found: dict[str, tuple[str, str]] = {}
    with path.open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 5 or row[0].strip() in found:
                continue
            parts = [p.strip() for p in row[2:5] if p.strip() and p.strip() != "-0-"]
            street = row[2].strip()
            if street in ("", "-0-") or street.lower().startswith("c/o") or len(parts) < 2:
                continue
            found[row[0].strip()] = (", ".join(parts), "\n".join(parts))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdn", type=Path, default=DATA / "ofac-sdn-2021" / "sdn.csv")
    parser.add_argument("--negatives", type=Path, default=DATA / "negatives-dev.csv")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()

    records = load_sdn(args.sdn)
    matcher = Matcher(records)
    where = addresses(args.sdn.with_name("add.csv"))
    with args.negatives.open(encoding="utf-8", newline="") as handle:
        innocent = [r["name"] for r in csv.DictReader(handle) if r["source"].startswith("faker")]
    listed = [r for r in records if r.type == "organization"]
    rng = random.Random(SEED)
    print(
        f"{len(records)} SDN entries with aliases; {len(listed)} listed entity names; "
        f"{len(where)} with a street address; {len(innocent)} innocent names"
    )
    header = [("template", 30), ("fields", 7), ("as one name", 12), ("as a field", 11)]
    header += [("innocent", 9), ("alerts 1 name", 14), ("as field", 9)]
    print(
        "".join(
            f"{label:<{size}}" if n == 0 else f"{label:>{size}}"
            for n, (label, size) in enumerate(header)
        )
    )
    started = time.perf_counter()
    for label, template in TEMPLATES:
        found_name = found_field = total = 0
        false_name = false_field = negatives = 0
        for record in listed:
            address = where.get(record.entity_id)
            if ("{address}" in template or "{lines}" in template) and address is None:
                continue
            single, lines = address or ("", "")
            fill = {"other": rng.choice(innocent), "address": single, "lines": lines}
            field = template.format(listed=record.names[0], **fill)
            total += 1
            own = record.entity_id
            found_name += any(
                h.entity_id == own for h in matcher.search(field, min_score=args.threshold)
            )
            found_field += any(
                h.entity_id == own for h in matcher.search_field(field, min_score=args.threshold)
            )
            # The same template with an innocent name where the listed one was.
            clean = template.format(listed=rng.choice(innocent), **fill)
            negatives += 1
            false_name += bool(matcher.search(clean, min_score=args.threshold))
            false_field += bool(matcher.search_field(clean, min_score=args.threshold))
        print(
            f"{label:<30}{total:>7}{found_name / total:>12.3f}{found_field / total:>11.3f}"
            f"{negatives:>9}{false_name / negatives:>14.3f}{false_field / negatives:>9.3f}"
        )
    alone = sum(bool(matcher.search(name, min_score=args.threshold)) for name in innocent)
    print(f"for scale: innocent names alone alert at a rate of {alone / len(innocent):.3f}")
    print(f"elapsed {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
