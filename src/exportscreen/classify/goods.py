"""What goods a declaration describes: its head, and what it says is absent.

The announcements control materials in named forms, listed equipment and technology, not every
article that contains or was made with them. Once an item's words are found, this module asks
two more questions of the declaration:

- **Absence.** Is every mention of the item's words negated ("not containing antimony",
  "Dy-free", "不含镝、铽", "Dy 0%")? Then the item is ``absent``.
- **Head.** What do the other words qualify? In English the head is the last noun of the first
  phrase ("drill bits" in "tungsten carbide tipped masonry drill bits"); in Chinese the last
  noun (充电器 in 氮化镓充电器). When the head is a product that is never the material (a
  charger, a pencil, a motor) the goods are ``not_the_material``; when the word names a listed
  form for some materials and an article for others (a window, a gasket) the form is
  ``form_ambiguous`` and a person must look. A head inside the item's own matched words ("diamond
  grinding wheel") is the item itself, and a list may declare heads that are its forms
  (``goods_forms``: a graphite crucible is a graphite product).

The words come from ``rules/vocabulary/products.yaml``; nothing here names a product.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from exportscreen.classify.criteria import Node
from exportscreen.classify.facts import GoodsFacts, fold
from exportscreen.classify.param_words import element_words
from exportscreen.model import Evidence

NOT_THE_MATERIAL = "not_the_material"
FORM_AMBIGUOUS = "form_ambiguous"
ABSENT = "absent"

# Where the first phrase of a description ends: punctuation, or an English word that starts a
# qualifying phrase ("LED bulbs with GaN chips", "graphite for pencils").
_HEAD_END = re.compile(
    r"[,;:，；：。()（）\[\]【】\n]|(?<![0-9a-z-])(?:with|containing|contains|for|of|in|incl|"
    r"including|made|used|using|based|without|not|free|except|excluding|other)(?![0-9a-z-])"
    r"|\s含|含有|用于|适用于|不含|无(?=[^\s])"
)
# Where a negated enumeration ends at the latest.
_CLAUSE_END = re.compile(r"[,;:，；：。()（）\[\]【】\n]")
_FINISHED_CHAPTERS = range(84, 97)  # HS chapters 84-96: machinery, vehicles, instruments, articles


@dataclass(frozen=True, slots=True)
class Reading:
    """What goods reading concluded for one item: outcome, evidence, and the words shown."""

    outcome: str
    evidence: Evidence
    what: str  # the head or the absent words, as written


@dataclass(slots=True)
class GoodsVocabulary:
    """The compiled product vocabulary (plain data: it pickles with the engine)."""

    # folded word -> (head id, kind): "product", "ambiguous", or "form" for the generic forms
    heads: dict[str, tuple[str, str]] = field(default_factory=dict)
    negation_before: tuple[str, ...] = ()
    negation_after: tuple[str, ...] = ()
    variants: dict[str, str] = field(default_factory=dict)  # folded word -> group's first word
    forms: dict[str, frozenset[str]] = field(default_factory=dict)  # "list/item" -> head ids/words
    _terms: tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]]] | None = None

    def term_index(self) -> tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]]]:
        """The head and form words by their tokens, built on first use and kept."""
        if self._terms is None:
            self._terms = _term_index(tuple(self.heads))
        return self._terms

    @property
    def empty(self) -> bool:
        return not (self.heads or self.negation_before or self.negation_after)

    def read(self, key: str, facts: GoodsFacts, evidence: Iterable[Evidence]) -> Reading | None:
        """The head reading for item ``key`` ("list/item"), or None when the goods may be it."""
        if not self.heads:
            return None
        view = _view(facts, self)
        spans = _keyword_spans(view.segment, evidence)
        forms = self.forms.get(key, frozenset())
        terms = [
            (start, end, word)
            for start, end, word in view.heads
            if not _overlaps(start, end, spans)
        ]
        if terms:
            start, end, word = max(terms)
            head_id, kind = self.heads[word]
            last_keyword = max((s for s, _ in spans), default=-1)
            if (
                kind != "form"
                and head_id not in forms
                and word not in forms
                and start > last_keyword
            ):
                shown = view.segment[start:end]
                detail = f"the goods are named '{shown}' ({head_id})"
                if kind == "ambiguous":
                    return Reading(FORM_AMBIGUOUS, Evidence("head", detail, None, shown), shown)
                return Reading(NOT_THE_MATERIAL, Evidence("head", detail, False, shown), shown)
        if not spans:
            other = _other_material(view.segment, evidence)
            if other:
                detail = f"the goods are named '{other}'"
                return Reading(NOT_THE_MATERIAL, Evidence("head", detail, False, other), other)
        return None

    def finished_goods(self, facts: GoodsFacts, reference: tuple[str, ...]) -> Reading | None:
        """A finished-goods HS chapter (84-96) that is not among the item's reference codes."""
        code = facts.hs_code
        if not code or int(code[:2]) not in _FINISHED_CHAPTERS or not reference:
            return None
        if any(code.startswith(r) or r.startswith(code) for r in reference):
            return None
        if any(r[:2] == code[:2] for r in reference):
            return None  # the item's own chapter: an equipment item, parts, a near miss
        return Reading(
            NOT_THE_MATERIAL,
            Evidence(
                "hs",
                f"HS {code} is in chapter {code[:2]} (machines, devices and finished articles), "
                "not a reference code of this item",
                False,
                code,
            ),
            f"HS chapter {code[:2]}",
        )

    def masked(self, facts: GoodsFacts) -> GoodsFacts | None:
        """The goods text with every stated absence blanked, or None when nothing is negated."""
        return _view(facts, self).masked


@dataclass(slots=True)
class _View:
    segment: str  # the first phrase of the description, folded
    heads: list[tuple[int, int, str]]  # product-vocabulary words in it: (start, end, folded word)
    masked: GoodsFacts | None
    has_form: bool  # the first phrase names a form of a material (ingot, powder, wafer...)


def _view(facts: GoodsFacts, vocabulary: GoodsVocabulary) -> _View:
    """Computed once per declaration and kept on the facts (every item reads the same view)."""
    cached = facts.views.get("goods")
    if isinstance(cached, _View):
        return cached
    description = next((line for line in facts.text.split("\n") if line.strip()), "")
    folded = fold(description)
    cut = _HEAD_END.search(folded, 1)  # a leading "with"/"of" does not end an empty phrase
    segment = folded[: cut.start()] if cut else folded
    heads: list[tuple[int, int, str]] = []
    if vocabulary.heads:
        # Overlapping matches (石墨粉 holds both 墨粉 and 粉): every start, longest word first;
        # a word inside a longer one is dropped, and a word overlapping the item's own
        # words is dropped when the item is read.
        found_all = _find_terms(segment, vocabulary.term_index())
        # a word inside a longer one is dropped: by start, longest first, one pass
        found_all.sort(key=lambda term: (term[0], -term[1]))
        reach = -1
        for start, end, word in found_all:
            if end > reach:
                heads.append((start, end, word))
                reach = end
    has_form = any(vocabulary.heads[word][1] == "form" for _, _, word in heads)
    view = _View(segment, heads, _masked(facts, vocabulary), has_form)
    facts.views["goods"] = view
    return view


_ZERO = re.compile(r"(?<![0-9.])0(?:\.0+)?(?![0-9.])")
_TERM_TOKEN = re.compile(r"[0-9a-z]+|[^\x00-\x7f]")  # a Latin word, or one CJK character
_TERM_GAP = re.compile(r"[\s-]*")


def _term_index(
    words: tuple[str, ...],
) -> tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]]]:
    """Vocabulary words by their tokens ("drill bit" -> (drill, bit); 充电器 -> 充, 电, 器),
    and every proper prefix of those token tuples (to stop extending a phrase early)."""
    index = {tuple(_TERM_TOKEN.findall(word)): word for word in words}
    index.pop((), None)
    prefixes = frozenset(key[:n] for key in index for n in range(1, len(key)))
    return index, prefixes


def _find_terms(
    segment: str, terms: tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]]]
) -> list[tuple[int, int, str]]:
    """Every vocabulary word in ``segment``, overlaps included: (start, end, word).

    Dictionary lookups over the segment's tokens (a plural last word also counts), so the
    cost follows the segment's length, not the vocabulary's size.
    """
    index, prefixes = terms
    tokens = [(m.group(0), m.start(), m.end()) for m in _TERM_TOKEN.finditer(segment)]
    joined = [False] + [
        not segment[tokens[i - 1][2] : tokens[i][1]].strip(" -\t") for i in range(1, len(tokens))
    ]
    found: list[tuple[int, int, str]] = []
    for first in range(len(tokens)):
        key: tuple[str, ...] = ()
        for last in range(first, len(tokens)):
            if last > first and not joined[last]:
                break
            token, _, end = tokens[last]
            stem_key = key
            key = (*key, token)
            word = index.get(key)
            if word is None and token.endswith("s") and token.isascii():
                word = index.get((*stem_key, token[:-1]))
                if word is None and token.endswith("es"):
                    word = index.get((*stem_key, token[:-2]))
            if word is not None:
                found.append((tokens[first][1], end, word))
            if key not in prefixes:
                break
    return found


def head_key(word: str) -> str:
    """How a vocabulary word is filed: folded, hyphens and runs of spaces as one space."""
    return _SPACING.sub(" ", fold(word)).strip()


_SPACING = re.compile(r"[\s-]+")


def _head_word(found: str, vocabulary: GoodsVocabulary) -> str | None:
    """The vocabulary word a match stands for (matches may be plural or hyphenated)."""
    key = head_key(found)
    for candidate in (key, key[:-1], key[:-2]):
        if candidate in vocabulary.heads:
            return candidate
    return None


def _alternation(words: Iterable[str]) -> str:
    """One regular expression for many words: Latin words whole (plural allowed), CJK anywhere."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = r"[\s-]+".join(re.escape(piece) for piece in word.split(" "))
        if word[:1].isascii() and word[-1:].isascii():
            parts.append(rf"(?<![0-9a-z]){escaped}(?:s|es)?(?![0-9a-z])")
        else:
            parts.append(escaped)
    return "|".join(parts) if parts else r"(?!x)x"


@functools.lru_cache(maxsize=256)
def _cue_regex_source(cues: tuple[str, ...]) -> str:
    return _alternation(cues)


@functools.cache
def _latin_subjects() -> frozenset[str]:
    """English element names and symbols (folded) that a negation cue can govern."""
    english, _ = element_words()
    return frozenset(english) | {symbol.casefold() for symbol in english.values()}


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _keyword_spans(segment: str, evidence: Iterable[Evidence]) -> list[tuple[int, int]]:
    """Where the item's matched words stand in the first phrase."""
    spans: list[tuple[int, int]] = []
    for item in evidence:
        if item.outcome is not True or item.kind not in ("keyword", "formula") or not item.found:
            continue
        needle = fold(item.found)
        start = segment.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = segment.find(needle, start + 1)
    return spans


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


_LATIN_WORD = re.compile(r"[a-z]+")


def _other_material(segment: str, evidence: Iterable[Evidence]) -> str | None:
    """An element named in the first phrase when the item's words stand only after it.

    "Lead; unwrought, containing by weight antimony": the goods are lead, which contains some
    antimony; the element that heads the description is what is declared.
    """
    matched = " ".join(fold(e.found) for e in evidence if e.outcome is True and e.found)
    english, chinese = element_words()
    words: list[str] = _LATIN_WORD.findall(segment)
    for word in words:
        if word in english and word not in matched:
            return word
    for char in segment:
        if char in chinese and char not in matched:
            return char
    return None


def _masked(facts: GoodsFacts, vocabulary: GoodsVocabulary) -> GoodsFacts | None:
    """Blank out what the text says is absent; None when it says nothing is."""
    return _blanked(facts, vocabulary, subjects=True)


def _unnegated(facts: GoodsFacts, vocabulary: GoodsVocabulary) -> GoodsFacts | None:
    """Blank out the words that state an absence ("free", "不含", the 0 of "Dy 0%") instead."""
    return _blanked(facts, vocabulary, subjects=False)


def _blanked(
    facts: GoodsFacts, vocabulary: GoodsVocabulary, *, subjects: bool
) -> GoodsFacts | None:
    original = unicodedata.normalize("NFKC", facts.text)
    text = original.casefold()
    if len(text) != len(original):  # a rare letter whose case folding changes the length
        original = text
    found = list(_negated_spans(text, vocabulary))
    zero = _ZERO.search(text) is not None  # only then can a stated content be zero
    for m in facts.measurements if zero else ():
        if m.element and m.label == "content" and m.high is not None and m.high == 0:
            if m.end > len(original):
                continue
            digit = next((i for i, ch in enumerate(m.text) if ch.isdigit()), len(m.text))
            found.append((m.start, m.start + digit, m.start + digit, m.end))
    if not found:
        return None
    chars = list(original)
    for subject_start, subject_end, cue_start, cue_end in found:
        start, end = (subject_start, subject_end) if subjects else (cue_start, cue_end)
        for position in range(start, min(end, len(chars))):
            if chars[position] != "\n":
                chars[position] = " "
    return GoodsFacts("".join(chars), facts.hs_code)


_ENUMERATION_LATIN = re.compile(
    r"\s*(?:(?:and|or|nor|any|added|by|weight|as|the|of|/|&|\+|-)\s*)*([a-z][a-z0-9]*)"
)
_ENUMERATION_JOIN = "、,/和及与或&+ "


def _negated_spans(text: str, vocabulary: GoodsVocabulary) -> Iterable[tuple[int, int, int, int]]:
    """(start, end) of each run of element names a negation cue governs, then the cue's own."""
    _, chinese = element_words()
    latin_subjects = _latin_subjects()
    present = [cue for cue in vocabulary.negation_before if cue in text]  # cheap first test
    pattern = _cue_regex_source(tuple(present)) if present else ""
    for found in _regex(pattern).finditer(text) if pattern else ():
        end_of_clause = _CLAUSE_END.search(text, found.end())
        limit = end_of_clause.start() if end_of_clause else len(text)
        position = found.end()
        start = position
        while position < limit:
            if text[position] in chinese:
                position += 1
                continue
            if text[position] in _ENUMERATION_JOIN and position > start:
                position += 1
                continue
            word = _ENUMERATION_LATIN.match(text, position, limit)
            if word and word.group(1) in latin_subjects:
                position = word.end()
                continue
            break
        if position > start:
            yield start, position, found.start(), found.end()
    for cue in (c for c in vocabulary.negation_after if c in text):
        # "Dy-free", "lead free": the word (or symbol) right before the cue
        pattern = rf"([a-z][a-z0-9]*)[\s-]?{re.escape(cue)}(?![0-9a-z])"
        for found in _regex(pattern).finditer(text):
            if found.group(1) in latin_subjects:
                yield found.start(1), found.end(1), found.end(1), found.end()


def read_goods(
    vocabulary: GoodsVocabulary,
    key: str,
    identify: Node,
    reference: tuple[str, ...],
    facts: GoodsFacts,
    evidence: list[Evidence],
) -> Reading | None:
    """Why an identified item is not what the declaration describes, if it is not.

    ``key`` is "list/item"; ``identify`` the item's identifying criterion, ``reference`` its
    reference HS codes, ``evidence`` what identified it. Absence is read first (the text says
    the item's words are absent), then the head, then a finished-goods HS chapter.
    """
    if vocabulary.empty:
        return None
    masked = vocabulary.masked(facts)
    if masked is not None:
        still, _ = identify.evaluate(masked)
        if still is False:
            gone = masked.folded
            stated = [
                e.found
                for e in evidence
                if e.outcome is True and e.found and fold(e.found) not in gone
            ]
            shown = ", ".join(dict.fromkeys(stated)) or "the item's words"
            return Reading(
                ABSENT,
                Evidence("absence", f"the declaration states that {shown} is absent", False, shown),
                shown,
            )
    reading = vocabulary.read(key, facts, evidence)
    if reading is not None:
        return reading
    if not _view(facts, vocabulary).has_form:
        return vocabulary.finished_goods(facts, reference)
    return None


def stated_absence(
    vocabulary: GoodsVocabulary, identify: Node, facts: GoodsFacts
) -> Reading | None:
    """For an item its words did not identify: are they there, but stated to be absent?

    An item whose own rules skip "Dy-free" or "Dy 0%" is not identified at all; read without
    the words that state the absence, the text identifies it, so the absence is the reason.
    """
    if vocabulary.empty or vocabulary.masked(facts) is None:
        return None
    plain = _unnegated(facts, vocabulary)
    if plain is None:
        return None
    found, evidence = identify.evaluate(plain)
    if found is not True:
        return None
    stated = [e.found for e in evidence if e.outcome is True and e.found]
    shown = ", ".join(dict.fromkeys(stated)) or "the item's words"
    return Reading(
        ABSENT,
        Evidence("absence", f"the declaration states that {shown} is absent", False, shown),
        shown,
    )
