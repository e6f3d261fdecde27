"""How alike two single words are: credits for typos, abbreviations, words cut short, the same
sound or transliteration, and the edit budget they are judged by. Used by the pair scorer
(:mod:`exportscreen.parties.score`) and the candidate index."""

from __future__ import annotations

from collections.abc import Container, Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA

from exportscreen.parties import legal_forms as lf
from exportscreen.parties.pinyin import PINYIN_SYLLABLES

# Token credits (0..1) for matches that are not equality.
ABBREVIATION_CREDIT = 0.95  # COMM ~ communications
EQUIVALENT_CREDIT = 0.9  # the same generic word in another language: BANCO ~ bank
ACRONYM_CREDIT = 0.85  # PLA ~ people's liberation army
# A list name that is a bare three-letter acronym (EP-MMB) is the initials of three consecutive
# words of many long query names by chance ("Montgomery, Martinez and Banks"): against a list
# acronym of three letters a run of query words reaches review, not an alert.
SHORT_LIST_ACRONYM_CREDIT = 0.7
INITIAL_CREDIT = 0.6  # persons: I ~ Igor
SYLLABIC_CREDIT = 0.8  # INCOVALLE ~ INVERSIONES CONSTRUCCIONES VALLE
MIN_SYLLABIC_LENGTH = 5
MIN_SYLLABLE = 2
KIND_WORD_CREDIT = 0.5  # two different words for the kind of body: ASSOCIATION ~ SOCIETY
# A word cut short to save space (SERVIC ~ SERVICES, TECHNOL ~ TECHNOLOGY): only for a query
# word the lists do not use, of 5 letters or more (4-letter words are too often whole words:
# BUSH is not BUSHEHR), against a list word 2 or more letters longer.
TRUNCATED_WORD_CREDIT = 0.8
MIN_TRUNCATED_WORD = 5
SOUND_CREDIT = 0.8  # same consonant skeleton: HIZBULLAH ~ HEZBOLLAH
TRANSLIT_CREDIT = 0.88  # same transliteration key: QODS ~ QUDS, WALEED ~ WALID, NOOR ~ NOUR
MIN_TRANSLIT_LENGTH = 4  # three-letter words share keys by chance
MIN_TRANSLIT_KEY = 3
MAX_TRANSLIT_LENGTH_GAP = 3
MIN_SOUND_LENGTH = 5  # shorter words share skeletons by chance
MIN_SOUND_KEY = 4
MAX_RUN = 4  # joined words: one token against up to four on the other side


def _build_reverse_ambiguous() -> dict[str, tuple[str, ...]]:
    reverse: dict[str, list[str]] = {}
    for abbreviation, readings in lf.AMBIGUOUS_ABBREVIATIONS.items():
        for reading in readings:
            reverse.setdefault(reading, []).append(abbreviation)
    return {k: tuple(v) for k, v in reverse.items()}


REVERSE_AMBIGUOUS = _build_reverse_ambiguous()


def allowed_edits(length: int) -> int:
    """Typos tolerated in a token of this length: none up to 4 letters (IRAN/IRAQ, CVC/CVS)."""
    if length >= 9:
        return 2
    if length >= 5:
        return 1
    return 0


_SOUND_FOLDS = (("ph", "f"), ("q", "k"), ("ck", "k"), ("c", "k"), ("z", "s"), ("x", "ks"))
_SILENT = str.maketrans("", "", "aeiouyhw")


@lru_cache(maxsize=65536)
def sound_key(token: str) -> str:
    """Consonant skeleton for transliteration variants: HIZBULLAH/HEZBOLLAH -> hsbl.

    Vowels, y, w and h carry most of the variation between romanisations of Arabic, Persian
    or Russian names, so they are dropped after the first letter; doubled letters collapse.
    """
    if token.isdigit():
        return ""
    for old, new in _SOUND_FOLDS:
        token = token.replace(old, new)
    rest = token[1:].translate(_SILENT)
    key = token[:1]
    for ch in rest:
        if ch != key[-1]:
            key += ch
    return key


# Spelling pairs that romanisations of Arabic, Persian, Russian and Chinese use for one sound.
_TRANSLIT_FOLDS = (
    ("sch", "s"),
    ("ch", "C"),  # kept apart from k: CHECK is not KEK
    ("ph", "f"),
    ("kh", "k"),
    ("gh", "k"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("zh", "j"),
    ("dj", "j"),
    ("z", "s"),
    ("v", "f"),
)
# Vowel letters by the Arabic/Persian short vowel they usually write: fatha (a, e), kasra (i, e,
# y) and damma (u, o, w). Two vowel runs are compatible when they can write the same vowel.
_PLAIN_VOWELS = frozenset("aeiou")
_VOWEL_CLASSES = {"a": 1, "e": 3, "i": 2, "y": 2, "o": 4, "u": 4, "w": 4}


@lru_cache(maxsize=65536)
def translit_parts(token: str) -> tuple[str, tuple[int, ...]]:
    """Transliteration key and the vowel classes of its vowel runs.

    The key keeps consonants in place and writes each vowel run as "a"; doubled letters
    collapse. QODS/QUDS -> kads, NOOR/NOUR -> nar, WALEED/WALID -> walad, JAMAAH/JEMMAH -> jama,
    TAWHID/TAUHID -> tahad. Y, and W after a vowel, are vowels inside a word unless a vowel
    follows (MARAYA) or, for W, the word ends (SNOW); an H after a consonant or at the end after
    a vowel is silent. IRAN/IRAQ (aran/arak) and CVS/CVC (kfs/kfk)
    keep different keys.
    """
    if token.isdigit():
        return "", ()
    for old, new in _TRANSLIT_FOLDS:
        token = token.replace(old, new)
    key = ""
    classes: list[int] = []
    previous_vowel = False
    last = len(token) - 1
    for position, ch in enumerate(token):
        vowel = ch in "aeiou" or (
            # Y and W before a vowel are consonants (MARAYA, not MARY); a final W too (SNOW).
            position > 0
            and (ch == "y" or (ch == "w" and previous_vowel and position < last))
            and token[position + 1 : position + 2] not in _PLAIN_VOWELS
        )
        if vowel:
            if previous_vowel:
                classes[-1] |= _VOWEL_CLASSES[ch]
            else:
                classes.append(_VOWEL_CLASSES[ch])
                key += "a"
        elif ch == "h" and position > 0 and (not previous_vowel or position == last):
            continue
        elif not key or key[-1] != ch:
            key += ch
        previous_vowel = vowel
    return key, tuple(classes)


def translit_key(token: str) -> str:
    return translit_parts(token)[0]


def same_transliteration(a: str, b: str) -> bool:
    """Same key, and each pair of vowel runs can write one vowel (QODS/QUDS, not MOORE/MARA)."""
    key_a, classes_a = translit_parts(a)
    key_b, classes_b = translit_parts(b)
    if key_a != key_b or len(key_a) < MIN_TRANSLIT_KEY:
        return False
    if not all(x & y for x, y in zip(classes_a, classes_b, strict=True)):
        return False
    # Three-sound keys (NOOR/NOUR) are shared by unrelated words (SCHAAF/SEIF): one edit at most.
    return len(key_a) > MIN_TRANSLIT_KEY or OSA.distance(a, b, score_cutoff=1) <= 1


def token_credit(a: str, b: str) -> float:
    """How well two normalised tokens match, 0..1. Numbers must be equal."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    if b in lf.AMBIGUOUS_ABBREVIATIONS.get(a, ()) or a in lf.AMBIGUOUS_ABBREVIATIONS.get(b, ()):
        return ABBREVIATION_CREDIT
    if lf.are_equivalent(a, b):
        return EQUIVALENT_CREDIT
    return spelling_credit(a, b)


def spelling_credit(a: str, b: str) -> float:
    """Typos and transliteration variants of one word (no abbreviation or translation tables).

    Two different pinyin syllables get none: they are two characters, not one misspelt
    (LIANG / JIANG, HUANG / HONG, CHEN / CHENG).
    """
    if a in PINYIN_SYLLABLES and b in PINYIN_SYLLABLES:
        return 0.0
    longest = max(len(a), len(b))
    allowed = allowed_edits(longest)
    if allowed and abs(len(a) - len(b)) <= allowed:
        distance = OSA.distance(a, b, score_cutoff=allowed)
        if distance <= allowed:
            return 1.0 - 0.5 * distance / longest
    shortest = min(len(a), len(b))
    # Transliterations differ by doubled letters and digraphs: a few letters of length at most.
    if (
        shortest >= MIN_TRANSLIT_LENGTH
        and longest - shortest <= MAX_TRANSLIT_LENGTH_GAP
        and same_transliteration(a, b)
    ):
        return TRANSLIT_CREDIT
    if shortest >= MIN_SOUND_LENGTH:
        key = sound_key(a)
        if len(key) >= MIN_SOUND_KEY and key == sound_key(b):
            return SOUND_CREDIT
    return 0.0


def may_be_cut_short(token: str, known: Container[str]) -> bool:
    """A query word that can be read as cut short: long enough, and no list word itself."""
    return len(token) >= MIN_TRUNCATED_WORD and token.isalpha() and token not in known


def cut_short_readings(token: str, words: Iterable[str]) -> dict[str, float]:
    """The words `token` may be cut from (two letters longer at least), with their credit."""
    return {
        w: TRUNCATED_WORD_CREDIT for w in words if len(w) >= len(token) + 2 and w.startswith(token)
    }


def abbreviation_neighbours(token: str) -> tuple[str, ...]:
    """Ambiguous abbreviations and their readings, and the same generic word in other languages."""
    return (
        lf.AMBIGUOUS_ABBREVIATIONS.get(token, ())
        + REVERSE_AMBIGUOUS.get(token, ())
        + lf.equivalent_words(token)
    )
