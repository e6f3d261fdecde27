"""Reviewers' decisions on restricted-party hits, kept in a YAML file next to the manifests.

A CI gate is unusable if a hit that a person has looked at and cleared fails every build forever,
so reviewers record their decisions in ``exportscreen-reviews.yaml``, committed with the
manifests and reviewed like code. A decision is deliberately narrow: it covers one declared name
(exactly as declared, up to case, full/half width, punctuation and spacing), optionally in one
country, against one entry of one list. Nothing fuzzier: a review never clears a different name
that happens to score similarly, nor a different entry that the same name also hits.

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
    case folding, reading punctuation as a space and collapsing whitespace, and in no other way.
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

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Final

from exportscreen.countries import country_by_alpha2, find_country
from exportscreen.errors import ExportscreenError, Problem

DEFAULT_REVIEWS_FILE: Final = "exportscreen-reviews.yaml"
FALSE_POSITIVE: Final = "false_positive"
CONFIRMED: Final = "confirmed"
VERDICTS: Final = (FALSE_POSITIVE, CONFIRMED)

HEADER: Final = """\
# exportscreen reviews: decisions on restricted-party hits.
#
# Each review records what a person decided about one hit: a declared consignee or end-user
# name (as declared; case, width, punctuation and spacing do not matter) against one entry of
# one list. A false_positive review suppresses that hit, so a cleared name does not fail every
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
    """The form names are compared in: NFKC, case-folded, punctuation read as a space,
    whitespace collapsed. Nothing fuzzier: ``Lockheed Martin Ltd.`` is ``Lockheed Martin Ltd``,
    ``Lockheed Martin Co`` is another name.

    NFKC runs again after case folding because folding can produce text that is not in NFKC.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    spaced = "".join(" " if unicodedata.category(c).startswith("P") else c for c in folded)
    return " ".join(spaced.split())


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
        from exportscreen.reviews.file import parse_reviews  # the YAML reader: only when loading

        reviews, problems = parse_reviews(raw, filename)
        if problems:
            raise ReviewsError(problems)
        return cls(reviews, source=filename)

    def save(self, path: Path) -> None:
        """Write the reviews as YAML, atomically: readers see the old file or the new one."""
        from exportscreen.reviews.file import write_atomic

        write_atomic(path, self.to_yaml().encode("utf-8"))

    def to_yaml(self) -> str:
        """The file's text: the header, then every review in a fixed order and quoting."""
        from exportscreen.reviews.file import fields_of

        if not self._reviews:
            return HEADER + "reviews: []\n"
        lines = [HEADER.rstrip("\n"), "reviews:"]
        for review in self._reviews:
            fields = fields_of(review)
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
    ) -> Review | None:
        """The review of exactly this name (and country) against exactly this list entry.

        A review naming the declared country wins over one that names none, even when it has
        expired: the more specific decision is the one the reviewer meant for this case, and an
        expired review errs towards showing the hit. Whether it is in force on a day is
        :meth:`Review.active_on`'s answer, asked by the decision stage with the run's day.
        """
        normalised = normalise_name(name)
        if not normalised:
            return None
        review = None
        if country:
            review = self._by_key.get((normalised, country.upper(), list_id, entity_id))
        if review is None:
            review = self._by_key.get((normalised, None, list_id, entity_id))
        return review


# --- validation ------------------------------------------------------------------------------


def _check_review(review: Review) -> list[tuple[str, str, str]]:
    """(field, message, hint) for every invalid field of a constructed review."""
    problems: list[tuple[str, str, str]] = []

    def check(field: str, value: object) -> None:
        if not isinstance(value, str):
            problems.append((field, f"must be text, not {type(value).__name__}", ""))
            return
        problem = check_text(field, value)
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


def check_text(field: str, value: str) -> tuple[str, str] | None:
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


def _sort_key(review: Review) -> tuple[str, str, str, str, str]:
    return (review.list_id, review.entity_id, review.key[0], review.country or "", review.id)
