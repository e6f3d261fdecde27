"""Alias recall and false-positive rate of the party matcher on the 2021 OFAC SDN list.

Protocol: a Matcher is built from sdn.csv primary names only (no aliases). Every alias (alt.csv)
of an entity-type entry (SDN_Type `-0-`) is a query; it is *found* when its own ent_num is among
the hits at or above the threshold. Every name in negatives-dev.csv (2,800 company names on no
list) is queried with its country; the false-positive rate is the share of negatives with any
hit at or above the threshold. The script also sweeps thresholds and reports the best recall at
FPR <= 2%. With --nomenklatura, OpenSanctions' logic-v2 (if importable) rescores the top 40
candidates of a rapidfuzz WRatio pre-selection for a side-by-side figure.

Recall is computed from every voted candidate's score (so thresholds can be swept); the line "as
deployed" repeats the alias queries through `search` with its default floor, as `check` and
`screen` run it, which skips candidates whose vote-based estimate is far below the floor.

With --split, the aliases are also scored in two halves by ent_num parity (even: the half used
for tuning; odd: held out, never looked at while tuning) and the negatives by row parity.

Run from the repository root:  python bench/ofac_aliases.py [--threshold 80] [--split]
[--nomenklatura]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from exportscreen.parties import DEFAULT_THRESHOLD, Matcher, PartyRecord
from exportscreen.parties.importers.ofac import load_sdn
from exportscreen.parties.normalize import normalize_name

DATA = Path("/work/shared/data")
FPR_BUDGET = 0.02


def alias_queries(sdn: Path, records: Sequence[PartyRecord]) -> list[tuple[str, str]]:
    entities = {r.entity_id for r in records if r.type == "organization"}
    queries: list[tuple[str, str]] = []
    with sdn.with_name("alt.csv").open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 4 and row[0].strip() in entities:
                queries.append((row[3].strip(), row[0].strip()))
    return queries


def half(entity_id: str) -> int:
    """Deterministic split for --split: 0 = tuning half (even ent_num), 1 = held-out half."""
    return int(entity_id) % 2 if entity_id.isdigit() else 1


def negatives(path: Path) -> list[tuple[str, str | None]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["name"], r["country"] or None) for r in csv.DictReader(handle)]


def sweep(positive_scores: list[float], negative_scores: list[float]) -> tuple[float, float, float]:
    """Best (recall, fpr, threshold) with fpr <= FPR_BUDGET, thresholds on a 0.5 grid."""
    best = (0.0, 0.0, 100.0)
    for step in range(0, 201):
        threshold = step / 2
        fpr = sum(s >= threshold for s in negative_scores) / len(negative_scores)
        if fpr > FPR_BUDGET:
            continue
        recall = sum(s >= threshold for s in positive_scores) / len(positive_scores)
        if recall > best[0]:
            best = (recall, fpr, threshold)
    return best


def evaluate(
    label: str,
    own_score: Callable[[str, str], float],
    any_score: Callable[[str, str | None], float],
    queries: list[tuple[str, str]],
    negative_names: list[tuple[str, str | None]],
    threshold: float,
) -> None:
    started = time.perf_counter()
    positive_scores = [own_score(q, ent) for q, ent in queries]
    negative_scores = [any_score(n, c) for n, c in negative_names]
    elapsed = time.perf_counter() - started
    recall = sum(s >= threshold for s in positive_scores) / len(positive_scores)
    fpr = sum(s >= threshold for s in negative_scores) / len(negative_scores)
    best_recall, best_fpr, best_threshold = sweep(positive_scores, negative_scores)
    print(
        f"{label:<34}{threshold:>6.1f}{recall:>8.3f}{fpr:>7.3f}"
        f"{best_recall:>10.3f}{best_fpr:>7.3f}{best_threshold:>7.1f}{elapsed:>8.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdn", type=Path, default=DATA / "ofac-sdn-2021" / "sdn.csv")
    parser.add_argument("--negatives", type=Path, default=DATA / "negatives-dev.csv")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument(
        "--nomenklatura", action="store_true", help="also run logic-v2 when importable (slow)"
    )
    parser.add_argument("--misses", type=int, default=0, help="print N missed aliases")
    parser.add_argument("--false-positives", action="store_true", help="print alerting negatives")
    parser.add_argument(
        "--shapes",
        action="store_true",
        help="break recall and false positives down by what a name shares with the list name",
    )
    parser.add_argument(
        "--split",
        action="store_true",
        help="also report the tuning half (even ent_num, negatives at even rows) and the "
        "held-out half (odd) separately",
    )
    args = parser.parse_args()

    records = load_sdn(args.sdn, with_aliases=False)
    started = time.perf_counter()
    matcher = Matcher(records)
    build = time.perf_counter() - started
    queries = alias_queries(args.sdn, records)
    negative_names = negatives(args.negatives)
    print(
        f"{len(records)} SDN entries (no aliases), index built in {build:.2f} s; "
        f"{len(queries)} entity aliases; {len(negative_names)} negatives"
    )

    def own_score(query: str, entity_id: str) -> float:
        for hit in matcher.search(query, limit=50, min_score=0.0):
            if hit.entity_id == entity_id:
                return hit.score
        return 0.0

    def any_score(name: str, country: str | None) -> float:
        hits = matcher.search(name, country=country, limit=1, min_score=0.0)
        return hits[0].score if hits else 0.0

    print(
        f"{'matcher':<34}{'thr':>6}{'recall':>8}{'FPR':>7}"
        f"{'best@2%':>10}{'FPR':>7}{'at thr':>7}{'secs':>8}"
    )
    evaluate("exportscreen", own_score, any_score, queries, negative_names, args.threshold)
    # As deployed: `check` and `screen` search with the default floor, which skips candidates
    # whose vote-based estimate is far below it (the rows above score every voted candidate).
    started = time.perf_counter()
    found = sum(
        any(h.entity_id == entity_id and h.score >= args.threshold for h in matcher.search(q))
        for q, entity_id in queries
    )
    print(
        f"{'  as deployed (default floor)':<34}{args.threshold:>6.1f}{found / len(queries):>8.3f}"
        f"{'':>7}{'':>10}{'':>7}{'':>7}{time.perf_counter() - started:>8.1f}"
    )
    if args.split:
        for label, parity in (("  tuning half (even ent_num)", 0), ("  held-out half (odd)", 1)):
            evaluate(
                label,
                own_score,
                any_score,
                [(q, e) for q, e in queries if half(e) == parity],
                [n for k, n in enumerate(negative_names) if k % 2 == parity],
                args.threshold,
            )

    if args.misses or args.false_positives:
        # With --split, errors are shown from the tuning half only: the held-out half stays unseen.
        report_errors(
            matcher,
            [(q, e) for q, e in queries if half(e) == 0] if args.split else queries,
            negative_names[::2] if args.split else negative_names,
            args.threshold,
            args.misses,
            args.false_positives,
        )
    if args.shapes:
        report_shapes(matcher, queries, negative_names, args.threshold)
    if args.nomenklatura:
        run_nomenklatura(records, queries, negative_names)
    return 0


def report_errors(
    matcher: Matcher,
    queries: list[tuple[str, str]],
    negative_names: list[tuple[str, str | None]],
    threshold: float,
    misses: int,
    false_positives: bool,
) -> None:
    shown = 0
    by_id = {r.entity_id: r for r in matcher.index.records}
    for query, entity_id in queries:
        hits = matcher.search(query, limit=50, min_score=threshold)
        if any(h.entity_id == entity_id for h in hits) or shown >= misses:
            continue
        shown += 1
        own = [
            h for h in matcher.search(query, limit=50, min_score=0.0) if h.entity_id == entity_id
        ]
        detail = f"{own[0].score:5.1f} {own[0].parts}" if own else "  not a candidate"
        print(f"MISS {query!r} -> {by_id[entity_id].names[0]!r}: {detail}")
    if false_positives:
        for name, country in negative_names:
            hits = matcher.search(name, country=country, limit=1, min_score=threshold)
            if hits:
                print(f"FP {hits[0].score:5.1f} {hits[0].explanation}")


SHAPES = ("rarest word", "other rare word", "common words only", "nothing")
RARE_SHARE = 0.01  # a word in at most 1 % of the list's names counts as rare


def shape(matcher: Matcher, query: str, names: Sequence[str]) -> str:
    """What the query shares with the best of `names`, in the matcher's own terms (token
    credits, so typos and transliterations count): the list name's rarest word, another rare
    word, only common words, or nothing."""
    index = matcher.index
    rare = math.log((len(index.names) + 1) / (RARE_SHARE * len(index.names) + 0.5))
    normalized = normalize_name(query)
    credits = index.query_credits(normalized)
    best = len(SHAPES) - 1
    for name in names:
        tokens = normalize_name(name).tokens
        if not tokens:
            continue
        rarest = max(tokens, key=index.weight)
        shared = {c for q in normalized.tokens for c in tokens if credits.get(q, {}).get(c)}
        if rarest in shared:
            return SHAPES[0]
        if any(index.weight(t) >= rare for t in shared):
            best = min(best, 1)
        elif shared:
            best = min(best, 2)
    return SHAPES[best]


def report_shapes(
    matcher: Matcher,
    queries: list[tuple[str, str]],
    negative_names: list[tuple[str, str | None]],
    threshold: float,
) -> None:
    """Recall and false positives by shape, and the best recall any per-shape thresholds on
    these scores could reach at FPR <= 2 %: a ceiling for re-weighting by shape."""
    by_id = {r.entity_id: r for r in matcher.index.records}
    positives: dict[str, list[float]] = {s: [] for s in SHAPES}
    for query, entity_id in queries:
        hits = matcher.search(query, limit=50, min_score=0.0)
        own = next((h.score for h in hits if h.entity_id == entity_id), 0.0)
        positives[shape(matcher, query, by_id[entity_id].names)].append(own)
    negatives: dict[str, list[float]] = {s: [] for s in SHAPES}
    for name, country in negative_names:
        hits = matcher.search(name, country=country, limit=1, min_score=0.0)
        kind = shape(matcher, name, [hits[0].name]) if hits else SHAPES[-1]
        negatives[kind].append(hits[0].score if hits else 0.0)
    print(
        f"{'shared with the list name':<28}{'aliases':>9}{'share':>7}{'recall':>8}"
        f"{'negatives':>11}{'alerting':>10}"
    )
    for kind in SHAPES:
        pos, neg = positives[kind], negatives[kind]
        found = sum(s >= threshold for s in pos)
        print(
            f"{kind:<28}{len(pos):>9}{len(pos) / len(queries):>7.3f}"
            f"{found / max(1, len(pos)):>8.3f}{len(neg):>11}{sum(s >= threshold for s in neg):>10}"
        )
    # Best recall with one threshold per shape, total FPR within budget (greedy over a grid:
    # lower whichever shape's threshold buys the most recall per false positive).
    grid = [step / 2 for step in range(200, -1, -1)]
    chosen = dict.fromkeys(SHAPES, 0)  # index into grid: threshold 100 to start
    budget = int(FPR_BUDGET * len(negative_names))

    def counts(kind: str, position: int) -> tuple[int, int]:
        cut = grid[position]
        return (
            sum(s >= cut for s in positives[kind]),
            sum(s >= cut for s in negatives[kind]),
        )

    while True:
        spent = sum(counts(k, chosen[k])[1] for k in SHAPES)
        best: tuple[float, str, int] | None = None
        for kind in SHAPES:
            found, false = counts(kind, chosen[kind])
            for position in range(chosen[kind] + 1, len(grid)):
                more, extra = counts(kind, position)
                if more == found:
                    continue
                if spent + extra - false > budget:
                    break
                gain = (more - found) / (extra - false + 0.5)
                if best is None or gain > best[0]:
                    best = (gain, kind, position)
                break
        if best is None:
            break
        chosen[best[1]] = best[2]
    recall = sum(counts(k, chosen[k])[0] for k in SHAPES) / len(queries)
    fpr = sum(counts(k, chosen[k])[1] for k in SHAPES) / len(negative_names)
    thresholds = ", ".join(f"{k} {grid[chosen[k]]:g}" for k in SHAPES)
    print(
        f"best recall with a threshold per shape at FPR <= {FPR_BUDGET:.0%}: {recall:.3f} "
        f"(FPR {fpr:.3f}; {thresholds})"
    )


def run_nomenklatura(
    records: Sequence[PartyRecord],
    queries: list[tuple[str, str]],
    negative_names: list[tuple[str, str | None]],
) -> None:
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
        from rapidfuzz import process
        from rapidfuzz.fuzz import WRatio
    except ImportError as exc:
        print(f"nomenklatura logic-v2 skipped: {exc}")
        return
    print("nomenklatura logic-v2 over the top-40 WRatio candidates (threshold 0.70 -> 70):")
    names = [r.names[0] for r in records]
    entities = []
    for r in records:
        entity = model.make_entity("Organization" if r.type == "organization" else "LegalEntity")
        entity.id = f"ofac-{r.entity_id}"
        entity.add("name", r.names[0])
        entities.append(entity)
    config = LogicV2.default_config()

    probes = itertools.count()

    def top(query: str, country: str | None) -> list[tuple[float, str]]:
        probe = model.make_entity("Organization")
        probe.id = f"query-{next(probes)}"  # logic-v2 caches name comparisons by entity id
        probe.add("name", query)
        if country:
            probe.add("country", country.lower())
        found = process.extract(query, names, scorer=WRatio, limit=40)
        out = []
        for _name, _score, position in found:
            result = LogicV2.compare(probe, entities[position], config)
            out.append((100.0 * result.score, records[position].entity_id))
        return out

    def own_score(query: str, entity_id: str) -> float:
        return max((s for s, e in top(query, None) if e == entity_id), default=0.0)

    def any_score(name: str, country: str | None) -> float:
        return max((s for s, _ in top(name, country)), default=0.0)

    evaluate("nomenklatura logic-v2 (top-40)", own_score, any_score, queries, negative_names, 70.0)


if __name__ == "__main__":
    sys.exit(main())
