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
    """

    keyword: str
    folded: str
    boundary_pattern: str | None

    @classmethod
    def build(cls, keyword: str, *, case_sensitive: bool = False) -> KeywordMatcher:
        folded = keyword if case_sensitive else fold(keyword)
        if not (folded[:1].isascii() or folded[-1:].isascii()):
            return cls(keyword, folded, None)
        if case_sensitive:
            pattern = rf"(?<![0-9A-Za-z]){re.escape(folded)}(?![0-9A-Za-z])"
        else:
            plural = "(?:s|es)?" if folded[-1:].isalpha() else ""
            pattern = rf"(?<![0-9a-z]){re.escape(folded)}{plural}(?![0-9a-z])"
        return cls(keyword, folded, pattern)

    def find(self, haystack: str) -> str | None:
        """The matched text, or None."""
        if self.folded not in haystack:
            return None
        if self.boundary_pattern is None:
            return self.folded
        found = _compiled(self.boundary_pattern).search(haystack)
        return found.group(0) if found else None


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
    Chinese), and a row looks up only its own words and characters.
    """

    def __init__(self, matchers: list[KeywordMatcher]) -> None:
        self._by_key: dict[str, list[KeywordMatcher]] = {}
        for matcher in matchers:
            key = first_key(matcher.folded.lower())
            self._by_key.setdefault(key, []).append(matcher)

    def candidates(self, folded: str) -> set[KeywordMatcher]:
        """The matchers whose first word or character occurs in ``folded``."""
        found: set[KeywordMatcher] = set()
        by_key = self._by_key
        keys = set(_LATIN_TOKEN.findall(folded))
        # plural forms: "ingots" must reach the keyword "ingot"
        keys |= {k[:-1] for k in keys if k.endswith("s")} | {
            k[:-2] for k in keys if k.endswith("es")
        }
        keys |= {ch for ch in folded if not ch.isascii()}
        for key in keys:
            found.update(by_key.get(key, ()))
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
