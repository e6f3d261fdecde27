"""Reviewers' decisions on restricted-party hits, kept in a YAML file next to the manifests.

A CI gate is unusable if a hit that a person has looked at and cleared fails every build forever,
so reviewers record their decisions in ``exportscreen-reviews.yaml``, committed with the
manifests and reviewed like code. A decision is deliberately narrow: it covers one declared name
(exactly as declared, up to case, full/half width and spacing), optionally in one country, against
one entry of one list. Nothing fuzzier: a review never clears a different name that happens to
score similarly, nor a different entry that the same name also hits.

File format::

    # exportscreen reviews: decisions on restricted-party hits. ...
    reviews:
      - id: r-1a2b3c4d
        name: "Lockheed Martin Dealer Ltd"
        country: GB
        list: cn-unreliable-entity-list
        entity: uel-lockheed-martin-corporation
        verdict: false_positive
        reviewer: "Jane Doe"
        reason: "different company: UK car dealer, Companies House 01234567"
        reviewed_on: 2026-11-20
        expires: 2027-05-20

Keys of each review:

``id``
    Optional. Letters, digits, ``.``, ``_`` and ``-``. When omitted it is derived from the name,
    country, list and entity (``r-`` and 8 hex digits), so it is stable across edits.
``name``
    The consignee or end-user name as declared. Compared after Unicode NFKC normalisation,
    case folding and collapsing whitespace, and in no other way.
``country``
    Optional ISO 3166-1 alpha-2 code. With it the review applies only when the declared
    consignee country (or destination) is that country; without it, in every country. When
    both exist, the country-specific review wins.
``list``, ``entity``
    The list id and entry id of the hit, as shown in the finding.
``verdict``
    ``false_positive`` (the hit is suppressed and no longer affects the decision) or
    ``confirmed`` (the hit stands; the review is reported as a note, never suppresses).
``reviewer``, ``reason``
    Who decided, and why: both are required, because the file is the audit trail.
``reviewed_on``, ``expires``
    Dates as ``YYYY-MM-DD``. ``expires`` is optional; a review is still in force on its expiry
    date and lapses the day after, when the hit counts again and a warning asks for a new review.

Loading is strict: unknown keys, bad dates or verdicts, duplicate ids and two reviews of the same
hit are all reported at once, each with its file and line. Saving rewrites the whole file in a
fixed order, so the same reviews always give the same text and diffs stay small.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import yaml

from exportscreen.countries import country_by_alpha2, find_country
from exportscreen.errors import ExportscreenError, Problem
from exportscreen.model import PartyFinding
from exportscreen.ruleset.yamlload import LoadedYaml, YamlSyntaxError, dotted_path, load_yaml

__all__ = [
    "CONFIRMED",
    "DEFAULT_REVIEWS_FILE",
    "FALSE_POSITIVE",
    "HEADER",
    "VERDICTS",
    "Review",
    "ReviewMatch",
    "Reviews",
    "ReviewsError",
    "apply_reviews",
    "normalise_name",
    "review_id",
]

DEFAULT_REVIEWS_FILE: Final = "exportscreen-reviews.yaml"
FALSE_POSITIVE: Final = "false_positive"
CONFIRMED: Final = "confirmed"
VERDICTS: Final = (FALSE_POSITIVE, CONFIRMED)

HEADER: Final = """\
# exportscreen reviews: decisions on restricted-party hits.
#
# Each review records what a person decided about one hit: a declared consignee or end-user
# name (as declared; case, full/half width and spacing do not matter) against one entry of one
# list. A false_positive review suppresses that hit, so a cleared name does not fail every
# check; a confirmed review never suppresses anything and is reported as a note. A review never
# applies to another name or another list entry, and lapses the day after it expires.
#
# Keys: id (derived from the other key fields when omitted), name, country (ISO alpha-2; omit
# to apply in every country), list, entity, verdict (false_positive | confirmed), reviewer,
# reason, reviewed_on and expires (YYYY-MM-DD; omit expires for no expiry).
#
# Tools that add or remove reviews rewrite this file in a fixed order; comments other than
# this header are not kept.
"""

# The order keys are written in, and the full set a review may have.
_KEYS: Final = (
    "id",
    "name",
    "country",
    "list",
    "entity",
    "verdict",
    "reviewer",
    "reason",
    "reviewed_on",
    "expires",
)
_REQUIRED: Final = frozenset(
    {"name", "list", "entity", "verdict", "reviewer", "reason", "reviewed_on"}
)
# Names people are likely to reach for, mapped to the key the format uses.
_ALIASES: Final = {
    "list_id": "list",
    "entity_id": "entity",
    "date": "reviewed_on",
    "reviewed": "reviewed_on",
    "expiry": "expires",
    "expires_on": "expires",
    "comment": "reason",
}

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ALPHA2 = re.compile(r"[A-Za-z]{2}")
# Candidates for a plain (unquoted) YAML scalar; ``_scalar`` also checks how YAML reads it.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")


class ReviewsError(ExportscreenError):
    """The reviews file (or a review) is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def normalise_name(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, whitespace collapsed. Nothing fuzzier.

    NFKC runs again after case folding because folding can produce text that is not in NFKC.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def review_id(name: str, country: str | None, list_id: str, entity_id: str) -> str:
    """The id derived from a review's key fields: ``r-`` and 8 hex digits of their SHA-256."""
    key = "\x1f".join((normalise_name(name), (country or "").upper(), list_id, entity_id))
    return "r-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class Review:
    """One reviewer's decision on one hit; construction validates every field."""

    id: str
    name: str
    country: str | None
    list_id: str
    entity_id: str
    verdict: str
    reviewer: str
    reason: str
    reviewed_on: date
    expires: date | None

    def __post_init__(self) -> None:
        problems = [
            Problem(f"review {self.id!r}", None, f"{field}: {message}", hint)
            for field, message, hint in _check_review(self)
        ]
        if problems:
            raise ReviewsError(problems)

    @classmethod
    def create(
        cls,
        *,
        name: str,
        list_id: str,
        entity_id: str,
        verdict: str,
        reviewer: str,
        reason: str,
        reviewed_on: date,
        country: str | None = None,
        expires: date | None = None,
        id: str | None = None,
    ) -> Review:
        """Build a review, deriving its id when none is given; the country may be lower case."""
        country = country.upper() if country else None
        return cls(
            id=id or review_id(name, country, list_id, entity_id),
            name=name,
            country=country,
            list_id=list_id,
            entity_id=entity_id,
            verdict=verdict,
            reviewer=reviewer,
            reason=reason,
            reviewed_on=reviewed_on,
            expires=expires,
        )

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        """What identifies the hit reviewed; at most one review per key."""
        return (normalise_name(self.name), self.country, self.list_id, self.entity_id)

    def active_on(self, today: date) -> bool:
        """In force on ``today``: the expiry date itself still counts."""
        return self.expires is None or today <= self.expires


@dataclass(frozen=True, slots=True)
class ReviewMatch:
    """The review that covers one hit, whether it is in force, and what to tell the user."""

    review: Review
    active: bool
    note: str

    @property
    def suppresses(self) -> bool:
        """Only a false-positive review in force clears a hit."""
        return self.active and self.review.verdict == FALSE_POSITIVE


class Reviews:
    """An immutable collection of reviews, at most one per hit, kept in a fixed order."""

    __slots__ = ("_by_id", "_by_key", "_reviews", "source")

    def __init__(self, reviews: Iterable[Review] = (), *, source: str | None = None) -> None:
        # Sorted so iteration and the saved file do not depend on the order reviews were added.
        self._reviews = tuple(sorted(reviews, key=_sort_key))
        self.source = source  # the file the reviews came from, for error messages
        self._by_id: dict[str, Review] = {}
        self._by_key: dict[tuple[str, str | None, str, str], Review] = {}
        problems: list[Problem] = []
        where = source or "reviews"
        for review in self._reviews:
            if review.key in self._by_key:
                first = self._by_key[review.key]
                problems.append(
                    Problem(
                        where,
                        None,
                        f"reviews {first.id!r} and {review.id!r} both review {review.name!r} "
                        f"against {review.list_id}/{review.entity_id}",
                        "keep one of them",
                    )
                )
            elif review.id in self._by_id:
                problems.append(
                    Problem(where, None, f"duplicate review id {review.id!r}", "give it a new id")
                )
            else:
                self._by_key[review.key] = review
                self._by_id[review.id] = review
        if problems:
            raise ReviewsError(problems)

    @classmethod
    def empty(cls) -> Reviews:
        return cls()

    @classmethod
    def load(cls, path: Path, *, missing_ok: bool = False) -> Reviews:
        """Read and validate ``path``; raise :class:`ReviewsError` listing every problem.

        With ``missing_ok`` a file that does not exist gives an empty collection, so a default
        reviews file can be looked for without making it mandatory.
        """
        filename = str(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            if missing_ok:
                return cls(source=filename)
            raise ReviewsError(
                [Problem(filename, None, "file not found", "check the path, or create the file")]
            ) from None
        except OSError as exc:
            raise ReviewsError(
                [Problem(filename, None, f"cannot read file: {exc.strerror}")]
            ) from None
        reviews, problems = _parse(raw, filename)
        if problems:
            raise ReviewsError(problems)
        return cls(reviews, source=filename)

    def save(self, path: Path) -> None:
        """Write the reviews as YAML, atomically: readers see the old file or the new one."""
        _write_atomic(path, self.to_yaml().encode("utf-8"))

    def to_yaml(self) -> str:
        """The file's text: the header, then every review in a fixed order and quoting."""
        if not self._reviews:
            return HEADER + "reviews: []\n"
        lines = [HEADER.rstrip("\n"), "reviews:"]
        for review in self._reviews:
            fields = _fields_of(review)
            for index, (key, value) in enumerate(fields):
                lead = "  - " if index == 0 else "    "
                lines.append(f"{lead}{key}: {value}")
        return "\n".join(lines) + "\n"

    def add(self, review: Review) -> Reviews:
        """A new collection with ``review``, replacing any review of the same hit."""
        kept = [r for r in self._reviews if r.key != review.key]
        return Reviews([*kept, review], source=self.source)

    def remove(self, review_id: str) -> Reviews:
        """A new collection without the review ``review_id``; ReviewsError if there is none."""
        if review_id not in self._by_id:
            known = ", ".join(sorted(self._by_id)[:10]) or "none"
            raise ReviewsError(
                [
                    Problem(
                        self.source or "reviews",
                        None,
                        f"no review with id {review_id!r}",
                        f"known ids: {known}",
                    )
                ]
            )
        return Reviews([r for r in self._reviews if r.id != review_id], source=self.source)

    def get(self, review_id: str) -> Review | None:
        return self._by_id.get(review_id)

    def __iter__(self) -> Iterator[Review]:
        return iter(self._reviews)

    def __len__(self) -> int:
        return len(self._reviews)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reviews) and self._reviews == other._reviews

    __hash__ = None  # type: ignore[assignment]  # equal by content, but not meant as a key

    def __repr__(self) -> str:
        return f"Reviews({len(self)} reviews, source={self.source!r})"

    def match(
        self,
        *,
        name: str,
        country: str | None,
        list_id: str,
        entity_id: str,
        today: date,
    ) -> ReviewMatch | None:
        """The review of exactly this name (and country) against exactly this list entry.

        A review naming the declared country wins over one that names none, even when it has
        expired: the more specific decision is the one the reviewer meant for this case, and an
        expired review errs towards showing the hit.
        """
        normalised = normalise_name(name)
        if not normalised:
            return None
        review = None
        if country:
            review = self._by_key.get((normalised, country.upper(), list_id, entity_id))
        if review is None:
            review = self._by_key.get((normalised, None, list_id, entity_id))
        if review is None:
            return None
        hit = f"{name!r} against {list_id}/{entity_id}"
        if not review.active_on(today):
            note = (
                f"review {review.id} expired on {review.expires}: the hit on {hit} counts again "
                "until it is reviewed again"
            )
            return ReviewMatch(review, False, note)
        if review.verdict == CONFIRMED:
            note = (
                f"hit on {hit} confirmed by {review.reviewer} on {review.reviewed_on} "
                f"(review {review.id}): {review.reason}"
            )
            return ReviewMatch(review, True, note)
        note = (
            f"reviewed false positive by {review.reviewer} on {review.reviewed_on}: {review.reason}"
        )
        return ReviewMatch(review, True, note)


def apply_reviews(
    findings: Sequence[PartyFinding],
    reviews: Reviews,
    *,
    declared_country: str | None,
    today: date,
) -> tuple[list[PartyFinding], list[str]]:
    """Mark findings cleared by a false-positive review in force; collect notes on the rest.

    Returns the findings in the same order, with ``suppressed`` set only on those an active
    false-positive review covers (the others are the same objects), and the notes to add to the
    result's warnings: expired reviews and confirmed hits, each once. ``declared_country`` is the
    declaration's consignee country (or destination) and is used for every role, since a
    declaration names no separate country for its end user.
    """
    out: list[PartyFinding] = []
    notes: list[str] = []
    for finding in findings:
        found = reviews.match(
            name=finding.query,
            country=declared_country,
            list_id=finding.list_id,
            entity_id=finding.entity_id,
            today=today,
        )
        if found is None:
            out.append(finding)
        elif found.suppresses:
            out.append(replace(finding, suppressed=found.note))
        else:
            out.append(finding)
            if found.note not in notes:
                notes.append(found.note)
    return out, notes


# --- validation ------------------------------------------------------------------------------


def _check_review(review: Review) -> list[tuple[str, str, str]]:
    """(field, message, hint) for every invalid field of a constructed review."""
    problems: list[tuple[str, str, str]] = []

    def check(field: str, value: object) -> None:
        if not isinstance(value, str):
            problems.append((field, f"must be text, not {type(value).__name__}", ""))
            return
        problem = _check_text(field, value)
        if problem:
            problems.append((field, *problem))

    for field, value in (
        ("id", review.id),
        ("name", review.name),
        ("list", review.list_id),
        ("entity", review.entity_id),
        ("verdict", review.verdict),
        ("reviewer", review.reviewer),
        ("reason", review.reason),
    ):
        check(field, value)
    if review.country is not None:
        check("country", review.country)
        if isinstance(review.country, str) and review.country != review.country.upper():
            problems.append(("country", f"{review.country!r} must be upper case", ""))
    for field, day in (("reviewed_on", review.reviewed_on), ("expires", review.expires)):
        if day is None and field == "expires":
            continue
        # A datetime is a date too, but would be written with a time and then not load.
        if not isinstance(day, date) or isinstance(day, datetime):
            problems.append((field, f"must be a date, not {type(day).__name__}", ""))
    if (
        isinstance(review.expires, date)
        and isinstance(review.reviewed_on, date)
        and review.expires < review.reviewed_on
    ):
        problems.append(
            (
                "expires",
                f"{review.expires} is before reviewed_on {review.reviewed_on}",
                "an expiry date must be on or after the review date",
            )
        )
    return problems


def _check_text(field: str, value: str) -> tuple[str, str] | None:
    """(message, hint) if a text field's value is invalid, else None."""
    if not value.strip():
        return "must not be empty", "fill it in"
    if field == "id" and not _ID.fullmatch(value):
        return (
            f"invalid id {value!r}",
            "use letters, digits, '.', '_' and '-', e.g. r-1a2b3c4d, or omit it to derive one",
        )
    if field in ("list", "entity") and value != value.strip():
        # Ids are compared exactly; stray spaces would make the review silently never match.
        return f"{value!r} has leading or trailing spaces", "remove them"
    if field == "verdict" and value not in VERDICTS:
        return f"unknown verdict {value!r}", "use false_positive or confirmed"
    if field == "country":
        return _check_country(value)
    return None


def _check_country(value: str) -> tuple[str, str] | None:
    if _ALPHA2.fullmatch(value):
        try:
            country_by_alpha2(value.upper())
        except KeyError:
            pass
        else:
            return None
    country = find_country(value)
    hint = f"did you mean {country.alpha2}?" if country else "e.g. GB, or omit it for any country"
    return f"{value!r} is not an ISO 3166-1 alpha-2 country code", hint


def _parse(raw: bytes, filename: str) -> tuple[list[Review], list[Problem]]:
    """Every valid review in the file and every problem found, sorted by line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        return [], [Problem(filename, None, message, "save the file as UTF-8")]
    try:
        parsed = load_yaml(text)
    except YamlSyntaxError as exc:
        message = f"YAML syntax error: {exc}"
        return [], [Problem(filename, exc.line, message, "check indentation and quoting")]
    problems = [
        Problem(filename, line, f"duplicate key {dotted_path(path)!r}", "remove one of the two")
        for path, line in parsed.duplicate_keys
    ]
    data = parsed.data
    if data is None:  # an empty file, or only comments: no reviews yet
        return [], problems
    if not isinstance(data, dict):
        problems.append(
            Problem(filename, 1, "a reviews file must be a mapping", "start it with 'reviews:'")
        )
        return [], problems
    for key in data:
        if key != "reviews":
            problems.append(
                Problem(
                    filename,
                    parsed.line_of((key,)),
                    f"unknown key {key!r}",
                    "the file has one top-level key, 'reviews'",
                )
            )
    if "reviews" not in data:
        problems.append(
            Problem(filename, 1, "missing required key 'reviews'", "start the file with 'reviews:'")
        )
    entries = data.get("reviews")
    if entries is None:  # "reviews:" with nothing under it, after the last one was deleted
        entries = []
    if not isinstance(entries, list):
        problems.append(
            Problem(
                filename,
                parsed.line_of(("reviews",)),
                "reviews: must be a list of reviews",
                "write each review as an item starting with '- '",
            )
        )
        entries = []
    reviews: list[tuple[int, Review]] = []
    for index, entry in enumerate(entries):
        review, entry_problems = _parse_entry(entry, index, parsed, filename)
        problems.extend(entry_problems)
        if review is not None:
            reviews.append((index, review))
    problems.extend(_duplicates(entries, reviews, parsed, filename))
    problems.sort(key=lambda p: p.line or 0)
    return [review for _, review in reviews], problems


def _parse_entry(
    entry: Any, index: int, parsed: LoadedYaml, filename: str
) -> tuple[Review | None, list[Problem]]:
    base = ("reviews", index)
    where = f"reviews[{index}]"
    if not isinstance(entry, dict):
        return None, [
            Problem(
                filename,
                parsed.line_of(base),
                f"{where}: each review must be a mapping",
                "write 'name: ...', 'list: ...' and so on under the '- '",
            )
        ]
    problems: list[Problem] = []

    def add(field: str, message: str, hint: str = "") -> None:
        line = parsed.line_of((*base, field)) if field in entry else parsed.line_of(base)
        problems.append(Problem(filename, line, f"{where}.{field}: {message}", hint))

    for key in entry:
        if key not in _KEYS:
            guess = _ALIASES.get(key) or next(
                iter(difflib.get_close_matches(key, _KEYS, n=1)), None
            )
            hint = f"did you mean {guess!r}?" if guess else "remove it or check the spelling"
            add(key, f"unknown key {key!r}", hint)
    values: dict[str, Any] = {}
    for key in _KEYS:
        value = entry.get(key)
        if value is None:
            if key in _REQUIRED:
                add(key, f"missing required key {key!r}", "add it")
            continue
        if not isinstance(value, str):
            add(key, "must be a single value, not a list or mapping")
            continue
        if key in ("reviewed_on", "expires"):
            day = _parse_date(value)
            if day is None:
                add(key, f"invalid date {value!r}", "write dates as YYYY-MM-DD")
            else:
                values[key] = day
            continue
        problem = _check_text(key, value)
        if problem:
            add(key, *problem)
        else:
            values[key] = value
    if problems:
        return None, problems
    try:
        review = Review.create(
            id=values.get("id"),
            name=values["name"],
            country=values.get("country"),
            list_id=values["list"],
            entity_id=values["entity"],
            verdict=values["verdict"],
            reviewer=values["reviewer"],
            reason=values["reason"],
            reviewed_on=values["reviewed_on"],
            expires=values.get("expires"),
        )
    except ReviewsError as exc:  # checks across fields, such as expiry before review
        for found in exc.problems:
            field, _, message = found.message.partition(": ")
            add(field, message, found.hint)
        return None, problems
    return review, []


def _parse_date(value: str) -> date | None:
    # Only YYYY-MM-DD: fromisoformat would also take "20261120", which nobody means in a review.
    if not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _duplicates(
    entries: list[Any], reviews: list[tuple[int, Review]], parsed: LoadedYaml, filename: str
) -> list[Problem]:
    """Two reviews of the same hit, or two with the same id: ambiguous, so both are errors.

    Explicit ids are checked on every entry, valid or not, so a duplicate id shows up together
    with the entry's other problems rather than only after they are fixed.
    """
    problems: list[Problem] = []
    by_key: dict[tuple[str, str | None, str, str], int] = {}
    key_duplicates: set[int] = set()
    for index, review in reviews:
        line = parsed.line_of(("reviews", index)) or 0
        if review.key in by_key:
            key_duplicates.add(index)
            problems.append(
                Problem(
                    filename,
                    line,
                    f"reviews[{index}]: {review.name!r} against {review.list_id}/"
                    f"{review.entity_id} is already reviewed at line {by_key[review.key]}",
                    "keep one of the two reviews",
                )
            )
        else:
            by_key[review.key] = line
    ids: dict[int, str] = {index: review.id for index, review in reviews}
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            ids[index] = entry["id"]
    first_line: dict[str, int] = {}
    for index in sorted(ids):
        line = parsed.line_of(("reviews", index, "id")) or 0
        if index in key_duplicates:  # already reported, and its id would only repeat that
            continue
        if ids[index] in first_line:
            problems.append(
                Problem(
                    filename,
                    line,
                    f"reviews[{index}].id: duplicate id {ids[index]!r} "
                    f"(first at line {first_line[ids[index]]})",
                    "give each review a unique id",
                )
            )
        else:
            first_line[ids[index]] = line
    return problems


# --- writing ---------------------------------------------------------------------------------


def _sort_key(review: Review) -> tuple[str, str, str, str, str]:
    return (review.list_id, review.entity_id, review.key[0], review.country or "", review.id)


def _fields_of(review: Review) -> list[tuple[str, str]]:
    """(key, YAML scalar) in file order; absent optional values are left out."""
    fields: list[tuple[str, str]] = [
        ("id", _scalar(review.id)),
        ("name", _quoted(review.name)),
    ]
    if review.country is not None:
        fields.append(("country", _scalar(review.country)))
    fields += [
        ("list", _scalar(review.list_id)),
        ("entity", _scalar(review.entity_id)),
        ("verdict", review.verdict),
        ("reviewer", _quoted(review.reviewer)),
        ("reason", _quoted(review.reason)),
        ("reviewed_on", review.reviewed_on.isoformat()),
    ]
    if review.expires is not None:
        fields.append(("expires", review.expires.isoformat()))
    return fields


def _scalar(value: str) -> str:
    """An id written plain when every YAML reader takes it as that same text, else quoted.

    "NO", "null" or "2026-01-01" would be read back as false, null or a date by other tools
    that load this file with ordinary YAML, so they are quoted.
    """
    if _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return _quoted(value)


# Escapes for characters that YAML does not allow raw in a double-quoted scalar, or that it
# would fold (line breaks).
_ESCAPES: Final = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\ufeff",
}


def _quoted(value: str) -> str:
    """A double-quoted YAML scalar: free text such as names and reasons is always quoted."""
    out = ['"']
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def _printable(char: str) -> bool:
    """YAML's printable set (spec §5.1), minus what ``_ESCAPES`` handles."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file beside ``path`` and rename it over ``path``.

    The temporary file is created with mode 0o666 so the umask applies as for any new file
    (mkstemp would make it 0o600, and the reviews file is shared through the repository); an
    existing file keeps its mode.
    """
    directory = path.parent
    temp = directory / f".{path.name}.{os.getpid()}.tmp"
    try:
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # left over from a crashed run of a process with this pid
            temp.unlink()
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise ReviewsError(
            [Problem(str(path), None, f"cannot write file: {exc.strerror}", "check the folder")]
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):  # a new file keeps the umask's mode
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ReviewsError(
                [Problem(str(path), None, f"cannot write file: {exc.strerror}")]
            ) from None
        raise
