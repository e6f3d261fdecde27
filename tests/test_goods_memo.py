"""The pipeline's goods memo gives the outcome GoodsEngine.classify gives, on every date.

The memo keys the date by its span between rule dates (pipeline/engine.py); these tests check
that span, and every other key field, against a fresh classification of the golden cases'
declarations moved to each rule date, the day before it and the day after.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from exportscreen.countries import parse_country
from exportscreen.declaration import parse_declaration
from exportscreen.model import Declaration
from exportscreen.pipeline import Engine
from exportscreen.pipeline.build import build_engine
from exportscreen.pipeline.engine import _rule_date_breaks
from exportscreen.ruleset.loader import builtin_rules_dir, load_rules
from exportscreen.ruleset.yamlload import load_yaml

CASES_DIR = Path(__file__).parent / "cases"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_engine(load_rules([builtin_rules_dir()]))


def _case_declarations() -> list[Declaration]:
    found: list[Declaration] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data: Any = load_yaml(path.read_text(encoding="utf-8")).data
        for case in data["cases"]:
            found.append(parse_declaration(case["declaration"], default_date=date(2025, 6, 1)))
    return found


def test_rule_dates_are_found(engine: Engine) -> None:
    breaks = _rule_date_breaks(engine.goods)
    # Dates written in the rules: Ann. 2025-57's effective date and the last suspended day of
    # Ann. 2024-46's clauses; each comes with the day after it.
    for day in (date(2025, 11, 8), date(2026, 11, 27)):
        assert day in breaks and day + timedelta(days=1) in breaks
    assert breaks == sorted(set(breaks))


def test_memo_equals_classification_on_every_date(engine: Engine) -> None:
    declarations = _case_declarations()
    assert len(declarations) > 50
    breaks = _rule_date_breaks(engine.goods)
    days = sorted({d + timedelta(days=k) for d in breaks for k in (-1, 0, 1)})
    days += [date(2000, 1, 1), date(2030, 6, 1)]
    memoised = Engine(engine.goods, engine.party_lists, engine.vocabulary)
    checked = 0
    for _ in range(2):  # the second pass answers from the memo
        for declaration in declarations:
            for day in days:
                moved = replace(declaration, date=day)
                assert memoised.classify_goods(moved) == engine.goods.classify(moved), (
                    moved,
                    day,
                )
                checked += 1
    assert checked == 2 * len(declarations) * len(days)


@pytest.mark.parametrize(
    "change",
    [
        {"end_use": "military"},
        {"end_user": "People's Liberation Army"},
        {"destination": parse_country("US")},
        {"consignee_country": parse_country("US")},
        {"hs_code": "7601100000"},
        {"spec": "gallium nitride"},
    ],
)
def test_every_key_field_counts(engine: Engine, change: dict[str, Any]) -> None:
    """A field classification reads changes the outcome through the memo as it does without it."""
    base = parse_declaration(
        {"description": "gallium metal ingots", "date": "2025-03-01"},
        default_date=date(2025, 3, 1),
    )
    changed = replace(base, **change)
    memoised = Engine(engine.goods, engine.party_lists, engine.vocabulary)
    assert memoised.classify_goods(base) == engine.goods.classify(base)
    assert memoised.classify_goods(changed) == engine.goods.classify(changed)
    assert engine.goods.classify(changed) != engine.goods.classify(base)


def test_memo_is_not_pickled(engine: Engine) -> None:
    memoised = Engine(engine.goods, engine.party_lists, engine.vocabulary)
    memoised.classify_goods(
        parse_declaration({"description": "gallium"}, default_date=date.today())
    )
    assert memoised._goods_memo.outcomes
    copy = pickle.loads(pickle.dumps(memoised))
    assert not copy._goods_memo.outcomes and copy._goods_memo.breaks is None


def test_memo_equals_classification_for_every_country_and_end_use(engine: Engine) -> None:
    """Countries a clause names and countries none names, end uses with and without a
    category, on either side of a measure's dates, in every combination."""
    countries = [None, *(parse_country(c) for c in ("US", "JP", "DE"))]
    uses = [("", ""), ("military", ""), ("", "People's Liberation Army"), ("civil", "Acme GmbH")]
    days = [date(2024, 12, 2), date(2025, 11, 9), date(2026, 11, 28)]
    memoised = Engine(engine.goods, engine.party_lists, engine.vocabulary)
    for declaration in _case_declarations():
        for destination in countries:
            for consignee_country in countries[:2]:
                for end_use, end_user in uses:
                    for day in days:
                        moved = replace(
                            declaration,
                            date=day,
                            destination=destination,
                            consignee_country=consignee_country,
                            end_use=end_use,
                            end_user=end_user,
                        )
                        assert memoised.classify_goods(moved) == engine.goods.classify(moved)
