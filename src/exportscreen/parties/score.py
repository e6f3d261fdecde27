"""Score one query name against one list name: token credit, alignment, adjustments.

The name part is a weighted token alignment. Each token weighs its rarity in the loaded lists
(inverse document frequency), so `GROUP` or `TRADING` count for little and a distinctive word
counts for a lot. Aligned pairs earn their credit (1 for equal tokens, a little less for a typo
or an abbreviation) times the weights of both tokens; the name score is that total over the
weights of all tokens on both sides. Unaligned distinctive words on either side therefore pull
the score down hard, unaligned common words barely.

Refinements: one-sided place names and the extra words of a name wholly contained in the other
weigh less; a name whose rarest word found no partner is scaled down. Adjustments, in score
points, are then added: legal forms, digits, places, party type, country. Every part is kept so
the hit can explain itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from exportscreen.parties import legal_forms as lf
from exportscreen.parties.normalize import NormalizedName
from exportscreen.parties.spelling import (
    ACRONYM_CREDIT,
    INITIAL_CREDIT,
    KIND_WORD_CREDIT,
    MAX_RUN,
    MAX_TRANSLIT_LENGTH_GAP,
    MIN_SYLLABIC_LENGTH,
    MIN_SYLLABLE,
    SHORT_LIST_ACRONYM_CREDIT,
    SYLLABIC_CREDIT,
    spelling_credit,
)

# Name-part refinements (see align()).
GEOGRAPHIC_QUALIFIER_SHARE = 0.25  # weight kept by a one-sided place name (a branch marker)
CONTAINMENT_DISCOUNT = 0.25  # weight dropped from extra words when one name contains the other
# Persons are written without their middle names and patronymics more often than not
# ("Jose MURILLO" for "MURILLO MURILLO, Jose Tolentino"): once two names agree, their extra
# words drop half.
PERSON_CONTAINMENT_DISCOUNT = 0.5
# A match needs the distinctive word: when the rarest word of either name is left unmatched,
# the name part is scaled down ("NATIONAL MOLINA DEVELOPMENT ADMINISTRATION" must not pass for
# a listed "NATIONAL <rare word> DEVELOPMENT ADMINISTRATION").
KEY_WORD_MISSING_FACTOR = 0.85

# Adjustments, in score points.
LEGAL_FORM_AGREE = 2.0
LEGAL_FORM_CONFLICT = -8.0  # a signal, not a veto: listed parties re-register under new forms
COUNTRY_AGREE = 3.0
COUNTRY_DISAGREE = -5.0
# Numbers are identity: a different number is evidence of a different party, on top of the
# unaligned number tokens already lowering the name part. Where the number is most of the name
# ("11420 CORP." against "11421 CORP.") the name part is already near zero; where a long
# distinctive name differs only in a series number (FUND VII / FUND VIII) the penalty leaves a
# weak alert for a human to look at.
DIGITS_DISJOINT = -15.0
DIGITS_PARTLY_DIFFERENT = -10.0
DIGITS_ONE_SIDED = -8.0
PLACE_CONFLICT = -10.0  # Bank of China (Hong Kong) against Bank of China (Singapore)
COMPANY_FORM_AGAINST_PERSON = -30.0  # "EMMA LLC" names a company, not the person Emma Daniels


class Alignment:
    """Result of aligning two token sequences; plain class for speed."""

    __slots__ = (
        "discounted",
        "key_word_missing",
        "name_score",
        "pairs",
        "unmatched_candidate",
        "unmatched_query",
    )

    def __init__(
        self,
        name_score: float,
        pairs: list[tuple[str, str, float]],
        unmatched_query: list[str],
        unmatched_candidate: list[str],
        discounted: list[str],
        key_word_missing: bool,
    ) -> None:
        self.name_score = name_score  # 0..100
        self.pairs = pairs  # (query text, candidate text, credit)
        self.unmatched_query = unmatched_query
        self.unmatched_candidate = unmatched_candidate
        self.discounted = discounted  # unmatched words that weighed less (places, extra words)
        self.key_word_missing = key_word_missing  # the rarest word of a name found no partner


def _runs(free: list[int], length: int) -> list[list[int]]:
    """Runs of 2..length consecutive positions that are all still free."""
    free_set = set(free)
    runs: list[list[int]] = []
    for start in free:
        run = [start]
        for nxt in range(start + 1, start + length):
            if nxt not in free_set:
                break
            run.append(nxt)
            runs.append(list(run))
    return runs


def align(
    query: NormalizedName,
    candidate: NormalizedName,
    credits: Mapping[str, Mapping[str, float]],
    query_weights: Sequence[float],
    candidate_weights: Sequence[float],
    *,
    initials: bool = False,
    truncations: Mapping[str, Mapping[str, float]] | None = None,
) -> Alignment:
    """Greedy best-first alignment, then joined words, acronyms, (for organisations) words cut
    short and (for persons) initials.

    `credits[q][c]` holds precomputed token credits; missing entries mean no match.
    `truncations[q][c]` holds readings of query words cut short (NameIndex.truncations): they
    come after joined words, so PATR USHEV is PATRUSHEV, not PATR(USHEV) plus a stray word.
    """
    qt, ct = query.tokens, candidate.tokens
    scored: list[tuple[float, int, int, float]] = []
    for i, q in enumerate(qt):
        row = credits.get(q)
        if not row:
            continue
        for j, c in enumerate(ct):
            credit = row.get(c)
            if credit:
                scored.append((credit * (query_weights[i] + candidate_weights[j]), i, j, credit))
    scored.sort(reverse=True)
    q_used = [False] * len(qt)
    c_used = [False] * len(ct)
    earned = 0.0
    pairs: list[tuple[str, str, float]] = []
    for gain, i, j, credit in scored:
        if q_used[i] or c_used[j]:
            continue
        q_used[i] = c_used[j] = True
        earned += gain
        pairs.append((qt[i], ct[j], credit))

    if not all(q_used) and not all(c_used):
        # Persons have no acronyms: LEE is not LEYVA ESCANDON, Edgardo.
        earned += _align_runs(
            qt, ct, q_used, c_used, query_weights, candidate_weights, pairs, acronyms=not initials
        )
        earned += _align_runs(
            ct,
            qt,
            c_used,
            q_used,
            candidate_weights,
            query_weights,
            pairs,
            swapped=True,
            acronyms=not initials,
        )
    if not all(q_used) or not all(c_used):
        earned += _align_glued_forms(
            query, candidate, q_used, c_used, query_weights, candidate_weights, pairs
        )
    # Words cut short (SERV ~ SERVICES): organisations only; in person names a short word is a
    # name of its own (LIND is not LINDEMANN).
    if truncations and not initials and not all(q_used) and not all(c_used):
        readings = truncations

        def cut_short(q: str, c: str) -> float:
            return readings.get(q, {}).get(c, 0.0)

        earned += _align_leftovers(
            qt, ct, q_used, c_used, query_weights, candidate_weights, pairs, cut_short
        )
    # Leftovers: initials for persons (J ~ John); for organisations, once a real word aligned,
    # two words for the kind of body (CENTER ~ GROUP).
    if (initials or pairs) and not all(q_used) and not all(c_used):
        earned += _align_leftovers(
            qt,
            ct,
            q_used,
            c_used,
            query_weights,
            candidate_weights,
            pairs,
            _initial_credit if initials else _kind_word_credit,
        )

    discounted: list[str] = []
    total = sum(query_weights) + sum(candidate_weights)
    total -= _extra_word_discount(
        qt, ct, q_used, c_used, query_weights, candidate_weights, discounted, person=initials
    )
    name_score = 100.0 * earned / total if total > 0 else 0.0
    key_word_missing = _key_word_missing(q_used, query_weights) or _key_word_missing(
        c_used, candidate_weights
    )
    if key_word_missing:
        name_score *= KEY_WORD_MISSING_FACTOR
    return Alignment(
        min(100.0, name_score),
        pairs,
        [t for t, used in zip(qt, q_used, strict=True) if not used],
        [t for t, used in zip(ct, c_used, strict=True) if not used],
        discounted,
        key_word_missing,
    )


def _key_word_missing(used: list[bool], weights: Sequence[float]) -> bool:
    """The rarest word of a multi-word name found no partner: the name's identity is missing.

    A tie does not count: when a matched word is as rare as the rarest unmatched one (SOBINBANK
    against JSB SOBINBANK, both words unique on the lists), the identity is there.
    """
    if len(used) < 2:
        return False
    matched = unmatched = -1.0
    for weight, is_used in zip(weights, used, strict=True):
        if is_used:
            matched = max(matched, weight)
        else:
            unmatched = max(unmatched, weight)
    return matched >= 0 and unmatched > matched


def _extra_word_discount(
    qt: tuple[str, ...],
    ct: tuple[str, ...],
    q_used: list[bool],
    c_used: list[bool],
    query_weights: Sequence[float],
    candidate_weights: Sequence[float],
    discounted: list[str],
    *,
    person: bool = False,
) -> float:
    """Weight dropped for unmatched words that describe rather than contradict.

    A place name present on one side only is a branch marker (Deutsche Bank (Schweiz) AG) and
    keeps GEOGRAPHIC_QUALIFIER_SHARE of its weight. When one name lies wholly inside the other
    (RAMAK DUTY FREE / RAMAK), the extra words lose CONTAINMENT_DISCOUNT of theirs
    (PERSON_CONTAINMENT_DISCOUNT for persons: middle names). The larger discount applies to
    each word; they do not stack.
    """
    if not any(q_used):
        return 0.0
    # A person's one name alone (GOTTHARD / LERCH, Gotthard) is no person: the larger discount
    # needs two names that agree.
    two_names = sum(q_used) >= 2
    containment = PERSON_CONTAINMENT_DISCOUNT if person and two_names else CONTAINMENT_DISCOUNT
    q_free = [i for i, used in enumerate(q_used) if not used]
    c_free = [j for j, used in enumerate(c_used) if not used]
    q_geo = {i for i in q_free if qt[i] in lf.GEOGRAPHIC_QUALIFIERS}
    c_geo = {j for j in c_free if ct[j] in lf.GEOGRAPHIC_QUALIFIERS}
    if q_geo and c_geo:
        q_geo = c_geo = set()  # two different places: the entities likely differ
    geo_discount = 1 - GEOGRAPHIC_QUALIFIER_SHARE
    discount = 0.0
    for tokens, free, geo, weights, contained in (
        (qt, q_free, q_geo, query_weights, not c_free),
        (ct, c_free, c_geo, candidate_weights, not q_free),
    ):
        for k in free:
            # Numbers identify; an extra number is never mere description.
            describes = contained and not tokens[k].isdigit()
            share = max(geo_discount if k in geo else 0.0, containment if describes else 0.0)
            if share:
                discount += share * weights[k]
                discounted.append(tokens[k])
    return discount


def place_conflict(alignment: Alignment) -> float:
    """Both names carry an unmatched, different place: Bank of China (Hong Kong) / (Singapore)."""
    places = lf.GEOGRAPHIC_QUALIFIERS
    if any(t in places for t in alignment.unmatched_query) and any(
        t in places for t in alignment.unmatched_candidate
    ):
        return PLACE_CONFLICT
    return 0.0


def _align_runs(
    one: tuple[str, ...],
    many: tuple[str, ...],
    one_used: list[bool],
    many_used: list[bool],
    one_weights: Sequence[float],
    many_weights: Sequence[float],
    pairs: list[tuple[str, str, float]],
    *,
    swapped: bool = False,
    acronyms: bool = True,
) -> float:
    """One token against a run of tokens: joined words (LOCKHEEDMARTIN) and acronyms (PLA)."""
    earned = 0.0
    free_many = [j for j, used in enumerate(many_used) if not used]
    if len(free_many) < 2:
        return 0.0
    runs = _runs(free_many, MAX_RUN)
    for i, token in enumerate(one):
        if one_used[i] or token.isdigit():
            continue
        best: tuple[float, list[int]] | None = None
        for run in runs:
            if any(many_used[j] for j in run):
                continue
            parts = [many[j] for j in run]
            joined = "".join(parts)
            if token == joined:
                credit = 1.0
            elif abs(len(token) - len(joined)) <= MAX_TRANSLIT_LENGTH_GAP:
                credit = spelling_credit(token, joined)
            else:
                credit = 0.0
            if (
                not credit
                and acronyms
                and token[:MIN_SYLLABLE] == parts[0][:MIN_SYLLABLE]
                and _syllabic(token, parts)
            ):
                credit = SYLLABIC_CREDIT
            if (
                not credit
                and acronyms
                and 2 <= len(token) <= 5
                and len(run) == len(token)
                and all(not p.isdigit() for p in parts)
                and "".join(p[0] for p in parts) == token
            ):
                credit = (
                    SHORT_LIST_ACRONYM_CREDIT if swapped and len(token) == 3 else ACRONYM_CREDIT
                )
            if credit and (best is None or credit > best[0]):
                best = (credit, run)
        if best is None:
            continue
        credit, run = best
        one_used[i] = True
        for j in run:
            many_used[j] = True
        earned += credit * (one_weights[i] + sum(many_weights[j] for j in run))
        joined = " ".join(many[j] for j in run)
        pairs.append((joined, token, credit) if swapped else (token, joined, credit))
    return earned


def _syllabic(token: str, words: list[str]) -> bool:
    """TOKEN is made of the beginnings of WORDS, in order, each at least two letters, the last
    possibly whole: INCOVALLE = IN(versiones) CO(nstrucciones) VALLE, METEXCOL = MET(alurgia)
    EX(tractiva) COL(ombia). Spanish and Russian company names are often shortened this way."""
    if len(token) < MIN_SYLLABIC_LENGTH or not token.isalpha():
        return False
    if any(w.isdigit() or len(w) < MIN_SYLLABLE for w in words):
        return False

    def fits(position: int, index: int) -> bool:
        if index == len(words):
            return position == len(token)
        word = words[index]
        longest = min(len(word), len(token) - position)
        for size in range(longest, MIN_SYLLABLE - 1, -1):
            if token[position : position + size] == word[:size] and fits(
                position + size, index + 1
            ):
                return True
        return False

    return fits(0, 0)


def _align_glued_forms(
    query: NormalizedName,
    candidate: NormalizedName,
    q_used: list[bool],
    c_used: list[bool],
    query_weights: Sequence[float],
    candidate_weights: Sequence[float],
    pairs: list[tuple[str, str, float]],
) -> float:
    """A legal form glued to a name word: SIEMENSAG = SIEMENS + AG, JSCARGUMENT = JSC + ARGUMENT."""
    earned = 0.0
    for i, q in enumerate(query.tokens):
        if q_used[i]:
            continue
        for j, c in enumerate(candidate.tokens):
            if c_used[j]:
                continue
            glued = _glued_form(q, c) or _glued_form(c, q)
            if glued:
                q_used[i] = c_used[j] = True
                earned += query_weights[i] + candidate_weights[j]
                pairs.append((q, c, 1.0))
                break
    return earned


def _glued_form(longer: str, word: str) -> bool:
    if len(longer) <= len(word) + 1 or len(word) < 3:
        return False
    if longer.startswith(word):
        return longer[len(word) :] in lf.GLUEABLE_FORMS
    if longer.endswith(word):
        return longer[: -len(word)] in lf.GLUEABLE_FORMS
    return False


def _initial_credit(q: str, c: str) -> float:
    """Persons: "J" and "John" (either side may be the initial)."""
    return INITIAL_CREDIT if q[0] == c[0] and (len(q) == 1 or len(c) == 1) else 0.0


def _kind_word_credit(q: str, c: str) -> float:
    """Organisations: two words for the kind of body (CENTER / GROUP)."""
    return KIND_WORD_CREDIT if q in lf.KIND_WORDS and c in lf.KIND_WORDS else 0.0


def _align_leftovers(
    qt: tuple[str, ...],
    ct: tuple[str, ...],
    q_used: list[bool],
    c_used: list[bool],
    query_weights: Sequence[float],
    candidate_weights: Sequence[float],
    pairs: list[tuple[str, str, float]],
    credit_of: Callable[[str, str], float],
) -> float:
    """Pair each leftover query token with the first leftover list token it earns credit with."""
    earned = 0.0
    for i, q in enumerate(qt):
        if q_used[i]:
            continue
        for j, c in enumerate(ct):
            if c_used[j] or not (credit := credit_of(q, c)):
                continue
            q_used[i] = c_used[j] = True
            earned += credit * (query_weights[i] + candidate_weights[j])
            pairs.append((q, c, credit))
            break
    return earned


def digits_adjustment(query: NormalizedName, candidate: NormalizedName) -> float:
    """Numbers in names must agree: a different number is a different party."""
    qn, cn = query.numbers, candidate.numbers
    if not qn and not cn:
        return 0.0
    if not qn or not cn:
        return DIGITS_ONE_SIDED
    if qn == cn:
        return 0.0
    if set(qn) & set(cn):
        return DIGITS_PARTLY_DIFFERENT
    return DIGITS_DISJOINT


def legal_form_adjustment(query: NormalizedName, candidate: NormalizedName) -> float:
    if lf.forms_conflict(query.legal_forms, candidate.legal_forms):
        return LEGAL_FORM_CONFLICT
    if lf.forms_agree(query.legal_forms, candidate.legal_forms):
        return LEGAL_FORM_AGREE
    return 0.0


def type_adjustment(query: NormalizedName, candidate_type: str) -> float:
    if candidate_type == "person" and query.legal_forms:
        return COMPANY_FORM_AGAINST_PERSON
    return 0.0


def country_adjustment(query_country: str | None, candidate_countries: Sequence[str]) -> float:
    """A small nudge, never a filter: lists and consignees both get countries wrong."""
    if not query_country or not candidate_countries:
        return 0.0
    if query_country.upper() in candidate_countries:
        return COUNTRY_AGREE
    return COUNTRY_DISAGREE
