"""The learned scorer's inference side (issue 15, items 1-2): features and tree evaluation,
without the training stack. Training runs in tools/train_scorer.py, not in tests."""

from __future__ import annotations

import math

import pytest

from exportscreen.parties import Matcher
from exportscreen.parties.learned import FEATURES, TreeModel, features


def _model(trees: list[dict[str, list[float]]]) -> TreeModel:
    return TreeModel(
        {
            "features": list(FEATURES),
            "trees": trees,
            "calibration": {"slope": 1.0, "intercept": 0.0},
            "thresholds": {"alert": 0.5},
        }
    )


SCORE = FEATURES.index("score")
RANK = FEATURES.index("rank")
# Two stumps: a high hand-tuned score raises the log-odds, a low rank (best candidate) too.
TREES = [
    {
        "feature": [SCORE, -1, -1],
        "threshold": [75.0, 0, 0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "value": [0.0, -2.0, 2.0],
    },
    {
        "feature": [RANK, -1, -1],
        "threshold": [0.5, 0, 0],
        "left": [1, 0, 0],
        "right": [2, 0, 0],
        "value": [0.0, 0.5, -0.5],
    },
]


def test_trees_are_walked_and_calibrated() -> None:
    row = [0.0] * len(FEATURES)
    row[SCORE], row[RANK] = 90.0, 0.0
    judgement = _model(TREES).judge(row)
    assert judgement.probability == pytest.approx(1 / (1 + math.exp(-2.5)), abs=1e-4)
    # Contributions explain the log-odds, largest first.
    assert judgement.contributions == (("score", 2.0), ("rank", 0.5))
    row[SCORE] = 60.0
    assert _model(TREES).judge(row).probability < 0.5


def test_a_model_for_other_features_is_refused() -> None:
    with pytest.raises(ValueError, match="other features"):
        TreeModel({"features": ["score"], "trees": [], "calibration": {}, "thresholds": {}})


def test_features_are_read_from_a_hit(matcher: Matcher) -> None:
    hits = matcher.search("LOCKHEED MARTIN CORP", limit=3)
    row = features("LOCKHEED MARTIN CORP", hits[0], matcher.index, 0, hits[0].score)
    assert len(row) == len(FEATURES)
    named = dict(zip(FEATURES, row, strict=True))
    assert named["score"] == hits[0].score
    assert named["exact_pairs"] == 2  # lockheed, martin
    assert named["query_legal_form"] == named["list_legal_form"] == 1.0
