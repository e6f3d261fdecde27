"""Whether a legal act is in force on a date, and whether our data may be stale for that date.

Control lists, measures, clauses and (later) party listings all answer "in force on D?" through
:func:`status_on`, so a suspension means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

OUT_OF_FORCE = frozenset({"suspended", "repealed", "lifted", "removed"})


class PeriodLike(Protocol):
    """Anything with a period's fields: the runtime :class:`Period` or the YAML schema's."""

    @property
    def status(self) -> str: ...
    @property
    def from_(self) -> date: ...
    @property
    def to(self) -> date | None: ...
    @property
    def by(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Period:
    """One period of an act's or listing's life: in force, suspended, lifted, ... from a date."""

    status: str
    from_: date
    to: date | None
    by: str


@dataclass(frozen=True, slots=True)
class StatusOn:
    """The status of one act on one date, with the reason in words."""

    in_force: bool
    reason: str
    period: PeriodLike | None = None


def status_on(effective: date, periods: Sequence[PeriodLike], on: date) -> StatusOn:
    """In force on ``on``: effective by then, and not suspended, repealed, lifted or removed.

    ``to`` is the last day of a period (inclusive); a period without ``to`` has no end.
    """
    if on < effective:
        return StatusOn(False, f"not yet in force (effective {effective.isoformat()})")
    for period in periods:
        if period.status in OUT_OF_FORCE and _covers(period, on):
            until = f" until {period.to.isoformat()}" if period.to else ""
            by = f" by {period.by}" if period.by else ""
            return StatusOn(
                False, f"{period.status} from {period.from_.isoformat()}{until}{by}", period
            )
    return StatusOn(True, f"in force since {effective.isoformat()}")


def _covers(period: PeriodLike, on: date) -> bool:
    return period.from_ <= on and (period.to is None or on <= period.to)


def scheduled_changes_between(
    effective: date, periods: Sequence[PeriodLike], after: date, until: date
) -> list[str]:
    """Scheduled status changes in (after, until]: the reviewed date and the date screened.

    When our data was last reviewed before such a change and the screening date is after it, the
    status we report is the scheduled one, which the authority may have changed in the meantime.
    """
    changes: list[str] = []
    if after < effective <= until:
        changes.append(f"entry into force on {effective.isoformat()}")
    for period in periods:
        if after < period.from_ <= until:
            changes.append(f"{period.status} from {period.from_.isoformat()}")
        if period.to is not None and after < period.to <= until:
            changes.append(f"end of {period.status} period on {period.to.isoformat()}")
    return changes
