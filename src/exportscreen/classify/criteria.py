"""Criteria compiled from the YAML schema into small evaluators.

Each evaluator answers True, False or None (unknown) and says why. Unknown arises when a threshold
needs a parameter the declaration does not state, or states only as a range that straddles the
threshold; ``all``/``any``/``not`` combine answers with three-valued (Kleene) logic, so a missing
parameter surfaces as "review: state the purity" instead of a silent pass.
"""

from __future__ import annotations

import functools
import importlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from exportscreen.classify.facts import GoodsFacts, KeywordMatcher
from exportscreen.classify.params import Measurement
from exportscreen.hs import hs_related
from exportscreen.model import Evidence

Tri = bool | None
Outcome = tuple[Tri, list[Evidence]]


class Node:
    """A compiled criterion."""

    def evaluate(self, facts: GoodsFacts) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError

    def leaves(self) -> Iterator[Node]:
        yield self

    def missing(self, facts: GoodsFacts) -> list[str]:
        """Parameters whose absence leaves this criterion unknown (none when it is decided)."""
        return []


@dataclass(slots=True)
class KeywordsNode(Node):
    matchers: tuple[KeywordMatcher, ...]
    case_sensitive: bool = False
    matcher_set: frozenset[KeywordMatcher] = field(init=False)

    def __post_init__(self) -> None:
        self.matcher_set = frozenset(self.matchers)

    def evaluate(self, facts: GoodsFacts) -> Outcome:
        if facts.candidates is not None and facts.candidates.isdisjoint(self.matcher_set):
            return False, []
        kind = "formula" if self.case_sensitive else "keyword"
        for matcher in self.matchers:
            found = facts.keyword(matcher, case_sensitive=self.case_sensitive)
            if found is not None:
                return True, [Evidence(kind, f"{kind} {matcher.keyword!r}", True, found)]
        return False, []


@dataclass(slots=True)
class PatternNode(Node):
    pattern: str

    def evaluate(self, facts: GoodsFacts) -> Outcome:
        found = _compiled(self.pattern).search(facts.folded)
        if found:
            return True, [Evidence("pattern", f"pattern /{self.pattern}/", True, found.group(0))]
        return False, []


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Patterns compile on first use, so loading a cached engine compiles nothing."""
    return re.compile(pattern, re.IGNORECASE)


@dataclass(slots=True)
class HsNode(Node):
    codes: tuple[str, ...]

    def evaluate(self, facts: GoodsFacts) -> Outcome:
        if facts.hs_code is None:
            return None, [Evidence("hs", "HS code not declared", None)]
        for code in self.codes:
            if hs_related(facts.hs_code, code):
                return True, [
                    Evidence("hs", f"HS {facts.hs_code} within {code}", True, facts.hs_code)
                ]
        return False, []


@dataclass(slots=True)
class ParamNode(Node):
    """``param op value unit``: compares the declared measurement (an interval) to a threshold."""

    param: str
    op: str
    threshold: float  # in the dimension's canonical unit
    shown: str  # the threshold as written in the rules, e.g. "purity > 99.9 %"
    dimension: str
    element: str | None
    allow_unlabelled: bool
    unlabelled_clears: bool = False  # the rules say a bare value is this parameter (clears too)

    def candidates(self, facts: GoodsFacts) -> list[Measurement]:
        labelled = [
            m
            for m in facts.measurements
            if m.dimension == self.dimension
            and m.label == self.param
            and (self.element is None or (m.element or "").lower() == self.element.lower())
        ]
        if labelled or not self.allow_unlabelled:
            return labelled
        return [
            m
            for m in facts.measurements
            if m.dimension == self.dimension
            and (m.label is None or (self.param == "purity" and facts.names_purity(m)))
        ]

    def evaluate(self, facts: GoodsFacts) -> Outcome:
        found = self.candidates(facts)
        if not found:
            return None, [Evidence("parameter", f"{self.shown}: not stated", None)]
        answers: list[Tri] = []
        evidence: list[Evidence] = []
        for measured in found:
            answer = compare(measured, self.op, self.threshold)
            detail = f"{self.shown}: declared {measured.text.strip()!r}"
            if answer is False and measured.label is None:
                if self.param == "purity" and facts.names_purity(measured):
                    # Trade convention: a bare percentage right after the goods' name is its
                    # purity ("Antimony trioxide 99.8%"), so it clears as well as controls.
                    detail += " (a percentage after the goods' name states their purity)"
                elif self.unlabelled_clears:
                    detail += f" (for such goods a bare value of this kind is their {self.param})"
                else:
                    # A bare "99.5%" elsewhere may be an ash content or a dilution, not the
                    # purity: an unlabelled value can establish control but never clear goods.
                    answer = None
                    detail += f" does not say it is the {self.param}; state it with its name"
            answers.append(answer)
            evidence.append(Evidence("parameter", detail, answer, measured.text))
        # Any stated value that meets the threshold controls the goods; conflicting statements
        # must not let the lower one win.
        if True in answers:
            return True, [e for e in evidence if e.outcome is True]
        if None in answers:
            return None, evidence
        return False, evidence

    def missing(self, facts: GoodsFacts) -> list[str]:
        return [self.shown] if self.evaluate(facts)[0] is None else []


@dataclass(slots=True)
class AllNode(Node):
    children: tuple[Node, ...]

    def evaluate(self, facts: GoodsFacts) -> Outcome:
        # No short-circuit: the explanation shows every condition, met or not.
        evidence: list[Evidence] = []
        answers: list[Tri] = []
        for child in self.children:
            child_answer, child_evidence = child.evaluate(facts)
            answers.append(child_answer)
            evidence.extend(child_evidence)
        if False in answers:
            return False, evidence
        return (None if None in answers else True), evidence

    def missing(self, facts: GoodsFacts) -> list[str]:
        if self.evaluate(facts)[0] is not None:
            return []
        return [name for child in self.children for name in child.missing(facts)]

    def leaves(self) -> Iterator[Node]:
        for child in self.children:
            yield from child.leaves()


@dataclass(slots=True)
class AnyNode(Node):
    children: tuple[Node, ...]

    def evaluate(self, facts: GoodsFacts) -> Outcome:
        evidence: list[Evidence] = []
        answer: Tri = False
        for child in self.children:
            child_answer, child_evidence = child.evaluate(facts)
            if child_answer is True:
                return True, child_evidence
            if child_answer is None:
                answer = None
            evidence.extend(child_evidence)
        return answer, evidence

    def missing(self, facts: GoodsFacts) -> list[str]:
        if self.evaluate(facts)[0] is not None:
            return []
        return [name for child in self.children for name in child.missing(facts)]

    def leaves(self) -> Iterator[Node]:
        for child in self.children:
            yield from child.leaves()


@dataclass(slots=True)
class NotNode(Node):
    child: Node

    def evaluate(self, facts: GoodsFacts) -> Outcome:
        answer, evidence = self.child.evaluate(facts)
        flipped = None if answer is None else not answer
        return flipped, [Evidence(e.kind, f"not ({e.detail})", flipped, e.found) for e in evidence]

    def missing(self, facts: GoodsFacts) -> list[str]:
        return self.child.missing(facts)

    def leaves(self) -> Iterator[Node]:
        yield from self.child.leaves()


def compare(measured: Measurement, op: str, threshold: float) -> Tri:
    """Does every value in the measured interval satisfy ``op threshold``? None if only some do."""
    low, high = measured.low, measured.high
    if op in (">", ">="):
        strict = op == ">"
        if low is not None and (
            _gt(low, threshold)
            or (_eq(low, threshold) and (not strict or not measured.low_inclusive))
        ):
            return True
        if high is not None and (
            _lt(high, threshold)
            or (_eq(high, threshold) and (strict or not measured.high_inclusive))
        ):
            return False
        return None
    if op in ("<", "<="):
        strict = op == "<"
        if high is not None and (
            _lt(high, threshold)
            or (_eq(high, threshold) and (not strict or not measured.high_inclusive))
        ):
            return True
        if low is not None and (
            _gt(low, threshold) or (_eq(low, threshold) and (strict or not measured.low_inclusive))
        ):
            return False
        return None
    # "=": true only for a point value at the threshold
    if low is not None and high is not None and _eq(low, threshold) and _eq(high, threshold):
        return True
    if (high is not None and _lt(high, threshold)) or (low is not None and _gt(low, threshold)):
        return False
    return None


def _eq(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _gt(a: float, b: float) -> bool:
    return a > b and not _eq(a, b)


def _lt(a: float, b: float) -> bool:
    return a < b and not _eq(a, b)


def triggers(node: Node) -> tuple[list[KeywordMatcher], bool]:
    """What can make ``node`` true, for skipping items a row cannot match.

    Returns keyword matchers such that the node can only be true if one of them occurs, or
    ``always=True`` when no such set exists (a positive pattern, HS code or parameter, or a
    ``not``). An ``all`` needs every child, so the most selective child's triggers suffice.
    """
    if isinstance(node, KeywordsNode):
        return list(node.matchers), False
    if isinstance(node, AnyNode):
        matchers: list[KeywordMatcher] = []
        for child in node.children:
            child_matchers, child_always = triggers(child)
            if child_always:
                return [], True
            matchers.extend(child_matchers)
        return matchers, False
    if isinstance(node, AllNode):
        options = [triggers(child) for child in node.children]
        selective = [matchers for matchers, always in options if not always]
        if not selective:
            return [], True
        return min(selective, key=len), False
    if isinstance(node, PatternNode):
        # A pattern that cannot match without some Chinese character is triggered by it.
        chars = sorted(ch for ch in required_characters(node.pattern) if not ch.isascii())
        if chars:
            return [KeywordMatcher.build(chars[0])], False
    return [], True


def required_characters(pattern: str) -> set[str]:
    """Characters every match of ``pattern`` must contain (empty when unsure).

    Walks the parsed regular expression: a literal is required, a sequence requires the union
    of its parts, alternatives only what all of them require, and optional parts, classes and
    look-arounds nothing. Used only to skip items; when in doubt it requires nothing.
    """
    try:
        # re's own parser (private, so typed loosely): the same parse re.compile makes.
        c: Any = importlib.import_module("re._constants")
        parser: Any = importlib.import_module("re._parser")
        parsed = parser.parse(pattern, re.IGNORECASE)
    except Exception:  # a private module or a pattern this walk does not know: be safe
        return set()

    def walk(items: Any) -> set[str]:
        required: set[str] = set()
        for op, arg in items:
            if op is c.LITERAL:
                required.add(chr(arg))
            elif op is c.SUBPATTERN:
                required |= walk(arg[-1])
            elif op is c.BRANCH:
                branches = [walk(branch) for branch in arg[1]]
                required |= set.intersection(*branches) if branches else set()
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
                required |= walk(arg[2])
        return required

    try:
        return walk(parsed)
    except Exception:
        return set()
