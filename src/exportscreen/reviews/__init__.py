"""Reviewers' recorded decisions on restricted-party hits, and how a screening applies them.

:mod:`exportscreen.reviews.model` is the collection and its matching rule,
:mod:`exportscreen.reviews.file` the YAML file they are kept in, and
:mod:`exportscreen.reviews.apply` the post-filter the decision stage runs over party findings.
"""

from exportscreen.reviews.model import (
    CONFIRMED,
    DEFAULT_REVIEWS_FILE,
    FALSE_POSITIVE,
    HEADER,
    VERDICTS,
    Review,
    Reviews,
    ReviewsError,
    normalise_name,
    review_id,
)

__all__ = [
    "CONFIRMED",
    "DEFAULT_REVIEWS_FILE",
    "FALSE_POSITIVE",
    "HEADER",
    "VERDICTS",
    "Review",
    "Reviews",
    "ReviewsError",
    "normalise_name",
    "review_id",
]
