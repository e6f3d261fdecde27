"""Train the learned party scorer (exportscreen/parties/learned.py) and write its model file.

Data (2021 OFAC dev data, /work/shared/data): a Matcher is built from sdn.csv primary names
only. Positives: each alias (alt.csv) of an entity entry, against its own entry among the
matcher's top candidates. Negatives: the other candidates of the alias queries, and every
candidate of the names of negatives-dev.csv (queried with their country).

Split: entries with an even ent_num (and even rows of negatives-dev.csv) are the development
half; odd ones are held out and used only for the held-out figures, after everything is fixed.
On the development half, 5-fold cross-validation grouped by entry (an entry's aliases and
candidates never sit on both sides; each negative name is its own group) gives out-of-fold
predictions. Calibration (Platt) and the alert thresholds are set on those out-of-fold
predictions; the thresholds on negatives only: the highest recall such that at most 1 % of
ordinary (Faker) names and at most 2 % of hard negatives alert. The final model is then
trained on the whole development half with the same settings and seeds.

The script is deterministic (fixed seeds, one thread): run twice, it writes the same file.

Run from the repository root (needs lightgbm and scikit-learn, which the package does not):
    python tools/train_scorer.py [--out src/exportscreen/data/party_scorer.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from exportscreen.parties import Matcher
from exportscreen.parties.importers.ofac import load_sdn
from exportscreen.parties.learned import FEATURES, MODEL_FILE, TreeModel, features

DATA = Path("/work/shared/data")
OUT = Path(__file__).resolve().parents[1] / "src" / "exportscreen" / "data" / MODEL_FILE
SEED = 20210701
TOP = 20  # candidates per query re-ranked by the model
FLOOR = 0.0  # every voted candidate (the matcher scores at most its top 16 in full)
FOLDS = 5
BUDGET_ORDINARY, BUDGET_HARD = 0.01, 0.02
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
    # More hand-tuned score or name resemblance never lowers the probability.
    "monotone_constraints": [1 if f in ("score", "part_name") else 0 for f in FEATURES],
}
ROUNDS = 200


@dataclass
class Query:
    """One query and its candidates (feature rows), labelled."""

    kind: str  # "alias", "ordinary" or "hard"
    group: str
    held_out: bool
    rows: list[list[float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)  # hand-tuned scores


def build(matcher: Matcher, text: str, country: str | None, own: str | None, q: Query) -> Query:
    hits = matcher.search(text, country=country, limit=TOP, min_score=FLOOR)
    best = hits[0].score if hits else 0.0
    for rank, hit in enumerate(hits):
        q.rows.append(features(text, hit, matcher.index, rank, best))
        q.labels.append(int(hit.entity_id == own))
        q.scores.append(hit.score)
    return q


def load_queries(matcher: Matcher, sdn: Path, negatives: Path) -> list[Query]:
    entities = {r.entity_id for r in matcher.index.records if r.type == "organization"}
    queries: list[Query] = []
    with sdn.with_name("alt.csv").open(encoding="latin-1", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 4 and row[0].strip() in entities:
                ent = row[0].strip()
                q = Query("alias", ent, int(ent) % 2 == 1)
                queries.append(build(matcher, row[3].strip(), None, ent, q))
    with negatives.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            kind = "hard" if row["source"] == "hard-negative" else "ordinary"
            q = Query(kind, f"negative-{number}", number % 2 == 1)
            queries.append(build(matcher, row["name"], row["country"] or None, None, q))
    return queries


def stack(queries: Sequence[Query]) -> tuple[Any, Any, list[str]]:
    x = [r for q in queries for r in q.rows]
    y = [label for q in queries for label in q.labels]
    groups = [q.group for q in queries for _ in q.rows]
    return np.asarray(x, dtype=np.float64), np.asarray(y), groups


def train(x: Any, y: Any) -> lgb.Booster:
    return lgb.train(PARAMS, lgb.Dataset(x, label=y), num_boost_round=ROUNDS)


def per_query(queries: Sequence[Query], values: Any) -> list[list[float]]:
    out: list[list[float]] = []
    at = 0
    for q in queries:
        out.append([float(v) for v in values[at : at + len(q.rows)]])
        at += len(q.rows)
    return out


def operating_point(
    queries: Sequence[Query], values: Sequence[Sequence[float]]
) -> dict[str, float]:
    """Recall of aliases and alert rates of negatives at the threshold set on negatives."""

    def top(kind: str) -> list[float]:
        return sorted(
            (max(v, default=-1e9) for q, v in zip(queries, values, strict=True) if q.kind == kind),
            reverse=True,
        )

    thresholds = {}
    for kind, budget in (("ordinary", BUDGET_ORDINARY), ("hard", BUDGET_HARD)):
        tops = top(kind)
        allowed = int(budget * len(tops))  # this many may alert
        thresholds[kind] = tops[allowed] + 1e-9 if allowed < len(tops) else -1e9
    threshold = max(thresholds.values())
    return {"threshold": threshold, **evaluate(queries, values, threshold)}


def evaluate(
    queries: Sequence[Query], values: Sequence[Sequence[float]], threshold: float
) -> dict[str, float]:
    found = total = 0
    alerts = {"ordinary": [0, 0], "hard": [0, 0]}
    for q, v in zip(queries, values, strict=True):
        if q.kind == "alias":
            total += 1
            found += any(s >= threshold and lab for s, lab in zip(v, q.labels, strict=True))
        else:
            alerts[q.kind][0] += any(s >= threshold for s in v)
            alerts[q.kind][1] += 1
    return {
        "recall": found / max(total, 1),
        "ordinary_alerts": alerts["ordinary"][0] / max(alerts["ordinary"][1], 1),
        "hard_alerts": alerts["hard"][0] / max(alerts["hard"][1], 1),
    }


def export(booster: lgb.Booster) -> list[dict[str, list[Any]]]:
    """Flatten LightGBM's JSON dump to arrays: feature (-1 at a leaf), threshold, children,
    and each node's value (leaf output, or the split node's expected output)."""
    trees = []
    for info in booster.dump_model()["tree_info"]:
        tree: dict[str, list[Any]] = {
            "feature": [],
            "threshold": [],
            "left": [],
            "right": [],
            "value": [],
        }

        def walk(node: dict[str, Any], tree: dict[str, list[Any]] = tree) -> int:
            at = len(tree["feature"])
            for column in tree.values():
                column.append(0)
            if "leaf_value" in node:
                tree["feature"][at] = -1
                tree["value"][at] = round(float(node["leaf_value"]), 10)
                return at
            if node["decision_type"] != "<=":
                raise ValueError(f"unexpected split {node['decision_type']}")
            tree["feature"][at] = int(node["split_feature"])
            tree["threshold"][at] = float(node["threshold"])
            tree["value"][at] = round(float(node["internal_value"]), 10)
            tree["left"][at] = walk(node["left_child"])
            tree["right"][at] = walk(node["right_child"])
            return at

        walk(info["tree_structure"])
        trees.append(tree)
    return trees


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sdn", type=Path, default=DATA / "ofac-sdn-2021" / "sdn.csv")
    parser.add_argument("--negatives", type=Path, default=DATA / "negatives-dev.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    started = time.perf_counter()
    matcher = Matcher(load_sdn(args.sdn, with_aliases=False))
    queries = load_queries(matcher, args.sdn, args.negatives)
    dev = [q for q in queries if not q.held_out]
    held = [q for q in queries if q.held_out]
    print(f"{len(dev)} dev queries, {len(held)} held-out; {time.perf_counter() - started:.0f} s")

    # Out-of-fold predictions on the development half, grouped by entry.
    x, y, groups = stack(dev)
    oof = np.zeros(len(y))
    for train_rows, test_rows in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        oof[test_rows] = train(x[train_rows], y[train_rows]).predict(x[test_rows], raw_score=True)
    platt = LogisticRegression(C=1e6).fit(oof.reshape(-1, 1), y)
    slope, intercept = float(platt.coef_[0][0]), float(platt.intercept_[0])
    probability = 1.0 / (1.0 + np.exp(-(slope * oof + intercept)))
    learned_cv = operating_point(dev, per_query(dev, probability))
    hand_dev = operating_point(dev, [q.scores for q in dev])
    points = {
        f"{int(rate * 100)}%": operating_point_at(dev, per_query(dev, probability), rate)
        for rate in (0.01, 0.02, 0.05)
    }
    hand_points = {
        f"{int(rate * 100)}%": operating_point_at(dev, [q.scores for q in dev], rate)
        for rate in (0.01, 0.02, 0.05)
    }
    ceiling = sum(any(q.labels) for q in dev if q.kind == "alias") / sum(
        q.kind == "alias" for q in dev
    )

    booster = train(x, y)
    model = {
        "features": list(FEATURES),
        "base": 0.0,
        "trees": export(booster),
        "calibration": {"slope": round(slope, 10), "intercept": round(intercept, 10)},
        "thresholds": {"alert": round(learned_cv["threshold"], 6)},
        "meta": {
            "trained_on": "OFAC SDN 2021-07, even ent_num; negatives-dev.csv even rows",
            "rounds": ROUNDS,
            "seed": SEED,
            "top_candidates": TOP,
            "floor": FLOOR,
        },
    }
    loaded = TreeModel(model)
    # The exported trees must reproduce LightGBM's own output.
    check = booster.predict(x[:200], raw_score=True)
    mine = [loaded.raw(row)[0] for row in x[:200].tolist()]
    if max(abs(a - b) for a, b in zip(check, mine, strict=True)) > 1e-6:
        raise SystemExit("exported trees disagree with LightGBM")

    hx, _, _ = stack(held)
    held_prob = [loaded.judge(row).probability for row in hx.tolist()]
    learned_held = evaluate(held, per_query(held, held_prob), learned_cv["threshold"])
    hand_held = evaluate(held, [q.scores for q in held], hand_dev["threshold"])

    print(f"{'':34}{'threshold':>10}{'recall':>8}{'ordinary':>10}{'hard':>8}")
    for label, point in (
        ("hand-tuned score, dev (set on dev)", hand_dev),
        ("learned, dev 5-fold CV", learned_cv),
        ("hand-tuned score, held-out half", {**hand_held, "threshold": hand_dev["threshold"]}),
        ("learned, held-out half", {**learned_held, "threshold": learned_cv["threshold"]}),
    ):
        print(
            f"{label:<34}{point['threshold']:>10.4f}{point['recall']:>8.3f}"
            f"{point['ordinary_alerts']:>10.3f}{point['hard_alerts']:>8.3f}"
        )
    print(f"dev aliases with their own entry among the candidates: {ceiling:.3f}")
    print("dev, threshold set on all negatives together (learned: 5-fold CV):")
    for label, point in points.items():
        hand = hand_points[label]
        print(
            f"  {label:>4} alerts: learned {point['threshold']:.4f} recall {point['recall']:.3f}"
            f" | hand-tuned {hand['threshold']:.1f} recall {hand['recall']:.3f}"
        )
    model["meta"]["operating_points"] = {k: round(v["threshold"], 6) for k, v in points.items()}
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n")
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size:,} bytes); {time.perf_counter() - started:.0f} s")
    return 0


def operating_point_at(
    queries: Sequence[Query], values: Sequence[Sequence[float]], rate: float
) -> dict[str, float]:
    """The threshold at which `rate` of all negative names alert, and the recall there."""
    tops = sorted(
        (max(v, default=-1e9) for q, v in zip(queries, values, strict=True) if q.kind != "alias"),
        reverse=True,
    )
    allowed = int(rate * len(tops))
    threshold = tops[allowed] + 1e-9 if allowed < len(tops) else -1e9
    return {"threshold": threshold, **evaluate(queries, values, threshold)}


if __name__ == "__main__":
    sys.exit(main())
