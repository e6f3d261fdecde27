"""A learned, calibrated final score over the evidence the matcher already computes.

The hand-tuned score adds a name resemblance and a few adjustments. A gradient-boosted model
(trained by `tools/train_scorer.py` on the 2021 OFAC dev data, never on the figures reported)
reads the same evidence per candidate (score parts, alignment, word rarity, rank among the
candidates, a few rapidfuzz ratios) and returns a probability that the candidate is the party
the query names. The trees ship as a small JSON file (`exportscreen/data/party_scorer.json`)
and are evaluated here in plain Python: inference needs neither LightGBM nor numpy.

Each probability comes with its largest feature contributions (the change in log-odds along
each tree's path, attributed to the feature split on), so an analyst sees why.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from rapidfuzz import fuzz

from exportscreen.parties import legal_forms as lf
from exportscreen.parties import spelling as sp
from exportscreen.parties.index import NameIndex
from exportscreen.parties.matcher import PartyHit
from exportscreen.parties.normalize import normalize_name

PART_FEATURES = ("name", "legal_form", "digits", "place", "country", "type", "one_word", "cut")
FEATURES = (
    "score",
    *(f"part_{p}" for p in PART_FEATURES),
    "aligned",
    "query_words",
    "list_words",
    "query_unmatched",
    "list_unmatched",
    "query_weight_matched",
    "list_weight_matched",
    "rarest_list_weight",
    "rarest_matched_weight",
    "rarest_unmatched_query_weight",
    "query_unmatched_weight",
    "list_unmatched_weight",
    "exact_pairs",
    "spelling_pairs",
    "other_inexact_pairs",
    "mean_credit",
    "query_legal_form",
    "list_legal_form",
    "rarest_list_word_matched",
    "query_generic_unmatched",
    "list_generic_unmatched",
    "query_rare_unmatched",
    "list_rare_unmatched",
    "rank",
    "gap_to_best",
    "token_set_ratio",
    "token_sort_ratio",
    "partial_ratio",
    "ratio",
)
MODEL_FILE = "party_scorer.json"


def features(
    query: str, hit: PartyHit, index: NameIndex, rank: int, best_score: float
) -> list[float]:
    """The model's inputs for one candidate, in FEATURES order."""
    q = normalize_name(query)
    c = normalize_name(hit.name)
    matched_q = {word for pair in hit.aligned for word in pair[0].split()}
    matched_c = {word for pair in hit.aligned for word in pair[1].split()}
    q_weights = {t: index.weight(t) for t in q.tokens}
    c_weights = {t: index.weight(t) for t in c.tokens}
    q_total = sum(q_weights.values()) or 1.0
    c_total = sum(c_weights.values()) or 1.0
    unmatched_q = [w for t, w in q_weights.items() if t not in matched_q]
    a, b = " ".join(q.tokens), " ".join(c.tokens)
    exact = spelling = other = 0
    credits = []
    for query_word, list_word in hit.aligned:
        if query_word == list_word:
            exact += 1
            credits.append(1.0)
        elif (
            " " not in query_word
            and " " not in list_word
            and (credit := sp.spelling_credit(query_word, list_word))
        ):
            spelling += 1
            credits.append(credit)
        else:
            other += 1
            credits.append(sp.token_credit(query_word, list_word))
    return [
        hit.score,
        *(hit.parts.get(p, 0.0) for p in PART_FEATURES),
        float(len(hit.aligned)),
        float(len(q.tokens)),
        float(len(c.tokens)),
        float(sum(t not in matched_q for t in q.tokens)),
        float(sum(t not in matched_c for t in c.tokens)),
        sum(w for t, w in q_weights.items() if t in matched_q) / q_total,
        sum(w for t, w in c_weights.items() if t in matched_c) / c_total,
        max(c_weights.values(), default=0.0),
        max((w for t, w in c_weights.items() if t in matched_c), default=0.0),
        max(unmatched_q, default=0.0),
        sum(unmatched_q),
        sum(w for t, w in c_weights.items() if t not in matched_c),
        float(exact),
        float(spelling),
        float(other),
        sum(credits) / len(credits) if credits else 0.0,
        float(bool(q.legal_forms)),
        float(bool(c.legal_forms)),
        float(bool(c.tokens) and max(c.tokens, key=c_weights.__getitem__) in matched_c),
        float(sum(_generic(t) for t in q.tokens if t not in matched_q)),
        float(sum(_generic(t) for t in c.tokens if t not in matched_c)),
        float(sum(not _generic(t) for t in q.tokens if t not in matched_q)),
        float(sum(not _generic(t) for t in c.tokens if t not in matched_c)),
        float(rank),
        best_score - hit.score,
        fuzz.token_set_ratio(a, b),
        fuzz.token_sort_ratio(a, b),
        fuzz.partial_ratio(a, b),
        fuzz.ratio(a, b),
    ]


def _generic(word: str) -> bool:
    """A word for a kind of body or activity, in any language the tables know (BANK, BANCO,
    TRADING, SOCIETY), or a legal-form word: it says little about which party is meant."""
    return word in lf.EQUIVALENT_GROUPS or word in lf.KIND_WORDS or word in lf.LEGAL_WORDS


@dataclass(frozen=True)
class Judgement:
    """The model's probability for one candidate, and the features that moved it most."""

    probability: float
    contributions: tuple[tuple[str, float], ...]  # (feature, change in log-odds), largest first


class TreeModel:
    """Gradient-boosted trees as exported by tools/train_scorer.py, with Platt calibration."""

    def __init__(self, data: dict[str, Any]) -> None:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("the model file was trained on other features than this code reads")
        self.trees: list[dict[str, list[Any]]] = data["trees"]
        self.base = float(data.get("base", 0.0))
        self.slope = float(data["calibration"]["slope"])
        self.intercept = float(data["calibration"]["intercept"])
        self.thresholds: dict[str, float] = data["thresholds"]
        self.meta: dict[str, Any] = data.get("meta", {})

    def raw(self, row: Sequence[float]) -> tuple[float, list[float]]:
        """Log-odds before calibration, and per-feature path contributions."""
        total = self.base
        contributions = [0.0] * len(FEATURES)
        for tree in self.trees:
            feature, threshold = tree["feature"], tree["threshold"]
            left, right, value = tree["left"], tree["right"], tree["value"]
            node = 0
            while feature[node] >= 0:
                child = left[node] if row[feature[node]] <= threshold[node] else right[node]
                contributions[feature[node]] += value[child] - value[node]
                node = child
            total += value[node]  # = the root's value plus this tree's contributions
        return total, contributions

    def judge(self, row: Sequence[float], top: int = 3) -> Judgement:
        raw, contributions = self.raw(row)
        probability = 1.0 / (1.0 + math.exp(-(self.slope * raw + self.intercept)))
        ranked = sorted(
            ((FEATURES[i], round(self.slope * v, 3)) for i, v in enumerate(contributions) if v),
            key=lambda item: -abs(item[1]),
        )
        return Judgement(round(probability, 4), tuple(ranked[:top]))


@cache
def shipped_model() -> TreeModel:
    """The model shipped with the package."""
    text = files("exportscreen.data").joinpath(MODEL_FILE).read_text("utf-8")
    return TreeModel(json.loads(text))
