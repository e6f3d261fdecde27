"""Refuse regular expressions whose matching time can explode (issue 12 C6).

Python's ``re`` backtracks: a pattern such as ``(\\w+\\s?)+$`` takes time exponential in the length
of a text it almost matches, so one rules-file pattern could stall every row of a manifest. The
built-in rules need look-arounds, which linear-time engines (RE2) do not offer, so patterns are
checked instead, on the parse ``re.compile`` itself makes. Refused:

- a repeat of more than :data:`SMALL_REPEAT` times (``*``, ``+``, ``{2,}``, ``{1,50}``) inside
  another such repeat ("nested quantifiers": ``(a+)+``, ``(\\d*,)*``, ``(.*x){20}``);
- inside such a repeat, alternatives that can begin with the same character (``(a|ab)+`` is
  harmless, ``(\\d|\\d\\d)+`` is not);
- back-references (``\\1``), which no engine can match in linear time.

The check is structural and conservative: it may refuse a pattern that would in fact run fast,
never the reverse for these shapes. It is not a proof that every accepted pattern is linear.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

# A repeat bounded by at most this many repetitions is "small": nesting it costs a constant.
SMALL_REPEAT = 10

_C: Any = importlib.import_module("re._constants")  # re's own parser; private, so typed loosely
_PARSER: Any = importlib.import_module("re._parser")

_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT))
_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    _C.CATEGORY_DIGIT: str.isdigit,
    _C.CATEGORY_NOT_DIGIT: lambda ch: not ch.isdigit(),
    _C.CATEGORY_SPACE: str.isspace,
    _C.CATEGORY_NOT_SPACE: lambda ch: not ch.isspace(),
    _C.CATEGORY_WORD: lambda ch: ch.isalnum() or ch == "_",
    _C.CATEGORY_NOT_WORD: lambda ch: not (ch.isalnum() or ch == "_"),
}
_ALPHABET = [chr(i) for i in range(32, 127)] + ["\t", "\n", "é", "中", "1", "١"]


class UnsafePatternError(ValueError):
    """The pattern could take exponential (or high-polynomial) time on some text."""


def check_pattern_safety(pattern: str) -> None:
    """Raise :class:`UnsafePatternError` saying why, if ``pattern`` has a shape refused above.

    A pattern that does not parse is left to ``re.compile``'s own error.
    """
    try:
        parsed = _PARSER.parse(pattern, re.IGNORECASE)
    except re.error:
        return
    _walk(list(parsed), inside_repeat=False)


def _large(arg: Any) -> bool:
    return bool(arg[1] == _C.MAXREPEAT or arg[1] > SMALL_REPEAT)


def _walk(items: list[Any], *, inside_repeat: bool) -> None:
    for op, arg in items:
        if op in _REPEATS:
            large = _large(arg)
            if large and inside_repeat and _can_match_something(arg[2]):
                raise UnsafePatternError(
                    "a repeated part is repeated again (nested quantifiers such as (a+)+ or "
                    "(\\w+\\s?)*): matching can take exponential time; repeat it once"
                )
            _walk(list(arg[2]), inside_repeat=inside_repeat or large)
        elif op is _C.SUBPATTERN:
            _walk(list(arg[-1]), inside_repeat=inside_repeat)
        elif op is _C.ATOMIC_GROUP if hasattr(_C, "ATOMIC_GROUP") else False:
            _walk(list(arg), inside_repeat=inside_repeat)
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            _walk(list(arg[1]), inside_repeat=inside_repeat)
        elif op is _C.BRANCH:
            branches = [list(branch) for branch in arg[1]]
            if inside_repeat:
                _check_overlap(branches)
            for branch in branches:
                _walk(branch, inside_repeat=inside_repeat)
        elif op is _C.GROUPREF_EXISTS:
            for branch in arg[1:]:
                if branch is not None:
                    _walk(list(branch), inside_repeat=inside_repeat)
        elif op is _C.GROUPREF:
            raise UnsafePatternError("back-references (\\1) are not allowed in rules patterns")


def _can_match_something(items: Any) -> bool:
    """Whether the repeated part consumes characters at all (``(a?)*`` still counts)."""
    return any(op not in (_C.AT, _C.ASSERT, _C.ASSERT_NOT) for op, _ in items)


def _check_overlap(branches: list[list[Any]]) -> None:
    firsts = [_first(branch) for branch in branches]
    for i, left in enumerate(firsts):
        for right in firsts[i + 1 :]:
            if left is None or right is None:  # an alternative that can match nothing
                raise UnsafePatternError(
                    "a repeated alternation has an alternative that can be empty; matching can "
                    "take exponential time"
                )
            if any(left(ch) and right(ch) for ch in _ALPHABET + _literals(branches)):
                raise UnsafePatternError(
                    "alternatives inside a repeat can start with the same character (such as "
                    "(\\d|\\d\\d)+): matching can take exponential time; make them distinct"
                )


def _literals(branches: list[list[Any]]) -> list[str]:
    found: list[str] = []

    def visit(items: Any) -> None:
        for op, arg in items:
            if op in (_C.LITERAL, _C.NOT_LITERAL):
                found.append(chr(arg))
            elif op is _C.RANGE:
                found.extend((chr(arg[0]), chr(arg[1])))
            elif op is _C.IN:
                visit(arg)
            elif op in _REPEATS:
                visit(arg[2])
            elif op is _C.SUBPATTERN:
                visit(arg[-1])
            elif op is _C.BRANCH:
                for branch in arg[1]:
                    visit(branch)

    for branch in branches:
        visit(branch)
    return found


def _first(items: list[Any]) -> Callable[[str], bool] | None:
    """A test for the characters a match of ``items`` can begin with; None when it can be empty."""
    tests: list[Callable[[str], bool]] = []
    for op, arg in items:
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue  # zero-width
        if op in _REPEATS:
            inner = _first(list(arg[2]))
            if inner is not None:
                tests.append(inner)
            if arg[0] == 0 or inner is None:
                continue  # optional: what follows can come first
            return _any_of(tests)
        if op is _C.SUBPATTERN:
            inner = _first(list(arg[-1]))
            if inner is None:
                continue
            return _any_of([*tests, inner])
        if op is _C.BRANCH:
            options = [_first(list(branch)) for branch in arg[1]]
            tests.extend(test for test in options if test is not None)
            if any(test is None for test in options):
                continue
            return _any_of(tests)
        tests.append(_char_test(op, arg))
        return _any_of(tests)
    return None if not tests else _any_of(tests)


def _any_of(tests: list[Callable[[str], bool]]) -> Callable[[str], bool]:
    return lambda ch: any(test(ch) for test in tests)


def _char_test(op: Any, arg: Any) -> Callable[[str], bool]:
    if op is _C.LITERAL:
        return lambda ch: ch.casefold() == chr(arg).casefold()
    if op is _C.NOT_LITERAL:
        return lambda ch: ch.casefold() != chr(arg).casefold()
    if op is _C.IN:
        return _set_test(arg)
    return lambda ch: True  # ANY and anything this walk does not know: assume it overlaps


def _set_test(items: Any) -> Callable[[str], bool]:
    negate = any(op is _C.NEGATE for op, _ in items)
    tests = [_set_item_test(op, arg) for op, arg in items if op is not _C.NEGATE]
    if negate:
        return lambda ch: not any(test(ch) for test in tests)
    return lambda ch: any(test(ch) for test in tests)


def _set_item_test(op: Any, arg: Any) -> Callable[[str], bool]:
    if op is _C.LITERAL:
        literal = chr(arg).casefold()
        return lambda ch: ch.casefold() == literal
    if op is _C.RANGE:
        low, high = int(arg[0]), int(arg[1])
        return lambda ch: low <= ord(ch.casefold()[0]) <= high
    if op is _C.CATEGORY:
        return _CATEGORIES.get(arg, lambda ch: True)
    return lambda ch: True
