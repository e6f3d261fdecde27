"""What a declaration's goods text says, computed once and shared by every criterion."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from exportscreen.classify.params import Measurement, extract


def fold(text: str) -> str:
    """The form keyword search runs on: NFKC (full-width to half-width) and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(slots=True, eq=False)  # identity hashing: matchers are interned and used as set keys
class KeywordMatcher:
    """One keyword: a cheap substring test first, then a word-boundary check for Latin words.

    Latin keywords must stand as whole words (``tin`` must not match ``martin``), optionally with
    a plural ending; Chinese keywords match anywhere, as Chinese has no spaces. The boundary
    regex is compiled on first need, which keeps loading a cached engine cheap.

    A phrase of two or more Latin words also matches its words in any order, inflected, within
    a short window of one clause: "spheroidized natural graphite" finds "spherical graphite"
    (``stems``; ``variants`` maps spellings of one word to one, from the product vocabulary).
    """

    keyword: str
    folded: str
    boundary_pattern: str | None
    stems: tuple[str, ...] = ()
    variants: dict[str, str] | None = None

    @classmethod
    def build(
        cls, keyword: str, *, case_sensitive: bool = False, variants: dict[str, str] | None = None
    ) -> KeywordMatcher:
        folded = keyword if case_sensitive else fold(keyword)
        if not (folded[:1].isascii() or folded[-1:].isascii()):
            return cls(keyword, folded, None)
        if case_sensitive:
            pattern = rf"(?<![0-9A-Za-z]){re.escape(folded)}(?![0-9A-Za-z])"
            return cls(keyword, folded, pattern)
        plural = "(?:s|es)?" if folded[-1:].isalpha() else ""
        pattern = rf"(?<![0-9a-z]){re.escape(folded)}{plural}(?![0-9a-z])"
        words = _LATIN_TOKEN.findall(folded)
        phrase = (
            len(words) >= 2
            and folded.isascii()
            and all(len(w) >= 3 and w.isalpha() for w in words)  # not "ho metal", "4n"
        )
        if not phrase:
            return cls(keyword, folded, pattern)
        table = variants or {}
        return cls(keyword, folded, pattern, tuple(stem(table.get(w, w)) for w in words), variants)

    def find(self, haystack: str) -> str | None:
        """The matched text, or None."""
        if self.folded in haystack:
            if self.boundary_pattern is None:
                return self.folded
            found = _compiled(self.boundary_pattern).search(haystack)
            if found:
                return found.group(0)
        if self.stems:
            return self.find_phrase(haystack)
        return None

    def find_phrase(self, haystack: str) -> str | None:
        """The words of the phrase in any order and inflection within one short window."""
        tokens = _stemmed_tokens(haystack, self.variants or {})
        wanted = set(self.stems)
        width = len(self.stems) + 1
        for index, (token, _start, _end, clause) in enumerate(tokens):
            if token not in wanted:
                continue
            window = tokens[index : index + width]
            seen = {t for t, _, _, c in window if c == clause}
            if wanted <= seen:
                last = max(
                    i for i, (t, _, _, c) in enumerate(window) if t in wanted and c == clause
                )
                return haystack[tokens[index][1] : window[last][2]]
        return None


_SUFFIXES = (
    "ization", "isation", "ically", "izing", "ising", "oidal", "ized", "ised", "ical", "oid",
    "ing", "al", "ic", "ed", "es", "s", "e",
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A crude stem: spheroidized, spherical, spheroidal -> spher; oxides, oxide -> oxid."""
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                changed = True
                break
    return word


_CLAUSE_BREAK = re.compile(r"[,;:，；：。()（）\n]")


_TOKEN_CACHE: dict[tuple[str, int], list[tuple[str, int, int, int]]] = {}


def _stemmed_tokens(haystack: str, variants: dict[str, str]) -> list[tuple[str, int, int, int]]:
    """(stem, start, end, clause number) of each Latin word; the last few texts are kept."""
    key = (haystack, id(variants))
    cached = _TOKEN_CACHE.get(key)
    if cached is not None:
        return cached
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(haystack)]
    tokens = []
    clause = 0
    for found in _LATIN_TOKEN.finditer(haystack):
        while clause < len(breaks) and breaks[clause] < found.start():
            clause += 1
        word = found.group(0)
        tokens.append((stem(variants.get(word, word)), found.start(), found.end(), clause))
    if len(_TOKEN_CACHE) >= 64:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[key] = tokens
    return tokens


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_LATIN_TOKEN = re.compile(r"[0-9a-z]+")


def first_key(folded_keyword: str) -> str:
    """The index key of a keyword: its first Latin word, or its first character otherwise."""
    token = _LATIN_TOKEN.match(folded_keyword)
    return token.group(0) if token else folded_keyword[:1]


class KeywordIndex:
    """Which keywords can possibly occur in a text, found from the text's own words.

    Testing every keyword of every item against every row would cost thousands of substring
    searches per row; instead each keyword is filed under its first word (or first character for
    Chinese), and a row looks up only its own words and characters. A phrase that may match in
    any order is also filed under the stems of all its words.
    """

    def __init__(self, matchers: list[KeywordMatcher]) -> None:
        self._by_key: dict[str, list[KeywordMatcher]] = {}
        self._by_stem: dict[str, list[KeywordMatcher]] = {}
        self._variants: dict[str, str] = {}
        self._stems: dict[str, str] = {}  # text word -> its stem, memoised (bounded)
        for matcher in matchers:
            key = first_key(matcher.folded.lower())
            self._by_key.setdefault(key, []).append(matcher)
            if matcher.stems:  # every word must occur, so the first one's stem will do
                self._by_stem.setdefault(matcher.stems[0], []).append(matcher)
            if matcher.variants:
                self._variants = matcher.variants

    def candidates(self, folded: str) -> set[KeywordMatcher]:
        """The matchers whose first word or character occurs in ``folded``."""
        found: set[KeywordMatcher] = set()
        by_key = self._by_key
        words = set(_LATIN_TOKEN.findall(folded))
        keys = set(words)
        # plural forms: "ingots" must reach the keyword "ingot"
        keys |= {k[:-1] for k in keys if k.endswith("s")} | {
            k[:-2] for k in keys if k.endswith("es")
        }
        keys |= {ch for ch in folded if not ch.isascii()}
        for key in keys:
            found.update(by_key.get(key, ()))
        if self._by_stem:
            by_stem = self._by_stem
            stems = self._stems
            for word in words:
                word_stem = stems.get(word)
                if word_stem is None:
                    if len(stems) >= 50_000:
                        stems.clear()
                    word_stem = stems[word] = stem(self._variants.get(word, word))
                matchers = by_stem.get(word_stem)
                if matchers:
                    found.update(matchers)
        return found


@dataclass
class GoodsFacts:
    """The goods text of one declaration, with lazily computed views of it.

    ``candidates`` (the keyword matchers that may occur) lets the engine skip the search for
    keywords whose first word is absent; None means "search every keyword".
    """

    text: str
    hs_code: str | None
    candidates: set[KeywordMatcher] | None = None
    _keyword_cache: dict[int, str | None] = field(default_factory=dict)
    views: dict[str, object] = field(default_factory=dict)  # per-declaration readings (goods.py)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def measurements(self) -> list[Measurement]:
        return extract(self.text)

    def keyword(self, matcher: KeywordMatcher, *, case_sensitive: bool = False) -> str | None:
        if self.candidates is not None and matcher not in self.candidates:
            return None
        key = id(matcher)
        if key not in self._keyword_cache:
            haystack = self.text if case_sensitive else self.folded
            self._keyword_cache[key] = matcher.find(haystack)
        return self._keyword_cache[key]

    def names_purity(self, measured: Measurement) -> bool:
        """A bare percentage directly after the goods' name or formula states their purity.

        "Antimony trioxide 99.8%", "Sb2O3 99.99%", "锑锭 99.65%": in every trade document a
        percentage written straight after a substance's name is its purity or content, so it can
        clear the goods as well as establish control. A value after a number, a punctuation mark
        or a word naming another quantity (ash, moisture, yield...) is not read so.
        """
        if measured.label == "content" and measured.element and measured.start > 0:
            # "三氧化二锑 99.99%": the element character ends the compound's name, so the
            # value is the compound's purity, not the element's content (as in "含锑 99%").
            first, before = measured.text[:1], self.text[measured.start - 1]
            return _is_cjk(first) and _is_cjk(before) and before not in _CONTENT_MARKERS
        if measured.label is not None or measured.element is not None:
            return False
        if _DILUTION.match(self.text, measured.end):  # "stibine 1% in hydrogen": a dilution
            return False
        before = self.text[: measured.start].rstrip(" \t")
        word = _LAST_WORD.search(before)
        if word is None or word.end() != len(before):
            return False
        token = word.group(0).casefold()
        if not any(ch.isalpha() for ch in token) or token in _OTHER_QUANTITIES:
            return False
        return not any(token.endswith(other) for other in _OTHER_QUANTITIES_CHINESE)


_CONTENT_MARKERS = frozenset("含有量的")


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


_DILUTION = re.compile(r"\s*(?:in|balance|bal\.?|rest|diluted|余|溶于|稀释|平衡)(?![a-z])", re.I)
_LAST_WORD = re.compile(r"[0-9A-Za-z\u3400-\u9fff()]+$")
_OTHER_QUANTITIES = frozenset(
    {"ash", "moisture", "water", "humidity", "yield", "efficiency", "loss", "recovery", "max",
     "maximum", "impurity", "impurities", "rate", "discount", "tax", "vat", "duty", "deposit"}
)  # fmt: skip
_OTHER_QUANTITIES_CHINESE = ("灰分", "水分", "含水", "湿度", "收率", "效率", "损耗", "杂质", "税")
