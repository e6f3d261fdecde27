"""Turn a party name as written into comparable tokens.

Pipeline (each step says why in its comment): NFKC -> CJK/Hangul legal forms -> Han characters to
pinyin -> other scripts to ASCII -> case folding -> `&`, apostrophes, dotted initialisms,
punctuation -> number words -> legal forms (kept aside) -> abbreviations -> stop words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import OSA

from exportscreen.parties import legal_forms as lf

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Apostrophes vanish without a space: "Qa'ida" = "Qaida", "Poor's" = "Poors".
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u02b9\u00b4]")
# A.B.C. / S.A.R.L. / a-b-c / A/S: single letters joined by dots, hyphens or slashes: one token.
_INITIALISM = re.compile(r"(?<![a-z0-9])([a-z](?:[./\-][a-z])+)\.?(?![a-z0-9])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Digits glued to letters are split ("A320neo" keeps its number): "2004-ahl1" -> "ahl 1".
_DIGIT_BOUNDARY = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")
_ORDINAL = re.compile(r"(?<![a-z0-9])([0-9]+)(?:st|nd|rd|th)(?![a-z0-9])")
_ROMAN = re.compile(r"^(x{0,3})(ix|iv|v?i{0,3})$")


class NormalizedName:
    """A name reduced to comparable parts. Plain class: it sits in the matching hot path."""

    __slots__ = ("folded", "legal_forms", "legal_tokens", "numbers", "original", "tokens")

    def __init__(
        self,
        original: str,
        tokens: tuple[str, ...],
        legal_forms: frozenset[str],
        legal_tokens: tuple[str, ...],
        folded: str = "",
    ) -> None:
        self.original = original
        self.folded = folded  # the whole name as lower-case ASCII words, before any removal
        self.tokens = tokens  # name tokens in written order, legal forms and stop words removed
        self.legal_forms = legal_forms  # canonical legal forms, e.g. {"llc"}
        self.legal_tokens = legal_tokens  # the tokens that spelled those forms, e.g. ("ooo",)
        self.numbers = tuple(sorted(t for t in tokens if t.isdigit()))

    def __repr__(self) -> str:
        return f"NormalizedName({self.tokens!r}, forms={sorted(self.legal_forms)!r})"


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def _strip_cjk_legal_forms(text: str) -> tuple[str, list[str]]:
    """Remove legal forms written in CJK/Hangul before transliteration scrambles them."""
    found: list[str] = []
    for phrase, canonical in lf.CJK_LEGAL_FORMS:
        if phrase not in text:
            continue
        # The bare 公司 ("company") is only a legal form at the end of a name.
        if len(phrase) <= 2 and not text.rstrip().endswith(phrase):
            continue
        text = text.replace(phrase, " ")
        found.append(canonical)
    return text, found


def _han_to_pinyin(text: str) -> str:
    # pypinyin is heavy to import; only names with Han characters pay for it. It reads
    # traditional and simplified characters alike (馬 and 马 are both "ma").
    from pypinyin import lazy_pinyin

    return _HAN.sub(lambda m: " " + " ".join(lazy_pinyin(m.group(0))) + " ", text)


def fold(text: str) -> str:
    """NFKC, CJK legal forms removed, every script transliterated to lower-case ASCII words."""
    return _fold_with_forms(text)[0]


def _fold_with_forms(text: str) -> tuple[str, list[str]]:
    text = unicodedata.normalize("NFKC", text)
    forms: list[str] = []
    if _NON_ASCII.search(text):
        text, forms = _strip_cjk_legal_forms(text)
        if has_han(text):
            text = _han_to_pinyin(text)
        text = anyascii(text)
    text = text.casefold()
    text = text.replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    text = _INITIALISM.sub(lambda m: re.sub(r"[./\-]", "", m.group(1)), text)
    text = _NOT_WORD.sub(" ", text)
    text = _ORDINAL.sub(r"\1", text)  # 1st -> 1, before digits are split from letters
    text = _DIGIT_BOUNDARY.sub(" ", text)
    return text.strip(), forms


def _numbers_to_digits(tokens: list[str], *, romans: bool = True) -> list[str]:
    """forty four / forty-four / forty 4 -> 44; first / 1st -> 1; FUND XIV -> FUND 14.

    Roman numerals are read only where a series number sits: after two or more words, and for
    a lone I, V or X only when nothing but legal forms follows. Elsewhere "XI" or "VI" are as
    likely to be names (Xi Jinping) or initials; pinyin syllables are never numerals.
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in lf.TENS:
            value = lf.TENS[token]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt in lf.UNITS and lf.UNITS[nxt] < 10:
                value += lf.UNITS[nxt]
                i += 1
            elif len(nxt) == 1 and nxt.isdigit():
                value += int(nxt)
                i += 1
            out.append(str(value))
        elif token in lf.UNITS:
            out.append(str(lf.UNITS[token]))
        elif token.isdigit():
            out.append(str(int(token)) if len(token) < 6 else token)
        elif romans and _ROMAN.match(token) and _is_series_marker(tokens, i):
            out.append(str(_roman_value(token)))
        else:
            out.append(token)
        i += 1
    return out


def _is_series_marker(tokens: list[str], i: int) -> bool:
    """After two or more words: FUND XII, SOLUTIONS II (SWEDEN); a lone letter only at the end."""
    if i < 2 or not tokens[i]:
        return False
    return len(tokens[i]) >= 2 or all(
        (lf.fold_spelling(t),) in lf.LEGAL_PHRASES for t in tokens[i + 1 :]
    )


def _roman_value(token: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for current, following in zip(token, [*token[1:], ""], strict=True):
        value = values[current]
        total += -value if following and values[following] > value else value
    return total


@lru_cache(maxsize=65536)
def _legal_spelling(token: str) -> str:
    """A misspelt legal-form word (JOYNT, COMPAN, AKTIENGESELSCHAFT) as the table spells it."""
    if (
        token in lf.LEGAL_WORDS
        or len(token) < 5
        or token.isdigit()
        or token in lf.NOT_MISSPELT_LEGAL_WORDS
    ):
        return token
    for variant in {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}:
        for word in lf.LEGAL_WORD_DELETES.get(variant, ()):
            if OSA.distance(token, word) <= 1:
                return word
    return token


def _strip_legal_forms(tokens: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Legal forms removed, with misspelt legal words (JOYNT STOCK COMPAN) recognised too.

    The spelling fix is kept only for tokens consumed by a legal form; name words stay as
    written.
    """
    spelled = [_legal_spelling(t) for t in tokens]
    if spelled == tokens:
        return _strip_exact_legal_forms(tokens)
    kept, forms, consumed = _strip_exact_legal_forms(spelled)
    if kept == spelled:
        return tokens, forms, consumed
    # Map the kept corrected tokens back to the originals, in order.
    originals: list[str] = []
    position = 0
    for token in kept:
        while spelled[position] != token:
            position += 1
        originals.append(tokens[position])
        position += 1
    return originals, forms, consumed


def _strip_exact_legal_forms(tokens: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Remove legal forms: any length at either end (repeatedly), phrases of 2+ tokens anywhere.

    Short forms such as "as", "ad", "co", "sa" are also ordinary words or initials, so inside a
    name they stay name tokens. At least one name token is always kept ("AG" alone is a name).
    """
    forms: list[str] = []
    consumed: list[str] = []
    keys = [lf.fold_spelling(t) for t in tokens]  # phrases are keyed by folded spellings
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for size in range(min(lf.MAX_PHRASE_TOKENS, len(tokens) - 1), 0, -1):
            form = lf.LEGAL_PHRASES.get(tuple(keys[:size]))
            if form is not None:
                forms.append(form)
                consumed.extend(tokens[:size])
                tokens, keys = tokens[size:], keys[size:]
                changed = True
                break
            form = lf.LEGAL_PHRASES.get(tuple(keys[-size:]))
            if form is not None:
                forms.append(form)
                consumed.extend(tokens[-size:])
                tokens, keys = tokens[:-size], keys[:-size]
                changed = True
                break
    # Multi-token phrases in the middle: "ALSULTAN ... LIMITED SIRKETI", "X JOINT STOCK COMPANY Y".
    i = 0
    while i < len(tokens) and len(tokens) > 2:
        for size in range(min(lf.MAX_PHRASE_TOKENS, len(tokens) - 1), 1, -1):
            span = tuple(keys[i : i + size])
            form = lf.LEGAL_PHRASES.get(span) if len(span) == size else None
            if form is not None:
                forms.append(form)
                consumed.extend(tokens[i : i + size])
                tokens, keys = tokens[:i] + tokens[i + size :], keys[:i] + keys[i + size :]
                break
        else:
            i += 1
    return tokens, forms, consumed


def _expand_abbreviations(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        out.extend(lf.ABBREVIATIONS.get(token, (token,)))
    return out


MIN_SPELLED_LETTERS = 3
# The Arabic article is written as it is pronounced before "sun letters": AR-RAHMAN, AS-SALAM,
# ASH-SHABAB, AD-DAWA, AN-NUR, AZ-ZAWRA are AL RAHMAN, AL SALAM ... in other spellings.
_SUN_ARTICLES = frozenset({"ar", "as", "ash", "ad", "adh", "at", "ath", "an", "az", "ats"})


def _assimilated_articles(tokens: list[str]) -> list[str]:
    """AR RAHMAN -> AL RAHMAN: an article spelt with the next word's first consonant."""
    out = list(tokens)
    for i, token in enumerate(tokens[:-1]):
        if token in _SUN_ARTICLES and tokens[i + 1].startswith(token[1:]):
            out[i] = "al"
    return out


def _join_spelled_letters(tokens: list[str]) -> list[str]:
    """Three or more single letters in a row are one spelled-out word: M. D. S. -> mds.

    Dotted initialisms without spaces are joined while folding (A.B.C. -> abc); with spaces the
    letters arrive here one by one, and the single letter E would otherwise be dropped as a
    stop word (S E Z -> s z). Two letters stay apart: they are more often initials (L & H).
    """
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if len(run) >= MIN_SPELLED_LETTERS:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if token:
            out.append(token)
    return out


MIN_ACRONYM_LENGTH, MAX_ACRONYM_LENGTH = 3, 5


def _drop_redundant_acronyms(tokens: list[str]) -> list[str]:
    """An acronym written next to the words it abbreviates repeats them: "RAJAH SOLAIMAN
    MOVEMENT (RSM)" is "RAJAH SOLAIMAN MOVEMENT". Left in, RSM would be an unmatched rare word
    against every other spelling of the name. The acronym alone still finds the name: candidate
    search and alignment read acronyms."""
    if len(tokens) < MIN_ACRONYM_LENGTH + 1:
        return tokens
    for i, token in enumerate(tokens):
        size = len(token)
        if not MIN_ACRONYM_LENGTH <= size <= MAX_ACRONYM_LENGTH or not token.isalpha():
            continue
        before = tokens[max(0, i - size) : i]
        after = tokens[i + 1 : i + 1 + size]
        for run in (before, after):
            if len(run) == size and "".join(t[0] for t in run) == token:
                return tokens[:i] + tokens[i + 1 :]
    return tokens


@lru_cache(maxsize=4096)
def normalize_name(text: str) -> NormalizedName:
    folded, cjk_forms = _fold_with_forms(text)
    tokens = _numbers_to_digits(folded.split(), romans=not has_han(text))
    if not has_han(text):
        tokens = _join_spelled_letters(tokens)
    tokens, forms, consumed = _strip_legal_forms(tokens)
    tokens = _expand_abbreviations(tokens)
    # Pinyin syllables are never function words: 德 is "de", and it matters.
    kept = tokens if has_han(text) else [t for t in tokens if t not in lf.STOP_WORDS]
    if not kept:  # a name made only of function words is still a name
        kept = tokens
    kept = _drop_redundant_acronyms(_assimilated_articles(kept))
    return NormalizedName(text, tuple(kept), frozenset(forms + cjk_forms), tuple(consumed), folded)
