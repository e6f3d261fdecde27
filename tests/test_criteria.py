"""Criteria: interval comparison, three-valued logic, keyword boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportscreen.classify.criteria import AllNode, AnyNode, KeywordsNode, NotNode, compare
from exportscreen.classify.facts import GoodsFacts, KeywordMatcher
from exportscreen.classify.params import Measurement


def interval(
    low: float | None, high: float | None, lo_inc: bool = True, hi_inc: bool = True
) -> Measurement:
    return Measurement(
        "fraction",
        low,
        high,
        lo_inc and low is not None,
        hi_inc and high is not None,
        "purity",
        None,
        "%",
        "",
        0,
        0,
    )


@pytest.mark.parametrize(
    ("measured", "op", "threshold", "expected"),
    [
        (interval(99.99, 99.99), ">", 99.9, True),
        (interval(99.9, 99.9), ">", 99.9, False),  # equal is not above
        (interval(99.9, 99.9), ">=", 99.9, True),
        (interval(99.5, 99.5), ">", 99.9, False),
        (interval(99.99, None), ">", 99.999, None),  # "≥ 99.99 %" may or may not exceed 99.999
        (interval(99.999, 99.9999, hi_inc=False), ">", 99.999, None),  # 5N
        (interval(99.999, 99.9999, hi_inc=False), ">=", 99.999, True),
        (interval(99.999, None, lo_inc=False), ">", 99.999, True),  # "> 99.999 %"
        (interval(None, 50), "<=", 50, True),  # "≤ 50 µm"
        (interval(None, 50), "<", 50, None),
        (interval(40, 60), "<=", 50, None),  # a range that straddles
        (interval(60, 70), "<=", 50, False),
        (interval(50, 50), "=", 50, True),
        (interval(40, 45), "=", 50, False),
    ],
)
def test_compare_intervals(
    measured: Measurement, op: str, threshold: float, expected: bool | None
) -> None:
    assert compare(measured, op, threshold) is expected


@given(st.floats(0, 1e6), st.floats(0, 1e6), st.sampled_from([">", ">=", "<", "<="]))
def test_point_values_compare_like_numbers(value: float, threshold: float, op: str) -> None:
    expected = {
        ">": value > threshold,
        ">=": value >= threshold,
        "<": value < threshold,
        "<=": value <= threshold,
    }[op]
    if abs(value - threshold) > 1e-6 * max(1.0, threshold):
        assert compare(interval(value, value), op, threshold) is expected


def facts(text: str) -> GoodsFacts:
    return GoodsFacts(text, None)


@pytest.mark.parametrize(
    ("keyword", "text", "found"),
    [
        ("tin", "martin steel", False),
        ("tin", "tin ingots", True),
        ("ingot", "gallium INGOTS", True),
        ("gallium", "gallium-free solder", True),
        ("镓", "高纯镓锭", True),
        ("oxide", "dioxide", False),
        ("gallium oxide", "ＧＡＬＬＩＵＭ　ＯＸＩＤＥ powder", True),  # full-width text
    ],
)
def test_keyword_boundaries(keyword: str, text: str, found: bool) -> None:
    matcher = KeywordMatcher.build(keyword)
    assert (facts(text).keyword(matcher) is not None) is found


@pytest.mark.parametrize(
    ("formula", "text", "found"),
    [
        ("GaN", "GaN wafer", True),
        ("GaN", "gan wafer", False),
        ("Ga", "GaN wafer", False),
        ("Ga", "Ga 99.99%", True),
        ("Sb2O3", "Sb2O3 powder", True),
    ],
)
def test_formulae_are_case_sensitive_whole_tokens(formula: str, text: str, found: bool) -> None:
    matcher = KeywordMatcher.build(formula, case_sensitive=True)
    assert (facts(text).keyword(matcher, case_sensitive=True) is not None) is found


class Fixed(KeywordsNode):
    """A node with a fixed answer, for testing the logic."""

    def __init__(self, answer: bool | None) -> None:
        super().__init__(())
        self.answer = answer

    def evaluate(self, facts: GoodsFacts) -> tuple[bool | None, list[object]]:  # type: ignore[override]
        return self.answer, []


VALUES = [True, False, None]


@pytest.mark.parametrize("a", VALUES)
@pytest.mark.parametrize("b", VALUES)
def test_kleene_logic(a: bool | None, b: bool | None) -> None:
    both = AllNode((Fixed(a), Fixed(b))).evaluate(facts(""))[0]
    either = AnyNode((Fixed(a), Fixed(b))).evaluate(facts(""))[0]
    if False in (a, b):
        assert both is False
    elif None in (a, b):
        assert both is None
    else:
        assert both is True
    if True in (a, b):
        assert either is True
    elif None in (a, b):
        assert either is None
    else:
        assert either is False
    negated = NotNode(Fixed(a)).evaluate(facts(""))[0]
    assert negated is (None if a is None else not a)


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        ("(?<!氧)化钐|氢氧化钐|酸钐|钐盐|钐的?化合物", {"钐"}),
        ("技术(?!参数)", {"技", "术"}),
        ("abc|xyz", set()),
        ("钐?x", {"x"}),
        ("(镓|锗)粉", {"粉"}),
        ("[镓锗]", set()),
    ],
)
def test_required_characters_of_patterns(pattern: str, required: set[str]) -> None:
    from exportscreen.classify.criteria import required_characters

    assert required_characters(pattern) == required
