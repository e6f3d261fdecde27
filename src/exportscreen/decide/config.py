"""What one screening run decides with, beside the compiled rules: kept out of the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from exportscreen.model import Decision
from exportscreen.reviews.model import Reviews


@dataclass(frozen=True, slots=True)
class RunConfig:
    """Per-run settings: party alert threshold, reviews and the day their expiry is judged on.

    ``review_day`` defaults to the day the config is made, that is the day of the run: a review
    that expired yesterday no longer clears a hit today, whatever was cached before.
    """

    threshold: float | None = None  # party alert threshold; None: the matcher's default
    reviews: Reviews | None = None
    review_day: date = field(default_factory=date.today)
    default_date: date | None = None  # the date of declarations that give none; None: today
    fail_on: str = "licence_required"

    def alert_threshold(self) -> float:
        if self.threshold is not None:
            return self.threshold
        from exportscreen.parties.matcher import DEFAULT_THRESHOLD  # the matcher only when used

        return DEFAULT_THRESHOLD


def exit_code(
    worst: Decision | None, fail_on: str, *, errors: bool = False, exit_zero: bool = False
) -> int:
    """The one exit-code policy: 1 when a decision reaches ``fail_on``; else 2 when some input
    could not be screened; else 0. ``exit_zero`` reports without failing."""
    if exit_zero:
        return 0
    if fail_on != "never" and worst is not None and worst.severity >= Decision(fail_on).severity:
        return 1
    return 2 if errors else 0
