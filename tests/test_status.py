"""One definition of "in force on a date", shared by lists, measures and clauses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from exportscreen.status import scheduled_changes_between, status_on


@dataclass
class P:
    status: str
    from_: date
    to: date | None = None
    by: str = ""


SUSPENSION = [P("suspended", date(2025, 11, 7), date(2026, 11, 10), "Ann. 70/2025")]


@pytest.mark.parametrize(
    ("on", "in_force", "reason"),
    [
        (date(2025, 11, 7), False, "suspended from 2025-11-07 until 2026-11-10 by Ann. 70/2025"),
        (date(2026, 11, 10), False, "suspended"),
        (date(2026, 11, 11), True, "in force since 2025-10-09"),
        (date(2025, 10, 8), False, "not yet in force"),
        (date(2025, 10, 9), True, "in force"),
    ],
)
def test_status_on(on: date, in_force: bool, reason: str) -> None:
    status = status_on(date(2025, 10, 9), SUSPENSION, on)
    assert status.in_force is in_force
    assert reason in status.reason


def test_absorbed_does_not_end_force_and_open_periods_do() -> None:
    periods = [P("absorbed", date(2024, 12, 1)), P("lifted", date(2025, 11, 10))]
    assert status_on(date(2023, 8, 1), periods, date(2025, 1, 1)).in_force
    assert not status_on(date(2023, 8, 1), periods, date(2030, 1, 1)).in_force


def test_scheduled_changes_between_review_and_screening() -> None:
    changes = scheduled_changes_between(
        date(2025, 10, 9), SUSPENSION, date(2026, 6, 30), date(2026, 11, 22)
    )
    assert changes == ["end of suspended period on 2026-11-10"]
    assert (
        scheduled_changes_between(
            date(2025, 10, 9), SUSPENSION, date(2026, 6, 30), date(2026, 7, 1)
        )
        == []
    )
