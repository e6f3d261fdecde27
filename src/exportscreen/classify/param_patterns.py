"""The compiled patterns :mod:`exportscreen.classify.params` reads values with: the grammar of a
written value (units, ranges, comparators, labels), built from the words of
:mod:`exportscreen.classify.param_words` and compiled on first use."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from exportscreen.classify.param_words import (
    _BARE_CONTENT,
    _CASED_LABELS,
    _CHINESE_LABELS,
    _CONTENT_WORDS_CHINESE,
    _CONTENT_WORDS_LATIN,
    _DAILY_CHINESE,
    _DAILY_LATIN,
    _ELEMENTS,
    _LATIN_LABELS,
    _LONGEST_NAME,
    _MULTI_LETTER_SYMBOLS,
    _OTHER_CASED,
    _OTHER_CHINESE,
    _OTHER_LATIN,
    _PREFIX_SYMBOLS,
    _PREFIX_WORDS,
    _SINGLE_LETTER_SYMBOLS,
    _SUFFIX_SYMBOLS,
    _SUFFIX_WORDS,
    _fold_table,
)
from exportscreen.units import PARAMETERS, lookup_spelling, unit_spellings

# --------------------------------------------------------------------------------------------
# Pattern building
#
# Long lists of literals (unit spellings, label words) are compiled as tries: the regex engine
# tries alternatives one after another, so a flat list of 150 spellings costs 150 attempts at
# every number, whereas a trie rejects every spelling with the wrong first letter at once (for
# an alternative that starts with a literal or a character set, the engine checks that first
# character before it enters the alternative).
#
# The patterns are built and compiled on the first call of extract(), not at import: compiling
# them takes tens of milliseconds, which a command that never reads a value should not pay. They
# are also written to compile fast, without matching slower:
#
# * A caseless word costs one [Xx] set for its first letter, which keeps the quick first-letter
#   check, and one (?ai:...) group for the rest of its subtree, where letters compile as plain
#   literals, instead of a character set for every letter.
# * A boundary check shared by every word below a branch is made once after the branch, not
#   once after each word.
#
# Both give the same matches in the same order, since (A|B)C tries AC, then BC.

# Possessive: blanks are never given back, so a long run of them cannot make matching quadratic.
_SP = r"[ \t]*+"
_LATIN_BOUNDARY = r"(?![A-Za-z])"

_Tokens = list[str]
# Trie keys starting with this mark end a sequence; the rest of the key is a zero-width check
# the text must pass there (a word boundary), or nothing.
_END = "\x00"
# Trie keys starting with this mark are an ASCII letter that matches in either case.
_CASELESS = "\x01"


def _char_token(char: str, *, caseless: bool) -> str:
    if caseless and char.lower() != char.upper():
        if char.isascii():
            return _CASELESS + char.lower()
        return "[" + "".join(sorted({char, char.lower(), char.upper()})) + "]"  # pragma: no cover
    return re.escape(char) if char.isascii() else char  # only ASCII is ever escaped


def _tokens(word: str, *, caseless: bool, boundary: str = "") -> _Tokens:
    """Regex tokens for a literal word, ending with a zero-width ``boundary`` check.

    A space in the word stands for any run of blanks.
    """
    tokens = [r"[ \t]+" if char == " " else _char_token(char, caseless=caseless) for char in word]
    return [*tokens, _END + boundary]


def _unit_tokens(spelling: str, *, caseless: bool) -> _Tokens:
    tokens: _Tokens = []
    for char in spelling:
        if char == " ":
            tokens.append(r"[ \t]?")
        elif char == "/":
            tokens.append(r"[ \t]?/[ \t]?")  # "g / cm3"
        else:
            tokens.append(_char_token(char, caseless=caseless))
    return [*tokens, _END]


_TrieNode = dict[str, "_TrieNode"]


def _trie(sequences: Iterable[_Tokens]) -> str:
    """One regex matching any of the token sequences, longer sequences tried first."""
    root: _TrieNode = {}
    for tokens in sequences:
        node = root
        for token in tokens:
            node = node.setdefault(token, {})
    return _trie_node(root, caseless=False, checked=False)


def _boundaries(node: _TrieNode) -> set[str]:
    """The boundary checks of every sequence ending in ``node``'s subtree."""
    found = {token[1:] for token in node if token[0] == _END}
    for token, child in node.items():
        if token[0] != _END:
            found |= _boundaries(child)
    return found


def _trie_node(node: _TrieNode, *, caseless: bool, checked: bool) -> str:
    """The alternation for one trie node.

    ``caseless`` when inside a ``(?ai:...)`` group; ``checked`` when the boundary of every
    sequence below is checked after the node, so that endings here check nothing.
    """
    alternatives: list[str] = []
    for token, child in node.items():
        if token[0] == _END:
            continue
        shared = "" if checked else _shared_boundary(child)
        inner_checked = checked or shared is not None
        after = shared or ""
        if token[0] != _CASELESS:
            alternatives.append(
                token + _trie_node(child, caseless=caseless, checked=inner_checked) + after
            )
        elif caseless:
            letter = re.escape(token[1])
            alternatives.append(
                letter + _trie_node(child, caseless=True, checked=inner_checked) + after
            )
        else:
            rest = _trie_node(child, caseless=True, checked=inner_checked)
            letter = token[1]
            group = f"(?ai:{rest})" if rest else ""
            alternatives.append(f"[{letter.upper()}{letter}]{group}{after}")
    # Ending here is the last resort, so that "compacted density" wins over "density".
    alternatives.extend("" if checked else token[1:] for token in node if token[0] == _END)
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _shared_boundary(node: _TrieNode) -> str | None:
    """The one boundary check of all sequences below ``node``, or None if they differ."""
    found = _boundaries(node)
    return found.pop() if len(found) == 1 else None


def _latin(words: Iterable[str], *, reverse: bool = False) -> list[_Tokens]:
    """Whole Latin words, in any case."""
    return [
        _tokens(word[::-1] if reverse else word, caseless=True, boundary=_LATIN_BOUNDARY)
        for word in words
    ]


def _plain(words: Iterable[str], *, reverse: bool = False, boundary: str = "") -> list[_Tokens]:
    """Words that match exactly as written (Chinese, symbols, abbreviations such as "ID")."""
    return [
        _tokens(word[::-1] if reverse else word, caseless=False, boundary=boundary)
        for word in words
    ]


# A unit ending in a letter must not run on into a word: "m" is not the start of "mesh", "N" in
# "2N2222" is not newtons, "W/kg" is not watts.
_UNIT_TAIL = r"(?:(?<![A-Za-z0-9μ])|(?![A-Za-z0-9μ²³⁻/·]))"


def _unit_pattern(dimension: str | None = None) -> str:
    """Any unit spelling, or any of one dimension."""
    sequences = [
        _unit_tokens(spelling, caseless=caseless)
        for spelling, caseless in unit_spellings()
        if dimension is None or _dimension_of_spelling(spelling) == dimension
    ]
    return "(?:" + _trie(sequences) + ")" + _UNIT_TAIL


def _dimension_of_spelling(spelling: str) -> str | None:
    unit = lookup_spelling(spelling)
    return None if unit is None else unit.dimension


def _suffix_pattern() -> str:
    return _trie(
        [
            *_latin(_SUFFIX_WORDS),
            *_plain(symbol for symbol in _SUFFIX_SYMBOLS if symbol != "+"),
            *_plain(["+"], boundary="(?![0-9])"),  # "99.99%+", but not "5mm+10mm"
        ]
    )


_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_POWER = rf"(?:\^[-+−]?[0-9]{{1,3}}|[⁻⁺]?[{_SUPERSCRIPT_DIGITS}]{{1,3}})"
# Atomic, for the same reason: once read, a number is never re-read shorter.
_NUMBER = (
    r"(?>(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
    rf"(?:[eE][-+]?[0-9]{{1,3}}(?![0-9])|[ ]?[xX×*][ ]?10{_POWER}|{_POWER})?)"
)
# Between the two ends of a range ("20-40", "20 to 40", "20至40") or before a tolerance.
_LINK = r"(?:[-‐‑–—−~〜±]|(?<![A-Za-z])to(?![A-Za-z])|至|到)"


def _value_pattern() -> str:
    unit = _unit_pattern()
    return (
        # Not inside a number, and not the tail of "1,2" written with a decimal comma.
        r"(?<![0-9.])(?<![0-9],)"
        "(?:"
        # Purity in "N" notation: 5N, 4N5. Must end the token: not GaN, 5NM or 2N2222.
        r"(?P<nines>[2-9])N(?P<extra>[1-9])?(?![A-Za-z0-9])"
        # Rockwell hardness written scale first: "HRB 85".
        rf"|(?<![A-Za-z])HRB{_SP}(?P<hrb>{_NUMBER})(?![0-9.])"
        # "5mm", "5mm-10mm", "99.9%~99.99%", "50µm ± 5µm"; and with one unit after both
        # numbers, "20-40 µm", "20 to 40um", "50±5µm". Without a unit it is no value. The unit
        # pattern is written twice, not three times, as it is most of the compile time; "(X|)"
        # rather than "X?", which compiles to a slower loop.
        rf"|(?P<sign>[-−])?(?P<first>{_NUMBER}){_SP}(?:(?P<unit>{unit})|)"
        rf"(?:{_SP}(?P<link>{_LINK}){_SP}(?P<sign2>[-−])?(?P<second>{_NUMBER}){_SP}"
        rf"(?P<unit2>{unit})|(?(unit)|(?!)))"
        ")"
        rf"(?:{_SP}(?P<suffix>{_suffix_pattern()}))?"
    )


def _prefix_pattern() -> str:
    """What may precede a value, written right-to-left: comparator, separator, label."""
    cjk = r"\u4e00-\u9fff"
    comparator = _trie(
        [*_latin(_PREFIX_WORDS, reverse=True), *_plain(_PREFIX_SYMBOLS, reverse=True)]
    )
    # "purity: 99", "纯度为99", "size is 20 µm", "size of 20 µm"
    separator = r"[ \t:=]*(?:(?:si|fo)(?![A-Za-z])[ \t:=]*|(?:为|是|达到|可达|达)[ \t:=]*)?"
    words = _trie(
        [
            *_latin([*_LATIN_LABELS, *_DAILY_LATIN, *_OTHER_LATIN], reverse=True),
            *_plain([*_CASED_LABELS, *_OTHER_CASED], reverse=True, boundary=r"(?![A-Za-z0-9])"),
            *_plain([*_CHINESE_LABELS, *_DAILY_CHINESE, *_OTHER_CHINESE], reverse=True),
            *_plain([_BARE_CONTENT], reverse=True, boundary=rf"(?![{cjk}A-Za-z0-9])"),
        ]
    )
    content = _trie(
        [*_plain(_CONTENT_WORDS_CHINESE, reverse=True), *_latin(_CONTENT_WORDS_LATIN, reverse=True)]
    )
    # Symbols, or any word, which is looked up as an English name once read ("tungsten
    # content", "content of silver"): in the pattern, the names would be written twice.
    all_symbols = _trie(_plain(_ELEMENTS, reverse=True, boundary=_LATIN_BOUNDARY))
    all_symbols = rf"(?:{all_symbols}|[A-Za-z]{{3,{_LONGEST_NAME}}}+(?![A-Za-z]))"
    multi_symbols = _trie(_plain(_MULTI_LETTER_SYMBOLS, reverse=True, boundary=_LATIN_BOUNDARY))
    single_symbols = _trie(_plain(_SINGLE_LETTER_SYMBOLS, boundary=_LATIN_BOUNDARY))
    chinese_names = _trie(_plain(_ELEMENTS.values()))
    elements = (
        # "Dy content", "Dy含量", "C content"
        rf"{content}{_SP}(?P<el_before_content>{all_symbols})"
        # "content of Dy", "含量Dy"
        rf"|(?P<el_after_content>{all_symbols}){_SP}(?:fo[ \t]+)?{content}"
        # "镝", "含镝", "镝含量", "镝的含量" — but not "氧化镝" or "硝酸铒", which name a compound
        rf"|(?:量含的?)?(?P<el_chinese>{chinese_names})(?![化酸])含?"
        # "Dy"
        rf"|(?P<el_symbol>{multi_symbols})"
    )
    return (
        rf"{_SP}(?:(?P<comparator>{comparator}){_SP})?"
        rf"(?:(?P<label>{separator}(?:(?P<word>{words})|{elements}))"
        # A single-letter symbol only counts right next to the value: "C:0.02%", "W 99.95%".
        rf"|(?P<tight>[ \t]?:?[ \t]?(?P<el_single>{single_symbols})))?"
    )


def _chain_pattern() -> str:
    """A Φ-prefixed dimension chain after its Φ: "150×60mm", "3.2 × 50 m", "1.8×20m to Φ4.6×80m".

    Only lengths can be in it, so only their spellings are tried.
    """
    unit = _unit_pattern("length")
    times = rf"{_SP}[xX×*]{_SP}"
    return (
        r"(?<![0-9.])(?<![0-9],)"
        rf"(?P<d1>{_NUMBER}){_SP}(?:(?P<du1>{unit}){_SP})?[xX×*]{_SP}(?P<l1>{_NUMBER})"
        rf"(?:{_SP}(?P<lu1>{unit}))?"
        rf"(?:{_SP}(?P<link>{_LINK}){_SP}(?:[ΦφϕØø∅]{_SP})?"
        rf"(?P<d2>{_NUMBER}){_SP}(?:(?P<du2>{unit}){_SP})?[xX×*]{_SP}(?P<l2>{_NUMBER})"
        rf"{_SP}(?P<lu2>{unit}))?"
        # "Φ150×60×5mm" is not diameter × length
        rf"(?!{times}[0-9])"
    )


def _bare_value_pattern() -> str:
    """A number with no unit after it, as in "Purity (%): 99.99"."""
    return (
        r"(?<![0-9.])(?<![0-9],)"
        rf"(?P<sign>[-−])?(?P<first>{_NUMBER})"
        rf"(?:{_SP}(?P<link>{_LINK}){_SP}(?P<sign2>[-−])?(?P<second>{_NUMBER}))?"
        rf"(?:{_SP}(?P<suffix>{_suffix_pattern()}))?"
        r"(?![0-9A-Za-zμ%])"
    )


class _Patterns(NamedTuple):
    """The compiled patterns, built on first use."""

    value: re.Pattern[str]
    prefix: re.Pattern[str]
    # Where a value may start: a sign, a digit run, or the H of "HRB 85". Starting with a
    # character set lets the engine skip to candidates in C; a failed candidate skips its whole
    # digit run, as no value can start inside a number.
    candidate: re.Pattern[str]
    # A value that continues a "100 × 200 mm" dimension chain (read right-to-left).
    chain: re.Pattern[str]
    scientific: re.Pattern[str]
    foldable: re.Pattern[str]
    # The Φ that starts a dimension chain, "Φ150×60mm".
    chain_mark: re.Pattern[str]
    # Where a dimension chain may start: at the group "number", a quick test before the full
    # pattern is tried there.
    chain_start: re.Pattern[str]
    # An element symbol glued to the end of a value: "90%W-7%Ni-3%Fe".
    trailing_element: re.Pattern[str]
    # A unit written in the label, read right-to-left: "Purity (%): 99.99", "Purity %: 99.9".
    unit_in_label: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    patterns = _Patterns(
        value=re.compile(_value_pattern()),
        prefix=re.compile(_prefix_pattern()),
        candidate=re.compile(r"[-−H0-9][0-9.,]*"),
        chain=re.compile(r"[ \t]*[xX×*][ \t]*(?:[A-Za-zμ]{1,2}[ \t]*)?[0-9]"),
        scientific=re.compile(
            rf"([0-9.]+)(?:[ ]?[xX×*][ ]?(10))?"
            rf"(?:\^([-+−]?[0-9]+)|([⁻⁺]?[{_SUPERSCRIPT_DIGITS}]+))"
        ),
        foldable=re.compile(
            "[" + "".join(re.escape(chr(code)) for code in sorted(_fold_table())) + "]"
        ),
        chain_mark=re.compile(r"[ΦφϕØø∅]|直径"),
        chain_start=re.compile(
            # one character set first, which the engine searches for quickly: Φ, or the 径 of 直径
            r"[ΦφϕØø∅径](?<![^直]径)[ \t:]*(?P<number>[0-9])[0-9.,]*[ \t]*"
            r"(?:[^\sxX×*0-9]{1,6}[ \t]*)?[xX×*]"
        ),
        trailing_element=re.compile(r"[A-Z][a-z]?(?![A-Za-z0-9/·])"),
        unit_in_label=re.compile(
            r"[ \t:=]*+(?:\)(?P<paren>[^()]{1,12})\(|\](?P<bracket>[^\[\]]{1,12})\["
            # a bare "%" must be set off from the value: "Purity %: 99.9", not "W%6"
            r"|(?<=[ \t:=])(?P<percent>%))"
        ),
    )
    # The positional unpacking below relies on the group order of both patterns.
    for pattern, names in ((patterns.value, _VALUE_GROUPS), (patterns.prefix, _PREFIX_GROUPS)):
        by_index = sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)
        if tuple(by_index) != names or pattern.groups != len(names):  # pragma: no cover
            raise RuntimeError(f"capture groups changed: {by_index}")
    return patterns


# Compiled only when a text needs them: most never do.
@cache
def _chain_re() -> re.Pattern[str]:
    return re.compile(_chain_pattern())


@cache
def _bare_value_re() -> re.Pattern[str]:
    return re.compile(_bare_value_pattern())


_NON_DIGIT_STARTS = frozenset("-−H")
_NO_CHAINS: frozenset[int] = frozenset()
_SUPERSCRIPT_TABLE = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻⁺−", "0123456789-+-")

# How far back a label may start; long enough for "gravimetric energy density is ".
_LOOKBEHIND = 48
_DIMENSION_OF_LABEL = {name: parameter.dimension for name, parameter in PARAMETERS.items()}


# The named groups of the value and prefix patterns, in the order the reader takes them.
_VALUE_GROUPS = (
    "nines", "extra", "hrb", "sign", "first", "unit", "link", "sign2", "second", "unit2", "suffix",
)  # fmt: skip

_PREFIX_GROUPS = (
    "comparator", "label", "word", "el_before_content", "el_after_content", "el_chinese",
    "el_symbol", "tight", "el_single",
)  # fmt: skip
