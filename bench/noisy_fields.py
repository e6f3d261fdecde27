"""Recall and alert rate on consignee fields that write a place or an address after the name.

Brokers' data often joins a party name and its place with spaces, parentheses or a dash:
`LOCKHEED MARTIN CORPORATION USA`, `ACME (GERMANY)`, `ACME - HAMBURG`, `ACME 12 Lenin St Moscow`.

Protocol: a Matcher is built from the 2021 OFAC SDN list with aliases, as deployed. Listed
fields: primary names of entity entries (SDN_Type `-0-`) that have an address in `add.csv`,
followed by *their own* address in five shapes (below). Negative fields: every name of
`negatives-dev.csv` (ordinary Faker names and hard negatives, reported apart) followed by the
address of a random SDN entry in the same shapes. Each field goes through
`Matcher.search_field`, as `check` and `screen` do. A listed field is *found* when its own entry
alerts at the threshold; a negative field *alerts* when anything does. The `plain` row is the
name alone, for comparison.

Run from the repository root:  python bench/noisy_fields.py [--threshold 75] [--entities 800]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path
from typing import NamedTuple

from exportscreen.countries import find_country
from exportscreen.parties import DEFAULT_THRESHOLD, Matcher
from exportscreen.parties.importers.ofac import load_sdn

DATA = Path("/work/shared/data")
SEED = 20210701
EMPTY = "-0-"

SHAPES = (
    ("plain", "{name}"),
    ("NAME CITY", "{name} {city}"),
    ("NAME COUNTRY", "{name} {country}"),
    ("NAME (COUNTRY)", "{name} ({country})"),
    ("NAME - CITY", "{name} - {city}"),
    ("NAME STREET NO CITY", "{name} {street} {city}"),
)


class Address(NamedTuple):
    street: str  # joined by spaces, as one line of a consignee field
    city: str  # without its postcode
    country: str


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == EMPTY else value


def addresses(path: Path) -> dict[str, Address]:
    """ent_num -> its first address with a street, a city and a country."""
    found: dict[str, Address] = {}
    with path.open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 5 or row[0].strip() in found:
                continue
            street, city, country = (_clean(v) for v in row[2:5])
            city = " ".join(w for w in city.split() if not any(ch.isdigit() for ch in w))
            if not street or not city or not country or street.casefold().startswith("c/o"):
                continue
            street = " ".join(street.replace(",", " ").split())
            found[row[0].strip()] = Address(street, city.strip(" ,"), country)
    return found


def country_code(text: str) -> str | None:
    country = find_country(text)
    return None if country is None else country.alpha2


def fill(template: str, name: str, address: Address) -> str:
    return template.format(
        name=name, street=address.street, city=address.city, country=address.country
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdn", type=Path, default=DATA / "ofac-sdn-2021" / "sdn.csv")
    parser.add_argument("--negatives", type=Path, default=DATA / "negatives-dev.csv")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument(
        "--entities", type=int, default=800, help="listed entities sampled (0: all)"
    )
    parser.add_argument("--no-country", action="store_true", help="screen without a country")
    parser.add_argument("--misses", type=int, default=0, help="print N missed fields per shape")
    args = parser.parse_args()

    records = load_sdn(args.sdn)
    matcher = Matcher(records)
    where = addresses(args.sdn.with_name("add.csv"))
    rng = random.Random(SEED)
    listed = [r for r in records if r.type == "organization" and r.entity_id in where]
    if args.entities and args.entities < len(listed):
        listed = rng.sample(listed, args.entities)
    with args.negatives.open(encoding="utf-8", newline="") as handle:
        negatives = [(r["name"], r["source"], r["country"]) for r in csv.DictReader(handle)]
    pool = sorted(where.values())
    random_address = [rng.choice(pool) for _ in negatives]
    print(
        f"{len(records)} SDN entries with aliases; {len(listed)} listed entities with an "
        f"address; {len(negatives)} negative names; threshold {args.threshold:g}; "
        f"{'no country' if args.no_country else 'with the consignee country'}"
    )
    print(f"{'shape':<22}{'recall':>8}{'ordinary alert':>16}{'hard alert':>12}{'s':>7}")
    for label, template in SHAPES:
        started = time.perf_counter()
        found = 0
        missed: list[str] = []
        for record in listed:
            field = fill(template, record.names[0], where[record.entity_id])
            code = None if args.no_country else country_code(where[record.entity_id].country)
            hits = matcher.search_field(field, country=code, min_score=args.threshold)
            if any(h.entity_id == record.entity_id for h in hits):
                found += 1
            elif len(missed) < args.misses:
                missed.append(field)
        alerts = {"ordinary": 0, "hard": 0}
        totals = {"ordinary": 0, "hard": 0}
        for (name, source, own), address in zip(negatives, random_address, strict=True):
            group = "hard" if source == "hard-negative" else "ordinary"
            totals[group] += 1
            field = fill(template, name, address)
            code = None if args.no_country else country_code(own)
            alerts[group] += bool(
                matcher.search_field(field, country=code, min_score=args.threshold)
            )
        print(
            f"{label:<22}{found / len(listed):>8.3f}"
            f"{alerts['ordinary'] / totals['ordinary']:>16.3f}"
            f"{alerts['hard'] / totals['hard']:>12.3f}{time.perf_counter() - started:>7.1f}"
        )
        for field in missed:
            print("    missed:", " ".join(field.split()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
