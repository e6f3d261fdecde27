"""Inverted index over list names: token postings, rarity weights, a typo-tolerant vocabulary.

Candidate generation never compares the query with every list name. Each query token is looked
up in the vocabulary exactly, through a single-deletion index (finds tokens one or two edits
away, the SymSpell idea), through consonant-skeleton and transliteration keys, through ambiguous
abbreviations and the same generic word in other languages, split or joined with its neighbour,
and as an acronym in both directions (PLA -> PEOPLE'S LIBERATION ARMY, and a run of query words
-> a list acronym). The postings of those vocabulary tokens vote for list names, weighted by
rarity; only the best-voted names are scored in full.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from exportscreen.parties import legal_forms as lf
from exportscreen.parties.normalize import NormalizedName, normalize_name
from exportscreen.parties.records import UNSPECIFIED_SCHEME, PartyRecord
from exportscreen.parties.spelling import (
    ACRONYM_CREDIT,
    MIN_SOUND_KEY,
    MIN_SOUND_LENGTH,
    MIN_TRANSLIT_KEY,
    MIN_TRANSLIT_LENGTH,
    abbreviation_neighbours,
    allowed_edits,
    cut_short_readings,
    may_be_cut_short,
    sound_key,
    token_credit,
    translit_key,
)

MIN_DELETE_LENGTH = 4  # tokens shorter than this must match exactly anyway
MIN_GLUED_TYPO_PART = 5  # the misspelt half of a glued token needs letters enough for a typo
MIN_AFFIX_WORD = 4  # a whole word at the end of a syllabic abbreviation (VALLE in INCOVALLE)
NEIGHBOUR_CACHE_SIZE = 50_000
MIN_ACRONYM, MAX_ACRONYM = 3, 5  # acronyms of 3 to 5 words; two letters find anything
# Initials shared by more names than this are too ambiguous to vote (an acronym names one party).
MAX_ACRONYM_POSTINGS = 25
COMMON_TOKEN_SHARE = 0.03  # tokens in more than 3% of names do not vote when rarer ones exist
# A truncated word that begins more list words than this says too little (TRAN...).
MAX_TRUNCATION_READINGS = 30
MAX_EDITS = 2  # the most typos allowed_edits() tolerates in any word


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


class NameIndex:
    """All names of all records, normalised once, with the structures candidate search needs."""

    def __init__(self, records: Iterable[PartyRecord]) -> None:
        self.records: list[PartyRecord] = []
        self.names: list[NormalizedName] = []
        self.name_text: list[str] = []
        self.name_record: list[int] = []
        self.postings: dict[str, list[int]] = {}
        self.identifiers: dict[tuple[str, str], list[int]] = {}
        # Initials of runs of 3-5 consecutive words -> (name id, run start, run length), so the
        # query "PLA" finds "PEOPLE'S LIBERATION ARMY".
        self.acronyms: dict[str, list[tuple[int, int, int]]] = {}
        for record in records:
            record_id = len(self.records)
            self.records.append(record)
            for scheme, value in record.identifiers:
                self.identifiers.setdefault(normalize_identifier(scheme, value), []).append(
                    record_id
                )
            seen: set[tuple[str, ...]] = set()
            for text in record.names:
                normalized = normalize_name(text)
                if not normalized.tokens or normalized.tokens in seen:
                    continue
                seen.add(normalized.tokens)
                name_id = len(self.names)
                self.names.append(normalized)
                self.name_text.append(text)
                self.name_record.append(record_id)
                for token in set(normalized.tokens):
                    self.postings.setdefault(token, []).append(name_id)
                for start, size, initials in _acronym_runs(normalized.tokens):
                    self.acronyms.setdefault(initials, []).append((name_id, start, size))
        count = len(self.names)
        self._unknown_weight = math.log((count + 1) / 0.5)
        self.weights: dict[str, float] = {
            token: math.log((count + 1) / (len(ids) + 0.5)) for token, ids in self.postings.items()
        }
        self.name_weights: list[list[float]] = [
            [self.weights[t] for t in n.tokens] for n in self.names
        ]
        self.name_weight_sum: list[float] = [sum(w) for w in self.name_weights]
        self.common_limit = max(50, int(COMMON_TOKEN_SHARE * count))
        self._neighbour_cache: dict[str, dict[str, float]] = {}
        self.deletes: dict[str, list[str]] = {}
        self.sounds: dict[str, list[str]] = {}
        self.translits: dict[str, list[str]] = {}
        # Tokens long enough for two typos, by length and first letter. Two substitutions
        # (PRODUCTION / PRODUCTIVE) meet in a delete index only at two deletions on both sides,
        # which would triple its size; a C-speed scan of the few tokens of similar length and
        # the same first letter is cheaper (a first letter is rarely one of two typos).
        self.long_tokens: dict[tuple[int, str], list[str]] = {}
        # Alphabetic words in order: the words a truncation (SERV, TECHNOL) begins are a
        # bisect away.
        self.sorted_words: list[str] = sorted(t for t in self.postings if t.isalpha())
        # A query word longer than every list word by more than the edits allowed has no typo
        # neighbour: looking for one costs quadratic time in its length (issue 12 C5).
        self._longest_word = max((len(t) for t in self.postings), default=0)
        for token in self.postings:
            if len(token) >= MIN_DELETE_LENGTH and not token.isdigit():
                for variant in _deletes(token):
                    self.deletes.setdefault(variant, []).append(token)
                if allowed_edits(len(token)) >= 2:
                    self.long_tokens.setdefault((len(token), token[0]), []).append(token)
            if len(token) >= MIN_SOUND_LENGTH:
                key = sound_key(token)
                if len(key) >= MIN_SOUND_KEY:
                    self.sounds.setdefault(key, []).append(token)
            if len(token) >= MIN_TRANSLIT_LENGTH:
                key = translit_key(token)
                if len(key) >= MIN_TRANSLIT_KEY:
                    self.translits.setdefault(key, []).append(token)

    def weight(self, token: str) -> float:
        """Rarity of a token in the loaded lists; a token no list uses is as rare as it gets."""
        return self.weights.get(token, self._unknown_weight)

    def neighbours(self, token: str) -> dict[str, float]:
        """Vocabulary tokens that match `token`, with their credit (memoised: consignee names
        repeat words such as TRADING or SHANGHAI endlessly). Callers must not mutate the result."""
        cached = self._neighbour_cache.get(token)
        if cached is None:
            if len(self._neighbour_cache) >= NEIGHBOUR_CACHE_SIZE:
                self._neighbour_cache.clear()
            cached = self._neighbour_cache[token] = self._find_neighbours(token)
        return cached

    def _find_neighbours(self, token: str) -> dict[str, float]:
        found: dict[str, float] = {}
        if token in self.postings:
            found[token] = 1.0
        if token.isdigit():
            return found
        for reading in abbreviation_neighbours(token):
            if reading in self.postings:
                found[reading] = token_credit(token, reading)
        if len(token) >= MIN_TRANSLIT_LENGTH:
            for vocab in self.translits.get(translit_key(token), ()):
                if vocab not in found:
                    found[vocab] = token_credit(token, vocab)
        if len(token) >= MIN_SOUND_LENGTH:
            for vocab in self.sounds.get(sound_key(token), ()):
                if vocab not in found:
                    found[vocab] = token_credit(token, vocab)
        if allowed_edits(len(token) + 1) == 0 or len(token) > self._longest_word + MAX_EDITS:
            return found
        probes = {token} | _deletes(token)
        if allowed_edits(len(token)) >= 2:
            for variant in list(probes):
                probes |= _deletes(variant)
            for size in range(len(token) - 2, len(token) + 3):
                bucket = self.long_tokens.get((size, token[0]), ())
                for vocab, _distance, _ in process.extract_iter(
                    token, bucket, scorer=OSA.distance, score_cutoff=2
                ):
                    if vocab not in found and (credit := token_credit(token, vocab)):
                        found[vocab] = credit
        for probe in probes:
            if probe in self.postings and probe not in found:
                credit = token_credit(token, probe)
                if credit:
                    found[probe] = credit
            for vocab in self.deletes.get(probe, ()):
                if vocab not in found:
                    credit = token_credit(token, vocab)
                    if credit:
                        found[vocab] = credit
        return found

    def truncations(self, query: NormalizedName) -> dict[str, dict[str, float]]:
        """Readings of query words cut short to save space (SERV -> SERVICE, SERVICES): words no
        list uses, of MIN_TRUNCATED_WORD letters or more, against the list words they begin
        (two letters longer at least), unless they begin too many to say which."""
        found: dict[str, dict[str, float]] = {}
        words = self.sorted_words
        for token in set(query.tokens):
            if not may_be_cut_short(token, self.postings):
                continue
            start = bisect.bisect_left(words, token)
            end = bisect.bisect_left(words, token + "{")  # "{" sorts after every letter
            if not start < end <= start + MAX_TRUNCATION_READINGS:
                continue
            if readings := cut_short_readings(token, words[start:end]):
                found[token] = readings
        return found

    def query_credits(self, query: NormalizedName) -> dict[str, dict[str, float]]:
        """Credits of every query token against the vocabulary (for alignment and votes)."""
        return {token: self.neighbours(token) for token in set(query.tokens)}

    def _split_votes(
        self, query: NormalizedName, credits: dict[str, dict[str, float]]
    ) -> list[tuple[str, dict[str, float]]]:
        """Vocabulary words hidden in an unknown glued query token, as (token, matches) votes.

        Votes only, not alignment: the scorer aligns the glued token with the run of words as a
        whole. At each cut, the first that applies:
        - both halves are words or glueable legal forms: LOCKHEEDMARTIN, SIEMENSAG;
        - one half is a word, the other a misspelt word: ALHARAMAYN = AL + (HARAMAIN);
        - one half is a word of MIN_AFFIX_WORD letters or more, the other unknown: the seed of a
          syllabic abbreviation, INCOVALLE (INversiones COnstrucciones VALLE). The scorer
          checks the rest.
        """
        parts: list[tuple[str, dict[str, float]]] = []
        known = self.postings
        glueable = lf.GLUEABLE_FORMS
        for token in query.tokens:
            # A token with a vocabulary neighbour is a misspelling of it, not a glued one.
            if credits.get(token) or len(token) < 6 or token.isdigit():
                continue
            for cut in range(2, len(token) - 1):
                left, right = token[:cut], token[cut:]
                left_known, right_known = left in known, right in known
                if (left_known or left in glueable) and (right_known or right in glueable):
                    parts.extend((token, {p: 1.0}) for p in (left, right) if p in known)
                elif left_known != right_known:
                    word, other = (left, right) if left_known else (right, left)
                    misspelt = self.neighbours(other) if len(other) >= MIN_GLUED_TYPO_PART else None
                    if misspelt:
                        parts.append((token, misspelt))
                    elif len(word) >= MIN_AFFIX_WORD:
                        parts.append((token, {word: 1.0}))
        return parts

    def _acronym_votes(self, query: NormalizedName, votes: dict[int, float]) -> None:
        """Acronyms both ways: a query word that spells the initials of a run of list words
        (PLA / PEOPLE'S LIBERATION ARMY), and a run of query words whose initials are a list word
        (ISLAMIC REVOLUTIONARY GUARD CORPS / IRGC)."""
        name_weights = self.name_weights
        for token in set(query.tokens):
            if not MIN_ACRONYM <= len(token) <= MAX_ACRONYM or not token.isalpha():
                continue
            runs = self.acronyms.get(token, ())
            if not runs or len(runs) > MAX_ACRONYM_POSTINGS:
                continue
            weight = self.weight(token)
            for name_id, start, size in runs:
                gain = ACRONYM_CREDIT * (weight + sum(name_weights[name_id][start : start + size]))
                votes[name_id] = votes.get(name_id, 0.0) + gain
        for start, size, initials in _acronym_runs(query.tokens):
            ids = self.postings.get(initials)
            if not ids or len(ids) > MAX_ACRONYM_POSTINGS:
                continue
            gain = ACRONYM_CREDIT * (
                self.weights[initials]
                + sum(self.weight(t) for t in query.tokens[start : start + size])
            )
            for name_id in ids:
                votes[name_id] = votes.get(name_id, 0.0) + gain

    def _joined_tokens(self, query: NormalizedName) -> list[str]:
        """Adjacent query tokens glued together (LOCKHEED MARTIN -> lockheedmartin)."""
        tokens = query.tokens
        joined = [a + b for a, b in itertools.pairwise(tokens)]
        joined += [a + b + c for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)]
        for form in query.legal_tokens:
            if tokens:
                joined += [form + tokens[0], tokens[-1] + form]
        return [j for j in joined if j in self.postings]

    def candidates(
        self,
        query: NormalizedName,
        credits: dict[str, dict[str, float]],
        limit: int,
        min_estimate: float = 0.0,
        *,
        query_weight: float | None = None,
        truncations: dict[str, dict[str, float]] | None = None,
    ) -> list[tuple[float, int]]:
        """Up to `limit` (approximate score 0..1, name id) pairs at or above `min_estimate`,
        best first. `query_weight` replaces the query's own weight in the estimates."""
        if query_weight is None:
            query_weight = sum(self.weight(t) for t in query.tokens)
        voters: list[tuple[int, float, dict[str, float]]] = []
        for token in set(query.tokens):
            matches = credits.get(token, {})
            size = sum(len(self.postings.get(v, ())) for v in matches)
            if size:
                voters.append((size, self.weight(token), matches))
        for token, readings in (truncations or {}).items():
            size = sum(len(self.postings[w]) for w in readings)
            voters.append((size, self.weight(token), readings))
        for word in self._joined_tokens(query):
            voters.append((len(self.postings[word]), self.weight(word), {word: 1.0}))
        # A glued token aligns as a whole with a run of list words: it votes with its own
        # weight, so its candidates keep an estimate near the score they will get.
        for glued, matches in self._split_votes(query, credits):
            size = sum(len(self.postings[v]) for v in matches)
            voters.append((size, self.weight(glued), matches))
        votes: dict[int, float] = {}
        self._acronym_votes(query, votes)
        voters.sort(key=lambda v: v[0])
        for rank, (size, weight, matches) in enumerate(voters):
            # Common words only vote when nothing rarer does: a match needs a distinctive word.
            if rank > 0 and size > self.common_limit:
                break
            for vocab, credit in matches.items():
                gain = credit * (weight + self.weights[vocab])
                for name_id in self.postings[vocab]:
                    votes[name_id] = votes.get(name_id, 0.0) + gain
        weight_sum = self.name_weight_sum
        estimates = [
            (estimate, n)
            for n, gain in votes.items()
            if (estimate := gain / (query_weight + weight_sum[n])) >= min_estimate
        ]
        if len(estimates) <= limit:
            estimates.sort(reverse=True)
            return estimates
        return heapq.nlargest(limit, estimates)

    def by_identifier(self, identifiers: Iterable[tuple[str, str]]) -> set[int]:
        """Records carrying one of `identifiers`, or its value under no stated scheme."""
        found: set[int] = set()
        for scheme, value in identifiers:
            for key in (normalize_identifier(scheme, value), unspecified(value)):
                found.update(self.identifiers.get(key, ()))
        return found


def _acronym_runs(tokens: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, length, initials) of every run of 3-5 consecutive alphabetic tokens."""
    out: list[tuple[int, int, str]] = []
    for start in range(len(tokens)):
        initials = ""
        for size in range(1, MAX_ACRONYM + 1):
            end = start + size
            if end > len(tokens) or not tokens[end - 1].isalpha():
                break
            initials += tokens[end - 1][0]
            if size >= MIN_ACRONYM:
                out.append((start, size, initials))
    return out


def unspecified(value: str) -> tuple[str, str]:
    """The key `value` has when its source gives no scheme."""
    return normalize_identifier(UNSPECIFIED_SCHEME, value)


def normalize_identifier(scheme: str, value: str) -> tuple[str, str]:
    """IMO 9123456 = imo 9 123 456: schemes are case-blind, values ignore spacing/punctuation."""
    return scheme.strip().lower(), "".join(ch for ch in value.upper() if ch.isalnum())
