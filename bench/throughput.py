"""Index build time and query throughput against the full 2021 OFAC SDN list (with aliases).

Queries: 10,000 distinct consignee names generated deterministically (random.Random(seed)):
half are perturbed SDN names/aliases (a dropped or swapped letter, a dropped word, a legal form
added or removed, punctuation or case changed), half are negatives-dev.csv names, as written and
perturbed the same way. The brute-force baseline, rapidfuzz
`process.extractOne(q, all_names, scorer=WRatio)`, runs on a sample of the same queries (it is
too slow for all of them) and its rate is extrapolated; the sample size is printed.

Run from the repository root:  python bench/throughput.py [--queries 10000] [--sample 200]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.fuzz import WRatio

from exportscreen.parties import Matcher
from exportscreen.parties.importers.ofac import load_sdn

DATA = Path("/work/shared/data")
LEGAL_FORMS = ("LLC", "Ltd.", "Co., Ltd.", "GmbH", "S.A.", "JSC", "Corp.", "Inc.")


def perturb(name: str, rng: random.Random) -> str:
    words = name.split()
    choice = rng.randrange(6)
    if choice == 0 and len(words) > 2:
        del words[rng.randrange(len(words))]
    elif choice == 1:
        word = rng.randrange(len(words))
        w = words[word]
        if len(w) > 3:
            i = rng.randrange(len(w) - 1)
            words[word] = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    elif choice == 2:
        word = rng.randrange(len(words))
        w = words[word]
        if len(w) > 4:
            i = rng.randrange(len(w))
            words[word] = w[:i] + w[i + 1 :]
    elif choice == 3:
        words.append(rng.choice(LEGAL_FORMS))
    elif choice == 4:
        return "-".join(words).title()
    else:
        return " ".join(words).lower().replace(",", "")
    return " ".join(words)


def make_queries(
    list_names: list[str], negative_names: list[str], count: int, seed: int
) -> list[str]:
    rng = random.Random(seed)
    queries: set[str] = set()
    ordered: list[str] = []

    def add(name: str) -> None:
        if name and name not in queries:
            queries.add(name)
            ordered.append(name)

    for name in negative_names:
        if len(ordered) >= count // 2:
            break
        add(name)
    while len(ordered) < count // 2:
        add(perturb(rng.choice(negative_names), rng))
    while len(ordered) < count:
        add(perturb(rng.choice(list_names), rng))
    rng.shuffle(ordered)
    return ordered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdn", type=Path, default=DATA / "ofac-sdn-2021" / "sdn.csv")
    parser.add_argument("--negatives", type=Path, default=DATA / "negatives-dev.csv")
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200, help="brute-force sample size")
    parser.add_argument("--seed", type=int, default=20210701)
    args = parser.parse_args()

    started = time.perf_counter()
    records = load_sdn(args.sdn)
    loaded = time.perf_counter()
    matcher = Matcher(records)
    built = time.perf_counter()
    all_names = [name for record in records for name in record.names]
    with args.negatives.open(encoding="utf-8", newline="") as handle:
        negative_names = [row["name"] for row in csv.DictReader(handle)]
    queries = make_queries(all_names, negative_names, args.queries, args.seed)

    begin = time.perf_counter()
    alerts = 0
    for query in queries:
        alerts += bool(matcher.search(query))
    ours = len(queries) / (time.perf_counter() - begin)

    sample = queries[:: max(1, len(queries) // args.sample)][: args.sample]
    begin = time.perf_counter()
    for query in sample:
        process.extractOne(query, all_names, scorer=WRatio)
    brute = len(sample) / (time.perf_counter() - begin)

    print(f"{len(records)} SDN entries, {len(all_names)} names and aliases")
    print(f"{'measure':<44}{'value':>12}")
    print(f"{'load sdn/alt/add.csv (s)':<44}{loaded - started:>12.2f}")
    print(f"{'index build (s)':<44}{built - loaded:>12.2f}")
    print(f"{'queries':<44}{len(queries):>12}")
    print(f"{'queries with a hit >= review threshold':<44}{alerts:>12}")
    print(f"{'exportscreen queries/s':<44}{ours:>12.0f}")
    print(f"{f'brute-force WRatio queries/s ({len(sample)} sampled)':<44}{brute:>12.1f}")
    print(f"{'speed-up':<44}{ours / brute:>11.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
